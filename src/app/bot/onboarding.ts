/**
 * Onboarding by deep link (`/start <token>`), leaving (`/roi`), revoking (`/thuhoi`) and creating invites (CLI).
 * Invite tokens are single-use, expiring, and stored only as a SHA-256 hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import { canDecide, provinceRole, type ActionButton, type Refused, type ServiceCore, type Who } from './context.js';
import type { MemberRecord, MemberRole, Membership } from './store.js';

/** Telegram's start parameter: up to 64 characters of A–Z, a–z, 0–9, _ and -. */
export const INVITE_TOKEN_RE = /^[A-Za-z0-9_-]{16,64}$/;

/** SHA-256 (hex) of an invite token: what the database keeps. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random invite token (32 characters, 192 bits). */
export function newInviteToken(): string {
  return randomBytes(24).toString('base64url');
}

export type StartOutcome =
  | { kind: 'welcome'; memberships: Membership[]; group: boolean }
  | { kind: 'invite_invalid' | 'invite_expired' | 'invite_used' }
  /** A group is bound by one of its administrators only (the invite stays unused). */
  | { kind: 'invite_not_group_admin' }
  | { kind: 'joined'; unitName: string; role: MemberRole; group: boolean; openItems: number };

/**
 * `/start [token]`. In a group, `sender.isGroupAdmin` (asked of Telegram by the adapter) must be true: an
 * ordinary member cannot bind the group to a unit, even with a valid invite, which then stays usable.
 */
export async function start(core: ServiceCore, who: Who, token: string | undefined, sender: { isGroupAdmin?: boolean } = {}): Promise<StartOutcome> {
  const group = who.chat.kind !== 'private';
  if (token === undefined || token === '') return { kind: 'welcome', memberships: who.actor?.memberships ?? [], group };
  if (!INVITE_TOKEN_RE.test(token)) {
    await core.store.audit(core.entry(who, 'invite.redeem', 'refused', { details: { reason: 'malformed' } }));
    return { kind: 'invite_invalid' };
  }
  const tokenHash = hashInviteToken(token);
  if (group && sender.isGroupAdmin !== true) {
    await core.store.audit(
      core.entry(who, 'invite.redeem', 'refused', { entity: 'invite', details: { reason: 'not_group_admin', tokenHash: tokenHash.slice(0, 12) } }),
    );
    return { kind: 'invite_not_group_admin' };
  }
  const result = await core.store.redeemInvite({ tokenHash, user: who.user, chat: who.chat, now: core.now() });
  if (result.status !== 'ok') {
    // The token itself never reaches the log; a hash prefix is enough to find the invite.
    await core.store.audit(
      core.entry(who, 'invite.redeem', 'refused', { entity: 'invite', details: { reason: result.status, tokenHash: tokenHash.slice(0, 12) } }),
    );
    return { kind: `invite_${result.status}` };
  }
  if (result.bumped > 0) await core.changed();
  return { kind: 'joined', unitName: result.unitName, role: result.role, group: result.group, openItems: result.openItems };
}

export type LeaveOutcome =
  | { kind: 'not_member' }
  | { kind: 'confirm'; memberships: Membership[]; confirm: ActionButton; cancel: ActionButton }
  | { kind: 'left'; memberships: number }
  | { kind: 'cancelled' };

/** `/roi`: asks for confirmation. */
export async function requestLeave(core: ServiceCore, who: Who): Promise<LeaveOutcome> {
  const memberships = who.actor?.memberships ?? [];
  if (who.actor === null || memberships.length === 0) {
    await core.refuse(who, 'membership.leave');
    return { kind: 'not_member' };
  }
  const [confirm, cancel] = await core.issue([
    { action: 'leave_confirm', payload: { personId: who.actor.personId } },
    { action: 'leave_cancel', payload: { personId: who.actor.personId } },
  ]);
  return { kind: 'confirm', memberships, confirm: confirm!, cancel: cancel! };
}

/** The confirmation buttons of `/roi`. Only the person who asked may press them. */
export async function confirmLeave(
  core: ServiceCore,
  who: Who,
  payload: Record<string, unknown>,
  confirmed: boolean,
): Promise<LeaveOutcome | Refused> {
  if (who.actor === null || payload.personId !== who.actor.personId) return core.refuse(who, 'membership.leave');
  if (!confirmed) return { kind: 'cancelled' };
  const result = await core.store.leave(who.actor.personId, core.entry(who, 'membership.leave', 'ok', { entity: 'person', entityId: who.actor.personId }));
  if (result.bumped > 0) await core.changed();
  return { kind: 'left', memberships: result.memberships };
}

export type RevokeListOutcome =
  | Refused
  | { kind: 'usage' }
  | { kind: 'unknown_unit'; unitRef: string }
  | { kind: 'members'; members: MemberRecord[]; buttons: ActionButton[] };

/** `/thuhoi <unit>`: a coordinator lists a unit's members with a revoke button each. */
export async function listMembersToRevoke(core: ServiceCore, who: Who, unitRef: string): Promise<RevokeListOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'membership.revoke.list');
  if (unitRef.trim() === '') return { kind: 'usage' };
  const members = await core.store.membersOfUnit(coordinator.province, unitRef.trim());
  if (members.length === 0) return { kind: 'unknown_unit', unitRef: unitRef.trim() };
  const shown = members.slice(0, 20);
  const buttons = await core.issue(shown.map((m, i) => ({ action: 'revoke' as const, payload: { membershipId: m.membershipId }, index: i + 1 })));
  return { kind: 'members', members: shown, buttons };
}

export type RevokeOutcome = Refused | { kind: 'revoked'; member: MemberRecord } | { kind: 'already_revoked' };

/** The revoke button. */
export async function revoke(core: ServiceCore, who: Who, payload: Record<string, unknown>): Promise<RevokeOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  const membershipId = typeof payload.membershipId === 'number' ? payload.membershipId : NaN;
  if (coordinator === undefined || !canDecide(who.actor, coordinator.province) || !Number.isInteger(membershipId)) {
    return core.refuse(who, 'membership.revoke', { entity: 'membership', entityId: String(payload.membershipId) });
  }
  const result = await core.store.revokeMembership(
    membershipId,
    coordinator.province,
    core.entry(who, 'membership.revoke', 'ok', { entity: 'membership', entityId: membershipId }),
  );
  if (result.revoked === null) return { kind: 'already_revoked' };
  if (result.bumped > 0) await core.changed();
  return { kind: 'revoked', member: result.revoked };
}

/** Input of {@link createInvite}. */
export interface CreateInviteInput {
  province: string;
  /** Unit code, id or name. */
  unitRef: string;
  role: MemberRole;
  ttlMs: number;
  /** Who created it, for the audit log (`cli:<user>`). */
  createdBy: string;
}

export type CreateInviteOutcome =
  | { kind: 'unknown_unit' }
  | { kind: 'created'; token: string; expiresAt: Date; unit: { id: number; name: string; province: string; code: string } };

/** Creates a single-use invite (CLI `nhacviec units invite`). The token is returned once and stored hashed. */
export async function createInvite(core: ServiceCore, input: CreateInviteInput): Promise<CreateInviteOutcome> {
  const unit = await core.store.findUnit(input.province, input.unitRef);
  if (unit === null) return { kind: 'unknown_unit' };
  const token = newInviteToken();
  const expiresAt = new Date(core.now().getTime() + input.ttlMs);
  await core.store.createInvite(
    { tokenHash: hashInviteToken(token), unitId: unit.id, role: input.role, expiresAt, createdBy: input.createdBy },
    {
      actor: input.createdBy,
      action: 'invite.create',
      entity: 'unit',
      entityId: unit.id,
      outcome: 'ok',
      details: { role: input.role, expiresAt: expiresAt.toISOString() },
    },
  );
  return { kind: 'created', token, expiresAt, unit };
}
