/**
 * The simulation page's chart (src/web/simulate-page.tsx) is a pure view: one panel per series on its own scale,
 * bars as tall as their values say, every value named in a tooltip and the panel's largest in words; the status
 * fragment polls itself only while a run is under way.
 */
import { describe, expect, it } from 'vitest';
import type { SimulationJob, SimulationView } from '../../../src/app/web/simulate.js';
import { createTranslator } from '../../../src/i18n/translator.js';
import type { PageContext } from '../../../src/web/pages.js';
import { SimulationChart, SimulationStatus } from '../../../src/web/simulate-page.js';

const translate = createTranslator();
const ctx: PageContext = { t: (k, a) => translate('vi', k, a), lang: 'vi', path: '/', session: null };

const months = [
  { month: '2024-01', reminders: 100, escalations: 0, overdue: 0, total: 120 },
  { month: '2024-02', reminders: 50, escalations: 8, overdue: 4, total: 70 },
  { month: '2024-03', reminders: 1_200, escalations: 2, overdue: 1, total: 1_300 },
];

/** Heights of a series' bars, by month. */
function heights(svg: string, series: string): Record<string, number> {
  const panel = new RegExp(`<g data-series="${series}">([\\s\\S]*?)</g>`).exec(svg)![1]!;
  return Object.fromEntries([...panel.matchAll(/<rect [^>]*?height="(\d+)"[^>]*?data-month="([\d-]+)"/g)].map((m) => [m[2]!, Number(m[1])]));
}

describe('simulation chart', () => {
  it('draws each series on its own scale, the largest bar full height', async () => {
    const svg = String(await SimulationChart({ ctx, months }));
    expect(svg).toContain('role="img"');
    expect(heights(svg, 'reminders')).toEqual({ '2024-01': 5, '2024-02': 3, '2024-03': 62 });
    expect(heights(svg, 'escalations')).toEqual({ '2024-01': 0, '2024-02': 62, '2024-03': 16 });
    expect(heights(svg, 'overdue')).toEqual({ '2024-01': 0, '2024-02': 62, '2024-03': 16 });
    expect(svg).toContain('Nhắc việc · cao nhất 1.200');
    expect(svg).toContain('<title>03/2024: 1.200</title>');
  });

  it('copes with a period without any message', async () => {
    const svg = String(await SimulationChart({ ctx, months: [{ month: '2024-01', reminders: 0, escalations: 0, overdue: 0, total: 0 }] }));
    expect(heights(svg, 'reminders')).toEqual({ '2024-01': 0 });
  });
});

describe('simulation status fragment', () => {
  const plan = { id: 7, province: 'nghe-an', title: 'KH', status: 'published' as const, version: 1, periodStartYear: 2024, periodEndYear: 2024, changedAt: new Date(0) };
  const job = (state: SimulationJob['state']): SimulationJob => ({
    planId: 7,
    fingerprint: 'f',
    params: { from: '2024-01-01', to: '2024-12-31', doneRate: 0.7 },
    state,
    day: '2024-03-05',
    done: 64,
    total: 365,
    startedAt: new Date(0),
    finishedAt: null,
    summary: null,
    messages: null,
    error: null,
  });
  const view = (j: SimulationJob | null): SimulationView => ({ plan, job: j, lastDone: null, outdated: false, defaults: j?.params ?? { from: '2024-01-01', to: '2024-12-31', doneRate: 0.7 } });

  it('polls itself every second while running, with the day and the share done', async () => {
    const html = String(await SimulationStatus({ ctx, view: view(job('running')) }));
    expect(html).toContain('hx-get="/plans/7/simulate/status" hx-trigger="every 1s"');
    expect(html).toContain('Đang mô phỏng ngày 05/03/2024: 64/365 ngày (17 %).');
    expect(html).toContain('<progress id="sim-progress" max="365" value="64"');
  });

  it('stops polling once failed, and says why in Vietnamese', async () => {
    const html = String(await SimulationStatus({ ctx, view: view(job('failed')) }));
    expect(html).not.toContain('hx-trigger');
    expect(html).toContain('Đã xảy ra lỗi trên máy chủ khi mô phỏng');
    expect(String(await SimulationStatus({ ctx, view: view(null) }))).toContain('Chưa chạy mô phỏng nào');
  });
});
