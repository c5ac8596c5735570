/**
 * Golden tests over every deadline cell of the four seed plans (../shared/seeds, present in CI).
 *
 * tests/golden/deadline-seeds.json holds, per distinct cell, the parts and the occurrences over the plan period,
 * reviewed by hand against the text, BLDS 2015 điều 144–148 and the official holiday schedules. To change it, run
 * `npx tsx scripts/update-deadline-golden.ts` and review every changed date in the diff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { DEFAULT_SEED_DIR, extractSeedDeadlineCells } from '../../scripts/extract-seed-deadlines.js';
import { GOLDEN_PATH, goldenView, groupCells, type GoldenCell } from '../../scripts/update-deadline-golden.js';
import { explainDeadline, parseDeadline } from '../../src/domain/deadline.js';

const seedsPresent = existsSync(DEFAULT_SEED_DIR);

describe.skipIf(!seedsPresent)('golden: every deadline cell of the seed plans', () => {
  const cells = seedsPresent ? extractSeedDeadlineCells() : [];
  const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as GoldenCell[];
  const calendar = loadWorkingCalendar();

  it('extracts the task counts stated in the seed README (43, 29, 77, 53)', () => {
    const count = (prefix: string) => cells.filter((c) => c.seed.startsWith(prefix)).length;
    expect([count('000'), count('001'), count('002'), count('003')]).toEqual([43, 29, 77, 53]);
  });

  it('has a golden entry for exactly the distinct cells of the seeds', () => {
    const keys = groupCells(cells).map((g) => `${g.seed} ${g.text}`);
    expect(golden.map((g) => `${g.seed} ${g.text}`)).toEqual(keys);
  });

  it('reads no seed cell as unparsed, and leaves no span unparsed', () => {
    for (const c of cells) {
      const rule = parseDeadline(c.text, c.period);
      expect(rule.parts.length, c.text).toBeGreaterThan(0);
      expect(rule.unparsed, c.text).toEqual([]);
    }
  });

  for (const g of golden) {
    it(`${g.seed.slice(0, 3)} ${g.rows.join(', ')}: ${JSON.stringify(g.text)}`, () => {
      const actual = goldenView(explainDeadline(g.text, g.period, calendar));
      expect(actual).toEqual({ kind: g.kind, parts: g.parts, occurrences: g.occurrences, unparsed: g.unparsed });
    });
  }
});

describe.skipIf(!seedsPresent)('golden: hand-checked dates of the seed plans', () => {
  const calendar = loadWorkingCalendar();
  const dues = (text: string, from: string, to: string) =>
    explainDeadline(text, { from, to }, calendar).occurrences.map((o) => [o.nominalDue, o.due]);

  it('Nghệ An 2024: "Trước tháng 7 và tháng 11/2024" → 30/06 (Sunday → Friday 28/06) and 31/10', () => {
    expect(dues('Trước tháng 7 và tháng 11/2024', '2024-01-01', '2024-12-31')).toEqual([
      ['2024-06-30', '2024-06-28'],
      ['2024-10-31', '2024-10-31'],
    ]);
  });

  it('Nghệ An 2024: monthly report "trước ngày 05 của tháng sau" — 04/05/2024 is the make-up working Saturday', () => {
    const d = dues('Báo cáo theo định kỳ hàng tháng (báo cáo trước ngày 05 của tháng sau)', '2024-01-01', '2024-12-31');
    expect(d).toHaveLength(12);
    expect(d[0]).toEqual(['2024-02-04', '2024-02-02']);
    expect(d[3]).toEqual(['2024-05-04', '2024-05-04']);
    expect(d[11]).toEqual(['2025-01-04', '2025-01-03']);
  });

  it('Nghệ An 2024: "Quý, 06 tháng, năm" is four reports, not six', () => {
    expect(dues('Quý, 06 tháng, năm', '2024-01-01', '2024-12-31').map(([n]) => n)).toEqual([
      '2024-03-15',
      '2024-06-15',
      '2024-09-15',
      '2024-12-15',
    ]);
  });

  it('Đắk Nông 2021: "Tháng 12/2020" is kept and flagged before the plan period', () => {
    const e = explainDeadline('Tháng 12/2020', { from: '2021-01-01', to: '2021-12-31' }, calendar);
    expect(e.parts[0]!.flags).toEqual(['before_plan_period']);
    expect(e.occurrences[0]!.nominalDue).toBe('2020-12-31');
    expect(e.occurrences[0]!.flags).toContain('before_period');
  });

  it('Đắk Nông 2021: monthly report on 15/02/2021 falls in Tết (10–16/02) → Tuesday 09/02', () => {
    expect(dues('Định kỳ hàng tháng', '2021-01-01', '2021-12-31')[1]).toEqual(['2021-02-15', '2021-02-09']);
  });

  it('Nghệ An 2012–2015: "quí 4/2013 và quí 4/2015" and "Từ tháng 6/2015; kết thúc … vào tháng 10/2015"', () => {
    expect(dues('2012 – 2015 Tổng hợp báo cáo toàn tỉnh vào quí 4/2013 và quí 4/2015', '2012-01-01', '2015-12-31').map(([n]) => n)).toEqual([
      '2013-12-31',
      '2015-12-31',
      '2015-12-31',
    ]);
    const w = explainDeadline('Từ tháng 6/2015; kết thúc ở cấp tỉnh vào tháng 10/2015.', { from: '2012-01-01', to: '2015-12-31' }, calendar);
    expect(w.occurrences.map((o) => [o.start, o.nominalDue, o.due])).toEqual([['2015-06-01', '2015-10-31', '2015-10-30']]);
  });
});
