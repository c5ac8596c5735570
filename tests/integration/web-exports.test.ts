/**
 * The web console's exports page (`/exports`) against a real PostgreSQL with seed 000 published: the report annex
 * downloads as .xlsx and .docx (read back with exceljs and mammoth), coordinators choose any unit or the whole plan,
 * heads and focal points get their own unit whatever they ask; a feed address is made by a POST with the CSRF
 * token, shown once, and serves the calendar at once.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createWebAuth } from '../../src/app/web/auth.js';
import type { MemberRole } from '../../src/app/bot/store.js';
import { PostgresWebAuthStore } from '../../src/db/web-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { icsRoutes } from '../../src/feeds-wiring.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountIcsRoutes } from '../../src/http/ics.js';
import { createWebConsoleOnDatabase } from '../../src/web-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let planId: number;
const clock = new ManualClock('2024-07-01T03:00:00Z');
const config = createConfig({ WEB_BASE_URL: 'http://localhost' });
const cli = cliRunner({ db: () => db, clock, deadline });
let app: ReturnType<typeof createHttpApp>;

/** A signed-in session: its cookie and CSRF token. */
async function signIn(unitId: number, role: MemberRole, personId: number | null): Promise<{ cookie: string; csrf: string }> {
  const auth = createWebAuth({ store: new PostgresWebAuthStore(db.sql), clock });
  const { token } = await auth.issueLoginToken({ personId, unitId, role }, 'test');
  const r = await auth.signIn(token);
  if (r.kind !== 'signed_in') throw new Error(`sign-in refused: ${r.reason}`);
  const session = (await auth.session(r.sessionToken))!;
  return { cookie: `nv_session=${r.sessionToken}`, csrf: session.csrfToken };
}

/** Task rows of the annex sheet (numbered rows between the header and the summary). */
async function annexRows(body: ArrayBuffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body);
  const all: string[][] = [];
  wb.worksheets[0]!.eachRow((row) => all.push(Array.from({ length: 12 }, (_, i) => String(row.getCell(i + 1).text ?? ''))));
  const start = all.findIndex((r) => r[0] === 'TT' && r[1] === 'Nhiệm vụ');
  const end = all.findIndex((r) => r[0] === 'TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ');
  return all.slice(start + 1, end).filter((r) => /^\d+$/.test(r[0]!));
}

describe.skipIf(!hasSeeds)('web console /exports', () => {
  let busiest: { id: number; code: string; name: string };
  let other: { id: number; code: string; name: string };
  let pairs: number;

  beforeAll(async () => {
    db = await createTestDatabase('web_exports');
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = JSON.parse(imported.out).plan.id;
    const published = await cli('plan', 'publish', String(planId), '--accept-problems', '--json');
    expect(published.code, published.err).toBe(0);
    const units = await db.sql<{ id: number; code: string; name: string }[]>`
      select u.id, u.code, u.name from task_assignments a join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
      where t.plan_id = ${planId} and a.role = 'lead' group by u.id order by count(*) desc, u.id limit 2`;
    [busiest, other] = [units[0]!, units[1]!];
    pairs = (await db.sql<{ n: number }[]>`
      select count(*)::int as n from task_assignments a join tasks t on t.id = a.task_id where t.plan_id = ${planId} and a.role = 'lead'`)[0]!.n;
    app = createHttpApp({
      health: async () => ({ ok: true }) as never,
      mount: (a) => {
        mountIcsRoutes(a, icsRoutes({ config, database: db, clock }));
        a.route('/', createWebConsoleOnDatabase({ database: db, clock, config }));
      },
    });
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('signed out: redirected to the sign-in page', async () => {
    expect((await app.request('/exports')).status).toBe(303);
    expect((await app.request(`/exports/report?plan=${planId}&format=xlsx`)).status).toBe(303);
  });

  it('a coordinator downloads the whole plan or one unit, as .xlsx and .docx', async () => {
    const s = await signIn(busiest.id, 'coordinator', null);
    const page = await app.request('/exports', { headers: { cookie: s.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<option value="${other.code}">`);
    expect(html).toContain('href="/exports"');

    const whole = await app.request(`/exports/report?plan=${planId}&format=xlsx&unit=&asOf=2024-07-01`, { headers: { cookie: s.cookie } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(whole.headers.get('content-disposition')).toBe(`attachment; filename="phu-luc-ke-hoach-${planId}-2024-07-01.xlsx"`);
    expect(await annexRows(await whole.arrayBuffer())).toHaveLength(pairs);

    const one = await app.request(`/exports/report?plan=${planId}&format=xlsx&unit=${other.code}`, { headers: { cookie: s.cookie } });
    const rows = await annexRows(await one.arrayBuffer());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(pairs);
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set([other.name]));

    const docx = await app.request(`/exports/report?plan=${planId}&format=docx&unit=${other.code}`, { headers: { cookie: s.cookie } });
    expect(docx.status).toBe(200);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) })).value;
    expect(text).toContain(other.name);
    expect(text).not.toContain(busiest.name);

    expect((await app.request(`/exports/report?plan=999999&format=xlsx`, { headers: { cookie: s.cookie } })).status).toBe(404);
    expect((await app.request(`/exports/report?plan=${planId}&format=pdf`, { headers: { cookie: s.cookie } })).status).toBe(400);
    expect((await app.request(`/exports/report?plan=${planId}&format=xlsx&unit=khong-co`, { headers: { cookie: s.cookie } })).status).toBe(400);
  });

  it('a focal point gets their own unit only, whatever the request says', async () => {
    const s = await signIn(busiest.id, 'focal', null);
    const html = await (await app.request('/exports', { headers: { cookie: s.cookie } })).text();
    expect(html).not.toContain(`<option value="${other.code}">`);
    const res = await app.request(`/exports/report?plan=${planId}&format=xlsx&unit=${other.code}`, { headers: { cookie: s.cookie } });
    expect(res.status).toBe(200);
    const rows = await annexRows(await res.arrayBuffer());
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r[3]))).toEqual(new Set([busiest.name]));
  });

  it('calendar feeds: made by a POST with the CSRF token, shown once, served at once; a new one stops the old', async () => {
    const [person] = await db.sql<{ id: number }[]>`insert into people (name) values ('Cán bộ đầu mối') returning id`;
    await db.sql`insert into memberships (person_id, unit_id, role) values (${person!.id}, ${busiest.id}, 'focal')`;
    const s = await signIn(busiest.id, 'focal', person!.id);
    const post = (owner: string, csrf = s.csrf) =>
      app.request('/exports/feed', { method: 'POST', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: `_csrf=${csrf}&owner=${owner}` });
    expect((await post('unit', 'x'.repeat(s.csrf.length))).status).toBe(403);
    const made = await post('unit');
    expect(made.status).toBe(200);
    const url = /value="(http:\/\/localhost\/ics\/[A-Za-z0-9_-]{32}\.ics)"/.exec(await made.text())![1]!;
    const feed = await app.request(new URL(url).pathname);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    // The page no longer shows the address, only that one exists.
    expect(await (await app.request('/exports', { headers: { cookie: s.cookie } })).text()).not.toContain(url);

    const again = await post('unit');
    const url2 = /value="(http:\/\/localhost\/ics\/[A-Za-z0-9_-]{32}\.ics)"/.exec(await again.text())![1]!;
    expect(url2).not.toBe(url);
    expect((await app.request(new URL(url).pathname)).status).toBe(404);
    expect((await app.request(new URL(url2).pathname)).status).toBe(200);

    const mine = await post('person');
    expect(mine.status).toBe(200);
    expect(await mine.text()).toMatch(/\/ics\/[A-Za-z0-9_-]{32}\.ics/);
    const [owner] = await db.sql<{ person_id: number }[]>`select person_id from feed_tokens where person_id is not null and revoked_at is null`;
    expect(owner!.person_id).toBe(person!.id);

    const anonymous = await signIn(busiest.id, 'coordinator', null);
    const refused = await app.request('/exports/feed', {
      method: 'POST',
      headers: { cookie: anonymous.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: `_csrf=${anonymous.csrf}&owner=person`,
    });
    expect(refused.status).toBe(403);
  });
});
