import { describe, expect, it } from 'vitest';
import { hungKingsDay, lunarNewYear } from '../../../../src/domain/deadline.js';
import { lunarToSolarHnd } from './ho-ngoc-duc.js';

/**
 * Tết Nguyên đán as published in Vietnam, 1990–2050 (and 1985). It equals the Chinese New Year except where the
 * UTC+7 and UTC+8 calendars disagree: 1985 (VN 21/01, CN 20/02), 2007 (VN 17/02, CN 18/02), 2030 (VN 02/02, CN 03/02).
 */
const TET: Readonly<Record<number, string>> = {
  1985: '01-21',
  1990: '01-27', 1991: '02-15', 1992: '02-04', 1993: '01-23', 1994: '02-10', 1995: '01-31', 1996: '02-19', 1997: '02-07',
  1998: '01-28', 1999: '02-16', 2000: '02-05', 2001: '01-24', 2002: '02-12', 2003: '02-01', 2004: '01-22', 2005: '02-09',
  2006: '01-29', 2007: '02-17', 2008: '02-07', 2009: '01-26', 2010: '02-14', 2011: '02-03', 2012: '01-23', 2013: '02-10',
  2014: '01-31', 2015: '02-19', 2016: '02-08', 2017: '01-28', 2018: '02-16', 2019: '02-05', 2020: '01-25', 2021: '02-12',
  2022: '02-01', 2023: '01-22', 2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26', 2029: '02-13',
  2030: '02-02', 2031: '01-23', 2032: '02-11', 2033: '01-31', 2034: '02-19', 2035: '02-08', 2036: '01-28', 2037: '02-15',
  2038: '02-04', 2039: '01-24', 2040: '02-12', 2041: '02-01', 2042: '01-22', 2043: '02-10', 2044: '01-30', 2045: '02-17',
  2046: '02-06', 2047: '01-26', 2048: '02-14', 2049: '02-02', 2050: '01-23',
};

/** Giỗ Tổ Hùng Vương (10/3 âm lịch) as observed in Vietnam. */
const HUNG_KINGS: Readonly<Record<number, string>> = {
  2010: '04-23', 2011: '04-12', 2012: '03-31', 2013: '04-19', 2014: '04-09', 2015: '04-28', 2016: '04-16', 2017: '04-06',
  2018: '04-25', 2019: '04-14', 2020: '04-02', 2021: '04-21', 2022: '04-10', 2023: '04-29', 2024: '04-18', 2025: '04-07',
  2026: '04-26',
};

describe('calendar: lunar dates (Vietnamese calendar, UTC+7)', () => {
  it.each(Object.entries(TET))('Tết %s is %s (published)', (year, mmdd) => {
    expect(lunarNewYear(Number(year))).toBe(`${year}-${mmdd}`);
  });

  it.each(Object.entries(HUNG_KINGS))('Giỗ Tổ %s is %s (observed)', (year, mmdd) => {
    expect(hungKingsDay(Number(year))).toBe(`${year}-${mmdd}`);
  });

  it('agrees with an independent implementation of Hồ Ngọc Đức’s algorithm for Tết and Giỗ Tổ 1990–2050', () => {
    const diffs: string[] = [];
    for (let y = 1990; y <= 2050; y++) {
      if (lunarNewYear(y) !== lunarToSolarHnd(1, 1, y)) diffs.push(`Tết ${y}`);
      if (hungKingsDay(y) !== lunarToSolarHnd(10, 3, y)) diffs.push(`Giỗ Tổ ${y}`);
    }
    expect(diffs).toEqual([]);
  });

  it('differs from the Chinese (UTC+8) calendar exactly where the published dates do', () => {
    expect(lunarToSolarHnd(1, 1, 2007, 8)).toBe('2007-02-18');
    expect(lunarToSolarHnd(1, 1, 2030, 8)).toBe('2030-02-03');
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2030)).toBe('2030-02-02');
  });
});
