import { describe, expect, it } from 'vitest';
import { loadHolidayData } from '../../../config/holidays/load.js';
import { readDate, readIsoDate, todayIn } from '../../../src/app/bot/dates.js';
import { readEventDetails } from '../../../src/app/bot/coordination.js';
import { createCalendar } from '../../../src/domain/deadline.js';

const calendar = createCalendar(loadHolidayData());
const options = { today: '2024-03-11', calendar, zone: 'Asia/Ho_Chi_Minh' };

describe('readDate (proposed extension dates, through the deadline engine)', () => {
  it('reads the Vietnamese forms people type', () => {
    expect(readDate('30/6/2024', options)).toMatchObject({ ok: true, date: { nominalDue: '2024-06-30', dueDate: '2024-06-28' } });
    expect(readDate('ngày 15 tháng 7', options)).toMatchObject({ ok: true, date: { nominalDue: '2024-07-15', dueDate: '2024-07-15' } });
    expect(readDate('cuối tháng 8', options)).toMatchObject({ ok: true, date: { nominalDue: '2024-08-31', dueDate: '2024-08-30' } });
    expect(readDate('15/4', options)).toMatchObject({
      ok: true,
      date: { nominalDue: '2024-04-15', dueDate: '2024-04-15', dueAt: '2024-04-15T23:59:59.999+07:00' },
    });
  });

  it('takes next year for a day without a year that has passed this year', () => {
    expect(readDate('15/1', options)).toMatchObject({ ok: true, date: { nominalDue: '2025-01-15' } });
  });

  it('refuses the past, words that are not dates, and recurring periods', () => {
    expect(readDate('1/3/2024', options)).toEqual({ ok: false, reason: 'in_past' });
    expect(readDate('càng sớm càng tốt', options)).toEqual({ ok: false, reason: 'unreadable' });
    expect(readDate('định kỳ hằng quý', options)).toEqual({ ok: false, reason: 'not_a_day' });
    expect(readDate('1/3/2024', { ...options, allowPast: true })).toMatchObject({ ok: true, date: { nominalDue: '2024-03-01' } });
  });

  it('reads stored days back with their working-day adjustment', () => {
    expect(readIsoDate('2024-06-30', options)).toMatchObject({ nominalDue: '2024-06-30', dueDate: '2024-06-28' });
  });

  it('knows today in the service zone', () => {
    expect(todayIn(new Date('2024-03-10T17:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2024-03-11');
  });
});

describe('readEventDetails', () => {
  it('splits a date and a document reference in either order', () => {
    expect(readEventDetails('QĐ số 123/QĐ-UBND ngày 11/3/2024', options)).toEqual({ date: '2024-03-11', reference: 'QĐ số 123/QĐ-UBND' });
    expect(readEventDetails('11/3/2024 QĐ 123/QĐ-UBND', options)).toEqual({ date: '2024-03-11', reference: 'QĐ 123/QĐ-UBND' });
    expect(readEventDetails('ngày 5 tháng 3', options)).toEqual({ date: '2024-03-05', reference: null });
    expect(readEventDetails('QĐ 123/QĐ-UBND', options)).toBeNull();
  });
});
