/**
 * The web console in a real browser (issue #13 §4): Debian's chromium driven by playwright-core against the real
 * service (`startService`, api role) on a test database with seed 000 (Nghệ An 2024) imported and published with
 * the CLI. The service's clock is injected and moved by the test.
 *
 * Covers: sign-in by link; a used and a stale link refused; dashboard colours before and after the clock passes
 * due dates; a focal point refused another unit's unit page and item (403); a post without its CSRF token refused;
 * the language switch; sign-out. A screenshot per role is saved under test-results/.
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
import { webLoginLinkFor } from '../../src/web-wiring.js';
import { runMain } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';
import { SEEDS, seedsDir } from '../unit/import/helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results');

/** A clock the test sets; the service reads it for "today" and for link and session lifetimes. */
class SetClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const cli = runMain;

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('web console in chromium', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let browser: Browser;
  const clock = new SetClock(new Date('2024-01-02T02:00:00Z')); // 09:00 on Tuesday 02/01/2024 in Hà Nội

  /** A sign-in link from the CLI, pointed at the running service (PORT=0 gives it a random port). */
  async function link(unit: string, role: string): Promise<string> {
    const r = await cli(env, 'web', 'link', '--unit', unit, '--role', role, '--province', 'nghe-an');
    expect(r.code, r.err).toBe(0);
    const url = /(http:\/\/\S+\/login\/[A-Za-z0-9_-]{43})/.exec(r.out)![1]!;
    return `${service.httpUrl}${new URL(url).pathname}`;
  }

  /** A person (the bot's links are bound to one). */
  async function aPerson(): Promise<number> {
    const [p] = await db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values ('Lan', ${Math.floor(Math.random() * 1e9)}) returning id`;
    return p!.id;
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
    db = await createTestDatabase('web');
    cleanups.push(() => db.drop());
    env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `w${uniqueSuffix()}`, PORT: '0', NHACVIEC_ROLE: 'api' };
    const imported = await cli(env, 'plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    const published = await cli(env, 'plan', 'publish', String(planId), '--accept-problems');
    expect(published.code, published.err).toBe(0);
    service = await startService(createConfig(env), { logger: silentLogger, clock });
    cleanups.push(() => service.close());
  }, 300_000);

  it('signs a coordinator in by link, refuses the link a second time, and colours units as the clock passes due dates', async () => {
    const url = await link('so-noi-vu', 'coordinator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    // Opening the link does not spend it (link previews): only the button does.
    const preview = await fetch(url);
    expect(preview.status).toBe(200);
    let page = await signIn(context, url);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('h1')).toBe('Tình hình thực hiện kế hoạch');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'nv_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');

    // 02/01/2024: nothing of seed 000 is due yet — no unit is overdue.
    expect(await page.locator('#overdue-count').textContent()).toBe('0');
    expect(await page.locator('tr[data-unit] .badge[data-status="overdue"]').count()).toBe(0);
    expect(await page.locator('tr[data-unit]').count()).toBeGreaterThan(10);

    // Independent count of what must be overdue on 20/02/2024: open items due before that day.
    const [{ n: expectedOverdue }] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where d.state in ('open', 'overdue', 'extended') and d.due_date < '2024-02-20' and u.province = 'nghe-an'`;
    expect(expectedOverdue).toBeGreaterThan(0);
    clock.at = new Date('2024-02-20T02:00:00Z');
    // Seven weeks later the session has ended (12 hours): the page says how to sign in again.
    await page.reload();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.close();
    page = await signIn(context, await link('so-noi-vu', 'coordinator'));
    expect(Number(await page.locator('#overdue-count').textContent())).toBe(expectedOverdue);
    const sniv = page.locator('tr[data-unit="so-noi-vu"] .badge');
    expect(await sniv.getAttribute('data-status')).toBe('overdue');
    expect(await page.locator('ol.worst li').count()).toBeGreaterThan(0);

    // Two of Sở Nội vụ's January items completed, one on time and one late: they leave the overdue count.
    const items = await db.sql<{ id: number; due_at: Date }[]>`
      select d.id::int as id, d.due_at from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code = 'so-noi-vu' and u.province = 'nghe-an' and d.state = 'open' and d.due_date < '2024-02-01' order by d.id limit 2`;
    expect(items.length).toBe(2);
    await db.sql`update due_items set state = 'done', done_at = ${new Date(items[0]!.due_at.getTime() - 86_400_000)} where id = ${items[0]!.id}`;
    await db.sql`update due_items set state = 'done', done_at = ${new Date(items[1]!.due_at.getTime() + 86_400_000)} where id = ${items[1]!.id}`;
    await page.reload();
    expect(Number(await page.locator('#overdue-count').textContent())).toBe(expectedOverdue - 2);
    const row = page.locator('tr[data-unit="so-noi-vu"] td.num');
    // Columns: overdue, due soon, on track, done late, done.
    expect(await row.nth(3).textContent()).toBe('1');
    expect(await row.nth(4).textContent()).toBe('1');

    // Filtering by quarter with htmx swaps the board in place.
    await page.selectOption('select[name="period"]', 'q2');
    await page.waitForURL(/period=q2/);
    expect(await page.locator('#overdue-count').textContent()).toBe('0');

    await page.screenshot({ path: path.join(SHOTS, 'web-coordinator.png'), fullPage: true });

    // English switch.
    await page.click('a[hreflang="en"]');
    expect(await page.textContent('h1')).toBe('Plan progress');
    await page.click('a[hreflang="vi"]');

    // The same link again: refused as used.
    const again = await context.newPage();
    await again.goto(url);
    const refused = await Promise.all([again.waitForResponse((r) => r.url().endsWith('/login')), again.click('#sign-in')]);
    expect(refused[0].status()).toBe(403);
    expect(await again.textContent('main')).toContain('đã được dùng');

    // A post without its CSRF token, or with a wrong one, is refused and keeps the session.
    expect((await page.request.post(`${service.httpUrl}/logout`, { form: {} })).status()).toBe(403);
    expect((await page.request.post(`${service.httpUrl}/logout`, { form: { _csrf: 'x'.repeat(43) } })).status()).toBe(403);
    await page.goto(`${service.httpUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/');
    // Signing out with the form works, and the session is gone.
    await page.click('form[action="/logout"] button');
    await page.waitForURL(/\/signin$/);
    await page.goto(`${service.httpUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
  });

  it('refuses a stale link', async () => {
    // Made as the bot's /dangnhap makes it, on the service's clock (the CLI runs on the real one).
    const [unit] = await db.sql<{ id: number }[]>`select id from units where code = 'so-noi-vu' and province = 'nghe-an'`;
    const made = await webLoginLinkFor(db, clock, createConfig(env))({ personId: await aPerson(), unitId: unit!.id, role: 'leader' });
    expect(made.minutes).toBe(10);
    const url = `${service.httpUrl}${new URL(made.url).pathname}`;
    clock.at = new Date(clock.at.getTime() + 11 * 60_000);
    const context = await browser.newContext();
    cleanups.push(() => context.close());
    const page = await context.newPage();
    await page.goto(url);
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login')), page.click('#sign-in')]);
    expect(res.status()).toBe(403);
    expect(await page.textContent('main')).toContain('hết hạn');
  });

  it('shows a focal point their unit only: another unit and its items are refused with 403', async () => {
    const leaderPage = await signIn(await browser.newContext(), await link('ubnd-tinh', 'leader').catch(() => link('van-phong-ubnd-tinh', 'leader')));
    await leaderPage.screenshot({ path: path.join(SHOTS, 'web-leader.png'), fullPage: true });
    await leaderPage.context().close();

    const url = await link('so-noi-vu', 'focal');
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    cleanups.push(() => context.close());
    const page = await signIn(context, url);
    // A focal point's dashboard lists their unit and no other.
    expect(await page.locator('tr[data-unit="so-noi-vu"]').count()).toBe(1);
    expect(await page.locator('tr[data-unit]:not([data-unit="so-noi-vu"])').count()).toBe(0);
    const [own] = await db.sql<{ id: number; unit_id: number }[]>`
      select d.id::int as id, a.unit_id from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code = 'so-noi-vu' and u.province = 'nghe-an' order by d.id limit 1`;
    const [other] = await db.sql<{ id: number; unit_id: number }[]>`
      select d.id::int as id, a.unit_id from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code <> 'so-noi-vu' and u.province = 'nghe-an' order by d.id limit 1`;
    const ownItem = await page.goto(`${service.httpUrl}/items/${own!.id}`);
    expect(ownItem!.status()).toBe(200);
    const ownUnit = await page.goto(`${service.httpUrl}/units/${own!.unit_id}`);
    expect(ownUnit!.status()).toBe(200);
    await page.screenshot({ path: path.join(SHOTS, 'web-focal.png'), fullPage: true });
    const otherItem = await page.goto(`${service.httpUrl}/items/${other!.id}`);
    expect(otherItem!.status()).toBe(403);
    const otherUnit = await page.goto(`${service.httpUrl}/units/${other!.unit_id}`);
    expect(otherUnit!.status()).toBe(403);
    // The page fits a 360-px screen: nothing wider than the viewport but scrollable tables.
    await page.goto(`${service.httpUrl}/`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });

  it('serves its assets from the app, with less than 100 KB of JavaScript', async () => {
    const js = await fetch(`${service.httpUrl}/assets/htmx.min.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.arrayBuffer()).byteLength).toBeLessThan(100 * 1024);
    const css = await fetch(`${service.httpUrl}/assets/app.css`);
    expect(css.status).toBe(200);
    const signin = await (await fetch(`${service.httpUrl}/signin`)).text();
    expect(signin).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"' ]+\.(js|css|woff2?)/);
  });
});
