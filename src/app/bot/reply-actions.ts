/**
 * Reply commands as use cases (channels without buttons: Zalo). Each command goes through the same use case as the
 * Telegram button it stands for — `submitEvidence` for ✅, `requestExtension` (the one-message form of ⏳) — so the
 * authorisation (a person acts only on their unit's items), the state guards, the audit and the replanning are the
 * same. Invite codes are the Telegram bot's.
 */
import type { ChannelAddress, ChannelMemberStore } from './channel-members.js';
import { submitEvidence, type CompletionOutcome } from './completion.js';
import type { ServiceCore, Who } from './context.js';
import { requestExtension, type RequestOutcome } from './extensions.js';
import { hashInviteToken } from './onboarding.js';
import { parseReplyCommand, type ReplyCommandProblem } from './reply-commands.js';
import type { Actor, MemberRole } from './store.js';

/** A message arriving on a channel. */
export interface ChannelText extends ChannelAddress {
  text: string;
  displayName: string;
}

export type ReplyOutcome =
  | { kind: 'help'; registered: boolean }
  | { kind: 'unknown'; registered: boolean; text: string }
  | { kind: 'invalid'; command: 'done' | 'extend'; problem: ReplyCommandProblem }
  | { kind: 'invite_invalid' | 'invite_expired' | 'invite_used' }
  | { kind: 'joined'; unitName: string; role: MemberRole; openItems: number }
  | { kind: 'not_registered' }
  | { kind: 'completion'; itemId: number; outcome: CompletionOutcome }
  | { kind: 'extension'; itemId: number; outcome: RequestOutcome };

/** The `Who` of a person writing on a channel (no Telegram ids; the audit names the channel and address). */
export function channelWho(actor: Actor | null, message: Pick<ChannelText, 'kind' | 'address' | 'displayName'>): Who {
  return {
    actor,
    user: { id: '0', firstName: message.displayName },
    chat: { id: '0', kind: 'private' },
    channel: { kind: message.kind, address: message.address },
  };
}

/** Handles one text message from a channel. */
export async function handleReplyCommand(core: ServiceCore, members: ChannelMemberStore, message: ChannelText): Promise<ReplyOutcome> {
  const command = parseReplyCommand(message.text);
  const actor = await members.findActorByChannel(message);
  const who = channelWho(actor, message);
  switch (command.kind) {
    case 'help':
      return { kind: 'help', registered: actor !== null };
    case 'unknown':
      return { kind: 'unknown', registered: actor !== null, text: message.text.slice(0, 80) };
    case 'invite': {
      const tokenHash = hashInviteToken(command.token);
      const result = await members.redeemInviteOnChannel({ ...message, tokenHash, now: core.now() });
      if (result.status !== 'ok') {
        await core.store.audit(
          core.entry(who, 'invite.redeem', 'refused', { entity: 'invite', details: { reason: result.status, tokenHash: tokenHash.slice(0, 12) } }),
        );
        return { kind: `invite_${result.status}` };
      }
      if (result.bumped > 0) await core.changed();
      return { kind: 'joined', unitName: result.unitName, role: result.role, openItems: result.openItems };
    }
    case 'invalid':
      return command;
    case 'done': {
      if (actor === null) return notRegistered(core, who, 'item.done');
      return { kind: 'completion', itemId: command.itemId, outcome: await submitEvidence(core, who, command.itemId, { text: command.evidence }, null) };
    }
    case 'extend': {
      if (actor === null) return notRegistered(core, who, 'extension.request');
      return { kind: 'extension', itemId: command.itemId, outcome: await requestExtension(core, who, command.itemId, command.reason, command.dateText) };
    }
  }
}

async function notRegistered(core: ServiceCore, who: Who, action: string): Promise<ReplyOutcome> {
  await core.refuse(who, action);
  return { kind: 'not_registered' };
}
