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
import { systemClock } from '../../src/infra/system-clock.js';
import { createHarness, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';
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
    const added = Date.now();
    const q = rt.queue(QUEUE_NAMES.delivery);
    expect((await q.getJobCounts('delayed')).delayed).toBe(2);
    for (const r of rows) {
      const key = `${prefix}:${QUEUE_NAMES.delivery}:${reminderJobId(r.id, r.plannedAtMs)}`;
      expect(await redis.object('ENCODING', key)).toBe('listpack');
      const job = await q.getJob(reminderJobId(r.id, r.plannedAtMs));
      expect(job!.data).toEqual({ v: 1, reminderId: r.id });
      expect(job!.opts.attempts).toBe(5);
      // Due at the planned instant (BullMQ: timestamp + delay): the delay is cut by the time enqueueing took, so the
      // sum is off by rounding to whole milliseconds only, and never by more than that time, however slow the machine.
      expect(job!.timestamp + (job!.delay ?? 0) - r.plannedAtMs).toBeGreaterThanOrEqual(-2);
      expect(job!.timestamp + (job!.delay ?? 0) - r.plannedAtMs).toBeLessThanOrEqual(added - now + 1);
    }
  });
});

/** Every job id in the delivery queue's delayed set (the generation marker left out). */
async function delayedIds(rt: QueueRuntime): Promise<string[]> {
  const jobs = await rt.queue(QUEUE_NAMES.delivery).getDelayed(0, -1);
  return jobs.map((j) => j.id!).filter((id) => id !== 'queue-generation-marker');
}

describe('bulk adds (issue #10, goal 6)', () => {
  it('adds a batch larger than every lane together exactly once, under the row ids, and again adds nothing', async () => {
    // 4 lanes of 1 000 jobs: 9 321 rows make each lane loop and end on a partial batch.
    const own = createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix: `b${uniqueSuffix()}`, logger: silentLogger });
    try {
      const queue = new BullMqReminderQueue(own);
      const now = Date.now();
      const rows = Array.from({ length: 9_321 }, (_, i) => ({ id: 500_000 + i * 7, plannedAtMs: now + 86_400_000 + i * 60_000 }));
      expect(await queue.enqueueSends(rows, now)).toBe(rows.length);
      const added = Date.now();
      const expected = rows.map((r) => reminderJobId(r.id, r.plannedAtMs)).sort();
      const first = (await delayedIds(own)).sort();
      expect(first).toEqual(expected);
      await queue.enqueueSends(rows, now);
      expect((await delayedIds(own)).sort()).toEqual(expected);
      // Each job carries its own row and is due at its row's instant (the first, a middle and the last batch).
      const q = own.queue(QUEUE_NAMES.delivery);
      for (const r of [rows[0]!, rows[4_567]!, rows.at(-1)!]) {
        const job = await q.getJob(reminderJobId(r.id, r.plannedAtMs));
        expect(job!.data).toEqual({ v: 1, reminderId: r.id });
        expect(job!.timestamp + (job!.delay ?? 0) - r.plannedAtMs).toBeGreaterThanOrEqual(-2);
        expect(job!.timestamp + (job!.delay ?? 0) - r.plannedAtMs).toBeLessThanOrEqual(added - now + 1);
      }
    } finally {
      await own.queue(QUEUE_NAMES.delivery).obliterate({ force: true });
      await own.close();
    }
  });

  describe('the reconciler enqueues a horizon larger than one slice', () => {
    let h: Harness | undefined;
    afterAll(async () => {
      await h?.queue.queue(QUEUE_NAMES.delivery).obliterate({ force: true });
      await h?.close();
    });

    it('puts every planned row in once, marks every row, and a full pass after a lost marker duplicates nothing', async () => {
      // Slices of 2 000 rows instead of the service's 20 000: the same loop, a tenth of the rows to add.
      h = await createHarness({ backend: 'redis', clock: systemClock, enqueueSliceRows: 2_000 });
      const p = await seedProvince(h.db.sql);
      const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
      await leaveUnplanned(h.db.sql, [item!]);
      // 2 000 rows a slice: 4 101 rows make two full slices and a partial one.
      const n = 4_101;
      const first = Date.now() + 86_400_000;
      await h.db.sql`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
        select ${item!}, 'reminder', '0', 40000000 + g, 'bulk|' || g, ${new Date(first)}::timestamptz + g * interval '1 second', '{"audience":"focal"}'
        from generate_series(0, ${n - 1}) g`;
      const rows = await h.db.sql<{ id: string; ms: string }[]>`
        select id, (extract(epoch from planned_at) * 1000)::bigint as ms from reminders where dedupe_key like 'bulk|%'`;
      const expected = rows.map((r) => reminderJobId(Number(r.id), Number(r.ms))).sort();
      expect(expected).toHaveLength(n);

      expect(await h.reminders.service.enqueueHorizon()).toBe(n);
      expect((await delayedIds(h.queue)).sort()).toEqual(expected);
      const [unmarked] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from reminders where dedupe_key like 'bulk|%' and enqueued_at is null`;
      expect(unmarked!.n).toBe(0);
      // Nothing new: nothing added.
      expect(await h.reminders.service.enqueueHorizon()).toBe(0);
      // The queue lost its generation marker: every row again, under the same ids, no duplicates.
      await (await h.queue.queue(QUEUE_NAMES.delivery).getJob('queue-generation-marker'))?.remove();
      expect(await h.reminders.service.enqueueHorizon()).toBe(n);
      expect((await delayedIds(h.queue)).sort()).toEqual(expected);
    }, 300_000);
  });
});
