/**
 * Two decisions of the plan review in a real browser (issue #13 §3–4; issue #11 "two defensible readings"): Debian's
 * chromium driven by playwright-core against the real service (`startService`, api role) on a test database.
 *
 * A coordinator uploads a small plan whose row I.1 has two readings ("45 ngày kể từ ngày kết thúc 6 tháng đầu năm
 * tài chính": the calendar half-year, or an event to record when the fiscal year differs); /plans/:id shows both and
 * asks to choose; choosing one changes the row's first due dates, choosing the other brings them back. The plan is
 * published, then an amended version is uploaded and applied: /plans/:id shows the amendment — the task added, the
 * one removed, the changed deadline with its old and new cell, and the due dates that moved — and keeps showing it.
 * Screenshots of the review (wide and 360 px) are saved under test-results/.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it): without it the suite fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import type { Clock } from '../../src/domain/clock.js';
import { silentLogger } from '../../src/infra/logger.js';
import { startService, type Service } from '../../src/main.js';
import { runMain } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../test-results');

class SetClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const HEADER = `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

KẾ HOẠCH
Cải cách hành chính tỉnh Nghệ An năm 2024 (thử chọn cách hiểu và sửa đổi)

PHỤ LỤC

TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành
`;
const row = (...cells: string[]) => `${cells.join('\t')}\n`;
const ORIGINAL =
  HEADER +
  row('I', 'CẢI CÁCH TÀI CHÍNH CÔNG', '', '', '', '') +
  row('1', 'Báo cáo tình hình thực hiện dự toán ngân sách', 'Báo cáo', 'Sở Tài chính', '', '45 ngày kể từ ngày kết thúc 6 tháng đầu năm tài chính') +
  row('2', 'Kiểm tra công tác cải cách hành chính', 'Báo cáo kiểm tra', 'Sở Nội vụ', 'Sở Tư pháp', 'Trước tháng 11/2024') +
  row('3', 'Đánh giá mức độ hài lòng về dịch vụ y tế', 'Báo cáo kết quả', 'Sở Y tế', '', 'Quý II/2024');
// I.2 due a month earlier; I.3 removed; a new section with II.1.
const AMENDED =
  HEADER +
  row('I', 'CẢI CÁCH TÀI CHÍNH CÔNG', '', '', '', '') +
  row('1', 'Báo cáo tình hình thực hiện dự toán ngân sách', 'Báo cáo', 'Sở Tài chính', '', '45 ngày kể từ ngày kết thúc 6 tháng đầu năm tài chính') +
  row('2', 'Kiểm tra công tác cải cách hành chính', 'Báo cáo kiểm tra', 'Sở Nội vụ', 'Sở Tư pháp', 'Trước tháng 10/2024') +
  row('II', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', '') +
  row('1', 'Tổng kết công tác cải cách hành chính năm 2024', 'Báo cáo tổng kết', 'Sở Nội vụ', '', 'Tháng 12/2024');

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('choosing a reading and an amended plan’s diff on /plans/:id, in chromium', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let browser: Browser;
  let page: Page;
  let planId: number;
  const clock = new SetClock(new Date('2024-01-02T02:00:00Z')); // 09:00 on Tuesday 02/01/2024 in Hà Nội

  async function upload(name: string, text: string, apply: boolean): Promise<string> {
    await page.goto(`${service.httpUrl}/plans`);
    await page.getByLabel('Năm của kế hoạch').fill('2024');
    await page.getByLabel('Tệp kế hoạch').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
    const box = page.getByRole('checkbox', { name: /Áp dụng bản sửa đổi/ });
    if (apply) await box.check();
    else await box.uncheck();
    await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
    await page.waitForSelector('#upload-result .import-result', { timeout: 120_000 });
    return (await page.locator('#upload-result .import-result').getAttribute('data-status'))!;
  }

  const rowOf = (label: string) => page.locator(`article.task[data-task="${label}"]`);

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    cleanups.push(() => browser.close());
    db = await createTestDatabase('webamend');
    cleanups.push(() => db.drop());
    env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `wa${uniqueSuffix()}`, PORT: '0', NHACVIEC_ROLE: 'api' };
    const units = await runMain(env, 'units', 'import', '--province', 'nghe-an');
    expect(units.code, units.err).toBe(0);
    service = await startService(createConfig(env), { logger: silentLogger, clock });
    cleanups.push(() => service.close());
    const link = await runMain(env, 'web', 'link', '--unit', 'so-noi-vu', '--role', 'coordinator', '--province', 'nghe-an');
    expect(link.code, link.err).toBe(0);
    const url = /(http:\/\/\S+\/login\/[A-Za-z0-9_-]{43})/.exec(link.out)![1]!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    cleanups.push(() => context.close());
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${service.httpUrl}${new URL(url).pathname}`);
    await page.click('#sign-in');
    await page.waitForURL(`${service.httpUrl}/`);
  }, 300_000);

  it('shows both readings of an ambiguous row and asks to choose; each choice changes the first due dates', async () => {
    expect(await upload('ke-hoach.txt', ORIGINAL, false)).toBe('created');
    [{ id: planId }] = await db.sql<{ id: number }[]>`select id from plans`;
    await page.click('#upload-result a.review-link');
    await page.waitForURL(new RegExp(`/plans/${planId}$`));

    // The row asks for a decision, listed at the top as well; both readings are offered.
    const i1 = rowOf('I.1');
    expect(await i1.locator('.decision[data-kind="reading"]').count()).toBe(1);
    expect(await page.locator('.pending-list li[data-kind="reading"]').textContent()).toContain('I.1');
    const readings = i1.getByRole('radio');
    expect(await readings.count()).toBe(2);
    expect(await i1.locator('dd.first-due').textContent()).toContain('14/08/2024');

    // The second reading (the fiscal year is not the calendar year: an event to record) has no date yet.
    await i1.getByRole('radio', { name: /^2\./ }).check();
    await i1.getByRole('button', { name: 'Chọn cách hiểu này' }).click();
    await page.waitForURL(/done=choose/);
    expect(await page.textContent('#done')).toContain('I.1');
    expect(await rowOf('I.1').getByRole('radio', { name: /^2\./ }).isChecked()).toBe(true);
    expect(await rowOf('I.1').locator('dd.first-due').textContent()).not.toContain('14/08/2024');
    expect(await rowOf('I.1').locator('.decision[data-kind="reading"]').count()).toBe(0);
    const [second] = await db.sql<{ c: { reading: number } }[]>`select deadline_choice as c from tasks where plan_id = ${planId} and number = '1'`;
    expect(second!.c.reading).toBe(2);

    // Back to the first reading: the half-year's date again.
    await rowOf('I.1').getByRole('radio', { name: /^1\./ }).check();
    await rowOf('I.1').getByRole('button', { name: 'Chọn cách hiểu này' }).click();
    await page.waitForURL(/done=choose/);
    expect(await rowOf('I.1').locator('dd.first-due').textContent()).toContain('14/08/2024');
    const [first] = await db.sql<{ c: { reading: number } }[]>`select deadline_choice as c from tasks where plan_id = ${planId} and number = '1'`;
    expect(first!.c.reading).toBe(1);
    // Not amended yet: no amendment section.
    expect(await page.locator('#amendments').count()).toBe(0);

    // Nothing blocks publishing any more.
    await page.click('#to-publish');
    await page.waitForURL(/\/publish$/);
    expect(await page.textContent('#blocking-count')).toBe('0');
    await page.click('#publish');
    await page.waitForSelector('.publish-result[data-status="published"]', { timeout: 120_000 });
  }, 300_000);

  it('applies an amended version and shows its diff on /plans/:id: added, removed, changed deadline, moved due dates', async () => {
    const [{ due: before }] = await db.sql<{ due: string }[]>`
      select d.due_date::text as due from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and t.number = '2' and a.role = 'lead'`;
    expect(before).toBe('2024-10-31');

    expect(await upload('ke-hoach-sua-doi.txt', AMENDED, true)).toBe('amended');
    await page.click('#upload-result a.review-link');
    await page.waitForURL(new RegExp(`/plans/${planId}$`));

    const section = page.getByRole('region', { name: 'Các lần sửa đổi kế hoạch' });
    expect(await section.count()).toBe(1);
    const latest = section.locator('details.amendment[data-amendment="0"]');
    expect(await latest.getAttribute('open')).not.toBeNull();
    expect(await latest.locator('summary').textContent()).toContain('ke-hoach-sua-doi.txt');
    expect(await latest.locator('summary').textContent()).toContain('Thêm 1, bỏ 1, sửa 1 nhiệm vụ.');
    expect(await latest.textContent()).toContain('Áp dụng cho kế hoạch đã ban hành');
    expect(await latest.locator('li.added').textContent()).toContain('II.1 Tổng kết công tác cải cách hành chính năm 2024');
    expect(await latest.locator('li.removed').textContent()).toContain('I.3 Đánh giá mức độ hài lòng về dịch vụ y tế');
    const changed = latest.locator('li.changed[data-task="I.2"]');
    expect(await changed.locator('li[data-field="deadline"] del').textContent()).toBe('Trước tháng 11/2024');
    expect(await changed.locator('li[data-field="deadline"] ins').textContent()).toBe('Trước tháng 10/2024');
    expect(await latest.locator('.moves li[data-task="I.2"]').textContent()).toContain('31/10/2024 → 30/09/2024');
    // The link of a changed row leads to it.
    await changed.getByRole('link', { name: 'I.2' }).click();
    await page.waitForURL(/#t-I-2$/);

    // The items followed; the choice of reading survived the amendment.
    const [{ due: after }] = await db.sql<{ due: string }[]>`
      select d.due_date::text as due from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and t.number = '2' and a.role = 'lead' and d.state = 'open'`;
    expect(after).toBe('2024-09-30');
    expect(await rowOf('I.1').locator('.decision[data-kind="reading"]').count()).toBe(0);

    // Persistent: a fresh load (and another language) still shows it.
    await page.goto(`${service.httpUrl}/plans/${planId}?lang=en`);
    expect(await page.getByRole('region', { name: 'Amendments of this plan' }).locator('li[data-field="deadline"]').textContent()).toContain('deadline: Trước tháng 11/2024');
    await page.goto(`${service.httpUrl}/plans/${planId}?lang=vi`);
    await page.screenshot({ path: path.join(SHOTS, 'web-plan-amendments.png'), fullPage: true, timeout: 120_000 });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.locator('#amendments').screenshot({ path: path.join(SHOTS, 'web-plan-amendments-360.png'), timeout: 120_000 });
  }, 300_000);
});
