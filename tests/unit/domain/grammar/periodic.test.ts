import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_POLICY, mergeDeadlinePolicy, parseDeadline, type PeriodicPart } from '../../../../src/domain/deadline.js';
import { nominal, period, run } from '../deadline-helpers.js';

const periodic = (text: string) => parseDeadline(text, period(2024)).parts[0] as PeriodicPart;

describe('§3 periodic', () => {
  it.each([
    ['Định kỳ quý', ['quarter']],
    ['hàng Quý', ['quarter']],
    ['Theo quý, 06 tháng, năm', ['quarter', 'half_year', 'year']],
    ['Theo định kỳ quý, 06 tháng, năm', ['quarter', 'half_year', 'year']],
    ['Tháng, quý, 06 tháng, năm', ['month', 'quarter', 'half_year', 'year']],
    ['06 tháng, cuối năm', ['half_year', 'year']],
    ['Định kỳ hàng tuần/tháng', ['week', 'month']],
    ['Hàng năm', ['year']],
    ['quý, 6 tháng, 9 tháng, năm', ['quarter', 'half_year', 'nine_months', 'year']],
  ])('§3.1 %j reports %j', (text, reports) => {
    const p = periodic(text);
    expect(p.kind).toBe('periodic');
    expect(p.reports).toEqual(reports);
  });

  it('§3.1 "quý, 6 tháng, năm" is four reports a year (6-month stands in for Q2, annual for Q4)', () => {
    const o = run('Quý, 06 tháng, năm').occurrences;
    expect(o.map((x) => x.label)).toEqual(['định kỳ quý I/2024', 'định kỳ 6 tháng đầu năm 2024', 'định kỳ quý III/2024', 'định kỳ năm 2024']);
    expect(o.map((x) => x.reportsOn?.unit)).toEqual(['quarter', 'half_year', 'quarter', 'year']);
  });

  it('§3.1 with "9 tháng" the 9-month report replaces Q3', () => {
    expect(run('quý, 6 tháng, 9 tháng, năm').occurrences.map((x) => x.reportsOn?.unit)).toEqual(['quarter', 'half_year', 'nine_months', 'year']);
  });

  it('§3.1 "tháng, quý, 6 tháng, năm" never schedules two reports in the same month', () => {
    const o = run('Tháng, quý, 06 tháng, năm').occurrences;
    expect(o).toHaveLength(12);
    expect(new Set(o.map((x) => x.reportsOn!.end.slice(0, 7))).size).toBe(12);
    expect(o.map((x) => x.reportsOn!.unit)).toEqual([
      'month', 'month', 'quarter', 'month', 'month', 'half_year', 'month', 'month', 'quarter', 'month', 'month', 'year',
    ]);
  });

  it('§3.1 "6 tháng" alone gives both halves; weekly reports are due on Fridays of ISO weeks', () => {
    expect(run('định kỳ 6 tháng').occurrences.map((x) => x.label)).toEqual(['định kỳ 6 tháng đầu năm 2024', 'định kỳ 6 tháng cuối năm 2024']);
    const weeks = run('Định kỳ hàng tuần').occurrences;
    expect(weeks).toHaveLength(52);
    expect(weeks[0]).toMatchObject({ start: '2024-01-01', nominalDue: '2024-01-05' });
  });

  it.each([
    ['Tháng 12 hàng năm', ['2024-12-31']],
    ['vào tháng 11 hàng năm', ['2024-11-30']],
    ['Theo định kỳ quý IV hàng năm', ['2024-12-31']],
  ])('§3.2 %j → %j', (text, expected) => {
    expect(nominal(text)).toEqual(expected);
  });

  it('§3.2 yearly duties repeat in each year of a multi-year plan', () => {
    expect(nominal('Tháng 12 hàng năm.', period(2012, 2015))).toEqual(['2012-12-31', '2013-12-31', '2014-12-31', '2015-12-31']);
    expect(nominal('Hàng năm', period(2012, 2015))).toEqual(['2012-12-15', '2013-12-15', '2014-12-15', '2015-12-15']);
  });

  it.each(['Định kỳ', 'theo định kỳ', 'báo cáo theo định kỳ', 'Định kỳ trong năm'])('§3.3 %j uses the plan regime', (text) => {
    expect(periodic(text).reports).toBe('policy');
    expect(run(text).occurrences).toHaveLength(4);
  });

  it('§3.3 the regime comes from the policy', () => {
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { reportingRegime: ['month', 'year'] });
    const o = run('báo cáo theo định kỳ', 2024, { policy }).occurrences;
    expect(o).toHaveLength(12);
    expect(o[11]!.label).toBe('báo cáo năm 2024');
  });

  it('§3.4 "(báo cáo trước ngày 05 của tháng sau)" refines the monthly part: December is due 04/01 next year', () => {
    const { parts, occurrences } = run('Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)');
    expect(parts).toHaveLength(1);
    expect((parts[0] as PeriodicPart).dueDay).toEqual({ day: 5, month: 'following', bound: 'before' });
    expect(occurrences[0]).toMatchObject({ label: 'báo cáo tháng 01/2024', nominalDue: '2024-02-04', due: '2024-02-02' });
    expect(occurrences[11]).toMatchObject({ label: 'báo cáo tháng 12/2024', nominalDue: '2025-01-04' });
  });

  it.each([
    ['ngày 20 của tháng cuối quý', ['2024-03-20', '2024-06-20', '2024-09-20', '2024-12-20']],
    ['chậm nhất ngày 06 (sáu) của tháng cuối quý', ['2024-03-06', '2024-06-06', '2024-09-06', '2024-12-06']],
    ['hàng quý, chậm nhất ngày 31 của tháng cuối quý', ['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']],
  ])('§3.4 %j → %j', (text, expected) => {
    expect(nominal(text)).toEqual(expected);
  });

  it('§3.4 without a written day the policy default (15th of the last month) applies and says so', () => {
    const o = run('Định kỳ quý').occurrences[0]!;
    expect(o.nominalDue).toBe('2024-03-15');
    expect(o.flags).toContain('day_from_policy');
  });
});
