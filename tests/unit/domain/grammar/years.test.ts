import { describe, expect, it } from 'vitest';
import { expandRule, parseDeadline, UNPARSED_REASONS } from '../../../../src/domain/deadline.js';
import { calendar, nominal, period, run } from '../deadline-helpers.js';

describe('§9 years and multi-year plans', () => {
  it('§9.1 a missing year comes from a one-year plan and is flagged', () => {
    const r = parseDeadline('Hoàn thành trước tháng 9', period(2024));
    expect(r.parts[0]).toMatchObject({ yearSource: 'context', flags: ['year_from_plan'] });
  });

  it('§9.1 a yearless date in a multi-year plan is unparsed, not guessed', () => {
    const r = parseDeadline('Tháng 9', period(2012, 2015));
    expect(r.parts).toEqual([]);
    expect(r.unparsed[0]!.reason).toMatch(/nhiều năm/);
  });

  it('§9.1 without a context the year stays open and a one-year expansion fills it', () => {
    const r = parseDeadline('Tháng 9');
    expect(r.parts[0]).toMatchObject({ point: { year: null } });
    expect(expandRule(r, { periodStart: '2025-01-01', periodEnd: '2025-12-31', calendar }).map((o) => o.nominalDue)).toEqual(['2025-09-30']);
    expect(expandRule(r, { periodStart: '2024-01-01', periodEnd: '2025-12-31', calendar })).toEqual([]);
  });

  it('§9.2 "Năm 2012 và các năm tiếp theo" → 2012, then each following year to the end of the plan', () => {
    expect(nominal('Năm 2012 và các năm tiếp theo', period(2012, 2015))).toEqual(['2012-12-31', '2013-12-31', '2014-12-31', '2015-12-31']);
    expect(nominal('- Thí điểm năm 2012 - 2013.\n- Những năm tiếp theo đến 2014', period(2012, 2015))).toEqual(['2013-12-31', '2014-12-31']);
  });

  it('§9.2 "các năm tiếp theo" with no earlier year is unparsed', () => {
    expect(run('các năm tiếp theo', period(2012, 2015)).unparsed).toHaveLength(1);
  });

  it('§9.3 a date before the plan period is kept and flagged', () => {
    const r = run('Tháng 12/2020', 2021);
    expect(r.parts[0]!.flags).toEqual(['before_plan_period']);
    expect(r.occurrences.map((o) => [o.nominalDue, o.flags?.includes('before_period')])).toEqual([['2020-12-31', true]]);
  });

  it('§9 "Hoàn thành giai đoạn 2012-2013 thực hiện 2014-2015" → two labelled windows', () => {
    const r = parseDeadline('Hoàn thành giai đoạn 2012-2013 thực hiện 2014-2015', period(2012, 2015));
    expect(r.parts.map((p) => [p.kind, p.label])).toEqual([
      ['window', 'hoàn thành'],
      ['window', 'thực hiện'],
    ]);
  });

  it('§2 an impossible year is unparsed with its span and reason, never replaced by the plan year (#16.2)', () => {
    const cases: Array<[string, string]> = [
      ['Quý I/99999', 'Quý I/99999'],
      ['Tháng 6/0', 'Tháng 6/0'],
      ['Hoàn thành trước tháng 6/0', 'trước tháng 6/0'],
      ['ngày 5/6/99999', 'ngày 5/6/99999'],
      ['31/12/0', '31/12/0'],
      ['Quý II năm 99999', 'Quý II năm 99999'],
      ['ngày 5 tháng 6 năm 0', 'ngày 5 tháng 6 năm 0'],
      ['cuối năm 20245', 'cuối năm 20245'],
      ['năm 99999', 'năm 99999'],
      ['tháng 9 - 11/99999', 'tháng 9 - 11/99999'],
    ];
    for (const [text, span] of cases) {
      const r = parseDeadline(text, period(2024));
      expect({ text, parts: r.parts }).toEqual({ text, parts: [] });
      const start = text.indexOf(span);
      expect(r.unparsed.map((u) => [u.text, u.start, u.end, u.reason])).toContainEqual([span, start, start + span.length, UNPARSED_REASONS.invalidYear]);
    }
    // Ranges and four-digit years are unchanged.
    expect(parseDeadline('tháng 6-8', period(2024)).parts.map((p) => p.kind)).toEqual(['window']);
    expect(nominal('tháng 6-8', period(2024))).toEqual(['2024-08-31']);
    expect(nominal('Quý I/2024', period(2024))).toEqual(['2024-03-31']);
  });

  it('§2 "Quý V" (and V–XII) is unparsed as an impossible quarter, not as noise', () => {
    for (const text of ['Quý V', 'quý VI/2024', 'Quý I-V']) {
      const r = parseDeadline(text, period(2024));
      expect(r.parts).toEqual([]);
      expect(r.unparsed).toEqual([{ start: 0, end: text.length, text, reason: UNPARSED_REASONS.invalidQuarter }]);
    }
    expect(parseDeadline('quý vị đại biểu', period(2024)).unparsed[0]!.reason).not.toBe(UNPARSED_REASONS.invalidQuarter);
  });
});
