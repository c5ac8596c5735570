/**
 * The plan pages of the web console in a real browser (issue #13 §3–4): Debian's chromium driven by playwright-core
 * against the real service (`startService`, api role) on a test database where only the unit directory exists.
 *
 * A coordinator signs in by link, is told plainly when a file is not a plan (nothing written), uploads seed 000
 * (Nghệ An 2024), reviews it — assigns the two rows whose cells name no particular unit through the pick-list,
 * accepts one proposal from the prose and rejects the other — checks and publishes it without accepting any
 * problem, sees the items on the dashboard, and dates an on-demand task. A focal point is refused /plans (403).
 * A screenshot of the review page (and of it at 360 px) is saved under test-results/.
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

describe('plan pages in chromium', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let browser: Browser;
  const clock = new SetClock(new Date('2024-01-02T02:00:00Z')); // 09:00 on Tuesday 02/01/2024 in Hà Nội

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

  const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    cleanups.push(() => browser.close());
    db = await createTestDatabase('webplans');
    cleanups.push(() => db.drop());
    env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `wp${uniqueSuffix()}`, PORT: '0', NHACVIEC_ROLE: 'api' };
    // The directory only (the first sign-in link needs a unit); no plan yet.
    const units = await runMain(env, 'units', 'import', '--province', 'nghe-an');
    expect(units.code, units.err).toBe(0);
    service = await startService(createConfig(env), { logger: silentLogger, clock });
    cleanups.push(() => service.close());
  }, 300_000);

  it('a coordinator uploads seed 000, reviews and decides every pending row, publishes, and sees the items', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    const page = await signIn(context, await link('so-noi-vu', 'coordinator'));
    await page.click('nav a[href="/plans"]');
    await page.waitForURL(/\/plans$/);
    expect(await page.textContent('h1')).toBe('Kế hoạch');

    // Not a plan: a plain Vietnamese error, the form keeps the year, and nothing is written.
    await page.fill('#plan-year', '2024');
    await page.setInputFiles('#plan-file', { name: 'anh-chup.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
    await page.click('#upload');
    await page.waitForSelector('#upload-result .error-summary');
    expect(await page.textContent('#upload-result .error-summary')).toContain('không đúng loại');
    // A .txt that holds no plan table: the importer's own reason.
    await page.setInputFiles('#plan-file', { name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('Chỉ là một ghi chú, không có bảng nhiệm vụ.\n') });
    await page.click('#upload');
    await page.waitForFunction(() => document.querySelector('#upload-result .error-summary')?.textContent?.includes('Không nhập được tệp'));
    expect(await page.inputValue('#plan-year')).toBe('2024');
    expect(await count(db.sql<{ n: number }[]>`select count(*)::int as n from plans`)).toBe(0);

    // Seed 000, with the upload's progress bar.
    await page.setInputFiles('#plan-file', path.join(seedsDir, SEEDS.na2024));
    await page.click('#upload');
    await page.waitForSelector('#upload-result .import-result[data-status="created"]');
    expect(await page.locator('form.upload progress').getAttribute('value')).toBe('100');
    const [plan] = await db.sql<{ id: number; status: string }[]>`select id, status from plans`;
    expect(plan!.status).toBe('draft');
    await page.click('#upload-result a.review-link');
    await page.waitForURL(new RegExp(`/plans/${plan!.id}$`));

    // Every row, with what the engine read of its deadline cell highlighted and its first due dates.
    const tasks = await count(db.sql<{ n: number }[]>`select count(*)::int as n from tasks where plan_id = ${plan!.id}`);
    expect(await page.locator('article.task').count()).toBe(tasks);
    expect(await page.locator('article.task .cell mark').count()).toBeGreaterThan(20);
    expect((await page.locator('article.task .first-due').allTextContents()).filter((s) => /\d{2}\/\d{2}\/2024/.test(s)).length).toBeGreaterThan(10);
    expect(await page.locator('#plan-status').getAttribute('data-status')).toBe('draft');

    // The two rows whose cells name no particular unit: a unit from the pick-list.
    const vague = page.locator('article.task:has(.decision[data-kind="units"])');
    const vagueLabels = await vague.evaluateAll((els) => els.map((e) => e.getAttribute('data-task')!));
    expect(vagueLabels.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'web-plan-review.png'), fullPage: true, timeout: 120_000 });
    for (const label of vagueLabels) {
      const row = page.locator(`article[data-task="${label}"]`);
      await row.locator('select[name="lead"]').selectOption('so-tu-phap');
      await row.locator('form.assign button:not([name])').click();
      await page.waitForURL(/done=assign/);
      expect(await page.textContent('#done')).toContain(label);
      const fixed = page.locator(`article[data-task="${label}"]`);
      expect(await fixed.locator('dd.lead').textContent()).toContain('Sở Tư pháp');
      expect(await fixed.locator('.decision[data-kind="units"]').count()).toBe(0);
    }
    const overrides = await db.sql<{ lead: string[] }[]>`select unit_overrides->'lead' as lead from tasks where plan_id = ${plan!.id} and unit_overrides is not null`;
    expect(overrides.map((o) => o.lead)).toEqual(vagueLabels.map(() => ['so-tu-phap']));

    // Proposals read from the prose: one accepted, one rejected.
    const proposals = await page.locator('article.task[data-status="proposal-pending"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-task')!));
    expect(proposals.length).toBe(2);
    await page.locator(`article[data-task="${proposals[0]}"] form.proposal button[name="accept"]`).click();
    await page.waitForURL(/done=proposals/);
    await page.locator(`article[data-task="${proposals[1]}"] form.proposal button[name="reject"]`).click();
    await page.waitForURL(/done=proposals/);
    expect(await page.locator(`article[data-task="${proposals[0]}"]`).getAttribute('data-status')).toBe('proposal-accepted');
    expect(await page.locator(`article[data-task="${proposals[1]}"]`).getAttribute('data-status')).toBe('proposal-rejected');
    const statuses = await db.sql<{ s: string }[]>`select proposal_status as s from tasks where plan_id = ${plan!.id} and is_proposal order by position`;
    expect(statuses.map((r) => r.s).sort()).toEqual(['accepted', 'rejected']);

    // The review fits a phone.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOTS, 'web-plan-review-360.png'), timeout: 120_000 });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Check your answers, then publish: nothing blocks any more, so no problem needs accepting.
    await page.click('#to-publish');
    await page.waitForURL(/\/publish$/);
    expect(await page.textContent('#blocking-count')).toBe('0');
    await page.click('#publish');
    await page.waitForSelector('.publish-result[data-status="published"]', { timeout: 120_000 });
    const [state] = await db.sql<{ status: string }[]>`select status from plans where id = ${plan!.id}`;
    expect(state!.status).toBe('published');
    const items = await count(db.sql<{ n: number }[]>`
      select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.plan_id = ${plan!.id}`);
    expect(items).toBeGreaterThan(0);
    expect(await page.textContent('.publish-result')).toContain(`${items.toLocaleString('vi-VN')} hạn`);
    // The rejected proposal got no assignment; the reassigned rows got Sở Tư pháp's items.
    expect(await count(db.sql<{ n: number }[]>`
      select count(*)::int as n from task_assignments a join tasks t on t.id = a.task_id
      where t.plan_id = ${plan!.id} and t.proposal_status = 'rejected'`)).toBe(0);
    expect(await count(db.sql<{ n: number }[]>`
      select count(distinct t.id)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      join units u on u.id = a.unit_id where t.plan_id = ${plan!.id} and t.unit_overrides is not null and u.code = 'so-tu-phap'`)).toBe(vagueLabels.length);

    await page.click('#to-dashboard');
    await page.waitForURL(/\/\?plan=/);
    expect(await page.locator('tr[data-unit]').count()).toBeGreaterThan(10);

    // An on-demand task gets its date on the review page once published (as `plan set-date`).
    await page.goto(`${service.httpUrl}/plans/${plan!.id}`);
    const onDemand = page.locator('article.task:has(form.set-date)').first();
    const label = await onDemand.getAttribute('data-task');
    await onDemand.locator('input[name="date"]').fill('15/03/2024');
    await onDemand.locator('form.set-date button').click();
    await page.waitForURL(/done=set-date/);
    const [dated] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${plan!.id} and t.manual_due_date = '2024-03-15' and d.nominal_due = '2024-03-15' and d.state = 'open'`;
    expect(dated!.n).toBeGreaterThan(0);
    expect(label).not.toBeNull();

    // A decision without its CSRF token is refused.
    expect((await page.request.post(`${service.httpUrl}/plans/${plan!.id}/publish`, { form: { acceptProblems: '1' } })).status()).toBe(403);
  }, 600_000);

  it('refuses /plans to a focal point (403)', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    cleanups.push(() => context.close());
    const page = await signIn(context, await link('so-noi-vu', 'focal'));
    expect(await page.locator('nav a[href="/plans"]').count()).toBe(0);
    const res = await page.goto(`${service.httpUrl}/plans`);
    expect(res!.status()).toBe(403);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans limit 1`;
    expect((await page.goto(`${service.httpUrl}/plans/${plan!.id}`))!.status()).toBe(403);
    expect((await page.goto(`${service.httpUrl}/plans/${plan!.id}/publish`))!.status()).toBe(403);
  });
});
