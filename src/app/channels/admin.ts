/**
 * Channel use cases beside delivery: the fallback of unacknowledged reminders to the next channel (the reconciler
 * runs it), and the coordinator's administration of a person's channels (web console `/people/:id`).
 */
import type { Clock } from '../../domain/clock.js';
import type { Actor } from '../bot/store.js';
import { hashInviteToken, newInviteToken } from '../bot/onboarding.js';
import { isEmailAddress } from './address.js';
import type { ChannelAdapters, ChannelKind, ChannelStore, PersonChannel } from './port.js';

/** A reminder sent on a channel that is not the person's last, unacknowledged since. */
export interface PendingFallback {
  deliveryId: number;
  reminderId: number;
  personId: number;
  rank: number;
  kind: ChannelKind;
  address: string;
  recipientKey: string;
}

export interface PersonPage {
  id: number;
  name: string;
  active: boolean;
  memberships: { unitId: number; unitName: string; province: string; role: string }[];
  channels: PersonChannel[];
}

export interface ChannelAdminStore {
  pendingFallbacks(sentBefore: Date, limit: number): Promise<PendingFallback[]>;
  /**
   * Marks the delivery as fallen back and, when `to` is given, inserts the fallback row (dedupe key
   * `fb|<reminder>|<rank>`, planned at `at`, payload `channelRank`) with its `channel.fallback` audit row, in one
   * transaction. Returns the new row's id (null when nothing was inserted).
   */
  insertFallbackRow(args: { pending: PendingFallback; to: PersonChannel | null; at: Date; now: Date }): Promise<number | null>;
  personPage(personId: number): Promise<PersonPage | null>;
  addChannel(args: { personId: number; kind: ChannelKind; address: string; actor: string; actorPersonId: number | null; at: Date }): Promise<'added' | 'exists' | 'reactivated'>;
  actorForPerson(personId: number): Promise<Actor | null>;
  /** A single-use invite for one existing person (redeemed on Zalo, it adds the channel to them), audited. */
  createPersonInvite(args: { personId: number; unitId: number; role: string; tokenHash: string; expiresAt: Date; createdBy: string; actorPersonId: number | null; at: Date }): Promise<number>;
  acknowledge(reminderId: number, personId: number, at: Date): Promise<void>;
  /** Digests stop going to the person's e-mail channels (reminders still do). Returns the channels changed. */
  unsubscribeDigests(personId: number, at: Date): Promise<number>;
  audit(entry: { at: Date; actorPersonId: number | null; action: string; entity: string; entityId: string; outcome: 'ok' | 'refused'; details: Record<string, unknown> }): Promise<void>;
}

export interface ChannelFallbackDeps {
  store: ChannelStore & Pick<ChannelAdminStore, 'pendingFallbacks' | 'insertFallbackRow'>;
  adapters: ChannelAdapters;
  clock: Clock;
  /** How long a reminder may stay unacknowledged on a channel before the next channel carries it. */
  fallbackAfterMs: number;
}

/**
 * Reminders sent on a channel more than `fallbackAfterMs` ago and still unacknowledged (no button, reply or
 * one-tap link) while their item is chased: the next usable channel of the person carries them, as a new row
 * planned at `at` (the next send window: quiet hours hold). Returns the rows inserted.
 */
export async function fallbackUnacknowledged(deps: ChannelFallbackDeps, at: Date): Promise<number> {
  const now = deps.clock.now();
  let inserted = 0;
  for (;;) {
    const pending = await deps.store.pendingFallbacks(new Date(now.getTime() - deps.fallbackAfterMs), 500);
    for (const p of pending) {
      const resolved = await deps.store.resolve(p.recipientKey);
      const next =
        resolved.kind === 'person'
          ? (resolved.channels.find((c) => c.usable && c.rank > p.rank && (c.kind === 'telegram' || deps.adapters[c.kind] !== undefined)) ?? null)
          : null;
      if ((await deps.store.insertFallbackRow({ pending: p, to: next, at, now })) !== null) inserted++;
    }
    if (pending.length < 500) return inserted;
  }
}

export type AddChannelOutcome = { kind: 'added' | 'reactivated' | 'exists' } | { kind: 'not_found' } | { kind: 'forbidden' } | { kind: 'invalid' };

/**
 * The coordinator adds a channel (an e-mail address) for a person of their province. Only coordinators (and
 * leaders) of the person's province may; the address must be well-formed for its channel.
 */
export async function addPersonChannel(
  deps: { store: Pick<ChannelAdminStore, 'personPage' | 'addChannel'>; clock: Clock },
  by: { personId: number | null; role: string; province: string; actor: string },
  input: { personId: number; kind: ChannelKind; address: string },
): Promise<AddChannelOutcome> {
  if (by.role !== 'coordinator' && by.role !== 'leader') return { kind: 'forbidden' };
  const person = await deps.store.personPage(input.personId);
  if (!person) return { kind: 'not_found' };
  if (!person.memberships.some((m) => m.province === by.province)) return { kind: 'forbidden' };
  const address = input.kind === 'email' ? input.address.trim().toLowerCase() : input.address.trim();
  const valid = input.kind === 'email' ? isEmailAddress(address) : input.kind === 'telegram' ? /^-?\d{1,16}$/.test(address) : /^[A-Za-z0-9_-]{1,64}$/.test(address);
  if (!valid) return { kind: 'invalid' };
  const result = await deps.store.addChannel({ personId: input.personId, kind: input.kind, address, actor: by.actor, actorPersonId: by.personId, at: deps.clock.now() });
  return { kind: result };
}

export type PersonInviteOutcome =
  | { kind: 'created'; token: string; expiresAt: Date; unitName: string }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

/**
 * The coordinator creates a Zalo invite for a person of their province (web console `/people/:id`): a single-use
 * code, valid `ttlMs`, for the person's membership in that province; sent to the Zalo bot, it records the person's
 * Zalo channel (src/db/channel-member-store.ts). The code is returned once and stored hashed.
 */
export async function createPersonZaloInvite(
  deps: { store: Pick<ChannelAdminStore, 'personPage' | 'createPersonInvite'>; clock: Clock; ttlMs: number },
  by: { personId: number | null; role: string; province: string; actor: string },
  personId: number,
): Promise<PersonInviteOutcome> {
  if (by.role !== 'coordinator' && by.role !== 'leader') return { kind: 'forbidden' };
  const person = await deps.store.personPage(personId);
  if (!person || !person.active) return { kind: 'not_found' };
  const membership = person.memberships.find((m) => m.province === by.province);
  if (!membership) return { kind: 'forbidden' };
  const now = deps.clock.now();
  const token = newInviteToken();
  const expiresAt = new Date(now.getTime() + deps.ttlMs);
  await deps.store.createPersonInvite({
    personId,
    unitId: membership.unitId,
    role: membership.role,
    tokenHash: hashInviteToken(token),
    expiresAt,
    createdBy: by.actor,
    actorPersonId: by.personId,
    at: now,
  });
  return { kind: 'created', token, expiresAt, unitName: membership.unitName };
}
