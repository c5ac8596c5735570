/**
 * One timed simulation, in a process of its own so that its peak RSS is its own (bench/simulate.ts runs it).
 *
 *   tsx bench/simulate-run.ts <new|old|baseline> <database url> <plan id> <from> <to>
 *
 * new  the in-memory simulation as `nhacviec simulate` runs it: the plan read from PostgreSQL, then simulated in
 *      memory (src/app/simulate.ts); no PNG charts (the preview shows texts only).
 * old  the implementation it replaced, kept in bench/legacy, as the old command ran it: a scratch copy of the
 *      database, then the pipeline driven over PostgreSQL day by day, PNG charts rendered.
 * baseline  an earlier in-memory version, from the source tree at BENCH_BASELINE_DIR (e.g. `git archive <commit>`
 *      extracted, with node_modules linked), run like `new`.
 * Prints one JSON line: wall ms, peak RSS (MB), events and a sha256 of the result (old and new must agree).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createConfig } from '../config/env.js';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { simulatePlan, type SimulationEvent } from '../src/app/simulate.js';
import { createDatabase } from '../src/db/client.js';
import { loadPlanSnapshot } from '../src/db/memory-world-loader.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTranslator } from '../src/i18n/translator.js';
import { limitHeapGrowth } from '../src/infra/heap.js';
import { silentLogger } from '../src/infra/logger.js';
import type { simulatePlan as SimulatePlanOld } from './legacy/simulate-postgres.js';

async function main(): Promise<void> {
  const [impl, url, plan, from, to] = process.argv.slice(2);
  if (!impl || !url || !plan || !from || !to) throw new Error('usage: simulate-run.ts <new|old|baseline> <url> <plan> <from> <to>');
  const config = createConfig({});
  const common = {
    clock: new ManualClock(`${from}T00:00:00+07:00`),
    calendar: loadWorkingCalendar(),
    policy: reminderPolicyFromConfig(config),
    workingHours: config.domain.workingHours,
    t: createTranslator(),
    logger: silentLogger,
    schedules: config.schedules,
  };
  const options = { planId: Number(plan), from, to, doneRate: 0.7 };
  // Hashed event by event as they come (the new code streams them): the same digest as the older versions of this
  // script computed over a returned result, `{ ...result, events: count }` then each event, so old and new agree.
  // The time spent hashing is not the simulation's: it is measured and taken off.
  const eventsHash = createHash('sha256');
  let hashingMs = 0;
  const onEvent = (e: SimulationEvent) => {
    const t0 = performance.now();
    eventsHash.update(JSON.stringify(e));
    hashingMs += performance.now() - t0;
  };
  const started = performance.now();
  let header: { plan: unknown; from: string; to: string; doneRate: number; dueItems: number; completed: number; events: number; totals: unknown };
  let byKind: Record<string, number>;
  if (impl === 'new') {
    const database = createDatabase(url, { max: 2 });
    const snapshot = await loadPlanSnapshot(database.sql, options.planId).finally(() => database.close());
    // As `nhacviec simulate` runs (src/cli/simulate-command.ts); BENCH_HEAP_POLICY=0 leaves V8's default.
    if (process.env.BENCH_HEAP_POLICY !== '0') limitHeapGrowth();
    const r = await simulatePlan({ ...common, snapshot }, { ...options, onEvent, keepEvents: 0 });
    const { byKind: kinds, byUnit } = r.totals;
    header = { plan: r.plan, from: r.from, to: r.to, doneRate: r.doneRate, dueItems: r.dueItems, completed: r.completed, events: r.eventCount, totals: { byKind: kinds, byUnit } };
    byKind = kinds;
  } else if (impl === 'baseline') {
    // An earlier version of the in-memory simulation (a tree extracted at BENCH_BASELINE_DIR), which returned every
    // event instead of streaming them: the old side of the side-by-side comparison.
    const dir = process.env.BENCH_BASELINE_DIR;
    if (!dir) throw new Error('impl baseline needs BENCH_BASELINE_DIR');
    const base = (await import(pathToFileURL(path.join(dir, 'src/app/simulate.ts')).href)) as { simulatePlan: (...args: unknown[]) => Promise<unknown> };
    const database = createDatabase(url, { max: 2 });
    const snapshot = await loadPlanSnapshot(database.sql, options.planId).finally(() => database.close());
    // A tree that streams its events (eventCount in the result) gets `onEvent`, as `new` does; an older one
    // returned them all.
    const r = (await base.simulatePlan({ ...common, snapshot } as never, { ...options, onEvent, keepEvents: 0 })) as Awaited<ReturnType<typeof SimulatePlanOld>> & { eventCount?: number; totals: { byUnit: unknown } };
    if (r.eventCount !== undefined) {
      header = { plan: r.plan, from: r.from, to: r.to, doneRate: r.doneRate, dueItems: r.dueItems, completed: r.completed, events: r.eventCount, totals: { byKind: r.totals.byKind, byUnit: r.totals.byUnit } };
    } else {
      const t0 = performance.now();
      header = { ...r, events: r.events.length };
      for (const e of r.events) onEvent(e);
      hashingMs += performance.now() - t0;
    }
    byKind = r.totals.byKind;
  } else {
    // Loaded only here: the old implementation, the scratch copy and the PNG renderer are not what `new` runs, and
    // their modules would count in the new runs' peak RSS.
    const [{ createScratchCopy }, { renderPng }, { simulatePlan: simulatePlanOld }] = await Promise.all([
      import('../src/db/scratch.js'),
      import('../src/infra/png.js'),
      import('./legacy/simulate-postgres.js'),
    ]);
    const scratch = await createScratchCopy(url);
    try {
      const r = await simulatePlanOld({ ...common, database: scratch, renderPng }, options);
      const t0 = performance.now();
      for (const e of r.events) onEvent(e);
      hashingMs += performance.now() - t0;
      header = { ...r, events: r.events.length };
      byKind = r.totals.byKind;
    } finally {
      await scratch.drop();
    }
  }
  const ms = performance.now() - started - hashingMs;
  const hash = createHash('sha256').update(JSON.stringify(header)).update(eventsHash.digest());
  console.log(
    JSON.stringify({
      impl,
      ms: Math.round(ms),
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      dueItems: header.dueItems,
      events: header.events,
      byKind,
      sha256: hash.digest('hex').slice(0, 16),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
