/**
 * Bearer tokens of the JSON API, one per integration. A token is shown once, when created; PostgreSQL keeps only
 * its SHA-256, so a database dump authenticates nobody. Use cases never read the clock themselves.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import type { ApiScope, ApiTokenRecord, ApiTokenStore } from './ports.js';

/** `nv_` and 43 characters of base64url (32 random bytes). */
export const API_TOKEN_PATTERN = /^nv_[A-Za-z0-9_-]{43}$/;
/** An integration's name: letters, digits, `.`, `_`, `-`; 1 to 64 characters. */
export const API_TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type CreateApiTokenResult =
  | { status: 'created'; token: string; record: ApiTokenRecord }
  | { status: 'invalid_name' }
  | { status: 'name_taken' };

export async function createApiToken(
  store: ApiTokenStore,
  clock: Clock,
  input: { name: string; scope: ApiScope; actor: string },
): Promise<CreateApiTokenResult> {
  if (!API_TOKEN_NAME_PATTERN.test(input.name)) return { status: 'invalid_name' };
  const token = `nv_${randomBytes(32).toString('base64url')}`;
  const record = await store.createToken({ name: input.name, scope: input.scope, tokenHash: hashApiToken(token), createdBy: input.actor, now: clock.now() });
  return record === null ? { status: 'name_taken' } : { status: 'created', token, record };
}

export function listApiTokens(store: ApiTokenStore, options: { includeRevoked: boolean }): Promise<ApiTokenRecord[]> {
  return store.listTokens(options);
}

/** Revokes by name, or by id when `ref` is all digits. */
export function revokeApiToken(store: ApiTokenStore, clock: Clock, ref: string): Promise<ApiTokenRecord | null> {
  return store.revokeToken(/^\d{1,9}$/.test(ref) ? { id: Number(ref) } : { name: ref }, clock.now());
}

/** The live token a bearer value stands for, or null (malformed, unknown or revoked: the caller never learns which). */
export async function authenticateApiToken(store: ApiTokenStore, clock: Clock, bearer: string): Promise<ApiTokenRecord | null> {
  if (!API_TOKEN_PATTERN.test(bearer)) return null;
  return store.useToken(hashApiToken(bearer), clock.now());
}

/** May a token of `scope` make a request with `method`? Reads need `read`, anything else `write`. */
export function scopeAllows(scope: ApiScope, method: string): boolean {
  const read = method === 'GET' || method === 'HEAD';
  return read || scope === 'write';
}
