/**
 * Worker role: one BullMQ worker per queue, dispatching by job name to the handler registry.
 * The delivery queue carries BullMQ's global limiter just under Telegram's overall limit (30 messages/s), which
 * holds across every worker process sharing the queue.
 */
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import { QUEUE_NAMES, InvalidJobPayloadError, type JobName } from '../src/queue/jobs.js';
import { createJobHandlers, type JobDeps, type JobHandlers } from './handlers.js';

/**
 * Two job starts every 78 ms (≈ 25.6 a second), shared by every worker process: just above the overall send gate's
 * 25 a second (src/telegram/chat-pacer.ts, which is what keeps Telegram's limit), so that the gate stays the
 * binding limit while few jobs start only to wait at it. Near-smooth on purpose: a fixed window of 30 per 1000 ms
 * can put up to 60 in one sliding second.
 */
export const DELIVERY_LIMITER = { max: 2, duration: 78 };

export interface WorkerHandle {
  description: string;
  workers: Worker[];
  close(): Promise<void>;
}

export interface StartWorkersOptions {
  /** Override the registry (tests). */
  handlers?: JobHandlers;
  /** Telegram's global limit. Default 30 per 1000 ms. */
  deliveryLimiter?: { max: number; duration: number };
  deliveryConcurrency?: number;
}

export async function startWorkers(deps: JobDeps, options: StartWorkersOptions = {}): Promise<WorkerHandle> {
  const handlers = options.handlers ?? createJobHandlers(deps);
  const dispatch = async (job: Job, token?: string) => {
    const handler = handlers[job.name as JobName];
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    try {
      return await handler(job, token);
    } catch (err) {
      if (err instanceof InvalidJobPayloadError) throw new UnrecoverableError(err.message);
      throw err;
    }
  };
  const delivery = deps.queue.worker(QUEUE_NAMES.delivery, dispatch, {
    concurrency: options.deliveryConcurrency ?? deps.config.domain.deliveryConcurrency,
    limiter: options.deliveryLimiter ?? DELIVERY_LIMITER,
    // For every send job here rather than in each job's options, which Redis then stores compactly
    // (src/queue/reminder-queue.ts): finished sends leave nothing; failed ones stay a week for a look.
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  const maintenance = deps.queue.worker(QUEUE_NAMES.maintenance, dispatch, { concurrency: 1 });
  for (const w of [delivery, maintenance]) {
    w.on('failed', (job, err) => {
      // BullMQ emits this on every failed attempt; the last one leaves the job for `nhacviec jobs failed`.
      const attempts = job?.opts.attempts ?? 1;
      const final = !job || job.attemptsMade >= attempts || err.name === 'UnrecoverableError';
      deps.logger[final ? 'error' : 'warn'](final ? 'job failed for good (see: nhacviec jobs failed)' : 'job failed, will retry', {
        job: job?.name,
        id: job?.id,
        attempt: job?.attemptsMade,
        attempts,
        err,
      });
    });
  }
  const names = Object.keys(handlers);
  return {
    description: `${names.length} job type(s): ${names.join(', ') || 'none'}`,
    workers: [delivery, maintenance],
    async close() {
      await Promise.allSettled([delivery.close(), maintenance.close()]);
    },
  };
}
