import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError, HttpError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyTelegramError, isMessageNotModified, type DeliveryFailure } from '../../../src/telegram/classify-error.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';

/**
 * Every error here is a real grammY error, produced by the real client against the fake Bot API (or a socket that
 * misbehaves on purpose); the classifier itself is pure.
 */
const errors = new Map<string, unknown>();

async function capture(name: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    errors.set(name, error);
    return;
  }
  throw new Error(`scenario '${name}' did not fail`);
}

function classified(name: string): DeliveryFailure {
  if (!errors.has(name)) throw new Error(`no error captured for '${name}'`);
  return classifyTelegramError(errors.get(name));
}

function giveUpAfter(ms: number): Parameters<Api['sendMessage']>[3] {
  return AbortSignal.timeout(ms) as Parameters<Api['sendMessage']>[3];
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('classifyTelegramError', () => {
  const fake = new FakeTelegram();
  const htmlProxy = createServer((_req, res) => {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });

  beforeAll(async () => {
    await fake.start();
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });

    await api.sendMessage(1, 'fills the per-chat second');
    await capture('limit 429', api.sendMessage(1, 'too soon'));
    fake.failNext(1, { kind: '429', retryAfterS: 17 });
    await capture('forced 429', api.sendMessage(2, 'x'));
    fake.failFor(3, 'blocked');
    await capture('blocked by user', api.sendMessage(3, 'x'));
    fake.failFor(-4001, 'blocked');
    await capture('kicked from group', api.sendMessage(-4001, 'x'));
    fake.failFor(4, 'chat_not_found');
    await capture('chat not found', api.sendMessage(4, 'x'));
    fake.failFor(-4002, 'migrated');
    await capture('migrated', api.sendMessage(-4002, 'x'));
    fake.failFor(5, '5xx');
    await capture('502', api.sendMessage(5, 'x'));
    fake.failFor(6, { kind: '5xx', status: 500 });
    await capture('500', api.sendMessage(6, 'x'));
    fake.failFor(7, 'timeout');
    await capture('timeout', api.sendMessage(7, 'x', {}, giveUpAfter(100)));
    fake.failFor(8, { kind: 'timeout', deliver: true });
    await capture('delivered, answer lost', api.sendMessage(8, 'x', {}, giveUpAfter(100)));
    await capture('too long', api.sendMessage(9, 'a'.repeat(4097)));
    await capture('bad html', api.sendMessage(10, '<b>x', { parse_mode: 'HTML' }));
    await capture('wrong token', new Api('1:wrong', { apiRoot: fake.apiRoot }).sendMessage(11, 'x'));
    const edited = await api.sendMessage(12, 'same');
    await capture('not modified', api.editMessageText(12, edited.message_id, 'same'));

    const proxyRoot = await listen(htmlProxy);
    await capture('html 502 from a proxy', new Api(fake.token, { apiRoot: proxyRoot }).sendMessage(13, 'x'));

    // A port that was just listening and is now closed: the connection is refused before anything is sent.
    const closed = createServer();
    const closedRoot = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await capture('connection refused', new Api(fake.token, { apiRoot: closedRoot }).sendMessage(14, 'x'));

    // The fake goes away while holding the request: the socket is cut after the request was written.
    fake.failFor(15, 'timeout');
    const cut = capture('connection reset', api.sendMessage(15, 'x'));
    await fake.waitFor(() => fake.calls('sendMessage').some((c) => c.chatId === 15));
    await fake.close();
    await cut;
  });

  afterAll(async () => {
    await fake.close();
    htmlProxy.close();
  });

  it('captured real grammY errors', () => {
    expect(errors.get('limit 429')).toBeInstanceOf(GrammyError);
    expect(errors.get('timeout')).toBeInstanceOf(HttpError);
    expect(errors.get('connection refused')).toBeInstanceOf(HttpError);
  });

  it('maps 429 to rate_limited with Telegram’s retry_after', () => {
    expect(classified('limit 429')).toEqual({ kind: 'rate_limited', retryAfterS: 1 });
    expect(classified('forced 429')).toEqual({ kind: 'rate_limited', retryAfterS: 17 });
  });

  it('reads retry_after from the description when parameters are missing', () => {
    const error = new GrammyError(
      "Call to 'sendMessage' failed!",
      { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7' },
      'sendMessage',
      {},
    );
    expect(classifyTelegramError(error)).toEqual({ kind: 'rate_limited', retryAfterS: 7 });
  });

  it('maps every 403 to blocked', () => {
    expect(classified('blocked by user')).toEqual({ kind: 'blocked', reason: '403: Forbidden: bot was blocked by the user' });
    expect(classified('kicked from group')).toMatchObject({ kind: 'blocked', reason: expect.stringContaining('kicked') });
  });

  it('maps an unknown chat to chat_not_found and an upgraded group to chat_migrated', () => {
    expect(classified('chat not found')).toEqual({ kind: 'chat_not_found', reason: '400: Bad Request: chat not found' });
    expect(classified('migrated')).toMatchObject({ kind: 'chat_migrated', migrateToChatId: -1004002 });
  });

  it.each(['502', '500', 'timeout', 'delivered, answer lost', 'html 502 from a proxy', 'connection reset'])(
    'maps %s to unknown: the message may have gone out',
    (name) => {
      expect(classified(name).kind).toBe('unknown');
    },
  );

  it('keeps the cause in the reason of an unknown outcome', () => {
    expect(classified('502')).toEqual({ kind: 'unknown', reason: '502: Bad Gateway' });
    expect(classified('timeout')).toMatchObject({ reason: expect.stringContaining("Network request for 'sendMessage' failed") });
  });

  it('maps a refused connection to not_sent: nothing reached Telegram', () => {
    expect(classified('connection refused')).toMatchObject({ kind: 'not_sent', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it.each(['too long', 'bad html', 'wrong token', 'not modified'])('maps %s to permanent', (name) => {
    expect(classified(name).kind).toBe('permanent');
  });

  it('treats anything that is not a grammY error as unknown', () => {
    expect(classifyTelegramError(new TypeError('boom'))).toEqual({ kind: 'unknown', reason: 'unexpected error: TypeError: boom' });
    expect(classifyTelegramError('string')).toMatchObject({ kind: 'unknown' });
  });

  it('recognises the not-modified answer to an idempotent edit', () => {
    expect(isMessageNotModified(errors.get('not modified'))).toBe(true);
    expect(isMessageNotModified(errors.get('too long'))).toBe(false);
  });
});
