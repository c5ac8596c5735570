/**
 * Issue #16.15: reconcile and digest jobs are retried with backoff (the job catalog's attempts reach every
 * producer), and jobs that used up their attempts are listed and retried by `nhacviec jobs failed [--retry]`.
 * On both queue backends, with the real scheduler's enqueue path and the real worker's dispatch; the handlers are
 * the worker's injectable registry, made to fail on purpose. Backoff waits are skipped with `job.promote()`, so
 * nothing here waits for the clock.
 */
import { Writable } from 'node:stream';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { startScheduler, tickJobId } from '../../jobs/scheduler.js';
import { startWorkers } from '../../jobs/worker.js';
import type { JobDeps } from '../../jobs/handlers.js';
import { buildProgram } from '../../src/cli/main.js';
import { ManualClock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/infra/logger.js';
import { listFailedJobs } from '../../src/queue/failed-jobs.js';
import { QUEUE_NAMES, jobCatalog } from '../../src/queue/jobs.js';
import { createQueueRuntime, migrateQueueSchema, type QueueRuntime } from '../../src/queue/runtime.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('retries');
  await migrateQueueSchema(db.url);
});
afterAll(async () => {
  await db?.drop();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stateOf(rt: QueueRuntime, id: string): Promise<{ state: string; job: Job }> {
  const job = (await rt.queue(QUEUE_NAMES.maintenance).getJob(id))!;
  return { state: await job.getState(), job };
}

async function runCli(env: Record<string, string>, args: string[]): Promise<string> {
  let out = '';
  const sink = new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) });
  const program = await buildProgram({ stdout: sink, stderr: sink, stdin: process.stdin, env }, ['node', 'nhacviec', ...args]);
  await program.parseAsync(['node', 'nhacviec', ...args]);
  return out;
}

const backends: [string, () => { env: Record<string, string>; rt: QueueRuntime }][] = [
  [
    'postgres',
    () => ({ env: { DATABASE_URL: db.url }, rt: createQueueRuntime({ backend: 'postgres', databaseUrl: db.url, logger: silentLogger }) }),
  ],
  [
    'redis',
    () => {
      const prefix = `t${uniqueSuffix()}`;
      return {
        env: { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix },
        rt: createQueueRuntime({ backend: 'redis', url: TEST_REDIS_URL, prefix, logger: silentLogger }),
      };
    },
  ],
];

describe.each(backends)('job retries on %s (#16.15)', (_backend, make) => {
  it('retries a failing digest with backoff, and lists then retries a reconcile that used up its attempts', async () => {
    const { env, rt } = make();
    const config = createConfig(env);
    const clock = new ManualClock('2024-03-04T01:00:00Z');
    const calls = { digest: 0, reconcile: 0 };
    let reconcileFixed = false;
    const workers = await startWorkers({ config, database: db, queue: rt, logger: silentLogger, clock } as unknown as JobDeps, {
      handlers: {
        'digests.run': async () => {
          if (++calls.digest === 1) throw new Error('database went away');
          return { ok: true };
        },
        'reminders.reconcile': async () => {
          calls.reconcile++;
          if (!reconcileFixed) throw new Error('reconcile failed: connection refused');
          return { ok: true };
        },
      },
    });
    const scheduler = startScheduler({ config, queue: rt, logger: silentLogger, clock });
    try {
      // A digest tick fails once: it waits for its backoff instead of failing for good.
      await scheduler.tick('digests.run', { v: 1, kind: 'leadership', periodKey: '2024-03-04' });
      const digestId = tickJobId('digests.run', clock.now(), config.domain.timeZone);
      const delayed = await until('the digest to wait for its retry', async () => {
        const s = await stateOf(rt, digestId);
        if (s.state === 'failed') throw new Error(`the digest failed for good after ${s.job.attemptsMade} attempt(s)`);
        // The backend may report the state before the attempt count: wait for both.
        return s.state === 'delayed' && s.job.attemptsMade >= 1 && s;
      });
      expect(delayed.job.attemptsMade).toBe(1);
      expect(delayed.job.opts.attempts).toBe(jobCatalog['digests.run'].attempts);
      expect(delayed.job.opts.backoff).toEqual(jobCatalog['digests.run'].backoff);
      await delayed.job.promote();
      await until('the digest to complete on its second attempt', async () => (await stateOf(rt, digestId)).state === 'completed');
      expect(calls.digest).toBe(2);

      // A reconcile tick fails on every attempt: it ends failed after the catalog's attempts, and is listed.
      clock.set(new Date('2024-03-04T01:05:00Z'));
      await scheduler.tick('reminders.reconcile', { v: 1, reason: 'tick' });
      const reconcileId = tickJobId('reminders.reconcile', clock.now(), config.domain.timeZone);
      await until('the reconcile to use up its attempts', async () => {
        const s = await stateOf(rt, reconcileId);
        if (s.state === 'delayed') await s.job.promote();
        return s.state === 'failed' && s.job.attemptsMade >= jobCatalog['reminders.reconcile'].attempts;
      });
      expect(calls.reconcile).toBe(jobCatalog['reminders.reconcile'].attempts);
      const failed = await listFailedJobs(rt);
      expect(failed.map((f) => [f.id, f.name, f.attemptsMade, f.attempts])).toEqual([[reconcileId, 'reminders.reconcile', 3, 3]]);

      const listing = await runCli(env, ['jobs', 'failed']);
      expect(listing).toContain('1 việc thất bại');
      expect(listing).toContain(`reminders.reconcile (đối soát nhắc việc), mã ${reconcileId}`);
      expect(listing).toContain('sau 3/3 lần thử');
      expect(listing).toContain('lỗi: reconcile failed: connection refused');

      reconcileFixed = true;
      expect(await runCli(env, ['jobs', 'failed', '--retry'])).toContain('Đã đưa 1 việc trở lại hàng đợi');
      await until('the retried reconcile to complete', async () => (await stateOf(rt, reconcileId)).state === 'completed');
      expect(await runCli(env, ['jobs', 'failed'])).toBe('Không có việc nào thất bại.\n');
    } finally {
      await scheduler.stop();
      await workers.close();
      await rt.close();
    }
  });
});
