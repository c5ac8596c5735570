/**
 * Wiring of the simulation's plan source over PostgreSQL (composition, beside src/web-wiring.ts): the web console's
 * `/plans/:id/simulate` reads plans through this port, as `nhacviec simulate` does (src/cli/simulate-command.ts).
 */
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { createDeadlineAdapter } from './app/deadline-adapter.js';
import { publishPlan } from './app/plan-publish.js';
import { SimulationRefusedError, type SimulationSource } from './app/web/simulate.js';
import type { Database } from './db/client.js';
import { loadPlanSnapshot, planChangedAt, PlanNotSimulableError } from './db/memory-world-loader.js';
import { createScratchCopy } from './db/scratch.js';
import type { Clock } from './domain/clock.js';
import { planPortsOn } from './plan-wiring.js';

/**
 * The plans of `database` as the simulator reads them. A draft has no due items yet: it is published in a
 * throw-away copy of the database (on the server of `databaseUrl`, dropped afterwards) and read from there, as the
 * CLI does; without `databaseUrl` drafts are refused.
 */
export function simulationSourceOn(database: Pick<Database, 'db' | 'sql'>, input: { config: Config; clock: Clock; databaseUrl?: string }): SimulationSource {
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
