/**
 * Wiring of the plan use cases over PostgreSQL (composition, beside src/main.ts): the CLI, the bot and the web
 * console reach src/app/plan-*.ts through the ports these stores implement.
 */
import type { PlanPorts } from './app/plan-ports.js';
import { knownProvinces, provinceDirectory } from './app/units.js';
import type { Database } from './db/client.js';
import { PostgresPlanStore } from './db/plan-store.js';
import { PostgresUnitDirectoryStore } from './db/unit-store.js';

/** An open database, as the composition roots hand it to the front ends. */
export type { Database };

/** The ports of the plan use cases over `database`. */
export function planPortsOn(database: Pick<Database, 'db' | 'sql'>): PlanPorts {
  const units = new PostgresUnitDirectoryStore(database);
  return {
    plans: new PostgresPlanStore(database),
    directories: {
      provinceDirectory: (province, options) => provinceDirectory(units, province, options),
      knownProvinces: () => knownProvinces(units),
    },
  };
}
