/**
 * `npm run bench:import`: import + publish every seed plan into a province of 21 departments, 21 district-level
 * units and 460 communes (Nghệ An's 2024 departments and districts, plus generated communes), on a fresh
 * PostgreSQL database per run. Prints the median of RUNS runs per seed and in all.
 *
 * PostgreSQL: TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres); a database is created and
 * dropped per run. Seeds: ../shared/seeds (BENCH_SEEDS_DIR to override).
 *
 * BENCH_ALL_PROVINCES=1 first loads every shipped directory (the 34 provinces with their 3,321 communes of
 * 2025-07-01, plus the three pre-2025 files) into each database, outside the timings, as a deployment holding the
 * whole country would have it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { listShippedProvinces, loadUnitDirectory } from '../config/units/load.js';
import { benchDirectory } from './bench-province.js';
import { createDeadlineAdapter } from '../src/app/deadline-adapter.js';
import { importPlan } from '../src/app/plan-import.js';
import { publishPlan } from '../src/app/plan-publish.js';
import { planPortsOn } from '../src/plan-wiring.js';
import { saveDirectory } from '../src/db/unit-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { median } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const seedsDir = process.env.BENCH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../shared/seeds');
const SEEDS = ['000_432df6ecbf3908af.txt', '001_1ea7e064e5fb4bfa.txt', '002_591ff2b9d60f55ba.txt', '003_001395ffea9caab6.txt'];
const ALL_PROVINCES = process.env.BENCH_ALL_PROVINCES === '1';

interface Sample {
  importMs: number;
  publishMs: number;
  insertMs: number;
  assignments: number;
  dueItems: number;
}

async function runOnce(deadline: ReturnType<typeof createDeadlineAdapter>): Promise<Record<string, Sample>> {
  const db = await createTestDatabase('bench_import');
  const clock = new ManualClock('2024-01-08T02:00:00Z');
  const out: Record<string, Sample> = {};
  try {
    if (ALL_PROVINCES)
      for (const p of listShippedProvinces()) await db.db.transaction((tx) => saveDirectory(tx, loadUnitDirectory(p)).then(() => undefined));
    for (const [k, seed] of SEEDS.entries()) {
      const slug = `bench-${k}`;
      await db.db.transaction((tx) => saveDirectory(tx, benchDirectory(slug)).then(() => undefined));
      const t0 = performance.now();
      const imported = await importPlan(planPortsOn(db), clock, { file: path.join(seedsDir, seed), province: slug, deadline, actor: 'bench' });
      const t1 = performance.now();
      let insertStart = 0;
      const published = await publishPlan(planPortsOn(db), clock, {
        planId: imported.review.plan.id!,
        acceptProblems: true,
        deadline,
        actor: 'bench',
        onProgress: (stage) => {
          if (stage === 'ghi phân công' && insertStart === 0) insertStart = performance.now();
        },
      });
      const t2 = performance.now();
      if (published.status !== 'published') throw new Error(`${seed}: publish ${published.status}`);
      out[seed] = {
        importMs: t1 - t0,
        publishMs: t2 - t1,
        insertMs: t2 - insertStart,
        assignments: published.assignments.created,
        dueItems: published.dueItems.created,
      };
    }
  } finally {
    await db.drop();
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(seedsDir)) throw new Error(`seeds not found at ${seedsDir} (set BENCH_SEEDS_DIR)`);
  const deadline = createDeadlineAdapter({ calendar: loadWorkingCalendar() });
  const runs: Record<string, Sample>[] = [];
  await runOnce(deadline); // warm-up (JIT, connections)
  for (let r = 0; r < RUNS; r++) runs.push(await runOnce(deadline));
  const rows: string[] = [];
  const fmt = (n: number) => n.toFixed(0).padStart(7);
  rows.push(`seed                        import ms  publish ms  insert ms  assignments  due items  rows/s (insert)`);
  let totals = { importMs: [] as number[], publishMs: [] as number[], insertMs: [] as number[], rows: 0 };
  for (const seed of SEEDS) {
    const s = runs.map((r) => r[seed]!);
    const rowsN = s[0]!.assignments + s[0]!.dueItems;
    const ins = median(s.map((x) => x.insertMs));
    rows.push(
      `${seed.padEnd(27)} ${fmt(median(s.map((x) => x.importMs)))}  ${fmt(median(s.map((x) => x.publishMs)))}    ${fmt(ins)}  ${String(s[0]!.assignments).padStart(11)}  ${String(s[0]!.dueItems).padStart(9)}  ${fmt((rowsN / ins) * 1000)}`,
    );
  }
  const sum = (f: (x: Sample) => number) => runs.map((r) => SEEDS.reduce((a, seed) => a + f(r[seed]!), 0));
  totals = { importMs: sum((x) => x.importMs), publishMs: sum((x) => x.publishMs), insertMs: sum((x) => x.insertMs), rows: SEEDS.reduce((a, s) => a + runs[0]![s]!.assignments + runs[0]![s]!.dueItems, 0) };
  rows.push(
    `${'all four'.padEnd(27)} ${fmt(median(totals.importMs))}  ${fmt(median(totals.publishMs))}    ${fmt(median(totals.insertMs))}  ${String(totals.rows).padStart(22)}  ${fmt((totals.rows / median(totals.insertMs)) * 1000)}`,
  );
  const loaded = ALL_PROVINCES ? `, all ${listShippedProvinces().length} shipped provinces loaded` : '';
  process.stdout.write(`Plan import + publish, median of ${RUNS} runs (Node ${process.version}${loaded}):\n${rows.join('\n')}\n`);
  process.stdout.write(`end-to-end publish throughput: ${fmt((totals.rows / median(totals.publishMs)) * 1000)} rows/s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:import failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
