/**
 * Dates typed in chat ("30/6/2024", "ngày 15 tháng 7", "cuối tháng 8"), read by the deadline engine, and the
 * service's "today". Pure: `now` is passed in.
 */
import { DateTime } from 'luxon';
import {
  DEFAULT_DEADLINE_POLICY,
  expandRule,
  parseDeadline,
  type DatePart,
  type DeadlinePolicy,
  type DeadlineRule,
  type WindowPart,
  type WorkingCalendar,
} from '../../domain/deadline.js';

/** A day read from chat: the day as written and the day reminders aim at (after the working-day adjustment). */
export interface ReadDate {
  /** The last permissible day as written, 'YYYY-MM-DD'. */
  nominalDue: string;
  /** After the plan policy's working-day adjustment. */
  dueDate: string;
  /** End of `dueDate` in the zone (ISO with offset). */
  dueAt: string;
  /** The engine's reading ("hết ngày 30/06/2024"). */
  basis: string;
}

/** Why a date could not be used. */
export type ReadDateFailure = 'unreadable' | 'not_a_day' | 'in_past';

/** Options of {@link readDate}. */
export interface ReadDateOptions {
  /** Today in the service's zone, 'YYYY-MM-DD'. */
  today: string;
  calendar: WorkingCalendar;
  zone: string;
  /** Default `DEFAULT_DEADLINE_POLICY`. */
  policy?: DeadlinePolicy;
  /** Accept days before today (event dates lie in the past). Default false. */
  allowPast?: boolean;
}

/**
 * Reads one day from a Vietnamese date phrase. A phrase without a year takes this year, or next year when that
 * day has already passed (a proposed deadline is in the future). Windows count by their last day.
 */
export function readDate(text: string, options: ReadDateOptions): { ok: true; date: ReadDate } | { ok: false; reason: ReadDateFailure } {
  const year = Number(options.today.slice(0, 4));
  const first = readIn(text, year, options);
  if (first === null) return { ok: false, reason: 'unreadable' };
  if (first === 'not_a_day') return { ok: false, reason: 'not_a_day' };
  let date = first.date;
  if (!options.allowPast && date.nominalDue < options.today && !first.yearWritten) {
    const next = readIn(text, year + 1, options);
    if (next !== null && next !== 'not_a_day') date = next.date;
  }
  if (!options.allowPast && date.nominalDue < options.today) return { ok: false, reason: 'in_past' };
  return { ok: true, date };
}

function readIn(
  text: string,
  year: number,
  options: ReadDateOptions,
): { date: ReadDate; yearWritten: boolean } | 'not_a_day' | null {
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const rule = parseDeadline(text, period);
  const part = rule.parts.find((p): p is DatePart | WindowPart => p.kind === 'date' || p.kind === 'window');
  if (part === undefined) return rule.parts.length > 0 ? 'not_a_day' : null;
  const single: DeadlineRule = { ...rule, parts: [part], unparsed: [] };
  const pointYear = part.kind === 'date' ? part.point.year : part.to.year;
  const y = pointYear ?? year;
  const occurrences = expandRule(single, {
    periodStart: `${Math.min(y, year)}-01-01`,
    periodEnd: `${Math.max(y, year)}-12-31`,
    zone: options.zone,
    calendar: options.calendar,
    policy: options.policy ?? DEFAULT_DEADLINE_POLICY,
  });
  const o = occurrences[occurrences.length - 1];
  if (o === undefined) return 'not_a_day';
  return {
    date: { nominalDue: o.nominalDue, dueDate: o.due, dueAt: o.dueAt, basis: o.basis },
    yearWritten: part.yearSource !== 'context',
  };
}

/** The calendar day of `now` in `zone`, 'YYYY-MM-DD'. */
export function todayIn(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/** `iso` plus `days` calendar days. */
export function plusDays(iso: string, days: number): string {
  return DateTime.fromISO(iso, { zone: 'UTC' }).plus({ days }).toISODate() ?? iso;
}

/** Reads a stored day ('YYYY-MM-DD') through the engine, to get its working-day adjustment and due instant. */
export function readIsoDate(iso: string, options: Omit<ReadDateOptions, 'allowPast'>): ReadDate | null {
  const [y, m, d] = iso.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return null;
  const read = readDate(`${d}/${m}/${y}`, { ...options, allowPast: true });
  return read.ok ? read.date : null;
}
