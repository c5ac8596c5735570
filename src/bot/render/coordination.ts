/**
 * `/sukien`, `/dathan`, `/duyet`, `/tongquan`, `/baocao` (pure).
 */
import type {
  ApprovalsOutcome,
  BeginEventOutcome,
  BeginManualOutcome,
  EventTypesOutcome,
  ManualDateOutcome,
  ManualTasksOutcome,
  OverviewOutcome,
  RecordEventOutcome,
} from '../../app/bot/coordination.js';
import type { WaitingEventType } from '../../app/bot/store.js';
import { day, evidenceSummary, fit, keyboard, rowsOf, shorten, type Rendered, type Tr } from './common.js';
import { optionalKeyboard } from './items.js';
import { renderRefused } from './onboarding.js';
import { renderDateFailure } from './work.js';

function eventName(t: Pick<WaitingEventType, 'eventText' | 'slug'>): string {
  return t.eventText ?? t.slug;
}

function eventLines(types: readonly WaitingEventType[], t: Tr): string[] {
  return types.map((e, i) => t('bot-events-line', { index: i + 1, event: eventName(e), items: e.items, tasks: e.tasks, slug: e.slug }));
}

export function renderEventTypes(outcome: EventTypesOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  if (outcome.types.length === 0) return { text: t('bot-events-none') };
  const lines = [t('bot-events-title'), ...eventLines(outcome.types, t), t('bot-events-hint')];
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard(rowsOf(outcome.buttons, 5), t)) };
}

export function renderBeginEvent(outcome: BeginEventOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  return { text: t('bot-prompt-event', { event: outcome.eventText ?? outcome.slug }) };
}

export function renderRecordEvent(outcome: RecordEventOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'usage':
      return { text: fit([t('bot-events-usage'), ...eventLines(outcome.types, t)].join('\n')) };
    case 'unknown_event':
      return { text: fit([t('bot-events-unknown', { ref: outcome.ref }), ...eventLines(outcome.types, t)].join('\n')) };
    case 'event_date_missing':
      return { text: t('bot-event-date-missing') };
    case 'event_recorded': {
      if (outcome.duplicate) return { text: t('bot-event-duplicate', { event: outcome.eventText ?? outcome.slug, date: day(outcome.date) }) };
      const lines = [
        t('bot-event-recorded', {
          event: outcome.eventText ?? outcome.slug,
          date: day(outcome.date),
          reference: outcome.reference ?? '—',
          count: outcome.dated,
        }),
      ];
      for (const s of outcome.sample) lines.push(t('bot-event-item', { number: s.taskNumber, title: shorten(s.taskTitle, 120), date: day(s.dueDate) }));
      if (outcome.dated + outcome.created > outcome.sample.length) lines.push(t('bot-list-more', { count: outcome.dated + outcome.created - outcome.sample.length }));
      if (outcome.created > 0) lines.push(t('bot-event-repeated', { count: outcome.created }));
      if (outcome.undated > 0) lines.push(t('bot-event-undated', { count: outcome.undated }));
      return { text: fit(lines.join('\n')) };
    }
  }
}

export function renderManualTasks(outcome: ManualTasksOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  if (outcome.tasks.length === 0) return { text: t('bot-manual-none') };
  const lines = [t('bot-manual-title')];
  outcome.tasks.forEach((task, i) =>
    lines.push(t('bot-manual-line', { index: i + 1, number: task.taskNumber, title: shorten(task.taskTitle, 160), plan: shorten(task.planTitle, 80), items: task.items })),
  );
  return { text: fit(lines.join('\n')), ...optionalKeyboard(keyboard(rowsOf(outcome.buttons, 5), t)) };
}

export function renderBeginManual(outcome: BeginManualOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  return { text: t('bot-prompt-manual', { number: outcome.task.taskNumber, title: shorten(outcome.task.taskTitle, 300) }) };
}

export function renderManualDate(outcome: ManualDateOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'not_found':
      return { text: t('bot-item-not-found') };
    case 'date_invalid':
      return { text: renderDateFailure(outcome.reason, t) };
    case 'manual_dated':
      return { text: t('bot-manual-done', { number: outcome.task.taskNumber, date: day(outcome.nominalDue), count: outcome.dated }) };
  }
}

export function renderApprovals(outcome: ApprovalsOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  const { completions, extensions } = outcome.pending;
  if (completions.length + extensions.length === 0) return { text: t('bot-approvals-none') };
  const lines = [t('bot-approvals-title', { count: completions.length + extensions.length })];
  completions.forEach((item, i) =>
    lines.push(
      t('bot-approvals-done-line', {
        index: i + 1,
        unit: item.unitName,
        number: item.taskNumber,
        title: shorten(item.taskTitle, 120),
        evidence: evidenceSummary(item.evidence, t),
      }),
    ),
  );
  extensions.forEach((e, i) =>
    lines.push(
      t('bot-approvals-ext-line', {
        index: completions.length + i + 1,
        unit: e.item.unitName,
        number: e.item.taskNumber,
        title: shorten(e.item.taskTitle, 120),
        due: day(e.item.dueDate),
        proposed: day(e.proposedDate),
        reason: shorten(e.reason, 200),
      }),
    ),
  );
  return {
    text: fit(lines.join('\n')),
    ...optionalKeyboard(keyboard([...outcome.completionButtons, ...outcome.extensionButtons], t)),
  };
}

export function renderOverview(outcome: OverviewOutcome, t: Tr): Rendered {
  if (outcome.kind === 'refused') return renderRefused(outcome, t);
  const o = outcome.overview;
  const n = (s: string) => o.byState[s] ?? 0;
  const lines = [
    t('bot-overview-title', { province: outcome.province, date: day(outcome.today) }),
    t('bot-overview-chased', { open: n('open') + n('overdue') + n('extended'), overdue: o.overdue, next7: o.dueNext7 }),
    t('bot-overview-other', { done: n('done'), pending: n('pending_approval'), waiting: n('waiting'), extensions: o.pendingExtensions }),
  ];
  if (o.topOverdueUnits.length > 0) {
    lines.push(t('bot-overview-top'));
    o.topOverdueUnits.forEach((u, i) => lines.push(t('bot-overview-top-line', { rank: i + 1, unit: u.unitName, count: u.count })));
  }
  return { text: fit(lines.join('\n')) };
}
