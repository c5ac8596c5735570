/**
 * The web console's `/calendar`: a month of due items (grouped by task on each day), with the holidays and make-up
 * working days of the domain calendar (config/holidays) marked, filtered by unit. Heads and focal points see their
 * own unit only.
 */
import type { Clock } from '../../domain/clock.js';
import type { WorkingCalendar } from '../../domain/deadline.js';
import { todayIn } from '../bot/dates.js';
import { seesProvince, type WebSession } from './auth.js';

/** Due items of one task on one day. */
export interface CalendarEntry {
  dueDate: string;
  taskLabel: string;
  taskTitle: string;
  /** Items (one per unit) of the task due that day, and how many are done. */
  items: number;
  done: number;
  /** The item, when there is one (a link to /items/:id). */
  dueItemId: number | null;
}

/** The calendar port (PostgreSQL: src/db/web-pages-store.ts). */
export interface CalendarStore {
  /** Published plans' due items between `from` and `to` (inclusive), grouped by day and task. */
  calendarEntries(province: string, from: string, to: string, unitId: number | undefined): Promise<CalendarEntry[]>;
  /** The province's units that have due items, for the filter. */
  unitsWithItems(province: string): Promise<{ id: number; name: string }[]>;
}

export interface CalendarDay {
  date: string;
  inMonth: boolean;
  working: boolean;
  /** A public holiday (day off) or a make-up working day (Saturday worked), with its name. */
  mark: { kind: 'holiday' | 'working_day'; name: string } | null;
  entries: CalendarEntry[];
}

export interface CalendarView {
  month: string;
  prev: string;
  next: string;
  today: string;
  /** Weeks of 7 days, Monday first. */
  weeks: CalendarDay[][];
  unitId: number | undefined;
  units: { id: number; name: string }[];
  /** Whether the unit filter is offered (coordinators and leaders). */
  canFilter: boolean;
}

function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export function createWebCalendar(deps: { store: CalendarStore; calendar: WorkingCalendar; clock: Clock; timeZone: string }) {
  return {
    async month(session: WebSession, input: { month?: string; unitId?: number }): Promise<CalendarView> {
      const today = todayIn(deps.clock.now(), deps.timeZone);
      const month = input.month !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(input.month) ? input.month : today.slice(0, 7);
      const first = `${month}-01`;
      // Monday on or before the 1st, Sunday on or after the last day.
      const dow = (iso: string) => ((new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      const start = addDays(first, 1 - dow(first));
      const last = addDays(`${shiftMonth(month, 1)}-01`, -1);
      const end = addDays(last, 7 - dow(last));
      const canFilter = seesProvince(session);
      const unitId = canFilter ? input.unitId : session.unitId;
      const entries = await deps.store.calendarEntries(session.province, start, end, unitId);
      const byDay = new Map<string, CalendarEntry[]>();
      for (const e of entries) byDay.set(e.dueDate, [...(byDay.get(e.dueDate) ?? []), e]);
      const weeks: CalendarDay[][] = [];
      for (let d = start; d <= end; d = addDays(d, 1)) {
        if (weeks.length === 0 || weeks[weeks.length - 1]!.length === 7) weeks.push([]);
        const described = deps.calendar.describe(d);
        weeks[weeks.length - 1]!.push({
          date: d,
          inMonth: d.startsWith(month),
          working: deps.calendar.isWorkingDay(d),
          mark: described ? { kind: described.kind, name: described.entry.name } : null,
          entries: byDay.get(d) ?? [],
        });
      }
      return {
        month,
        prev: shiftMonth(month, -1),
        next: shiftMonth(month, 1),
        today,
        weeks,
        unitId,
        units: canFilter ? await deps.store.unitsWithItems(session.province) : [],
        canFilter,
      };
    },
  };
}
export type WebCalendar = ReturnType<typeof createWebCalendar>;
