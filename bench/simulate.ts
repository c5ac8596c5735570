/**
 * `npm run bench:simulate`: how long `nhacviec simulate` takes, and its peak memory.
 *
 * A fresh PostgreSQL database gets the shipped Nghệ An directory (communes included) and the Thái Nguyên one; the
 * seed plans are imported and published there (not timed). Then each case is simulated BENCH_RUNS times, each run
 * in a child process of its own (bench/simulate-run.ts) so its peak RSS is its own; the wall time is that of the
 * simulation alone (reading the plan + simulating), not of the child's start-up.
 *
 *   seed 000   Nghệ An 2024, the year 2024                       (new)
 *   seed 003   Nghệ An 2012–2015, the four years                 (new)
 *   seed 001   Thái Nguyên 2024, BENCH_OLD_PERIOD (default Q1)   (old and new side by side, alternating; their
 *              results must be identical, and the ratio is given)
 *
 * BENCH_BASELINE_DIR: an earlier source tree of this repository (`git archive <commit> | tar -x -C dir`, then link
 * node_modules into it): its in-memory simulation runs beside the new one, alternating, for the cases in
 * BENCH_BASELINE_CASES (default 000), with the ratio and a check that both give the same result.
 * BENCH_DIST=1 (the default) also runs each in-memory case from the built dist/ of this tree (and of the baseline
 * tree, whose dist/ must be built), without tsx, as `nhacviec simulate` runs (bench/simulate-run-dist.js): tsx's
 * loader thread and transpiled sources add about 50 MB of RSS; BENCH_TSX=0 runs only those. BENCH_HEAP_POLICY=0
 * runs the new code without the command's heap policy (src/infra/heap.ts). BENCH_OLD=0 skips the old implementation. PostgreSQL: TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/
 * postgres). Seeds: ../shared/seeds (BENCH_SEEDS_DIR to override).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { loadUnitDirectory } from '../config/units/load.js';
import { createDeadlineAdapter } from '../src/app/deadline-adapter.js';
import { importPlan } from '../src/app/plan-import.js';
import { publishPlan } from '../src/app/plan-publish.js';
import { planPortsOn } from '../src/plan-wiring.js';
import { saveDirectory } from '../src/db/unit-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { median, releaseBenchDatabase } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Which cases run: any of 000, 003, 001 (comma-separated). */
const CASES = new Set((process.env.BENCH_CASES ?? '000,003,001').split(','));
const OLD = process.env.BENCH_OLD !== '0';
const DIST = process.env.BENCH_DIST !== '0';
/** BENCH_TSX=0: only the dist/ runs (a quicker check of one case). */
const TSX = process.env.BENCH_TSX !== '0';
/** Cases also run by the baseline tree at BENCH_BASELINE_DIR (default 000 when it is set). */
const BASELINE = new Set(process.env.BENCH_BASELINE_DIR ? (process.env.BENCH_BASELINE_CASES ?? '000').split(',') : []);
const OLD_PERIOD = (process.env.BENCH_OLD_PERIOD ?? '2024-01-01..2024-03-31').split('..') as [string, string];
const seedsDir = process.env.BENCH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../shared/seeds');
const root = path.resolve(import.meta.dirname, '..');

interface Run {
  impl: string;
  ms: number;
  cpuMs: number;
  rssMb: number;
  dueItems: number;
  events: number;
  byKind: Record<string, number>;
  sha256: string;
}

async function publishSeed(db: TestDatabase, file: string, province: string): Promise<number> {
  const calendar = loadWorkingCalendar();
  const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
  const clock = new ManualClock('2011-12-28T03:00:00Z');
  const imported = await importPlan(planPortsOn(db), clock, { file: path.join(seedsDir, file), province, deadline, actor: 'bench' });
  const planId = imported.review.plan.id!;
  const published = await publishPlan(planPortsOn(db), clock, { planId, acceptProblems: true, deadline, actor: 'bench' });
  if (published.status !== 'published') throw new Error(`publish ${file}: ${published.status}`);
  return planId;
}

type Impl = 'new' | 'old' | 'baseline' | 'dist' | 'baseline-dist';

function runOnce(impl: Impl, url: string, planId: number, from: string, to: string): Run {
  const args =
    impl === 'dist' || impl === 'baseline-dist'
      ? [path.join(root, 'bench/simulate-run-dist.js'), impl === 'dist' ? root : process.env.BENCH_BASELINE_DIR!, url, String(planId), from, to]
      : ['--import', 'tsx', path.join(root, 'bench/simulate-run.ts'), impl, url, String(planId), from, to];
  const out = execFileSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

function line(name: string, runs: Run[]): string {
  const ms = median(runs.map((r) => r.ms));
  const rss = median(runs.map((r) => r.rssMb));
  const cpu = median(runs.map((r) => r.cpuMs ?? NaN));
  return `${name.padEnd(40)} ${String(runs[0]!.dueItems).padStart(6)} ${String(runs[0]!.events).padStart(8)}  ${(ms / 1000).toFixed(2).padStart(8)} s  ${String(rss).padStart(5)} MB  cpu ${(cpu / 1000).toFixed(1)} s   (${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s; ${runs.map((r) => r.rssMb).join(', ')} MB)`;
}

async function main(): Promise<void> {
  if (!existsSync(seedsDir)) throw new Error(`seeds not found at ${seedsDir} (set BENCH_SEEDS_DIR)`);
  const db = await createTestDatabase('bench_simulate');
  try {
    process.stderr.write(`importing and publishing seeds ${[...CASES].join(', ')}…\n`);
    await db.db.transaction((tx) => saveDirectory(tx, loadUnitDirectory('nghe-an')).then(() => undefined));
    await db.db.transaction((tx) => saveDirectory(tx, loadUnitDirectory('thai-nguyen')).then(() => undefined));
    const na2024 = CASES.has('000') ? await publishSeed(db, '000_432df6ecbf3908af.txt', 'nghe-an') : 0;
    const na2012 = CASES.has('003') ? await publishSeed(db, '003_001395ffea9caab6.txt', 'nghe-an') : 0;
    const tn2024 = CASES.has('001') ? await publishSeed(db, '001_1ea7e064e5fb4bfa.txt', 'thai-nguyen') : 0;
    // Each line is printed as soon as its case is done: a long case cut short leaves the others on record.
    const lines: string[] = [];
    const print = (text: string) => {
      lines.push(text);
      process.stdout.write(`${text}\n`);
    };
    print(`Simulate (Node ${process.version}); 1-min load average at start: ${loadavg()[0]!.toFixed(2)}`);
    print(`case                               items   events      median     RSS   (all runs; runs: ${RUNS})`);
    // With a baseline tree, its runs alternate with the new ones (same load), and both must give the same result.
    const inMemory = (label: string, planId: number, from: string, to: string, withBaseline: boolean) => {
      // Each variant's runs alternate with the others' (same load); all must give the same result.
      const variants: [string, Impl][] = [
        ...(withBaseline ? ([['baseline, tsx', 'baseline']] as [string, Impl][]) : []),
        ...(TSX ? ([['new, tsx', 'new']] as [string, Impl][]) : []),
        ...(DIST && withBaseline ? ([['baseline, dist', 'baseline-dist']] as [string, Impl][]) : []),
        ...(DIST ? ([['new, dist', 'dist']] as [string, Impl][]) : []),
      ];
      const runs = new Map<Impl, Run[]>(variants.map(([, impl]) => [impl, []]));
      for (let r = 0; r < RUNS; r++) for (const [, impl] of variants) runs.get(impl)!.push(runOnce(impl, db.url, planId, from, to));
      for (const [name, impl] of variants) print(`${line(`${label} (${name})`, runs.get(impl)!)}   load ${loadavg()[0]!.toFixed(2)}`);
      const same = new Set([...runs.values()].flat().map((r) => r.sha256)).size === 1;
      print(`results ${same ? 'identical (same sha256)' : 'DIFFER'}`);
      if (!same) process.exitCode = 1;
      for (const [base, next, how] of [['baseline', 'new', 'tsx'], ['baseline-dist', 'dist', 'dist']] as [Impl, Impl, string][]) {
        const b = runs.get(base);
        const n = runs.get(next);
        if (!b || !n) continue;
        const ratio = median(b.map((r) => r.ms)) / median(n.map((r) => r.ms));
        const rss = median(b.map((r) => r.rssMb)) / median(n.map((r) => r.rssMb));
        print(`baseline / new (${how}): wall ${ratio.toFixed(2)}×, peak RSS ${median(b.map((r) => r.rssMb))} → ${median(n.map((r) => r.rssMb))} MB (${rss.toFixed(2)}×)`);
      }
    };
    if (CASES.has('000')) inMemory('seed 000, 2024', na2024, '2024-01-01', '2024-12-31', BASELINE.has('000'));
    if (CASES.has('003')) inMemory('seed 003, 2012–2015', na2012, '2012-01-01', '2015-12-31', BASELINE.has('003'));
    if (OLD && CASES.has('001')) {
      const [from, to] = OLD_PERIOD;
      const oldRuns: Run[] = [];
      const newRuns: Run[] = [];
      for (let r = 0; r < RUNS; r++) {
        oldRuns.push(runOnce('old', db.url, tn2024, from, to));
        newRuns.push(runOnce('new', db.url, tn2024, from, to));
      }
      print(line(`seed 001, ${from}..${to} (old)`, oldRuns));
      print(line(`seed 001, ${from}..${to} (new)`, newRuns));
      const same = new Set([...oldRuns, ...newRuns].map((r) => r.sha256)).size === 1;
      const ratio = median(oldRuns.map((r) => r.ms)) / median(newRuns.map((r) => r.ms));
      print(`old / new: ${ratio.toFixed(0)}× faster; results ${same ? 'identical (same sha256)' : 'DIFFER'}   load ${loadavg()[0]!.toFixed(2)}`);
      if (!same) process.exitCode = 1;
    }
  } finally {
    await releaseBenchDatabase(db);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:simulate failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
