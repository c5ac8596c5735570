/**
 * A decision taken on the web console's /approvals is announced to the unit as the bot announces its own (issue #13
 * §3, issue #6): the real service (api and worker roles, so the reminder pipeline runs in-process) on a test
 * database, the fake Telegram Bot API server, no browser (playwright-core's request context keeps the session
 * cookie). The coordinator signs in by link and decides with the form's CSRF token; the focal point's Telegram
 * chat then receives the bot's Vietnamese notice, sent by the worker from a `notice` row of the pipeline, and the
 * audit log names who was told.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request, type APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { submitEvidence } from '../../src/app/bot/completion.js';
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

class SetClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
}

const PLAN = `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

KẾ HOẠCH
Cải cách hành chính tỉnh Nghệ An năm 2024 (thử thông báo quyết định trên web)

PHỤ LỤC

TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành
I\tCẢI CÁCH THỂ CHẾ\t\t\t\t
1\tRà soát thủ tục hành chính của ngành nội vụ\tBáo cáo\tSở Nội vụ\t\tTrước ngày 29/02/2024
2\tKiểm tra công tác văn thư lưu trữ\tBáo cáo\tSở Nội vụ\t\tTrước ngày 29/03/2024
`;

/** Polls `check` until it returns a value (at most `timeoutMs`). */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('decisions on /approvals are announced on Telegram', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let service: Service;
  let fake: FakeTelegram;
  let core: ServiceCore;
  let store: PostgresBotStore;
  let web: APIRequestContext;
  let csrf: string;
  const clock = new SetClock(new Date('2024-01-02T02:00:00Z')); // 09:00 on Tuesday 02/01/2024 in Hà Nội
  const people: Record<string, { personId: number; chatId: number }> = {};

  async function unitId(code: string): Promise<number> {
    const [u] = await db.sql<{ id: number }[]>`select id from units where code = ${code} and province = 'nghe-an'`;
    return u!.id;
  }

  /** A person with one membership and a private Telegram chat (as the bot's invite makes them). */
  async function member(name: string, unit: string, role: string): Promise<void> {
    const chatId = 710_000_000 + Object.keys(people).length;
    const [p] = await db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${name}, ${chatId}) returning id`;
    await db.sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${await unitId(unit)}, ${role})`;
    await db.sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${p!.id})`;
    people[name] = { personId: p!.id, chatId };
  }

  async function whoOf(name: string): Promise<Who> {
    const { chatId } = people[name]!;
    return { actor: await store.findActor(String(chatId)), user: { id: String(chatId), firstName: name }, chat: { id: String(chatId), kind: 'private' } };
  }

  async function openItem(number: string): Promise<number> {
    const [item] = await db.sql<{ id: number }[]>`
      select d.id::int as id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.number = ${number} and d.state = 'open'`;
    return item!.id;
  }

  /** Posts a decision form of /approvals with the session's CSRF token; returns where it redirected. */
  async function decide(pathname: string, form: Record<string, string>): Promise<string> {
    const r = await web.post(pathname, { form: { _csrf: csrf, ...form }, headers: { Origin: service.httpUrl! }, maxRedirects: 0 });
    expect(r.status(), await r.text()).toBe(303);
    return r.headers()['location'] ?? '';
  }

  beforeAll(async () => {
    db = await createTestDatabase('webnotice');
    cleanups.push(() => db.drop());
    fake = new FakeTelegram({ limits: false });
    await fake.start();
    cleanups.push(() => fake.close());
    env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `wn${uniqueSuffix()}`,
      PORT: '0',
      // The web console and the reminder pipeline's worker; no bot polling (nothing answers updates here).
      NHACVIEC_ROLE: 'api,worker',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-notice-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'ke-hoach.txt'), PLAN);
    const imported = await runMain(env, 'plan', 'import', path.join(dir, 'ke-hoach.txt'), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = (JSON.parse(imported.out) as { plan: { id: number } }).plan.id;
    const published = await runMain(env, 'plan', 'publish', String(planId));
    expect(published.code, published.err).toBe(0);
    await member('Nguyễn Lan', 'so-noi-vu', 'coordinator');
    await member('Trần Hà', 'so-noi-vu', 'focal');
    const config = createConfig(env);
    store = new PostgresBotStore(db.sql);
    // The focal point's requests go through the bot's own use cases; completions need approval here.
    core = new ServiceCore({ store, clock, calendar: calendarForConfig(config), timeZone: config.domain.timeZone, completionNeedsApproval: true, afterDueItemsChanged: async () => {} });
    service = await startService(config, { logger: silentLogger, clock });
    cleanups.push(() => service.close());

    // The coordinator signs in by link, as the bot's /dangnhap makes it.
    const made = await webLoginLinkFor(db, clock, config)({ personId: people['Nguyễn Lan']!.personId, unitId: await unitId('so-noi-vu'), role: 'coordinator' });
    web = await request.newContext({ baseURL: service.httpUrl! });
    cleanups.push(() => web.dispose());
    const token = new URL(made.url).pathname.split('/').pop()!;
    const signedIn = await web.post('/login', { form: { token }, headers: { Origin: service.httpUrl! }, maxRedirects: 0 });
    expect(signedIn.status()).toBe(303);
  }, 300_000);

  it('an extension approved on the web: the focal point is told in Vietnamese, through a notice row, with the audit row', async () => {
    const itemId = await openItem('1');
    const ha = await whoOf('Trần Hà');
    const requested = await submitExtensionDate(
      core,
      ha,
      { chatId: ha.chat.id, userId: ha.user.id, kind: 'extension_date', dueItemId: itemId, payload: { reason: 'Chờ số liệu của các huyện' }, expiresAt: new Date(clock.at.getTime() + 3600_000) },
      '15/3/2024',
    );
    expect(requested.kind).toBe('requested');
    const requestId = requested.kind === 'requested' ? requested.request.id : 0;
    fake.reset();

    const page = await (await web.get('/approvals')).text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    expect(await decide(`/approvals/extensions/${requestId}`, { decision: 'approve' })).toBe('/approvals?done=extension.approve');

    const focalChat = people['Trần Hà']!.chatId;
    const [notice] = await fake.waitForMessages(1, focalChat, 30_000);
    expect(notice!.text).toContain('✅ Sở Nội vụ đồng ý gia hạn nhiệm vụ I.1 đến ngày 15/03/2024.');
    expect(notice!.text).toContain('Rà soát thủ tục hành chính của ngành nội vụ');
    // The coordinator who decided is not told their own decision.
    expect(fake.sentMessages(people['Nguyễn Lan']!.chatId)).toEqual([]);

    // The worker marks the row sent just after Telegram answered.
    const rows = await until(async () => {
      const r = await db.sql<{ status: string; recipient: string; text: string }[]>`
        select status::text as status, recipient_chat_id::text as recipient, payload->>'text' as text from reminders where kind = 'notice'`;
      return r.every((x) => x.status !== 'sending') ? r : undefined;
    });
    expect(rows).toEqual([{ status: 'sent', recipient: String(focalChat), text: expect.stringContaining('đồng ý gia hạn nhiệm vụ I.1') }]);
    const [audit] = await db.sql<{ actor: string; actor_person_id: number; entity_id: string; details: { decision: string; extensionRequestId: number; recipients: { chatId: string }[] } }[]>`
      select actor, actor_person_id, entity_id, details from audit_log where action = 'approval.notice'`;
    expect(audit).toMatchObject({ actor: 'web', actor_person_id: people['Nguyễn Lan']!.personId, entity_id: String(itemId) });
    expect(audit!.details).toMatchObject({ decision: 'extension.approve', extensionRequestId: requestId, recipients: [{ chatId: String(focalChat) }] });
  }, 120_000);

  it('a completion rejected on the web: the focal point is told the item is open again', async () => {
    const itemId = await openItem('2');
    const reported = await submitEvidence(core, await whoOf('Trần Hà'), itemId, { text: 'Báo cáo số 12/BC-SNV ngày 02/01/2024' }, null);
    expect(reported).toMatchObject({ kind: 'completed', state: 'pending_approval' });
    fake.reset();

    expect(await decide(`/approvals/completions/${itemId}`, { decision: 'reject' })).toBe('/approvals?done=item.reject');
    const [notice] = await fake.waitForMessages(1, people['Trần Hà']!.chatId, 30_000);
    expect(notice!.text).toContain('↩️ Kết quả nhiệm vụ I.2 chưa được chấp nhận; nhiệm vụ được mở lại.');
    const [state] = await db.sql<{ state: string }[]>`select state::text as state from due_items where id = ${itemId}`;
    expect(state!.state).toBe('open');

    // Reported again and approved (the clock has not moved): this decision is announced too.
    expect(await submitEvidence(core, await whoOf('Trần Hà'), itemId, { text: 'Báo cáo số 15/BC-SNV ngày 02/01/2024' }, null)).toMatchObject({ state: 'pending_approval' });
    expect(await decide(`/approvals/completions/${itemId}`, { decision: 'approve' })).toBe('/approvals?done=item.approve');
    const [, approved] = await fake.waitForMessages(2, people['Trần Hà']!.chatId, 30_000);
    expect(approved!.text).toContain('✅ Kết quả nhiệm vụ I.2 đã được Sở Nội vụ duyệt.');
    const audits = await db.sql<{ details: { decision: string } }[]>`select details from audit_log where action = 'approval.notice' order by id`;
    expect(audits.map((a) => a.details.decision)).toEqual(['extension.approve', 'item.reject', 'item.approve']);
  }, 120_000);
});
