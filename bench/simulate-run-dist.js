// One timed simulation from a built tree's dist/ (plain JavaScript, no tsx: as `nhacviec simulate` runs), in a
// process of its own so that its peak RSS is its own. bench/simulate.ts runs it beside bench/simulate-run.ts.
//
//   node bench/simulate-run-dist.js <tree> <database url> <plan id> <from> <to>
//
// <tree> is this repository or an earlier tree with its dist/ built (`npm run build` there). It does what that
// tree's `nhacviec simulate` does: the plan read from PostgreSQL, the heap policy of the command when the tree has
// one (src/infra/heap.ts), then the simulation in memory. Prints the same JSON line as simulate-run.ts `new`
// (wall ms, peak RSS, event counts and the sha256 of the result, which must agree with it).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [tree, url, plan, from, to] = process.argv.slice(2);
if (!tree || !url || !plan || !from || !to) throw new Error('usage: simulate-run-dist.js <tree> <url> <plan> <from> <to>');
const load = (file) => import(pathToFileURL(path.join(tree, 'dist', file)).href);

const [{ createConfig }, { loadWorkingCalendar }, { reminderPolicyFromConfig }, { simulatePlan }, { createDatabase }, { loadPlanSnapshot }, { ManualClock }, { createTranslator }, { silentLogger }] =
  await Promise.all([
    load('config/env.js'),
    load('config/holidays/load.js'),
    load('jobs/reminders.js'),
    load('src/app/simulate.js'),
    load('src/db/client.js'),
    load('src/db/memory-world-loader.js'),
    load('src/domain/clock.js'),
    load('src/i18n/translator.js'),
    load('src/infra/logger.js'),
  ]);
const heapPolicy = existsSync(path.join(tree, 'dist/src/infra/heap.js')) ? await load('src/infra/heap.js') : undefined;

const config = createConfig({});
const options = { planId: Number(plan), from, to, doneRate: 0.7 };
const eventsHash = createHash('sha256');
let hashingMs = 0;
const onEvent = (e) => {
  const t0 = performance.now();
  eventsHash.update(JSON.stringify(e));
  hashingMs += performance.now() - t0;
};
const started = performance.now();
const database = createDatabase(url, { max: 2 });
const snapshot = await loadPlanSnapshot(database.sql, options.planId).finally(() => database.close());
if (heapPolicy && process.env.BENCH_HEAP_POLICY !== '0') heapPolicy.limitHeapGrowth();
const r = await simulatePlan(
  {
    clock: new ManualClock(`${from}T00:00:00+07:00`),
    calendar: loadWorkingCalendar(),
    policy: reminderPolicyFromConfig(config),
    workingHours: config.domain.workingHours,
    t: createTranslator(),
    logger: silentLogger,
    schedules: config.schedules,
    snapshot,
  },
  { ...options, onEvent, keepEvents: 0 },
);
const ms = performance.now() - started - hashingMs;
const header = { plan: r.plan, from: r.from, to: r.to, doneRate: r.doneRate, dueItems: r.dueItems, completed: r.completed, events: r.eventCount, totals: { byKind: r.totals.byKind, byUnit: r.totals.byUnit } };
const hash = createHash('sha256').update(JSON.stringify(header)).update(eventsHash.digest());
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    impl: 'dist',
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    dueItems: header.dueItems,
    events: header.events,
    byKind: header.totals.byKind,
    sha256: hash.digest('hex').slice(0, 16),
  }),
);
