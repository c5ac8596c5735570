import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '@grammyjs/runner';
import { Api, Bot, GrammyError, HttpError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';

const ALICE = { id: 1001, first_name: 'Lan', username: 'lan_snv' };

/** Rejection of `promise`, failing the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** A signal that makes grammY give up on a request after `ms` (grammY types signals with its own shim). */
function giveUpAfter(ms: number): Parameters<Api['sendMessage']>[3] {
  return AbortSignal.timeout(ms) as Parameters<Api['sendMessage']>[3];
}

async function grammyError(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe('FakeTelegram', () => {
  let fake: FakeTelegram;
  let api: Api;

  beforeEach(async () => {
    // Functional tests send faster than Telegram allows; the limits have their own tests below.
    fake = new FakeTelegram({ clock: new ManualClock('2024-03-15T01:00:00Z'), limits: false });
    await fake.start();
    api = new Api(fake.token, { apiRoot: fake.apiRoot });
  });

  afterEach(async () => {
    await fake.close();
  });

  describe('calls and messages', () => {
    it('records every call with method, token, params, chat and response', async () => {
      const me = await api.getMe();
      expect(me).toMatchObject({ id: 123456, is_bot: true, username: 'nhacviec_test_bot' });

      const keyboard = new InlineKeyboard().text('Hoàn thành', 'done:abc');
      const first = await api.sendMessage(ALICE.id, 'Nhắc việc: báo cáo CCHC quý I', { reply_markup: keyboard });
      const second = await api.sendMessage(ALICE.id, 'Nhắc lần 2');
      const inGroup = await api.sendMessage(-4001, 'Nhóm đơn vị');

      expect([first.message_id, second.message_id, inGroup.message_id]).toEqual([1, 2, 1]);
      expect(first).toMatchObject({
        chat: { id: ALICE.id, type: 'private' },
        date: Date.parse('2024-03-15T01:00:00Z') / 1000,
        text: 'Nhắc việc: báo cáo CCHC quý I',
        reply_markup: { inline_keyboard: [[{ text: 'Hoàn thành', callback_data: 'done:abc' }]] },
      });
      expect(inGroup.chat).toMatchObject({ id: -4001, type: 'group' });

      const sends = fake.calls('sendMessage');
      expect(sends).toHaveLength(3);
      expect(sends[0]).toMatchObject({
        method: 'sendMessage',
        token: fake.token,
        chatId: ALICE.id,
        params: { chat_id: ALICE.id, text: 'Nhắc việc: báo cáo CCHC quý I' },
        response: { ok: true, result: { message_id: 1 } },
      });
      expect(typeof sends[0]?.at).toBe('number');
      expect(fake.calls().map((c) => c.method)).toEqual(['getMe', 'sendMessage', 'sendMessage', 'sendMessage']);
      expect(fake.sentMessages(ALICE.id).map((m) => m.text)).toEqual(['Nhắc việc: báo cáo CCHC quý I', 'Nhắc lần 2']);
      expect(fake.stats()).toMatchObject({ accepted: 3, rejected429: 0, faults: 0 });
    });

    it('answers a wrong token with 401 and an unknown method with 404, and records both', async () => {
      const wrong = new Api('999:wrong', { apiRoot: fake.apiRoot });
      const unauthorized = await grammyError(wrong.sendMessage(ALICE.id, 'x'));
      expect([unauthorized.error_code, unauthorized.description]).toEqual([401, 'Unauthorized']);

      const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendTelepathy`, { method: 'POST' });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });

      expect(fake.calls().map((c) => [c.method, c.token, c.response?.ok])).toEqual([
        ['sendMessage', '999:wrong', false],
        ['sendTelepathy', fake.token, false],
      ]);
      expect(fake.sentMessages()).toHaveLength(0);
    });

    it('validates text like Telegram: HTML markup, empty and over-long messages', async () => {
      const ok = await api.sendMessage(ALICE.id, '<b>Quá hạn</b> 3 ngày &lt;QĐ 123&gt;', { parse_mode: 'HTML' });
      expect(ok.text).toBe('Quá hạn 3 ngày <QĐ 123>');

      const unescaped = await grammyError(api.sendMessage(ALICE.id, 'Hạn < 5 ngày', { parse_mode: 'HTML' }));
      expect(unescaped.description).toMatch(/^Bad Request: can't parse entities/);
      const unbalanced = await grammyError(api.sendMessage(ALICE.id, '<b>đậm', { parse_mode: 'HTML' }));
      expect(unbalanced.description).toMatch(/Can't find end tag corresponding to start tag "b"/);
      const tooLong = await grammyError(api.sendMessage(ALICE.id, 'a'.repeat(4097)));
      expect([tooLong.error_code, tooLong.description]).toEqual([400, 'Bad Request: message is too long']);
      expect((await api.sendMessage(ALICE.id, 'a'.repeat(4096))).text).toHaveLength(4096);
      expect(fake.sentMessages(ALICE.id)).toHaveLength(2);
    });

    it('edits text and keyboards, refusing unknown messages and no-op edits', async () => {
      const sent = await api.sendMessage(ALICE.id, 'Việc A', { reply_markup: new InlineKeyboard().text('Xong', 'd') });

      const edited = await api.editMessageText(ALICE.id, sent.message_id, 'Việc A — đã hoàn thành');
      expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Việc A — đã hoàn thành' });
      expect(edited).not.toHaveProperty('reply_markup');
      expect(fake.sentMessages(ALICE.id)[0]).toMatchObject({ text: 'Việc A — đã hoàn thành', edit_date: expect.any(Number) });

      const notModified = await grammyError(api.editMessageText(ALICE.id, sent.message_id, 'Việc A — đã hoàn thành'));
      expect(notModified.description).toMatch(/message is not modified/);
      const missing = await grammyError(api.editMessageText(ALICE.id, 99, 'x'));
      expect(missing.description).toBe('Bad Request: message to edit not found');

      const withKeyboard = await api.editMessageReplyMarkup(ALICE.id, sent.message_id, {
        reply_markup: new InlineKeyboard().text('Chi tiết', 'i'),
      });
      expect(withKeyboard).toMatchObject({ reply_markup: { inline_keyboard: [[{ text: 'Chi tiết', callback_data: 'i' }]] } });

      await expect(api.answerCallbackQuery('777', { text: 'Đã ghi nhận' })).resolves.toBe(true);
      await expect(api.sendChatAction(ALICE.id, 'typing')).resolves.toBe(true);
      await expect(api.setMyCommands([{ command: 'viec', description: 'Việc của đơn vị' }])).resolves.toBe(true);
      expect(fake.commands()).toEqual([{ command: 'viec', description: 'Việc của đơn vị' }]);
    });

    it('accepts multipart uploads and file ids, and serves files through getFile', async () => {
      const pdf = Buffer.from('%PDF-1.4 báo cáo');
      const doc = await api.sendDocument(-4001, new InputFile(pdf, 'bao-cao.pdf'), { caption: 'Tổng hợp tuần' });
      expect(doc).toMatchObject({ caption: 'Tổng hợp tuần', document: { file_name: expect.stringContaining('bao-cao.pdf') } });
      const upload = fake.calls('sendDocument')[0]?.params;
      expect(upload).toMatchObject({ chat_id: -4001, caption: 'Tổng hợp tuần' });
      expect(upload?.document).toMatchObject({ fileName: 'bao-cao.pdf', bytes: pdf });

      const fileId = doc.document?.file_id ?? '';
      const again = await api.sendDocument(ALICE.id, fileId);
      expect(again.document?.file_id).toBe(fileId);

      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
      const photo = await api.sendPhoto(ALICE.id, new InputFile(png));
      const largest = photo.photo?.at(-1);
      const file = await api.getFile(largest?.file_id ?? '');
      expect(file.file_size).toBe(png.length);
      const download = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${file.file_path ?? ''}`);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(png);

      const badId = await grammyError(api.getFile('nope'));
      expect(badId.description).toBe('Bad Request: invalid file_id');
    });
  });

  describe('flood limits (controlled clock)', () => {
    let nowMs: number;
    let limited: FakeTelegram;
    let limitedApi: Api;

    beforeEach(async () => {
      nowMs = 0;
      limited = new FakeTelegram({ now: () => nowMs });
      await limited.start();
      limitedApi = new Api(limited.token, { apiRoot: limited.apiRoot });
    });

    afterEach(async () => {
      await limited.close();
    });

    it('allows 30 messages per second across chats and answers the 31st with 429 retry_after', async () => {
      for (let chat = 1; chat <= 30; chat += 1) await limitedApi.sendMessage(chat, `m${chat}`);
      const error = await grammyError(limitedApi.sendMessage(31, 'one too many'));
      expect([error.error_code, error.description, error.parameters.retry_after]).toEqual([
        429,
        'Too Many Requests: retry after 1',
        1,
      ]);

      nowMs = 999;
      await grammyError(limitedApi.sendMessage(31, 'still inside the window'));
      nowMs = 1000;
      await limitedApi.sendMessage(31, 'the first send left the window');

      expect(limited.stats()).toMatchObject({ accepted: 31, rejected429: 2 });
      expect(limited.stats().byChat.get(31)).toEqual({ accepted: 1, rejected429: 2 });
      expect(limited.sentMessages()).toHaveLength(31);
    });

    it('allows 1 message per second to a private chat, independently per chat', async () => {
      await limitedApi.sendMessage(42, 'first');
      await limitedApi.sendMessage(43, 'another chat is not affected');
      nowMs = 500;
      const error = await grammyError(limitedApi.sendMessage(42, 'too soon'));
      expect(error.parameters.retry_after).toBe(1);
      nowMs = 1000;
      await limitedApi.sendMessage(42, 'one second later');
      expect(limited.stats().byChat.get(42)).toEqual({ accepted: 2, rejected429: 1 });
    });

    it('allows 20 messages per minute to a group', async () => {
      for (let i = 0; i < 20; i += 1) {
        nowMs = i * 100;
        await limitedApi.sendMessage(-4001, `m${i}`);
      }
      nowMs = 2000;
      const error = await grammyError(limitedApi.sendMessage(-4001, '21st'));
      expect(error.parameters.retry_after).toBe(58);

      nowMs = 60_000;
      await limitedApi.sendMessage(-4001, 'the send at t=0 has left the window');
      nowMs = 60_050;
      const again = await grammyError(limitedApi.sendMessage(-4001, 'the send at t=100 is still inside'));
      expect(again.parameters.retry_after).toBe(1);
      expect(limited.stats().byChat.get(-4001)).toEqual({ accepted: 21, rejected429: 2 });
    });

    it('does not count edits, callback answers or chat actions', async () => {
      const sent = await limitedApi.sendMessage(42, 'v1');
      await grammyError(limitedApi.sendMessage(42, 'limited'));
      await limitedApi.editMessageText(42, sent.message_id, 'v2');
      await limitedApi.editMessageText(42, sent.message_id, 'v3');
      await limitedApi.answerCallbackQuery('1');
      await limitedApi.sendChatAction(42, 'typing');
      expect(limited.stats()).toMatchObject({ accepted: 1, rejected429: 1 });
    });

    it('takes configurable limits, and can run without them', async () => {
      limited.setLimits({ privateMax: 3, globalMax: 4 });
      for (let i = 0; i < 3; i += 1) await limitedApi.sendMessage(42, `m${i}`);
      await grammyError(limitedApi.sendMessage(42, 'fourth to the chat'));
      await limitedApi.sendMessage(43, 'fourth overall');
      await grammyError(limitedApi.sendMessage(44, 'fifth overall'));

      limited.setLimits(false);
      for (let i = 0; i < 50; i += 1) await limitedApi.sendMessage(42, `unlimited ${i}`);
      expect(limited.stats()).toMatchObject({ accepted: 54, rejected429: 2 });
    });
  });

  describe('fault injection', () => {
    it('fails the next n chat calls with 502, then works again', async () => {
      fake.failNext(2, '5xx');
      await api.getMe();
      for (let i = 0; i < 2; i += 1) {
        const error = await grammyError(api.sendMessage(ALICE.id, 'x'));
        expect([error.error_code, error.description]).toEqual([502, 'Bad Gateway']);
      }
      await api.sendMessage(ALICE.id, 'through');
      expect(fake.sentMessages()).toHaveLength(1);
      expect(fake.stats()).toMatchObject({ accepted: 1, faults: 2 });
      expect(fake.calls('sendMessage').map((c) => c.fault?.kind)).toEqual(['5xx', '5xx', undefined]);
    });

    it('answers blocked, chat not found, migrated and forced 429 like Telegram', async () => {
      fake.failFor(ALICE.id, 'blocked');
      fake.failFor(-4001, 'blocked');
      fake.failFor(2002, 'chat_not_found');
      fake.failFor(-4002, 'migrated');
      fake.failNext(1, { kind: '429', retryAfterS: 17 }, { methods: ['sendMessage'] });

      const forced = await grammyError(api.sendMessage(3003, 'x'));
      expect([forced.error_code, forced.parameters.retry_after]).toEqual([429, 17]);
      const blocked = await grammyError(api.sendMessage(ALICE.id, 'x'));
      expect([blocked.error_code, blocked.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
      const kicked = await grammyError(api.sendMessage(-4001, 'x'));
      expect(kicked.description).toBe('Forbidden: bot was kicked from the group chat');
      const missing = await grammyError(api.sendMessage(2002, 'x'));
      expect([missing.error_code, missing.description]).toEqual([400, 'Bad Request: chat not found']);
      const migrated = await grammyError(api.sendMessage(-4002, 'x'));
      expect(migrated.parameters.migrate_to_chat_id).toBe(-1004002);

      // Persistent until cleared: a blocked user stays blocked.
      await grammyError(api.sendMessage(ALICE.id, 'again'));
      fake.clearFaults();
      await api.sendMessage(ALICE.id, 'unblocked');
      expect(fake.sentMessages().map((m) => m.chat.id)).toEqual([ALICE.id]);
    });

    it('lets a predicate choose faults per call, and removes it', async () => {
      const remove = fake.inject((call) => (String(call.params.text).includes('quá hạn') ? '5xx' : undefined));
      await grammyError(api.sendMessage(ALICE.id, 'Việc quá hạn'));
      await api.sendMessage(ALICE.id, 'Việc sắp đến hạn');
      remove();
      await api.sendMessage(ALICE.id, 'Việc quá hạn');
      expect(fake.sentMessages().map((m) => m.text)).toEqual(['Việc sắp đến hạn', 'Việc quá hạn']);
    });

    it('holds a timeout without answering; with deliver the message counts as sent', async () => {
      fake.failNext(1, 'timeout');
      fake.failNext(1, { kind: 'timeout', deliver: true });

      const lost = await rejection(api.sendMessage(ALICE.id, 'never arrives', {}, giveUpAfter(200)));
      expect(lost).toBeInstanceOf(HttpError);
      expect(fake.sentMessages()).toHaveLength(0);

      const sentButLost = await rejection(api.sendMessage(ALICE.id, 'arrives, answer lost', {}, giveUpAfter(200)));
      expect(sentButLost).toBeInstanceOf(HttpError);
      expect(fake.sentMessages().map((m) => m.text)).toEqual(['arrives, answer lost']);
      expect(fake.calls('sendMessage').map((c) => [c.fault?.kind, c.response])).toEqual([
        ['timeout', undefined],
        ['timeout', undefined],
      ]);
      expect(fake.stats()).toMatchObject({ accepted: 1, faults: 2 });
    });

    it('holds a timeout until grammY gives up on its own timeoutSeconds', async () => {
      const impatient = new Api(fake.token, { apiRoot: fake.apiRoot, timeoutSeconds: 1 });
      fake.failFor(ALICE.id, 'timeout');
      const started = performance.now();
      const error = await rejection(impatient.sendMessage(ALICE.id, 'x'));
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).message).toMatch(/Network request for 'sendMessage' failed/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    });
  });

  describe('updates', () => {
    it('long-polls: getUpdates waits for a pushed update and confirms by offset', async () => {
      const poll = api.getUpdates({ timeout: 10 });
      await fake.waitFor(() => fake.calls('getUpdates').length === 1);
      const pushed = fake.pushText(ALICE, '/viec');
      const updates = await poll;
      expect(updates).toEqual([pushed]);
      expect(pushed.message).toMatchObject({
        text: '/viec',
        from: { id: ALICE.id, is_bot: false },
        chat: { id: ALICE.id, type: 'private' },
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      });

      expect(await api.getUpdates({ timeout: 0 })).toHaveLength(1);
      expect(await api.getUpdates({ offset: pushed.update_id + 1, timeout: 0 })).toEqual([]);
      expect(fake.pendingUpdates()).toEqual([]);
    });

    it('answers an empty batch when the poll timeout runs out', async () => {
      const started = performance.now();
      expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('terminates an older poll with 409 when a second poller arrives', async () => {
      const older = api.getUpdates({ timeout: 10 });
      await fake.waitFor(() => fake.calls('getUpdates').length === 1);
      const newer = api.getUpdates({ timeout: 10 });
      const conflict = await grammyError(older);
      expect(conflict.error_code).toBe(409);
      fake.pushText(ALICE, 'xin chào');
      expect(await newer).toHaveLength(1);
    });

    it('drives a real bot.start() loop: commands, replies and callback answers', async () => {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
      bot.command('viec', (ctx) => ctx.reply('Việc của đơn vị: 2'));
      bot.on('callback_query:data', async (ctx) => {
        await ctx.answerCallbackQuery({ text: 'Đã ghi nhận' });
        await ctx.editMessageText(`Đã xử lý: ${ctx.callbackQuery.data}`);
      });
      const stopped = bot.start({ timeout: 5 });

      fake.pushText(ALICE, '/viec');
      const [reply] = await fake.waitForMessages(1, ALICE.id);
      expect(reply?.text).toBe('Việc của đơn vị: 2');

      fake.pushCallbackQuery(ALICE, 'done:abc', { message: reply });
      await fake.waitForCalls('editMessageText');
      expect(fake.calls('answerCallbackQuery')[0]?.params).toMatchObject({ text: 'Đã ghi nhận' });
      expect(fake.sentMessages(ALICE.id)[0]?.text).toBe('Đã xử lý: done:abc');

      await bot.stop();
      await stopped;
      expect(fake.calls('getMe')).toHaveLength(1);
      expect(fake.calls('deleteWebhook')).toHaveLength(1);
      expect(fake.pendingUpdates()).toEqual([]);
    });

    it('feeds a @grammyjs/runner loop', async () => {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
      bot.on('message:text', (ctx) => ctx.reply(`đã nhận: ${ctx.message.text}`));
      const runner = run(bot, { runner: { fetch: { timeout: 5 } } });

      const users = [ALICE, { id: 1002 }, { id: 1003 }];
      for (const user of users) fake.pushText(user, `xin chào từ ${user.id}`);
      const replies = await fake.waitForMessages(3);
      expect(replies.map((m) => m.text).sort()).toEqual(users.map((u) => `đã nhận: xin chào từ ${u.id}`).sort());

      await runner.stop();
      expect(runner.isRunning()).toBe(false);
    });

    it('delivers updates to a webhook with the secret token set through setWebhook', async () => {
      const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot }, botInfo: fake.botInfo });
      bot.on('message:text', (ctx) => ctx.reply('qua webhook'));
      const server = createServer(webhookCallback(bot, 'http', { secretToken: 's3cret_token' }));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`;
      try {
        await api.setWebhook(url, { secret_token: 's3cret_token' });
        expect((await api.getWebhookInfo()).url).toBe(url);
        expect((await grammyError(api.getUpdates())).error_code).toBe(409);

        const accepted = await fake.postWebhook(url, fake.textMessageUpdate(ALICE, 'hi'));
        expect(accepted.status).toBe(200);
        expect(fake.sentMessages(ALICE.id).map((m) => m.text)).toEqual(['qua webhook']);

        const forged = await fake.postWebhook(url, fake.textMessageUpdate(ALICE, 'hi'), 'wrong');
        const unsigned = await fake.postWebhook(url, fake.textMessageUpdate(ALICE, 'hi'), null);
        expect([forged.status, unsigned.status]).toEqual([401, 401]);
        expect(fake.sentMessages(ALICE.id)).toHaveLength(1);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    });
  });

  describe('close', () => {
    it('releases a pending long poll with an empty batch and leaves nothing running', async () => {
      const count = (kind: string): number => process.getActiveResourcesInfo().filter((r) => r === kind).length;
      const timersBefore = count('Timeout');
      const own = new FakeTelegram();
      await own.start();
      const ownApi = new Api(own.token, { apiRoot: own.apiRoot });
      // A poll longer than the test's own timeout: only close can release it, however slow the machine.
      const poll = ownApi.getUpdates({ timeout: 3600 });
      await own.waitFor(() => own.calls('getUpdates').length === 1);
      await own.close();
      expect(await poll).toEqual([]);
      expect(count('Timeout')).toBeLessThanOrEqual(timersBefore);
      expect(await rejection(ownApi.getMe())).toBeInstanceOf(HttpError);
    });

    it('drops held timeouts on close so the client fails at once', async () => {
      const own = new FakeTelegram();
      await own.start();
      const ownApi = new Api(own.token, { apiRoot: own.apiRoot });
      own.failNext(1, 'timeout');
      const held = rejection(ownApi.sendMessage(ALICE.id, 'x'));
      await own.waitFor(() => own.calls('sendMessage').length === 1);
      await own.close();
      expect(await held).toBeInstanceOf(HttpError);
    });
  });
});
