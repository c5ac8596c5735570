/**
 * The plans and units the web console's exports page offers (src/app/web/exports.ts).
 */
import type { ExportsCatalog } from '../app/web/exports.js';
import type { Sql } from './client.js';

export class PostgresExportsCatalog implements ExportsCatalog {
  constructor(private readonly sql: Sql) {}

  async reportablePlans(province: string) {
    const rows = await this.sql<{ id: number; title: string; decision_number: string | null; period_start_year: number; period_end_year: number }[]>`
      select id, title, decision_number, period_start_year, period_end_year from plans
      where province = ${province} and status in ('published', 'archived')
      order by status = 'published' desc, period_start_year desc, id desc`;
    return rows.map((r) => ({ id: r.id, title: r.title, decisionNumber: r.decision_number, periodStartYear: r.period_start_year, periodEndYear: r.period_end_year }));
  }

  async units(province: string) {
    return this.sql<{ id: number; code: string; name: string }[]>`
      select id, code, name from units where province = ${province} order by name, id`;
  }
}
