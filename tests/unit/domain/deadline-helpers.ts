/** Shared helpers for the deadline engine tests. */
import { loadWorkingCalendar } from '../../../config/holidays/load.js';
import {
  expandRule,
  parseDeadline,
  type DeadlinePart,
  type DeadlinePolicy,
  type EventRecord,
  type Occurrence,
} from '../../../src/domain/deadline.js';

export const calendar = loadWorkingCalendar();

export function period(from: number | string, to?: number | string): { from: string; to: string } {
  const f = typeof from === 'number' ? `${from}-01-01` : from;
  const t = to === undefined ? (typeof from === 'number' ? `${from}-12-31` : from) : typeof to === 'number' ? `${to}-12-31` : to;
  return { from: f, to: t };
}

/** Parses in a plan period and expands over it. */
export function run(
  text: string,
  year: number | { from: string; to: string } = 2024,
  opts: { policy?: DeadlinePolicy; events?: EventRecord[] } = {},
): { parts: DeadlinePart[]; occurrences: Occurrence[]; unparsed: { text: string; reason: string }[] } {
  const p = typeof year === 'number' ? period(year) : year;
  const rule = parseDeadline(text, p);
  const occurrences = expandRule(rule, { periodStart: p.from, periodEnd: p.to, calendar, ...opts });
  return { parts: rule.parts, occurrences, unparsed: rule.unparsed };
}

/** Nominal due dates of a phrase in a plan year. */
export function nominal(text: string, year: number | { from: string; to: string } = 2024): string[] {
  return run(text, year).occurrences.map((o) => o.nominalDue);
}

/** Part kinds of a phrase. */
export function kinds(text: string, year: number | { from: string; to: string } = 2024): string[] {
  return parseDeadline(text, typeof year === 'number' ? period(year) : year).parts.map((p) => p.kind);
}
