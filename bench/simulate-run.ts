/**
 * One timed simulation, in a process of its own so that its peak RSS is its own (bench/simulate.ts runs it).
 *
 *   tsx bench/simulate-run.ts <new|old> <database url> <plan id> <from> <to>
 *
 * new  the in-memory simulation as `nhacviec simulate` runs it: the plan read from PostgreSQL, then simulated in
 *      memory (src/app/simulate.ts); no PNG charts (the preview shows texts only).
 * old  the implementation it replaced, kept in bench/legacy, as the old command ran it: a scratch copy of the
 *      database, then the pipeline driven over PostgreSQL day by day, PNG charts rendered.
 * Prints one JSON line: wall ms, peak RSS (MB), events and a sha256 of the result (old and new must agree).
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createConfig } from '../config/env.js';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { simulatePlan, type SimulationResult } from '../src/app/simulate.js';
import { createDatabase } from '../src/db/client.js';
import { loadPlanSnapshot } from '../src/db/memory-world-loader.js';
import { createScratchCopy } from '../src/db/scratch.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTranslator } from '../src/i18n/translator.js';
import { silentLogger } from '../src/infra/logger.js';
import { renderPng } from '../src/infra/png.js';
import { simulatePlan as simulatePlanOld } from './legacy/simulate-postgres.js';

async function main(): Promise<void> {
  const [impl, url, plan, from, to] = process.argv.slice(2);
  if (!impl || !url || !plan || !from || !to) throw new Error('usage: simulate-run.ts <new|old> <url> <plan> <from> <to>');
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
  const started = performance.now();
  let result: SimulationResult;
  if (impl === 'new') {
    const database = createDatabase(url, { max: 2 });
    const snapshot = await loadPlanSnapshot(database.sql, options.planId).finally(() => database.close());
    result = await simulatePlan({ ...common, snapshot }, options);
  } else {
    const scratch = await createScratchCopy(url);
    try {
      result = await simulatePlanOld({ ...common, database: scratch, renderPng }, options);
    } finally {
      await scratch.drop();
    }
  }
  const ms = performance.now() - started;
  // Hashed event by event: one JSON string of a year's events would be the largest thing in memory.
  const hash = createHash('sha256').update(JSON.stringify({ ...result, events: result.events.length }));
  for (const e of result.events) hash.update(JSON.stringify(e));
  console.log(
    JSON.stringify({
      impl,
      ms: Math.round(ms),
      rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      dueItems: result.dueItems,
      events: result.events.length,
      byKind: result.totals.byKind,
      sha256: hash.digest('hex').slice(0, 16),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
