/**
 * The channel router: the reminder pipeline's `Notifier` when more than one channel is configured. It resolves a
 * row's recipient key to the person's channels in preference order (src/app/channels/port.ts), sends on the first
 * usable one whose adapter is configured, and, when that channel turns out blocked or unknown (Telegram 403, a
 * bounced or refused address), marks it unreachable and carries the message on the next one at once — with an
 * audit row `channel.fallback`. Recipients without channels of their own (groups, people who never got another
 * channel) go through the plain notifier exactly as before.
 *
 * Guarantees are the pipeline's (src/app/reminders/README.md): the router runs inside one claimed send, so a row
 * is still sent at least once, and any outcome but "sent" or "unreachable" (rate limits, unknown outcomes) is
 * handed back to the pipeline unchanged.
 */
import type { Clock } from '../../domain/clock.js';
import type { Logger } from '../../infra/logger.js';
import { DeliveryError, type DeliveryFailure, type Notifier, type OutgoingMessage, type SendOptions, type SentMessage } from '../ports.js';
import type { ChannelAdapter, ChannelAdapters, ChannelMessage, ChannelStore, MessageClass, OneTapLinks, PersonChannel } from './port.js';

/** Failures that make a channel unreachable for good: the router falls back. */
export const UNREACHABLE_KINDS: readonly DeliveryFailure['kind'][] = ['blocked', 'chat_not_found', 'chat_migrated'];

export interface ChannelRouterDeps {
  store: ChannelStore;
  adapters: ChannelAdapters;
  /** Plain Telegram chats (and Telegram channels when no Telegram adapter is configured: the outbox). */
  plain: Notifier;
  clock: Clock;
  logger: Logger;
  /** Signed one-tap links for a reminder's item (channels without buttons); none when absent. */
  links?: (args: { dueItemId: number; personId: number; reminderId: number }) => OneTapLinks;
  /** A digest's unsubscribe link for a person (e-mail `List-Unsubscribe`); none when absent. */
  unsubscribeUrl?: (personId: number) => string;
  /** Pacing waits longer than this give the row back (`rate_limited`). Default 2000 ms. */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function messageClassOf(kind: string | undefined): MessageClass {
  if (kind === 'digest') return 'digest';
  if (kind === 'notice') return 'notice';
  return 'reminder';
}

export class ChannelRouter implements Notifier {
  readonly kind = 'telegram' as const;
  readonly #d: ChannelRouterDeps;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(deps: ChannelRouterDeps) {
    this.#d = deps;
    this.#sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async send(message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> {
    const resolved = await this.#d.store.resolve(message.chatId);
    if (resolved.kind === 'chat') return this.#d.plain.send(message, options);
    const minRank = message.routing?.minRank ?? Number.NEGATIVE_INFINITY;
    const candidates = resolved.channels.filter((c) => c.usable && c.rank >= minRank && this.#configured(c));
    if (candidates.length === 0) {
      throw new DeliveryError({ kind: 'blocked', reason: `no usable channel for person ${resolved.personId}` });
    }
    let failedFrom: { channel: PersonChannel; reason: string } | null = null;
    let last: DeliveryError | null = null;
    for (const channel of candidates) {
      try {
        const sent = await this.#sendOn(channel, resolved.personId, message, options);
        const now = this.#d.clock.now();
        await this.#d.store.markOk(channel, now);
        if (message.routing) await this.#d.store.recordDelivery({ reminderId: message.routing.reminderId, channel, messageId: sent.messageId, at: now });
        if (failedFrom) {
          await this.#d.store.recordFallback({
            reminderId: message.routing?.reminderId ?? null,
            personId: resolved.personId,
            from: failedFrom.channel,
            to: channel,
            reason: failedFrom.reason,
            at: now,
          });
        }
        // Only Telegram's message ids find a reminder from a button press or a reply.
        return { messageId: sent.telegramMessageId ?? 0 };
      } catch (err) {
        const error = err instanceof DeliveryError ? err : new DeliveryError({ kind: 'unknown', reason: String((err as Error)?.message ?? err) }, { cause: err });
        if (!UNREACHABLE_KINDS.includes(error.failure.kind)) throw error;
        const reason = 'reason' in error.failure ? `${error.failure.kind}: ${error.failure.reason}` : error.failure.kind;
        await this.#d.store.markUnreachable(channel, error.failure.kind, this.#d.clock.now());
        this.#d.logger.warn('channel unreachable; falling back to the next one', { personId: resolved.personId, channel: channel.kind, reason });
        failedFrom ??= { channel, reason };
        last = error;
      }
    }
    throw last!;
  }

  #configured(channel: PersonChannel): boolean {
    return channel.kind === 'telegram' || this.#d.adapters[channel.kind] !== undefined;
  }

  async #sendOn(channel: PersonChannel, personId: number, message: OutgoingMessage, options: SendOptions): Promise<{ messageId: string; telegramMessageId?: number }> {
    const adapter: ChannelAdapter | undefined = this.#d.adapters[channel.kind];
    if (!adapter) {
      // Telegram without a token: the outbox, as for every other chat.
      const sent = await this.#d.plain.send({ ...message, chatId: channel.address }, options);
      return { messageId: String(sent.messageId), telegramMessageId: sent.messageId };
    }
    const wait = adapter.pace ? await adapter.pace(channel.address, this.#d.clock.now()) : 0;
    if (wait > (this.#d.maxInlineWaitMs ?? 2000)) throw new DeliveryError({ kind: 'rate_limited', retryAfterS: Math.ceil(wait / 1000) });
    if (wait > 0) await this.#sleep(wait);
    const routing = message.routing;
    const cls = messageClassOf(routing?.kind);
    const links =
      channel.kind !== 'telegram' && this.#d.links && routing && routing.dueItemId !== null && cls === 'reminder'
        ? this.#d.links({ dueItemId: routing.dueItemId, personId, reminderId: routing.reminderId })
        : undefined;
    const out: ChannelMessage = {
      to: channel.address,
      ...(routing ? { ref: `r${routing.reminderId}` } : {}),
      text: message.text,
      class: cls,
      ...(routing?.subject ? { subject: routing.subject } : {}),
      ...(message.buttons && channel.kind === 'telegram' ? { buttons: message.buttons } : {}),
      ...(links ? { links } : {}),
      ...(message.photo ? { photo: message.photo } : {}),
      ...(cls === 'digest' && this.#d.unsubscribeUrl ? { unsubscribeUrl: this.#d.unsubscribeUrl(personId) } : {}),
    };
    return adapter.send(out, options);
  }
}
