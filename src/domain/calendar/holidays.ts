/**
 * Public holidays as data.
 *
 * The official schedule of a year (which days around Tết are off, compensatory days, swapped days and the make-up
 * working Saturdays) is fixed each year by the Prime Minister and published in a notice; it lives in
 * `config/holidays/<year>.json`. Years without such a file get a provisional schedule generated from the law
 * (Bộ luật Lao động 2019 điều 112 and 111.3), marked `provisional: true`.
 */
import { addDays, isoFromDayNumber, isoToDayNumber, toIso, weekdayOf, weekdayOfDayNumber, type IsoDate } from './iso-date.js';
import { hungKingsDay, lunarNewYear } from './lunar.js';

/** One day in a holiday schedule. */
export interface HolidayEntry {
  /** The day, 'YYYY-MM-DD'. */
  date: IsoDate;
  /** Vietnamese name shown to users, e.g. "Tết Nguyên đán" or "Làm bù cho thứ Hai 29/04". */
  name: string;
  /** Where the entry comes from (statute, official notice); required for official data. */
  source: string;
  /** False when the entry is not confirmed by an official notice yet. Default true. */
  verified?: boolean;
}

/** The holiday schedule of one year. */
export interface HolidayYearData {
  year: number;
  /** Days off for state agencies (weekends inside a holiday block may be listed too; they are off anyway). */
  holidays: HolidayEntry[];
  /** Make-up working days (usually Saturdays) that the official notice swaps for a weekday off. */
  workingDays: HolidayEntry[];
  /** True for a schedule generated from the law rather than read from an official notice. Default false. */
  provisional?: boolean;
  /** The document(s) the schedule comes from. */
  source?: string;
}

const LAW = 'Bộ luật Lao động 2019 điều 112';
const LAW_SUBSTITUTE = 'Bộ luật Lao động 2019 điều 111.3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)';

/**
 * A provisional schedule for a year without an official notice, generated from Bộ luật Lao động 2019 điều 112:
 * 1/1; Tết Nguyên đán 5 days (here: the last day of the lunar year and mùng 1–4, the usual choice — the real days
 * are fixed by the Prime Minister); Giỗ Tổ Hùng Vương 10/3 âm lịch; 30/4; 1/5; 2/9 and one adjacent day (here:
 * 3/9 when 2/9 is a Monday, otherwise 1/9). A holiday falling on Saturday or Sunday gives a compensatory day on the
 * next working day (điều 111.3). No make-up Saturdays are invented.
 */
export function provisionalHolidays(year: number): HolidayYearData {
  const days: HolidayEntry[] = [];
  const add = (date: IsoDate, name: string, source: string) => days.push({ date, name, source, verified: false });
  add(toIso(year, 1, 1), 'Tết Dương lịch', `${LAW}.1.a`);
  const tet = lunarNewYear(year);
  add(addDays(tet, -1), 'Tết Nguyên đán (ngày cuối năm âm lịch)', `${LAW}.1.b; ngày cụ thể do Thủ tướng quyết định`);
  for (let i = 0; i < 4; i++) add(addDays(tet, i), `Tết Nguyên đán (mùng ${i + 1})`, `${LAW}.1.b; ngày cụ thể do Thủ tướng quyết định`);
  add(hungKingsDay(year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', `${LAW}.1.đ`);
  add(toIso(year, 4, 30), 'Ngày Chiến thắng', `${LAW}.1.c`);
  add(toIso(year, 5, 1), 'Ngày Quốc tế lao động', `${LAW}.1.d`);
  add(toIso(year, 9, 2), 'Quốc khánh', `${LAW}.1.e`);
  const adjacent = weekdayOf(toIso(year, 9, 2)) === 1 ? toIso(year, 9, 3) : toIso(year, 9, 1);
  add(adjacent, 'Quốc khánh (ngày liền kề)', `${LAW}.1.e; ngày liền kề do Thủ tướng quyết định`);

  const off = new Set(days.map((d) => d.date));
  const substitutes: HolidayEntry[] = [];
  for (const d of [...days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    const n = isoToDayNumber(d.date);
    if (weekdayOfDayNumber(n) < 6) continue;
    let m = n + 1;
    while (weekdayOfDayNumber(m) >= 6 || off.has(isoFromDayNumber(m))) m++;
    const iso = isoFromDayNumber(m);
    off.add(iso);
    substitutes.push({ date: iso, name: `Nghỉ bù ${d.name}`, source: LAW_SUBSTITUTE, verified: false });
  }
  return {
    year,
    holidays: [...days, ...substitutes].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    workingDays: [],
    provisional: true,
    source: `Tạm tính theo ${LAW} và điều 111.3; chưa có thông báo chính thức cho năm ${year}`,
  };
}
