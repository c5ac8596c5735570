import { describe, expect, it } from 'vitest';
import { loadHolidayData } from '../../../../config/holidays/load.js';
import { createCalendar } from '../../../../src/domain/calendar/working-calendar.js';
import {
  DEFAULT_REMINDER_POLICY,
  diffReminderPlan,
  nextSendWindow,
  planReminders,
  sendInstant,
  supportInternalDueDay,
  type PlanDueItem,
  type Recipients,
} from '../../../../src/domain/reminders/plan.js';

const calendar = createCalendar(loadHolidayData());
const recipients: Recipients = {
  focal: [{ chatId: '1001', personId: 1 }],
  unitChats: [{ chatId: '-5001' }],
  head: [{ chatId: '1002', personId: 2 }],
  coordinator: [{ chatId: '1003', personId: 3 }],
  leadership: [{ chatId: '1004', personId: 4 }],
};
const item = (over: Partial<PlanDueItem> = {}): PlanDueItem => ({ id: 7, dueDate: '2024-02-16', state: 'open', role: 'lead', ...over });

describe('planReminders', () => {
  it('places each ladder step on a working day at 08:00 Asia/Ho_Chi_Minh, skipping Tết 2024', () => {
    const rows = planReminders(item(), { ...recipients, head: [], coordinator: [], leadership: [] }, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });
    // Due Friday 16/02/2024, Tết off Thu 08/02 – Wed 14/02.
    expect(rows.map((r) => [r.step, r.day])).toEqual([
      ['-7', '2024-01-31'],
      ['-3', '2024-02-06'],
      ['-1', '2024-02-15'],
      ['0', '2024-02-16'],
      ['+1', '2024-02-19'],
      ['+3', '2024-02-21'],
      ['+7', '2024-02-27'],
    ]);
    expect(rows[0]!.plannedAt).toBe('2024-01-31T08:00:00+07:00');
    for (const r of rows) expect(calendar.isWorkingDay(r.day)).toBe(true);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
  });

  it('aims at the last working day on or before a due day that is not a working day', () => {
    // Saturday 04/05/2024 is a make-up working day; Sunday 05/05 is not.
    const rows = planReminders(item({ dueDate: '2024-05-05' }), recipients, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });
    expect(rows.find((r) => r.step === '0')!.day).toBe('2024-05-04');
  });

  it('escalates to the head from +3 and to the coordinator and leadership from +7', () => {
    const rows = planReminders(item(), recipients, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });
    const at = (step: string) => rows.filter((r) => r.step === step).map((r) => `${r.kind}:${r.audience}`).sort();
    expect(at('+1')).toEqual(['reminder:focal']);
    expect(at('+3')).toEqual(['escalation:head', 'reminder:focal']);
    expect(at('+7')).toEqual(['escalation:coordinator', 'escalation:head', 'escalation:leadership', 'reminder:focal']);
  });

  it('addresses a chat once per step, preferring the escalation when the focal point is also the head', () => {
    const same = { ...recipients, head: [{ chatId: '1001', personId: 1 }] };
    const rows = planReminders(item(), same, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false }).filter((r) => r.step === '+3');
    expect(rows.map((r) => `${r.kind}:${r.recipientChatId}`)).toEqual(['escalation:1001']);
  });

  it('falls back to the unit group chat when the unit has no reachable focal point', () => {
    const rows = planReminders(item(), { ...recipients, focal: [] }, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });
    expect(rows.filter((r) => r.kind === 'reminder').every((r) => r.recipientChatId === '-5001' && r.audience === 'unit_chat')).toBe(true);
  });

  it('gives support units an internal due day N working days before the lead', () => {
    const rows = planReminders(item({ role: 'support' }), recipients, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });
    // 5 working days before Fri 16/02/2024 across Tết: 15/02, 07/02, 06/02, 05/02, 02/02.
    expect(rows.find((r) => r.step === '0')!.day).toBe('2024-02-02');
  });

  it('puts a support unit\'s internal due day on working days before the lead\'s, or on it when the lead days are 0', () => {
    // Mon 15/01/2024 − 5 working days = Mon 08/01; a Sunday due day counts from the Friday before it.
    expect(supportInternalDueDay('2024-01-15', calendar, 5)).toBe('2024-01-08');
    expect(supportInternalDueDay('2024-01-14', calendar, 5)).toBe('2024-01-05');
    expect(supportInternalDueDay('2024-01-15', calendar, 0)).toBe('2024-01-15');
  });

  it('plans a nudge on the next working day between steps, not when the next step is that day', () => {
    const rows = planReminders(item(), { ...recipients, head: [], coordinator: [], leadership: [] }, calendar);
    const nudges = rows.filter((r) => r.kind === 'nudge').map((r) => [r.step, r.day]);
    // -7 (31/01) → nudge 01/02; -3 (06/02) → 07/02; -1 (15/02) → next is 16/02 = step 0, no nudge;
    // 0 (16/02) → next 19/02 = step +1, none; +1 (19/02) → 20/02; +3 (21/02) → 22/02; +7 is the last step.
    expect(nudges).toEqual([
      ['-7n', '2024-02-01'],
      ['-3n', '2024-02-07'],
      ['+1n', '2024-02-20'],
      ['+3n', '2024-02-22'],
    ]);
  });

  it('plans nothing for items that are done, waived, awaiting approval, waiting or undated', () => {
    for (const state of ['done', 'waived', 'pending_approval', 'waiting'] as const) {
      expect(planReminders(item({ state }), recipients, calendar)).toEqual([]);
    }
    expect(planReminders(item({ dueDate: null }), recipients, calendar)).toEqual([]);
  });

  it('is deterministic: the same input gives the same rows', () => {
    expect(planReminders(item(), recipients, calendar)).toEqual(planReminders(item(), recipients, calendar));
  });
});

describe('sendInstant', () => {
  it('answers per zone, send time and day, also when the same day was asked before with another zone or time', () => {
    expect(sendInstant('2024-03-29', { sendTime: '08:00', zone: 'Asia/Ho_Chi_Minh' })).toBe('2024-03-29T08:00:00+07:00');
    expect(sendInstant('2024-03-29', { sendTime: '07:30', zone: 'Asia/Ho_Chi_Minh' })).toBe('2024-03-29T07:30:00+07:00');
    // Across a daylight-saving change the offset follows the day, not the first answer given for the zone.
    expect(sendInstant('2024-03-29', { sendTime: '08:00', zone: 'Europe/Berlin' })).toBe('2024-03-29T08:00:00+01:00');
    expect(sendInstant('2024-04-02', { sendTime: '08:00', zone: 'Europe/Berlin' })).toBe('2024-04-02T08:00:00+02:00');
    expect(sendInstant('2024-03-29', { sendTime: '08:00', zone: 'Asia/Ho_Chi_Minh' })).toBe('2024-03-29T08:00:00+07:00');
  });
});

describe('planReminders with nobody to remind', () => {
  it('plans no rows, and plans them once someone joins', () => {
    const none: Recipients = { focal: [], unitChats: [], head: [], coordinator: [], leadership: [] };
    expect(planReminders(item(), none, calendar)).toEqual([]);
    expect(planReminders(item(), { ...none, leadership: [{ chatId: '1004' }] }, calendar).map((r) => `${r.step}:${r.audience}`)).toEqual([
      '+7:leadership',
    ]);
  });
});

describe('diffReminderPlan', () => {
  const desired = planReminders(item(), recipients, calendar, { ...DEFAULT_REMINDER_POLICY, nudges: false });

  it('inserts everything on first planning and nothing the second time', () => {
    expect(diffReminderPlan([], desired).insert).toHaveLength(desired.length);
    const existing = desired.map((d, i) => ({ id: i + 1, dedupeKey: d.dedupeKey, status: 'planned' as const, plannedAt: d.plannedAt }));
    expect(diffReminderPlan(existing, desired)).toEqual({ insert: [], reschedule: [], cancel: [] });
  });

  it('after an extension, moves planned rows, keeps sent history, and cancels rows no longer wanted', () => {
    const existing = desired.map((d, i) => ({
      id: i + 1,
      dedupeKey: d.dedupeKey,
      status: (d.step === '-7' ? 'sent' : 'planned') as 'sent' | 'planned',
      plannedAt: d.plannedAt,
    }));
    const extended = planReminders(item({ dueDate: '2024-03-15', state: 'extended' }), { ...recipients, leadership: [] }, calendar, {
      ...DEFAULT_REMINDER_POLICY,
      nudges: false,
    });
    const diff = diffReminderPlan(existing, extended);
    expect(diff.insert).toEqual([]);
    const sentId = existing.find((e) => e.status === 'sent')!.id;
    expect(diff.reschedule.map((r) => r.id)).not.toContain(sentId);
    expect(diff.cancel).toEqual(existing.filter((e) => e.dedupeKey.includes('|1004')).map((e) => e.id));
    expect(diff.reschedule.length).toBe(existing.filter((e) => e.status === 'planned' && !e.dedupeKey.includes('|1004')).length);
  });

  it('brings cancelled rows back when they are wanted again', () => {
    const existing = desired.map((d, i) => ({ id: i + 1, dedupeKey: d.dedupeKey, status: 'cancelled' as const, plannedAt: d.plannedAt }));
    expect(diffReminderPlan(existing, desired).reschedule).toHaveLength(desired.length);
  });
});

describe('nextSendWindow', () => {
  const policy = { sendTime: '08:00', zone: 'Asia/Ho_Chi_Minh', workingHours: { start: '08:00', end: '17:00' } };
  it('is now during working hours on a working day', () => {
    const now = new Date('2024-03-05T03:00:00Z'); // Tuesday 10:00
    expect(nextSendWindow(now, calendar, policy)).toEqual(now);
  });
  it('waits for the morning, the weekend and the holidays to pass', () => {
    // Tuesday 20:00 → Wednesday 08:00.
    expect(nextSendWindow(new Date('2024-03-05T13:00:00Z'), calendar, policy).toISOString()).toBe('2024-03-06T01:00:00.000Z');
    // Tuesday 06:30 → the same day 08:00.
    expect(nextSendWindow(new Date('2024-03-04T23:30:00Z'), calendar, policy).toISOString()).toBe('2024-03-05T01:00:00.000Z');
    // Saturday → Monday.
    expect(nextSendWindow(new Date('2024-03-09T03:00:00Z'), calendar, policy).toISOString()).toBe('2024-03-11T01:00:00.000Z');
    // New Year's Day 2024 (Monday) → Tuesday 02/01.
    expect(nextSendWindow(new Date('2024-01-01T03:00:00Z'), calendar, policy).toISOString()).toBe('2024-01-02T01:00:00.000Z');
    // During Tết 2024 → Thursday 15/02.
    expect(nextSendWindow(new Date('2024-02-10T03:00:00Z'), calendar, policy).toISOString()).toBe('2024-02-15T01:00:00.000Z');
  });
});
