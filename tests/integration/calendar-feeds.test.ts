/**
 * Calendar feeds against a real PostgreSQL: seed 000 published through the CLI, `units feed` issues a private
 * address, the HTTP app serves it, and an independent parser (node-ical) reads it back: one all-day event per open
 * due item on its due day, alarms at the ladder's steps; a completion or an extension changes the feed at once; a
 * revoked or rotated token stops working; the days-off feed lists every configured day off and make-up day.
 */
import path from 'node:path';
import { Command } from 'commander';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { loadHolidayData, loadWorkingCalendar } from '../../config/holidays/load.js';
import { registerFeedCommand } from '../../src/cli/feed-command.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { icsRoutes } from '../../src/feeds-wiring.js';
import { createHttpApp } from '../../src/http/app.js';
import { mountIcsRoutes } from '../../src/http/ics.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let planId: number;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const config = createConfig({ WEB_BASE_URL: 'https://nhacviec.example.vn/' });
const cli = cliRunner({ db: () => db, clock, deadline });

async function feedCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerFeedCommand(program.command('units'), {
    openDatabase: async () => ({ ...db, close: async () => {} }),
    clock,
    config,
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    actor: 'cli:test',
  });
  try {
    await program.parseAsync(['units', 'feed', ...args], { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    if (code === undefined) throw e;
    return { code, out, err };
  }
}

const app = () => createHttpApp({ health: async () => ({ ok: true }) as never, mount: (a) => mountIcsRoutes(a, icsRoutes({ config, database: db, clock })) });
const get = (url: string) => app().request(new URL(url).pathname);
const events = (text: string): VEvent[] => Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
/** An all-day DTSTART as 'YYYY-MM-DD' (node-ical gives a Date at local midnight, flagged dateOnly). */
const dayOf = (d: Date & { dateOnly?: boolean }) => {
  expect(d.dateOnly).toBe(true);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe.skipIf(!hasSeeds)('calendar feeds of seed 000', () => {
  let unitCode: string;
  let unitId: number;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase('calendar_feeds');
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = JSON.parse(imported.out).plan.id;
    expect((await cli('plan', 'publish', String(planId), '--accept-problems', '--json')).code).toBe(0);
    // The unit with the most open items: Sở Nội vụ in this plan, whatever the resolver names it.
    const [u] = await db.sql<{ id: number; code: string }[]>`
      select u.id, u.code from units u join task_assignments a on a.unit_id = u.id join due_items d on d.assignment_id = a.id
      where d.state = 'open' and d.due_date is not null group by u.id order by count(*) desc, u.id limit 1`;
    unitCode = u!.code;
    unitId = u!.id;
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
  });

  const openItems = async () =>
    db.sql<{ id: string; due_date: string }[]>`
      select d.id::text, d.due_date::text from due_items d join task_assignments a on a.id = d.assignment_id
      where a.unit_id = ${unitId} and d.state in ('open', 'overdue', 'extended') and d.due_date is not null order by d.id`;

  it('units feed prints a private address; only a hash is stored; a second call does not reveal it', async () => {
    const r = await feedCli(unitCode);
    expect(r.code, r.err).toBe(0);
    const m = /(https:\/\/nhacviec\.example\.vn\/ics\/([A-Za-z0-9_-]{32})\.ics)/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    url = m![1]!;
    const stored = await db.sql<{ token_hash: string }[]>`select token_hash from feed_tokens where unit_id = ${unitId} and revoked_at is null`;
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(m![2]!);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await feedCli(unitCode);
    expect(again.out).toMatch(/đã có liên kết lịch/);
    expect(again.out).not.toContain(m![2]!);
    expect((await feedCli()).err).toMatch(/Cần đúng một trong hai/);
    expect((await feedCli('khong-co-don-vi')).err).toMatch(/Không tìm thấy đơn vị/);
  });

  it('the feed has one all-day event per open item, on its due day, with the ladder as alarms and a link', async () => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const text = await res.text();
    const evs = events(text);
    const items = await openItems();
    expect(items.length).toBeGreaterThan(3);
    expect(evs).toHaveLength(items.length);
    const byUid = new Map(evs.map((e) => [e.uid, e]));
    const calendar = loadWorkingCalendar();
    for (const item of items) {
      const ev = byUid.get(`due-item-${item.id}@nhacviec`);
      expect(ev, item.id).toBeDefined();
      expect(dayOf(ev!.start as Date & { dateOnly?: boolean })).toBe(item.due_date);
      expect(ev!.description).toContain(`https://nhacviec.example.vn/items/${item.id}`);
      expect(ev!.description).toMatch(/Chủ trì: .+/);
      expect(ev!.description).toMatch(/Thời hạn \(theo kế hoạch\): /);
    }
    // Alarms: the default ladder's seven steps; the first one 7 working days before, at 08:00.
    const block = text.split('BEGIN:VEVENT').find((b) => b.includes(`UID:due-item-${items[0]!.id}@nhacviec`))!;
    // Seconds from the event's start (00:00 of the due day) to each alarm; RELATED=END would be a day off.
    expect(block).not.toMatch(/RELATED=END/);
    const triggers = [...block.matchAll(/TRIGGER(?:;RELATED=START)?:(-?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?/g)].map(
      (m) => (m[1] === '-' ? -1 : 1) * (Number(m[2] ?? 0) * 86_400 + Number(m[3] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)),
    );
    expect(triggers).toHaveLength(7);
    const at8 = (offset: number) => {
      const d = calendar.addWorkingDays(items[0]!.due_date, offset);
      return ((Date.parse(d) - Date.parse(items[0]!.due_date)) / 86_400_000) * 86_400 + 8 * 3600;
    };
    expect(triggers.sort((a, b) => a - b)).toEqual([-7, -3, -1, 0, 1, 3, 7].map(at8));
  });

  it('follows completions and extensions at once (computed at request time)', async () => {
    const items = await openItems();
    const [person] = await db.sql<{ id: number }[]>`insert into people (name) values ('Đầu mối') returning id`;
    const store = new PostgresBotStore(db.sql);
    await store.completeItem({ itemId: Number(items[0]!.id), personId: person!.id, evidence: { documentNumber: '1/BC' }, needsApproval: false, now: clock.now(), audit: { actor: 'test', action: 'item.done', outcome: 'ok' } });
    const audit = { actor: 'test', action: 'item.extend', outcome: 'ok' as const };
    const asked = await store.createExtensionRequest({ itemId: Number(items[1]!.id), personId: person!.id, reason: 'chờ số liệu', proposedDate: '2024-12-20', now: clock.now(), audit });
    expect(asked.status).toBe('ok');
    if (asked.status !== 'ok') return;
    const decided = await store.decideExtension({
      requestId: asked.request.id,
      decision: { kind: 'approve', nominalDue: '2024-12-20', dueDate: '2024-12-20', dueAt: '2024-12-20T16:59:59.999Z' },
      personId: person!.id,
      now: clock.now(),
      audit,
    });
    expect(decided.status).toBe('ok');
    const evs = events(await (await get(url)).text());
    expect(evs).toHaveLength(items.length - 1);
    expect(evs.find((e) => e.uid === `due-item-${items[0]!.id}@nhacviec`)).toBeUndefined();
    expect(dayOf(evs.find((e) => e.uid === `due-item-${items[1]!.id}@nhacviec`)!.start as Date & { dateOnly?: boolean })).toBe('2024-12-20');
  });

  it('a person sees the items of the units they belong to', async () => {
    const [p] = await db.sql<{ id: number }[]>`insert into people (name) values ('Nguyễn Văn A') returning id`;
    await db.sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${unitId}, 'focal'), (${p!.id}, ${unitId}, 'head')`;
    const r = await feedCli('--person', String(p!.id));
    const personUrl = /(https:\S+\.ics)/.exec(r.out)![1]!;
    expect(events(await (await get(personUrl)).text())).toHaveLength((await openItems()).length);
  });

  it('rotating and revoking stop the old address', async () => {
    const rotated = await feedCli(unitCode, '--rotate');
    const newUrl = /(https:\S+\.ics)/.exec(rotated.out)![1]!;
    expect(newUrl).not.toBe(url);
    expect((await get(url)).status).toBe(404);
    expect((await get(newUrl)).status).toBe(200);
    expect((await feedCli(unitCode, '--revoke')).out).toMatch(/Đã thu hồi/);
    expect((await get(newUrl)).status).toBe(404);
    expect((await get('https://x/ics/not-a-token.ics')).status).toBe(404);
  });

  it('the days-off feed lists every configured day off and make-up working day, year by year', async () => {
    const res = await get('https://x/ics/ngay-nghi.ics');
    expect(res.status).toBe(200);
    const evs = events(await res.text());
    const data = loadHolidayData();
    const off = data.flatMap((y) => y.holidays.map((h) => h.date));
    const makeUp = data.flatMap((y) => y.workingDays.map((h) => h.date));
    expect(evs).toHaveLength(off.length + makeUp.length);
    const starts = new Map(evs.map((e) => [e.uid, dayOf(e.start as Date & { dateOnly?: boolean })]));
    for (const d of off) expect(starts.get(`nghi-${d}@nhacviec`)).toBe(d);
    for (const d of makeUp) expect(starts.get(`lam-bu-${d}@nhacviec`)).toBe(d);
    // Facts from outside the code: Tết Giáp Thìn 2024 began on Thursday 8 February (29 tháng Chạp).
    expect(starts.get('nghi-2024-02-08@nhacviec')).toBe('2024-02-08');
    expect(new Set(data.map((y) => y.year)).size).toBeGreaterThanOrEqual(5);
  });
});
