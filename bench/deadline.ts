/**
 * Deadline engine benchmark: `npm run bench:deadline`.
 *
 * 1. Parse throughput over the seed phrases (every deadline cell of the four seed plans, with their plan periods).
 * 2. Expansion throughput: every seed plan × 60 units × 5 plan years (2024–2028). Rules are parsed once per plan
 *    year (as an import stores them). "uncached": every unit's expansion is recomputed — the only memos are pure
 *    per-value ones (ISO string of a day number, per-year holiday tables, the month table of a report set).
 *    "cached": the same run with `createExpansionCache()`, so units 2–60 of a plan reuse unit 1's expansion of the
 *    same rule object over the same period (a real scheduler sees exactly this: one plan, many units).
 *
 * Each measurement runs several times after a warm-up; medians are reported, both per wall-clock second and per
 * CPU second of this process (the second is what one core delivers when the machine is shared). Single thread.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { DEFAULT_SEED_DIR, extractSeedDeadlineCells } from '../scripts/extract-seed-deadlines.js';
import { createExpansionCache, expandRule, parseDeadline, type DeadlineRule } from '../src/domain/deadline.js';
import { median } from './stats.js';

const RUNS = 7;
const UNITS = 60;
const YEARS = [2024, 2025, 2026, 2027, 2028];

/** Runs `work` RUNS + 1 times (the first is a warm-up); returns medians of count per wall second and per CPU second. */
function measure(work: () => number): { wall: number; cpu: number; count: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let count = 0;
  for (let run = 0; run <= RUNS; run++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    count = work();
    const dt = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (run === 0) continue;
    wall.push(count / dt);
    cpu.push(count / ((c.user + c.system) / 1e6));
  }
  return { wall: median(wall), cpu: median(cpu), count };
}

if (!existsSync(DEFAULT_SEED_DIR)) {
  console.error(`Không tìm thấy thư mục seeds: ${DEFAULT_SEED_DIR}`);
  process.exit(1);
}
const cells = extractSeedDeadlineCells();
const calendar = loadWorkingCalendar();
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

const PARSE_ROUNDS = 500;
const parse = measure(() => {
  let n = 0;
  for (let r = 0; r < PARSE_ROUNDS; r++) {
    for (const c of cells) {
      parseDeadline(c.text, c.period);
      n++;
    }
  }
  return n;
});

const plans = new Map<string, typeof cells>();
for (const c of cells) plans.set(c.seed, [...(plans.get(c.seed) ?? []), c]);
const perYear = YEARS.map((y) => {
  const period = { from: `${y}-01-01`, to: `${y}-12-31` };
  const planRules: DeadlineRule[][] = [...plans.values()].map((planCells) => planCells.map((c) => parseDeadline(c.text, period)));
  return { period, planRules };
});
const expandAll = (useCache: boolean) => () => {
  let n = 0;
  const cache = useCache ? createExpansionCache() : undefined;
  for (const { period, planRules } of perYear) {
    for (const rules of planRules) {
      for (let unit = 0; unit < UNITS; unit++) {
        for (const rule of rules) n += expandRule(rule, { periodStart: period.from, periodEnd: period.to, calendar, cache }).length;
      }
    }
  }
  return n;
};
const uncached = measure(expandAll(false));
const cached = measure(expandAll(true));

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}), ${RUNS} runs after a warm-up, medians`);
console.log(`parse:             ${fmt(parse.wall)} phrases/s wall, ${fmt(parse.cpu)} phrases/s CPU  (${cells.length} seed cells × ${PARSE_ROUNDS} per run)  target ≥ 100,000`);
console.log(`expand (uncached): ${fmt(uncached.wall)} occurrences/s wall, ${fmt(uncached.cpu)} occurrences/s CPU  (${plans.size} plans, ${cells.length} cells × ${UNITS} units × ${YEARS.length} years = ${fmt(uncached.count)} occurrences per run)  target ≥ 1,000,000`);
console.log(`expand (cached):   ${fmt(cached.wall)} occurrences/s wall, ${fmt(cached.cpu)} occurrences/s CPU  (createExpansionCache: units 2–60 reuse unit 1's expansion)`);
