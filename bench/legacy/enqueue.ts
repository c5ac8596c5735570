/**
 * The reminder queue's add path and the store's enqueue bookkeeping before issue #10 goal 6 (commit f1942f5),
 * kept so that `npm run bench:db` can run old and new side by side. Not used by the application.
 */
import { performance } from 'node:perf_hooks';
import type { Sql } from '../../src/db/client.js';
import { QUEUE_NAMES, jobCatalog } from '../../src/queue/jobs.js';
import { reminderJobId } from '../../src/queue/reminder-queue.js';
import type { QueueRuntime } from '../../src/queue/runtime.js';

const BULK = 1000;
const PARALLEL = 4;

/** `BullMqReminderQueue.enqueueSends` as it was: `addBulk` of 1 000 jobs, four at a time. */
export async function legacyEnqueueSends(runtime: QueueRuntime, rows: readonly { id: number; plannedAtMs: number }[], nowMs: number): Promise<number> {
  const queue = runtime.queue(QUEUE_NAMES.delivery);
  const batches: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += BULK) batches.push(rows.slice(i, i + BULK));
  const started = performance.now();
  const job = (r: { id: number; plannedAtMs: number }, elapsedMs: number) => ({
    name: 'reminders.send',
    data: { v: 1 as const, reminderId: r.id },
    opts: {
      jobId: reminderJobId(r.id, r.plannedAtMs),
      delay: Math.max(0, Math.round(r.plannedAtMs - nowMs - elapsedMs)),
      attempts: jobCatalog['reminders.send'].attempts,
    },
  });
  for (let i = 0; i < batches.length; i += PARALLEL) {
    const elapsed = performance.now() - started;
    await Promise.all(batches.slice(i, i + PARALLEL).map((batch) => queue.addBulk(batch.map((r) => job(r, elapsed)))));
  }
  return rows.length;
}

/** `PostgresReminderStore.plannedUntil` as it was. */
export async function legacyPlannedUntil(sql: Sql, untilMs: number, limit: number, onlyNew = false): Promise<{ id: number; plannedAtMs: number }[]> {
  const rows = await sql<{ id: string; ms: string }[]>`
    select id, (extract(epoch from planned_at) * 1000)::bigint as ms from reminders
    where status = 'planned' and planned_at <= ${new Date(untilMs)} ${onlyNew ? sql`and enqueued_at is null` : sql``}
    order by planned_at, id
    limit ${limit}`;
  return rows.map((r) => ({ id: Number(r.id), plannedAtMs: Number(r.ms) }));
}

/** `PostgresReminderStore.markEnqueued` as it was. */
export async function legacyMarkEnqueued(sql: Sql, ids: readonly number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await sql.begin(async (tx) => {
    await tx`set local plan_cache_mode = force_custom_plan`;
    for (let i = 0; i < ids.length; i += 50_000) {
      await tx`update reminders set enqueued_at = ${at} where id = any(${ids.slice(i, i + 50_000) as number[]}::bigint[])`;
    }
  });
}
