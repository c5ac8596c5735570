/**
 * Bounce intake (issue #15 §3): an inbound SMTP listener (the `smtp-server` package) for the address e-mails
 * bounce to (`MAIL_BOUNCE_ADDRESS`; the agency's mail server forwards it here). Each message is decoded with
 * `mailparser` and, when it is a delivery status notification (`multipart/report; report-type=delivery-status`,
 * RFC 3464 — or its RFC 6533 `message/global-delivery-status` form), handed to the use case
 * (src/app/channels/bounce.ts) as a {@link BounceReport}. Anything else is accepted and dropped (a reply, an
 * auto-responder: nothing to record).
 *
 * Durability: the listener answers 250 only after the report is recorded; a database failure answers 451, so
 * the forwarding server keeps the DSN and tries again later. Recording the same DSN twice changes nothing more.
 *
 * Transport security. No AUTH: bind it to loopback or the relay's private network (`BOUNCE_SMTP_HOST`), and
 * optionally name the client networks it accepts (`BOUNCE_SMTP_ALLOW`: any other client gets `554 5.7.1` at
 * connect, before the greeting). With a key and certificate (`BOUNCE_SMTP_TLS_KEY`, `BOUNCE_SMTP_TLS_CERT`) it offers
 * STARTTLS (RFC 3207); plain SMTP stays accepted, as relays use STARTTLS opportunistically. Without them STARTTLS is
 * not offered. A message is at most 1 MiB; a DSN is a few kilobytes (the returned message is usually its headers only).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parseDeliveryStatus, reminderIdOfMessageId, reminderIdOfVerp, type BounceOutcome, type BounceReport } from '../app/channels/bounce.js';
import { createAddressMatcher, type Cidr } from '../infra/cidr.js';
import type { Logger } from '../infra/logger.js';

const STATUS_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_TYPES = new Set(['text/rfc822-headers', 'message/rfc822', 'message/global-headers', 'message/global']);
const MAX_BYTES = 1024 * 1024;

/**
 * The DSN in a raw message, or null when it is not one. `envelopeTo`: the SMTP recipients the message came for
 * (a VERP address names the reminder); `bounceAddress`: MAIL_BOUNCE_ADDRESS.
 */
export async function parseBounce(raw: Buffer | string, ctx: { envelopeTo: readonly string[]; bounceAddress?: string }): Promise<BounceReport | null> {
  const parsed: ParsedMail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const status = parsed.attachments.find((a) => STATUS_TYPES.has(a.contentType.toLowerCase()));
  if (!status) return null;
  const fields = parseDeliveryStatus(status.content.toString('utf8'));
  if (fields.recipients.length === 0) return null;
  const ids: number[] = [];
  const add = (id: number | null) => {
    if (id !== null && !ids.includes(id)) ids.push(id);
  };
  if (ctx.bounceAddress) for (const to of ctx.envelopeTo) add(reminderIdOfVerp(ctx.bounceAddress, to));
  for (const returned of parsed.attachments.filter((a) => RETURNED_TYPES.has(a.contentType.toLowerCase()))) {
    // The returned message or its headers: our Message-ID, or a References/In-Reply-To naming it.
    const head = returned.content.toString('utf8').split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    for (const line of head.split(/\r?\n/)) {
      const m = /^(message-id|references|in-reply-to)\s*:\s*(.*)$/i.exec(line);
      if (!m) continue;
      for (const id of m[2]!.match(/<[^>]+>/g) ?? []) add(reminderIdOfMessageId(id));
    }
  }
  return { reminderIds: ids, recipients: fields.recipients, ...(fields.reportingMta ? { reportingMta: fields.reportingMta } : {}) };
}

export interface BounceServerOptions {
  host: string;
  port: number;
  bounceAddress?: string;
  /** Records one report (src/app/channels/bounce.ts `recordBounce`); a throw makes the sender retry later. */
  record: (report: BounceReport) => Promise<BounceOutcome[]>;
  logger: Logger;
  /** PEM key and certificate: STARTTLS is offered. Absent: not offered (plain SMTP only). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Client networks accepted; others are refused with 554 at connect. Absent: any client. */
  allow?: readonly Cidr[];
}

export interface BounceServer {
  /** The port it listens on (the given one, or the one picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export async function startBounceServer(options: BounceServerOptions): Promise<BounceServer> {
  const { logger } = options;
  const allowed = options.allow ? createAddressMatcher(options.allow) : undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['STARTTLS', 'AUTH'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    size: MAX_BYTES,
    banner: 'nhacviec bounce intake',
    // The client's name is only logged; a reverse lookup would delay every greeting on a private network.
    disableReverseLookup: true,
    onConnect(session, callback) {
      if (allowed === undefined || allowed(session.remoteAddress)) return callback();
      logger.warn('bounce intake: client refused (not in BOUNCE_SMTP_ALLOW)', { address: session.remoteAddress });
      callback(Object.assign(new Error('5.7.1 Client host not allowed to send bounces here'), { responseCode: 554 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error('5.3.4 Message too big for a delivery status notification'), { responseCode: 552 }));
          return;
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        parseBounce(Buffer.concat(chunks), { envelopeTo, ...(options.bounceAddress ? { bounceAddress: options.bounceAddress } : {}) })
          .then(async (report) => {
            if (!report) {
              logger.info('bounce intake: not a delivery status notification; dropped', { to: envelopeTo });
              return;
            }
            const outcomes = await options.record(report);
            logger.info('bounce intake: DSN recorded', { outcomes });
          })
          .then(
            () => callback(),
            (err: unknown) => {
              logger.warn('bounce intake: could not record a DSN; the sender will retry', { err });
              callback(Object.assign(new Error('4.3.0 Could not record the report now, try again later'), { responseCode: 451 }));
            },
          );
      });
    },
  });
  server.on('error', (err) => logger.warn('bounce intake: SMTP error', { err }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
