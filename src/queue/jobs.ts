/**
 * Job catalog: each job's queue, payload schema and retry policy. Payloads carry ids only (`{ v, … }`); the
 * handler reloads state from PostgreSQL, which is the source of truth.
 */
import { z } from 'zod';

/** Queue names. `delivery` is rate-limited to Telegram's global limit; `maintenance` carries ticks. */
export const QUEUE_NAMES = { delivery: 'delivery', maintenance: 'maintenance' } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const jobCatalog = {
  'reminders.send': {
    queue: QUEUE_NAMES.delivery,
    payload: z.object({ v: z.literal(1), reminderId: z.number().int().positive() }),
    attempts: 5,
  },
  'reminders.reconcile': {
    queue: QUEUE_NAMES.maintenance,
    payload: z.object({ v: z.literal(1), reason: z.enum(['tick', 'startup', 'manual']) }),
    attempts: 3,
  },
  'digests.run': {
    queue: QUEUE_NAMES.maintenance,
    payload: z.object({
      v: z.literal(1),
      kind: z.enum(['leadership', 'coordinator', 'unit']),
      /** The digest's period (e.g. the local date it is for); with the kind it names the run. */
      periodKey: z.string().min(1),
    }),
    attempts: 3,
  },
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['payload']>;

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
