/**
 * Reads the official holiday schedules in `config/holidays/<year>.json` (I/O, so it lives outside src/domain) and
 * hands them to `createCalendar`. Each file holds one year: `{ year, source, holidays: [...], workingDays: [...] }`,
 * with a `source` on every entry. Years without a file are generated from the law by the calendar and marked
 * provisional.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../src/infra/project-root.js';
import { createCalendar, type HolidayEntry, type HolidayYearData, type WorkingCalendar } from '../../src/domain/deadline.js';

/** Where the `<year>.json` schedules live: `config/holidays/` of the project root. */
export const HOLIDAYS_DIR = projectPath('config', 'holidays');

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function checkEntries(file: string, year: number, field: string, value: unknown): HolidayEntry[] {
  if (!Array.isArray(value)) throw new TypeError(`${file}: "${field}" must be an array`);
  return value.map((e: unknown, i) => {
    const entry = e as Partial<HolidayEntry>;
    if (typeof entry !== 'object' || entry === null) throw new TypeError(`${file}: ${field}[${i}] must be an object`);
    if (typeof entry.date !== 'string' || !ISO.test(entry.date) || !entry.date.startsWith(`${year}-`)) {
      throw new TypeError(`${file}: ${field}[${i}].date must be an ISO date in ${year}`);
    }
    if (typeof entry.name !== 'string' || entry.name === '') throw new TypeError(`${file}: ${field}[${i}].name is required`);
    if (typeof entry.source !== 'string' || entry.source === '') throw new TypeError(`${file}: ${field}[${i}].source is required`);
    return { date: entry.date, name: entry.name, source: entry.source, ...(entry.verified === false ? { verified: false } : {}) };
  });
}

/** Reads and validates every `<year>.json` in `dir` (default: this directory). Throws a TypeError on a malformed file. */
export function loadHolidayData(dir: string = HOLIDAYS_DIR): HolidayYearData[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort()
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const year = Number(f.slice(0, 4));
      if (raw.year !== year) throw new TypeError(`${f}: "year" must be ${year}`);
      return {
        year,
        source: typeof raw.source === 'string' ? raw.source : undefined,
        holidays: checkEntries(f, year, 'holidays', raw.holidays),
        workingDays: checkEntries(f, year, 'workingDays', raw.workingDays ?? []),
      } satisfies HolidayYearData;
    });
}

/**
 * A working calendar over the official schedules in `dir` (provisional, law-generated years elsewhere), on the
 * given working week (config `WORKING_DAYS`; default Monday–Friday).
 */
export function loadWorkingCalendar(dir: string = HOLIDAYS_DIR, options: { workingWeekdays?: readonly number[] } = {}): WorkingCalendar {
  return createCalendar(loadHolidayData(dir), options.workingWeekdays ? { workingWeekdays: options.workingWeekdays } : {});
}

/** The calendar of a configuration: official holidays on the configured working week. */
export function calendarForConfig(config: { domain: { workingDays: readonly number[] } }): WorkingCalendar {
  return loadWorkingCalendar(HOLIDAYS_DIR, { workingWeekdays: config.domain.workingDays });
}
