/**
 * The reminder queue on BullMQ: one delayed `reminders.send` job per row, `{ v, reminderId }` only. The job id
 * derives from the row and its planned instant (`rem-<id>-<ms>`): re-adding a queued row is a no-op, and a row
 * moved to another time gets a fresh job (the old one finds nothing to claim).
 */
import type { ReminderQueue } from '../app/ports.js';
import { QUEUE_NAMES, jobCatalog, jobId } from './jobs.js';
import type { QueueRuntime } from './runtime.js';

const BULK = 1000;

export function reminderJobId(id: number, plannedAtMs: number): string {
  return jobId('rem', id, plannedAtMs);
}

export class BullMqReminderQueue implements ReminderQueue {
  constructor(private readonly runtime: QueueRuntime) {}

  async enqueueSends(rows: readonly { id: number; plannedAtMs: number }[], nowMs: number): Promise<number> {
    const queue = this.runtime.queue(QUEUE_NAMES.delivery);
    for (let i = 0; i < rows.length; i += BULK) {
      await queue.addBulk(
        rows.slice(i, i + BULK).map((r) => ({
          name: 'reminders.send',
          data: { v: 1 as const, reminderId: r.id },
          opts: {
            jobId: reminderJobId(r.id, r.plannedAtMs),
            // An explicit timestamp: the job is due at its planned instant however long enqueueing takes.
            timestamp: nowMs,
            delay: Math.max(0, r.plannedAtMs - nowMs),
            attempts: jobCatalog['reminders.send'].attempts,
            backoff: { type: 'exponential', delay: 2000 },
            removeOnComplete: true,
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
    }
    return rows.length;
  }
}
