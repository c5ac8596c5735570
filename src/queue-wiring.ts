/**
 * The job queue of a command-line run (composition, beside src/main.ts): the backend the configuration names,
 * Redis (REDIS_URL) or PostgreSQL (the application database, embedded or not), opened for one piece of work.
 */
import type { Config } from '../config/env.js';
import { silentLogger } from './infra/logger.js';
import { createQueueRuntime, type QueueRuntime } from './queue/runtime.js';

/** Runs `work` on the configured queue, after a ping; closes the queue (and the database it opened) afterwards. */
export async function withConfiguredQueue<T>(
  config: Config,
  openDatabase: () => Promise<{ url: string; close(): Promise<void> }>,
  work: (queue: QueueRuntime) => Promise<T>,
): Promise<T> {
  // The PostgreSQL backend lives in the application database (embedded or not); Redis needs no database.
  const db = config.queue.backend === 'postgres' ? await openDatabase() : null;
  const queue =
    config.queue.backend === 'redis'
      ? createQueueRuntime({ backend: 'redis', url: config.queue.url, prefix: config.queue.prefix, logger: silentLogger })
      : createQueueRuntime({ backend: 'postgres', databaseUrl: db!.url, logger: silentLogger });
  try {
    await queue.ping();
    return await work(queue);
  } finally {
    await queue.close();
    await db?.close();
  }
}
