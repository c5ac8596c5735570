/**
 * Shared pieces of the bot's pure renderers: the translate function they receive, dates, relative due status,
 * keyboards from use-case buttons, and Telegram's length limit. Renderers never do I/O and never read the clock:
 * "today" comes with the outcome.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ActionButton, CallbackAction } from '../../app/bot/context.js';
import type { Evidence } from '../../app/bot/evidence.js';
import type { DueItemView, DueState, MemberRole } from '../../app/bot/store.js';
import type { WorkingCalendar } from '../../domain/deadline.js';

/** Translation bound to one locale (`ctx.t`, or `i18n.t` with the recipient's locale). */
export type Tr = (key: string, args?: Record<string, string | number>) => string;

/** What every renderer needs besides its model. */
export interface RenderContext {
  t: Tr;
  calendar: WorkingCalendar;
  /** Today in the service's zone, 'YYYY-MM-DD'. */
  today: string;
}

/** A message: text and, optionally, an inline keyboard. */
export interface Rendered {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

/** Telegram's limit for one text message. */
export const TEXT_LIMIT = 4096;

/** 'YYYY-MM-DD' → 'dd/MM/yyyy'. */
export function day(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m === null ? iso : `${m[3]}/${m[2]}/${m[1]}`;
}

/** Shortens text to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/** Cuts a message to Telegram's limit, keeping whole lines where possible. */
export function fit(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const nl = cut.lastIndexOf('\n');
  return `${nl > limit * 0.6 ? cut.slice(0, nl) : cut}…`;
}

/** Working days from `from` to `to` (positive when `to` is later), counting `to` but not `from`. */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  const [lo, hi] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  const d = new Date(`${lo}T00:00:00Z`);
  const end = new Date(`${hi}T00:00:00Z`).getTime();
  for (d.setUTCDate(d.getUTCDate() + 1); d.getTime() <= end; d.setUTCDate(d.getUTCDate() + 1)) {
    if (calendar.isWorkingDay(d.toISOString().slice(0, 10))) n += 1;
  }
  return sign * n;
}

/** True when the item is still chased and its due day has passed. */
export function isOverdue(item: Pick<DueItemView, 'state' | 'dueDate'>, today: string): boolean {
  return (item.state === 'open' || item.state === 'overdue' || item.state === 'extended') && item.dueDate !== null && item.dueDate < today;
}

/** "quá hạn 3 ngày làm việc" / "đến hạn hôm nay" / "còn 5 ngày làm việc" / the state when not chased. */
export function relativeStatus(item: Pick<DueItemView, 'state' | 'dueDate'>, ctx: RenderContext): string {
  if (item.state === 'pending_approval' || item.state === 'done' || item.state === 'waived' || item.state === 'waiting') {
    return stateLabel(item.state, ctx.t);
  }
  if (item.dueDate === null) return stateLabel('waiting', ctx.t);
  if (item.dueDate === ctx.today) return ctx.t('bot-rel-today');
  const days = workingDaysBetween(ctx.calendar, ctx.today, item.dueDate);
  if (item.dueDate < ctx.today) return ctx.t('bot-rel-overdue', { days: Math.max(1, -days) });
  return ctx.t('bot-rel-left', { days: Math.max(0, days) });
}

export function stateLabel(state: DueState, t: Tr): string {
  return t(`bot-state-${state.replace('_', '-')}`);
}

export function roleLabel(role: MemberRole, t: Tr): string {
  return t(`bot-role-${role}`);
}

/** "số 123/QĐ-UBND ngày 15/03/2024; tệp bao-cao.pdf". */
export function evidenceSummary(e: Evidence | null, t: Tr): string {
  if (e === null) return '—';
  const parts: string[] = [];
  if (e.documentNumber !== undefined) {
    parts.push(
      e.documentDate === undefined
        ? t('bot-evidence-number', { number: e.documentNumber })
        : t('bot-evidence-number-date', { number: e.documentNumber, date: day(e.documentDate) }),
    );
  } else if (e.documentDate !== undefined) {
    parts.push(t('bot-evidence-date', { date: day(e.documentDate) }));
  }
  if (e.fileName !== undefined) parts.push(t('bot-evidence-file', { file: e.fileName }));
  if (parts.length === 0 && e.text !== undefined) parts.push(shorten(e.text, 200));
  return parts.join('; ');
}

const BUTTON_KEYS: Record<CallbackAction, string> = {
  done: 'bot-btn-done',
  extend: 'bot-btn-extend',
  progress: 'bot-btn-progress',
  detail: 'bot-btn-detail',
  approve_done: 'bot-btn-approve',
  reject_done: 'bot-btn-reject-done',
  ext_approve: 'bot-btn-approve',
  ext_reject: 'bot-btn-reject',
  ext_counter: 'bot-btn-counter',
  event_pick: 'bot-btn-pick',
  manual_pick: 'bot-btn-pick',
  leave_confirm: 'bot-btn-leave-yes',
  leave_cancel: 'bot-btn-leave-no',
  revoke: 'bot-btn-revoke',
};

/** The label of a button; numbered buttons (lists) carry their index. */
export function buttonLabel(b: ActionButton, t: Tr): string {
  const key = BUTTON_KEYS[b.action];
  return b.index === undefined ? t(key) : t(`${key}-n`, { index: b.index });
}

/** An inline keyboard: one row per group of buttons. Returns undefined when there is no button. */
export function keyboard(rows: readonly (readonly ActionButton[])[], t: Tr): InlineKeyboardMarkup | undefined {
  const inline: InlineKeyboardButton[][] = rows
    .filter((r) => r.length > 0)
    .map((r) => r.map((b) => ({ text: buttonLabel(b, t), callback_data: b.token })));
  return inline.length === 0 ? undefined : { inline_keyboard: inline };
}

/** Splits buttons into rows of `size`. */
export function rowsOf<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
