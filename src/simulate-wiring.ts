/**
 * Wiring of the simulation (composition, beside src/main.ts and src/web-wiring.ts): the plan snapshots `nhacviec
 * simulate` reads from PostgreSQL — a draft published in a scratch copy on the same server first
 * (src/app/simulate-source.ts) — with the configuration it runs with, and the plan source of the web console's
 * `/plans/:id/simulate` (src/app/web/simulate.ts).
 */
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { createDeadlineAdapter } from './app/deadline-adapter.js';
import { publishPlan } from './app/plan-publish.js';
import type { SimulationSource } from './app/simulate-source.js';
import type { SimulateDeps } from './app/simulate.js';
import { SimulationRefusedError, type SimulationSource as WebSimulationSource } from './app/web/simulate.js';
import { createDatabase, type Database } from './db/client.js';
import { loadPlanSnapshot, planChangedAt, PlanNotSimulableError, planSnapshotReader } from './db/memory-world-loader.js';
import { createScratchCopy } from './db/scratch.js';
import type { Clock } from './domain/clock.js';
import { createTranslator } from './i18n/translator.js';
import type { DeadlinePort } from './import/deadline-port.js';
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

/**
 * The plans of `database` as the simulator reads them. A draft has no due items yet: it is published in a
 * throw-away copy of the database (on the server of `databaseUrl`, dropped afterwards) and read from there, as the
 * CLI does; without `databaseUrl` drafts are refused.
 */
export function simulationSourceOn(database: Pick<Database, 'db' | 'sql'>, input: { config: Config; clock: Clock; databaseUrl?: string }): WebSimulationSource {
  const ports = planPortsOn(database);
  return {
    async plan(planId) {
      const row = await ports.plans.loadPlanRow(planId);
      if (!row) return null;
      const { id, province, title, status, version, periodStartYear, periodEndYear, updatedAt } = row;
      const changedAt = (await planChangedAt(database.sql, planId)) ?? updatedAt;
      return { id, province, title, status, version, periodStartYear, periodEndYear, changedAt };
    },
    async snapshot(planId) {
      const row = await ports.plans.loadPlanRow(planId);
      if (!row) throw new SimulationRefusedError(`Không có kế hoạch mã ${planId}.`);
      if (row.status === 'archived') throw new SimulationRefusedError('Kế hoạch đã được lưu trữ (có phiên bản mới hơn): hãy mô phỏng phiên bản đang dùng.');
      try {
        if (row.status === 'published') return await loadPlanSnapshot(database.sql, planId);
        if (input.databaseUrl === undefined) throw new SimulationRefusedError('Kế hoạch chưa công bố: máy chủ này chưa mô phỏng được bản nháp. Hãy công bố kế hoạch trước.');
        const scratch = await createScratchCopy(input.databaseUrl);
        try {
          await publishPlan(planPortsOn(scratch), input.clock, {
            planId,
            acceptProblems: true,
            deadline: createDeadlineAdapter({ calendar: calendarForConfig(input.config), zone: input.config.domain.timeZone }),
            actor: 'simulate',
          });
          return await loadPlanSnapshot(scratch.sql, planId);
        } finally {
          await scratch.drop();
        }
      } catch (err) {
        if (err instanceof PlanNotSimulableError) throw new SimulationRefusedError(err.message, { cause: err });
        throw err;
      }
    },
  };
}
