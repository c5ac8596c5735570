/**
 * People on channels other than Telegram (src/app/bot/channel-members.ts) on PostgreSQL: `people` +
 * `person_channels` + `memberships`, invites as the Telegram bot redeems them (src/db/bot-store.ts).
 */
import { createHash } from 'node:crypto';
import type { ChannelAddress, ChannelMemberStore, RedeemOnChannelInput } from '../app/bot/channel-members.js';
import type { Actor, MemberRole, RedeemInviteResult } from '../app/bot/store.js';
import type { Sql } from './client.js';

const CHASED = `('open','overdue','extended')`;
/** Rank of a channel added by the person themselves (Telegram's private chat is 0). */
const SELF_ADDED_RANK = 10;

/**
 * Channel messages share `processed_updates` with Telegram's updates: a message id is stored as a negative 48-bit
 * hash, so it can never equal a Telegram `update_id` (always positive).
 */
export function channelMessageKey(kind: string, messageId: string): number {
  const digest = createHash('sha256').update(`${kind}:${messageId}`, 'utf8').digest();
  return -(digest.readUIntBE(0, 6) + 1);
}

export class PostgresChannelMemberStore implements ChannelMemberStore {
  constructor(private readonly sql: Sql) {}

  async findActorByChannel(channel: ChannelAddress): Promise<Actor | null> {
    const rows = await this.sql<
      { id: number; name: string; locale: string; tg: string | null; membership_id: number | null; unit_id: number | null; role: MemberRole | null; unit_name: string | null; province: string | null }[]
    >`
      select p.id, p.name, p.locale, p.telegram_user_id::text as tg, m.id as membership_id, m.unit_id, m.role::text as role, u.name as unit_name, u.province
      from person_channels c
      join people p on p.id = c.person_id and p.active
      left join memberships m on m.person_id = p.id and m.active
      left join units u on u.id = m.unit_id
      where c.kind = ${channel.kind} and c.address = ${channel.address}
      order by c.id, m.id`;
    const first = rows[0];
    if (first === undefined) return null;
    const mine = rows.filter((r) => r.id === first.id);
    return {
      personId: first.id,
      name: first.name,
      locale: first.locale,
      telegramUserId: first.tg ?? '',
      memberships: mine
        .filter((r) => r.membership_id !== null)
        .map((r) => ({ id: r.membership_id!, unitId: r.unit_id!, unitName: r.unit_name!, province: r.province!, role: r.role! })),
    };
  }

  async redeemInviteOnChannel(input: RedeemOnChannelInput): Promise<RedeemInviteResult> {
    return this.sql.begin(async (tx) => {
      const [invite] = await tx<{ id: number; unit_id: number; role: MemberRole; expires_at: Date; used_at: Date | null; for_person_id: number | null }[]>`
        select id, unit_id, role::text as role, expires_at, used_at, for_person_id from invites where token_hash = ${input.tokenHash} for update`;
      if (invite === undefined) return { status: 'invalid' as const };
      if (invite.used_at !== null) return { status: 'used' as const };
      if (invite.expires_at.getTime() <= input.now.getTime()) return { status: 'expired' as const };
      const [unit] = await tx<{ name: string; province: string }[]>`select name, province from units where id = ${invite.unit_id}`;
      const [existing] = await tx<{ person_id: number }[]>`
        select person_id from person_channels where kind = ${input.kind} and address = ${input.address} order by id limit 1 for update`;
      let personId: number;
      if (invite.for_person_id !== null) {
        // A coordinator's invite for one person (web console): the channel joins that person.
        personId = invite.for_person_id;
        await tx`update people set active = true where id = ${personId}`;
        await tx`
          insert into person_channels (person_id, kind, address, rank, created_by)
          values (${personId}, ${input.kind}, ${input.address}, ${SELF_ADDED_RANK}, ${`invite:${invite.id}`})
          on conflict (person_id, kind, address) do update set active = true, inactive_reason = null, updated_at = now()`;
      } else if (existing !== undefined) {
        personId = existing.person_id;
        await tx`update people set active = true where id = ${personId}`;
        await tx`
          update person_channels set active = true, inactive_reason = null, updated_at = now()
          where person_id = ${personId} and kind = ${input.kind} and address = ${input.address}`;
      } else {
        const name = input.displayName.trim() || `${input.kind === 'zalo' ? 'Zalo' : 'E-mail'} ${input.address.slice(0, 8)}`;
        const [person] = await tx<{ id: number }[]>`insert into people (name, locale) values (${name}, 'vi') returning id`;
        personId = person!.id;
        await tx`
          insert into person_channels (person_id, kind, address, rank, created_by)
          values (${personId}, ${input.kind}, ${input.address}, ${SELF_ADDED_RANK}, ${`invite:${invite.id}`})`;
      }
      await tx`
        insert into memberships (person_id, unit_id, role) values (${personId}, ${invite.unit_id}, ${invite.role})
        on conflict (person_id, unit_id, role) do update set active = true, revoked_at = null`;
      await tx`update invites set used_at = ${input.now}, used_by_person_id = ${personId} where id = ${invite.id}`;
      // The unit's (or, for province roles, the province's) recipients changed: the planner replans them.
      const bumped =
        invite.role === 'focal' || invite.role === 'head'
          ? (await tx`insert into replan_units (unit_id) values (${invite.unit_id}) on conflict (unit_id) do update set seq = excluded.seq`).count
          : (await tx`insert into replan_units (unit_id) select id from units where province = ${unit!.province} on conflict (unit_id) do update set seq = excluded.seq`)
              .count;
      const [open] = await tx<{ n: number }[]>`
        select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id
        where a.unit_id = ${invite.unit_id} and d.state in ${tx.unsafe(CHASED)}`;
      await tx`
        insert into audit_log (actor, actor_person_id, action, entity, entity_id, outcome, details)
        values ('bot', ${personId}, 'invite.redeem', 'invite', ${String(invite.id)}, 'ok',
                ${JSON.stringify({ unitId: invite.unit_id, role: invite.role, channel: input.kind, address: input.address })}::text::jsonb)`;
      return {
        status: 'ok' as const,
        unitId: invite.unit_id,
        unitName: unit!.name,
        province: unit!.province,
        role: invite.role,
        group: false,
        personId,
        bumped,
        openItems: open?.n ?? 0,
      };
    });
  }

  async markMessageProcessed(kind: ChannelAddress['kind'], messageId: string): Promise<boolean> {
    const rows = await this.sql`insert into processed_updates (update_id) values (${channelMessageKey(kind, messageId)}) on conflict do nothing returning update_id`;
    return rows.length === 1;
  }

  async forgetMessage(kind: ChannelAddress['kind'], messageId: string): Promise<void> {
    await this.sql`delete from processed_updates where update_id = ${channelMessageKey(kind, messageId)}`;
  }
}

/** The due item a reminder row is about (null for digests and unknown rows). */
export async function dueItemOfReminder(sql: Sql, reminderId: number): Promise<number | null> {
  const [row] = await sql<{ due_item_id: number | null }[]>`select due_item_id from reminders where id = ${reminderId}`;
  return row?.due_item_id ?? null;
}
