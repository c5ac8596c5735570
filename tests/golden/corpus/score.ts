/**
 * The corpus scorer: what "right", "wrong" and "unparsed" mean (README.md beside this file, "Right").
 * Shared by `npm run bench:corpus` and the corpus golden test (tests/golden/corpus-score.test.ts), so the number in
 * BENCHMARKS.md and the guard in CI are the same computation.
 */
import { expandRule, parseDeadline, type WorkingCalendar } from '../../../src/domain/deadline.js';
import type { EventPart } from '../../../src/domain/grammar/types.js';
import type { CorpusExpectation, CorpusRow } from './corpus.js';

export type Verdict = 'right' | 'wrong' | 'unparsed';

/** Words of an event slug ("nhan-duoc-ho-so" → ["nhan", "duoc", "ho", "so"]). Leading "ngày" and "có" are not part
 *  of the name: "ngày X" is the day of X ("sau ngày báo cáo" = after the reporting day, "kể từ ngày nhận được …"),
 *  "ngày có quyết định" the day of the decision. The engine drops the same words from its slugs (`eventSlug`). */
function slugWords(slug: string): string[] {
  const words = slug.split('-').filter((w) => w !== '');
  let k = 0;
  while (k < words.length - 1 && (words[k] === 'ngay' || words[k] === 'co')) k++;
  return words.slice(k);
}

/** True when every word of `needle` occurs in `hay`, in order (gaps allowed). */
function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const w of hay) if (i < needle.length && w === needle[i]) i++;
  return i === needle.length;
}

/**
 * Does the engine's event name the annotated event? The annotated slug is made of the event's words as written in
 * the phrase. The two slugs must begin with the same word, and the words of one must occur in order in the other:
 * the engine may carry more words (the clause after the event: a naming blemish, not another event) or stop early
 * (at a comma inside the event, "hồ sơ dự án, dự thảo"), but never name a different event. The shorter slug must
 * have at least two words, so a bare "ngay" or "nhan" never matches.
 */
export function sameEvent(annotated: string, read: string): boolean {
  const a = slugWords(annotated);
  const r = slugWords(read);
  if (a.length === 0 || r.length === 0 || a[0] !== r[0]) return false;
  if (Math.min(a.length, r.length) < 2) return a.join('-') === r.join('-');
  return isSubsequence(a, r) || isSubsequence(r, a);
}

/** Does one event part match one annotated event reading (name, amount, unit and sign)? */
export function eventMatches(exp: Extract<CorpusExpectation, { kind: 'event' }>, part: EventPart): boolean {
  return (
    part.offset !== null &&
    part.offset.amount === exp.offset.amount &&
    part.offset.unit === exp.offset.unit &&
    (part.before === true) === (exp.before === true) &&
    sameEvent(exp.event, part.event)
  );
}

/** Scores one row; `detail` says what the engine produced. */
export function scoreRow(row: CorpusRow, calendar: WorkingCalendar): { verdict: Verdict; detail: string } {
  const from = `${row.planYear}-01-01`;
  const to = `${row.planYear}-12-31`;
  const rule = parseDeadline(row.text, { from, to });
  // The annotation lists the due dates that fall inside the plan year, whichever period a report is on ("trước
  // ngày 10/01 năm sau" in 2024 = 09/01/2024, the report on 2023). The engine files a report under the period it
  // reports on (README §3), so the expansion starts a year early and only dates inside the plan year are compared.
  const occ = expandRule(rule, { periodStart: `${row.planYear - 1}-01-01`, periodEnd: to, calendar }).filter(
    (o) => o.nominalDue >= from && o.nominalDue <= to,
  );
  const dates = [...new Set(occ.map((o) => o.nominalDue))].sort();
  const events = rule.parts.flatMap((p) => (p.kind === 'event' ? [p] : []));
  // A date or window read outside the plan year is still a date claimed: it never counts as "no date".
  const dated = rule.parts.some((p) => p.kind === 'date' || p.kind === 'window');
  const eventText = (e: EventPart) =>
    `${e.event}${e.offset ? `${e.before ? '-' : '+'}${e.offset.amount}${e.offset.unit}` : '?'}`;
  const detail = `dates=[${dates.join(',')}]${dated && dates.length === 0 ? ' (a date outside the plan year)' : ''} events=[${events.map(eventText).join(',')}] unparsed=${rule.unparsed.length}`;
  const readings = [row.expect, ...(row.alternatives ?? [])];
  const matches = readings.some((exp) => {
    if (exp.kind === 'no_date') return occ.length === 0 && events.length === 0 && !dated;
    if (exp.kind === 'dates') return events.length === 0 && dates.join() === [...exp.dates].sort().join();
    return events.length === 1 && eventMatches(exp, events[0]!);
  });
  if (matches) return { verdict: 'right', detail };
  if (occ.length > 0 && events.length === 0 && occ.every((o) => o.flags?.includes('day_from_policy'))) {
    // Every date is the policy's default day (flagged day_from_policy, shown as such to the coordinator).
    return { verdict: 'wrong', detail: `${detail} (policy default day only)` };
  }
  // Nothing dated and no event read: the engine declined (unparsed). Anything else is a wrong reading.
  if (occ.length === 0 && events.length === 0 && !dated) return { verdict: 'unparsed', detail };
  return { verdict: 'wrong', detail };
}
