/**
 * Job handlers: thin — validate the payload, call one use case. The registry is what the worker dispatches on.
 */
import { DelayedError, type Job } from 'bullmq';
import type { Config } from '../config/env.js';
import type { DigestService } from '../src/app/digests/service.js';
import type { EvidenceArchiver } from '../src/app/evidence/archive.js';
import type { ReminderService } from '../src/app/reminders/service.js';
import type { Database } from '../src/db/client.js';
import type { Clock } from '../src/domain/clock.js';
import type { Logger } from '../src/infra/logger.js';
import { parseJobPayload, type JobName } from '../src/queue/jobs.js';
import type { QueueRuntime } from '../src/queue/runtime.js';

export interface JobDeps {
  config: Config;
  database: Database;
  queue: QueueRuntime;
  logger: Logger;
  clock: Clock;
  reminders: ReminderService;
  digests: DigestService;
  /** Copies evidence files after each reconciliation (absent without a Telegram token). */
  evidence?: EvidenceArchiver | null;
}

export type JobHandler = (job: Job, token?: string) => Promise<unknown>;
export type JobHandlers = Partial<Record<JobName, JobHandler>>;

export function createJobHandlers(deps: JobDeps): JobHandlers {
  return {
    'reminders.send': async (job, token) => {
      const { reminderId } = parseJobPayload('reminders.send', job.data);
      const result = await deps.reminders.deliver(reminderId);
      if (result.outcome === 'retry_later') {
        // Not an error: the row went back to `planned`; the same job runs again after the wait.
        await job.moveToDelayed(deps.clock.now().getTime() + result.delayMs, token);
        throw new DelayedError();
      }
      return result;
    },
    'reminders.reconcile': async (job) => {
      const { reason } = parseJobPayload('reminders.reconcile', job.data);
      const report = await deps.reminders.reconcile();
      deps.logger.info(`reconciled (${reason})`, { ...report, replan: undefined, ...report.replan });
      if (deps.evidence) {
        // Evidence files are copied on the same tick; a failure here never fails the reconciliation.
        try {
          const archived = await deps.evidence.archivePending();
          if (archived.stored + archived.tooLarge + archived.retried + archived.failed > 0) deps.logger.info('evidence files', { ...archived });
        } catch (err) {
          deps.logger.warn('evidence archiving failed (retried on the next tick)', { err });
        }
      }
      return report;
    },
    'digests.run': async (job) => {
      const { kind, periodKey } = parseJobPayload('digests.run', job.data);
      const report = await deps.digests.run(kind, periodKey);
      deps.logger.info(`digest ${kind} ${periodKey}: ${report.messages} message(s) to ${report.recipients} recipient(s)`);
      return report;
    },
  };
}
