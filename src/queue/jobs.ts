/**
 * Job catalog: each job's queue, payload schema and retry policy. Payloads carry ids only (`{ v, … }`); the
 * handler reloads state from PostgreSQL, which is the source of truth.
 */
import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/** Queue names. `delivery` is rate-limited to Telegram's global limit; `maintenance` carries ticks. */
export const QUEUE_NAMES = { delivery: 'delivery', maintenance: 'maintenance' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const jobCatalog = {
  'reminders.send': {
    queue: QUEUE_NAMES.delivery,
    payload: z.object({ v: z.literal(1), reminderId: z.number().int().positive() }),
    attempts: 5,
    backoff: { type: 'exponential', delay: 2000 },
  },
  'reminders.reconcile': {
    queue: QUEUE_NAMES.maintenance,
    payload: z.object({ v: z.literal(1), reason: z.enum(['tick', 'startup', 'manual']) }),
    // 15 s, then 30 s: a database blip is over before the next tick (every 5 minutes by default).
    attempts: 3,
    backoff: { type: 'exponential', delay: 15_000 },
  },
  'digests.run': {
    queue: QUEUE_NAMES.maintenance,
    payload: z.object({
      v: z.literal(1),
      kind: z.enum(['leadership', 'coordinator', 'unit']),
      /** The digest's period (e.g. the local date it is for); with the kind it names the run. */
      periodKey: z.string().min(1),
    }),
    // 1, 2, 4, 8 minutes: a digest is idempotent per (kind, period), so a retry never sends twice.
    attempts: 5,
    backoff: { type: 'exponential', delay: 60_000 },
  },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType; attempts: number; backoff: { type: 'exponential' | 'fixed'; delay: number } }>;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;

/**
 * The catalog's retry policy as BullMQ job options. Every producer spreads it into `add`, so no job runs with
 * BullMQ's default of one attempt.
 */
export function jobOptions(name: JobName): Pick<JobsOptions, 'attempts' | 'backoff'> {
  const entry = jobCatalog[name];
  return { attempts: entry.attempts, backoff: { ...entry.backoff } };
}

/** Thrown for a payload that fails validation: such a job is never retried. */
export class InvalidJobPayloadError extends Error {
  override name = 'InvalidJobPayloadError';
}

export function parseJobPayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const res = jobCatalog[name].payload.safeParse(data);
  if (!res.success) throw new InvalidJobPayloadError(`invalid payload for ${name}: ${res.error.message}`);
  return res.data as JobPayload<N>;
}

/**
 * A deterministic job id from row keys. BullMQ forbids `:` in custom ids and digits-only ids; the row, not the
 * id, is the real guard (BullMQ forgets the ids of removed jobs).
 */
export function jobId(prefix: string, ...parts: (string | number | bigint)[]): string {
  const id = [prefix, ...parts.map(String)].join('-').replace(/[^A-Za-z0-9_.-]/g, '_');
  if (/^\d+$/.test(id)) throw new Error('job ids must not be digits only');
  return id;
}
