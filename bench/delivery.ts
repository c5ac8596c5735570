/**
 * `npm run bench:delivery` — the reminder pipeline against the fake Telegram Bot API (Telegram's limits on),
 * through the real worker, on BullMQ's Redis backend (a private redis-server started with `--hz 100
 * --appendonly yes --maxmemory-policy noeviction`, as production runs it) and on its PostgreSQL backend.
 *
 *   burst   N reminders due at one instant, to N chats: sustained delivery rate and 429 count
 *   spread  M reminders spread evenly over S seconds: lateness from planned instant to the fake's receipt
 *   plan    P planned rows put into the queue by the reconciler's enqueue (time), and Redis bytes per job
 *   channels (issue #15) C reminders due at one instant per channel, through the channel router, on the first
 *           backend: Telegram (people who also have e-mail), e-mail only (a loopback SMTP server, tests/helpers/
 *           smtp-sink.ts), Telegram blocked (403) falling back to e-mail, and Zalo only (tests/helpers/fake-zalo.ts,
 *           its default limits) — sustained rate and lateness from
 *           the planned instant to the receipt (fake Telegram / SMTP server). SMTP_DOMAIN_INTERVAL_MS=0 here
 *           (one recipient domain would otherwise be paced at 1/s by default).
 *
 * Options (env): BENCH_BACKENDS=redis,postgres  BENCH_BURST=10000  BENCH_SPREAD=2000  BENCH_SPREAD_S=120
 *                BENCH_PLAN=100000  BENCH_CHANNELS=300  BENCH_ONLY=channels (skip the Telegram-only runs)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { createConfig } from '../config/env.js';
import { createReminderRuntime } from '../jobs/reminders.js';
import { startWorkers } from '../jobs/worker.js';
import { silentLogger } from '../src/infra/logger.js';
import { systemClock } from '../src/infra/system-clock.js';
import { createQueueRuntime, migrateQueueSchema } from '../src/queue/runtime.js';
import { PostgresChatPacer, RedisChatPacer } from '../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../src/telegram/create-api.js';
import { TelegramNotifier } from '../src/telegram/notifier.js';
import { createTestDatabase } from '../tests/helpers/db.js';
import { FakeTelegram } from '../tests/helpers/fake-telegram.js';
import { FakeZalo } from '../tests/helpers/fake-zalo.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../tests/helpers/reminder-fixtures.js';
import { SmtpSink } from '../tests/helpers/smtp-sink.js';

const env = (k: string, d: number) => Number(process.env[k] ?? d);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'redis,postgres').split(',') as ('redis' | 'postgres')[];
const BURST = env('BENCH_BURST', 10_000);
const SPREAD = env('BENCH_SPREAD', 2_000);
const SPREAD_S = env('BENCH_SPREAD_S', 120);
const PLAN = env('BENCH_PLAN', 100_000);
const CHANNELS = env('BENCH_CHANNELS', 300);
const ONLY = process.env.BENCH_ONLY;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const dir = `/tmp/nhacviec-bench-redis-${port}`;
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--hz', '100', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction', '--save', '', '--dir', dir], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      r.disconnect();
      return { url, proc };
    } catch {
      r.disconnect();
      await new Promise((res) => setTimeout(res, 50));
    }
  }
  throw new Error('redis-server did not start');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function run(backend: 'redis' | 'postgres') {
  const db = await createTestDatabase(`bench_${backend}`);
  const redis = backend === 'redis' ? await startRedis() : undefined;
  const fake = new FakeTelegram({ now: () => Date.now() });
  await fake.start();
  const prefix = 'bench';
  const config = createConfig({
    DATABASE_URL: db.url,
    ...(redis ? { REDIS_URL: redis.url } : {}),
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
  });
  if (backend === 'postgres') await migrateQueueSchema(db.url);
  const queue = createQueueRuntime(
    redis ? { backend: 'redis', url: redis.url, prefix, logger: silentLogger } : { backend: 'postgres', databaseUrl: db.url, logger: silentLogger },
  );
  const pacerRedis = redis ? new Redis(redis.url) : undefined;
  const reminders = createReminderRuntime({
    config,
    database: db,
    queue,
    logger: silentLogger,
    clock: systemClock,
    notifier: new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot })),
    pacer: pacerRedis ? new RedisChatPacer(pacerRedis, { keyPrefix: `${prefix}:` }) : new PostgresChatPacer(db.sql),
  });
  const p = await seedProvince(db.sql);
  const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
  await leaveUnplanned(db.sql, [item!]);
  const insert = async (label: string, n: number, firstAt: number, stepMs: number, chatBase: number) => {
    const chats = Array.from({ length: n }, (_, i) => String(chatBase + i));
    const times = chats.map((_, i) => new Date(firstAt + i * stepMs).toISOString());
    await db.sql`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select ${item!}, 'reminder', '0', c::bigint, ${label} || '|' || c, t::timestamptz, '{"audience":"focal"}'
      from unnest(${chats}::text[], ${times}::text[]) as v(c, t)`;
    return chats;
  };
  const workers = await startWorkers({ config, database: db, queue, logger: silentLogger, clock: systemClock, reminders: reminders.service, digests: reminders.digests });
  const result: Record<string, unknown> = { backend };
  try {
    // spread: lateness
    {
      const start = Date.now() + 3000;
      const stepMs = (SPREAD_S * 1000) / SPREAD;
      const chats = await insert('spread', SPREAD, start, stepMs, 10_000_000);
      await reminders.service.enqueueHorizon();
      await waitFor(async () => fake.sentMessages().length >= SPREAD, SPREAD_S * 1000 + 120_000, 'spread sent');
      const planned = new Map(chats.map((c, i) => [c, start + i * stepMs]));
      const lateness = fake
        .calls('sendMessage')
        .filter((c) => c.response?.ok)
        .map((c) => c.at - planned.get(String(c.chatId))!)
        .sort((a, b) => a - b);
      result.spread = { n: lateness.length, p50: pct(lateness, 50), p90: pct(lateness, 90), p99: pct(lateness, 99), max: lateness.at(-1), min: lateness[0] };
      console.error(`[${backend}] spread`, result.spread);
    }
    // burst: sustained rate and 429s
    {
      fake.reset();
      const at = Date.now() + 5000;
      await insert('burst', BURST, at, 0, 20_000_000);
      const t0 = Date.now();
      await reminders.service.enqueueHorizon();
      const enqueueMs = Date.now() - t0;
      await waitFor(async () => fake.stats().accepted >= BURST, (BURST / 20) * 1000 + 120_000, 'burst sent');
      const times = fake.calls('sendMessage').filter((c) => c.response?.ok).map((c) => c.at).sort((a, b) => a - b);
      const first = times[0]!;
      const last = times.at(-1)!;
      const perSecond = new Map<number, number>();
      for (const t of times) perSecond.set(Math.floor((t - first) / 1000), (perSecond.get(Math.floor((t - first) / 1000)) ?? 0) + 1);
      const full = [...perSecond.entries()].filter(([s]) => s < Math.floor((last - first) / 1000)).map(([, n]) => n);
      let maxSliding = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= 1000) j++;
        maxSliding = Math.max(maxSliding, i - j + 1);
      }
      result.burst = {
        n: times.length,
        enqueueMs,
        seconds: (last - first) / 1000,
        sustainedPerS: +((times.length - 1) / ((last - first) / 1000)).toFixed(2),
        medianPerSecond: median(full),
        maxInAnySlidingSecond: maxSliding,
        telegram429: fake.stats().rejected429,
      };
      console.error(`[${backend}] burst`, result.burst);
    }
    // plan: put P planned rows into the queue
    {
      await workers.close();
      const farFuture = Date.now() + 2 * 86_400_000;
      await insert('plan', PLAN, farFuture, 1, 30_000_000);
      const before = redis ? Number(/used_memory:(\d+)/.exec(await pacerRedis!.info('memory'))![1]) : 0;
      // 1. the first pass adds every job; 2. the next pass finds nothing new; 3. after the queue lost its marker
      // (a flush or a restore from older data) the whole horizon is added again (existing ids are kept).
      let t0 = Date.now();
      const first = await reminders.service.enqueueHorizon();
      const firstMs = Date.now() - t0;
      console.error(`[${backend}] planned ${first} rows into the queue in ${firstMs} ms`);
      t0 = Date.now();
      const incremental = await reminders.service.enqueueHorizon();
      const incrementalMs = Date.now() - t0;
      await (await queue.queue('delivery').getJob('queue-generation-marker'))?.remove();
      t0 = Date.now();
      const again = await reminders.service.enqueueHorizon();
      const fullAgainMs = Date.now() - t0;
      const after = redis ? Number(/used_memory:(\d+)/.exec(await pacerRedis!.info('memory'))![1]) : 0;
      const counts = await queue.queue('delivery').getJobCounts('delayed');
      result.plan = {
        rows: PLAN,
        delayedJobs: counts.delayed,
        firstEnqueueMs: firstMs,
        incrementalRows: incremental,
        incrementalEnqueueMs: incrementalMs,
        fullAgainRows: again,
        fullAgainMs,
        ...(redis ? { redisBytesPerJob: Math.round((after - before) / PLAN) } : {}),
      };
      console.error(`[${backend}] plan`, result.plan);
    }
  } finally {
    await workers.close().catch(() => {});
    await queue.close();
    await reminders.close();
    pacerRedis?.disconnect();
    redis?.proc.kill('SIGTERM');
    await fake.close();
    await db.drop();
  }
  return result;
}

/** Per-channel figures through the channel router (see the header). */
async function runChannels(backend: 'redis' | 'postgres') {
  const db = await createTestDatabase(`bench_ch_${backend}`);
  const redis = backend === 'redis' ? await startRedis() : undefined;
  const fake = new FakeTelegram({ now: () => Date.now() });
  await fake.start();
  const sink = new SmtpSink();
  sink.parse = false;
  await sink.start();
  // Zalo with the fake's default limits (1 message/s per person, 30/s overall; Zalo publishes none).
  const zalo = new FakeZalo();
  await zalo.start();
  const prefix = 'benchch';
  const config = createConfig({
    DATABASE_URL: db.url,
    ...(redis ? { REDIS_URL: redis.url } : {}),
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    SMTP_URL: sink.url,
    MAIL_FROM: 'nhacviec@snv.bench.gov.vn',
    SMTP_DOMAIN_INTERVAL_MS: '0',
    LINK_SECRET: 'bench-link-secret-0123456789abcdef0123456789',
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zalo.apiRoot,
  });
  if (backend === 'postgres') await migrateQueueSchema(db.url);
  const queue = createQueueRuntime(
    redis ? { backend: 'redis', url: redis.url, prefix, logger: silentLogger } : { backend: 'postgres', databaseUrl: db.url, logger: silentLogger },
  );
  const pacerRedis = redis ? new Redis(redis.url) : undefined;
  const reminders = createReminderRuntime({
    config,
    database: db,
    queue,
    logger: silentLogger,
    clock: systemClock,
    notifier: new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot })),
    pacer: pacerRedis ? new RedisChatPacer(pacerRedis, { keyPrefix: `${prefix}:` }) : new PostgresChatPacer(db.sql),
  });
  const p = await seedProvince(db.sql);
  const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
  await leaveUnplanned(db.sql, [item!]);
  const workers = await startWorkers({ config, database: db, queue, logger: silentLogger, clock: systemClock, reminders: reminders.service, digests: reminders.digests });
  /** C people: a Telegram chat (from `chatBase`) unless `telegram` is false, and an e-mail address each. */
  const people = async (label: string, telegram: boolean, chatBase: number) => {
    const keys: string[] = [];
    const addresses: string[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const [person] = await db.sql<{ id: number }[]>`insert into people (name) values (${`${label} ${i}`}) returning id`;
      const address = `${label}.${i}@so-${i % 20}.bench.gov.vn`;
      await db.sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${person!.id}, 'email', ${address}, 10, 'bench')`;
      if (telegram) await db.sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatBase + i}, 'private', ${person!.id})`;
      keys.push(telegram ? String(chatBase + i) : String((1n << 60n) + BigInt(person!.id)));
      addresses.push(address);
    }
    return { keys, addresses };
  };
  const measure = async (label: string, keys: string[], received: () => number[]) => {
    const at = Date.now() + 3000;
    await db.sql`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select ${item!}, 'reminder', '0', c::bigint, ${label} || '|' || c, ${new Date(at)}, '{"audience":"focal"}'
      from unnest(${keys}::text[]) as c`;
    await reminders.service.enqueueHorizon();
    await waitFor(async () => received().length >= keys.length, 600_000, `${label} received`);
    const times = received().sort((a, b) => a - b);
    const lateness = times.map((t) => t - at);
    const out = {
      n: times.length,
      sustainedPerS: +((times.length - 1) / ((times.at(-1)! - times[0]!) / 1000)).toFixed(2),
      latenessP50: pct(lateness, 50),
      latenessP90: pct(lateness, 90),
      latenessMax: lateness.at(-1),
    };
    console.error(`[${backend}] channel ${label}`, out);
    return out;
  };
  const result: Record<string, unknown> = { backend, channels: CHANNELS };
  try {
    const tg = await people('tg', true, 40_000_000);
    result.telegram = await measure('telegram', tg.keys, () => fake.calls('sendMessage').filter((c) => c.response?.ok).map((c) => c.at));
    const mail = await people('mail', false, 0);
    const mailSet = new Set(mail.addresses);
    result.email = await measure('email', mail.keys, () => sink.messages.filter((m) => m.envelopeTo.some((a) => mailSet.has(a))).map((m) => m.at));
    const blocked = await people('blocked', true, 50_000_000);
    for (const k of blocked.keys) fake.failFor(k, 'blocked');
    const blockedSet = new Set(blocked.addresses);
    result.telegramBlockedToEmail = await measure('blocked', blocked.keys, () => sink.messages.filter((m) => m.envelopeTo.some((a) => blockedSet.has(a))).map((m) => m.at));
    // Zalo only: people whose single channel is Zalo (src/zalo/channel.ts, reply commands appended).
    const zaloKeys: string[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const [person] = await db.sql<{ id: number }[]>`insert into people (name) values (${`zalo ${i}`}) returning id`;
      await db.sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${person!.id}, 'zalo', ${`zalo${i.toString(16).padStart(16, '0')}`}, 10, 'bench')`;
      zaloKeys.push(String((1n << 60n) + BigInt(person!.id)));
    }
    result.zalo = await measure('zalo', zaloKeys, () => zalo.sentMessages().map((m) => m.date));
  } finally {
    await workers.close().catch(() => {});
    await queue.close();
    await reminders.close();
    pacerRedis?.disconnect();
    redis?.proc.kill('SIGTERM');
    await fake.close();
    await sink.close();
    await zalo.close();
    await db.drop();
  }
  return result;
}

const results = [];
if (ONLY !== 'channels') for (const b of BACKENDS) results.push(await run(b));
if (CHANNELS > 0) results.push(await runChannels(BACKENDS[0]!));
console.log(JSON.stringify(results, null, 2));
