import { GrammyError, HttpError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSendBudgetSignal, createTelegramApi } from '../../../src/telegram/create-api.js';
import { TelegramNotifier } from '../../../src/telegram/notifier.js';
import { DeliveryError } from '../../../src/app/ports.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';

describe('createTelegramApi', () => {
  let fake: FakeTelegram;

  beforeEach(async () => {
    fake = new FakeTelegram({ limits: false });
    await fake.start();
  });

  afterEach(async () => {
    await fake.close();
  });

  it('waits out a short 429 and sends once', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot });
    fake.failNext(1, { kind: '429', retryAfterS: 1 });
    const started = performance.now();
    const sent = await api.sendMessage(42, 'nhắc việc');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(sent.text).toBe('nhắc việc');
    expect(fake.calls('sendMessage').map((c) => c.response?.ok)).toEqual([false, true]);
    expect(fake.sentMessages()).toHaveLength(1);
  });

  it('rethrows a 429 longer than maxDelaySeconds at once, for the caller to reschedule', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, retry: { maxDelaySeconds: 10 } });
    fake.failNext(1, { kind: '429', retryAfterS: 11 });
    const error = await api.sendMessage(42, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).parameters.retry_after).toBe(11);
    expect(fake.calls('sendMessage')).toHaveLength(1);
  });

  it('never waits a 429 past the send budget: the 429 comes back at once, nothing was sent', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot });
    fake.failNext(1, { kind: '429', retryAfterS: 2 });
    // 2 s of retry_after plus the headroom for the repeated request do not fit in 2.5 s.
    const error = await api.sendMessage(42, 'x', {}, createSendBudgetSignal(2500) as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(429);
    expect(fake.calls('sendMessage')).toHaveLength(1);
    expect(fake.sentMessages()).toHaveLength(0);
  });

  it('waits a 429 that fits in the send budget', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot });
    fake.failNext(1, { kind: '429', retryAfterS: 1 });
    const sent = await api.sendMessage(42, 'x', {}, createSendBudgetSignal(10_000) as never);
    expect(sent.text).toBe('x');
    expect(fake.calls('sendMessage').map((c) => c.response?.ok)).toEqual([false, true]);
  });

  it('abandons a send whose answer does not come within its budget (an unknown outcome), whatever the client timeout', async () => {
    const notifier = new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: 600 }));
    fake.failNext(1, { kind: 'timeout', deliver: true }, { methods: ['sendMessage'] });
    const error = await notifier.send({ chatId: '42', text: 'x' }, { budgetMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure.kind).toBe('unknown');
    // The slot is free again: the next send goes through on the same notifier.
    expect((await notifier.send({ chatId: '43', text: 'y' }, { budgetMs: 5000 })).messageId).toBeGreaterThan(0);
  });

  it('never repeats a send after a 5xx: it may have been delivered', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot });
    fake.failNext(1, '5xx');
    const error = await api.sendMessage(42, 'x').catch((e: unknown) => e);
    expect((error as GrammyError).error_code).toBe(502);
    expect(fake.calls('sendMessage')).toHaveLength(1);
  });

  it('never repeats a request that timed out', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutSeconds: 1 });
    fake.failNext(1, { kind: 'timeout', deliver: true }, { methods: ['sendMessage'] });
    fake.failNext(1, 'timeout', { methods: ['editMessageText'] });
    const [send, edit] = await Promise.all([
      api.sendMessage(42, 'x').catch((e: unknown) => e),
      api.editMessageText(42, 1, 'y').catch((e: unknown) => e),
    ]);
    expect(send).toBeInstanceOf(HttpError);
    expect(edit).toBeInstanceOf(HttpError);
    expect(fake.calls().map((c) => c.method)).toEqual(['sendMessage', 'editMessageText']);
    expect(fake.sentMessages()).toHaveLength(1);
  });

  it('retries a 5xx on an idempotent edit after auto-retry’s backoff', async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot });
    const sent = await api.sendMessage(42, 'việc A');
    fake.failNext(1, '5xx', { methods: ['editMessageText'] });
    const edited = await api.editMessageText(42, sent.message_id, 'việc A — xong');
    expect(edited).toMatchObject({ text: 'việc A — xong' });
    expect(fake.calls('editMessageText').map((c) => c.response?.ok)).toEqual([false, true]);
  });
});
