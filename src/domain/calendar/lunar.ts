/**
 * Vietnamese lunar calendar, used only to place Tết Nguyên đán and Giỗ Tổ Hùng Vương (10/3 âm lịch).
 *
 * Computed by `date-chinese`'s `CalendarVietnamese` (MIT), which reckons new moons and solar terms at UTC+7 from
 * 1968 on, as the Vietnamese calendar does (Hồ Ngọc Đức's algorithm is the reference). Chinese (UTC+8) calendars
 * place some new years a day apart (Tết 1985, 2007, 2030), so a Chinese-calendar package must not be used here.
 * Deadlines themselves are never counted in lunar months (BLDS 2015 điều 145).
 */
import { CalendarVietnamese } from 'date-chinese';
import { toIso, type IsoDate } from './iso-date.js';

const cache = new Map<string, IsoDate>();

/** The Gregorian date of lunar day `day` of lunar month `month` (not leap) of the lunar year that starts in `year`. */
export function lunarToSolar(year: number, month: number, day: number): IsoDate {
  const key = `${year}-${month}-${day}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const cal = new CalendarVietnamese();
  // Mid-year always lies inside the lunar year that began in January or February of the same Gregorian year.
  cal.fromGregorian(year, 7, 1);
  const [cycle, lunarYear] = cal.get();
  const g = new CalendarVietnamese(cycle, lunarYear, month, 0, day).toGregorian(year);
  const iso = toIso(g.year, g.month, g.day);
  cache.set(key, iso);
  return iso;
}

/** Tết Nguyên đán (1/1 âm lịch) of a Gregorian year. */
export function lunarNewYear(year: number): IsoDate {
  return lunarToSolar(year, 1, 1);
}

/** Giỗ Tổ Hùng Vương (10/3 âm lịch) of a Gregorian year. */
export function hungKingsDay(year: number): IsoDate {
  return lunarToSolar(year, 3, 10);
}
