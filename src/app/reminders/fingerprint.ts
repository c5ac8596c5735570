/**
 * Plan fingerprints: a short string naming everything `planReminders` reads for one due item — whether it is
 * chased, its due day and role, the chat ids of its recipients (in order: the order decides which audience a chat
 * that is both head and coordinator is addressed as), the reminder policy and the working calendar of the years
 * its ladder can reach. Equal fingerprints mean an equal desired plan, so a replan that finds the fingerprint it
 * stored last time writes nothing but the deletion of the item's replan mark.
 *
 * The fingerprint is stored in PostgreSQL beside the item (`due_items.plan_fingerprint`) in the transaction that
 * applies the plan, so it always describes rows that were written. Rows changed outside the planner (catch-up
 * moves a missed row, a blocked chat's rows are cancelled) are changes the planner must not undo anyway, or come
 * with a change of its inputs (the blocked chat leaves the recipients). To force a full replan of an item, set its
 * fingerprint to null and mark it (bump its revision).
 */
import { createHash } from 'node:crypto';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { CHASED_STATES, type Recipients, type ReminderPolicy } from '../../domain/reminders/plan.js';
import type { DueItemToPlan } from './store.js';

/** Bump when `planReminders` changes what it derives from the same inputs: every item is then planned in full. */
export const PLAN_FINGERPRINT_VERSION = 1;

/** The fingerprint of every item whose desired plan is empty, whatever else it has (not chased, no date, nobody to remind). */
export const EMPTY_PLAN_FINGERPRINT = 'empty';

const calendarYears = new WeakMap<WorkingCalendar, Map<number, string>>();

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/** The working days of `year` as a bit string (one character per day), kept per calendar. */
function calendarYear(calendar: WorkingCalendar, year: number): string {
  let years = calendarYears.get(calendar);
  if (!years) calendarYears.set(calendar, (years = new Map()));
  let fp = years.get(year);
  if (fp === undefined) {
    let bits = '';
    for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
      bits += calendar.isWorkingDay(new Date(t).toISOString().slice(0, 10)) ? '1' : '0';
    }
    fp = hash(bits);
    years.set(year, fp);
  }
  return fp;
}

/**
 * Computes fingerprints for one replan pass. The part shared by a unit's items in one year (recipients, policy,
 * calendar) is hashed once per (unit, province, due year); an item adds only its own fields to it.
 */
export class PlanFingerprints {
  readonly #calendar: WorkingCalendar;
  readonly #policy: string;
  readonly #shared = new Map<string, string>();

  constructor(calendar: WorkingCalendar, policy: ReminderPolicy) {
    this.#calendar = calendar;
    this.#policy = JSON.stringify([PLAN_FINGERPRINT_VERSION, policy]);
  }

  of(item: Pick<DueItemToPlan, 'state' | 'dueDate' | 'role' | 'unitId' | 'province'>, recipients: Recipients): string {
    if (!(CHASED_STATES as readonly string[]).includes(item.state) || !item.dueDate) return EMPTY_PLAN_FINGERPRINT;
    const shared = this.shared(item.unitId, item.province, Number(item.dueDate.slice(0, 4)), recipients);
    return shared === EMPTY_PLAN_FINGERPRINT ? shared : `${shared}|${item.dueDate}|${item.role === 'lead' ? 'l' : 's'}`;
  }

  /**
   * The part shared by the chased, dated items of a unit (in a province's plan) due in `year`: the whole
   * fingerprint is `<shared>|<due day>|<l or s>`, or {@link EMPTY_PLAN_FINGERPRINT} when the shared part is.
   * The PostgreSQL store composes the same string in SQL to mark unchanged items planned in one statement.
   */
  shared(unitId: number, province: string, year: number, recipients: Recipients): string {
    const { focal, unitChats, head, coordinator, leadership } = recipients;
    if (focal.length + unitChats.length + head.length + coordinator.length + leadership.length === 0) return EMPTY_PLAN_FINGERPRINT;
    const key = `${unitId}|${province}|${year}`;
    let shared = this.#shared.get(key);
    if (shared === undefined) {
      const chats = (list: Recipients['focal']) => list.map((r) => r.chatId).join(',');
      // The ladder reaches a few weeks either side of the due day: the neighbouring years' calendars count too.
      shared = hash(
        [
          this.#policy,
          calendarYear(this.#calendar, year - 1),
          calendarYear(this.#calendar, year),
          calendarYear(this.#calendar, year + 1),
          chats(focal),
          chats(unitChats),
          chats(head),
          chats(coordinator),
          chats(leadership),
        ].join('|'),
      );
      this.#shared.set(key, shared);
    }
    return shared;
  }
}
