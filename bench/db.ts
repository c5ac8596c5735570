/**
 * `npm run bench:db` — database throughput (issue #10, goal 6), old and new code side by side in one run.
 *
 *   publish  the seed plans (BENCH_SEEDS, default 000,003: Nghệ An 2024 and 2012–2015) imported into a province of
 *            21 departments, 21 districts and 460 communes, then published. Timed: the write phase (assignments +
 *            due items, the plan row, the audit row, commit), as bench:import's "inserts" column; rows/s = rows
 *            written / that time. Each variant publishes into a fresh database (import not timed). Both variants run
 *            `publishPlan`'s steps in the same harness and differ only in the write function: "old" is the write path
 *            before this branch (bench/legacy/publish-writes.ts), "new" is `writePublication` as it is.
 *   enqueue  BENCH_ENQUEUE (100 000) planned reminder rows put into BullMQ by the reconciler's full pass (the queue
 *            lost its generation marker, so every row of the horizon is added): read the rows, add the jobs, mark
 *            the rows enqueued. On a private redis-server started as production runs it (AOF on, noeviction),
 *            then (BENCH_PG_QUEUE=1, the default) on BullMQ's PostgreSQL backend. "old" is the add path before
 *            this change (bench/legacy/enqueue.ts) on `reminders` at fillfactor 100; "new" is
 *            `ReminderService.enqueueHorizon` as it is, at fillfactor 70 (migration 0012). The queue is emptied and
 *            the table rewritten between variants, and the job and marked-row counts are checked after each.
 *
 *            With BENCH_BASELINE_DIR (a checkout of an older commit, e.g. `git archive 051e76c | tar -x -C /tmp/base`
 *            and its node_modules linked), a "base" variant runs that tree's migrations, import and
 *            `writePublication` in the same run, and new/base is printed. BENCH_VARIANTS picks the variants
 *            (default old,main,new and base when a baseline is given). After each publication the dashboard counts
 *            (migration 0018) are compared with a fresh GROUP BY of the items. Also printed: the CPU time of the
 *            PostgreSQL backend that ran the writes, which a loaded machine inflates far less than the wall time.
 *
 * Env: BENCH_RUNS (3), BENCH_SEEDS, BENCH_ENQUEUE, BENCH_PG_QUEUE, BENCH_PARTS (publish,enqueue), BENCH_BASELINE_DIR,
 * BENCH_VARIANTS; PostgreSQL from
 * TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). Prints medians, the runs, old/new ratios and
 * the load average before and after.
 */
import { startRedis } from './private-redis.js';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { createConfig } from '../config/env.js';
import { createReminderRuntime } from '../jobs/reminders.js';
import { createDeadlineAdapter } from '../src/app/deadline-adapter.js';
import { importPlan } from '../src/app/plan-import.js';
import { computePublication, loadPublicationContext, writePublication } from '../src/app/plan-publish.js';
import type { Sql } from '../src/db/client.js';
import { loadPlan, lockPlanForPublish, publicationTransactionOn } from '../src/db/plan-store.js';
import { planPortsOn } from '../src/plan-wiring.js';
import { saveDirectory } from '../src/db/unit-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { isPublishable } from '../src/import/build-plan.js';
import { silentLogger } from '../src/infra/logger.js';
import { systemClock } from '../src/infra/system-clock.js';
import { BullMqReminderQueue } from '../src/queue/reminder-queue.js';
import { QUEUE_NAMES } from '../src/queue/jobs.js';
import { createQueueRuntime, migrateQueueSchema, type QueueRuntime } from '../src/queue/runtime.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../tests/helpers/reminder-fixtures.js';
import { benchDirectory } from './bench-province.js';
import { legacyEnqueueSends, legacyMarkEnqueued, legacyPlannedUntil } from './legacy/enqueue.js';
import { legacyWritePublication } from './legacy/publish-writes.js';
import { median } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEEDS_DIR = process.env.BENCH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../shared/seeds');
const SEED_FILES: Record<string, string> = {
  '000': '000_432df6ecbf3908af.txt',
  '001': '001_1ea7e064e5fb4bfa.txt',
  '002': '002_591ff2b9d60f55ba.txt',
  '003': '003_001395ffea9caab6.txt',
};
const SEEDS = (process.env.BENCH_SEEDS ?? '000,003').split(',').map((s) => s.trim());
const ENQUEUE = Number(process.env.BENCH_ENQUEUE ?? 100_000);
const PG_QUEUE = process.env.BENCH_PG_QUEUE !== '0';
const PARTS = new Set((process.env.BENCH_PARTS ?? 'publish,enqueue').split(','));

/**
 * old   the write path before goal 6 (bench/legacy/publish-writes.ts) on the schema before migration 0015;
 * main  `writePublication` as it is, on the schema before migration 0015 (a new item's replan mark upserted);
 * new   `writePublication` as it is, on the schema as it is (no mark for a new item: migration
 *       `replan_unplanned_items`);
 * base  BENCH_BASELINE_DIR's tree: its migrations, import and `writePublication`.
 */
type Variant = 'old' | 'main' | 'new' | 'base';
const BASELINE_DIR = process.env.BENCH_BASELINE_DIR;
const VARIANTS = (process.env.BENCH_VARIANTS ?? `old,main,new${BASELINE_DIR ? ',base' : ''}`).split(',').map((v) => v.trim()) as Variant[];

/** The modules a publication goes through, from this tree or from the baseline's. */
interface Tree {
  createTestDatabase: typeof createTestDatabase;
  saveDirectory: typeof saveDirectory;
  importPlan: typeof importPlan;
  planPortsOn: typeof planPortsOn;
  loadPlan: typeof loadPlan;
  loadPublicationContext: typeof loadPublicationContext;
  computePublication: typeof computePublication;
  writePublication: typeof writePublication;
  publicationTransactionOn: typeof publicationTransactionOn;
  lockPlanForPublish: typeof lockPlanForPublish;
  isPublishable: typeof isPublishable;
}
const thisTree: Tree = {
  createTestDatabase,
  saveDirectory,
  importPlan,
  planPortsOn,
  loadPlan,
  loadPublicationContext,
  computePublication,
  writePublication,
  publicationTransactionOn,
  lockPlanForPublish,
  isPublishable,
};
async function loadBaseline(dir: string): Promise<Tree> {
  const from = async (file: string) => (await import(path.resolve(dir, file))) as Record<string, unknown>;
  const [dbHelper, units, imp, wiring, store, publish, build] = await Promise.all(
    ['tests/helpers/db.ts', 'src/db/unit-store.ts', 'src/app/plan-import.ts', 'src/plan-wiring.ts', 'src/db/plan-store.ts', 'src/app/plan-publish.ts', 'src/import/build-plan.ts'].map(from),
  );
  return { ...dbHelper, ...units, ...imp, ...wiring, ...store, ...publish, ...build } as unknown as Tree;
}
/** The enqueue part compares two: the add path before goal 6 and as it is. */
type EnqueueVariant = 'old' | 'new';

/**
 * nv_mark_new_due_items as migration 0010 wrote it, and its trigger (dropped by migration
 * `replan_unplanned_items`): what 'old' and 'main' run with.
 */
const MARK_NEW_ITEMS_0010 = `CREATE OR REPLACE FUNCTION nv_mark_new_due_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO replan_items (due_item_id, revision) SELECT n.id, n.revision FROM nv_new_rows n
  ON CONFLICT (due_item_id) DO UPDATE SET revision = EXCLUDED.revision;
  RETURN NULL;
END $$`;
const MARK_NEW_ITEMS_TRIGGER = `CREATE TRIGGER due_items_replan_insert AFTER INSERT ON due_items REFERENCING NEW TABLE AS nv_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION nv_mark_new_due_items()`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- publish

interface PublishSample {
  rows: number;
  writeMs: number;
  /** CPU time of the PostgreSQL backend that ran the writes (from /proc; NaN elsewhere). */
  serverCpuMs: number;
}

/** User + system CPU time of a process in ms, from /proc (Linux), or NaN. */
function processCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Imports the seeds into a fresh database (not timed), then publishes them with `variant`, timing the writes. */
async function publishOnce(variant: Variant, deadline: ReturnType<typeof createDeadlineAdapter>, baseline?: Tree): Promise<PublishSample> {
  const tree = variant === 'base' ? baseline! : thisTree;
  const { saveDirectory, importPlan, planPortsOn, loadPlan, loadPublicationContext, computePublication, writePublication, publicationTransactionOn, lockPlanForPublish, isPublishable } = tree;
  const db = await tree.createTestDatabase(`bench_db_${variant}`);
  const clock = new ManualClock('2024-01-08T02:00:00Z');
  try {
    if (variant === 'old' || variant === 'main') {
      await db.sql.unsafe(MARK_NEW_ITEMS_0010);
      await db.sql.unsafe(`DROP INDEX due_items_unplanned_idx; ${MARK_NEW_ITEMS_TRIGGER}`);
    }
    const planIds: number[] = [];
    for (const [k, seed] of SEEDS.entries()) {
      const slug = `bench-${k}`;
      await db.db.transaction((tx) => saveDirectory(tx, benchDirectory(slug)).then(() => undefined));
      const file = SEED_FILES[seed] ?? seed;
      const imported = await importPlan(planPortsOn(db), clock, { file: path.join(SEEDS_DIR, file), province: slug, deadline, actor: 'bench' });
      planIds.push(imported.review.plan.id!);
    }
    let rows = 0;
    let writeMs = 0;
    let serverCpuMs = 0;
    for (const planId of planIds) {
      // What publishPlan does: the reads and the computation (not timed), then its transaction, timed, with the
      // variant's writes — the only difference between old and new.
      const write = variant === 'old' ? legacyWritePublication : (sql: Sql, p: Parameters<typeof writePublication>[1]) => writePublication(publicationTransactionOn(sql), p);
      const stored = (await loadPlan(db.db, planId))!;
      const ctx = await loadPublicationContext(planPortsOn(db), stored.plan, deadline);
      const pub = computePublication(ctx, stored.plan, stored.tasks, (t) => isPublishable(t, false));
      const now = clock.now();
      let pid = 0;
      let cpu0 = NaN;
      const t0 = performance.now();
      const w = await db.sql.begin(async (tx) => {
        const sql = tx as unknown as Sql;
        [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
        cpu0 = processCpuMs(pid);
        await lockPlanForPublish(sql, planId);
        const w = await write(sql, pub);
        await tx`update plans set status = 'published', published_at = coalesce(published_at, ${now}), updated_at = ${now}, problems = ${tx.json(pub.problems as never)} where id = ${planId}`;
        await tx`insert into audit_log (at, actor, action, entity, entity_id, outcome, details) values (${now}, 'bench', 'plan.publish', 'plan', ${String(planId)}, 'ok', ${tx.json({ dueItemsCreated: w.dueItemsCreated } as never)})`;
        return w;
      });
      writeMs += performance.now() - t0;
      serverCpuMs += processCpuMs(pid) - cpu0;
      rows += w.assignmentsCreated + w.dueItemsCreated;
    }
    const [count] = await db.sql<{ a: number; d: number }[]>`select (select count(*) from task_assignments)::int as a, (select count(*) from due_items)::int as d`;
    if (count!.a + count!.d !== rows) throw new Error(`${variant}: ${count!.a + count!.d} rows in the tables, ${rows} reported`);
    const wrong = await dashboardCountsWrong(db.sql);
    if (wrong > 0) throw new Error(`${variant}: ${wrong} dashboard counts differ from a GROUP BY of the items`);
    return { rows, writeMs, serverCpuMs };
  } finally {
    await db.drop();
  }
}

/** How many (plan, unit, month) buckets of `dashboard_counts` differ from the items counted afresh. */
async function dashboardCountsWrong(sql: Sql): Promise<number> {
  const [r] = await sql<{ n: number }[]>`
    with fresh as (
      select t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date as month,
             count(*) filter (where d.state in ('done', 'pending_approval') and d.done_at > d.due_at)::int as done_late,
             count(*) filter (where d.state in ('done', 'pending_approval') and not coalesce(d.done_at > d.due_at, false))::int as done,
             count(*) filter (where d.state not in ('done', 'pending_approval'))::int as open
      from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where d.due_date is not null and d.state not in ('waiting', 'waived')
      group by 1, 2, 3),
    kept as (select * from dashboard_counts where done <> 0 or done_late <> 0 or open <> 0)
    select count(*)::int as n from fresh f full join kept c using (plan_id, unit_id, month)
    where (f.done, f.done_late, f.open) is distinct from (c.done, c.done_late, c.open)`;
  return r!.n;
}

async function benchPublish(): Promise<string[]> {
  if (!existsSync(SEEDS_DIR)) throw new Error(`seeds not found at ${SEEDS_DIR} (set BENCH_SEEDS_DIR)`);
  const deadline = createDeadlineAdapter({ calendar: loadWorkingCalendar() });
  const baseline = BASELINE_DIR ? await loadBaseline(BASELINE_DIR) : undefined;
  if (VARIANTS.includes('base') && !baseline) throw new Error('variant base needs BENCH_BASELINE_DIR');
  const samples: Record<Variant, PublishSample[]> = { old: [], main: [], new: [], base: [] };
  for (const v of VARIANTS) await publishOnce(v, deadline, baseline); // warm-up (JIT, first connections)
  for (let r = 0; r < RUNS; r++) {
    for (const v of r % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
      const s = await publishOnce(v, deadline, baseline);
      samples[v].push(s);
      log(`publish ${v} run ${r + 1}: ${s.rows} rows in ${s.writeMs.toFixed(0)} ms (${((s.rows / s.writeMs) * 1000).toFixed(0)} rows/s), server CPU ${s.serverCpuMs.toFixed(0)} ms, load ${load()}`);
    }
  }
  for (const v of VARIANTS)
    if (samples[v][0]!.rows !== samples[VARIANTS[0]!][0]!.rows) throw new Error(`${v} wrote ${samples[v][0]!.rows} rows, ${VARIANTS[0]} ${samples[VARIANTS[0]!][0]!.rows}`);
  const rate = (s: PublishSample) => (s.rows / s.writeMs) * 1000;
  const cpu = (v: Variant) => median(samples[v].map((s) => s.serverCpuMs));
  const ratio = (a: Variant, b: Variant) =>
    VARIANTS.includes(a) && VARIANTS.includes(b)
      ? [`${a}/${b} ${(median(samples[a].map(rate)) / median(samples[b].map(rate))).toFixed(2)}× (server CPU ${b}/${a} ${(cpu(b) / cpu(a)).toFixed(2)}×)`]
      : [];
  const line = (v: Variant) =>
    `  ${v}  ${median(samples[v].map(rate)).toFixed(0).padStart(7)} rows/s   write ${median(samples[v].map((s) => s.writeMs)).toFixed(0).padStart(5)} ms   server CPU ${median(samples[v].map((s) => s.serverCpuMs)).toFixed(0).padStart(5)} ms   (runs: ${samples[v].map((s) => rate(s).toFixed(0)).join(', ')} rows/s)`;
  return [
    `publish seeds ${SEEDS.join('+')}: ${samples[VARIANTS[0]!][0]!.rows} rows (assignments + due items), median of ${RUNS}${baseline ? `, base = ${BASELINE_DIR}` : ''}`,
    ...VARIANTS.map(line),
    `  ${[...ratio('new', 'old'), ...ratio('new', 'main'), ...ratio('new', 'base')].join(', ')}`,
  ];
}

// ---------------------------------------------------------------- enqueue


/** The reconciler's full pass with the old add path and the old store statements (`enqueueHorizon` as it was). */
async function legacyEnqueueHorizon(sql: Sql, runtime: QueueRuntime, horizonMs: number): Promise<number> {
  const queue = new BullMqReminderQueue(runtime);
  const now = new Date();
  const [state] = await sql<{ generation: string }[]>`select generation from queue_state where name = 'delivery'`;
  const recorded = state ? Number(state.generation) : 0;
  const onQueue = await queue.generation();
  const full = onQueue === null || onQueue < recorded;
  const rows = await legacyPlannedUntil(sql, now.getTime() + horizonMs, 500_000, !full);
  if (rows.length > 0) {
    await legacyEnqueueSends(runtime, rows, now.getTime());
    await legacyMarkEnqueued(
      sql,
      rows.map((r) => r.id),
      now,
    );
  }
  const next = Math.max(recorded, onQueue ?? 0) + 1;
  await sql`insert into queue_state (name, generation) values ('delivery', ${next}) on conflict (name) do update set generation = excluded.generation`;
  await queue.setGeneration(next);
  return rows.length;
}

async function benchEnqueue(backend: 'redis' | 'postgres'): Promise<string[]> {
  const db: TestDatabase = await createTestDatabase(`bench_db_q_${backend}`);
  const redis = backend === 'redis' ? await startRedis('db') : undefined;
  const prefix = 'benchdb';
  if (backend === 'postgres') await migrateQueueSchema(db.url);
  const runtime = createQueueRuntime(
    redis ? { backend: 'redis', url: redis.url, prefix, logger: silentLogger } : { backend: 'postgres', databaseUrl: db.url, logger: silentLogger },
  );
  const config = createConfig({ DATABASE_URL: db.url, ...(redis ? { REDIS_URL: redis.url } : {}), QUEUE_PREFIX: prefix });
  const reminders = createReminderRuntime({ config, database: db, queue: runtime, logger: silentLogger, clock: systemClock });
  const ms: Record<EnqueueVariant, number[]> = { old: [], new: [] };
  // CPU time (ms) of this process and of redis-server per pass: on a loaded machine the wall time mostly measures
  // the other users, the CPU time what the pass itself costs.
  const nodeCpu: Record<EnqueueVariant, number[]> = { old: [], new: [] };
  const serverCpu: Record<EnqueueVariant, number[]> = { old: [], new: [] };
  const probe = redis ? new Redis(redis.url) : undefined;
  const redisCpu = async () => {
    if (!probe) return 0;
    const info = await probe.info('cpu');
    return (Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1])) * 1000;
  };
  try {
    const p = await seedProvince(db.sql);
    const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    await leaveUnplanned(db.sql, [item!]);
    // Rows planned over the next day, a millisecond apart, each to its own chat (as bench:delivery's plan phase).
    const first = Date.now() + 86_400_000;
    await db.sql`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select ${item!}, 'reminder', '0', 30000000 + g, 'bench|' || g, ${new Date(first)}::timestamptz + g * interval '1 millisecond', '{"audience":"focal"}'
      from generate_series(0, ${ENQUEUE - 1}) g`;
    await db.sql`vacuum analyze reminders`;
    const horizonMs = config.domain.planHorizonDays * 86_400_000;
    const queue = runtime.queue(QUEUE_NAMES.delivery);
    // The old code ran on `reminders` at the default fillfactor (100); migration 0012 sets 70. The table is
    // rewritten at the variant's fillfactor before each pass (VACUUM FULL), so each pays its own page layout.
    const reset = async (v: EnqueueVariant) => {
      await queue.obliterate({ force: true });
      await db.sql`update reminders set enqueued_at = null`;
      await db.sql.unsafe(`alter table reminders set (fillfactor = ${v === 'old' ? 100 : 70})`);
      await db.sql`vacuum full analyze reminders`;
    };
    for (let r = 0; r < RUNS; r++) {
      for (const v of (r % 2 === 0 ? ['old', 'new'] : ['new', 'old']) as EnqueueVariant[]) {
        await reset(v);
        const redisCpu0 = await redisCpu();
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const n = v === 'old' ? await legacyEnqueueHorizon(db.sql, runtime, horizonMs) : await reminders.service.enqueueHorizon();
        const elapsed = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        nodeCpu[v].push((cpu.user + cpu.system) / 1000);
        if (probe) serverCpu[v].push((await redisCpu()) - redisCpu0);
        const counts = await queue.getJobCounts('delayed');
        // + 1: the generation marker is a delayed job too.
        if (n !== ENQUEUE || counts.delayed !== ENQUEUE + 1) throw new Error(`${backend} ${v}: ${n} rows, ${counts.delayed} delayed jobs (expected ${ENQUEUE} + marker)`);
        const [marked] = await db.sql<{ n: number }[]>`select count(*)::int as n from reminders where enqueued_at is not null`;
        if (marked!.n !== ENQUEUE) throw new Error(`${backend} ${v}: ${marked!.n} rows marked enqueued`);
        ms[v].push(elapsed);
        log(`enqueue ${backend} ${v} run ${r + 1}: ${ENQUEUE} jobs in ${elapsed.toFixed(0)} ms, load ${load()}`);
      }
    }
  } finally {
    probe?.disconnect();
    await runtime.close();
    await reminders.close();
    redis?.proc.kill('SIGTERM');
    if (redis) await rm(redis.dir, { recursive: true, force: true });
    await db.drop();
  }
  const cpuNote = (v: EnqueueVariant) =>
    `   CPU: node ${(median(nodeCpu[v]) / 1000).toFixed(2)} s${backend === 'redis' ? `, redis-server ${(median(serverCpu[v]) / 1000).toFixed(2)} s` : ''}`;
  const line = (v: EnqueueVariant) => `  ${v}  ${(median(ms[v]) / 1000).toFixed(2).padStart(6)} s   (runs: ${ms[v].map((x) => (x / 1000).toFixed(2)).join(', ')} s)${cpuNote(v)}`;
  const where = backend === 'redis' ? 'Redis (private redis-server, AOF on, noeviction)' : "BullMQ's PostgreSQL backend";
  return [`enqueue ${ENQUEUE} planned reminders, full pass, ${where}, median of ${RUNS}`, line('old'), line('new'), `  old/new ${(median(ms.old) / median(ms.new)).toFixed(2)}×`];
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const before = load();
  const out: string[] = [];
  if (PARTS.has('publish')) out.push(...(await benchPublish()));
  if (PARTS.has('enqueue')) {
    out.push(...(await benchEnqueue('redis')));
    if (PG_QUEUE) out.push(...(await benchEnqueue('postgres')));
  }
  process.stdout.write(`bench:db (Node ${process.version}), load average before ${before}, after ${load()}\n${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:db failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
