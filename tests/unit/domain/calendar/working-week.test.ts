import { describe, expect, it } from 'vitest';
import { loadHolidayData } from '../../../../config/holidays/load.js';
import { createCalendar } from '../../../../src/domain/calendar/working-calendar.js';

describe('working week (config WORKING_DAYS)', () => {
  it('is Monday–Friday by default and follows the configured weekdays otherwise', () => {
    const data = loadHolidayData();
    const standard = createCalendar(data);
    const sixDays = createCalendar(data, { workingWeekdays: [1, 2, 3, 4, 5, 6] });
    // Saturday 09/03/2024.
    expect(standard.isWorkingDay('2024-03-09')).toBe(false);
    expect(sixDays.isWorkingDay('2024-03-09')).toBe(true);
    // Holidays still apply: Saturday 10/02/2024 is in Tết.
    expect(sixDays.isWorkingDay('2024-02-10')).toBe(false);
    expect(sixDays.addWorkingDays('2024-03-08', 1)).toBe('2024-03-09');
    expect(() => createCalendar(data, { workingWeekdays: [] })).toThrow(RangeError);
  });
});
