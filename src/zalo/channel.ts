/**
 * Zalo as a channel (src/app/channels/port.ts). Zalo has no buttons and no edits, so a reminder goes out as text
 * with the reply commands for its item (`xong <id> …`, `giahan <id> …`) and, when the router gives them, the signed
 * one-tap links; a long text goes as several messages of at most 2 000 characters. Pictures are not sent: Zalo's
 * `sendPhoto` takes a public URL, which digests' charts do not have (README §2).
 */
import type { ChannelAdapter, ChannelMessage, ChannelSent } from '../app/channels/port.js';
import { DeliveryError, type DeliveryFailure, type SendOptions } from '../app/ports.js';
import type { Translate } from '../i18n/translator.js';
import type { ZaloBotApi } from './api.js';
import { classifyZaloError } from './classify-error.js';
import { splitZaloText } from './split.js';

export interface ZaloChannelOptions {
  translate: Translate;
  /**
   * The due item a reminder row is about, from the message's `ref` (`r<reminder id>`), so the reply commands can
   * name it. Absent or null: the commands are not listed.
   */
  dueItemOf?: (reminderId: number) => Promise<number | null>;
  /** Minimum milliseconds between two sends to one person. Default 1000. */
  perChatIntervalMs?: number;
}

export class ZaloChannel implements ChannelAdapter {
  readonly kind = 'zalo' as const;
  readonly #next = new Map<string, number>();

  constructor(
    private readonly api: ZaloBotApi,
    private readonly options: ZaloChannelOptions,
  ) {}

  async send(message: ChannelMessage, options: SendOptions = {}): Promise<ChannelSent> {
    const text = await this.render(message);
    const signal = options.budgetMs === undefined ? undefined : AbortSignal.timeout(Math.max(0, Math.floor(options.budgetMs)));
    const parts = splitZaloText(text);
    let first: string | undefined;
    for (const [i, part] of parts.entries()) {
      try {
        const sent = await this.api.sendMessage(message.to, part, signal === undefined ? {} : { signal });
        first ??= sent.message_id;
      } catch (error) {
        if (i === 0) throw new DeliveryError(classifyZaloError(error), { cause: error });
        // Part of the text reached the person: the outcome is uncertain, never resent blindly.
        const failure = classifyZaloError(error);
        throw new DeliveryError({ kind: 'unknown', reason: `part ${i + 1} of ${parts.length} failed after the first went out (${failure.kind})` }, { cause: error });
      }
    }
    if (first === undefined) throw new DeliveryError({ kind: 'permanent', reason: 'empty message' });
    return { messageId: first };
  }

  /** Zalo edits nothing and quotes nothing: a follow-up is a new message. */
  followUp(to: string, _messageId: string, text: string, options?: SendOptions): Promise<ChannelSent> {
    return this.send({ to, text, class: 'notice' }, options);
  }

  classify(error: unknown): DeliveryFailure {
    return classifyZaloError(error);
  }

  /** Per-person spacing in this process (Zalo publishes no limit, README §2). */
  pace(to: string, now: Date): number {
    const t = now.getTime();
    const slot = Math.max(this.#next.get(to) ?? 0, t);
    this.#next.set(to, slot + (this.options.perChatIntervalMs ?? 1000));
    if (this.#next.size > 10_000) for (const [k, v] of this.#next) if (v <= t) this.#next.delete(k);
    return slot - t;
  }

  /** Zalo user ids are opaque strings of letters, digits and dots. */
  validAddress(to: string): boolean {
    return /^[A-Za-z0-9._-]{4,64}$/.test(to);
  }

  /** The text as it goes to Zalo: the button hint replaced by the reply commands and the one-tap links. */
  async render(message: ChannelMessage): Promise<string> {
    const t = (key: string, args?: Record<string, string | number>) => this.options.translate(message.locale ?? 'vi', key, args);
    if (message.class !== 'reminder') return message.text;
    const hint = t('reply-hint');
    const lines = message.text.split('\n').filter((l) => l.trim() !== hint);
    // `ref` (`r<reminder id>`) names the reminder row being sent.
    const reminderId = /^r(\d+)$/.exec(message.ref ?? '')?.[1];
    const itemId = reminderId === undefined || this.options.dueItemOf === undefined ? null : await this.options.dueItemOf(Number(reminderId));
    const extra: string[] = [];
    if (itemId !== null) extra.push(t('zalo-reminder-commands', { id: String(itemId) }));
    if (message.links) extra.push(t('zalo-reminder-links', { done: message.links.done, extend: message.links.extend, details: message.links.details }));
    return [lines.join('\n').trimEnd(), ...extra].join('\n\n');
  }
}
