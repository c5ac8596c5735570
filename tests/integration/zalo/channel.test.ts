import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelMessage } from '../../../src/app/channels/port.js';
import { DeliveryError } from '../../../src/app/ports.js';
import { createTranslator } from '../../../src/i18n/translator.js';
import { ZaloBotApi } from '../../../src/zalo/api.js';
import { ZaloChannel } from '../../../src/zalo/channel.js';
import { FakeZalo } from '../../helpers/fake-zalo.js';

/** The Zalo channel adapter against the fake Bot API over loopback HTTP. */
const fake = new FakeZalo({ limits: false });
const translate = createTranslator();
let channel: ZaloChannel;
const TO = 'e4ea2cd5189df1c3a88c';

async function failure(call: Promise<unknown>): Promise<DeliveryError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error('send did not fail');
}

function reminder(text: string, extra: Partial<ChannelMessage> = {}): ChannelMessage {
  return { to: TO, text, class: 'reminder', ref: 'r77', ...extra } as ChannelMessage;
}

beforeAll(async () => {
  await fake.start();
  channel = new ZaloChannel(new ZaloBotApi({ token: fake.token, apiRoot: fake.apiRoot, timeoutMs: 3000 }), {
    translate,
    dueItemOf: async (reminderId) => (reminderId === 77 ? 4321 : null),
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.setLimits(false);
});

describe('ZaloChannel', () => {
  it('sends a reminder with the reply commands of its item and the one-tap links instead of the button hint', async () => {
    const hint = translate('vi', 'reply-hint');
    const sent = await channel.send(
      reminder(`🔔 NHẮC VIỆC — Sở A\nNhiệm vụ 1: Rà soát TTHC\n${hint}`, {
        links: { done: 'https://nv.example/t/d1', extend: 'https://nv.example/t/e1', details: 'https://nv.example/t/i1' },
      }),
    );
    const [message] = fake.sentMessages(TO).slice(-1);
    expect(sent.messageId).toBe(message!.message_id);
    expect(message!.text).not.toContain(hint);
    expect(message!.text).toContain('xong 4321 <số, ngày văn bản>');
    expect(message!.text).toContain('giahan 4321 <ngày đề nghị> <lý do>');
    expect(message!.text).toContain('https://nv.example/t/d1');
  });

  it('sends digests and notices as they are, without commands', async () => {
    await channel.send({ to: TO, text: 'Báo cáo tuần', class: 'digest', photo: { png: new Uint8Array([1]), fileName: 'x.png' } });
    expect(fake.sentMessages(TO).slice(-1)[0]!.text).toBe('Báo cáo tuần');
  });

  it('splits a long text into messages of at most 2 000 characters; the first id is the message id', async () => {
    const before = fake.sentMessages(TO).length;
    const text = Array.from({ length: 60 }, (_, i) => `Dòng ${i}: ${'nội dung '.repeat(10).trim()}`).join('\n');
    const sent = await channel.send({ to: TO, text, class: 'notice' });
    const parts = fake.sentMessages(TO).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.text!.length).toBeLessThanOrEqual(2000);
    expect(sent.messageId).toBe(parts[0]!.message_id);
    expect(parts.map((m) => m.text).join('\n')).toBe(text);
  });

  it('a 429 is rate_limited with retry_after and nothing sent (the pipeline reschedules)', async () => {
    fake.setLimits({ chatMax: 1, chatWindowMs: 30_000 });
    await channel.send({ to: 'chat-429', text: 'một', class: 'notice' });
    const error = await failure(channel.send({ to: 'chat-429', text: 'hai', class: 'notice' }));
    expect(error.failure).toEqual({ kind: 'rate_limited', retryAfterS: 30 });
    expect(fake.sentMessages('chat-429').map((m) => m.text)).toEqual(['một']);
  });

  it('blocked and not-found addresses are reported for the router to fall back', async () => {
    fake.failFor('chat-blocked', 'blocked');
    expect((await failure(channel.send({ to: 'chat-blocked', text: 'x', class: 'reminder' }))).failure.kind).toBe('blocked');
    fake.failFor('chat-gone', 'chat_not_found');
    expect((await failure(channel.send({ to: 'chat-gone', text: 'x', class: 'reminder' }))).failure.kind).toBe('chat_not_found');
  });

  it('a failure after the first part went out is unknown (never resent blindly)', async () => {
    const text = `${'a'.repeat(1990)}\n${'b'.repeat(100)}`;
    fake.failNext(1, 'blocked'); // the first part fails: nothing went out
    expect((await failure(channel.send({ to: 'chat-parts', text, class: 'notice' }))).failure.kind).toBe('blocked');
    expect(fake.sentMessages('chat-parts')).toHaveLength(0);
    // The second request fails with a 5xx after the first part was accepted.
    let calls = 0;
    const api = new ZaloBotApi({
      token: fake.token,
      apiRoot: fake.apiRoot,
      fetch: async (input, init) => {
        calls += 1;
        if (calls === 2) fake.failNext(1, '5xx');
        return fetch(input, init);
      },
    });
    const error = await failure(new ZaloChannel(api, { translate }).send({ to: 'chat-parts', text, class: 'notice' }));
    expect(error.failure.kind).toBe('unknown');
    expect(fake.sentMessages('chat-parts').map((m) => m.text)).toEqual(['a'.repeat(1990)]);
  });

  it('a send unanswered within its budget is unknown', async () => {
    fake.failNext(1, { kind: 'timeout', deliver: true });
    const error = await failure(channel.send({ to: 'chat-slow', text: 'x', class: 'reminder' }, { budgetMs: 300 }));
    expect(error.failure.kind).toBe('unknown');
  });

  it('paces one person at one message per second, others independently', () => {
    const pacing = new ZaloChannel(new ZaloBotApi({ token: 't', apiRoot: fake.apiRoot }), { translate });
    const now = new Date('2024-03-11T01:00:00Z');
    expect(pacing.pace('u1', now)).toBe(0);
    expect(pacing.pace('u1', now)).toBe(1000);
    expect(pacing.pace('u1', now)).toBe(2000);
    expect(pacing.pace('u2', now)).toBe(0);
    expect(pacing.validAddress(TO)).toBe(true);
    expect(pacing.validAddress('a b')).toBe(false);
  });
});
