/**
 * Scheduler role: node-cron ticks in the configured zone. Ticks only enqueue, with ids derived from the tick's
 * minute, so several scheduler processes collapse to one job per tick.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { DateTime } from 'luxon';
import type { Config } from '../config/env.js';
import type { Clock } from '../src/domain/clock.js';
import type { Logger } from '../src/infra/logger.js';
import { QUEUE_NAMES, jobId, jobOptions, type JobName, type JobPayload } from '../src/queue/jobs.js';
import type { QueueRuntime } from '../src/queue/runtime.js';

export interface SchedulerDeps {
  config: Config;
  queue: QueueRuntime;
  logger: Logger;
  clock: Clock;
}

export interface SchedulerHandle {
  description: string;
  /** Runs one tick now (start-up path, tests). */
  tick<N extends JobName>(name: N, payload: JobPayload<N>): Promise<void>;
  stop(): Promise<void>;
}

/** The deterministic id of a tick: job name + the minute it belongs to, in the configured zone. */
export function tickJobId(name: string, at: Date, zone: string, extra = ''): string {
  const minute = DateTime.fromJSDate(at, { zone }).toFormat("yyyyLLdd'T'HHmm");
  return jobId(name.replace(/\./g, '_'), minute, ...(extra ? [extra] : []));
}

export function startScheduler(deps: SchedulerDeps): SchedulerHandle {
  const { config, queue, logger, clock } = deps;
  const zone = config.domain.timeZone;
  const tasks: ScheduledTask[] = [];
  const enqueue = async <N extends JobName>(name: N, payload: JobPayload<N>, extra = '') => {
    const id = tickJobId(name, clock.now(), zone, extra);
    await queue.queue(QUEUE_NAMES.maintenance).add(name, payload, {
      ...jobOptions(name),
      jobId: id,
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  };
  const schedule = (expr: string, label: string, fn: () => Promise<void>) => {
    tasks.push(
      cron.schedule(
        expr,
        () => {
          fn().catch((err: unknown) => logger.warn(`tick ${label} failed to enqueue`, { err }));
        },
        { timezone: zone, name: label },
      ),
    );
  };
  schedule(config.schedules.reconcile, 'reconcile', () => enqueue('reminders.reconcile', { v: 1, reason: 'tick' }));
  const day = () => DateTime.fromJSDate(clock.now(), { zone }).toISODate() ?? 'unknown';
  schedule(config.schedules.digestLeadership, 'digest-leadership', () =>
    enqueue('digests.run', { v: 1, kind: 'leadership', periodKey: day() }, 'leadership'),
  );
  schedule(config.schedules.digestCoordinator, 'digest-coordinator', () =>
    enqueue('digests.run', { v: 1, kind: 'coordinator', periodKey: day() }, 'coordinator'),
  );
  schedule(config.schedules.digestUnit, 'digest-unit', () =>
    enqueue('digests.run', { v: 1, kind: 'unit', periodKey: day() }, 'unit'),
  );
  return {
    description: `${tasks.length} cron schedule(s) in ${zone}`,
    tick: (name, payload) => enqueue(name, payload),
    async stop() {
      await Promise.all(tasks.map(async (t) => t.stop()));
    },
  };
}
