import { describe, expect, it } from 'vitest';
import { CronSyntaxError, cronMatches, type CronTime } from '../../../src/domain/cron.js';

const at = (o: Partial<CronTime>): CronTime => ({ second: 0, minute: 0, hour: 8, day: 1, month: 7, weekday: 1, ...o });

describe('cronMatches', () => {
  it('matches the default schedules only at their instants', () => {
    expect(cronMatches('0 8 * * 1', at({}))).toBe(true);
    expect(cronMatches('0 8 * * 1', at({ weekday: 2 }))).toBe(false);
    expect(cronMatches('0 8 * * 1', at({ minute: 1 }))).toBe(false);
    expect(cronMatches('30 16 * * 1-5', at({ hour: 16, minute: 30, weekday: 5 }))).toBe(true);
    expect(cronMatches('30 16 * * 1-5', at({ hour: 16, minute: 30, weekday: 6 }))).toBe(false);
    expect(cronMatches('*/5 * * * *', at({ minute: 35 }))).toBe(true);
    expect(cronMatches('*/5 * * * *', at({ minute: 36 }))).toBe(false);
  });
  it('treats 0 and 7 as Sunday and ORs day-of-month with day-of-week', () => {
    expect(cronMatches('0 8 * * 0', at({ weekday: 7 }))).toBe(true);
    expect(cronMatches('0 8 * * 7', at({ weekday: 7 }))).toBe(true);
    expect(cronMatches('0 8 15 * 1', at({ day: 15, weekday: 3 }))).toBe(true);
    expect(cronMatches('0 8 15 * 1', at({ day: 16, weekday: 3 }))).toBe(false);
  });
  it('supports a seconds field and rejects malformed expressions', () => {
    expect(cronMatches('*/10 * * * * *', at({ second: 20 }))).toBe(true);
    expect(cronMatches('*/10 * * * * *', at({ second: 21 }))).toBe(false);
    expect(() => cronMatches('0 25 * * *', at({}))).toThrow(CronSyntaxError);
    expect(() => cronMatches('every day', at({}))).toThrow(CronSyntaxError);
  });
});
