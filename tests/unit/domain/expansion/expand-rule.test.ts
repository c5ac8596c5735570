import { describe, expect, it } from 'vitest';
import { createExpansionCache, DEFAULT_DEADLINE_POLICY, expandRule, mergeDeadlinePolicy, parseDeadline } from '../../../../src/domain/deadline.js';
import { deadlinePolicyFor } from '../../../../config/deadline-policy.js';
import { calendar, period, run } from '../deadline-helpers.js';

describe('§10 expansion', () => {
  it('§10 nominalDue is as written; due is the last working day on or before it (default for written dates)', () => {
    const o = run('Quý I/2024').occurrences[0]!;
    expect(o).toMatchObject({ nominalDue: '2024-03-31', due: '2024-03-29', adjustment: 'earlier_working_day' });
  });

  it('§10 dueAt is the end of the due day in Asia/Ho_Chi_Minh (BLDS 2015 điều 148.6)', () => {
    expect(run('Tháng 02/2024').occurrences[0]!.dueAt).toBe('2024-02-29T23:59:59.999+07:00');
  });

  it('§10 dueAt follows the zone given', () => {
    const rule = parseDeadline('Tháng 02/2024');
    const [o] = expandRule(rule, { periodStart: '2024-01-01', periodEnd: '2024-12-31', calendar, zone: 'Europe/Paris' });
    expect(o!.dueAt).toBe('2024-02-29T23:59:59.999+01:00');
  });

  it('§10 the policy may keep non-working days or roll written dates forward', () => {
    const keep = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { writtenDateAdjustment: 'none' });
    expect(run('Quý I/2024', 2024, { policy: keep }).occurrences[0]).toMatchObject({ due: '2024-03-31', adjustment: 'none' });
    const forward = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { writtenDateAdjustment: 'next_working_day' });
    expect(run('Quý I/2024', 2024, { policy: forward }).occurrences[0]).toMatchObject({ due: '2024-04-01', adjustment: 'next_working_day' });
  });

  it('§10 the default report day is a policy choice', () => {
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { periodicDefaultDue: { day: 20, month: 'period_last', bound: 'by' } });
    expect(run('Định kỳ quý', 2024, { policy }).occurrences.map((o) => o.nominalDue)).toEqual(['2024-03-20', '2024-06-20', '2024-09-20', '2024-12-20']);
  });

  it('§10 continuous check-ins follow the policy and can be switched off', () => {
    const monthly = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { continuous: { checkInEvery: 'month' } });
    expect(run('Thường xuyên', 2024, { policy: monthly }).occurrences).toHaveLength(12);
    const none = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { continuous: { checkInEvery: null } });
    expect(run('Thường xuyên', 2024, { policy: none }).occurrences).toEqual([]);
  });

  it('§10 an event without a written period gets a date only if the policy sets one', () => {
    const events = [{ type: 'nghi-dinh-cua-chinh-phu', date: '2024-03-04' }];
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { eventWithoutOffsetDays: 30 });
    expect(run('Sau khi có Nghị định của Chính phủ', 2024, { events, policy }).occurrences.map((o) => o.nominalDue)).toEqual(['2024-04-03']);
  });

  it('§10 events outside the plan period are not expanded; several records give several occurrences', () => {
    const events = [
      { type: 'cong-bo-tthc', date: '2023-12-20' },
      { type: 'cong-bo-tthc', date: '2024-03-01', reference: 'QĐ 1' },
      { type: 'cong-bo-tthc', date: '2024-07-01', reference: 'QĐ 2' },
      { type: 'khac', date: '2024-07-01' },
    ];
    const o = run('05 ngày làm việc kể từ ngày công bố TTHC', 2024, { events }).occurrences;
    expect(o.map((x) => x.nominalDue)).toEqual(['2024-03-08', '2024-07-08']);
  });

  it('§10 a periodic occurrence belongs to the period it reports on, even when due after the year', () => {
    const o = run('báo cáo trước ngày 05 của tháng sau').occurrences;
    expect(o).toHaveLength(12);
    expect(o[11]).toMatchObject({ nominalDue: '2025-01-04', reportsOn: { unit: 'month', start: '2024-12-01', end: '2024-12-31' } });
    expect(o[11]!.flags ?? []).not.toContain('after_period');
  });

  it('§10 a plan period that is not whole years keeps only reports whose period ends inside it', () => {
    const o = run('Định kỳ quý', { from: '2024-04-01', to: '2025-03-31' }).occurrences;
    expect(o.map((x) => x.label)).toEqual(['định kỳ quý II/2024', 'định kỳ quý III/2024', 'định kỳ quý IV/2024', 'định kỳ quý I/2025']);
  });

  it('§10 occurrences are sorted by due and unique', () => {
    const o = run('- Năm 2012;\n- Năm 2012;\n- Thí điểm năm 2012 - 2013.', period(2012, 2015)).occurrences;
    expect(o.map((x) => x.nominalDue)).toEqual(['2012-12-31', '2013-12-31']);
  });

  it('§10 flags due dates on provisional calendars', () => {
    expect(run('Năm 2030', 2030).occurrences[0]!.flags).toContain('provisional_calendar');
    expect(run('Năm 2024', 2024).occurrences[0]!.flags).toBeUndefined();
  });

  it('§10 the expansion cache returns the same (frozen) result for the same rule, period and policy only', () => {
    const cache = createExpansionCache();
    const rule = parseDeadline('Định kỳ quý');
    const opts = { periodStart: '2024-01-01', periodEnd: '2024-12-31', calendar, cache };
    const a = expandRule(rule, opts);
    const b = expandRule(rule, opts);
    expect(b).toBe(a);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(a).toEqual(expandRule(rule, { ...opts, cache: undefined }));
    const other = expandRule(rule, { ...opts, periodStart: '2025-01-01', periodEnd: '2025-12-31' });
    expect(other).not.toBe(a);
    expect(other[0]!.nominalDue).toBe('2025-03-15');
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { periodicDefaultDue: { day: 20, month: 'period_last', bound: 'by' } });
    expect(expandRule(rule, { ...opts, policy })[0]!.nominalDue).toBe('2024-03-20');
    expect(cache.size).toBe(3);
    const events = [{ type: 'cong-bo-tthc', date: '2024-03-01' }];
    const ev = parseDeadline('05 ngày kể từ ngày công bố TTHC');
    expect(expandRule(ev, { ...opts, events })).not.toBe(expandRule(ev, { ...opts, events }));
  });

  it('§10 province and plan overrides layer over the documented defaults', () => {
    expect(deadlinePolicyFor()).toEqual(DEFAULT_DEADLINE_POLICY);
    expect(deadlinePolicyFor('nghe-an', { weeklyDueWeekday: 4 }).weeklyDueWeekday).toBe(4);
  });

  it('§10 an empty or reversed period yields nothing', () => {
    const rule = parseDeadline('Định kỳ quý');
    expect(expandRule(rule, { periodStart: '2024-12-31', periodEnd: '2024-01-01', calendar })).toEqual([]);
  });
});
