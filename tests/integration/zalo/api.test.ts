import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZaloApiError, ZaloBotApi, ZaloHttpError } from '../../../src/zalo/api.js';
import { classifyZaloError } from '../../../src/zalo/classify-error.js';
import { FakeZalo } from '../../helpers/fake-zalo.js';

/** The real client against the fake Bot API over loopback HTTP; the classifier sees real errors. */
const fake = new FakeZalo();
let api: ZaloBotApi;

beforeAll(async () => {
  await fake.start();
  api = new ZaloBotApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutMs: 2000 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.setLimits(false);
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('call did not fail');
}

describe('ZaloBotApi against the fake Bot API', () => {
  it('getMe and sendMessage', async () => {
    expect(await api.getMe()).toMatchObject({ id: fake.botId, account_name: 'bot.NhacViecTest' });
    const sent = await api.sendMessage('chat-a', 'Xin chào');
    expect(typeof sent.message_id).toBe('string');
    expect(fake.sentMessages('chat-a').map((m) => m.text)).toEqual(['Xin chào']);
  });

  it('a wrong token is a permanent failure', async () => {
    const bad = new ZaloBotApi({ token: '1:wrong', apiRoot: fake.apiRoot });
    const error = await failure(bad.sendMessage('chat-a', 'x'));
    expect(error).toBeInstanceOf(ZaloApiError);
    expect(classifyZaloError(error)).toMatchObject({ kind: 'permanent' });
  });

  it('a text over 2 000 characters is refused (permanent), nothing recorded', async () => {
    const before = fake.sentMessages('chat-long').length;
    const error = await failure(api.sendMessage('chat-long', 'a'.repeat(2001)));
    expect(classifyZaloError(error)).toMatchObject({ kind: 'permanent' });
    expect(fake.sentMessages('chat-long').length).toBe(before);
  });

  it('the limits answer 429 with retry_after: rate_limited, nothing sent', async () => {
    fake.setLimits({ chatMax: 1, chatWindowMs: 60_000 });
    await api.sendMessage('chat-429', 'một');
    const error = await failure(api.sendMessage('chat-429', 'hai'));
    expect(classifyZaloError(error)).toEqual({ kind: 'rate_limited', retryAfterS: 60 });
    expect(fake.sentMessages('chat-429').map((m) => m.text)).toEqual(['một']);
    expect(fake.stats().rejected429).toBeGreaterThan(0);
  });

  it('faults map to blocked, chat_not_found, unknown (5xx, timeout) and forced 429', async () => {
    fake.failNext(1, 'blocked');
    expect(classifyZaloError(await failure(api.sendMessage('c', 'x')))).toMatchObject({ kind: 'blocked' });
    fake.failNext(1, 'chat_not_found');
    expect(classifyZaloError(await failure(api.sendMessage('c', 'x')))).toMatchObject({ kind: 'chat_not_found' });
    fake.failNext(1, '5xx');
    expect(classifyZaloError(await failure(api.sendMessage('c', 'x')))).toMatchObject({ kind: 'unknown' });
    fake.failNext(1, { kind: '429', retryAfterS: 7 });
    expect(classifyZaloError(await failure(api.sendMessage('c', 'x')))).toEqual({ kind: 'rate_limited', retryAfterS: 7 });
    fake.failNext(1, { kind: 'timeout', deliver: true });
    const timedOut = await failure(api.sendMessage('c-timeout', 'đã gửi nhưng mất trả lời', { timeoutMs: 300 }));
    expect(timedOut).toBeInstanceOf(ZaloHttpError);
    expect(classifyZaloError(timedOut)).toMatchObject({ kind: 'unknown' });
    expect(fake.sentMessages('c-timeout')).toHaveLength(1);
  });

  it('a refused connection is not_sent', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const down = new ZaloBotApi({ token: fake.token, apiRoot: `http://127.0.0.1:${port}` });
    expect(classifyZaloError(await failure(down.sendMessage('c', 'x')))).toMatchObject({ kind: 'not_sent' });
  });

  it('getUpdates hands out one update per call, and null on 408', async () => {
    const first = fake.pushText({ id: 'u1' }, 'một');
    fake.pushText({ id: 'u1' }, 'hai');
    expect((await api.getUpdates(1))?.message?.text).toBe(first.message?.text);
    expect((await api.getUpdates(1))?.message?.text).toBe('hai');
    expect(await api.getUpdates(0)).toBeNull();
    // A long poll is answered as soon as an update arrives.
    const waiting = api.getUpdates(20);
    await fake.waitFor(() => fake.calls('getUpdates').length >= 4);
    fake.pushText({ id: 'u2' }, 'ba');
    expect((await waiting)?.message?.from.id).toBe('u2');
  });

  it('setWebhook checks the secret; getUpdates is refused while a webhook is set', async () => {
    expect(classifyZaloError(await failure(api.setWebhook('https://example.org/zalo', 'short')))).toMatchObject({ kind: 'permanent' });
    await api.setWebhook('https://example.org/zalo', 'a-secret-of-some-length');
    expect(fake.webhook()).toEqual({ url: 'https://example.org/zalo', secretToken: 'a-secret-of-some-length' });
    expect((await api.getWebhookInfo()).url).toBe('https://example.org/zalo');
    expect(await failure(api.getUpdates(0))).toMatchObject({ errorCode: 409 });
    await api.deleteWebhook();
    expect(await api.getUpdates(0)).toBeNull();
  });
});
