/**
 * The reminder queue on BullMQ: one delayed `reminders.send` job per row, `{ v, reminderId }` only. The job id
 * derives from the row and its planned instant (`rem-<id>-<ms>`): re-adding a queued row is a no-op, and a row
 * moved to another time gets a fresh job (the old one finds nothing to claim).
 */
import type { ReminderQueue } from '../app/ports.js';
import { QUEUE_NAMES, jobId, jobOptions } from './jobs.js';
import type { QueueRuntime } from './runtime.js';

const BULK = 1000;
/** addBulk calls in flight at once: BullMQ's per-job scripts pipeline better a few batches at a time. */
const PARALLEL = 4;
/** The marker job carrying the queue's generation; due in ten years, never run. */
export const GENERATION_MARKER_ID = 'queue-generation-marker';
const MARKER_DELAY_MS = 10 * 365 * 86_400_000;

export function reminderJobId(id: number, plannedAtMs: number): string {
  return jobId('rem', id, plannedAtMs);
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

  async enqueueSends(rows: readonly { id: number; plannedAtMs: number }[], nowMs: number): Promise<number> {
    const queue = this.runtime.queue(QUEUE_NAMES.delivery);
    const batches: (typeof rows)[] = [];
    for (let i = 0; i < rows.length; i += BULK) batches.push(rows.slice(i, i + BULK));
    const job = (r: { id: number; plannedAtMs: number }) => ({
      name: 'reminders.send',
      data: { v: 1 as const, reminderId: r.id },
      opts: {
        jobId: reminderJobId(r.id, r.plannedAtMs),
        // An explicit timestamp: the job is due at its planned instant however long enqueueing takes.
        timestamp: nowMs,
        delay: Math.max(0, r.plannedAtMs - nowMs),
        ...jobOptions('reminders.send'),
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    for (let i = 0; i < batches.length; i += PARALLEL) {
      await Promise.all(batches.slice(i, i + PARALLEL).map((batch) => queue.addBulk(batch.map(job))));
    }
    return rows.length;
  }
}
