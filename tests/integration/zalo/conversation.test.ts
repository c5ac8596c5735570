import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../../config/env.js';
import { loadHolidayData } from '../../../config/holidays/load.js';
import { createBotService } from '../../../src/app/bot/service.js';
import type { Notifier, OutgoingMessage, SentMessage } from '../../../src/app/ports.js';
import { PostgresBotStore } from '../../../src/db/bot-store.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { createCalendar } from '../../../src/domain/deadline.js';
import { createHttpApp } from '../../../src/http/app.js';
import { silentLogger } from '../../../src/infra/logger.js';
import { createZaloRuntime, type ZaloRuntime } from '../../../src/zalo-wiring.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeZalo, type ZaloSent } from '../../helpers/fake-zalo.js';
import { seedPlan, seedProvince, type Province } from '../../helpers/reminder-fixtures.js';

/**
 * The Zalo conversation end to end below the scheduler: the fake Zalo Bot API over HTTP, the real receiver (long
 * polling, then the webhook route on the real HTTP app), the real use cases on a fresh PostgreSQL database.
 */
const calendar = createCalendar(loadHolidayData());
/** Monday 11 March 2024, 09:00 in Hà Nội. */
const clock = new ManualClock('2024-03-11T02:00:00Z');

/** Coordinators' notices, as the staff notifier receives them. */
class RecordingNotifier implements Notifier {
  readonly kind = 'recording' as const;
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage): Promise<SentMessage> {
    this.sent.push(message);
    return { messageId: this.sent.length };
  }
}

let db: TestDatabase;
let fake: FakeZalo;
let p: Province;
let items: { a1: number; a2: number; b1: number };
let runtime: ZaloRuntime;
const staff = new RecordingNotifier();
const changed = { calls: 0 };
let inviteToken: string;

const LAN = { id: 'e4ea2cd5189df1c3a88c', display_name: 'Nguyễn Thị Lan' };
const STRANGER = { id: 'aa00bb11cc22dd33ee44', display_name: 'Người lạ' };

/** Sends `text` as `user` and waits for the bot's `count`-th answer to them. */
async function say(user: typeof LAN, text: string): Promise<ZaloSent> {
  const before = fake.sentMessages(user.id).length;
  fake.pushText(user, text);
  const all = await fake.waitForMessages(before + 1, user.id);
  return all[all.length - 1]!;
}

async function itemState(id: number): Promise<{ state: string; evidence: Record<string, unknown> | null }> {
  const [row] = await db.sql<{ state: string; evidence: Record<string, unknown> | null }[]>`select state::text, evidence from due_items where id = ${id}`;
  return row!;
}

beforeAll(async () => {
  db = await createTestDatabase('zalo_conv');
  fake = new FakeZalo({ limits: false });
  await fake.start();
  p = await seedProvince(db.sql);
  const ids = await seedPlan(db.sql, p, [
    { unitId: p.units.a, dueDate: '2024-03-20', taskNumber: '1' },
    { unitId: p.units.a, dueDate: '2024-03-29', taskNumber: '2' },
    { unitId: p.units.b, dueDate: '2024-03-20', taskNumber: '3' },
  ]);
  items = { a1: ids[0]!, a2: ids[1]!, b1: ids[2]! };
  const config = createConfig({ DATABASE_URL: db.url, ZALO_BOT_TOKEN: fake.token, ZALO_API_ROOT: fake.apiRoot, DEFAULT_PROVINCE: p.province });
  const service = createBotService({
    store: new PostgresBotStore(db.sql),
    clock,
    calendar,
    timeZone: config.domain.timeZone,
    completionNeedsApproval: false,
    afterDueItemsChanged: async () => {},
  });
  const invite = await service.createInvite({ province: p.province, unitRef: 'so-a', role: 'focal', ttlMs: 7 * 86_400_000, createdBy: 'cli:test' });
  if (invite.kind !== 'created') throw new Error('invite not created');
  inviteToken = invite.token;
  runtime = createZaloRuntime({
    config,
    database: db,
    clock,
    calendar,
    logger: silentLogger,
    staff,
    afterDueItemsChanged: async () => {
      changed.calls += 1;
    },
    polling: { pollTimeoutS: 5, backoffMs: 20, maxBackoffMs: 50 },
  })!;
  await runtime.start();
});

afterAll(async () => {
  await runtime?.stop();
  await fake?.close();
  await db?.drop();
});

describe('Zalo conversation by long polling', () => {
  it('a stranger is told to send an invite code, and a command is refused and audited', async () => {
    expect((await say(STRANGER, 'xin chào')).text).toContain('mã mời');
    expect((await say(STRANGER, `xong ${items.a1} QĐ 15/QĐ-SNV 03/01/2024`)).text).toContain('chưa đăng ký');
    expect((await itemState(items.a1)).state).toBe('open');
    const [audit] = await db.sql<{ outcome: string; details: Record<string, unknown> }[]>`
      select outcome, details from audit_log where action = 'item.done' order by id desc limit 1`;
    expect(audit).toMatchObject({ outcome: 'refused', details: { channel: 'zalo', address: STRANGER.id, reason: 'not_registered' } });
  });

  it('the invite code registers the person with a Zalo channel for the unit', async () => {
    const answer = await say(LAN, inviteToken);
    expect(answer.text).toContain('cán bộ đầu mối của Sở A');
    const [channel] = await db.sql<{ person_id: number; kind: string; address: string; name: string }[]>`
      select c.person_id, c.kind::text, c.address, p.name from person_channels c join people p on p.id = c.person_id where c.address = ${LAN.id}`;
    expect(channel).toMatchObject({ kind: 'zalo', name: 'Nguyễn Thị Lan' });
    const roles = await db.sql`select role::text from memberships where person_id = ${channel!.person_id} and unit_id = ${p.units.a} and active`;
    expect(roles.map((r) => r.role)).toEqual(['focal']);
    expect(changed.calls).toBeGreaterThan(0);
    // Single use.
    expect((await say(STRANGER, inviteToken)).text).toContain('đã được sử dụng');
  });

  it('bad commands get a clear answer and change nothing', async () => {
    expect((await say(LAN, 'xong abc QĐ 1/QĐ-UBND')).text).toContain('Mã việc phải là một số');
    expect((await say(LAN, `xong ${items.a1}`)).text).toContain('Thiếu số, ngày văn bản');
    expect((await say(LAN, `giahan ${items.a2} sớm`)).text).toContain('Thiếu ngày đề nghị');
    expect((await say(LAN, `giahan ${items.a2} 31/03/2024`)).text).toContain('Thiếu lý do');
    expect((await say(LAN, 'xong 999999 QĐ 1/QĐ-UBND')).text).toContain('Không tìm thấy nhiệm vụ mã 999999');
    expect((await say(LAN, 'hôm nay trời đẹp')).text).toContain('huongdan');
    expect((await say(LAN, 'huongdan')).text).toContain('giahan <mã việc>');
    expect((await itemState(items.a1)).state).toBe('open');
    expect((await itemState(items.a2)).state).toBe('open');
  });

  it('a person cannot act on another unit’s item', async () => {
    expect((await say(LAN, `xong ${items.b1} QĐ 15/QĐ-SNV 03/01/2024`)).text).toContain('không có quyền');
    expect((await itemState(items.b1)).state).toBe('open');
  });

  it('xong completes the item through the same use case, and the coordinator is told', async () => {
    const staffBefore = staff.sent.length;
    const answer = await say(LAN, `xong ${items.a1} QĐ 15/QĐ-SNV 03/01/2024`);
    expect(answer.text).toContain('Đã ghi nhận hoàn thành nhiệm vụ 1');
    const row = await itemState(items.a1);
    expect(row.state).toBe('done');
    expect(row.evidence).toMatchObject({ documentNumber: '15/QĐ-SNV', documentDate: '2024-01-03' });
    const notice = staff.sent.slice(staffBefore).find((m) => m.chatId === p.chats.coordinator);
    expect(notice?.text).toContain('Sở A báo hoàn thành');
    // Done is done: a second report is answered, not applied.
    expect((await say(LAN, `xong ${items.a1} QĐ 16/QĐ-SNV 04/01/2024`)).text).toContain('hiện đã hoàn thành');
    expect((await itemState(items.a1)).evidence).toMatchObject({ documentNumber: '15/QĐ-SNV' });
  });

  it('giahan files an extension request for the coordinator', async () => {
    const staffBefore = staff.sent.length;
    const answer = await say(LAN, `giahan ${items.a2} 10/04/2024 chờ ý kiến thẩm định của Sở Tư pháp`);
    expect(answer.text).toContain('Đã gửi đề nghị gia hạn nhiệm vụ 2 đến ngày 10/04/2024');
    const [request] = await db.sql<{ status: string; reason: string; proposed_date: string }[]>`
      select status::text, reason, proposed_date::text from extension_requests where due_item_id = ${items.a2}`;
    expect(request).toEqual({ status: 'pending', reason: 'chờ ý kiến thẩm định của Sở Tư pháp', proposed_date: '2024-04-10' });
    const notice = staff.sent.slice(staffBefore).find((m) => m.chatId === p.chats.coordinator);
    expect(notice?.text).toContain('ĐỀ NGHỊ GIA HẠN');
    expect(notice?.buttons?.flat().length).toBe(3);
    expect((await say(LAN, `giahan ${items.a2} 15/04/2024 lý do khác`)).text).toContain('đang có đề nghị gia hạn');
  });

  it('a replayed update is answered once', async () => {
    const update = fake.textUpdate(LAN, 'huongdan');
    const before = fake.sentMessages(LAN.id).length;
    fake.pushUpdate(update);
    fake.pushUpdate(update);
    fake.pushText(LAN, 'huongdan');
    await fake.waitForMessages(before + 2, LAN.id);
    await fake.waitFor(() => fake.pendingUpdates().length === 0);
    // The third message (a new one) was answered after the replay; the replay itself was not.
    expect(fake.sentMessages(LAN.id).length).toBe(before + 2);
  });

  it('polling survives a failing getUpdates', async () => {
    fake.failNext(2, '5xx', ['getUpdates']);
    const answer = await say(LAN, 'huongdan');
    expect(answer.text).toContain('xong <mã việc>');
  });
});

describe('Zalo webhook route', () => {
  let server: ServerType;
  let url: string;
  let hooked: ZaloRuntime;

  beforeAll(async () => {
    await runtime.stop();
    const config = createConfig({
      DATABASE_URL: db.url,
      ZALO_BOT_TOKEN: fake.token,
      ZALO_API_ROOT: fake.apiRoot,
      ZALO_WEBHOOK_URL: 'https://nhacviec.example.gov.vn/zalo/webhook',
      ZALO_WEBHOOK_SECRET: 'zalo-secret-0123456789',
    });
    hooked = createZaloRuntime({ config, database: db, clock, calendar, logger: silentLogger, staff, afterDueItemsChanged: async () => {} })!;
    await hooked.start();
    const app = createHttpApp({ health: async () => ({}) as never, mount: (a) => hooked.mount(a) });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    url = `http://127.0.0.1:${port}/zalo/webhook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await hooked?.stop();
  });

  it('setWebhook was called with the secret', () => {
    expect(fake.webhook()).toEqual({ url: 'https://nhacviec.example.gov.vn/zalo/webhook', secretToken: 'zalo-secret-0123456789' });
  });

  it('refuses a request without the secret or with a wrong one (403), acting on nothing', async () => {
    const before = fake.sentMessages(LAN.id).length;
    expect((await fake.postWebhook(fake.textUpdate(LAN, 'huongdan'), { url, secretToken: null })).status).toBe(403);
    expect((await fake.postWebhook(fake.textUpdate(LAN, 'huongdan'), { url, secretToken: 'zalo-secret-0123456788' })).status).toBe(403);
    expect(fake.sentMessages(LAN.id).length).toBe(before);
  });

  it('handles an update with the secret, once even when redelivered, and 400 for a non-update', async () => {
    const before = fake.sentMessages(LAN.id).length;
    const update = fake.textUpdate(LAN, 'huongdan');
    expect((await fake.postWebhook(update, { url })).status).toBe(200);
    expect((await fake.postWebhook(update, { url })).status).toBe(200);
    // Answered by the inbox worker after the 200; the next update's answer comes after the first one's.
    expect((await fake.postWebhook(fake.textUpdate(LAN, 'help'), { url })).status).toBe(200);
    await fake.waitForMessages(before + 2, LAN.id);
    expect(fake.sentMessages(LAN.id).length).toBe(before + 2);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': 'zalo-secret-0123456789' }, body: '{"hello":1}' });
    expect(bad.status).toBe(400);
  });
});
