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
import { createExpansionCache, expandRule, MAX_DEADLINE_CHARS, parseDeadline, type DeadlineRule } from '../src/domain/deadline.js';
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

if (process.argv.includes('--long')) {
  runLong();
  process.exit(0);
}

/**
 * `npm run bench:deadline -- --long` (issue #16.1): the time of one `parseDeadline` call on long cells, 100 to
 * {@link MAX_DEADLINE_CHARS} characters, made of grammar pieces and noise in a fixed pseudo-random order (the same
 * phrases on every run). Reports the median and the 99th percentile per phrase, overall and per length band, and
 * one phrase just over the cap. Target: p99 ≤ 5 ms per phrase up to the cap.
 */
function runLong(): void {
  const pieces = [
    'năm ', 'ngày 5 ', 'báo cáo định kỳ hàng tháng ', 'abc; ', '1 ', 'abc ngày 5/6 ', '1 (a ', 'năm năm hai ngày ',
    'Quý I/2024, ', 'trước tháng 7 và tháng 11/2024; ', 'theo yêu cầu ', '05 ngày kể từ ngày công bố ', 'sau khi ',
    'từ tháng 1 ', 'tháng 6 hàng năm ', 'thường xuyên ', 'các năm tiếp theo ', '<b>a</b> ', '&amp; ', 'quý ii ',
    'hai mươi ngày ', 'gia hạn ', 'x', '- ', '. ', '\n', 'QĐ số 12/QĐ-UBND ', 'Xây dựng kế hoạch ', 'Hoàn thành ',
  ];
  let state = 16_001;
  const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const PHRASES = 3000;
  const phrases: string[] = [];
  for (let k = 0; k < PHRASES; k++) {
    const length = 100 + Math.floor(random() * (MAX_DEADLINE_CHARS - 99));
    const unit = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]!).join('');
    phrases.push(unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  }
  const period = { from: '2024-01-01', to: '2024-12-31' };
  for (const p of phrases.slice(0, 300)) parseDeadline(p, period); // warm-up
  // Wall time counts the moments another process held the core; CPU time (this thread's) does not.
  const times: Array<{ length: number; ms: number; cpuMs: number }> = [];
  for (const p of phrases) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    parseDeadline(p, period);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push({ length: p.length, ms, cpuMs: (c.user + c.system) / 1000 });
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
  const line = (name: string, ts: typeof times) => {
    const wall = ts.map((t) => t.ms);
    const cpu = ts.map((t) => t.cpuMs);
    console.log(
      `${name.padEnd(16)} ${String(ts.length).padStart(5)} phrases  wall median ${median(wall).toFixed(3)} ms, p99 ${pct(wall, 0.99).toFixed(3)} ms` +
        `  |  CPU median ${median(cpu).toFixed(3)} ms, p99 ${pct(cpu, 0.99).toFixed(3)} ms`,
    );
  };
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}), one parse per phrase, target p99 ≤ 5 ms`);
  line('all (100–2000)', times);
  for (const [lo, hi] of [[100, 500], [501, 1000], [1001, 1500], [1501, 2000]] as const) {
    line(`${lo}–${hi} chars`, times.filter((t) => t.length >= lo && t.length <= hi));
  }
  const over = 'x '.repeat(600_000);
  const t0 = performance.now();
  parseDeadline(over, period);
  console.log(`1.2 MB cell (over the cap, refused as too long): ${(performance.now() - t0).toFixed(3)} ms`);
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
