/**
 * Security properties of the bot: forged and expired callback data, presses by people who may not act, replayed
 * updates and the webhook secret (webhook mode behind hono), a blocked bot, and the per-user rate limit.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookHandler } from '../../src/bot/index.js';
import { createStandaloneReminderButtons } from '../../src/bot/reminder-buttons.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { createLogger } from '../../src/infra/logger.js';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

describe('bot security (long polling)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('security');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses forged callback data without touching anything, and audits it', async () => {
    const before = await dueItem(h.db, h.world.items.leadA);
    const forged = [`done:${h.world.items.leadA}`, 'AAAAAAAAAAAAAAAA', `{"a":"done","id":${h.world.items.leadA}}`];
    for (const data of forged) await h.press(USERS.focalA, data);
    const answers = h.fake.calls('answerCallbackQuery').slice(-3);
    expect(answers.map((c) => c.params.text)).toEqual(['Nút không hợp lệ.', 'Nút không hợp lệ.', 'Nút không hợp lệ.']);
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(before);
    expect(await h.db.sql`select 1 from bot_pending_inputs`).toHaveLength(0);
    const rows = await audits(h.db, 'callback.forged');
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.outcome === 'refused' && r.actor_telegram_id === String(USERS.focalA.id))).toBe(true);
  });

  it("refuses a press by someone outside the item's unit (authorised on callback_query.from, not on the chat)", async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.focalA);
    const done = h.button(message, '✅');
    // A stranger and a focal point of another unit press a button of Sở A's reminder (e.g. forwarded to them).
    await h.press(USERS.stranger, done, message);
    await h.press(USERS.focalB, done, message);
    await h.press(USERS.focalB, h.button(message, '⏳'), message);
    const answers = h.fake.calls('answerCallbackQuery').slice(-3);
    expect(answers.map((c) => c.params.show_alert)).toEqual([true, true, true]);
    expect(String(answers[0]!.params.text)).toContain('chưa đăng ký');
    expect(String(answers[1]!.params.text)).toContain('không có quyền');
    expect(await h.db.sql`select 1 from bot_pending_inputs`).toHaveLength(0);
    expect((await dueItem(h.db, h.world.items.leadA)).state).toBe('open');
    const refused = [...(await audits(h.db, 'item.done.start')), ...(await audits(h.db, 'extension.start'))].filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.actor_telegram_id).sort()).toEqual([String(USERS.focalB.id), String(USERS.focalB.id), String(USERS.stranger.id)].sort());
    expect(refused.every((r) => r.entity_id === String(h.world.items.leadA))).toBe(true);
    // The press of a non-member acknowledges nothing either.
    const [ack] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from reminders where acknowledged_at is not null`;
    expect(ack!.n).toBe(1);
  });

  it('reminder buttons carry only a 16-character token; those issued by a worker process work with the bot', async () => {
    const buttons = createStandaloneReminderButtons({ store: new PostgresBotStore(h.db.sql), clock: h.clock, config: h.config });
    const rows = await buttons.forReminder({ reminderId: 0, dueItemId: h.world.items.overdueA, recipientChatId: String(USERS.focalA.id), locale: 'en', kind: 'escalation' });
    expect(rows.map((r) => r.map((b) => b.text))).toEqual([
      ['✅ Done', '⏳ Ask for extension'],
      ['🔄 In progress', '📄 Details'],
    ]);
    for (const b of rows.flat()) expect(b.callbackData).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await buttons.forReminder({ reminderId: 0, dueItemId: 1, recipientChatId: '1', locale: 'vi', kind: 'digest' })).toEqual([]);
    await h.press(USERS.focalA, rows[1]![1]!.callbackData);
    expect(h.last(USERS.focalA.id).text).toContain('CHI TIẾT NHIỆM VỤ 2');
  });

  it('refuses an expired button', async () => {
    const { message } = await h.remind(h.world.items.overdueA, USERS.focalA);
    h.clock.advance(91 * 24 * 3600 * 1000);
    await h.press(USERS.focalA, h.button(message, '✅'), message);
    expect(String(h.fake.calls('answerCallbackQuery').at(-1)!.params.text)).toContain('hết hạn');
    expect((await audits(h.db, 'callback.done')).at(-1)).toMatchObject({ outcome: 'refused', details: { reason: 'expired' } });
  });

  it('marks a chat that blocked the bot inactive, replans its items, and keeps serving others', async () => {
    const before = await dueItem(h.db, h.world.items.supportB);
    const changed = h.changed.calls;
    h.fake.failFor(USERS.focalB.id, 'blocked');
    await h.say(USERS.focalB, '/viec');
    const [chat] = await h.db.sql<{ active: boolean; inactive_reason: string }[]>`
      select active, inactive_reason from chats where telegram_chat_id = ${USERS.focalB.id}`;
    expect(chat).toEqual({ active: false, inactive_reason: 'blocked' });
    // Focal point B's units are marked for the planner (no due item is written).
    const marked = await h.db.sql<{ unit_id: number }[]>`select unit_id from replan_units`;
    expect(marked.map((m) => m.unit_id)).toContain(h.world.units.b);
    expect((await dueItem(h.db, h.world.items.supportB)).revision).toBe(before.revision);
    expect(h.changed.calls).toBe(changed + 1);
    expect((await audits(h.db, 'chat.deactivate')).at(-1)).toMatchObject({ chat_id: String(USERS.focalB.id), details: expect.objectContaining({ reason: 'blocked' }) });
    expect(h.errors).toEqual([]);
    // Other chats are served normally.
    await h.say(USERS.focalA, '/lich');
    expect(h.last(USERS.focalA.id).text).toContain('đến hạn trong 30 ngày tới');
    // Telegram's my_chat_member update when the user unblocks the bot makes the chat active again.
    h.fake.clearFaults();
    await h.push({
      update_id: 0,
      my_chat_member: {
        chat: { id: USERS.focalB.id, type: 'private', first_name: USERS.focalB.first_name },
        from: { id: USERS.focalB.id, is_bot: false, first_name: USERS.focalB.first_name },
        date: 1,
        old_chat_member: { status: 'kicked', user: { id: h.fake.botInfo.id, is_bot: true, first_name: 'bot' }, until_date: 0 },
        new_chat_member: { status: 'member', user: { id: h.fake.botInfo.id, is_bot: true, first_name: 'bot' } },
      },
    } as never);
    const [again] = await h.db.sql<{ active: boolean }[]>`select active from chats where telegram_chat_id = ${USERS.focalB.id}`;
    expect(again!.active).toBe(true);
  });

  it('rate-limits one user who floods the bot, answering every press, and audits it once', async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.headA);
    const detail = h.button(message, '📄');
    const before = h.fake.calls('answerCallbackQuery').length;
    await Promise.all(Array.from({ length: 25 }, () => h.press(USERS.headA, detail, message)));
    const answers = h.fake.calls('answerCallbackQuery').slice(before);
    expect(answers).toHaveLength(25);
    const limited = answers.filter((c) => String(c.params.text ?? '').includes('quá nhanh'));
    expect(limited).toHaveLength(5);
    expect(await audits(h.db, 'rate_limit')).toHaveLength(1);
  });
});

describe('bot security (webhook)', () => {
  const SECRET = 'webhook-secret-0123456789';
  let h: BotHarness;
  let server: ServerType;
  let url: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    h = await createBotHarness('webhook', { poll: false });
    const app = new Hono();
    const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
    app.post('/telegram/webhook', createWebhookHandler(h.handle.bot, SECRET, { logger }));
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info));
    });
    url = `http://127.0.0.1:${address.port}/telegram/webhook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.close();
  });

  it('rejects requests without the secret or with a wrong one', async () => {
    const update = h.fake.textMessageUpdate(USERS.focalA, '/viec');
    expect((await h.fake.postWebhook(url, update, null)).status).toBe(401);
    expect((await h.fake.postWebhook(url, update, 'wrong-secret-0123456789')).status).toBe(401);
    expect(h.fake.sentMessages(USERS.focalA.id)).toHaveLength(0);
  });

  it('answers 400 to a malformed body that carries the right secret, and logs it once (#16.6)', async () => {
    const post = (body: string, secret: string | null) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
        body,
      });
    const sent = h.fake.sentMessages().length;
    const bodies = ['{"update_id": 1, "message":', 'not json at all', '[1,2,3]', '{"message":{"text":"/viec"}}', '{"update_id":"7"}'];
    for (const body of bodies) {
      logLines.length = 0;
      const res = await post(body, SECRET);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(await res.json()).toEqual({ ok: false, error: 'malformed update' });
      expect(logLines.filter((l) => l.includes('malformed update refused'))).toHaveLength(1);
      expect(logLines).toHaveLength(1);
    }
    // Without the secret, the body rules are never revealed: 401 as before.
    expect((await post('not json at all', null)).status).toBe(401);
    expect(h.fake.sentMessages().length).toBe(sent);
    // A well-formed update still goes through.
    expect((await h.fake.postWebhook(url, h.fake.textMessageUpdate(USERS.focalA, '/viec'), SECRET)).status).toBe(200);
  });

  it('handles a replayed update once', async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.focalA);
    const press = h.fake.callbackQueryUpdate(USERS.focalA, h.button(message, '✅'), { message });
    expect((await h.fake.postWebhook(url, press, SECRET)).status).toBe(200);
    const evidence = h.fake.textMessageUpdate(USERS.focalA, 'QĐ số 77/QĐ-STP ngày 12/3/2024');
    expect((await h.fake.postWebhook(url, evidence, SECRET)).status).toBe(200);
    const item = await dueItem(h.db, h.world.items.leadA);
    expect(item.state).toBe('done');
    const sent = h.fake.sentMessages().length;
    const changed = h.changed.calls;

    // Telegram redelivers both updates (e.g. our answer was lost): nothing happens twice.
    expect((await h.fake.postWebhook(url, press, SECRET)).status).toBe(200);
    expect((await h.fake.postWebhook(url, evidence, SECRET)).status).toBe(200);
    expect(h.fake.sentMessages().length).toBe(sent);
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(item);
    expect(h.changed.calls).toBe(changed);
    expect(await audits(h.db, 'update.replay')).toHaveLength(2);
    expect(h.fake.calls('answerCallbackQuery')).toHaveLength(1);
  });
});
