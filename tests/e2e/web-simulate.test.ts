/**
 * A plan's year preview in a real browser (issue #13 §3–4): Debian's chromium driven by playwright-core against the
 * real service (`startService`, api role) on a test database with the Nghệ An directory and seed 000 imported as a
 * draft (`nhacviec plan import`).
 *
 * A coordinator signs in by link, opens the plan, follows the link to its simulation, starts it, watches the
 * progress bar (htmx polls the status fragment every second) and gets the chart and the tables; the draft is
 * simulated in a throw-away copy and stays a draft. Reloading shows the kept result. The page fits 360 px.
 * A focal point is refused (403). Screenshots go to test-results/.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it): without it the suite fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import type { Clock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/infra/logger.js';
import { startService, type Service } from '../../src/main.js';
import { runMain } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';
import { SEEDS, seedsDir } from '../unit/import/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results');

class SetClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('plan simulation page in chromium', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let browser: Browser;
  let planId: number;
  const clock = new SetClock(new Date('2023-12-20T02:00:00Z'));

  async function link(unit: string, role: string): Promise<string> {
    const r = await runMain(env, 'web', 'link', '--unit', unit, '--role', role, '--province', 'nghe-an');
    expect(r.code, r.err).toBe(0);
    const url = /(http:\/\/\S+\/login\/[A-Za-z0-9_-]{43})/.exec(r.out)![1]!;
    return `${service.httpUrl}${new URL(url).pathname}`;
  }

  async function signIn(context: BrowserContext, url: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(url);
    await page.click('#sign-in');
    await page.waitForLoadState('load');
    return page;
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    cleanups.push(() => browser.close());
    db = await createTestDatabase('websim');
    cleanups.push(() => db.drop());
    env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `ws${uniqueSuffix()}`, PORT: '0', NHACVIEC_ROLE: 'api' };
    const units = await runMain(env, 'units', 'import', '--province', 'nghe-an');
    expect(units.code, units.err).toBe(0);
    const imported = await runMain(env, 'plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    service = await startService(createConfig(env), { logger: silentLogger, clock });
    cleanups.push(() => service.close());
  }, 300_000);

  it('a coordinator previews the draft plan’s year: progress, then the chart and the tables', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    cleanups.push(() => context.close());
    const page = await signIn(context, await link('so-noi-vu', 'coordinator'));
    await page.goto(`${service.httpUrl}/plans/${planId}`);
    await page.click('#to-simulate');
    await page.waitForURL(new RegExp(`/plans/${planId}/simulate$`));
    expect(await page.textContent('h1')).toBe('Mô phỏng nhắc việc');
    expect(await page.getAttribute('#sim-status', 'data-state')).toBe('none');
    // The plan's whole period by default.
    expect(await page.inputValue('#sim-from')).toBe('2024-01-01');
    expect(await page.inputValue('#sim-to')).toBe('2024-12-31');

    await page.getByRole('button', { name: 'Chạy mô phỏng' }).click();
    // The progress, polled by htmx, then the chart.
    await page.waitForSelector('#sim-status[data-state="queued"], #sim-status[data-state="running"], #sim-status[data-state="done"]');
    const progressSeen = page
      .waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('#sim-progress')?.value ?? 0) > 0, undefined, { timeout: 600_000, polling: 200 })
      .then(() => true)
      .catch(() => false);
    await page.waitForSelector('#sim-chart', { timeout: 600_000 });
    expect(await progressSeen).toBe(true);
    expect(await page.getAttribute('#sim-status', 'data-state')).toBe('done');
    expect(await page.locator('#sim-chart rect[data-month]').count()).toBe(3 * 12);
    expect(await page.locator('table.sim-months tbody tr').count()).toBe(12);
    expect(await page.locator('table.sim-units tbody tr').count()).toBeGreaterThan(5);
    const messages = Number(await page.getAttribute('#sim-result', 'data-messages'));
    expect(messages).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(SHOTS, 'web-simulate-coordinator.png'), fullPage: true, timeout: 120_000 });

    // The draft was published in a throw-away copy only.
    const [plan] = await db.sql<{ status: string }[]>`select status from plans where id = ${planId}`;
    expect(plan!.status).toBe('draft');
    expect((await db.sql<{ n: number }[]>`select count(*)::int as n from due_items`)[0]!.n).toBe(0);

    // The CSV download: every message, one a row.
    const csv = await page.request.get(`${service.httpUrl}/plans/${planId}/simulate/messages.csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toContain('.csv');

    // Reloading shows the kept result at once.
    await page.reload();
    expect(await page.getAttribute('#sim-status', 'data-state')).toBe('done');
    expect(Number(await page.getAttribute('#sim-result', 'data-messages'))).toBe(messages);

    // A phone.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOTS, 'web-simulate-360.png'), fullPage: true, timeout: 120_000 });

    // Starting without the CSRF token is refused.
    expect((await page.request.post(`${service.httpUrl}/plans/${planId}/simulate`, { form: { from: '2024-01-01', to: '2024-12-31', rate: '70' } })).status()).toBe(403);
  }, 900_000);

  it('refuses the simulation to a focal point (403)', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    cleanups.push(() => context.close());
    const page = await signIn(context, await link('so-noi-vu', 'focal'));
    expect((await page.goto(`${service.httpUrl}/plans/${planId}/simulate`))!.status()).toBe(403);
    await page.screenshot({ path: path.join(SHOTS, 'web-simulate-focal-403.png'), timeout: 120_000 });
  });
});
