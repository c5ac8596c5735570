/**
 * Composition of `/metrics` (src/infra/metrics.ts): queue depth from BullMQ, items per plan from PostgreSQL, and
 * BullMQ's own exporter. Part of the composition root.
 */
import { DateTime } from 'luxon';
import type { Config } from '../config/env.js';
import type { Database } from './db/client.js';
import { itemsPerPlan } from './db/metrics-store.js';
import type { Clock } from './domain/clock.js';
import { Metrics } from './infra/metrics.js';
import { QUEUE_NAMES } from './queue/jobs.js';
import type { QueueRuntime } from './queue/runtime.js';

/** Job states reported as queue depth. */
const DEPTH_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'failed'] as const;

export function createServiceMetrics(deps: { config: Config; database: Database; queue: QueueRuntime; clock: Clock }): Metrics {
  const names = Object.values(QUEUE_NAMES);
  return new Metrics({
    async queueDepth() {
      const out: { queue: string; state: string; count: number }[] = [];
      for (const name of names) {
        const counts = await deps.queue.queue(name).getJobCounts(...DEPTH_STATES);
        for (const state of DEPTH_STATES) out.push({ queue: name, state, count: counts[state] ?? 0 });
      }
      return out;
    },
    items: () => itemsPerPlan(deps.database.sql, DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.domain.timeZone }).toISODate()!),
    bullmq: () => Promise.all(names.map((name) => deps.queue.queue(name).exportPrometheusMetrics())),
  });
}
