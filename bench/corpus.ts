/**
 * Deadline corpus score: `npm run bench:corpus`.
 *
 * Runs the real engine (parseDeadline + expandRule over the row's plan year) on every phrase of
 * tests/golden/corpus/corpus.jsonl and compares with the hand annotation. "right" is defined in
 * tests/golden/corpus/README.md. Reports right / wrong / unparsed overall, by category, for the tuning part and
 * the held-back part (tests/golden/corpus/holdout.json), and lists the rows of the tuning part that are not right.
 * Held-back rows are only counted, never listed: the grammar must not be tuned on them (issue #11).
 */
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { expandRule, parseDeadline } from '../src/domain/deadline.js';
import { loadCorpus, loadHoldout, type CorpusRow } from '../tests/golden/corpus/corpus.js';

type Verdict = 'right' | 'wrong' | 'unparsed';

const calendar = loadWorkingCalendar();

/** Scores one row; `detail` says what the engine produced when it is not right. */
function score(row: CorpusRow): { verdict: Verdict; detail: string } {
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
  const detail = `dates=[${dates.join(',')}]${dated && dates.length === 0 ? ' (a date outside the plan year)' : ''} events=[${events.map((e) => `${e.event}+${e.offset ? `${e.offset.amount}${e.offset.unit}` : '?'}`).join(',')}] unparsed=${rule.unparsed.length}`;
  const readings = [row.expect, ...(row.alternatives ?? [])];
  const matches = readings.some((exp) => {
    if (exp.kind === 'no_date') return occ.length === 0 && events.length === 0 && !dated;
    if (exp.kind === 'dates') return events.length === 0 && dates.join() === [...exp.dates].sort().join();
    return events.length === 1 && events[0]!.offset?.amount === exp.offset.amount && events[0]!.offset.unit === exp.offset.unit;
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

const rows = loadCorpus();
const holdout = new Set(loadHoldout().ids);
const tally = new Map<string, Record<Verdict, number>>();
const bump = (key: string, v: Verdict) => {
  const t = tally.get(key) ?? { right: 0, wrong: 0, unparsed: 0 };
  t[v]++;
  tally.set(key, t);
};
const wrong: string[] = [];
for (const row of rows) {
  const { verdict, detail } = score(row);
  const part = holdout.has(row.id) ? 'held-back' : 'tuning';
  for (const key of ['all', part, `category ${row.category}`, `source ${row.sourceKind}`]) bump(key, verdict);
  if (verdict !== 'right' && part === 'tuning') wrong.push(`${verdict.padEnd(8)} ${row.id} [${row.category}] ${JSON.stringify(row.text)} → ${detail}`);
}
console.log(`Deadline corpus: ${rows.length} phrases, ${holdout.size} held back (${new Date().toISOString().slice(0, 10)})`);
console.log('| part | n | right | wrong | unparsed |\n|---|---|---|---|---|');
for (const [key, t] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
  const n = t.right + t.wrong + t.unparsed;
  console.log(`| ${key} | ${n} | ${t.right} (${Math.round((100 * t.right) / n)}%) | ${t.wrong} | ${t.unparsed} |`);
}
console.log('\nNot right (tuning part only; held-back rows are counted above, never listed):');
for (const line of wrong) console.log(`  ${line}`);
