/**
 * People who reach the bot on another channel than Telegram (Zalo, issue #15): who they are, and joining a unit by
 * sending an invite code. A channel member is a `people` row with a `person_channels` row (kind, address); the
 * invite codes are the Telegram bot's (`nhacviec units invite`), single-use and stored hashed.
 * PostgreSQL (src/db/channel-member-store.ts) implements the port.
 */
import type { Actor, RedeemInviteResult } from './store.js';

/** A channel other than Telegram, and the person's address on it. */
export interface ChannelAddress {
  kind: 'zalo' | 'email';
  /** Zalo user id (its private chat id), or e-mail address. */
  address: string;
}

export interface RedeemOnChannelInput extends ChannelAddress {
  tokenHash: string;
  /** The name the channel shows (Zalo `display_name`). */
  displayName: string;
  now: Date;
}

export interface ChannelMemberStore {
  /** The active person behind an address, with their active memberships; null when unknown. */
  findActorByChannel(channel: ChannelAddress): Promise<Actor | null>;
  /**
   * Redeems an invite for the person at `channel`: creates the person on first use (or reuses the one already on
   * that address), adds the membership, records the channel (usable again if it had been marked unreachable), marks
   * the unit for replanning and writes the audit row — one transaction, guarded by the invite row.
   */
  redeemInviteOnChannel(input: RedeemOnChannelInput): Promise<RedeemInviteResult>;
  /** False when this channel message was handled before (replayed update, redelivered webhook). */
  markMessageProcessed(kind: ChannelAddress['kind'], messageId: string): Promise<boolean>;
  /** Forgets a message mark after its handling failed, so a redelivery is handled again. */
  forgetMessage(kind: ChannelAddress['kind'], messageId: string): Promise<void>;
}
