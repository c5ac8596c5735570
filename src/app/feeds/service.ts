/**
 * Private calendar feeds: a unit's or a person's open due items at `/ics/<token>.ics`. The token is shown once,
 * when issued; PostgreSQL keeps only its SHA-256, so a leaked database does not leak the feeds. A feed is computed
 * from PostgreSQL at each request, so it follows every replan, completion and extension.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Clock } from '../../domain/clock.js';
import { renderItemsFeed, type FeedItem } from './ics.js';

/** Whose feed: a unit's (items assigned to it) or a person's (items of every unit they are an active member of). */
export type FeedOwner = { kind: 'unit'; unitId: number } | { kind: 'person'; personId: number };

/** What the feeds need from the database (src/db/feed-store.ts). */
export interface FeedStore {
  findUnit(province: string, ref: string): Promise<{ id: number; code: string; name: string } | null>;
  findPerson(id: number): Promise<{ id: number; name: string } | null>;
  /** The live token of an owner (its creation instant), if any. */
  activeToken(owner: FeedOwner): Promise<{ createdAt: Date } | null>;
  /** Revokes the owner's live token (if any) and stores `tokenHash` as the new one, in one transaction. */
  replaceToken(owner: FeedOwner, tokenHash: string, createdBy: string, now: Date): Promise<void>;
  /** Revokes the owner's live token; resolves with how many were revoked. */
  revokeTokens(owner: FeedOwner, now: Date): Promise<number>;
  /** The owner of a live token. */
  ownerOf(tokenHash: string): Promise<{ owner: FeedOwner; name: string } | null>;
  /** Open due items (open, overdue, extended) with a due day, of published plans. */
  openItems(owner: FeedOwner): Promise<FeedItem[]>;
}

/** What the text of a feed needs besides the items. */
export interface FeedRenderContext {
  webBaseUrl: string;
  calendar: WorkingCalendar;
  ladder: readonly number[];
  sendTime: string;
  zone: string;
}

/** A token is 32 characters of base64url (24 random bytes). */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The feed's address for a token. */
export function feedUrl(webBaseUrl: string, token: string): string {
  return `${webBaseUrl.replace(/\/+$/, '')}/ics/${token}.ics`;
}

/** A feed's owner as a person names it: a unit (code or name) of a province, or a person's id. */
export type FeedOwnerRef = { province: string; unit: string } | { personId: number };

/** The owner `ref` names, with its name; null when there is no such unit or person. */
export async function findFeedOwner(store: FeedStore, ref: FeedOwnerRef): Promise<{ owner: FeedOwner; name: string } | null> {
  if ('unit' in ref) {
    const unit = await store.findUnit(ref.province, ref.unit);
    return unit === null ? null : { owner: { kind: 'unit', unitId: unit.id }, name: unit.name };
  }
  const person = await store.findPerson(ref.personId);
  return person === null ? null : { owner: { kind: 'person', personId: person.id }, name: person.name };
}

export type IssueFeedResult = { status: 'issued'; url: string; rotated: boolean } | { status: 'exists'; createdAt: Date };

/**
 * Issues the owner's feed token. An owner with a live token keeps it unless `rotate` (the old address then stops
 * working): the token cannot be shown again, only replaced.
 */
export async function issueFeed(
  store: FeedStore,
  clock: Clock,
  input: { owner: FeedOwner; rotate: boolean; actor: string; webBaseUrl: string },
): Promise<IssueFeedResult> {
  const existing = await store.activeToken(input.owner);
  if (existing !== null && !input.rotate) return { status: 'exists', createdAt: existing.createdAt };
  const token = randomBytes(24).toString('base64url');
  await store.replaceToken(input.owner, hashFeedToken(token), input.actor, clock.now());
  return { status: 'issued', url: feedUrl(input.webBaseUrl, token), rotated: existing !== null };
}

export async function revokeFeed(store: FeedStore, clock: Clock, owner: FeedOwner): Promise<number> {
  return store.revokeTokens(owner, clock.now());
}

/** The feed behind a token, or null for an unknown or revoked one. */
export async function feedForToken(store: FeedStore, clock: Clock, context: FeedRenderContext, token: string): Promise<string | null> {
  if (!FEED_TOKEN_PATTERN.test(token)) return null;
  const found = await store.ownerOf(hashFeedToken(token));
  if (found === null) return null;
  const items = await store.openItems(found.owner);
  return renderItemsFeed(items, { ...context, name: `Nhắc việc — ${found.name}`, now: clock.now() });
}
