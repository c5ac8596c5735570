/**
 * Queue backend selection. With REDIS_URL, BullMQ runs on Redis (production: AOF on, noeviction); without it,
 * on BullMQ's own PostgreSQL backend in the application database (schema `bullmq`). Everything above this file
 * sees only `QueueRuntime` — the same BullMQ `Queue` / `Worker` API on either backend.
 */
import {
  Queue,
  Worker,
  createPostgresBackend,
  runMigrations,
  type BackendFactory,
  type IQueueBackend,
  type KeepJobs,
  type Processor,
  type QueueOptions,
  type WorkerOptions,
} from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from '../infra/logger.js';

export type QueueBackendKind = 'postgres' | 'redis';

export type QueueRuntimeOptions =
  | { backend: 'postgres'; databaseUrl: string; schema?: string; logger: Logger; poolSize?: number }
  | { backend: 'redis'; url: string; prefix: string; logger: Logger };

export interface CreateWorkerOptions {
  concurrency?: number;
  /** BullMQ's global rate limiter (holds across every worker process of the queue). */
  limiter?: { max: number; duration: number };
  /** Start processing right away. Default true. */
  autorun?: boolean;
  lockDuration?: number;
  /** Removal of finished jobs for every job of this worker (BullMQ's `KeepJobs`), instead of per-job options. */
  removeOnComplete?: boolean | KeepJobs;
  removeOnFail?: boolean | KeepJobs;
}

export interface QueueRuntime {
  readonly backend: QueueBackendKind;
  /** Secret-free description for the start-up log. */
  readonly description: string;
  /** A producer for the named queue (cached: one per name). */
  queue(name: string): Queue;
  worker<D = unknown, R = unknown>(name: string, processor: Processor<D, R>, options?: CreateWorkerOptions): Worker<D, R>;
  /** Rejects when the backend cannot be reached. */
  ping(timeoutMs?: number): Promise<void>;
  /** Closes every queue and worker created here (workers drain their active jobs first), then connections. */
  close(): Promise<void>;
}

export const BULLMQ_SCHEMA = 'bullmq';

/** Applies BullMQ's PostgreSQL migrations (idempotent, concurrency-safe by BullMQ's advisory lock). */
export async function migrateQueueSchema(databaseUrl: string, schema = BULLMQ_SCHEMA): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await runMigrations(client, schema);
  } finally {
    await client.end();
  }
}

export function createQueueRuntime(options: QueueRuntimeOptions): QueueRuntime {
  return options.backend === 'redis' ? createRedisRuntime(options) : createPostgresRuntime(options);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

interface Registry {
  queues: Map<string, Queue>;
  workers: Set<Worker>;
}

async function closeRegistry(reg: Registry): Promise<void> {
  // Workers first: they finish the jobs they hold, so no claimed row is left in `sending` by us.
  await Promise.allSettled([...reg.workers].map((w) => w.close()));
  await Promise.allSettled([...reg.queues.values()].map((q) => q.close()));
  reg.workers.clear();
  reg.queues.clear();
}

function createPostgresRuntime(options: Extract<QueueRuntimeOptions, { backend: 'postgres' }>): QueueRuntime {
  const schema = options.schema ?? BULLMQ_SCHEMA;
  const reg: Registry = { queues: new Map(), workers: new Set() };
  const connection = { connectionString: options.databaseUrl, schema, max: options.poolSize ?? 4 };
  const factory = createPostgresBackend as unknown as BackendFactory<IQueueBackend, typeof connection>;
  const pingPool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  const host = safeHost(options.databaseUrl);
  return {
    backend: 'postgres',
    description: `postgres (BullMQ PostgreSQL backend, schema ${schema} at ${host})`,
    queue(name) {
      let q = reg.queues.get(name);
      if (!q) {
        q = new Queue(name, { connection } as QueueOptions<typeof connection>, factory) as unknown as Queue;
        q.on('error', (err) => options.logger.warn('queue error', { queue: name, err }));
        reg.queues.set(name, q);
      }
      return q;
    },
    worker(name, processor, wopts = {}) {
      const w = new Worker(
        name,
        processor as Processor,
        { connection, ...workerOptions(wopts) } as WorkerOptions<typeof connection>,
        factory,
      ) as unknown as Worker;
      w.on('error', (err) => options.logger.warn('worker error', { queue: name, err }));
      reg.workers.add(w);
      return w as never;
    },
    async ping(timeoutMs = 2000) {
      const res = await withTimeout(
        pingPool.query('select 1 from pg_namespace where nspname = $1', [schema]),
        timeoutMs,
        'PostgreSQL queue backend',
      );
      if (res.rowCount !== 1) throw new Error(`BullMQ schema "${schema}" is missing: run \`nhacviec migrate\``);
    },
    async close() {
      await closeRegistry(reg);
      await pingPool.end();
    },
  };
}

function createRedisRuntime(options: Extract<QueueRuntimeOptions, { backend: 'redis' }>): QueueRuntime {
  const reg: Registry = { queues: new Map(), workers: new Set() };
  // One connection for producers; BullMQ duplicates it for each worker's blocking connection.
  const redis = new Redis(options.url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
  redis.on('error', (err) => options.logger.warn('redis error', { err }));
  return {
    backend: 'redis',
    description: `redis (${safeHost(options.url)}, prefix ${options.prefix})`,
    queue(name) {
      let q = reg.queues.get(name);
      if (!q) {
        q = new Queue(name, { connection: redis, prefix: options.prefix });
        q.on('error', (err) => options.logger.warn('queue error', { queue: name, err }));
        reg.queues.set(name, q);
      }
      return q;
    },
    worker(name, processor, wopts = {}) {
      const w = new Worker(name, processor as Processor, {
        connection: redis,
        prefix: options.prefix,
        ...workerOptions(wopts),
      });
      w.on('error', (err) => options.logger.warn('worker error', { queue: name, err }));
      reg.workers.add(w);
      return w as never;
    },
    async ping(timeoutMs = 2000) {
      const answer = await withTimeout(redis.ping(), timeoutMs, 'Redis');
      if (answer !== 'PONG') throw new Error(`Redis answered ${answer} to PING`);
    },
    async close() {
      await closeRegistry(reg);
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

function workerOptions(o: CreateWorkerOptions): Partial<WorkerOptions> {
  return {
    concurrency: o.concurrency ?? 1,
    autorun: o.autorun ?? true,
    ...(o.limiter ? { limiter: o.limiter } : {}),
    ...(o.lockDuration ? { lockDuration: o.lockDuration } : {}),
    ...(o.removeOnComplete !== undefined ? { removeOnComplete: toKeepJobs(o.removeOnComplete) } : {}),
    ...(o.removeOnFail !== undefined ? { removeOnFail: toKeepJobs(o.removeOnFail) } : {}),
  };
}

/** BullMQ's worker-level KeepJobs has no boolean form: `true` keeps none, `false` keeps all. */
function toKeepJobs(keep: boolean | KeepJobs): KeepJobs {
  return keep === true ? { count: 0 } : keep === false ? { count: -1 } : keep;
}

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return '<invalid url>';
  }
}

/**
 * Durability checks for a production Redis: BullMQ needs `maxmemory-policy noeviction` (evicted keys are lost
 * jobs) and persistence (AOF) so delayed jobs survive a restart. Postgres stays the source of truth either way:
 * the reconciler re-enqueues what Redis lost.
 */
export function redisDurabilityWarnings(settings: { maxmemoryPolicy?: string; appendonly?: string }): string[] {
  const warnings: string[] = [];
  if (settings.maxmemoryPolicy !== 'noeviction')
    warnings.push(
      `Redis maxmemory-policy is "${settings.maxmemoryPolicy ?? 'unknown'}", not "noeviction": queued reminders can be evicted`,
    );
  if (settings.appendonly !== 'yes')
    warnings.push(
      'Redis appendonly is off: queued jobs are lost on a Redis restart (the reconciler rebuilds them from PostgreSQL)',
    );
  return warnings;
}

/** Reads the settings `redisDurabilityWarnings` judges from a live server. */
export async function checkRedisDurability(url: string): Promise<string[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const policy = ((await redis.config('GET', 'maxmemory-policy')) as string[])[1];
    const aof = ((await redis.config('GET', 'appendonly')) as string[])[1];
    return redisDurabilityWarnings({
      ...(policy !== undefined ? { maxmemoryPolicy: policy } : {}),
      ...(aof !== undefined ? { appendonly: aof } : {}),
    });
  } finally {
    redis.disconnect();
  }
}
