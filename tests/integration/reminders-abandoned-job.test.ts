/**
 * A worker that dies after taking a send job but before claiming its row (issue #16, point 12). The row stays
 * `planned`, and its job stays active under the dead worker's lock until BullMQ's stalled-job check releases it
 * (30 s lock, checked every 30 s: the 61 s "recovery after kill -9" the chaos script measured). The reconciler
 * finds such jobs through BullMQ's active list and plans the row again, so it goes out under a new job id while
 * the dead worker's job is still locked. The dead worker is a real BullMQ worker taking a job by hand
 * (`getNextJob`) and never finishing it, with a lock long enough that no stalled check can release it here.
 */
import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/infra/system-clock.js';
import { QUEUE_NAMES } from '../../src/queue/jobs.js';
import { BullMqReminderQueue } from '../../src/queue/reminder-queue.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';

let h: Harness | undefined;
let dead: Worker | undefined;
let connection: Redis | undefined;
afterAll(async () => {
  await dead?.close(true).catch(() => {});
  connection?.disconnect();
  await h?.close();
});

describe('a send job held by a worker that died before claiming its row', () => {
  it('is found by the reconciler and its row goes out under a new job while the dead job is still locked', async () => {
    h = await createHarness({ backend: 'redis', clock: systemClock, sendLeaseMs: 1000, fake: { now: () => Date.now() } });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    await leaveUnplanned(h.db.sql, [item!]);
    const chat = '7100001';
    const [row] = await h.db.sql<{ id: string }[]>`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      values (${item!}, 'reminder', '0', ${chat}::bigint, 'abandoned|1', now(), '{"audience":"focal"}') returning id`;
    const id = Number(row!.id);
    expect(await h.reminders.service.enqueueHorizon()).toBe(1);

    // The worker that dies: it takes the job (BullMQ marks it active and locks it) and never claims the row.
    connection = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
    dead = new Worker(QUEUE_NAMES.delivery, null, { connection, prefix: h.prefix, autorun: false, lockDuration: 600_000 });
    const job = (await dead.getNextJob(randomUUID())) as Job | undefined;
    expect(job?.data).toEqual({ v: 1, reminderId: id });
    const queue = new BullMqReminderQueue(h.queue);
    expect(await queue.abandonedSends(0)).toEqual([id]);
    expect(await queue.abandonedSends(3_600_000)).toEqual([]);

    // Held for longer than the send lease: no live worker holds a job that long without claiming its row.
    await eventually(async () => Date.now() - job!.processedOn! > 1000, 10_000, 'the lease to pass');
    await h.startWorker();
    const report = await h.reminders.service.reconcile();
    expect(report.abandonedRequeued).toBe(1);
    expect(report.enqueued).toBeGreaterThanOrEqual(1);

    await eventually(async () => {
      const [r] = await h!.db.sql<{ status: string }[]>`select status from reminders where id = ${id}`;
      return r!.status === 'sent';
    }, 60_000, 'the row to be sent');
    // Sent under the new job: the dead worker's job is still active and locked.
    expect(await job!.getState()).toBe('active');
    expect(h.fake.sentMessages(chat)).toHaveLength(1);
    const [final] = await h.db.sql<{ possible_duplicate: boolean; attempt: number }[]>`select possible_duplicate, attempt from reminders where id = ${id}`;
    // Never claimed before, so not a possible duplicate.
    expect(final).toEqual({ possible_duplicate: false, attempt: 1 });
  }, 120_000);
});
