/**
 * Wiring of the plan report (the annex of a plan's execution) over PostgreSQL (composition, beside src/main.ts): the
 * CLI calls src/app/report/service.ts through the port src/db/report-store.ts implements.
 */
import type { ReportStore } from './app/report/service.js';
import type { Database } from './db/client.js';
import { PostgresReportStore } from './db/report-store.js';

/** The report's reads over `database`. */
export function reportStoreOn(database: Pick<Database, 'sql'>): ReportStore {
  return new PostgresReportStore(database.sql);
}
