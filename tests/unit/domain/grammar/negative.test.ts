import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../../../src/domain/deadline.js';
import { period, run } from '../deadline-helpers.js';

/** §12: text that must not yield a date. Each case must produce no occurrence at all. */
const NO_DATE: ReadonlyArray<[string, RegExp | null]> = [
  ['Quyết định 1821/QĐ-UBND ngày 04/8/2022', /văn bản/],
  ['Kế hoạch số 160/KH-UBND ngày 28/10/2022 của UBND tỉnh', /văn bản/],
  ['sau tháng 3', /mốc bắt đầu/],
  ['sau ngày 15/3/2024', /mốc bắt đầu/],
  ['khoảng tháng 3', null],
  ['không muộn hơn tháng 3', null],
  ['dự kiến tháng 3/2024', null],
  ['ngày 30/02/2024', /không có thật/],
  ['ngày 31/4', /không có thật/],
  ['32/01/2024', null],
  ['Quý V/2024', null],
  ['quý 5/2024', /quý/],
  ['tháng 13', /tháng/],
  ['năm 20245', null],
  ['năm 1850', /năm/],
  ['ISO 9001:2008', null],
  ['5 ngày', null],
  ['tháng 11 - tháng 2', /kết thúc/],
  ['Từ tháng 6/2015', /kết thúc/],
  ['các năm tiếp theo', /năm/],
  ['Ban hành văn bản hướng dẫn', /mốc thời gian/],
  ['2.000 triệu đồng', null],
  ['', null],
  ['   ', null],
];

describe('§12 negative cases: no date', () => {
  it.each(NO_DATE)('§12 %j yields no date', (text, reason) => {
    const r = run(text);
    expect(r.occurrences).toEqual([]);
    expect(r.parts.filter((p) => p.kind === 'date' || p.kind === 'window')).toEqual([]);
    if (text.trim() !== '') expect(r.unparsed.length + r.parts.length).toBeGreaterThan(0);
    if (reason) expect(r.unparsed.map((u) => u.reason).join(' | ')).toMatch(reason);
  });

  it('§12 a yearless date in a multi-year plan yields no date', () => {
    expect(run('Trước tháng 11', period(2012, 2015)).occurrences).toEqual([]);
  });

  it('§12 parseDeadline never throws, even on non-strings', () => {
    expect(() => parseDeadline(undefined as unknown as string)).not.toThrow();
    expect(() => parseDeadline(42 as unknown as string)).not.toThrow();
    expect(parseDeadline('\u0000\uffff\ud800').v).toBe(1);
  });
});
