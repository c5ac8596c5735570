/**
 * Sign-in to the web console without passwords (issue #13 §2).
 *
 * A single-use link, valid for {@link LOGIN_LINK_TTL_MS}, is made by the bot's `/dangnhap` for the person who asked
 * (bound to their Telegram identity and their highest role) or by `nhacviec web link` for the first sign-in of a
 * fresh install. Opening it once starts a session; the link is then spent. Sessions and links are kept in
 * PostgreSQL as SHA-256 hashes of random tokens, so a database dump signs nobody in.
 *
 * Use cases never read the clock (`deps.clock`) and never see HTTP: src/web turns their outcomes into cookies,
 * redirects and pages.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import type { MemberRole } from '../bot/store.js';

/** A sign-in link lives 10 minutes. */
export const LOGIN_LINK_TTL_MS = 10 * 60 * 1000;
/** A session lives 12 hours (one working day), then the person asks the bot for a new link. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;

/** Who a link or a session speaks for. `personId` is null for a CLI link of a fresh install (nobody joined yet). */
export interface WebIdentity {
  personId: number | null;
  unitId: number;
  role: MemberRole;
}

/** A session as the console sees it. */
export interface WebSession extends WebIdentity {
  id: number;
  csrfToken: string;
  expiresAt: Date;
  /** For display. */
  personName: string | null;
  unitName: string;
  unitCode: string;
  province: string;
  /** The person's preferred language (`vi` when no person). */
  locale: string;
}

export interface NewLoginToken extends WebIdentity {
  tokenHash: string;
  expiresAt: Date;
  createdBy: string;
}

export interface NewSession extends WebIdentity {
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  loginTokenId: number;
}

/** A unit a link can be made for. */
export interface WebUnitRef {
  id: number;
  code: string;
  name: string;
  province: string;
}

/** The persistence port of sign-in; PostgreSQL implements it (src/db/web-store.ts). */
export interface WebAuthStore {
  createLoginToken(token: NewLoginToken): Promise<void>;
  /**
   * Marks the unspent, unexpired link with `tokenHash` as used at `now` and returns it, in one conditional update
   * (two tabs opening the same link: one wins). `null` when no such link, already used, or expired.
   */
  spendLoginToken(tokenHash: string, now: Date): Promise<(WebIdentity & { id: number }) | null>;
  /** Why a link cannot be spent, for the message: `used`, `expired` or `unknown`. */
  loginTokenStatus(tokenHash: string, now: Date): Promise<'used' | 'expired' | 'unknown' | 'valid'>;
  createSession(session: NewSession): Promise<void>;
  /** The live (unrevoked, unexpired) session with `tokenHash`, or null. */
  findSession(tokenHash: string, now: Date): Promise<WebSession | null>;
  revokeSession(id: number, now: Date): Promise<void>;
  /**
   * Revokes every live session of the same person (or, for a session without a person, every session opened from
   * the same unit and role without a person). Returns how many were revoked.
   */
  revokeAllSessionsLike(session: WebSession, now: Date): Promise<number>;
  /** A unit by code (in `province` when given) or numeric id. */
  findUnit(ref: string, province?: string): Promise<WebUnitRef | null>;
  audit(entry: { actor: string; action: string; personId: number | null; entityId?: string; outcome: 'ok' | 'refused'; details?: Record<string, unknown> }): Promise<void>;
}

export interface WebAuthDeps {
  store: WebAuthStore;
  clock: Clock;
  /** Random tokens; default 32 random bytes in base64url. */
  randomToken?: () => string;
}

/** SHA-256 of a token, hex: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const defaultRandomToken = () => randomBytes(32).toString('base64url');
/** Shape of every token this module issues; anything else is refused without a database query. */
export const WEB_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Roles in decreasing power: a person with several memberships signs in with the strongest. */
export const ROLE_ORDER: readonly MemberRole[] = ['coordinator', 'leader', 'head', 'focal'];

export type SignInOutcome =
  | { kind: 'signed_in'; sessionToken: string; session: { expiresAt: Date } }
  | { kind: 'refused'; reason: 'used' | 'expired' | 'unknown' | 'malformed' };

export interface WebAuth {
  /** Makes a single-use sign-in link token for `identity`. The token is returned once and never stored. */
  issueLoginToken(identity: WebIdentity, createdBy: string): Promise<{ token: string; expiresAt: Date }>;
  /** Spends a link token and opens a session. */
  signIn(token: string): Promise<SignInOutcome>;
  /** The live session behind a cookie value, or null. */
  session(sessionToken: string | undefined): Promise<WebSession | null>;
  signOut(session: WebSession): Promise<void>;
  signOutEverywhere(session: WebSession): Promise<number>;
  findUnit(ref: string, province?: string): Promise<WebUnitRef | null>;
}

export function createWebAuth(deps: WebAuthDeps): WebAuth {
  const random = deps.randomToken ?? defaultRandomToken;
  const { store, clock } = deps;
  return {
    async issueLoginToken(identity, createdBy) {
      const token = random();
      const expiresAt = new Date(clock.now().getTime() + LOGIN_LINK_TTL_MS);
      await store.createLoginToken({ ...identity, tokenHash: hashToken(token), expiresAt, createdBy });
      await store.audit({ actor: createdBy, action: 'web.link', personId: identity.personId, entityId: String(identity.unitId), outcome: 'ok', details: { role: identity.role } });
      return { token, expiresAt };
    },
    async signIn(token) {
      if (!WEB_TOKEN_RE.test(token)) return { kind: 'refused', reason: 'malformed' };
      const now = clock.now();
      const hash = hashToken(token);
      const spent = await store.spendLoginToken(hash, now);
      if (spent === null) {
        const status = await store.loginTokenStatus(hash, now);
        const reason = status === 'valid' ? 'used' : status;
        await store.audit({ actor: 'web', action: 'web.sign_in', personId: null, outcome: 'refused', details: { reason } });
        return { kind: 'refused', reason };
      }
      const sessionToken = random();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await store.createSession({
        personId: spent.personId,
        unitId: spent.unitId,
        role: spent.role,
        tokenHash: hashToken(sessionToken),
        csrfToken: random(),
        expiresAt,
        loginTokenId: spent.id,
      });
      await store.audit({ actor: 'web', action: 'web.sign_in', personId: spent.personId, entityId: String(spent.unitId), outcome: 'ok', details: { role: spent.role } });
      return { kind: 'signed_in', sessionToken, session: { expiresAt } };
    },
    async session(sessionToken) {
      if (sessionToken === undefined || !WEB_TOKEN_RE.test(sessionToken)) return null;
      return store.findSession(hashToken(sessionToken), clock.now());
    },
    async signOut(session) {
      await store.revokeSession(session.id, clock.now());
      await store.audit({ actor: 'web', action: 'web.sign_out', personId: session.personId, outcome: 'ok' });
    },
    async signOutEverywhere(session) {
      const n = await store.revokeAllSessionsLike(session, clock.now());
      await store.audit({ actor: 'web', action: 'web.sign_out_everywhere', personId: session.personId, outcome: 'ok', details: { sessions: n } });
      return n;
    },
    findUnit: (ref, province) => store.findUnit(ref, province),
  };
}

/** What a role may see: coordinators and leaders everything of their province; heads and focal points their unit. */
export function canSeeUnit(session: Pick<WebSession, 'role' | 'unitId'>, unitId: number): boolean {
  return session.role === 'coordinator' || session.role === 'leader' || session.unitId === unitId;
}

/** Whether the role sees the whole province (dashboard of every unit). */
export function seesProvince(session: Pick<WebSession, 'role'>): boolean {
  return session.role === 'coordinator' || session.role === 'leader';
}
