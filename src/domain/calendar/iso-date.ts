/**
 * Gregorian date arithmetic on ISO strings ('YYYY-MM-DD') and day numbers (days since 1970-01-01).
 *
 * Deadlines are calendar days, not instants: this module never touches `Date` or a time zone, which keeps it fast
 * and free of server-zone bugs. Algorithms: Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */

/** An ISO calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** A calendar date as numbers; `month` 1–12, `day` 1–31. */
export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number. */
export function fromDayNumber(n: number): Ymd {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** True when the numbers form a real calendar date (year 1000–9999). */
export function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= 1000 && year <= 9999 &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month)
  );
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** 'YYYY-MM-DD' of a date given as numbers. */
export function toIso(year: number, month: number, day: number): IsoDate {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Memo of {@link isoFromDayNumber} for 1900–2199 (a pure function; the table fills as days are asked for). */
const ISO_MEMO_BASE = -25567; // 1900-01-01
const isoMemo: Array<string | undefined> = new Array(109573);

/** 'YYYY-MM-DD' of a day number. */
export function isoFromDayNumber(n: number): IsoDate {
  const k = n - ISO_MEMO_BASE;
  if (k >= 0 && k < isoMemo.length) {
    const hit = isoMemo[k];
    if (hit !== undefined) return hit;
  }
  const { year, month, day } = fromDayNumber(n);
  const iso = toIso(year, month, day);
  if (k >= 0 && k < isoMemo.length) isoMemo[k] = iso;
  return iso;
}

function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Parses 'YYYY-MM-DD'; returns null for anything else, including impossible dates. */
export function parseIso(iso: string): Ymd | null {
  if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  return year >= 0 && month >= 0 && day >= 0 && isValidYmd(year, month, day) ? { year, month, day } : null;
}

/** Day number of an ISO date; throws a RangeError on a malformed date (a bug in the caller). */
export function isoToDayNumber(iso: IsoDate): number {
  const d = parseIso(iso);
  if (!d) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  return dayNumber(d.year, d.month, d.day);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  const w = (((n + 3) % 7) + 7) % 7;
  return w + 1;
}

export function weekdayOf(iso: IsoDate): number {
  return weekdayOfDayNumber(isoToDayNumber(iso));
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return isoFromDayNumber(isoToDayNumber(iso) + days);
}

/**
 * Adds whole months. A month period that ends on a day the month lacks ends on that month's last day
 * (BLDS 2015 điều 148.3): 2024-01-31 + 1 month = 2024-02-29.
 */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const d = parseIso(iso);
  if (!d) throw new RangeError(`not an ISO date: ${JSON.stringify(iso)}`);
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return toIso(year, month, Math.min(d.day, daysInMonth(year, month)));
}

/** 'DD/MM/YYYY', the way Vietnamese documents write dates. */
export function formatViDate(iso: IsoDate): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

const WEEKDAY_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];

/** Vietnamese weekday name ("Thứ Hai" … "Chủ nhật"). */
export function weekdayNameVi(iso: IsoDate): string {
  return WEEKDAY_VI[weekdayOf(iso) - 1]!;
}
