/**
 * Deadline corpus score: `npm run bench:corpus`.
 *
 * Runs the real engine (parseDeadline + expandRule over the row's plan year) on every phrase of
 * tests/golden/corpus/corpus.jsonl and compares with the hand annotation. "right" is defined in
 * tests/golden/corpus/README.md and computed by tests/golden/corpus/score.ts (the golden test uses the same). Reports right / wrong / unparsed overall, by category, for the tuning part and
 * the held-back part (tests/golden/corpus/holdout.json), and lists the rows of the tuning part that are not right.
 * Held-back rows are only counted, never listed: the grammar must not be tuned on them (issue #11).
 */
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { loadCorpus, loadHoldout } from '../tests/golden/corpus/corpus.js';
import { scoreRow, type Verdict } from '../tests/golden/corpus/score.js';

const calendar = loadWorkingCalendar();

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
  const { verdict, detail } = scoreRow(row, calendar);
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
