/**
 * Use case: the report annex of a plan, as of a day, optionally for one unit. Reads through a {@link ReportStore}
 * (src/db/report-store.ts); the day defaults to today in the configured zone, from the injected clock.
 */
import { DateTime } from 'luxon';
import type { CompletionScoreRule } from '../../../config/report-scoring.js';
import type { Clock } from '../../domain/clock.js';
import { buildReport, type PlanReport, type ReportPlanInput, type ReportRowInput } from './model.js';

/** What the report needs from the database. */
export interface ReportStore {
  loadPlan(planId: number): Promise<(ReportPlanInput & { status: string }) | null>;
  /** A unit of the province by code or exact name (case-insensitive). */
  findUnit(province: string, ref: string): Promise<{ id: number; code: string; name: string } | null>;
  /** Rows in plan order (section, task, lead unit name); `doneDate` is computed in `zone`. */
  loadRows(planId: number, zone: string, unitId?: number): Promise<ReportRowInput[]>;
}

/** A refusal the user can act on (unknown plan or unit, bad day). */
export class ReportError extends Error {
  override name = 'ReportError';
  constructor(
    readonly code: 'plan-not-found' | 'plan-not-published' | 'unit-not-found' | 'bad-date',
    message: string,
  ) {
    super(message);
  }
}

export interface PlanReportOptions {
  planId: number;
  /** 'YYYY-MM-DD'; default: today in `zone`. */
  asOf?: string;
  /** Unit code or name: only that unit's rows. */
  unit?: string;
  zone: string;
  rule: CompletionScoreRule;
}

export async function planReport(store: ReportStore, clock: Clock, options: PlanReportOptions): Promise<PlanReport> {
  let asOf = options.asOf;
  if (asOf !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !DateTime.fromISO(asOf).isValid)
      throw new ReportError('bad-date', `Ngày "${asOf}" không hợp lệ (cần YYYY-MM-DD). / Invalid date.`);
  } else {
    asOf = DateTime.fromJSDate(clock.now(), { zone: options.zone }).toISODate()!;
  }
  const plan = await store.loadPlan(options.planId);
  if (plan === null) throw new ReportError('plan-not-found', `Không có kế hoạch số ${options.planId}. / No plan ${options.planId}.`);
  if (plan.status === 'draft')
    throw new ReportError('plan-not-published', `Kế hoạch ${options.planId} chưa được công bố: chưa có gì để báo cáo. / The plan is not published.`);
  let unitId: number | undefined;
  if (options.unit !== undefined) {
    const unit = await store.findUnit(plan.province, options.unit);
    if (unit === null) throw new ReportError('unit-not-found', `Không tìm thấy đơn vị "${options.unit}" của tỉnh ${plan.province}. / Unknown unit.`);
    unitId = unit.id;
  }
  const rows = await store.loadRows(plan.id, options.zone, unitId);
  const { status: _status, ...planInput } = plan;
  return buildReport({ plan: planInput, rows, asOf, unitFilter: options.unit ?? null, rule: options.rule });
}
