/**
 * The channel port: one delivery pipeline, several channels (issue #15). Telegram, Zalo and e-mail adapters
 * implement {@link ChannelAdapter}; the reminder pipeline never talks to one directly. It sends through
 * {@link ChannelRouter} (src/app/channels/router.ts), a `Notifier` that resolves a reminder's recipient to the
 * person's channels in preference order, sends on the first usable one and falls back to the next.
 *
 * ## How an adapter plugs in
 *
 * An adapter is a class in its own folder (src/telegram/channel.ts, src/zalo/channel.ts, src/mail/channel.ts) that
 * implements `ChannelAdapter` for one {@link ChannelKind}. It is constructed by a composition root only (it owns a
 * client: grammY's Api, an HTTP client, a nodemailer transport) and registered in the {@link ChannelAdapters} map
 * given to the router — nothing else needs editing:
 *
 * ```ts
 * // src/channels-wiring.ts (createChannelAdapters) — the one place adapters are built from config
 * const adapters: ChannelAdapters = {
 *   telegram: new TelegramChannel(api),
 *   ...(config.zalo ? { zalo: new ZaloChannel(createZaloApi(config.zalo)) } : {}),
 *   ...(config.mail ? { email: new MailChannel(createMailTransport(config.mail), { from: config.mail.from }) } : {}),
 * };
 * ```
 *
 * A kind missing from the map is "not configured": the router skips channels of that kind (a person's Zalo
 * channel without `ZALO_BOT_TOKEN`), and `nhacviec notify test --channel <kind>` says so.
 *
 * ## Adapter contract
 * - `send` delivers one message and resolves with the channel's message id, or throws a `DeliveryError` whose
 *   failure is one of the existing {@link DeliveryFailure} kinds (`classify` maps the channel's own errors):
 *   - `rate_limited`: refused for now, nothing sent; wait `retryAfterS`;
 *   - `blocked`: the addressee refuses this sender (Telegram 403, a Zalo user who left the bot, an SMTP 5.7.x
 *     policy rejection); nothing sent;
 *   - `chat_not_found`: the address does not exist (unknown chat, unknown Zalo user, SMTP 550 5.1.1 or a bounce);
 *   - `not_sent`: provably never left (connection refused); safe to retry;
 *   - `unknown`: may or may not have gone out (timeout, 5xx of an HTTP API, a dropped SMTP connection after DATA);
 *   - `permanent`: the request itself is wrong; retrying cannot succeed.
 *   `blocked` and `chat_not_found` make the router mark the person's channel unreachable and fall back.
 * - An adapter honours `options.budgetMs` (settle within it, else fail as `unknown`).
 * - An adapter without inline buttons renders `message.links` (signed one-tap links to the web console) instead
 *   of `message.buttons`; e-mail uses `subject`, `html` and the inline chart (`photo`, sent as a cid attachment).
 * - Per-channel rate limits are the adapter's business (`pace`), so a slow channel never holds up another.
 *
 * ## Addresses and recipient keys
 * A reminder row is addressed to a recipient key (`reminders.recipient_chat_id`, a bigint): the Telegram chat id
 * for a person with a private chat (active or not) and for groups, or {@link personRecipientKey} for a person who
 * has no Telegram chat but other channels. Telegram ids have at most 52 significant bits, so keys from
 * {@link PERSON_KEY_BASE} (2^60) up never collide with one. Channel addresses are strings in the channel's terms:
 * a Telegram chat id, a Zalo user id, an e-mail address.
 */
import type { DeliveryFailure, MessageButton, SendOptions } from '../ports.js';

export type { DeliveryFailure, MessageButton, SendOptions };

export const CHANNEL_KINDS = ['telegram', 'zalo', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

/** Signed one-tap links to the web console (src/web/one-tap.tsx): for channels without inline buttons. */
export interface OneTapLinks {
  done: string;
  extend: string;
  details: string;
}

/** What a message is: reminders a unit owes are never unsubscribable; digests are. */
export type MessageClass = 'reminder' | 'digest' | 'notice' | 'test';

export interface ChannelMessage {
  /** The address in the channel's terms (chat id, Zalo user id, e-mail address). */
  to: string;
  /**
   * A stable reference of what is sent (`r<reminder id>`): a resend of the same row carries the same one, so a
   * channel that can (e-mail's Message-ID) lets the recipient's client collapse a flagged duplicate.
   */
  ref?: string;
  text: string;
  class: MessageClass;
  /** E-mail subject (Vietnamese first); other channels ignore it. */
  subject?: string;
  /** Telegram inline buttons. */
  buttons?: MessageButton[][];
  /** One-tap links for channels without buttons. */
  links?: OneTapLinks;
  /** A picture (the digest's chart); e-mail sends it inline (cid). */
  photo?: { png: Uint8Array; fileName: string };
  /** Digests only: where the recipient stops receiving them (e-mail `List-Unsubscribe`). */
  unsubscribeUrl?: string;
  locale?: string;
}

export interface ChannelSent {
  /** The channel's id of the message (Telegram message_id as a decimal string, SMTP Message-ID, Zalo message id). */
  messageId: string;
  /** Telegram's numeric message id, when the channel is Telegram (button presses find their reminder by it). */
  telegramMessageId?: number;
  /** The channel's own answer, for people (the SMTP server's reply line; `notify test` prints it). */
  response?: string;
}

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Sends one message. Throws `DeliveryError` (see the contract above). */
  send(message: ChannelMessage, options?: SendOptions): Promise<ChannelSent>;
  /**
   * A follow-up to an earlier message of this channel (an edit where the channel can, else a reply); optional.
   * `messageId` is what `send` returned.
   */
  followUp?(to: string, messageId: string, text: string, options?: SendOptions): Promise<ChannelSent>;
  /** Maps an error of this channel's client to a delivery outcome. Pure. */
  classify(error: unknown): DeliveryFailure;
  /**
   * The per-channel rate limit: milliseconds to wait before sending to `to` (reserving the slot). Optional:
   * without it the router does not pace (Telegram is paced by the pipeline's chat pacer and send gate).
   */
  pace?(to: string, now: Date): number | Promise<number>;
  /** Whether `to` is a well-formed address for this channel (CLI, web form). */
  validAddress?(to: string): boolean;
}

/** The adapters a composition root built, by kind; a missing kind is not configured. */
export type ChannelAdapters = Partial<Record<ChannelKind, ChannelAdapter>>;

/** One of a person's channels, in preference order (`rank` ascending). */
export interface PersonChannel {
  /** Row id in `person_channels`; null for the implicit Telegram private chat of a person (from `chats`). */
  id: number | null;
  personId: number;
  kind: ChannelKind;
  address: string;
  rank: number;
  /** False once blocked, unknown to the channel or bounced. */
  usable: boolean;
  inactiveReason: string | null;
  lastOkAt: Date | null;
  lastFailedAt: Date | null;
  lastError: string | null;
}

/** A recipient key resolved: the person and their channels, or a plain Telegram chat (groups, people without channels). */
export type ResolvedRecipient =
  | { kind: 'person'; personId: number; locale: string; channels: PersonChannel[] }
  | { kind: 'chat'; chatId: string };

/** Persistence of person channels (src/db/channel-store.ts implements it). */
export interface ChannelStore {
  resolve(recipientKey: string): Promise<ResolvedRecipient>;
  /** A send worked on this channel. */
  markOk(channel: PersonChannel, at: Date): Promise<void>;
  /**
   * The channel is unreachable (blocked, not found, bounced): marked unusable (a Telegram chat: `chats.active`
   * false), with an audit row `channel.unreachable`.
   */
  markUnreachable(channel: PersonChannel, reason: string, at: Date): Promise<void>;
  /** Audit row `channel.fallback`: the reminder went on `to` after `from` failed or was not acknowledged. */
  recordFallback(args: { reminderId: number | null; personId: number; from: PersonChannel; to: PersonChannel; reason: string; at: Date }): Promise<void>;
  /** Records the channel a reminder row went out on (for acknowledgement fallback and `units members`). */
  recordDelivery(args: { reminderId: number; channel: PersonChannel; messageId: string; at: Date }): Promise<void>;
}

/** The synthetic recipient key base for people without a Telegram chat (2^60, beyond any Telegram id). */
export const PERSON_KEY_BASE = 1n << 60n;

export function personRecipientKey(personId: number): string {
  return String(PERSON_KEY_BASE + BigInt(personId));
}

/** The person behind a synthetic key, or null for a Telegram chat id. */
export function personOfRecipientKey(key: string): number | null {
  if (!/^\d+$/.test(key)) return null;
  const n = BigInt(key);
  return n >= PERSON_KEY_BASE ? Number(n - PERSON_KEY_BASE) : null;
}
