/**
 * The web console's pages in a real browser (issue #13 §3, §4): Debian's chromium driven by playwright-core against
 * the real service (`startService`, api role) on a test database with seed 000 (Nghệ An 2024) imported and
 * published with the CLI; the service's clock is injected.
 *
 * Covers: a focal point's extension request made through the bot's use case, approved by the coordinator on
 * /approvals (the due date moves, the history and the item's audit trail show it); the item page's evidence
 * download; a focal point refused another unit's item (403). A screenshot per role is saved under test-results/.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it): without it the suite fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { ServiceCore, type Who } from '../../src/app/bot/context.js';
import { submitExtensionDate } from '../../src/app/bot/extensions.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import type { Clock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/infra/logger.js';
import { startService, type Service } from '../../src/main.js';
import { webLoginLinkFor } from '../../src/web-wiring.js';
import { runMain } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
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

describe('web console pages in chromium', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let browser: Browser;
  const clock = new SetClock(new Date('2024-01-02T02:00:00Z')); // 09:00 on Tuesday 02/01/2024 in Hà Nội
  const people: Record<string, { personId: number; telegramId: number }> = {};

  async function unitId(code: string): Promise<number> {
    const [u] = await db.sql<{ id: number }[]>`select id from units where code = ${code} and province = 'nghe-an'`;
    return u!.id;
  }

  /** A person with one membership (as the bot's invite would make them). */
  async function member(name: string, unit: string, role: string): Promise<{ personId: number; telegramId: number }> {
    const telegramId = 700_000_000 + Object.keys(people).length;
    const [p] = await db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${name}, ${telegramId}) returning id`;
    await db.sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${await unitId(unit)}, ${role})`;
    people[name] = { personId: p!.id, telegramId };
    return people[name];
  }

  /** Signs `name` in with a link as the bot's /dangnhap makes it. */
  async function signInAs(name: string, unit: string, role: 'coordinator' | 'leader' | 'head' | 'focal', viewport = { width: 1280, height: 900 }): Promise<Page> {
    const made = await webLoginLinkFor(db, clock, createConfig(env))({ personId: people[name]!.personId, unitId: await unitId(unit), role });
    const context: BrowserContext = await browser.newContext({ viewport });
    cleanups.push(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${service.httpUrl}${new URL(made.url).pathname}`);
    await page.click('#sign-in');
    await page.waitForURL(`${service.httpUrl}/`);
    return page;
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    cleanups.push(() => browser.close());
    db = await createTestDatabase('webpages');
    cleanups.push(() => db.drop());
    // Telegram answers getMe only (the bot's username in invite links): this process runs the api role, no bot.
    const fake = new FakeTelegram({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `wp${uniqueSuffix()}`,
      PORT: '0',
      NHACVIEC_ROLE: 'api',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    };
    const imported = await runMain(env, 'plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    const published = await runMain(env, 'plan', 'publish', String(planId), '--accept-problems');
    expect(published.code, published.err).toBe(0);
    service = await startService(createConfig(env), { logger: silentLogger, clock });
    cleanups.push(() => service.close());
    await member('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await member('Trần Hà', 'so-noi-vu', 'focal');
    await member('Lê Minh', 'so-noi-vu', 'head');
    await member('Phạm Quang', 'so-noi-vu', 'leader');
  }, 300_000);

  it('approves a focal point’s extension request on /approvals: the due date moves, history and audit trail show it', async () => {
    // The focal point asks through the bot's own use case, as ⏳ Xin gia hạn does.
    const [item] = await db.sql<{ id: number; due_date: string }[]>`
      select d.id::int as id, to_char(d.due_date, 'YYYY-MM-DD') as due_date from due_items d
      join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code = 'so-noi-vu' and u.province = 'nghe-an' and d.state = 'open' and d.due_date between '2024-01-10' and '2024-02-28'
      order by d.due_date, d.id limit 1`;
    expect(item).toBeDefined();
    const config = createConfig(env);
    const store = new PostgresBotStore(db.sql);
    const core = new ServiceCore({ store, clock, calendar: calendarForConfig(config), timeZone: config.domain.timeZone, completionNeedsApproval: false, afterDueItemsChanged: async () => {} });
    const ha = people['Trần Hà']!;
    const who: Who = { actor: await store.findActor(String(ha.telegramId)), user: { id: String(ha.telegramId), firstName: 'Hà' }, chat: { id: String(ha.telegramId), kind: 'private' } };
    const requested = await submitExtensionDate(
      core,
      who,
      { chatId: who.chat.id, userId: who.user.id, kind: 'extension_date', dueItemId: item!.id, payload: { reason: 'Chờ số liệu của các huyện' }, expiresAt: new Date(clock.at.getTime() + 3600_000) },
      '15/3/2024',
    );
    expect(requested.kind).toBe('requested');
    const requestId = requested.kind === 'requested' ? requested.request.id : 0;

    // A focal point sees their unit's pending request but no decision buttons.
    const focal = await signInAs('Trần Hà', 'so-noi-vu', 'focal', { width: 360, height: 740 });
    await focal.goto(`${service.httpUrl}/approvals`);
    expect(await focal.locator(`[data-request="${requestId}"]`).count()).toBe(1);
    expect(await focal.locator('form.decide').count()).toBe(0);
    expect(await focal.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await focal.screenshot({ path: path.join(SHOTS, 'web-pages-focal.png'), fullPage: true });

    const page = await signInAs('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await page.click('a[href="/approvals"]');
    const card = page.locator(`[data-request="${requestId}"]`);
    expect(await card.locator('.proposed').textContent()).toBe('15/03/2024');
    expect(await card.textContent()).toContain('Chờ số liệu của các huyện');
    // A counter-proposal the engine cannot read is refused with the error linked to the field.
    await card.locator('input[name="date"]').fill('khi nào rảnh');
    const [bad] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(`/approvals/extensions/${requestId}`)), card.locator('button[value="counter"]').click()]);
    expect(bad.status()).toBe(400);
    expect(await page.locator('#error-summary a').getAttribute('href')).toBe(`#date-${requestId}`);
    // Approve with the keyboard: focus the button, press Enter.
    await page.locator(`[data-request="${requestId}"] button[value="approve"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=extension\.approve/);
    expect(await page.locator('#notice').textContent()).toContain('Đã đồng ý gia hạn');
    expect(await page.locator(`[data-request="${requestId}"]`).count()).toBe(0);
    expect(await page.locator('#history tr[data-action="extension.approve"]').count()).toBe(1);
    expect(await page.locator('#history tr[data-action="extension.approve"]').textContent()).toContain('Nguyễn Lan');

    const [after] = await db.sql<{ state: string; due_date: string }[]>`select state, to_char(due_date, 'YYYY-MM-DD') as due_date from due_items where id = ${item!.id}`;
    expect(after).toEqual({ state: 'extended', due_date: '2024-03-15' });
    const [req] = await db.sql<{ status: string; decided_by_person_id: number }[]>`select status, decided_by_person_id from extension_requests where id = ${requestId}`;
    expect(req).toEqual({ status: 'approved', decided_by_person_id: people['Nguyễn Lan']!.personId });

    // The same decision again (another tab): the request is no longer pending.
    const again = await page.request.post(`${service.httpUrl}/approvals/extensions/${requestId}`, {
      headers: { Origin: service.httpUrl! },
      form: { _csrf: (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!, decision: 'reject' },
    });
    expect(again.status()).toBe(409);

    // The item page: the new due date, the request and the decision in the audit trail.
    await page.goto(`${service.httpUrl}/items/${item!.id}`);
    expect(await page.locator('#due-date').textContent()).toBe('15/03/2024');
    expect(await page.locator('#audit tr[data-action="extension.request"]').count()).toBe(1);
    expect(await page.locator('#audit tr[data-action="extension.approve"]').textContent()).toContain('Nguyễn Lan (web)');
    await page.goto(`${service.httpUrl}/approvals`);
    await page.screenshot({ path: path.join(SHOTS, 'web-pages-coordinator.png'), fullPage: true });
  });

  it('serves an item’s archived evidence file, and refuses a focal point another unit’s item and its files (403)', async () => {
    const [own] = await db.sql<{ id: number }[]>`
      select d.id::int as id from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code = 'so-noi-vu' and u.province = 'nghe-an' order by d.id limit 1`;
    const [other] = await db.sql<{ id: number }[]>`
      select d.id::int as id from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code <> 'so-noi-vu' and u.province = 'nghe-an' order by d.id limit 1`;
    const content = Buffer.from('Báo cáo số 12/BC-SNV');
    const [file] = await db.sql<{ id: number }[]>`
      insert into evidence_files (due_item_id, telegram_file_id, file_name, status, size_bytes, content)
      values (${own!.id}, 'AgAD-own', 'Báo cáo 12.pdf', 'stored', ${content.length}, ${content}) returning id::int as id`;
    const [otherFile] = await db.sql<{ id: number }[]>`
      insert into evidence_files (due_item_id, telegram_file_id, file_name, status, size_bytes, content)
      values (${other!.id}, 'AgAD-other', 'khac.pdf', 'stored', 3, ${Buffer.from('abc')}) returning id::int as id`;

    const focal = await signInAs('Trần Hà', 'so-noi-vu', 'focal');
    await focal.goto(`${service.httpUrl}/items/${own!.id}`);
    const [download] = await Promise.all([focal.waitForEvent('download'), focal.click(`#evidence-files a[href="/items/${own!.id}/evidence/${file!.id}"]`)]);
    expect(download.suggestedFilename()).toBe('Báo cáo 12.pdf');
    expect(fs.readFileSync((await download.path())!)).toEqual(content);

    expect((await focal.goto(`${service.httpUrl}/items/${other!.id}`))!.status()).toBe(403);
    expect((await focal.request.get(`${service.httpUrl}/items/${other!.id}/evidence/${otherFile!.id}`)).status()).toBe(403);
    // Another item's file under one's own item: not found.
    expect((await focal.request.get(`${service.httpUrl}/items/${own!.id}/evidence/${otherFile!.id}`)).status()).toBe(404);
  });

  it('lists units with search and paging, the units nobody is reminded for, and makes an invite with a QR code', async () => {
    const page = await signInAs('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await page.click('a[href="/units"]');
    // A province of seed 000 has more units than one page.
    expect(await page.locator('li.card[data-unit]').count()).toBe(50);
    const missing = await runMain(env, 'units', 'members', '--province', 'nghe-an', '--missing', '--json');
    expect(missing.code, missing.err).toBe(0);
    const uncovered = (JSON.parse(missing.out) as unknown[]).length;
    expect(uncovered).toBeGreaterThan(0);
    expect(await page.locator('#uncovered').textContent()).toContain(`${uncovered} đơn vị`);
    await page.click('a[rel="next"]');
    await page.waitForURL(/page=2/);
    expect(await page.locator('li.card[data-unit]').count()).toBeGreaterThan(0);

    // Search by a word of the name (htmx swaps the list as one types; without it the form submits).
    await page.fill('#unit-q', 'nội vụ');
    await page.waitForURL(/q=/);
    await page.waitForFunction(() => document.querySelectorAll('li.card[data-unit]').length < 10);
    const card = page.locator('li.card[data-unit="so-noi-vu"]');
    expect(await card.count()).toBe(1);
    expect(await card.locator(`a[href="/people/${people['Trần Hà']!.personId}"]`).textContent()).toBe('Trần Hà');
    // Only units with work and nobody to remind.
    await page.goto(`${service.httpUrl}/units?missing=1`);
    expect(await page.locator('li.card[data-unit]').count()).toBe(Math.min(50, uncovered));
    expect(await page.locator('li.card [data-covered="yes"]').count()).toBe(0);

    // An invitation for a focal point of Sở Nội vụ: a t.me link and its QR code, drawn by the app.
    await page.goto(`${service.httpUrl}/units?q=so-noi-vu`);
    await page.locator('li.card[data-unit="so-noi-vu"] select[name="role"]').selectOption('focal');
    await page.locator('li.card[data-unit="so-noi-vu"] form button[type="submit"]').click();
    await page.waitForSelector('#invite-qr svg');
    const link = (await page.locator('#invite-link').textContent())!;
    expect(link).toMatch(/^https:\/\/t\.me\/nhacviec_test_bot\?start=[A-Za-z0-9_-]+$/);
    expect(await page.locator('#invite-qr svg path').count()).toBeGreaterThan(0);
    const [invite] = await db.sql<{ role: string; code: string }[]>`
      select i.role::text as role, u.code from invites i join units u on u.id = i.unit_id order by i.id desc limit 1`;
    expect(invite).toEqual({ role: 'focal', code: 'so-noi-vu' });
    await page.screenshot({ path: path.join(SHOTS, 'web-pages-invite.png') });

    // A focal point sees their own unit only and makes no invitation.
    const focal = await signInAs('Trần Hà', 'so-noi-vu', 'focal');
    await focal.goto(`${service.httpUrl}/units`);
    expect(await focal.locator('li.card[data-unit]').count()).toBe(1);
    expect(await focal.locator('li.card[data-unit="so-noi-vu"]').count()).toBe(1);
    expect(await focal.locator('form[action$="/invites"]').count()).toBe(0);
    const refused = await focal.request.post(`${service.httpUrl}/units/${await unitId('so-noi-vu')}/invites`, {
      headers: { Origin: service.httpUrl! },
      form: { _csrf: (await focal.locator('input[name="_csrf"]').first().getAttribute('value'))!, role: 'coordinator' },
    });
    expect(refused.status()).toBe(403);
  }, 180_000);

  it('records "công bố TTHC" on /events: a preview of the items it will date, nothing written, then the recording', async () => {
    const slug = 'cong-bo-tthc-danh-muc-tthc';
    const waiting = async () =>
      (await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where waiting_event = ${slug} and state = 'waiting'`)[0]!.n;
    const before = await waiting();
    expect(before).toBeGreaterThan(0);
    const page = await signInAs('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await page.click('a[href="/events"]');
    expect(await page.locator(`#event-types tr[data-type="${slug}"]`).count()).toBe(1);
    await page.selectOption('#type', slug);
    // A date the engine cannot read: the error summary links to the field.
    await page.fill('#date', 'hôm kia nữa');
    await page.click('form.event-form button[type="submit"]');
    expect(await page.locator('#error-summary a[href="#date"]').count()).toBe(1);
    await page.fill('#date', '15/3/2024');
    await page.fill('#reference', 'QĐ 123/QĐ-UBND');
    await page.click('form.event-form button[type="submit"]');
    await page.waitForSelector('#confirm-event');
    expect(await page.locator('#preview-date').textContent()).toBe('15/03/2024');
    const rows = await page.locator('#preview tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    for (const due of await page.locator('#preview td.due').allTextContents()) expect(due.split('/').reverse().join('-') >= '2024-03-15').toBe(true);
    // The preview wrote nothing.
    expect(await waiting()).toBe(before);
    expect((await db.sql`select 1 from events`).length).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'web-pages-event-preview.png'), fullPage: true });

    await page.click('#confirm-event');
    await page.waitForURL(/recorded=/);
    const after = await waiting();
    expect(after).toBeLessThan(before);
    expect(await page.locator('#notice').textContent()).toContain(`${before - after} mục được tính hạn`);
    const [event] = await db.sql<{ type: string; date: string; reference: string; recorded_by: string }[]>`
      select type, to_char(date, 'YYYY-MM-DD') as date, reference, recorded_by from events`;
    expect(event).toEqual({ type: slug, date: '2024-03-15', reference: 'QĐ 123/QĐ-UBND', recorded_by: `web:${people['Nguyễn Lan']!.personId}` });
    expect(await page.locator(`#events tr[data-type="${slug}"]`).count()).toBe(1);

    // A leader reads the page but records nothing; a focal point is refused.
    const leader = await signInAs('Phạm Quang', 'so-noi-vu', 'leader');
    await leader.goto(`${service.httpUrl}/events`);
    expect(await leader.locator('form.event-form').count()).toBe(0);
    expect(await leader.locator(`#events tr[data-type="${slug}"]`).count()).toBe(1);
    await leader.screenshot({ path: path.join(SHOTS, 'web-pages-leader.png'), fullPage: true });
    const focal = await signInAs('Trần Hà', 'so-noi-vu', 'focal');
    expect((await focal.goto(`${service.httpUrl}/events`))!.status()).toBe(403);
  }, 180_000);

  it('shows a month on /calendar with the holidays of the domain calendar, due tasks per day, and a head’s own unit only', async () => {
    const calendar = calendarForConfig(createConfig(env));
    const page = await signInAs('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await page.click('a[href="/calendar"]');
    // The clock says January 2024; one click forward is February, with Tết.
    await page.click('#next-month');
    await page.waitForURL(/month=2024-02/);
    const marked = await page.locator('#month td[data-mark="holiday"]').evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.date));
    const expected: string[] = [];
    for (let d = 1; d <= 29; d++) {
      const iso = `2024-02-${String(d).padStart(2, '0')}`;
      if (calendar.describe(iso)?.kind === 'holiday') expected.push(iso);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(marked.filter((d) => d!.startsWith('2024-02'))).toEqual(expected);
    expect(await page.locator(`#month td[data-date="${expected[0]}"] .tag`).textContent()).toContain('Nghỉ lễ');

    // The tasks due on a busy day of the month, counted independently.
    const [busy] = await db.sql<{ day: string; tasks: number }[]>`
      select to_char(d.due_date, 'YYYY-MM-DD') as day, count(distinct a.task_id)::int as tasks
      from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.province = 'nghe-an' and d.due_date between '2024-02-01' and '2024-02-29' and d.state <> 'waived'
      group by 1 order by 2 desc, 1 limit 1`;
    const cell = page.locator(`#month td[data-date="${busy!.day}"] li`);
    expect(await cell.count()).toBe(Math.min(busy!.tasks, 3) + (busy!.tasks > 3 ? 1 : 0));

    // A head of unit sees their unit's items only and no unit filter.
    const head = await signInAs('Lê Minh', 'so-noi-vu', 'head');
    await head.goto(`${service.httpUrl}/calendar?month=2024-02`);
    expect(await head.locator('select[name="unit"]').count()).toBe(0);
    const own = await db.sql<{ id: number }[]>`
      select d.id::int as id from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.code = 'so-noi-vu' and u.province = 'nghe-an' and d.due_date between '2024-01-29' and '2024-03-03'`;
    const links = await head.locator('#month td a[href^="/items/"]').evaluateAll((as) => as.map((a) => Number(a.getAttribute('href')!.split('/')[2])));
    expect(links.length).toBeGreaterThan(0);
    for (const id of links) expect(own.map((o) => o.id)).toContain(id);
    await head.screenshot({ path: path.join(SHOTS, 'web-pages-head.png'), fullPage: true });
  }, 180_000);
});
