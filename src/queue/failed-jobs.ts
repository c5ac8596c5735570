/**
 * Failed jobs: those that used up their catalog attempts (or failed without retry). Listed and retried by
 * `nhacviec jobs failed [--retry]`; the same BullMQ API on the Redis and PostgreSQL backends.
 */
import { QUEUE_NAMES } from './jobs.js';
import type { QueueRuntime } from './runtime.js';

export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  /** Attempts made, and allowed by the job's options. */
  attemptsMade: number;
  attempts: number;
  failedAt: Date | null;
  reason: string;
  data: unknown;
}

/** At most this many failed jobs per queue are listed (newest first). */
export const FAILED_LIST_LIMIT = 200;

/** The failed jobs of every queue, newest first; at most `limit` per queue (`Infinity`: all). */
export async function listFailedJobs(runtime: QueueRuntime, limit = FAILED_LIST_LIMIT): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const name of Object.values(QUEUE_NAMES)) {
    // BullMQ's ranges are inclusive; -1 means "to the end".
    const jobs = await runtime.queue(name).getFailed(0, Number.isFinite(limit) ? limit - 1 : -1);
    for (const job of jobs) {
      if (!job?.id) continue;
      out.push({
        queue: name,
        id: job.id,
        name: job.name,
        attemptsMade: job.attemptsMade,
        attempts: job.opts.attempts ?? 1,
        failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
        reason: job.failedReason ?? '',
        data: job.data,
      });
    }
  }
  return out.sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
}

/** Puts failed jobs back to waiting (all of them, or those with the given ids); returns the ids retried. */
export async function retryFailedJobs(runtime: QueueRuntime, ids?: readonly string[]): Promise<FailedJob[]> {
  const wanted = ids && ids.length > 0 ? new Set(ids) : null;
  const retried: FailedJob[] = [];
  for (const f of await listFailedJobs(runtime, Infinity)) {
    if (wanted && !wanted.has(f.id)) continue;
    const job = await runtime.queue(f.queue).getJob(f.id);
    if (!job) continue;
    await job.retry('failed');
    retried.push(f);
  }
  return retried;
}
