/**
 * Job handlers: thin — validate the payload, call one use case. The registry is what the worker dispatches on.
 */
import type { Job } from 'bullmq';
import type { Config } from '../config/env.js';
import type { Database } from '../src/db/client.js';
import type { Clock } from '../src/domain/clock.js';
import type { Logger } from '../src/infra/logger.js';
import type { JobName } from '../src/queue/jobs.js';
import type { QueueRuntime } from '../src/queue/runtime.js';

export interface JobDeps {
  config: Config;
  database: Database;
  queue: QueueRuntime;
  logger: Logger;
  clock: Clock;
}

export type JobHandler = (job: Job) => Promise<unknown>;
export type JobHandlers = Partial<Record<JobName, JobHandler>>;

/** The handlers this build provides. */
export function createJobHandlers(_deps: JobDeps): JobHandlers {
  return {};
}
