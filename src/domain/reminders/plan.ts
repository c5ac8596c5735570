/**
 * Reminder planning (pure): from one due item, its recipients, the working calendar and the reminder policy,
 * the exact set of reminder rows that should exist. The store diffs this set against what it has, so planning
 * is idempotent and a change to a due item replans exactly the affected rows.
 */
import { DateTime } from 'luxon';
import { isoToDayNumber } from '../calendar/iso-date.js';
import { dayNumberCalendar, type WorkingCalendar } from '../calendar/working-calendar.js';

/** Reminder policy (config; overridable per province and per plan). */
export interface ReminderPolicy {
  /** Working days relative to the due day (negative = before). Default -7, -3, -1, 0, 1, 3, 7. */
  ladder: readonly number[];
  /** Overdue working days from which the unit head is added. Default 3. */
  escalateHeadFrom: number;
  /** Overdue working days from which the coordinator and leadership are added. Default 7. */
  escalateLeadershipFrom: number;
  /** Local send time 'HH:mm'. Default '08:00'. */
  sendTime: string;
  /** IANA zone. Default 'Asia/Ho_Chi_Minh'. */
  zone: string;
  /** A support unit's internal due day, in working days before the lead's due day. Default 5. */
  supportLeadDays: number;
  /** Follow-up nudges to focal points who have not acknowledged a reminder. Default true. */
  nudges: boolean;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  ladder: [-7, -3, -1, 0, 1, 3, 7],
  escalateHeadFrom: 3,
  escalateLeadershipFrom: 7,
  sendTime: '08:00',
  zone: 'Asia/Ho_Chi_Minh',
  supportLeadDays: 5,
  nudges: true,
};

/** States in which a due item is chased. */
export const CHASED_STATES = ['open', 'overdue', 'extended'] as const;
export type DueItemState = 'waiting' | 'open' | 'overdue' | 'extended' | 'pending_approval' | 'done' | 'waived';

export interface PlanDueItem {
  id: number;
  /** The due day reminders aim at ('YYYY-MM-DD'); null while the item waits for an event or a date. */
  dueDate: string | null;
  state: DueItemState;
  role: 'lead' | 'support';
}

export type Audience = 'focal' | 'unit_chat' | 'head' | 'coordinator' | 'leadership';

export interface Recipient {
  /** Telegram chat id (decimal string: ids exceed 2^53 in principle and are negative for groups). */
  chatId: string;
  personId?: number;
}

export interface Recipients {
  /** The unit's focal points (private chats). */
  focal: readonly Recipient[];
  /** Group chats bound to the unit: the fallback when no focal point is reachable. */
  unitChats: readonly Recipient[];
  head: readonly Recipient[];
  coordinator: readonly Recipient[];
  leadership: readonly Recipient[];
}

export type PlannedKind = 'reminder' | 'nudge' | 'escalation';

export interface PlannedReminder {
  dueItemId: number;
  kind: PlannedKind;
  /** Ladder offset as a signed label ('-7', '0', '+3'); nudges: '<offset>n'. */
  step: string;
  /** Working days relative to the due day. */
  offset: number;
  audience: Audience;
  recipientChatId: string;
  /** The send instant (ISO, with offset). */
  plannedAt: string;
  /** The local day of the send. */
  day: string;
  /** (due item, kind, step, recipient): what makes planning idempotent. */
  dedupeKey: string;
}

export function stepLabel(offset: number): string {
  return offset > 0 ? `+${offset}` : String(offset);
}

export function reminderDedupeKey(dueItemId: number, kind: string, step: string, chatId: string): string {
  return `${dueItemId}|${kind}|${step}|${chatId}`;
}

/**
 * A support unit's internal due day: `supportLeadDays` working days before the last working day on or before the
 * lead's due day, so the lead has the support's part in time (the lead's due day itself when 0). The one rule for
 * the reminders' timing, the reminder text and the simulator.
 */
export function supportInternalDueDay(leadDueDate: string, calendar: WorkingCalendar, supportLeadDays: number): string {
  const target = calendar.previousWorkingDayOnOrBefore(leadDueDate);
  return supportLeadDays > 0 ? calendar.addWorkingDays(target, -supportLeadDays) : target;
}

/** The day reminders aim at: the last working day on or before the due day; support units N working days earlier. */
export function reminderTargetDay(item: Pick<PlanDueItem, 'dueDate' | 'role'>, calendar: WorkingCalendar, policy: ReminderPolicy): string | null {
  if (!item.dueDate) return null;
  if (item.role === 'support') return supportInternalDueDay(item.dueDate, calendar, policy.supportLeadDays);
  return calendar.previousWorkingDayOnOrBefore(item.dueDate);
}

/**
 * Send instants already computed, by zone, send time and day. Resolving a zone with luxon costs tens of
 * microseconds and a replan asks for about a dozen instants per item, almost all of them for the same few hundred
 * days; the answer for a (zone, time, day) never changes, so it is kept (bounded: cleared when full).
 */
const sendInstants = new Map<string, string>();
const SEND_INSTANTS_MAX = 100_000;

/** The instant of `sendTime` on a local day. */
export function sendInstant(day: string, policy: Pick<ReminderPolicy, 'sendTime' | 'zone'>): string {
  const key = `${policy.zone}|${policy.sendTime}|${day}`;
  const known = sendInstants.get(key);
  if (known !== undefined) return known;
  const [h, m] = policy.sendTime.split(':').map(Number);
  const dt = DateTime.fromISO(day, { zone: policy.zone }).set({ hour: h ?? 8, minute: m ?? 0, second: 0, millisecond: 0 });
  const instant = dt.toISO({ suppressMilliseconds: true }) ?? `${day}T${policy.sendTime}:00+07:00`;
  if (sendInstants.size >= SEND_INSTANTS_MAX) sendInstants.clear();
  sendInstants.set(key, instant);
  return instant;
}

/**
 * Every reminder row that should exist for `item`. Nothing for items that are not chased (done, waived, waiting,
 * awaiting approval) or have no date. Each step goes out on a working day at the send time; escalation adds the
 * head and then the coordinator and leadership as the item gets later; a chat is addressed once per step.
 */
export function planReminders(
  item: PlanDueItem,
  recipients: Recipients,
  calendar: WorkingCalendar,
  policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
): PlannedReminder[] {
  if (!(CHASED_STATES as readonly string[]).includes(item.state)) return [];
  // Nobody to remind (a unit nobody has joined yet, in a province without coordinator or leadership): no rows.
  const { focal, unitChats, head, coordinator, leadership } = recipients;
  if (focal.length + unitChats.length + head.length + coordinator.length + leadership.length === 0) return [];
  const target = reminderTargetDay(item, calendar, policy);
  if (!target) return [];
  const ladder = [...new Set(policy.ladder)].sort((a, b) => a - b);
  const primary: { audience: Audience; list: readonly Recipient[] } =
    recipients.focal.length > 0 ? { audience: 'focal', list: recipients.focal } : { audience: 'unit_chat', list: recipients.unitChats };
  const out: PlannedReminder[] = [];
  const stepDays = ladder.map((offset) => calendar.addWorkingDays(target, offset));

  ladder.forEach((offset, i) => {
    const day = stepDays[i]!;
    const plannedAt = sendInstant(day, policy);
    const step = stepLabel(offset);
    const seen = new Set<string>();
    const add = (kind: PlannedKind, audience: Audience, r: Recipient) => {
      if (seen.has(r.chatId)) return;
      seen.add(r.chatId);
      out.push({ dueItemId: item.id, kind, step, offset, audience, recipientChatId: r.chatId, plannedAt, day, dedupeKey: reminderDedupeKey(item.id, kind, step, r.chatId) });
    };
    // Escalations first, so a chat that is both focal point and head gets the escalation, which says more.
    if (offset >= policy.escalateLeadershipFrom && offset > 0) {
      for (const r of recipients.coordinator) add('escalation', 'coordinator', r);
      for (const r of recipients.leadership) add('escalation', 'leadership', r);
    }
    if (offset >= policy.escalateHeadFrom && offset > 0) for (const r of recipients.head) add('escalation', 'head', r);
    for (const r of primary.list) add('reminder', primary.audience, r);

    // A nudge on the next working day, for focal points who have not acknowledged this step, unless the next
    // step falls on that day anyway. The sender skips it when the reminder was acknowledged.
    if (policy.nudges && primary.audience === 'focal') {
      const nudgeDay = calendar.addWorkingDays(day, 1);
      const nextStepDay = stepDays[i + 1];
      if (nextStepDay !== undefined && nudgeDay < nextStepDay) {
        const nudgeAt = sendInstant(nudgeDay, policy);
        for (const r of primary.list) {
          const nstep = `${step}n`;
          out.push({
            dueItemId: item.id,
            kind: 'nudge',
            step: nstep,
            offset,
            audience: 'focal',
            recipientChatId: r.chatId,
            plannedAt: nudgeAt,
            day: nudgeDay,
            dedupeKey: reminderDedupeKey(item.id, 'nudge', nstep, r.chatId),
          });
        }
      }
    }
  });
  return out.sort((a, b) => (a.plannedAt < b.plannedAt ? -1 : a.plannedAt > b.plannedAt ? 1 : a.dedupeKey < b.dedupeKey ? -1 : 1));
}

/** A row as the store has it. */
export interface ExistingReminder {
  id: number;
  dedupeKey: string;
  status: 'planned' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'unknown' | 'skipped';
  plannedAt: string;
}

export interface ReminderPlanDiff {
  insert: PlannedReminder[];
  /** Planned (or cancelled) rows whose time changed or that come back: set to planned at the new time. */
  reschedule: { id: number; plannedAt: string }[];
  /** Planned rows that should no longer exist. */
  cancel: number[];
}

/**
 * What to change so the store holds `desired`. Rows already sent, failed, skipped or in flight are history and
 * are never touched; only `planned` rows are cancelled or moved, and `cancelled` rows may come back.
 */
export function diffReminderPlan(existing: readonly ExistingReminder[], desired: readonly PlannedReminder[]): ReminderPlanDiff {
  const byKey = new Map(existing.map((e) => [e.dedupeKey, e]));
  const wanted = new Set(desired.map((d) => d.dedupeKey));
  const diff: ReminderPlanDiff = { insert: [], reschedule: [], cancel: [] };
  for (const d of desired) {
    const e = byKey.get(d.dedupeKey);
    if (!e) diff.insert.push(d);
    else if ((e.status === 'planned' || e.status === 'cancelled') && (e.status === 'cancelled' || !sameInstant(e.plannedAt, d.plannedAt)))
      diff.reschedule.push({ id: e.id, plannedAt: d.plannedAt });
  }
  for (const e of existing) if (e.status === 'planned' && !wanted.has(e.dedupeKey)) diff.cancel.push(e.id);
  return diff;
}

/** Both are ISO instants with an offset or Z (what planning and the store write), which `Date.parse` reads exactly. */
function sameInstant(a: string, b: string): boolean {
  return a === b || Date.parse(a) === Date.parse(b);
}

/**
 * Working days from `from` to `to`: the number of working days d with from < d ≤ to, negative when `to` is
 * earlier. 0 when both fall on the same day or only non-working days lie between.
 */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  if (from === to) return 0;
  const fast = dayNumberCalendar(calendar);
  const a = isoToDayNumber(from);
  const b = isoToDayNumber(to);
  const [lo, hi, sign] = b > a ? [a, b, 1] : [b, a, -1];
  let n = 0;
  for (let d = lo + 1; d <= hi; d++) if (fast.isWorking(d)) n++;
  return sign * n;
}

/**
 * The earliest instant at or after `now` when a message may go out: now, if it is a working day within working
 * hours; otherwise the send time of the next working day. Late notices, resends and digests use it, so nothing
 * reaches anyone at night, on a weekend or on a holiday.
 */
export function nextSendWindow(
  now: Date,
  calendar: WorkingCalendar,
  policy: Pick<ReminderPolicy, 'sendTime' | 'zone'> & { workingHours: { start: string; end: string } },
): Date {
  const local = DateTime.fromJSDate(now, { zone: policy.zone });
  const day = local.toISODate()!;
  const hhmm = local.toFormat('HH:mm');
  if (calendar.isWorkingDay(day) && hhmm >= policy.workingHours.start && hhmm < policy.workingHours.end) return now;
  const next = calendar.isWorkingDay(day) && hhmm < policy.workingHours.start ? day : calendar.addWorkingDays(day, 1);
  const at = new Date(sendInstant(next, policy));
  return at.getTime() < now.getTime() ? now : at;
}
