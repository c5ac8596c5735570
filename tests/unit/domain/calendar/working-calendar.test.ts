import { describe, expect, it } from 'vitest';
import { loadHolidayData } from '../../../../config/holidays/load.js';
import {
  addDays,
  addMonths,
  createCalendar,
  provisionalHolidays,
  weekdayOf,
  type HolidayYearData,
} from '../../../../src/domain/deadline.js';
import { dayNumber, fromDayNumber, isoFromDayNumber } from '../../../../src/domain/calendar/iso-date.js';

const data = loadHolidayData();
const cal = createCalendar(data);

const offDays = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
};

describe('calendar: ISO date arithmetic', () => {
  it('round-trips day numbers 1900–2100 and knows weekdays', () => {
    for (let n = dayNumber(1900, 1, 1); n <= dayNumber(2100, 12, 31); n += 17) {
      const d = fromDayNumber(n);
      expect(dayNumber(d.year, d.month, d.day)).toBe(n);
    }
    expect(weekdayOf('2024-02-10')).toBe(6);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(isoFromDayNumber(dayNumber(2024, 2, 29))).toBe('2024-02-29');
  });

  it('BLDS 2015 điều 148.3: a month period without the matching day ends on the month’s last day', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-03-31', 1)).toBe('2024-04-30');
    expect(addMonths('2024-11-30', 3)).toBe('2025-02-28');
  });
});

describe('calendar: official schedules 2021–2026 (config/holidays)', () => {
  it('has a file for every year 2021–2026, with a source on every entry', () => {
    expect(data.map((d) => d.year)).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of data) for (const e of [...y.holidays, ...y.workingDays]) expect(e.source.length, e.date).toBeGreaterThan(10);
    for (let y = 2021; y <= 2026; y++) expect(cal.isProvisional(y)).toBe(false);
    expect(cal.isProvisional(2027)).toBe(true);
    expect(cal.isProvisional(2015)).toBe(true);
  });

  it('2024: Tết off Thu 08/02 – Wed 14/02; 27/04 – 01/05 off with make-up Saturday 04/05; Quốc khánh 31/08 – 03/09', () => {
    expect(offDays('2024-02-07', '2024-02-15')).toEqual(['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14']);
    expect(offDays('2024-04-26', '2024-05-06')).toEqual(['2024-04-27', '2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01', '2024-05-05']);
    expect(cal.isWorkingDay('2024-05-04')).toBe(true);
    expect(cal.isWorkingDay('2024-04-18')).toBe(false);
    expect(offDays('2024-08-30', '2024-09-04')).toEqual(['2024-08-31', '2024-09-01', '2024-09-02', '2024-09-03']);
  });

  it('2025: Tết 25/01 – 02/02; Giỗ Tổ 07/04; off 30/04 – 04/05 with make-up Saturday 26/04; Quốc khánh 30/08 – 02/09', () => {
    expect(offDays('2025-01-24', '2025-02-03')).toEqual(['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(cal.isWorkingDay('2025-04-07')).toBe(false);
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    expect(offDays('2025-04-29', '2025-05-05')).toEqual(['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']);
    expect(offDays('2025-08-29', '2025-09-03')).toEqual(['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']);
  });

  it('2026: New Year 01/01 – 04/01 with make-up Saturday 10/01; Tết 14/02 – 22/02; Giỗ Tổ Sunday 26/04 → Monday 27/04', () => {
    expect(offDays('2026-01-01', '2026-01-05')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(offDays('2026-02-13', '2026-02-23')).toEqual(['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22']);
    expect(offDays('2026-04-24', '2026-05-04')).toEqual(['2026-04-25', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
  });

  it('marks the unconfirmed Quốc khánh 2026 adjacent day as unverified', () => {
    const e = cal.describe('2026-09-01');
    expect(e?.kind).toBe('holiday');
    expect(e?.entry.verified).toBe(false);
  });
});

describe('calendar: working-day arithmetic', () => {
  it('N working days from an event: the N-th working day strictly after it (BLDS 2015 điều 147)', () => {
    // Friday 26/04/2024 + 5 working days crosses the 30/4–1/5 holiday and counts the make-up Saturday 04/05.
    expect(cal.addWorkingDays('2024-04-26', 5)).toBe('2024-05-07');
    expect(cal.addWorkingDays('2024-04-26', 1)).toBe('2024-05-02');
    expect(cal.addWorkingDays('2024-04-26', 3)).toBe('2024-05-04');
    expect(cal.addWorkingDays('2024-04-26', 0)).toBe('2024-04-26');
    expect(cal.addWorkingDays('2024-05-02', -1)).toBe('2024-04-26');
  });

  it('previous/next working day around Tết 2024', () => {
    expect(cal.previousWorkingDayOnOrBefore('2024-02-10')).toBe('2024-02-07');
    expect(cal.nextWorkingDayOnOrAfter('2024-02-10')).toBe('2024-02-15');
    expect(cal.nextWorkingDayOnOrAfter('2024-02-15')).toBe('2024-02-15');
  });

  it('BLDS 2015 điều 148.5: a period ending on a non-working day ends on the next working day', () => {
    expect(cal.nextWorkingDayOnOrAfter('2025-01-25')).toBe('2025-02-03');
  });
});

describe('calendar: provisional years generated from Bộ luật Lao động 2019 điều 112', () => {
  it('2027: 1/1, Tết (last day of the lunar year + mùng 1–4), Giỗ Tổ, 30/4, 1/5, 2/9 + adjacent, with weekend substitutes', () => {
    const p = provisionalHolidays(2027);
    expect(p.provisional).toBe(true);
    const days = p.holidays.map((h) => h.date);
    // Tết 2027 is Saturday 06/02: 05/02 (eve), 06–09/02; Saturday/Sunday give substitutes on Wed 10/02 and Thu 11/02.
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']) expect(days).toContain(d);
    // 30/4/2027 Friday, 1/5 Saturday → substitute Monday 03/05.
    expect(days).toEqual(expect.arrayContaining(['2027-04-30', '2027-05-01', '2027-05-03', '2027-09-02']));
    expect(p.holidays.every((h) => h.verified === false)).toBe(true);
  });

  it('a calendar without data uses the provisional schedule', () => {
    const empty = createCalendar([]);
    expect(empty.isProvisional(2024)).toBe(true);
    expect(empty.isWorkingDay('2024-02-12')).toBe(false);
  });

  it('accepts a custom fallback and official data that marks itself provisional', () => {
    const none = (year: number): HolidayYearData => ({ year, holidays: [], workingDays: [], provisional: true });
    const c = createCalendar([{ year: 2030, holidays: [], workingDays: [], provisional: true }], { fallback: none });
    expect(c.isWorkingDay('2031-01-01')).toBe(true);
    expect(c.isProvisional(2030)).toBe(true);
  });
});
