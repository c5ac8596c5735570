/**
 * The whole reminder pipeline against real services: a fresh database, BullMQ on Redis or on PostgreSQL, the
 * fake Telegram Bot API over HTTP, the real grammY Api, and a worker started exactly as the service starts it.
 */
import { Redis } from 'ioredis';
import { createConfig, type Config } from '../../config/env.js';
import { startWorkers, type WorkerHandle } from '../../jobs/worker.js';
import { createReminderRuntime, type ReminderRuntime, type ReminderRuntimeDeps } from '../../jobs/reminders.js';
import type { Clock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createQueueRuntime, migrateQueueSchema, type QueueRuntime } from '../../src/queue/runtime.js';
import { PostgresChatPacer, RedisChatPacer } from '../../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../../src/telegram/create-api.js';
import { TelegramNotifier } from '../../src/telegram/notifier.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { FakeTelegram, type FakeTelegramOptions } from './fake-telegram.js';
import { TEST_REDIS_URL, uniqueSuffix } from './services.js';

export interface Harness {
  redisUrl: string;
  prefix: string;
  db: TestDatabase;
  fake: FakeTelegram;
  config: Config;
  queue: QueueRuntime;
  reminders: ReminderRuntime;
  redis?: Redis;
  startWorker(opts?: { deliveryLimiter?: { max: number; duration: number }; deliveryConcurrency?: number }): Promise<WorkerHandle>;
  close(): Promise<void>;
}

export async function createHarness(options: {
  backend: 'redis' | 'postgres';
  clock: Clock;
  fake?: FakeTelegramOptions;
  redisDb?: number;
  env?: Record<string, string>;
  sendLeaseMs?: number;
  /** Rows per slice of the reminder service's `enqueueHorizon` (default: the service's). */
  enqueueSliceRows?: number;
  /** The notifier's HTTP client timeout in seconds. Default 3. */
  apiTimeoutSeconds?: number;
  /** Counters for `/metrics`, passed to the reminder service. */
  metrics?: ReminderRuntimeDeps['metrics'];
  /** The overall send gate; default: the runtime's own (on Redis, or PostgreSQL). */
  sendGate?: ReminderRuntimeDeps['sendGate'];
}): Promise<Harness> {
  const db = await createTestDatabase(`rem_${options.backend}`);
  const fake = new FakeTelegram(options.fake);
  await fake.start();
  const prefix = `t${uniqueSuffix()}`;
  const redisUrl = `${TEST_REDIS_URL}/${options.redisDb ?? 0}`;
  const config = createConfig({
    DATABASE_URL: db.url,
    ...(options.backend === 'redis' ? { REDIS_URL: redisUrl } : {}),
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...options.env,
  });
  if (options.backend === 'postgres') await migrateQueueSchema(db.url);
  const queue = createQueueRuntime(
    options.backend === 'redis'
      ? { backend: 'redis', url: redisUrl, prefix, logger: silentLogger }
      : { backend: 'postgres', databaseUrl: db.url, logger: silentLogger },
  );
  const redis = options.backend === 'redis' ? new Redis(redisUrl) : undefined;
  const reminders = createReminderRuntime({
    config,
    database: db,
    queue,
    logger: silentLogger,
    clock: options.clock,
    notifier: new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: options.apiTimeoutSeconds ?? 3 })),
    pacer: redis ? new RedisChatPacer(redis, { keyPrefix: `${prefix}:` }) : new PostgresChatPacer(db.sql),
    ...(options.sendLeaseMs !== undefined ? { sendLeaseMs: options.sendLeaseMs } : {}),
    ...(options.enqueueSliceRows !== undefined ? { enqueueSliceRows: options.enqueueSliceRows } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.sendGate ? { sendGate: options.sendGate } : {}),
  });
  const workers: WorkerHandle[] = [];
  return {
    redisUrl,
    prefix,
    db,
    fake,
    config,
    queue,
    reminders,
    ...(redis ? { redis } : {}),
    async startWorker(opts = {}) {
      const w = await startWorkers(
        { config, database: db, queue, logger: silentLogger, clock: options.clock, reminders: reminders.service, digests: reminders.digests },
        opts,
      );
      workers.push(w);
      return w;
    },
    async close() {
      for (const w of workers) await w.close();
      await queue.close();
      await reminders.close();
      redis?.disconnect();
      await fake.close();
      await db.drop();
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
