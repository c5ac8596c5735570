/**
 * §12.1 limits: the longest cell read, and work that grows linearly with the input (issue #16.1). Linearity is
 * asserted by counting the characters that searches, slices and regex scans touch (tests/…/work-meter.ts), never
 * by timing: `npm run bench:deadline -- --long` measures the time per phrase.
 */
import fc from '../../../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { MAX_DEADLINE_CHARS, parseDeadline, UNPARSED_REASONS } from '../../../../src/domain/deadline.js';
import { measureWork } from './work-meter.js';

const PERIOD = { from: '2024-01-01', to: '2024-12-31' };
const repeatTo = (seed: string, n: number) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

/** Grammar pieces and noise a long cell is made of (the patterns that were quadratic come first). */
const TOKENS = [
  'năm ', 'ngày 5 ', 'báo cáo định kỳ hàng tháng ', 'abc; ', '1 ', 'abc ngày 5/6 ', '1 (a ', 'năm năm hai ngày ',
  'Quý I/2024, ', 'trước tháng 7 và tháng 11/2024; ', 'theo yêu cầu ', '05 ngày kể từ ngày công bố ', 'sau khi ',
  'từ tháng 1 ', 'tháng 6 hàng năm ', 'thường xuyên ', 'các năm tiếp theo ', '<b>a</b> ', '&amp; ', 'quý ii ',
  'hai mươi ngày ', 'gia hạn ', 'x', '- ', '. ', '\n', 'QĐ số 12/QĐ-UBND ',
];

function work(text: string): number {
  return measureWork(() => parseDeadline(text, PERIOD));
}

describe('§12.1 limits', () => {
  it(`§12.1 a cell longer than ${MAX_DEADLINE_CHARS} characters is unparsed whole as too long, not read`, () => {
    const long = repeatTo('Xây dựng kế hoạch quý I/2024; ', MAX_DEADLINE_CHARS + 1);
    const r = parseDeadline(long, PERIOD);
    expect(r.parts).toEqual([]);
    expect(r.unparsed).toEqual([{ start: 0, end: long.length, text: long, reason: UNPARSED_REASONS.tooLong }]);
    expect(r.ignored).toEqual([]);
    expect(parseDeadline('x'.repeat(1_200_000)).unparsed[0]!.reason).toBe(UNPARSED_REASONS.tooLong);
  });

  it(`§12.1 a cell of exactly ${MAX_DEADLINE_CHARS} characters is still read`, () => {
    const tail = ' quý I/2024';
    const text = 'x'.repeat(MAX_DEADLINE_CHARS - tail.length) + tail;
    expect(text).toHaveLength(MAX_DEADLINE_CHARS);
    expect(parseDeadline(text, PERIOD).parts.map((p) => p.kind)).toEqual(['date']);
  });

  it('§12.1 parsing work grows linearly: 8× the text, at most ~8× the characters touched (was 40–57× for these)', () => {
    const ratios = TOKENS.map((t) => ({ t, ratio: work(repeatTo(t, 2000)) / work(repeatTo(t, 250)) }));
    // The failures name the pieces whose work grew faster than the text.
    expect(ratios.filter((r) => r.ratio > 10)).toEqual([]);
  }, 60_000);

  it('§12.1 linear on random long mixtures of grammar pieces too (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 }), (pieces) => {
        const unit = pieces.join('');
        const ratio = work(repeatTo(unit, 2000)) / work(repeatTo(unit, 250));
        expect(ratio, JSON.stringify(unit)).toBeLessThanOrEqual(10);
      }),
      { seed: 16_001, numRuns: 60 },
    );
  }, 60_000);

  it('§12.1 long cells up to the cap never throw and account for every character once (fast-check, fixed seed)', () => {
    const long = fc
      .tuple(fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 20 }), fc.integer({ min: 500, max: MAX_DEADLINE_CHARS }))
      .map(([pieces, n]) => repeatTo(pieces.join('') || 'x', n));
    fc.assert(
      fc.property(long, (text) => {
        const r = parseDeadline(text, PERIOD);
        const owner = new Uint8Array(text.length);
        for (const s of [...r.parts.flatMap((p) => p.spans), ...r.unparsed, ...r.ignored]) for (let i = s.start; i < s.end; i++) owner[i]!++;
        expect(owner.every((n) => n === 1)).toBe(true);
      }),
      { seed: 16_002, numRuns: 40 },
    );
  }, 60_000);
});
