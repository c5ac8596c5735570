/**
 * The channel router over fake adapters and an in-memory channel store: preference order, fallback on an
 * unreachable channel (with the audit call), other failures handed back unchanged, plain chats untouched.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelAdapter, ChannelMessage, ChannelStore, PersonChannel, ResolvedRecipient } from '../../../src/app/channels/port.js';
import { ChannelRouter } from '../../../src/app/channels/router.js';
import { DeliveryError, type DeliveryFailure, type OutgoingMessage } from '../../../src/app/ports.js';
import { ManualClock } from '../../../src/domain/clock.js';
import { silentLogger } from '../../../src/infra/logger.js';

function channel(kind: PersonChannel['kind'], address: string, rank: number, usable = true): PersonChannel {
  return { id: rank, personId: 5, kind, address, rank, usable, inactiveReason: null, lastOkAt: null, lastFailedAt: null, lastError: null };
}

class FakeAdapter implements ChannelAdapter {
  sent: ChannelMessage[] = [];
  constructor(
    readonly kind: ChannelAdapter['kind'],
    private readonly fail?: DeliveryFailure,
  ) {}
  async send(m: ChannelMessage) {
    if (this.fail) throw new DeliveryError(this.fail);
    this.sent.push(m);
    return { messageId: `${this.kind}-${this.sent.length}`, ...(this.kind === 'telegram' ? { telegramMessageId: 77 } : {}) };
  }
  classify(): DeliveryFailure {
    return { kind: 'unknown', reason: '?' };
  }
}

function setUp(resolved: ResolvedRecipient, adapters: Partial<Record<PersonChannel['kind'], FakeAdapter>>) {
  const log: string[] = [];
  const store: ChannelStore = {
    resolve: async () => resolved,
    markOk: async (c) => void log.push(`ok ${c.kind}`),
    markUnreachable: async (c, reason) => void log.push(`unreachable ${c.kind} ${reason}`),
    recordFallback: async (a) => void log.push(`fallback ${a.from.kind}->${a.to.kind} r${a.reminderId}`),
    recordDelivery: async (a) => void log.push(`delivery r${a.reminderId} ${a.channel.kind}`),
  };
  const plainSent: OutgoingMessage[] = [];
  const router = new ChannelRouter({
    store,
    adapters,
    plain: { kind: 'recording', send: async (m) => (plainSent.push(m), { messageId: 1 }) },
    clock: new ManualClock('2026-03-02T01:00:00Z'),
    logger: silentLogger,
    links: ({ dueItemId, personId, reminderId }) => ({ done: `d${dueItemId}.${personId}.${reminderId}`, extend: 'e', details: 'x' }),
  });
  return { router, log, plainSent };
}

const msg: OutgoingMessage = { chatId: '100', text: 'Nhắc', buttons: [[{ text: '✅', callbackData: 'tok' }]], routing: { reminderId: 9, kind: 'reminder', dueItemId: 3, subject: 'S' } };

describe('ChannelRouter', () => {
  it('sends a plain chat (no channels of its own) through the plain notifier, unchanged', async () => {
    const { router, plainSent } = setUp({ kind: 'chat', chatId: '100' }, {});
    expect(await router.send(msg)).toEqual({ messageId: 1 });
    expect(plainSent).toEqual([msg]);
  });

  it('uses the first usable channel: Telegram with its buttons, the Telegram message id returned', async () => {
    const tg = new FakeAdapter('telegram');
    const mail = new FakeAdapter('email');
    const { router, log } = setUp({ kind: 'person', personId: 5, locale: 'vi', channels: [channel('telegram', '100', 0), channel('email', 'a@b.vn', 10)] }, { telegram: tg, email: mail });
    expect(await router.send(msg)).toEqual({ messageId: 77 });
    expect(tg.sent[0]).toMatchObject({ to: '100', buttons: msg.buttons, ref: 'r9' });
    expect(tg.sent[0]!.links).toBeUndefined();
    expect(mail.sent).toHaveLength(0);
    expect(log).toEqual(['ok telegram', 'delivery r9 telegram']);
  });

  it('falls back past a blocked channel at once, with one-tap links instead of buttons, and records it', async () => {
    const tg = new FakeAdapter('telegram', { kind: 'blocked', reason: '403: bot was blocked by the user' });
    const mail = new FakeAdapter('email');
    const { router, log } = setUp({ kind: 'person', personId: 5, locale: 'vi', channels: [channel('telegram', '100', 0), channel('email', 'a@b.vn', 10)] }, { telegram: tg, email: mail });
    expect(await router.send(msg)).toEqual({ messageId: 0 });
    expect(mail.sent[0]).toMatchObject({ to: 'a@b.vn', subject: 'S', class: 'reminder', links: { done: 'd3.5.9' } });
    expect(mail.sent[0]!.buttons).toBeUndefined();
    expect(log).toEqual(['unreachable telegram blocked', 'ok email', 'delivery r9 email', 'fallback telegram->email r9']);
  });

  it('hands other failures back unchanged (no fallback on a rate limit or an unknown outcome)', async () => {
    for (const failure of [{ kind: 'rate_limited', retryAfterS: 3 }, { kind: 'unknown', reason: 'timeout' }] as DeliveryFailure[]) {
      const mail = new FakeAdapter('email');
      const { router, log } = setUp({ kind: 'person', personId: 5, locale: 'vi', channels: [channel('telegram', '100', 0), channel('email', 'a@b.vn', 10)] }, { telegram: new FakeAdapter('telegram', failure), email: mail });
      await expect(router.send(msg)).rejects.toMatchObject({ failure });
      expect(mail.sent).toHaveLength(0);
      expect(log).toEqual([]);
    }
  });

  it('skips unusable channels, channels below the row’s rank and kinds without an adapter; fails blocked when none is left', async () => {
    const mail = new FakeAdapter('email');
    const channels = [channel('telegram', '100', 0), channel('zalo', 'z1', 5), channel('email', 'a@b.vn', 10, false), channel('email', 'c@d.vn', 20)];
    const { router } = setUp({ kind: 'person', personId: 5, locale: 'vi', channels }, { telegram: new FakeAdapter('telegram'), email: mail });
    await router.send({ ...msg, routing: { ...msg.routing!, minRank: 1 } });
    expect(mail.sent.map((m) => m.to)).toEqual(['c@d.vn']);
    const none = setUp({ kind: 'person', personId: 5, locale: 'vi', channels: [channel('email', 'a@b.vn', 10, false)] }, { email: mail });
    await expect(none.router.send(msg)).rejects.toMatchObject({ failure: { kind: 'blocked' } });
  });

  it('throws the last unreachable failure when every channel is unreachable', async () => {
    const { router, log } = setUp(
      { kind: 'person', personId: 5, locale: 'vi', channels: [channel('telegram', '100', 0), channel('email', 'a@b.vn', 10)] },
      { telegram: new FakeAdapter('telegram', { kind: 'blocked', reason: 'x' }), email: new FakeAdapter('email', { kind: 'chat_not_found', reason: '550' }) },
    );
    await expect(router.send(msg)).rejects.toMatchObject({ failure: { kind: 'chat_not_found' } });
    expect(log).toEqual(['unreachable telegram blocked', 'unreachable email chat_not_found']);
  });
});
