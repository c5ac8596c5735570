/**
 * Wiring of `nhacviec simulate` (composition, beside src/main.ts): the plan's snapshot from PostgreSQL — a draft
 * published in a scratch copy on the same server first (src/app/simulate-source.ts) — and the configuration the
 * simulation runs with.
 */
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { createDeadlineAdapter } from './app/deadline-adapter.js';
import type { SimulateDeps } from './app/simulate.js';
import type { SimulationSource } from './app/simulate-source.js';
import { createDatabase, type Database } from './db/client.js';
import { planSnapshotReader } from './db/memory-world-loader.js';
import { createScratchCopy } from './db/scratch.js';
import type { DeadlinePort } from './import/deadline-port.js';
import { createTranslator } from './i18n/translator.js';
import { silentLogger } from './infra/logger.js';
import { planPortsOn } from './plan-wiring.js';

/**
 * The simulation's source over the database at `url`, on a small pool of its own (opened at first use, ended by
 * `close`); scratch copies are made on the same server.
 */
export function simulationSourceAt(url: string): SimulationSource & { close(): Promise<void> } {
  let database: Database | undefined;
  const reader = () => planSnapshotReader((database ??= createDatabase(url, { max: 2 })).sql);
  return {
    planStatus: (planId) => reader().planStatus(planId),
    snapshot: (planId) => reader().snapshot(planId),
    async withScratchCopy(work) {
      const scratch = await createScratchCopy(url);
      try {
        return await work({ plans: planPortsOn(scratch), reader: planSnapshotReader(scratch.sql) });
      } finally {
        await scratch.drop();
      }
    },
    close: async () => {
      await database?.close();
    },
  };
}

/** What a simulation takes from the configuration: the engine a draft is published with, and `simulatePlan`'s settings. */
export function simulationSettingsFor(config: Config): { deadline: DeadlinePort; run: Omit<SimulateDeps, 'snapshot' | 'clock'> } {
  const calendar = calendarForConfig(config);
  return {
    deadline: createDeadlineAdapter({ calendar, zone: config.domain.timeZone }),
    run: {
      calendar,
      policy: reminderPolicyFromConfig(config),
      workingHours: config.domain.workingHours,
      t: createTranslator(),
      logger: silentLogger,
      schedules: config.schedules,
      // No charts: the preview shows texts only, and rendering a PNG per weekly digest would be most of its time.
    },
  };
}
