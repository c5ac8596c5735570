/**
 * Plan policy: the choices the law leaves to a province or a plan. Every default below names its source.
 * Override per province (config/deadline-policy.ts) and per plan with {@link mergeDeadlinePolicy}.
 */
import type { DueDay, PeriodUnit } from '../grammar/types.js';

/** How a due date that falls on a non-working day is moved. */
export type NonWorkingDayAdjustment = 'earlier_working_day' | 'next_working_day' | 'none';

/** What continuous ("thường xuyên") duties get. */
export interface ContinuousPolicy {
  /** A check-in (never "overdue") with each report of this period. Default `'quarter'`; `null` = no check-ins. */
  checkInEvery: Exclude<PeriodUnit, 'week' | 'nine_months'> | null;
}

/** The choices a plan makes that the law does not (see the defaults in {@link DEFAULT_DEADLINE_POLICY}). */
export interface DeadlinePolicy {
  /**
   * Deadlines written as dates ("Tháng 02/2024", "trước ngày 20/01/2024", periodic reports) whose last permissible
   * day is not a working day. Default `'earlier_working_day'`: keep the nominal day and aim at the last working day
   * on or before it. Whether BLDS 2015 điều 148.5 moves a date a plan chose is not settled, and "trước ngày X" must
   * never be rolled past X (vn-deadline-law.md).
   */
  writtenDateAdjustment: NonWorkingDayAdjustment;
  /**
   * Legal periods counted from an event ("05 ngày kể từ ngày công bố"). Default `'next_working_day'`: a period whose
   * last day is a weekend or public holiday ends at the end of the next working day (BLDS 2015 điều 148.5).
   */
  eventPeriodAdjustment: NonWorkingDayAdjustment;
  /**
   * Due day of a periodic report whose cell writes none. Default: the 15th of the period's last month — after the
   * data cut-off on the 14th (Nghị định 09/2019/NĐ-CP điều 12) with a working day between (điều 8.5), and before
   * the province reports to Bộ Nội vụ by the 20th (581/BNV-CCHC) and to the Government by the 25th (điều 13).
   */
  periodicDefaultDue: DueDay;
  /** Weekly reports: ISO weekday they are due (1 = Monday … 7 = Sunday). Default 5, Friday, the last day of the
   *  40-hour working week — a product choice, no statute sets it. */
  weeklyDueWeekday: number;
  /**
   * Reports meant by a bare "định kỳ" / "báo cáo theo định kỳ". Default quarterly, 6-month and annual — four
   * reports a year — the CCHC regime of Nghị định 09/2019/NĐ-CP and letter 581/BNV-CCHC.
   */
  reportingRegime: PeriodUnit[];
  /** Continuous duties. Default: a check-in with each quarterly report. */
  continuous: ContinuousPolicy;
  /**
   * Days after the event for an event part with no written period ("Sau khi có Nghị định của Chính phủ").
   * Default `null`: no due date is invented; a person sets one when the event happens.
   */
  eventWithoutOffsetDays: number | null;
}

/** The defaults, each with its source in {@link DeadlinePolicy}. */
export const DEFAULT_DEADLINE_POLICY: Readonly<DeadlinePolicy> = Object.freeze({
  writtenDateAdjustment: 'earlier_working_day',
  eventPeriodAdjustment: 'next_working_day',
  periodicDefaultDue: Object.freeze({ day: 15, month: 'period_last', bound: 'by' }) as DueDay,
  weeklyDueWeekday: 5,
  reportingRegime: Object.freeze(['quarter', 'half_year', 'year']) as unknown as PeriodUnit[],
  continuous: Object.freeze({ checkInEvery: 'quarter' }) as ContinuousPolicy,
  eventWithoutOffsetDays: null,
});

/** Layers overrides (province, then plan) over a base policy. */
export function mergeDeadlinePolicy(base: Readonly<DeadlinePolicy>, ...overrides: Array<Partial<DeadlinePolicy> | undefined>): DeadlinePolicy {
  let out: DeadlinePolicy = { ...base };
  for (const o of overrides) if (o) out = { ...out, ...o };
  return out;
}
