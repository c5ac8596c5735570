/**
 * Asynchronous bounces (issue #15 §3, "bounces recorded"): a message the SMTP server took may still fail later, at
 * the recipient's server, which then mails back a delivery status notification (DSN, RFC 3464). The intake (an
 * inbound SMTP listener, src/mail/bounce-server.ts) parses it into a {@link BounceReport}; {@link recordBounce}
 * matches it to the delivery it reports on and, for a permanent failure (`Action: failed`, `Status: 5.x.x`), marks
 * the person's e-mail channel unreachable (`bounced`, audit row `channel.unreachable`) and puts the reminder on
 * the person's next usable channel at once (audit row `channel.fallback`, reason `bounced`). A temporary failure
 * (`4.x.x`, `Action: delayed`) changes nothing: the remote server is still trying.
 *
 * Matching. A DSN names the recipient (`Final-Recipient`) and, in most cases, returns our message's headers, so
 * its `Message-ID` (`<nhacviec-r<reminder id>@…>`, src/mail/channel.ts). With `MAIL_BOUNCE_ADDRESS` set, the
 * envelope sender is VERP-encoded (`bounces+r<id>@…`) and the DSN's envelope recipient names the reminder even
 * when the reporting server returns no headers. Only a delivery that really went to that address on e-mail is
 * touched: a forged or misdirected DSN (an unknown reminder, another address) is audited as `bounce.unmatched`
 * and changes nothing.
 *
 * Pure parsing here; the MIME decoding is the adapter's (mailparser).
 */
import type { Clock } from '../../domain/clock.js';
import type { PendingFallback } from './admin.js';
import type { ChannelStore, PersonChannel } from './port.js';

/** One per-recipient field group of a `message/delivery-status` body (RFC 3464 §2.3). */
export interface DsnRecipient {
  /** The address the report is about (`Final-Recipient`, `rfc822;` type stripped), lower-cased. */
  finalRecipient: string;
  /** `Original-Recipient`, when given (lower-cased). */
  originalRecipient?: string;
  /** `failed`, `delayed`, `delivered`, `relayed` or `expanded` (lower-cased). */
  action: string;
  /** The enhanced status code (RFC 3463), `5.1.1`. */
  status: string;
  /** `Diagnostic-Code`, unfolded, at most 300 characters. */
  diagnostic?: string;
}

export interface BounceReport {
  /** Reminder ids the DSN refers to: from the VERP envelope recipient and the returned Message-ID/References. */
  reminderIds: number[];
  recipients: DsnRecipient[];
  /** `Reporting-MTA`, for the audit row. */
  reportingMta?: string;
}

/**
 * Parses the body of a `message/delivery-status` part: field groups separated by blank lines, the first one
 * per message, the others per recipient; continuation lines (leading white space) are unfolded. Unknown fields
 * are ignored. Pure; never throws (a malformed group without `Final-Recipient` or `Action` is skipped).
 */
export function parseDeliveryStatus(body: string): { reportingMta?: string; recipients: DsnRecipient[] } {
  const groups = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      let last: string | null = null;
      for (const line of block.split('\n')) {
        if (/^[ \t]/.test(line) && last !== null) {
          fields.set(last, `${fields.get(last)!} ${line.trim()}`);
          continue;
        }
        const m = /^([A-Za-z0-9-]+)[ \t]*:[ \t]*(.*)$/.exec(line);
        if (!m) continue;
        last = m[1]!.toLowerCase();
        if (!fields.has(last)) fields.set(last, m[2]!.trim());
      }
      return fields;
    })
    .filter((f) => f.size > 0);
  const out: { reportingMta?: string; recipients: DsnRecipient[] } = { recipients: [] };
  const first = groups[0];
  const mta = first?.get('reporting-mta');
  if (mta) out.reportingMta = stripType(mta).slice(0, 200);
  for (const g of groups) {
    const final = g.get('final-recipient');
    const action = g.get('action');
    if (!final || !action) continue;
    const statusMatch = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(g.get('status') ?? '');
    const original = g.get('original-recipient');
    const diagnostic = g.get('diagnostic-code');
    out.recipients.push({
      finalRecipient: normaliseAddress(stripType(final)),
      ...(original ? { originalRecipient: normaliseAddress(stripType(original)) } : {}),
      action: action.trim().toLowerCase().split(/\s/)[0]!,
      status: statusMatch ? `${statusMatch[1]}.${statusMatch[2]}.${statusMatch[3]}` : '',
      ...(diagnostic ? { diagnostic: diagnostic.slice(0, 300) } : {}),
    });
  }
  return out;
}

/** `rfc822; a@b` → `a@b` (RFC 3464 address-type; `utf-8;` of RFC 6533 too). */
function stripType(value: string): string {
  const i = value.indexOf(';');
  return (i >= 0 ? value.slice(i + 1) : value).trim();
}

function normaliseAddress(value: string): string {
  return value.replace(/^<|>$/g, '').trim().toLowerCase();
}

/**
 * What a recipient's report means for the channel: `permanent` (failed with 5.x.x, or failed without a status
 * class: RFC 3464 requires one, so an MTA that omits it has given up), `temporary` (4.x.x, or `delayed`: the
 * remote server keeps trying), or `ignored` (delivered, relayed, expanded).
 */
export function bounceSeverity(r: Pick<DsnRecipient, 'action' | 'status'>): 'permanent' | 'temporary' | 'ignored' {
  if (r.action === 'delayed') return 'temporary';
  if (r.action !== 'failed') return 'ignored';
  if (r.status.startsWith('4.')) return 'temporary';
  return 'permanent';
}

/** The reminder id in one of our Message-IDs (`<nhacviec-r123@domain>`), or null. */
export function reminderIdOfMessageId(messageId: string): number | null {
  const m = /<?nhacviec-r(\d{1,15})@[^>\s]+>?/.exec(messageId);
  return m ? Number(m[1]) : null;
}

/**
 * VERP (variable envelope return path): the envelope sender of reminder `ref` (`r123`) when the bounce address is
 * `bounces@snv.gov.vn` → `bounces+r123@snv.gov.vn`. Pure.
 */
export function verpAddress(bounceAddress: string, ref: string): string {
  const at = bounceAddress.lastIndexOf('@');
  return `${bounceAddress.slice(0, at)}+${ref}${bounceAddress.slice(at)}`;
}

/** The reminder id in a VERP address of `bounceAddress` (`bounces+r123@snv.gov.vn` → 123), or null. */
export function reminderIdOfVerp(bounceAddress: string, address: string): number | null {
  const at = bounceAddress.lastIndexOf('@');
  const local = bounceAddress.slice(0, at).toLowerCase();
  const domain = bounceAddress.slice(at + 1).toLowerCase();
  const m = /^(.+)\+r(\d{1,15})@(.+)$/.exec(address.trim().toLowerCase());
  if (!m || m[1] !== local || m[3] !== domain) return null;
  return Number(m[2]);
}

/** What the store knows of a reminder's delivery by e-mail to one address. */
export interface BounceTarget {
  /** The person's e-mail channel the reminder went out on (still in `person_channels`). */
  channel: PersonChannel;
  /** The delivery as a fallback candidate, when its reminder is still chased and not fallen back; else null. */
  pending: PendingFallback | null;
}

export interface BounceStore extends Pick<ChannelStore, 'markUnreachable' | 'resolve'> {
  /** The e-mail delivery of reminder `reminderId` to `address` (lower-cased), or null when there was none. */
  bounceTarget(reminderId: number, address: string): Promise<BounceTarget | null>;
  /** As ChannelAdminStore.insertFallbackRow, with the audit row's reason. */
  insertFallbackRow(args: { pending: PendingFallback; to: PersonChannel | null; at: Date; now: Date; reason?: string }): Promise<number | null>;
  audit(entry: { at: Date; actor?: string; actorPersonId: number | null; action: string; entity: string; entityId: string; outcome: 'ok' | 'refused'; details: Record<string, unknown> }): Promise<void>;
}

export interface BounceDeps {
  store: BounceStore;
  clock: Clock;
  /** Kinds with a configured adapter (a fallback goes only there; Telegram always counts, as in the router). */
  configured: (kind: PersonChannel['kind']) => boolean;
  /** The next moment a reminder may be sent (quiet hours hold): the fallback row is planned then. */
  sendWindow: (now: Date) => Date;
}

export type BounceOutcome =
  | { kind: 'bounced'; reminderId: number; address: string; personId: number; fallbackReminderId: number | null }
  | { kind: 'temporary'; address: string; status: string }
  | { kind: 'ignored'; address: string; action: string }
  | { kind: 'unmatched'; address: string };

/**
 * Records one DSN: for each recipient that failed for good, the e-mail channel that carried the referenced
 * reminder to that address is marked unreachable (`bounced`) and the reminder, while its item is still chased,
 * goes on the person's next usable channel. Idempotent: a second copy of the same DSN finds the channel already
 * unusable and the delivery already fallen back, and changes nothing more.
 */
export async function recordBounce(deps: BounceDeps, report: BounceReport): Promise<BounceOutcome[]> {
  const now = deps.clock.now();
  const outcomes: BounceOutcome[] = [];
  for (const r of report.recipients) {
    const severity = bounceSeverity(r);
    if (severity === 'temporary') {
      outcomes.push({ kind: 'temporary', address: r.finalRecipient, status: r.status });
      continue;
    }
    if (severity === 'ignored') {
      outcomes.push({ kind: 'ignored', address: r.finalRecipient, action: r.action });
      continue;
    }
    const addresses = [...new Set([r.finalRecipient, ...(r.originalRecipient ? [r.originalRecipient] : [])])];
    let target: { reminderId: number; found: BounceTarget } | null = null;
    for (const reminderId of report.reminderIds) {
      for (const address of addresses) {
        const found = await deps.store.bounceTarget(reminderId, address);
        if (found) {
          target = { reminderId, found };
          break;
        }
      }
      if (target) break;
    }
    if (!target) {
      await deps.store.audit({
        at: now,
        actor: 'mail',
        actorPersonId: null,
        action: 'bounce.unmatched',
        entity: 'mail',
        entityId: r.finalRecipient.slice(0, 200),
        outcome: 'refused',
        details: { reminderIds: report.reminderIds.slice(0, 10), status: r.status, ...(report.reportingMta ? { reportingMta: report.reportingMta } : {}) },
      });
      outcomes.push({ kind: 'unmatched', address: r.finalRecipient });
      continue;
    }
    const { channel, pending } = target.found;
    const reason = `bounced: ${r.status || 'failed'}${r.diagnostic ? ` ${r.diagnostic}` : ''}`.slice(0, 300);
    await deps.store.audit({
      at: now,
      actor: 'mail',
      actorPersonId: null,
      action: 'channel.bounce',
      entity: 'reminder',
      entityId: String(target.reminderId),
      outcome: 'ok',
      details: { personId: channel.personId, address: channel.address, status: r.status, ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}), ...(report.reportingMta ? { reportingMta: report.reportingMta } : {}) },
    });
    if (channel.usable) await deps.store.markUnreachable(channel, 'bounced', now);
    let fallbackReminderId: number | null = null;
    if (pending) {
      const resolved = await deps.store.resolve(pending.recipientKey);
      const next =
        resolved.kind === 'person'
          ? (resolved.channels.find((c) => c.usable && c.id !== channel.id && !(c.kind === channel.kind && c.address === channel.address) && deps.configured(c.kind)) ?? null)
          : null;
      fallbackReminderId = await deps.store.insertFallbackRow({ pending, to: next, at: deps.sendWindow(now), now, reason });
    }
    outcomes.push({ kind: 'bounced', reminderId: target.reminderId, address: channel.address, personId: channel.personId, fallbackReminderId });
  }
  return outcomes;
}
