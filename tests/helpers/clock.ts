/**
 * Clocks for tests that run the pipeline in real time but must not depend on the hour or the day they run at.
 */
import { DateTime } from 'luxon';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import type { Clock } from '../../src/domain/clock.js';

/** Real time shifted by a fixed offset: it ticks like the wall clock, but reads as another moment. */
export class OffsetClock implements Clock {
  readonly offsetMs: number;
  constructor(target: Date) {
    this.offsetMs = target.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/**
 * 10:00 Asia/Ho_Chi_Minh on the most recent working day strictly before today: within working hours and in the
 * past, so messages deferred to "the next send window" would go out at once.
 */
export function lastWorkingMorning(now = new Date()): Date {
  const calendar = loadWorkingCalendar();
  const today = DateTime.fromJSDate(now, { zone: 'Asia/Ho_Chi_Minh' }).toISODate()!;
  const day = calendar.addWorkingDays(today, -1);
  return DateTime.fromISO(`${day}T10:00`, { zone: 'Asia/Ho_Chi_Minh' }).toJSDate();
}
