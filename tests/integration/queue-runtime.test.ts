/**
 * The queue runtime on both backends, against real servers: the same application code enqueues a delayed job
 * with a deterministic id, a duplicate add collapses onto it, and a worker processes it.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueRuntime, migrateQueueSchema, checkRedisDurability, type QueueRuntime } from '../../src/queue/runtime.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { eventually } from '../helpers/reminder-harness.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('queue');
  await migrateQueueSchema(db.url);
});
afterAll(async () => {
  await db?.drop();
});

const backends: [string, () => QueueRuntime][] = [
  ['postgres', () => createQueueRuntime({ backend: 'postgres', databaseUrl: db.url, logger: silentLogger })],
  ['redis', () => createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix: `t${uniqueSuffix()}`, logger: silentLogger })],
];

describe.each(backends)('queue runtime on %s', (backend, make) => {
  it('pings, dedupes by job id, and processes a delayed job at its time', async () => {
    const rt = make();
    try {
      expect(rt.backend).toBe(backend);
      await rt.ping();
      const name = `q${uniqueSuffix()}`;
      const q = rt.queue(name);
      const runAt = Date.now() + 300;
      const seen: { id: string | undefined; data: unknown; at: number }[] = [];
      const done = new Promise<void>((resolve) => {
        rt.worker(name, async (job) => {
          seen.push({ id: job.id, data: job.data, at: Date.now() });
          resolve();
        });
      });
      await q.add('reminders.send', { v: 1, reminderId: 1 }, { jobId: 'rem-1-reminder-0-5', delay: runAt - Date.now() });
      await q.add('reminders.send', { v: 1, reminderId: 1 }, { jobId: 'rem-1-reminder-0-5', delay: 0 });
      await done;
      // Drained: nothing waits, is delayed or runs, so no second job can come after the first.
      await eventually(async () => {
        const c = await q.getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
        return Object.values(c).every((n) => n === 0);
      }, 20_000, 'the queue drained');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.id).toBe('rem-1-reminder-0-5');
      expect(seen[0]!.data).toEqual({ v: 1, reminderId: 1 });
      expect(seen[0]!.at).toBeGreaterThanOrEqual(runAt - 5);
    } finally {
      await rt.close();
    }
  });
});

describe('Redis durability check against the live server', () => {
  it('warns exactly about the settings the live server lacks', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    redis.disconnect();
    const warnings = await checkRedisDurability(TEST_REDIS_URL);
    expect(warnings.some((w) => /appendonly is off/.test(w))).toBe(aof !== 'yes');
    expect(warnings.some((w) => /maxmemory-policy/.test(w))).toBe(policy !== 'noeviction');
  });
});

describe('PostgreSQL queue backend health', () => {
  it('fails ping with a clear message when the BullMQ schema was never migrated', async () => {
    const fresh = await createTestDatabase('nobull');
    const rt = createQueueRuntime({ backend: 'postgres', databaseUrl: fresh.url, logger: silentLogger });
    try {
      await expect(rt.ping()).rejects.toThrow(/BullMQ schema "bullmq" is missing/);
    } finally {
      await rt.close();
      await fresh.drop();
    }
  });
});
