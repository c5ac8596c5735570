import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../../../src/domain/deadline.js';
import { kinds, nominal, period, run } from '../deadline-helpers.js';

describe('§2 date', () => {
  it.each([
    ['trước ngày 20/01/2024', ['2024-01-19']],
    ['(trước ngày 20/01/2024)', ['2024-01-19']],
    ['trước ngày 01/03/2024', ['2024-02-29']],
    ['chậm nhất ngày 16/9/2021', ['2021-09-16']],
    ['chậm nhất vào ngày 16/9/2021', ['2021-09-16']],
    ['đến hết ngày 31/12/2024', ['2024-12-31']],
    ['hạn chót ngày 15 tháng 3 năm 2024', ['2024-03-15']],
    ['ngày 15/3', ['2024-03-15']],
    ['15/3/2024', ['2024-03-15']],
    ['Tháng 02/2024', ['2024-02-29']],
    ['Tháng 1/2024', ['2024-01-31']],
    ['tháng 6 năm 2025', ['2025-06-30']],
    ['Tháng 02', ['2024-02-29']],
    ['đầu tháng 3', ['2024-03-01']],
    ['giữa tháng 3', ['2024-03-15']],
    ['cuối tháng 2/2024', ['2024-02-29']],
    ['Trước tháng 11/2024', ['2024-10-31']],
    ['Hoàn thành trước tháng 9', ['2024-08-31']],
    ['trước tháng 1/2025', ['2024-12-31']],
    ['Quý I/2024', ['2024-03-31']],
    ['Quý IV/2024', ['2024-12-31']],
    ['quí 2', ['2024-06-30']],
    ['trước quý III/2024', ['2024-06-30']],
    ['6 tháng đầu năm', ['2024-06-30']],
    ['6 tháng cuối năm', ['2024-12-31']],
    ['9 tháng', ['2024-09-30']],
    ['Năm 2024', ['2024-12-31']],
    ['Trong năm', ['2024-12-31']],
    ['cuối năm', ['2024-12-31']],
    ['giữa năm', ['2024-06-30']],
    ['đầu năm 2024', ['2024-01-01']],
    ['trước năm 2025', ['2024-12-31']],
  ])('§2 %j → %j', (text, expected) => {
    expect(kinds(text)).toEqual(['date']);
    expect(nominal(text)).toEqual(expected);
  });

  it('§2.1 "trước ngày X" is strict: the last permissible day is X − 1, never rolled past X', () => {
    // 20/01/2024 is a Saturday; 19/01 a Friday.
    const o = run('trước ngày 22/01/2024').occurrences[0]!;
    expect(o.nominalDue).toBe('2024-01-21');
    expect(o.due).toBe('2024-01-19');
    expect(o.adjustment).toBe('earlier_working_day');
  });

  it('§2.6 "giữa năm" is 30/6 (BLDS 2015 điều 146.3), not 1/7', () => {
    expect(nominal('giữa năm 2024')).toEqual(['2024-06-30']);
  });

  it('§2.7 lists share the qualifier and borrow the year from a later item', () => {
    const { parts, occurrences } = run('Trước tháng 7 và tháng 11/2024');
    expect(parts.map((p) => p.kind === 'date' && [p.bound, p.yearSource])).toEqual([
      ['before', 'list'],
      ['before', 'text'],
    ]);
    expect(occurrences.map((o) => o.nominalDue)).toEqual(['2024-06-30', '2024-10-31']);
    expect(nominal('quí 4/2013 và quí 4/2015', period(2012, 2015))).toEqual(['2013-12-31', '2015-12-31']);
    expect(nominal('vào năm 2012 và 2015', period(2012, 2015))).toEqual(['2012-12-31', '2015-12-31']);
  });

  it('§2 keeps the written point in the rule (plain JSON, versioned)', () => {
    const rule = parseDeadline('Quý I/2024');
    expect(rule.v).toBe(1);
    expect(rule.parts[0]).toMatchObject({ kind: 'date', point: { unit: 'quarter', year: 2024, quarter: 1 }, bound: 'by', text: 'Quý I/2024' });
    expect(JSON.parse(JSON.stringify(rule))).toEqual(rule);
  });
});
