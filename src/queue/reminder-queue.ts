/**
 * The reminder queue on BullMQ: one delayed `reminders.send` job per row, `{ v, reminderId }` only. The job id
 * derives from the row and its planned instant (`r<id>-<ms>`, both base 36): re-adding a queued row is a no-op,
 * and a row moved to another time gets a fresh job (the old one finds nothing to claim).
 *
 * Redis memory (bench:queue): a job is a hash, and Redis keeps a hash compact (listpack) only while every value
 * is at most 64 bytes (`hash-max-listpack-value`); past that it becomes a hash table at about three times the
 * size. So a job's stored options stay under 64 bytes: id, delay and attempts only. Completed and failed jobs
 * are removed by the delivery worker's own options (jobs/worker.ts), not per job; a failed attempt is retried
 * at once (no backoff option, which alone would push the options past 64 bytes) — the delivery itself waits
 * out rate limits by re-delaying its job, and a row whose job failed for good is still `planned`, so the
 * reconciler's catch-up sends it (src/app/reminders/README.md).
 */
import { performance } from 'node:perf_hooks';
import type { ReminderQueue } from '../app/ports.js';
import { QUEUE_NAMES, jobCatalog, jobId } from './jobs.js';
import type { QueueRuntime } from './runtime.js';

const BULK = 1000;
/**
 * `addBulk` calls in flight at once. A sliding window, not rounds: while Redis runs one batch's scripts, this
 * process builds and sends the next, so the two overlap instead of waiting for each other (bench:db).
 */
const IN_FLIGHT = 4;
/** The marker job carrying the queue's generation; due in ten years, never run. */
export const GENERATION_MARKER_ID = 'queue-generation-marker';
const MARKER_DELAY_MS = 10 * 365 * 86_400_000;

export function reminderJobId(id: number, plannedAtMs: number): string {
  return jobId(`r${id.toString(36)}`, plannedAtMs.toString(36));
}

export class BullMqReminderQueue implements ReminderQueue {
  constructor(private readonly runtime: QueueRuntime) {}

  async generation(): Promise<number | null> {
    const job = await this.runtime.queue(QUEUE_NAMES.delivery).getJob(GENERATION_MARKER_ID);
    const gen = (job?.data as { generation?: unknown } | undefined)?.generation;
    return typeof gen === 'number' ? gen : null;
  }

  async setGeneration(generation: number): Promise<void> {
    const queue = this.runtime.queue(QUEUE_NAMES.delivery);
    const job = await queue.getJob(GENERATION_MARKER_ID);
    if (job) await job.updateData({ generation });
    else await queue.add('queue.marker', { generation }, { jobId: GENERATION_MARKER_ID, delay: MARKER_DELAY_MS });
  }

  async abandonedSends(heldForMs: number): Promise<number[]> {
    // BullMQ's active list holds the jobs workers took (a few per worker); `processedOn` is when one was taken.
    const active = await this.runtime.queue(QUEUE_NAMES.delivery).getActive();
    const before = Date.now() - heldForMs;
    const ids: number[] = [];
    for (const job of active) {
      const id = (job?.data as { reminderId?: unknown } | undefined)?.reminderId;
      if (job?.name === 'reminders.send' && typeof id === 'number' && (job.processedOn ?? Infinity) <= before) ids.push(id);
    }
    return ids;
  }

  async enqueueSends(rows: readonly { id: number; plannedAtMs: number }[], nowMs: number): Promise<number> {
    const queue = this.runtime.queue(QUEUE_NAMES.delivery);
    // Delays count from `nowMs` plus the time spent here, so a job is due at its row's planned instant however
    // long enqueueing a large horizon takes (an explicit `timestamp` option would do the same, but costs bytes).
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
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const batch = rows.slice(next, (next += BULK));
        const elapsed = performance.now() - started;
        await queue.addBulk(batch.map((r) => job(r, elapsed)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(rows.length / BULK)) }, lane));
    return rows.length;
  }
}
