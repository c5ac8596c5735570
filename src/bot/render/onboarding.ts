/**
 * `/start`, `/roi`, `/thuhoi`, `/help` (pure).
 */
import type { Refused } from '../../app/bot/context.js';
import type { LeaveOutcome, RevokeListOutcome, RevokeOutcome, StartOutcome } from '../../app/bot/onboarding.js';
import type { Membership } from '../../app/bot/store.js';
import { keyboard, roleLabel, rowsOf, type Rendered, type Tr } from './common.js';
import { optionalKeyboard } from './items.js';

function membershipLines(memberships: readonly Membership[], t: Tr): string {
  return memberships.map((m) => t('bot-membership-line', { role: roleLabel(m.role, t), unit: m.unitName })).join('\n');
}

export function renderStart(outcome: StartOutcome, t: Tr, name: string): Rendered {
  switch (outcome.kind) {
    case 'welcome':
      if (outcome.group) return { text: t('bot-welcome-group') };
      if (outcome.memberships.length === 0) return { text: t('bot-welcome') };
      return { text: t('bot-welcome-member', { name, roles: membershipLines(outcome.memberships, t) }) };
    case 'invite_invalid':
      return { text: t('bot-invite-invalid') };
    case 'invite_expired':
      return { text: t('bot-invite-expired') };
    case 'invite_used':
      return { text: t('bot-invite-used') };
    case 'invite_not_group_admin':
      return { text: t('bot-invite-group-admin-only') };
    case 'joined':
      if (outcome.group) return { text: t('bot-joined-group', { unit: outcome.unitName, count: outcome.openItems }) };
      return { text: t(`bot-joined-${outcome.role}`, { unit: outcome.unitName, count: outcome.openItems, name }) };
  }
}

export function renderRefused(outcome: Refused, t: Tr): Rendered {
  return { text: t(outcome.reason === 'not_registered' ? 'bot-refused-not-registered' : 'bot-refused-not-allowed') };
}

export function renderLeave(outcome: LeaveOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'not_member':
      return { text: t('bot-refused-not-member') };
    case 'confirm':
      return {
        text: t('bot-leave-confirm', { list: membershipLines(outcome.memberships, t) }),
        ...optionalKeyboard(keyboard([[outcome.confirm, outcome.cancel]], t)),
      };
    case 'left':
      return { text: t('bot-leave-done', { count: outcome.memberships }) };
    case 'cancelled':
      return { text: t('bot-leave-cancelled') };
  }
}

export function renderRevokeList(outcome: RevokeListOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'usage':
      return { text: t('bot-revoke-usage') };
    case 'unknown_unit':
      return { text: t('bot-revoke-unknown', { ref: outcome.unitRef }) };
    case 'members': {
      const lines = [t('bot-revoke-title', { unit: outcome.members[0]?.unitName ?? '' })];
      outcome.members.forEach((m, i) => lines.push(t('bot-revoke-line', { index: i + 1, name: m.personName, role: roleLabel(m.role, t) })));
      return { text: lines.join('\n'), ...optionalKeyboard(keyboard(rowsOf(outcome.buttons, 5), t)) };
    }
  }
}

export function renderRevoke(outcome: RevokeOutcome, t: Tr): Rendered {
  switch (outcome.kind) {
    case 'refused':
      return renderRefused(outcome, t);
    case 'already_revoked':
      return { text: t('bot-revoke-already') };
    case 'revoked':
      return { text: t('bot-revoke-done', { name: outcome.member.personName, role: roleLabel(outcome.member.role, t), unit: outcome.member.unitName }) };
  }
}
