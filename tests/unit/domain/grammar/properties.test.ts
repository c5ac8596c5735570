import fc from '../../../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DEFAULT_DEADLINE_POLICY,
  expandRule,
  formatDeadline,
  mergeDeadlinePolicy,
  parseDeadline,
  type Occurrence,
} from '../../../../src/domain/deadline.js';
import { calendar } from '../deadline-helpers.js';

const ROMAN = ['I', 'II', 'III', 'IV'];
const num = (lo: number, hi: number) => fc.integer({ min: lo, max: hi });
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Phrases built from the grammar's pieces, with random numbers, case and separators. */
const phrase: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(num(1, 28), num(1, 12), num(2020, 2027)).map(([d, m, y]) => `trước ngày ${pad(d)}/${m}/${y}`),
  fc.tuple(num(1, 28), num(1, 12)).map(([d, m]) => `chậm nhất ngày ${d}/${pad(m)}`),
  fc.tuple(num(1, 12), fc.option(num(2020, 2027))).map(([m, y]) => `Tháng ${pad(m)}${y ? `/${y}` : ''}`),
  fc.tuple(num(1, 12), num(1, 12)).map(([a, b]) => `Tháng ${Math.min(a, b)} - tháng ${Math.max(a, b)}`),
  fc.tuple(num(1, 4), fc.option(num(2020, 2027))).map(([q, y]) => `Quý ${ROMAN[q - 1]}${y ? `/${y}` : ''}`),
  fc.tuple(num(1, 12), num(1, 12)).map(([a, b]) => `Trước tháng ${Math.min(a, b)} và tháng ${Math.max(a, b)}`),
  fc.constantFrom(
    'Trong năm', 'cuối năm', 'giữa năm', '6 tháng đầu năm', '9 tháng', 'Thường xuyên', 'Theo yêu cầu', 'Định kỳ',
    'hàng Quý', 'Quý, 06 tháng, năm', 'Tháng, quý, 06 tháng, năm', '06 tháng, cuối năm', 'Định kỳ hàng tuần/tháng',
    'Hàng năm', 'Tháng 12 hàng năm', 'quý IV hàng năm', 'Sau khi có Nghị định của Chính phủ',
    '05 ngày kể từ ngày công bố TTHC', 'báo cáo theo định kỳ', 'Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022',
    'Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)', 'ngày 20 của tháng cuối quý',
  ),
  fc.tuple(num(2020, 2024), num(0, 3)).map(([y, n]) => `Giai đoạn ${y}-${y + n}`),
  fc.tuple(num(1, 30), fc.boolean(), num(1, 28), num(1, 12)).map(([n, w, d, m]) => `${n} ngày${w ? ' làm việc' : ''} kể từ ngày ${d}/${m}`),
);
const label = fc.constantFrom('', 'Xây dựng kế hoạch ', 'báo cáo ', 'Hoàn thành ', 'KH xây dựng ', 'XD KII ');
const sep = fc.constantFrom('; ', '\n', '; - ', ' - ', ', ', ' và ', '. ');
const cell = fc
  .array(fc.tuple(label, phrase), { minLength: 1, maxLength: 4 })
  .chain((items) => fc.array(sep, { minLength: items.length, maxLength: items.length }).map((seps) => items.map(([l, p], i) => (i > 0 ? seps[i]! : '') + l + p).join('')))
  .chain((s) => fc.constantFrom(s, s.toUpperCase(), `<ul style="list-style-type: none"> - ${s}`));
const year = num(2021, 2026);
const periodOf = (y: number) => ({ from: `${y}-01-01`, to: `${y}-12-31` });

function checkInvariants(occ: Occurrence[], p: { from: string; to: string }, workingDue: boolean): void {
  for (let i = 1; i < occ.length; i++) expect(occ[i - 1]!.due <= occ[i]!.due).toBe(true);
  const keys = occ.map((o) => `${o.kind}|${o.label}|${o.start}|${o.nominalDue}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const o of occ) {
    const inside = o.nominalDue >= p.from && o.nominalDue <= p.to;
    // A reporting period belongs to the plan period it ends in; an ISO week to the year of its Thursday.
    const end = o.reportsOn?.unit === 'week' ? addDays(o.reportsOn.start, 3) : o.reportsOn?.end;
    const reports = end !== undefined && end >= p.from && end <= p.to;
    const flagged = o.flags?.includes('before_period') || o.flags?.includes('after_period');
    expect(inside || reports || flagged, JSON.stringify(o)).toBe(true);
    if (workingDue) expect(calendar.isWorkingDay(o.due), JSON.stringify(o)).toBe(true);
    else expect(o.due).toBe(o.nominalDue);
  }
}

describe('properties (fast-check)', () => {
  it('parseDeadline never throws and accounts for every character exactly once, on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), cell, fc.string({ unit: 'grapheme' })), (text) => {
        const r = parseDeadline(text, { from: '2024-01-01', to: '2024-12-31' });
        const owner = new Array<number>(text.length).fill(0);
        for (const s of [...r.parts.flatMap((p) => p.spans), ...r.unparsed, ...r.ignored]) for (let i = s.start; i < s.end; i++) owner[i]!++;
        expect(owner.every((n) => n === 1)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('ignored text holds no digits and no letters except connectors and markup', () => {
    fc.assert(
      fc.property(cell, (text) => {
        const r = parseDeadline(text, { from: '2024-01-01', to: '2024-12-31' });
        for (const s of r.ignored) {
          const t = text.slice(s.start, s.end).replace(/<[^>]*>/g, '').replace(/(^|\s)(và|VÀ)(?=\s|$)/g, ' ');
          expect(t, JSON.stringify({ text, t })).toMatch(/^[\s\-;,.:()]*$/u);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('occurrences are sorted, unique, within or reporting on the period, and due on working days', () => {
    fc.assert(
      fc.property(cell, year, (text, y) => {
        const p = periodOf(y);
        const occ = expandRule(parseDeadline(text, p), { periodStart: p.from, periodEnd: p.to, calendar });
        checkInvariants(occ, p, true);
      }),
      { numRuns: 500 },
    );
  });

  it('with the "none" adjustment policy, due equals nominalDue', () => {
    const policy = mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, { writtenDateAdjustment: 'none', eventPeriodAdjustment: 'none' });
    fc.assert(
      fc.property(cell, year, (text, y) => {
        const p = periodOf(y);
        const occ = expandRule(parseDeadline(text, p), { periodStart: p.from, periodEnd: p.to, calendar, policy });
        checkInvariants(occ, p, false);
      }),
      { numRuns: 300 },
    );
  });

  it('reading back formatDeadline(rule) yields the same occurrences', () => {
    fc.assert(
      fc.property(cell, year, (text, y) => {
        const p = periodOf(y);
        const rule = parseDeadline(text, p);
        const opts = { periodStart: p.from, periodEnd: p.to, calendar };
        const strip = (o: Occurrence[]) => o.map(({ partIndex: _i, ...rest }) => rest);
        const again = parseDeadline(formatDeadline(rule), p);
        expect(again.unparsed).toEqual([]);
        expect(strip(expandRule(again, opts))).toEqual(strip(expandRule(rule, opts)));
      }),
      { numRuns: 500 },
    );
  });
});
