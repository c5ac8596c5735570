import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED_DIR, extractSeedDeadlineCells } from '../../../../scripts/extract-seed-deadlines.js';
import {
  explainDeadline,
  expandRule,
  formatDeadline,
  formatExplanation,
  formatOccurrence,
  parseDeadline,
  type Occurrence,
} from '../../../../src/domain/deadline.js';
import { calendar, period, run } from '../deadline-helpers.js';

const strip = (o: Occurrence[]) => o.map(({ partIndex: _p, ...rest }) => rest);

export function sameAfterReadBack(text: string, p: { from: string; to: string }): void {
  const rule = parseDeadline(text, p);
  const again = parseDeadline(formatDeadline(rule), p);
  const opts = { periodStart: p.from, periodEnd: p.to, calendar };
  expect(strip(expandRule(again, opts)), `${text} → ${formatDeadline(rule)}`).toEqual(strip(expandRule(rule, opts)));
}

describe('§11 explain and format', () => {
  it('§11 formatOccurrence renders "Hạn … (trước ngày …) — báo cáo tháng …"', () => {
    const [jan, , , apr] = run('Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)').occurrences;
    expect(formatOccurrence(jan!)).toBe(
      'Hạn 04/02/2024 (trước ngày 05/02/2024) — báo cáo tháng 01/2024; 04/02/2024 là ngày nghỉ, nhắc nộp trước Thứ Sáu 02/02/2024',
    );
    expect(formatOccurrence(apr!)).toBe('Hạn 04/05/2024 (trước ngày 05/05/2024) — báo cáo tháng 04/2024');
  });

  it('§11 formatOccurrence explains a check-in and a rolled-forward legal period', () => {
    expect(formatOccurrence(run('Thường xuyên').occurrences[0]!)).toMatch(/^Cập nhật 15\/03\/2024 .* không tính quá hạn\)$/);
    const events = [{ type: 'cong-bo-tthc', date: '2024-04-25' }];
    expect(formatOccurrence(run('05 ngày kể từ ngày công bố TTHC', 2024, { events }).occurrences[0]!)).toContain('BLDS 2015 điều 148.5');
  });

  it.each([
    ['Xây dựng Kế hoạch tháng 01; báo cáo theo định kỳ', 'xây dựng kế hoạch tháng 01/2024; báo cáo theo định kỳ'],
    ['Trước tháng 7 và tháng 11/2024', 'trước tháng 07/2024; trước tháng 11/2024'],
    ['Quý II-III/2024', 'từ quý II/2024 đến hết quý III/2024'],
    ['Theo định kỳ quý, 06 tháng, năm', 'định kỳ quý, 6 tháng, năm'],
    ['05 ngày làm việc kể từ ngày công bố TTHC', '05 ngày làm việc kể từ ngày công bố tthc'],
    ['Tháng 12 hàng năm', 'tháng 12 hàng năm'],
    ['chậm nhất ngày 06 (sáu) của tháng cuối quý', 'định kỳ hàng quý (chậm nhất ngày 06 của tháng cuối kỳ)'],
    ['', ''],
  ])('§11 formatDeadline(%j) = %j', (text, expected) => {
    expect(formatDeadline(parseDeadline(text, period(2024)))).toBe(expected);
  });

  it.each([
    ['Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)', period(2024)],
    ['- Quý I/2024; - Hoàn thành trước tháng 9; - Tháng, quý, 06 tháng, năm', period(2024)],
    ['Từ tháng 6/2015; kết thúc ở cấp tỉnh vào tháng 10/2015.', period(2012, 2015)],
    ['Năm 2012 và duy trì, cập nhật bổ sung trong các năm tiếp theo.', period(2012, 2015)],
    ['05 ngày kể từ ngày 10/3', period(2024)],
    ['hàng Quý báo cáo', period(2024)],
    ['giữa năm; đầu tháng 3; 6 tháng cuối năm; 9 tháng', period(2024)],
    ['Định kỳ hàng tuần/tháng', period(2021)],
  ])('§11 reading back formatDeadline(%j) yields the same occurrences', (text, p) => {
    sameAfterReadBack(text, p);
  });

  it.skipIf(!existsSync(DEFAULT_SEED_DIR))('§11 reading back formatDeadline yields the same occurrences for every seed cell', () => {
    for (const c of extractSeedDeadlineCells()) sameAfterReadBack(c.text, c.period);
  });

  it('§11 explainDeadline returns the CLI contract object', () => {
    const e = explainDeadline('KH xây dựng tháng 01; báo cáo theo tiến độ kế hoạch và định kỳ', period(2024), calendar);
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['input', 'kind', 'parts', 'occurrences', 'unparsed']));
    expect(e.kind).toBe('mixed');
    expect(e.parts.map((p) => [p.kind, p.label, p.every, p.everySource])).toEqual([
      ['date', 'xây dựng kế hoạch', undefined, undefined],
      ['on_demand', 'báo cáo', undefined, undefined],
      ['periodic', 'báo cáo', 'quarter', 'policy'],
    ]);
    expect(e.parts[2]!.day).toEqual({ day: 15, month: 'period_last', bound: 'by', source: 'policy' });
    expect(e.occurrences[0]).toMatchObject({ label: 'xây dựng kế hoạch tháng 01/2024', start: null, nominalDue: '2024-01-31', due: '2024-01-31', adjustment: 'none' });
    const ev = explainDeadline('05 ngày làm việc kể từ ngày công bố TTHC', period(2024), calendar);
    expect(ev.parts[0]).toMatchObject({ kind: 'event', event: 'cong-bo-tthc', offset: { amount: 5, unit: 'working_day' } });
    expect(explainDeadline('abc', period(2024), calendar)).toMatchObject({ kind: 'unparsed', parts: [], occurrences: [] });
  });

  it('§11 formatExplanation prints Vietnamese for coordinators', () => {
    const text = formatExplanation(explainDeadline('Tháng 12/2020', period(2021), calendar));
    expect(text).toContain('Hiểu là: tháng 12/2020');
    expect(text).toContain('trước kỳ kế hoạch');
  });
});
