/**
 * E-mail subjects (pure: message model + translator → text), Vietnamese first: the task label and the due date
 * for what concerns one item, the kind of message otherwise.
 */
import type { Translate } from '../../i18n/translator.js';
import { formatDay } from '../reminders/render.js';
import type { ReminderMessageModel } from '../reminders/store.js';

export function renderSubject(model: Pick<ReminderMessageModel, 'kind' | 'locale' | 'item' | 'lateItems' | 'possibleDuplicate'>, t: Translate): string {
  const L = model.locale;
  let subject: string;
  if (model.item) {
    const key = model.kind === 'escalation' ? 'mail-subject-escalation' : 'mail-subject-reminder';
    subject = t(L, key, { task: model.item.taskNumber, due: model.item.dueDate ? formatDay(model.item.dueDate) : '—', unit: model.item.unitName });
  } else if (model.kind === 'late_notice') subject = t(L, 'mail-subject-late', { count: model.lateItems.length });
  else if (model.kind === 'digest') subject = t(L, 'mail-subject-digest');
  else subject = t(L, 'mail-subject-notice');
  return model.possibleDuplicate ? `${subject} ${t(L, 'mail-subject-duplicate')}` : subject;
}
