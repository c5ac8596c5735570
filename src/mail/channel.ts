/**
 * Official e-mail as a channel (issue #15 §3): nodemailer over SMTP (`SMTP_URL`, `MAIL_FROM`).
 *
 * - Subject: Vietnamese first, with the task label and due date (the pipeline composes it, src/app/channels/subject.ts).
 * - A plain-text and an HTML body; the digest's chart inline (`cid:`), never as a loose attachment.
 * - Signed one-tap links (✅ done, ⏳ extension, 📄 details) to the web console instead of Telegram's buttons.
 * - `List-Unsubscribe` (and one-click `List-Unsubscribe-Post`) on digests only, never on the reminders a unit owes.
 * - Message-ID derived from the reminder row (`ref`): a resent possible duplicate carries the same id.
 * - Per-domain pacing (`SMTP_DOMAIN_INTERVAL_MS`): one message per interval to each recipient domain.
 * - With `MAIL_BOUNCE_ADDRESS`, the envelope sender is VERP-encoded per reminder; bounces that come back later
 *   (DSNs) are taken by src/mail/bounce.ts.
 * - SMTP answers are classified into the pipeline's failure kinds ({@link classifySmtpError}); an address the
 *   server refuses (550 5.1.1 …) is `chat_not_found`, so the router marks it unreachable (bounced) and falls back.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ChannelAdapter, ChannelMessage, ChannelSent } from '../app/channels/port.js';
import { KeyedPacer } from '../app/channels/pacer.js';
import { isEmailAddress, mailDomain } from '../app/channels/address.js';
import { verpAddress } from '../app/channels/bounce.js';
import { DeliveryError, type DeliveryFailure, type SendOptions } from '../app/ports.js';
import type { Translate } from '../i18n/translator.js';

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** The From address, e.g. `"Nhắc việc" <nhacviec@snv.nghean.gov.vn>`. */
  from: string;
  /** Minimum spacing between two messages to one recipient domain. */
  domainIntervalMs: number;
}

export interface MailChannelOptions {
  from: string;
  t: Translate;
  domainIntervalMs?: number;
  /** The longest wait for the server to take one message. Default 20 s. */
  timeoutMs?: number;
  /**
   * MAIL_BOUNCE_ADDRESS: the envelope sender, VERP-encoded per reminder (`bounces+r123@…`), so an asynchronous
   * bounce names the reminder it is about (src/mail/bounce.ts). Unset: nodemailer takes the From address.
   */
  bounceAddress?: string;
}

/**
 * A pooled transport for `config.url` (a few kept-alive connections instead of one per message), with timeouts
 * that bound a send.
 */
export function createMailTransport(url: string): Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport(url, {
    pool: true,
    maxConnections: 4,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as SMTPTransport.Options);
}

export { isEmailAddress, mailDomain };

export class MailChannel implements ChannelAdapter {
  readonly kind = 'email' as const;
  readonly #pacer: KeyedPacer;
  readonly #fromDomain: string;

  constructor(
    private readonly transport: Pick<Transporter<SMTPTransport.SentMessageInfo>, 'sendMail'> & { close?(): void },
    private readonly options: MailChannelOptions,
  ) {
    this.#pacer = new KeyedPacer(options.domainIntervalMs ?? 0);
    const m = /@([^>\s]+)>?\s*$/.exec(options.from);
    this.#fromDomain = m?.[1] ?? 'nhacviec.invalid';
  }

  close(): void {
    this.transport.close?.();
  }

  pace(to: string, now: Date): number {
    return this.#pacer.reserve(mailDomain(to), now);
  }

  validAddress(to: string): boolean {
    return isEmailAddress(to);
  }

  classify(error: unknown): DeliveryFailure {
    return classifySmtpError(error);
  }

  async send(message: ChannelMessage, options: SendOptions = {}): Promise<ChannelSent> {
    const built = composeMail(message, { t: this.options.t, fromDomain: this.#fromDomain });
    const timeoutMs = Math.min(options.budgetMs ?? Infinity, this.options.timeoutMs ?? 20_000);
    let timer: NodeJS.Timeout | undefined;
    try {
      const info = await Promise.race([
        this.transport.sendMail({
          from: this.options.from,
          to: message.to,
          ...built,
          ...(this.options.bounceAddress ? { envelope: { from: message.ref ? verpAddress(this.options.bounceAddress, message.ref) : this.options.bounceAddress, to: message.to } } : {}),
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(Object.assign(new Error(`no answer from the SMTP server within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
        }),
      ]);
      if (info.rejected.length > 0) {
        throw Object.assign(new Error(`recipient refused: ${String(info.rejected[0])}`), { responseCode: 550, command: 'RCPT TO', response: info.response });
      }
      return { messageId: info.messageId ?? built.messageId ?? '', response: info.response };
    } catch (err) {
      throw new DeliveryError(classifySmtpError(err), { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What `sendMail` gets, but the envelope: pure (tests read it). */
export function composeMail(message: ChannelMessage, ctx: { t: Translate; fromDomain: string }) {
  const L = message.locale ?? 'vi';
  const subject = message.subject ?? firstLine(message.text);
  const linkLines = message.links
    ? [
        '',
        `${ctx.t(L, 'mail-link-done')}: ${message.links.done}`,
        `${ctx.t(L, 'mail-link-extend')}: ${message.links.extend}`,
        `${ctx.t(L, 'mail-link-details')}: ${message.links.details}`,
      ]
    : [];
  const footer = ['', '—', ctx.t(L, message.class === 'digest' ? 'mail-footer-digest' : 'mail-footer-reminder')];
  const text = [message.text, ...linkLines, ...footer].join('\n');
  const cid = 'bieu-do@nhacviec';
  const htmlParts = [
    `<!DOCTYPE html><html lang="${L}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.5">`,
    message.photo ? `<p><img src="cid:${cid}" alt="${escapeHtml(ctx.t(L, 'mail-chart-alt'))}" style="max-width:100%"></p>` : '',
    `<div>${escapeHtml(message.text).replace(/\n/g, '<br>\n')}</div>`,
    message.links
      ? `<p>${[
          [message.links.done, ctx.t(L, 'mail-link-done')],
          [message.links.extend, ctx.t(L, 'mail-link-extend')],
          [message.links.details, ctx.t(L, 'mail-link-details')],
        ]
          .map(([href, label]) => `<a href="${escapeHtml(href!)}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;border:1px solid #1d4ed8;border-radius:4px;color:#1d4ed8;text-decoration:none">${escapeHtml(label!)}</a>`)
          .join('')}</p>`
      : '',
    `<p style="color:#555;font-size:13px">${escapeHtml(footer[2]!)}</p>`,
    '</body></html>',
  ];
  const unsubscribe = message.class === 'digest' && message.unsubscribeUrl ? message.unsubscribeUrl : undefined;
  const messageId = message.ref ? `<nhacviec-${message.ref}@${ctx.fromDomain}>` : undefined;
  return {
    subject,
    text,
    html: htmlParts.join('\n'),
    ...(messageId ? { messageId } : {}),
    ...(message.photo ? { attachments: [{ filename: message.photo.fileName, content: Buffer.from(message.photo.png), contentType: 'image/png', cid }] } : {}),
    ...(unsubscribe ? { list: { unsubscribe: { url: unsubscribe, comment: 'Unsubscribe' } }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
  };
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'Nhắc việc';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Socket codes raised before any byte of the message reached the server. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Maps a nodemailer error to a delivery outcome. Pure.
 * - 5xx to RCPT TO: 550/551/553 (and 5.1.x) → `chat_not_found` (no such mailbox: a bounce); other 5xx to RCPT → `blocked`;
 * - 4xx (greylisting, too many connections, mailbox busy) → `rate_limited` (nothing was taken; retry in a minute);
 * - connection refused / DNS failure → `not_sent`;
 * - a timeout or a dropped connection once the message was under way → `unknown`;
 * - anything else (authentication, 5xx to the message itself) → `permanent`.
 */
export function classifySmtpError(error: unknown): DeliveryFailure {
  const e = (error ?? {}) as { responseCode?: number; command?: string; code?: string; response?: string; message?: string; errno?: string; cause?: unknown };
  const reason = `${e.responseCode ?? e.code ?? 'error'}: ${e.response ?? e.message ?? String(error)}`.slice(0, 300);
  const code = e.responseCode;
  if (typeof code === 'number') {
    if (code >= 400 && code < 500) return { kind: 'rate_limited', retryAfterS: 60 };
    if (code >= 500) {
      const rcpt = /RCPT/i.test(e.command ?? '') || /recipient/i.test(e.message ?? '');
      if (rcpt && (code === 550 || code === 551 || code === 553 || /5\.1\.\d/.test(e.response ?? ''))) return { kind: 'chat_not_found', reason };
      if (rcpt) return { kind: 'blocked', reason };
      return { kind: 'permanent', reason };
    }
  }
  const sock = socketCode(error);
  if (sock !== undefined && NEVER_CONNECTED.has(sock)) return { kind: 'not_sent', reason };
  if (e.code === 'EAUTH' || e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { kind: 'permanent', reason };
  return { kind: 'unknown', reason };
}

function socketCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const r = current as { code?: unknown; errno?: unknown; cause?: unknown; message?: unknown };
    if (typeof r.code === 'string' && NEVER_CONNECTED.has(r.code)) return r.code;
    if (typeof r.errno === 'string' && NEVER_CONNECTED.has(r.errno)) return r.errno;
    if (typeof r.message === 'string') {
      const m = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.exec(r.message);
      if (m) return m[1];
    }
    current = r.cause;
  }
  return undefined;
}
