/**
 * The dashboard's unit table is paged (issue #13 §5: a province has about 800 units): a page shows
 * UNITS_PAGE_SIZE units, in the dashboard's order, with links to the neighbouring pages that keep the filters.
 */
import { describe, expect, it } from 'vitest';
import { emptyCounts, type Dashboard } from '../../../src/app/web/dashboard.js';
import { createTranslator } from '../../../src/i18n/translator.js';
import { Board, UNITS_PAGE_SIZE, type PageContext } from '../../../src/web/pages.js';

const translate = createTranslator();
const ctx: PageContext = { t: (k, a) => translate('vi', k, a), lang: 'vi', path: '/', session: null };

function dashboard(units: number): Dashboard {
  return {
    today: '2024-07-01',
    plans: [],
    plan: { id: 7, title: 'KH', periodStartYear: 2024, periodEndYear: 2024, status: 'published' },
    groups: [],
    period: { key: 'q1', from: '2024-01-01', to: '2024-03-31' },
    groupId: 3,
    units: Array.from({ length: units }, (_, i) => ({
      unitId: 1000 + i,
      unitName: `Đơn vị ${i}`,
      unitCode: `u-${i}`,
      counts: { ...emptyCounts(), done: 1 },
      status: 'done' as const,
      total: 1,
    })),
    totals: { ...emptyCounts(), done: units, settled: units, onTimePercent: 100 },
    months: [],
    worstOverdue: [],
  };
}

const rows = (html: string) => [...html.matchAll(/data-unit="(u-\d+)"/g)].map((m) => m[1]);

describe('the unit table in pages', () => {
  it('shows one page of units, with links to the others keeping plan, period and group', async () => {
    const d = dashboard(250);
    const first = String(await Board({ ctx, d }));
    expect(rows(first)).toEqual(d.units.slice(0, UNITS_PAGE_SIZE).map((u) => u.unitCode));
    expect(first).toContain('href="/?plan=7&amp;period=q1&amp;group=3&amp;page=2"');
    expect(first).not.toContain('rel="prev"');
    const last = String(await Board({ ctx, d, unitsPage: 3 }));
    expect(rows(last)).toEqual(d.units.slice(2 * UNITS_PAGE_SIZE).map((u) => u.unitCode));
    expect(last).toContain('page=2"');
    expect(last).not.toContain('rel="next"');
    expect(last).toContain('Trang 3/3 (250 đơn vị)');
    // Past the last page: the last page.
    expect(rows(String(await Board({ ctx, d, unitsPage: 9 })))).toEqual(rows(last));
  });

  it('has no pager when every unit fits on one page', async () => {
    const html = String(await Board({ ctx, d: dashboard(UNITS_PAGE_SIZE) }));
    expect(rows(html)).toHaveLength(UNITS_PAGE_SIZE);
    expect(html).not.toContain('class="pager"');
  });
});
