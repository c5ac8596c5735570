/**
 * Signed one-tap links (issue #15 §3): ✅ done, ⏳ extension request and 📄 details, for channels without inline
 * buttons. A link is bound to one due item and one person (and the reminder it came with) and expires; it is
 * signed with HMAC-SHA256 under `LINK_SECRET`, so nothing is stored per link and a changed field breaks the
 * signature. A link grants only what its person may do to its item (the bot's use cases check again).
 *
 * Token: `<action>.<item>.<person>.<reminder>.<expiry, unix seconds>.<signature, base64url>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OneTapLinks } from './port.js';

export const ONE_TAP_ACTIONS = ['done', 'extend', 'details'] as const;
export type OneTapAction = (typeof ONE_TAP_ACTIONS)[number];

export interface OneTapClaim {
  action: OneTapAction;
  dueItemId: number;
  personId: number;
  /** The reminder the link came with (0 when none): opening it acknowledges that reminder. */
  reminderId: number;
  expiresAt: Date;
}

export type VerifyOutcome = { ok: true; claim: OneTapClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signOneTap(secret: string, claim: OneTapClaim): string {
  const body = [claim.action, claim.dueItemId, claim.personId, claim.reminderId, Math.floor(claim.expiresAt.getTime() / 1000)].join('.');
  return `${body}.${sign(secret, body)}`;
}

export function verifyOneTap(secret: string, token: string, now: Date): VerifyOutcome {
  const m = /^(done|extend|details)\.(\d{1,15})\.(\d{1,9})\.(\d{1,15})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, token.lastIndexOf('.'));
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(m[6]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(m[5]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { action: m[1] as OneTapAction, dueItemId: Number(m[2]), personId: Number(m[3]), reminderId: Number(m[4]), expiresAt } };
}

/** The three links of one reminder, on the console's base URL. */
export function oneTapLinks(opts: { baseUrl: string; secret: string; ttlMs: number; now: Date }, args: { dueItemId: number; personId: number; reminderId: number }): OneTapLinks {
  const expiresAt = new Date(opts.now.getTime() + opts.ttlMs);
  const url = (action: OneTapAction) => `${opts.baseUrl}/t/${signOneTap(opts.secret, { action, ...args, expiresAt })}`;
  return { done: url('done'), extend: url('extend'), details: url('details') };
}
