/**
 * Reminder texts (pure: message model + translator → text). Every word comes from the Fluent catalogs.
 */
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { memoize } from '../../domain/memo.js';
import { supportInternalDueDay, workingDaysBetween } from '../../domain/reminders/plan.js';
import type { Translate } from '../../i18n/translator.js';
import type { ReminderMessageModel } from './store.js';

/** Telegram's limit for one text message. */
export const TELEGRAM_TEXT_LIMIT = 4096;

const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const formatDay = memoize((iso: string): string => {
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.toFormat('dd/LL/yyyy') : iso;
});

/** 1 (Monday) … 7, or 0 for an unreadable day. */
const isoWeekday = memoize((iso: string): number => {
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.weekday : 0;
});

function weekday(iso: string, locale: string): string {
  return (locale === 'en' ? WEEKDAYS_EN : WEEKDAYS_VI)[isoWeekday(iso) - 1] ?? '';
}

/** 'dd/LL' of an instant in a zone (escalation histories); the key is `zone|instant`. */
const dayMonthIn = memoize((key: string): string => {
  const bar = key.indexOf('|');
  return DateTime.fromISO(key.slice(bar + 1)).setZone(key.slice(0, bar)).toFormat('dd/LL');
});

export interface RenderContext {
  t: Translate;
  calendar: WorkingCalendar;
  /** Today in the service's zone ('YYYY-MM-DD'). */
  today: string;
  zone: string;
  /** The policy's `supportLeadDays`: a support unit's internal due day (see supportInternalDueDay). */
  supportLeadDays: number;
}

/** The text of a reminder, nudge, escalation or late notice; `notice` rows carry their text in the payload. */
export function renderReminder(model: ReminderMessageModel, ctx: RenderContext, noticeText?: string): string {
  const { t } = ctx;
  const L = model.locale;
  const lines: string[] = [];
  if (model.kind === 'notice') return truncate(noticeText ?? '');
  if (model.kind === 'late_notice') {
    lines.push(t(L, 'late-header', { count: model.lateItems.length }));
    for (const i of model.lateItems) {
      lines.push(
        t(L, 'late-item', {
          number: i.taskNumber,
          title: shorten(i.taskTitle, 120),
          date: i.dueDate ? formatDay(i.dueDate) : '—',
          status: i.dueDate ? dueStatus(i.dueDate, ctx, L) : '—',
        }),
      );
    }
    return truncate(lines.join('\n'));
  }
  const item = model.item;
  if (!item) return truncate(noticeText ?? '');
  const overdueDays = item.dueDate ? Math.max(0, workingDaysBetween(ctx.calendar, item.dueDate, ctx.today)) : 0;
  if (model.kind === 'escalation') lines.push(t(L, 'escalation-header', { days: overdueDays, unit: item.unitName }));
  else if (model.kind === 'nudge') lines.push(t(L, 'nudge-header', { unit: item.unitName }));
  else lines.push(t(L, 'reminder-header', { unit: item.unitName }));
  lines.push(t(L, 'task-line', { number: item.taskNumber, title: shorten(item.taskTitle, 600) }));
  lines.push(t(L, 'plan-line', { plan: shorten(item.planTitle, 200) }));
  if (item.occurrenceLabel) lines.push(t(L, 'duty-line', { label: item.occurrenceLabel }));
  if (item.dueDate) {
    lines.push(`${t(L, 'due-line', { date: formatDay(item.dueDate), weekday: weekday(item.dueDate, L) })} — ${dueStatus(item.dueDate, ctx, L)}`);
  }
  if (item.role === 'support') {
    lines.push(supportLine(item, ctx, L));
  } else {
    lines.push(t(L, 'role-lead'));
    if (item.supportMissing.length > 0) lines.push(t(L, 'support-missing', { units: item.supportMissing.join(', ') }));
  }
  if (model.kind === 'escalation') {
    lines.push(t(L, 'escalation-unit-line', { unit: item.unitName }));
    lines.push(
      model.history.length > 0
        ? t(L, 'escalation-history', {
            history: model.history.map((h) => `${dayMonthIn(`${ctx.zone}|${h.sentAt}`)} (${t(L, `audience-${h.audience}`)})`).join(', '),
          })
        : t(L, 'escalation-history-none'),
    );
  }
  if (model.late) lines.push(t(L, 'late-single-note'));
  if (model.possibleDuplicate) lines.push(t(L, 'duplicate-note'));
  return truncate(lines.join('\n'));
}

/** A support unit's role: its internal due day, by the same rule its reminders are timed by, and the lead's. */
function supportLine(item: NonNullable<ReminderMessageModel['item']>, ctx: RenderContext, locale: string): string {
  const lead = item.leadDueDate ?? item.dueDate;
  if (!item.dueDate || !lead) return ctx.t(locale, 'role-support-undated');
  const internal = supportInternalDueDay(item.dueDate, ctx.calendar, ctx.supportLeadDays);
  if (internal >= lead) return ctx.t(locale, 'role-support-same', { lead: formatDay(lead) });
  return ctx.t(locale, 'role-support', { internal: formatDay(internal), days: workingDaysBetween(ctx.calendar, internal, lead), lead: formatDay(lead) });
}

function dueStatus(dueDate: string, ctx: RenderContext, locale: string): string {
  const days = workingDaysBetween(ctx.calendar, ctx.today, dueDate);
  if (ctx.today === dueDate) return ctx.t(locale, 'due-today');
  if (days >= 0 && ctx.today < dueDate) return ctx.t(locale, 'due-in', { days });
  return ctx.t(locale, 'due-overdue', { days: Math.abs(days) });
}

/** Memoized per limit: every message of a task shortens the same title. */
const shortened = new Map<number, (text: string) => string>();

function shorten(text: string, max: number): string {
  let fn = shortened.get(max);
  if (!fn) {
    fn = memoize((t: string) => {
      const clean = t.replace(/\s+/g, ' ').trim();
      return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
    }, 2000);
    shortened.set(max, fn);
  }
  return fn(text);
}

function truncate(text: string): string {
  return text.length <= TELEGRAM_TEXT_LIMIT ? text : `${text.slice(0, TELEGRAM_TEXT_LIMIT - 1)}…`;
}
