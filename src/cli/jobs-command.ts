/**
 * `nhacviec jobs failed [--retry] [--id <id…>] [--json]`: lists the queue's failed jobs (those that used up the
 * attempts of the job catalog, src/queue/jobs.ts), newest first, and with `--retry` puts them back to run.
 * Works on either queue backend: Redis (REDIS_URL) or PostgreSQL (the application database).
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { Config } from '../../config/env.js';
import { listFailedJobs, retryFailedJobs, type FailedJob } from '../queue/failed-jobs.js';
import { withConfiguredQueue } from '../queue-wiring.js';

export interface JobsCommandDeps {
  openDatabase(): Promise<{ url: string; close(): Promise<void> }>;
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const JOB_VI: Record<string, string> = {
  'reminders.send': 'gửi nhắc việc',
  'reminders.reconcile': 'đối soát nhắc việc',
  'digests.run': 'báo cáo tổng hợp',
};

/** One job as a Vietnamese line and its error, for a person at a terminal. */
export function describeFailedJob(job: FailedJob, zone: string): string {
  const at = job.failedAt ? DateTime.fromJSDate(job.failedAt, { zone }).toFormat('dd/LL/yyyy HH:mm') : '?';
  const reason = job.reason.split('\n')[0]!.slice(0, 300);
  return (
    `- ${job.name} (${JOB_VI[job.name] ?? job.name}), mã ${job.id}, hàng đợi ${job.queue}\n` +
    `  thất bại lúc ${at} sau ${job.attemptsMade}/${job.attempts} lần thử\n` +
    `  lỗi: ${reason || '(không rõ)'}\n`
  );
}

export function registerJobsCommand(program: Command, deps: JobsCommandDeps): Command {
  const jobs = program.command('jobs').description('việc trong hàng đợi (gửi nhắc việc, đối soát, báo cáo tổng hợp)');
  jobs
    .command('failed')
    .description('liệt kê các việc đã thất bại sau mọi lần thử lại; --retry để chạy lại')
    .option('--retry', 'đưa các việc thất bại trở lại hàng đợi để chạy lại')
    .option('--id <ids...>', 'chỉ các việc có mã này (dùng cùng --retry)')
    .option('--json', 'kết quả dạng JSON')
    .action(async (opts: { retry?: boolean; id?: string[]; json?: boolean }) => {
      const zone = deps.config.domain.timeZone;
      await withConfiguredQueue(deps.config, () => deps.openDatabase(), async (queue) => {
        if (opts.retry) {
          const retried = await retryFailedJobs(queue, opts.id);
          if (opts.json) deps.stdout.write(`${JSON.stringify({ retried }, null, 2)}\n`);
          else if (retried.length === 0) deps.stdout.write('Không có việc thất bại nào để chạy lại.\n');
          else deps.stdout.write(`Đã đưa ${retried.length} việc trở lại hàng đợi:\n${retried.map((j) => `- ${j.name}, mã ${j.id}\n`).join('')}`);
          return;
        }
        const failed = await listFailedJobs(queue);
        if (opts.json) deps.stdout.write(`${JSON.stringify({ failed }, null, 2)}\n`);
        else if (failed.length === 0) deps.stdout.write('Không có việc nào thất bại.\n');
        else
          deps.stdout.write(
            `${failed.length} việc thất bại (mới nhất trước):\n${failed.map((j) => describeFailedJob(j, zone)).join('')}` +
              'Chạy lại tất cả: nhacviec jobs failed --retry (hoặc --retry --id <mã>).\n',
          );
      });
    });
  return jobs;
}
