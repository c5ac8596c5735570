/**
 * Calendar feeds as RFC 5545 text (ical-generator): a unit's or a person's open due items as all-day events with
 * alarms at the reminder ladder's steps, and the official days off and make-up working days. Pure: data in, text
 * out; the working calendar places the ladder's steps.
 */
import ical, { ICalAlarmRelatesTo, ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { HolidayYearData } from '../../domain/calendar/holidays.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { taskLabel } from '../../domain/format/task-label.js';

/** An open due item as a feed shows it. */
export interface FeedItem {
  id: number;
  taskKey: string | null;
  taskNumber: string;
  taskTitle: string;
  /** The deadline cell as read from the plan. */
  deadlineText: string | null;
  occurrenceLabel: string;
  /** The adjusted due day, 'YYYY-MM-DD'. */
  dueDate: string;
  /** The feed owner's unit's role in the task. */
  role: 'lead' | 'support';
  unitName: string;
  leadUnits: string[];
  supportUnits: string[];
  planTitle: string;
  /** The plan's own ladder (plan settings), if any. */
  ladder: number[] | null;
}

export interface FeedRenderOptions {
  name: string;
  /** `WEB_BASE_URL`: each event links to `<base>/items/<id>`. */
  webBaseUrl: string;
  calendar: WorkingCalendar;
  /** The configured ladder (working days relative to the due day), used when a plan has none. */
  ladder: readonly number[];
  /** 'HH:MM', the local time reminders are sent. */
  sendTime: string;
  zone: string;
  /** When the feed was produced (DTSTAMP). */
  now: Date;
}

const PRODID = { company: 'nhacviec', product: 'nhacviec', language: 'VI' };
/** How often calendar clients are asked to fetch the feed again. */
const REFRESH_S = 3600;

function day(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { zone });
}

/** The feed of open due items. Each event's UID is the item's, so a replan moves the event instead of adding one. */
export function renderItemsFeed(items: readonly FeedItem[], o: FeedRenderOptions): string {
  // No calendar time zone: all-day dates are floating, and with one ical-generator writes DTSTAMP without its Z.
  const cal = ical({ name: o.name, prodId: PRODID, method: ICalCalendarMethod.PUBLISH, ttl: REFRESH_S });
  const [hh, mm] = o.sendTime.split(':').map(Number) as [number, number];
  const base = o.webBaseUrl.replace(/\/+$/, '');
  for (const item of items) {
    const label = taskLabel({ key: item.taskKey, number: item.taskNumber });
    const url = `${base}/items/${item.id}`;
    const event = cal.createEvent({
      id: `due-item-${item.id}@nhacviec`,
      start: day(item.dueDate, o.zone),
      allDay: true,
      stamp: o.now,
      summary: `${label} ${item.taskTitle}`,
      description: [
        `Thời hạn (theo kế hoạch): ${item.deadlineText ?? '—'}${item.occurrenceLabel ? ` — kỳ: ${item.occurrenceLabel}` : ''}`,
        `Hạn áp dụng: ${day(item.dueDate, o.zone).toFormat('dd/MM/yyyy')}`,
        `Chủ trì: ${item.leadUnits.join(', ') || '—'}`,
        `Phối hợp: ${item.supportUnits.join(', ') || '—'}`,
        `${item.unitName}: ${item.role === 'lead' ? 'chủ trì' : 'phối hợp'}`,
        `Kế hoạch: ${item.planTitle}`,
        `Chi tiết: ${url}`,
      ].join('\n'),
      url,
    });
    const ladder = [...new Set(item.ladder ?? o.ladder)].sort((a, b) => a - b);
    for (const step of ladder) {
      const alarmDay = o.calendar.addWorkingDays(item.dueDate, step);
      // Relative to the event's start (00:00 of the due day): positive seconds are before it.
      const seconds = Math.round(day(item.dueDate, o.zone).diff(day(alarmDay, o.zone).set({ hour: hh, minute: mm }), 'seconds').seconds);
      event
        .createAlarm({
          type: ICalAlarmType.display,
          trigger: seconds,
            description: `${step < 0 ? `Còn ${-step} ngày làm việc` : step === 0 ? 'Hôm nay là hạn' : `Quá hạn ${step} ngày làm việc`}: ${label} ${item.taskTitle}`,
        })
        // Explicit: left unset, ical-generator relates alarms after the start to the END (the next day, all-day).
        .relatesTo(ICalAlarmRelatesTo.start);
    }
  }
  return cal.toString();
}

/** The official days off and make-up working days, every year the configuration has. */
export function renderHolidayFeed(years: readonly HolidayYearData[], o: { zone: string; now: Date }): string {
  const cal = ical({ name: 'Lịch nghỉ lễ, Tết và ngày làm bù', prodId: PRODID, method: ICalCalendarMethod.PUBLISH, ttl: 24 * REFRESH_S });
  for (const y of years) {
    const tag = y.provisional ? ' (dự kiến)' : '';
    for (const h of y.holidays)
      cal.createEvent({
        id: `nghi-${h.date}@nhacviec`,
        start: day(h.date, o.zone),
        allDay: true,
        stamp: o.now,
        summary: `Nghỉ: ${h.name}${tag}${h.verified === false ? ' (chưa xác nhận)' : ''}`,
        description: `Nguồn: ${h.source}`,
        categories: [{ name: 'Ngày nghỉ' }],
      });
    for (const w of y.workingDays)
      cal.createEvent({
        id: `lam-bu-${w.date}@nhacviec`,
        start: day(w.date, o.zone),
        allDay: true,
        stamp: o.now,
        summary: `${/^làm bù/iu.test(w.name) ? '' : 'Làm bù: '}${w.name}${tag}${w.verified === false ? ' (chưa xác nhận)' : ''}`,
        description: `Ngày làm việc bù. Nguồn: ${w.source}`,
        categories: [{ name: 'Ngày làm việc bù' }],
      });
  }
  return cal.toString();
}
