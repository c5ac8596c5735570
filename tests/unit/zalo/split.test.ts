import { fc } from '../../helpers/fast-check.js';
import { describe, expect, it } from 'vitest';
import { splitZaloText } from '../../../src/zalo/split.js';

describe('splitZaloText', () => {
  it('keeps a short text whole and drops an empty one', () => {
    expect(splitZaloText('xin chào')).toEqual(['xin chào']);
    expect(splitZaloText('  \n ')).toEqual([]);
  });

  it('cuts at 2 000 characters by default, preferring line ends', () => {
    const line = 'Nhiệm vụ 1.2: rà soát thủ tục hành chính'.padEnd(99, '.');
    const text = Array.from({ length: 50 }, () => line).join('\n');
    const parts = splitZaloText(text);
    expect(parts.length).toBe(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p.endsWith('.')).toBe(true);
    }
    expect(parts.join('\n')).toBe(text);
  });

  it('never exceeds the limit, never splits a surrogate pair, and loses only whitespace at cuts', () => {
    const chars = fc.constantFrom('a', 'ệ', ' ', '\n', '😀', 'Đ');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 400 }).map((a) => a.join('')), fc.integer({ min: 2, max: 60 }), (text, limit) => {
        const parts = splitZaloText(text, limit);
        for (const p of parts) {
          expect(p.length).toBeGreaterThan(0);
          expect(p.length).toBeLessThanOrEqual(limit);
          expect(/^[\udc00-\udfff]/.test(p)).toBe(false);
          expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
        }
        expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});
