/**
 * The reminder queue on Redis: deterministic ids from the row and its instant, jobs due at the planned instant,
 * and a job stored compactly — every value of its hash within Redis' listpack limit, so a queued reminder costs
 * about what a plain BullMQ job does (bench:queue).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/infra/logger.js';
import { QUEUE_NAMES } from '../../src/queue/jobs.js';
import { BullMqReminderQueue, reminderJobId } from '../../src/queue/reminder-queue.js';
import { createQueueRuntime, type QueueRuntime } from '../../src/queue/runtime.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

const prefix = `t${uniqueSuffix()}`;
let rt: QueueRuntime;
let redis: Redis;
beforeAll(() => {
  rt = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix, logger: silentLogger });
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  await rt.queue(QUEUE_NAMES.delivery).obliterate({ force: true });
  await rt.close();
  redis.disconnect();
});

describe('reminder queue on Redis', () => {
  it('derives ids from the row and its instant: never digits only, no colon, different when the row moves', () => {
    const id = reminderJobId(123_456, Date.UTC(2024, 2, 20, 1));
    expect(id).toMatch(/^r[0-9a-z]+-[0-9a-z]+$/);
    expect(reminderJobId(123_456, Date.UTC(2024, 2, 20, 1))).toBe(id);
    expect(reminderJobId(123_456, Date.UTC(2024, 2, 21, 1))).not.toBe(id);
    expect(reminderJobId(123_457, Date.UTC(2024, 2, 20, 1))).not.toBe(id);
  });

  it('stores each job compactly, due at its planned instant, and adding it again is a no-op', async () => {
    const queue = new BullMqReminderQueue(rt);
    const now = Date.now();
    const rows = [
      { id: 987_654, plannedAtMs: now + 30 * 86_400_000 },
      { id: 987_655, plannedAtMs: now + 3_600_000 },
    ];
    await queue.enqueueSends(rows, now);
    await queue.enqueueSends(rows, now);
    const q = rt.queue(QUEUE_NAMES.delivery);
    expect((await q.getJobCounts('delayed')).delayed).toBe(2);
    for (const r of rows) {
      const key = `${prefix}:${QUEUE_NAMES.delivery}:${reminderJobId(r.id, r.plannedAtMs)}`;
      expect(await redis.object('ENCODING', key)).toBe('listpack');
      const job = await q.getJob(reminderJobId(r.id, r.plannedAtMs));
      expect(job!.data).toEqual({ v: 1, reminderId: r.id });
      expect(job!.opts.attempts).toBe(5);
      // Due at the planned instant (BullMQ: timestamp + delay), give or take the time enqueueing took.
      expect(Math.abs(job!.timestamp + (job!.delay ?? 0) - r.plannedAtMs)).toBeLessThan(5_000);
    }
  });
});
