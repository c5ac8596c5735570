/**
 * Confidence is visible (issue #11): `defaultsOf` names every default a rule relies on, in agreement with the
 * expansion (every occurrence whose day came from the policy belongs to a part flagged here, and no other);
 * `readingInEffect` applies the coordinator's choice of reading and ignores a stale one.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_POLICY,
  defaultsOf,
  expandRule,
  mergeDeadlinePolicy,
  readingInEffect,
  type DeadlinePart,
  type DeadlineRule,
} from '../../../../src/domain/deadline.js';
import { calendar } from '../deadline-helpers.js';

const sp = [{ start: 0, end: 1 }];
const PARTS: DeadlinePart[] = [
  { kind: 'periodic', text: 'hằng quý', spans: sp, reports: ['quarter'] },
  { kind: 'periodic', text: 'trước ngày 05 của tháng sau, hằng tháng', spans: sp, reports: ['month'], dueDay: { day: 5, month: 'following', bound: 'before' } },
  { kind: 'periodic', text: 'theo định kỳ', spans: sp, reports: 'policy' },
  { kind: 'periodic', text: 'hằng tuần', spans: sp, reports: ['week'] },
  { kind: 'periodic', text: 'tháng 12 hằng năm', spans: sp, reports: ['year'], anchor: { unit: 'month', month: 12 } },
  { kind: 'continuous', text: 'thường xuyên', spans: sp },
  { kind: 'event', text: 'sau khi có kết luận', spans: sp, event: 'co-ket-luan', eventText: 'có kết luận', offset: null },
  { kind: 'event', text: '10 ngày kể từ ngày nhận được văn bản', spans: sp, event: 'nhan-duoc-van-ban', eventText: 'nhận được văn bản', offset: { amount: 10, unit: 'day' } },
  { kind: 'date', text: 'tháng 6', spans: sp, point: { unit: 'month', year: 2024, month: 6 }, bound: 'by', yearSource: 'context', flags: ['year_from_plan'] },
  { kind: 'date', text: 'quý II', spans: sp, point: { unit: 'quarter', year: 2024, quarter: 2 }, bound: 'by', yearSource: 'list' },
  { kind: 'date', text: 'trước ngày 20/12/2024', spans: sp, point: { unit: 'day', year: 2024, month: 12, day: 20 }, bound: 'before', yearSource: 'text' },
  { kind: 'on_demand', text: 'theo yêu cầu', spans: sp, basis: 'theo yêu cầu' },
];

describe('defaultsOf', () => {
  const found = defaultsOf(PARTS);

  it('names each default by part, and nothing for what the text writes', () => {
    expect(found.map((d) => `${d.part}:${d.kind}`)).toEqual([
      '0:periodic_due_day',
      '2:reporting_regime',
      '2:periodic_due_day',
      '3:weekly_due_weekday',
      '5:continuous_check_in',
      '6:event_without_offset',
      '8:year_from_plan',
      '9:year_from_list',
    ]);
    expect(found[0]!.message).toContain('chậm nhất ngày 15 của tháng cuối kỳ');
    expect(found[1]!.message).toContain('quý, 6 tháng, năm');
    expect(found[3]!.message).toContain('thứ Sáu');
    expect(found[5]!.message).toContain('chưa có ngày');
    for (const d of found.filter((x) => !x.kind.startsWith('year_'))) expect(d.source).toMatch(/^DeadlinePolicy\.\w+, mặc định của hệ thống: /);
  });

  it('agrees with the expansion: policy-dated occurrences come from exactly the parts flagged for a policy day', () => {
    const rule: DeadlineRule = { v: 1, input: 'x', parts: PARTS, unparsed: [], ignored: [] };
    const occ = expandRule(rule, { periodStart: '2024-01-01', periodEnd: '2024-12-31', calendar });
    const fromPolicy = new Set(occ.filter((o) => o.flags?.includes('day_from_policy')).map((o) => o.partIndex));
    const flagged = new Set(found.filter((d) => ['periodic_due_day', 'weekly_due_weekday', 'continuous_check_in'].includes(d.kind)).map((d) => d.part));
    expect([...fromPolicy].sort()).toEqual([...flagged].sort());
  });

  it('says when a value comes from the configuration rather than the engine default, and uses it', () => {
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { periodicDefaultDue: { day: 10, month: 'following', bound: 'by' }, eventWithoutOffsetDays: 30 });
    const d = defaultsOf(PARTS, policy);
    const due = d.find((x) => x.kind === 'periodic_due_day')!;
    expect(due.message).toContain('chậm nhất ngày 10 của tháng sau');
    expect(due.source).toBe('DeadlinePolicy.periodicDefaultDue, theo cấu hình của tỉnh/kế hoạch (config/deadline-policy.ts)');
    expect(d.find((x) => x.kind === 'event_without_offset')!.message).toContain('mặc định 30 ngày sau sự kiện');
    expect(d.find((x) => x.kind === 'reporting_regime')!.source).toContain('mặc định của hệ thống');
  });
});

describe('readingInEffect', () => {
  const date = (day: number, bound: 'by' | 'before'): DeadlinePart => ({ kind: 'date', text: 'x', spans: sp, point: { unit: 'day', year: 2024, month: 12, day }, bound });
  const rule: DeadlineRule = {
    v: 1,
    input: 'Trước ngày 20/12',
    parts: [date(20, 'before')],
    unparsed: [],
    ignored: [],
    alternatives: [
      { note: 'b', parts: [date(20, 'by')] },
      { note: 'c', parts: [date(21, 'by')] },
    ],
  };

  it('is pending with no choice, and the first reading is used', () => {
    expect(readingInEffect(rule, null)).toMatchObject({ readings: 3, chosen: null, pending: true, rule: { parts: rule.parts } });
  });
  it('uses the chosen reading', () => {
    expect(readingInEffect(rule, { reading: 3, input: rule.input })).toMatchObject({ chosen: 3, pending: false, rule: { parts: rule.alternatives![1]!.parts } });
    expect(readingInEffect(rule, { reading: 1, input: rule.input })).toMatchObject({ chosen: 1, pending: false, rule: { parts: rule.parts } });
  });
  it('ignores a choice for another text or a reading that does not exist', () => {
    expect(readingInEffect(rule, { reading: 2, input: 'Trước ngày 25/12' })).toMatchObject({ chosen: null, pending: true });
    expect(readingInEffect(rule, { reading: 4, input: rule.input })).toMatchObject({ chosen: null, pending: true });
    expect(readingInEffect(rule, { reading: 0, input: rule.input })).toMatchObject({ chosen: null, pending: true });
  });
  it('a cell with one reading is never pending', () => {
    const single = { ...rule, alternatives: undefined };
    expect(readingInEffect(single, null)).toMatchObject({ readings: 1, chosen: null, pending: false });
  });
});
