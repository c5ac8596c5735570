/**
 * The web console's dashboard (issue #13 §3, `/`): each unit's colour status for a plan and a period, the
 * province's figures (share done on time, overdue count, trend by month) and the worst overdue items.
 *
 * An item's status on `today` (the service's clock, in the province's zone):
 * - `done`: reported done (approved, or awaiting approval) by the end of its due day;
 * - `done_late`: reported done after its due day;
 * - `overdue`: still open and its due day has passed;
 * - `due_soon`: still open and due today or within the next {@link DUE_SOON_WORKING_DAYS} working days;
 * - `on_track`: still open and due later.
 * Items with no date yet (waiting on an event or a person) and waived items have no colour.
 * A unit's status is its worst item's: overdue, then due soon, then on track, then done late, then done.
 *
 * The counting happens in the store (one statement for all the figures), so the page costs the same at 100 items or 100,000.
 */
import type { Clock } from '../../domain/clock.js';
import type { WorkingCalendar } from '../../domain/deadline.js';
import { todayIn } from '../bot/dates.js';
import { seesProvince, type WebSession } from './auth.js';

export const ITEM_STATUSES = ['overdue', 'due_soon', 'on_track', 'done_late', 'done'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
/** "Due within 3 working days" (issue #13 §3). */
export const DUE_SOON_WORKING_DAYS = 3;

export type StatusCounts = Record<ItemStatus, number>;

export interface PlanRef {
  id: number;
  title: string;
  periodStartYear: number;
  periodEndYear: number;
  status: 'draft' | 'published' | 'archived';
}

export interface GroupRef {
  id: number;
  name: string;
}

/** What the store counts over: one plan, a due-date range, optionally a unit group or one unit. */
export interface DashboardScope {
  province: string;
  planId: number;
  /** Due dates in [from, to], 'YYYY-MM-DD'. */
  from: string;
  to: string;
  groupId?: number;
  unitId?: number;
  /** The classification day and the last day of "due soon". */
  today: string;
  soonUntil: string;
}

export interface UnitCounts {
  unitId: number;
  unitName: string;
  unitCode: string;
  counts: StatusCounts;
}

export interface MonthFigures {
  /** 'YYYY-MM' */
  month: string;
  /** Items due in the month. */
  due: number;
  doneOnTime: number;
  doneLate: number;
  /** Still open past their due day (as of today). */
  overdue: number;
}

export interface OverdueItem {
  dueItemId: number;
  unitId: number;
  unitName: string;
  taskKey: string | null;
  taskNumber: string;
  taskTitle: string;
  occurrenceLabel: string;
  dueDate: string;
}

/** The dashboard's persistence port (src/db/web-store.ts). */
export interface DashboardStore {
  plans(province: string): Promise<PlanRef[]>;
  groups(province: string): Promise<GroupRef[]>;
  /** The scope's counts by unit, its figures by month (in month order) and its `worstLimit` oldest overdue items. */
  figures(scope: DashboardScope, worstLimit: number): Promise<DashboardFigures>;
}

export interface DashboardFigures {
  units: UnitCounts[];
  months: MonthFigures[];
  /** Oldest due date first, then by item id. */
  worstOverdue: OverdueItem[];
}

export interface DashboardDeps {
  store: DashboardStore;
  clock: Clock;
  calendar: WorkingCalendar;
  timeZone: string;
}

/** What the page asks for (all optional: the latest published plan, its whole period, every unit). */
export interface DashboardRequest {
  planId?: number;
  /** `q1`…`q4` of the plan's first year, `year`, or absent for the whole plan period. */
  period?: string;
  groupId?: number;
  /** One unit's page: only that unit (refused by the caller when the session may not see it). */
  unitId?: number;
}

export interface UnitStatusRow extends UnitCounts {
  status: ItemStatus;
  total: number;
}

export interface Dashboard {
  today: string;
  plans: PlanRef[];
  plan: PlanRef | null;
  groups: GroupRef[];
  period: { key: string; from: string; to: string };
  groupId?: number;
  units: UnitStatusRow[];
  totals: StatusCounts & {
    /** Items done (on time or late) or overdue: the base of the on-time share. */
    settled: number;
    /** Done on time / settled, 0–100, one decimal; null when nothing is settled yet. */
    onTimePercent: number | null;
  };
  months: MonthFigures[];
  worstOverdue: OverdueItem[];
}

export const emptyCounts = (): StatusCounts => ({ overdue: 0, due_soon: 0, on_track: 0, done_late: 0, done: 0 });

/** The unit's colour: its worst item's status (order of {@link ITEM_STATUSES}). */
export function unitStatus(counts: StatusCounts): ItemStatus {
  return ITEM_STATUSES.find((s) => counts[s] > 0) ?? 'done';
}

/** The date range of a period key inside a plan. */
export function periodRange(plan: Pick<PlanRef, 'periodStartYear' | 'periodEndYear'>, key: string | undefined): { key: string; from: string; to: string } {
  const y = plan.periodStartYear;
  const q = /^q([1-4])$/.exec(key ?? '');
  if (q) {
    const n = Number(q[1]);
    const from = `${y}-${String(3 * n - 2).padStart(2, '0')}-01`;
    const lastMonth = 3 * n;
    const lastDay = new Date(Date.UTC(y, lastMonth, 0)).getUTCDate();
    return { key: `q${n}`, from, to: `${y}-${String(lastMonth).padStart(2, '0')}-${lastDay}` };
  }
  if (key === 'year') return { key, from: `${y}-01-01`, to: `${y}-12-31` };
  return { key: 'plan', from: `${y}-01-01`, to: `${plan.periodEndYear}-12-31` };
}

export interface DashboardService {
  dashboard(session: WebSession, request: DashboardRequest): Promise<Dashboard>;
}

/**
 * Vietnamese collation, built once: `a.localeCompare(b, 'vi')` looks the locale up on every call (about 20 ms for
 * sorting 800 units, `npm run bench:web`); the collator orders the same way.
 */
const byVietnameseName = new Intl.Collator('vi').compare;

export function createDashboardService(deps: DashboardDeps): DashboardService {
  return {
    async dashboard(session, request) {
      const today = todayIn(deps.clock.now(), deps.timeZone);
      const soonUntil = deps.calendar.addWorkingDays(today, DUE_SOON_WORKING_DAYS);
      const [plans, groups] = await Promise.all([deps.store.plans(session.province), deps.store.groups(session.province)]);
      const visible = plans.filter((p) => p.status !== 'draft');
      const plan = visible.find((p) => p.id === request.planId) ?? visible[0] ?? null;
      const period = plan ? periodRange(plan, request.period) : { key: 'plan', from: today, to: today };
      const empty: Dashboard = {
        today,
        plans: visible,
        plan,
        groups,
        period,
        units: [],
        totals: { ...emptyCounts(), settled: 0, onTimePercent: null },
        months: [],
        worstOverdue: [],
      };
      if (plan === null) return empty;
      const groupId = seesProvince(session) && request.groupId !== undefined && groups.some((g) => g.id === request.groupId) ? request.groupId : undefined;
      const scope: DashboardScope = {
        province: session.province,
        planId: plan.id,
        from: period.from,
        to: period.to,
        today,
        soonUntil,
        ...(groupId !== undefined ? { groupId } : {}),
        ...(seesProvince(session) ? (request.unitId !== undefined ? { unitId: request.unitId } : {}) : { unitId: session.unitId }),
      };
      const { units: counts, months, worstOverdue: worst } = await deps.store.figures(scope, 10);
      const totals = emptyCounts();
      for (const u of counts) for (const s of ITEM_STATUSES) totals[s] += u.counts[s];
      const units = counts
        .map((u) => ({ ...u, status: unitStatus(u.counts), total: ITEM_STATUSES.reduce((n, s) => n + u.counts[s], 0) }))
        .sort((a, b) => ITEM_STATUSES.indexOf(a.status) - ITEM_STATUSES.indexOf(b.status) || b.counts.overdue - a.counts.overdue || byVietnameseName(a.unitName, b.unitName));
      const settled = totals.done + totals.done_late + totals.overdue;
      return {
        ...empty,
        ...(groupId !== undefined ? { groupId } : {}),
        units,
        totals: { ...totals, settled, onTimePercent: settled === 0 ? null : Math.round((1000 * totals.done) / settled) / 10 },
        months,
        worstOverdue: worst,
      };
    },
  };
}
