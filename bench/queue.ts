/**
 * `npm run bench:queue`: Redis memory per queued reminder. N delayed `reminders.send` jobs (BENCH_JOBS, default
 * 20 000; delays spread over 30 days as a horizon's are) are added on a key prefix of their own, and Redis
 * `used_memory` is read before and after (INFO memory, after the prefix's keys are deleted between variants):
 *
 *   plain  BullMQ with nothing but the same payload and delay (ids chosen by BullMQ)
 *   old    the job options the reminder queue used before (long ids, every option spelled out)
 *   new    `BullMqReminderQueue.enqueueSends` as it is now
 *
 * Each variant runs BENCH_RUNS times (default 3) in turn; medians. A private redis-server is started (as
 * production runs it: AOF on, noeviction), so other users of the shared Redis do not move the figures; with
 * BENCH_REDIS_URL an existing server is used instead (still on a prefix of its own).
 */
import { startRedis } from './private-redis.js';
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { silentLogger } from '../src/infra/logger.js';
import { BullMqReminderQueue } from '../src/queue/reminder-queue.js';
import { jobCatalog, QUEUE_NAMES } from '../src/queue/jobs.js';
import { createQueueRuntime } from '../src/queue/runtime.js';
import { median } from './stats.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);


const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** The reminder queue's job options before this bench (commit f07e9ee), for the side-by-side figure. */
function oldJob(r: { id: number; plannedAtMs: number }, nowMs: number) {
  return {
    name: 'reminders.send',
    data: { v: 1 as const, reminderId: r.id },
    opts: {
      jobId: `rem-${r.id}-${r.plannedAtMs}`,
      timestamp: nowMs,
      delay: Math.max(0, r.plannedAtMs - nowMs),
      attempts: jobCatalog['reminders.send'].attempts,
      backoff: { type: 'exponential' as const, delay: 2000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  };
}

async function main(): Promise<void> {
  const own = process.env.BENCH_REDIS_URL ? undefined : await startRedis('queue');
  const url = process.env.BENCH_REDIS_URL ?? own!.url;
  const redis = new Redis(url);
  const prefix = `benchq${process.pid}`;
  const runtime = createQueueRuntime({ backend: 'redis', url, prefix, logger: silentLogger });
  const plainQueue = new Queue(QUEUE_NAMES.delivery, { connection: redis, prefix });
  try {
    const nowMs = Date.UTC(2024, 0, 2, 1);
    // Row ids as a province's table has them (six digits), instants at 08:00 on days of the horizon.
    const rows = Array.from({ length: JOBS }, (_, i) => ({ id: 400_000 + i, plannedAtMs: nowMs + 86_400_000 * (1 + (i % 30)) }));
    const variants = {
      plain: async () => {
        for (let i = 0; i < rows.length; i += 1000)
          await plainQueue.addBulk(
            rows.slice(i, i + 1000).map((r) => ({ name: 'reminders.send', data: { v: 1, reminderId: r.id }, opts: { delay: r.plannedAtMs - nowMs } })),
          );
      },
      old: async () => {
        for (let i = 0; i < rows.length; i += 1000) await plainQueue.addBulk(rows.slice(i, i + 1000).map((r) => oldJob(r, nowMs)));
      },
      new: async () => {
        await new BullMqReminderQueue(runtime).enqueueSends(rows, nowMs);
      },
    };
    const bytes: Record<keyof typeof variants, number[]> = { plain: [], old: [], new: [] };
    const ms: Record<keyof typeof variants, number[]> = { plain: [], old: [], new: [] };
    for (let r = 0; r < RUNS; r++) {
      for (const [name, add] of Object.entries(variants) as [keyof typeof variants, () => Promise<void>][]) {
        await deletePrefix(redis, prefix);
        await plainQueue.obliterate({ force: true }).catch(() => {});
        const before = await usedMemory(redis);
        const t0 = performance.now();
        await add();
        ms[name].push(performance.now() - t0);
        const counts = await plainQueue.getJobCounts('delayed');
        if (counts.delayed !== JOBS) throw new Error(`${name}: ${counts.delayed} delayed jobs, expected ${JOBS}`);
        bytes[name].push((await usedMemory(redis)) - before);
      }
    }
    await deletePrefix(redis, prefix);
    const line = (name: keyof typeof variants) =>
      `${name.padEnd(6)} ${(median(bytes[name]) / JOBS).toFixed(0).padStart(6)} B/job  (${bytes[name].map((b) => (b / JOBS).toFixed(0)).join(', ')})` +
      `   add ${median(ms[name]).toFixed(0).padStart(6)} ms`;
    process.stdout.write(
      `Redis memory per queued reminder, ${JOBS} delayed jobs, ${own ? 'private redis-server (AOF, noeviction)' : url} ` +
        `(runs: ${RUNS}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):\n` +
        `${line('plain')}\n${line('old')}\n${line('new')}   old/new ${(median(bytes.old) / median(bytes.new)).toFixed(2)}×\n`,
    );
  } finally {
    await plainQueue.close();
    await runtime.close();
    redis.disconnect();
    if (own) {
      own.proc.kill();
      await rm(own.dir, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:queue failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
