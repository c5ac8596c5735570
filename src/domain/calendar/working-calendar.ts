/**
 * The working calendar of Vietnamese state agencies: Monday–Friday, minus public holidays, plus make-up working
 * Saturdays, per year from official data or, failing that, a provisional schedule generated from the law.
 */
import { provisionalHolidays, type HolidayEntry, type HolidayYearData } from './holidays.js';
import {
  dayNumber,
  fromDayNumber,
  isLeapYear,
  isoFromDayNumber,
  isoToDayNumber,
  weekdayOfDayNumber,
  type IsoDate,
} from './iso-date.js';

/** Working-day arithmetic over holiday data. All dates are ISO strings 'YYYY-MM-DD'. */
export interface WorkingCalendar {
  /** True on Monday–Friday that is not a day off, and on make-up working days. */
  isWorkingDay(iso: IsoDate): boolean;
  /**
   * The `n`-th working day strictly after `iso` (n > 0), strictly before it (n < 0), or `iso` itself (n = 0).
   * "N ngày làm việc kể từ E" is `addWorkingDays(E, N)`: counting starts the next day (BLDS 2015 điều 147).
   */
  addWorkingDays(iso: IsoDate, n: number): IsoDate;
  /** `iso` if it is a working day, else the last working day before it. */
  previousWorkingDayOnOrBefore(iso: IsoDate): IsoDate;
  /** `iso` if it is a working day, else the first working day after it (BLDS 2015 điều 148.5). */
  nextWorkingDayOnOrAfter(iso: IsoDate): IsoDate;
  /** True when `year` has no official schedule and its holidays are generated from the law. */
  isProvisional(year: number): boolean;
  /** The holiday schedule used for `year` (official or provisional). */
  yearData(year: number): HolidayYearData;
  /** The holiday or make-up entry of a day, if any. */
  describe(iso: IsoDate): { kind: 'holiday' | 'working_day'; entry: HolidayEntry } | undefined;
}

/** Options of {@link createCalendar}. */
export interface CalendarOptions {
  /** Schedule for years without data. Default: {@link provisionalHolidays} (generated from the law). */
  fallback?: (year: number) => HolidayYearData;
  /**
   * ISO weekdays that are working days before holidays and make-up days apply (1 = Monday … 7 = Sunday).
   * Default Monday–Friday: state agencies' 40-hour week (Nghị định 45/2013 điều 3; config `WORKING_DAYS`).
   */
  workingWeekdays?: readonly number[];
}

interface YearTable {
  data: HolidayYearData;
  /** 1 = working day, indexed by day of year (0-based). */
  working: Uint8Array;
  start: number;
  entries: Map<IsoDate, { kind: 'holiday' | 'working_day'; entry: HolidayEntry }>;
}

/** Day-number versions of the calendar's queries (days since 1970-01-01), for the expansion's inner loops. */
export interface DayNumberCalendar {
  isWorking(n: number): boolean;
  previousOnOrBefore(n: number): number;
  nextOnOrAfter(n: number): number;
  isProvisional(year: number): boolean;
}

const fastPaths = new WeakMap<WorkingCalendar, DayNumberCalendar>();

/** Fast day-number operations of a calendar made by {@link createCalendar}; other implementations go through ISO strings. */
export function dayNumberCalendar(calendar: WorkingCalendar): DayNumberCalendar {
  const fast = fastPaths.get(calendar);
  if (fast) return fast;
  const slow: DayNumberCalendar = {
    isWorking: (n) => calendar.isWorkingDay(isoFromDayNumber(n)),
    previousOnOrBefore: (n) => isoToDayNumber(calendar.previousWorkingDayOnOrBefore(isoFromDayNumber(n))),
    nextOnOrAfter: (n) => isoToDayNumber(calendar.nextWorkingDayOnOrAfter(isoFromDayNumber(n))),
    isProvisional: (year) => calendar.isProvisional(year),
  };
  fastPaths.set(calendar, slow);
  return slow;
}

/** Builds a working calendar from per-year holiday data (e.g. `config/holidays/load.ts`). Pure; tables are built lazily. */
export function createCalendar(data: readonly HolidayYearData[] = [], options: CalendarOptions = {}): WorkingCalendar {
  const official = new Map<number, HolidayYearData>();
  for (const y of data) official.set(y.year, y);
  const fallback = options.fallback ?? provisionalHolidays;
  const weekdays = new Set(options.workingWeekdays ?? [1, 2, 3, 4, 5]);
  if (weekdays.size === 0 || [...weekdays].some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    throw new RangeError('workingWeekdays must be ISO weekdays 1–7, at least one');
  const tables = new Map<number, YearTable>();

  const table = (year: number): YearTable => {
    let t = tables.get(year);
    if (t) return t;
    const yd = official.get(year) ?? fallback(year);
    const start = dayNumber(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const working = new Uint8Array(length);
    for (let i = 0; i < length; i++) working[i] = weekdays.has(weekdayOfDayNumber(start + i)) ? 1 : 0;
    const entries = new Map<IsoDate, { kind: 'holiday' | 'working_day'; entry: HolidayEntry }>();
    for (const h of yd.holidays) {
      const i = isoToDayNumber(h.date) - start;
      if (i >= 0 && i < length) working[i] = 0;
      entries.set(h.date, { kind: 'holiday', entry: h });
    }
    for (const w of yd.workingDays) {
      const i = isoToDayNumber(w.date) - start;
      if (i >= 0 && i < length) working[i] = 1;
      entries.set(w.date, { kind: 'working_day', entry: w });
    }
    t = { data: yd, working, start, entries };
    tables.set(year, t);
    return t;
  };

  let last: YearTable | undefined;
  const isWorking = (n: number): boolean => {
    if (last === undefined || n < last.start || n >= last.start + last.working.length) last = table(fromDayNumber(n).year);
    return last.working[n - last.start] === 1;
  };

  const step = (n: number, dir: 1 | -1): number => {
    let m = n;
    // Every year has working days; a bound guards against corrupt data (e.g. every day marked off).
    for (let guard = 0; guard < 800; guard++) {
      if (isWorking(m)) return m;
      m += dir;
    }
    throw new RangeError(`no working day within 800 days of ${isoFromDayNumber(n)}`);
  };

  const isProvisional = (year: number) => !official.has(year) || official.get(year)!.provisional === true;
  const calendar: WorkingCalendar = {
    isWorkingDay: (iso) => isWorking(isoToDayNumber(iso)),
    addWorkingDays(iso, n) {
      if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
      let m = isoToDayNumber(iso);
      const dir = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0; left--) m = step(m + dir, dir);
      return isoFromDayNumber(m);
    },
    previousWorkingDayOnOrBefore: (iso) => isoFromDayNumber(step(isoToDayNumber(iso), -1)),
    nextWorkingDayOnOrAfter: (iso) => isoFromDayNumber(step(isoToDayNumber(iso), 1)),
    isProvisional,
    yearData: (year) => table(year).data,
    describe: (iso) => table(Number(iso.slice(0, 4))).entries.get(iso),
  };
  fastPaths.set(calendar, {
    isWorking,
    previousOnOrBefore: (n) => step(n, -1),
    nextOnOrAfter: (n) => step(n, 1),
    isProvisional,
  });
  return calendar;
}
