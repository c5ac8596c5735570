/**
 * PostgreSQL side of the channels (issue #15): people's channels in preference order (`person_channels`, plus the
 * implicit Telegram private chat from `chats`), the channel each reminder row went out on (`channel_deliveries`),
 * fallback rows and their audit rows, and what the console and the CLI show of them.
 */
import type { Actor } from '../app/bot/store.js';
import {
  isChannelKind,
  PERSON_KEY_BASE,
  personOfRecipientKey,
  type ChannelKind,
  type ChannelStore,
  type PersonChannel,
  type ResolvedRecipient,
} from '../app/channels/port.js';
import type { ChannelAdminStore, PendingFallback, PersonPage } from '../app/channels/admin.js';
import type { BounceStore, BounceTarget } from '../app/channels/bounce.js';
import type { Sql } from './client.js';

interface ChannelRow {
  id: number | null;
  person_id: number;
  kind: string;
  address: string;
  rank: number;
  usable: boolean;
  digests: boolean;
  inactive_reason: string | null;
  last_ok_at: Date | null;
  last_failed_at: Date | null;
  last_error: string | null;
}

function toChannel(r: ChannelRow): PersonChannel {
  return {
    id: r.id,
    personId: r.person_id,
    kind: isChannelKind(r.kind) ? r.kind : 'telegram',
    address: r.address,
    rank: r.rank,
    usable: r.usable,
    digests: r.digests,
    inactiveReason: r.inactive_reason,
    lastOkAt: r.last_ok_at,
    lastFailedAt: r.last_failed_at,
    lastError: r.last_error,
  };
}

const CHASED = ['open', 'overdue', 'extended'];

export class PostgresChannelStore implements ChannelStore, ChannelAdminStore, BounceStore {
  constructor(private readonly sql: Sql) {}

  /**
   * A person's channels, best first: `person_channels` rows and their Telegram private chat (rank 0 unless a
   * `telegram` row of the same address ranks it). Ties: Telegram first, then by id.
   */
  async channelsOf(personId: number): Promise<PersonChannel[]> {
    const rows = await this.sql<ChannelRow[]>`
      select pc.id, pc.person_id, pc.kind::text as kind, pc.address, pc.rank,
             pc.active and (pc.kind <> 'telegram' or coalesce((select c.active from chats c where c.telegram_chat_id::text = pc.address), true)) as usable,
             pc.digests,
             coalesce(pc.inactive_reason, (select c.inactive_reason from chats c where pc.kind = 'telegram' and c.telegram_chat_id::text = pc.address and not c.active)) as inactive_reason,
             pc.last_ok_at, pc.last_failed_at, pc.last_error
      from person_channels pc where pc.person_id = ${personId}
      union all
      select null, c.person_id, 'telegram', c.telegram_chat_id::text, 0, c.active, true, c.inactive_reason, null, null, null
      from chats c
      where c.person_id = ${personId} and c.kind = 'private'
        and not exists (select 1 from person_channels pc where pc.person_id = c.person_id and pc.kind = 'telegram' and pc.address = c.telegram_chat_id::text)
      order by 5, 3 desc, 1 nulls first`;
    return rows.map(toChannel);
  }

  async resolve(recipientKey: string): Promise<ResolvedRecipient> {
    let personId = personOfRecipientKey(recipientKey);
    if (personId === null) {
      const [chat] = await this.sql<{ person_id: number | null; own: boolean }[]>`
        select c.person_id, exists (select 1 from person_channels pc where pc.person_id = c.person_id) as own
        from chats c where c.telegram_chat_id = ${recipientKey}::bigint and c.kind = 'private'`;
      // A group, or a person without channels of their own: the plain Telegram path, as before channels existed.
      if (!chat || chat.person_id === null || !chat.own) return { kind: 'chat', chatId: recipientKey };
      personId = chat.person_id;
    }
    const [person] = await this.sql<{ locale: string }[]>`select locale from people where id = ${personId}`;
    return { kind: 'person', personId, locale: person?.locale ?? 'vi', channels: person ? await this.channelsOf(personId) : [] };
  }

  async markOk(channel: PersonChannel, at: Date): Promise<void> {
    if (channel.id === null) return;
    await this.sql`update person_channels set last_ok_at = ${at}, updated_at = now() where id = ${channel.id}`;
  }

  async markUnreachable(channel: PersonChannel, reason: string, at: Date): Promise<void> {
    await this.sql.begin(async (tx) => {
      if (channel.kind === 'telegram') {
        await tx`update chats set active = false, inactive_reason = ${reason}, updated_at = now() where telegram_chat_id = ${channel.address}::bigint`;
      }
      if (channel.id !== null) {
        await tx`
          update person_channels set active = false, inactive_reason = ${reason}, last_failed_at = ${at}, last_error = ${reason}, updated_at = now()
          where id = ${channel.id}`;
      }
      await tx`
        insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
        values (${at}, 'system', 'channel.unreachable', 'person', ${String(channel.personId)}, 'ok',
                ${JSON.stringify({ kind: channel.kind, address: channel.address, reason })}::text::jsonb)`;
    });
  }

  async recordFallback(args: { reminderId: number | null; personId: number; from: PersonChannel; to: PersonChannel; reason: string; at: Date }): Promise<void> {
    await this.sql`
      insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
      values (${args.at}, 'system', 'channel.fallback', 'reminder', ${args.reminderId === null ? null : String(args.reminderId)}, 'ok',
              ${JSON.stringify({ personId: args.personId, from: { kind: args.from.kind, address: args.from.address }, to: { kind: args.to.kind, address: args.to.address }, reason: args.reason })}::text::jsonb)`;
  }

  async recordDelivery(args: { reminderId: number; channel: PersonChannel; messageId: string; at: Date }): Promise<void> {
    await this.sql`
      insert into channel_deliveries (reminder_id, person_id, kind, address, rank, message_id, sent_at)
      values (${args.reminderId}, ${args.channel.personId}, ${args.channel.kind}, ${args.channel.address}, ${args.channel.rank}, ${args.messageId}, ${args.at})`;
  }

  // ------------------------------------------------------------ fallback when unacknowledged

  async pendingFallbacks(sentBefore: Date, limit: number): Promise<PendingFallback[]> {
    const rows = await this.sql<{ id: string; reminder_id: string; person_id: number; rank: number; kind: string; address: string; recipient: string }[]>`
      select d.id, d.reminder_id, d.person_id, d.rank, d.kind::text as kind, d.address, r.recipient_chat_id::text as recipient
      from channel_deliveries d
      join reminders r on r.id = d.reminder_id
      join due_items i on i.id = r.due_item_id
      where d.fallback_at is null and d.sent_at <= ${sentBefore}
        and r.status = 'sent' and r.acknowledged_at is null and r.kind in ('reminder', 'escalation')
        and i.state in ${this.sql(CHASED)}
      order by d.id
      limit ${limit}`;
    return rows.map((r) => ({
      deliveryId: Number(r.id),
      reminderId: Number(r.reminder_id),
      personId: r.person_id,
      rank: r.rank,
      kind: isChannelKind(r.kind) ? r.kind : 'telegram',
      address: r.address,
      recipientKey: r.recipient,
    }));
  }

  async insertFallbackRow(args: { pending: PendingFallback; to: PersonChannel | null; at: Date; now: Date; reason?: string }): Promise<number | null> {
    return this.sql.begin(async (tx) => {
      const done = await tx`update channel_deliveries set fallback_at = ${args.now} where id = ${args.pending.deliveryId} and fallback_at is null`;
      if (done.count === 0 || args.to === null) return null;
      const [row] = await tx<{ id: string }[]>`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
        select r.due_item_id, r.kind, r.step, r.recipient_chat_id, ${`fb|${args.pending.reminderId}|${args.to.rank}`}, ${args.at},
               coalesce(r.payload, '{}'::jsonb) || ${JSON.stringify({ fallbackOf: args.pending.reminderId, channelRank: args.to.rank })}::text::jsonb
        from reminders r where r.id = ${args.pending.reminderId}
        on conflict (dedupe_key) do nothing
        returning id`;
      await tx`
        insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
        values (${args.now}, 'system', 'channel.fallback', 'reminder', ${String(args.pending.reminderId)}, 'ok',
                ${JSON.stringify({
                  personId: args.pending.personId,
                  from: { kind: args.pending.kind, address: args.pending.address },
                  to: { kind: args.to.kind, address: args.to.address },
                  reason: args.reason ?? 'unacknowledged',
                  fallbackReminderId: row ? Number(row.id) : null,
                })}::text::jsonb)`;
      return row ? Number(row.id) : null;
    });
  }

  // ------------------------------------------------------------ asynchronous bounces

  /**
   * The e-mail delivery of a reminder to an address (src/app/channels/bounce.ts): the person's channel, and the
   * delivery as a fallback candidate while the reminder is chased (as {@link pendingFallbacks} selects them).
   */
  async bounceTarget(reminderId: number, address: string): Promise<BounceTarget | null> {
    const [d] = await this.sql<{ id: string; reminder_id: string; person_id: number; rank: number; address: string; recipient: string; chased: boolean }[]>`
      select d.id, d.reminder_id, d.person_id, d.rank, d.address, r.recipient_chat_id::text as recipient,
             (d.fallback_at is null and r.status = 'sent' and r.kind in ('reminder', 'escalation')
              and exists (select 1 from due_items i where i.id = r.due_item_id and i.state in ${this.sql(CHASED)})) as chased
      from channel_deliveries d
      join reminders r on r.id = d.reminder_id
      where d.reminder_id = ${reminderId} and d.kind = 'email' and lower(d.address) = ${address.toLowerCase()}
      order by d.id desc
      limit 1`;
    if (!d) return null;
    const channel = (await this.channelsOf(d.person_id)).find((c) => c.kind === 'email' && c.address.toLowerCase() === d.address.toLowerCase());
    if (!channel) return null;
    return {
      channel,
      pending: d.chased
        ? { deliveryId: Number(d.id), reminderId: Number(d.reminder_id), personId: d.person_id, rank: d.rank, kind: 'email', address: d.address, recipientKey: d.recipient }
        : null,
    };
  }

  // ------------------------------------------------------------ administration

  async personPage(personId: number): Promise<PersonPage | null> {
    const [p] = await this.sql<{ id: number; name: string; locale: string; active: boolean }[]>`select id, name, locale, active from people where id = ${personId}`;
    if (!p) return null;
    const memberships = await this.sql<{ unit_id: number; unit_name: string; province: string; role: string }[]>`
      select m.unit_id, u.name as unit_name, u.province, m.role::text as role
      from memberships m join units u on u.id = m.unit_id where m.person_id = ${personId} and m.active order by m.id`;
    return {
      id: p.id,
      name: p.name,
      active: p.active,
      memberships: memberships.map((m) => ({ unitId: m.unit_id, unitName: m.unit_name, province: m.province, role: m.role })),
      channels: await this.channelsOf(personId),
    };
  }

  async addChannel(args: { personId: number; kind: ChannelKind; address: string; actor: string; actorPersonId: number | null; at: Date }): Promise<'added' | 'exists' | 'reactivated'> {
    return this.sql.begin(async (tx) => {
      const [rank] = await tx<{ next: number }[]>`select coalesce(max(rank), 0) + 10 as next from person_channels where person_id = ${args.personId}`;
      const [row] = await tx<{ id: number; inserted: boolean; was_active: boolean }[]>`
        insert into person_channels (person_id, kind, address, rank, created_by)
        values (${args.personId}, ${args.kind}, ${args.address}, ${rank!.next}, ${args.actor})
        on conflict (person_id, kind, address) do update set active = true, inactive_reason = null, updated_at = now()
        returning id, (xmax = 0) as inserted, true as was_active`;
      // The person may become reachable (or get a recipient key of their own): their units are replanned.
      await tx`
        insert into replan_units (unit_id) select distinct unit_id from memberships where person_id = ${args.personId} and active
        on conflict (unit_id) do update set seq = excluded.seq`;
      await tx`
        insert into audit_log (at, actor, actor_person_id, action, entity, entity_id, outcome, details)
        values (${args.at}, ${args.actor}, ${args.actorPersonId}, 'channel.add', 'person', ${String(args.personId)}, 'ok',
                ${JSON.stringify({ kind: args.kind, address: args.address, channelId: row!.id })}::text::jsonb)`;
      return row!.inserted ? 'added' : 'reactivated';
    });
  }

  async createPersonInvite(args: { personId: number; unitId: number; role: string; tokenHash: string; expiresAt: Date; createdBy: string; actorPersonId: number | null; at: Date }): Promise<number> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<{ id: number }[]>`
        insert into invites (token_hash, unit_id, role, expires_at, created_by, for_person_id)
        values (${args.tokenHash}, ${args.unitId}, ${args.role}::member_role, ${args.expiresAt}, ${args.createdBy}, ${args.personId})
        returning id`;
      await tx`
        insert into audit_log (at, actor, actor_person_id, action, entity, entity_id, outcome, details)
        values (${args.at}, ${args.createdBy}, ${args.actorPersonId}, 'invite.create', 'person', ${String(args.personId)}, 'ok',
                ${JSON.stringify({ inviteId: row!.id, channel: 'zalo', unitId: args.unitId, role: args.role, expiresAt: args.expiresAt.toISOString() })}::text::jsonb)`;
      return row!.id;
    });
  }

  async lastDeliveries(personIds: readonly number[]): Promise<Map<number, { kind: ChannelKind; address: string; at: Date }>> {
    const out = new Map<number, { kind: ChannelKind; address: string; at: Date }>();
    if (personIds.length === 0) return out;
    const rows = await this.sql<{ person_id: number; kind: string; address: string; sent_at: Date }[]>`
      select distinct on (person_id) person_id, kind::text as kind, address, sent_at from channel_deliveries
      where person_id = any(${personIds as number[]}::int[]) order by person_id, sent_at desc, id desc`;
    for (const r of rows) out.set(r.person_id, { kind: isChannelKind(r.kind) ? r.kind : 'telegram', address: r.address, at: r.sent_at });
    return out;
  }

  // ------------------------------------------------------------ one-tap links

  async actorForPerson(personId: number): Promise<Actor | null> {
    const rows = await this.sql<
      { id: number; name: string; locale: string; tg: string | null; membership_id: number | null; unit_id: number | null; role: Actor['memberships'][number]['role'] | null; unit_name: string | null; province: string | null }[]
    >`
      select p.id, p.name, p.locale, p.telegram_user_id::text as tg, m.id as membership_id, m.unit_id, m.role::text as role, u.name as unit_name, u.province
      from people p
      left join memberships m on m.person_id = p.id and m.active
      left join units u on u.id = m.unit_id
      where p.id = ${personId} and p.active
      order by m.id`;
    const first = rows[0];
    if (first === undefined) return null;
    return {
      personId: first.id,
      name: first.name,
      locale: first.locale,
      telegramUserId: first.tg ?? '0',
      memberships: rows
        .filter((r) => r.membership_id !== null)
        .map((r) => ({ id: r.membership_id!, unitId: r.unit_id!, unitName: r.unit_name!, province: r.province!, role: r.role! })),
    };
  }

  /** The recipient key a person's reminders carry (their private chat, else their person key). */
  async recipientKeyOf(personId: number): Promise<string> {
    const [c] = await this.sql<{ id: string }[]>`
      select telegram_chat_id::text as id from chats where person_id = ${personId} and kind = 'private' order by active desc, id limit 1`;
    return c?.id ?? String(PERSON_KEY_BASE + BigInt(personId));
  }

  async acknowledge(reminderId: number, personId: number, at: Date): Promise<void> {
    const key = await this.recipientKeyOf(personId);
    await this.sql`
      update reminders set acknowledged_at = ${at}, updated_at = now()
      where id = ${reminderId} and recipient_chat_id = ${key}::bigint and acknowledged_at is null`;
  }

  async unsubscribeDigests(personId: number, at: Date): Promise<number> {
    const res = await this.sql`
      update person_channels set digests = false, updated_at = now() where person_id = ${personId} and kind = 'email' and digests`;
    await this.sql`
      insert into audit_log (at, actor, actor_person_id, action, entity, entity_id, outcome, details)
      values (${at}, 'web', ${personId}, 'channel.unsubscribe_digests', 'person', ${String(personId)}, 'ok', ${JSON.stringify({ channels: res.count })}::text::jsonb)`;
    return res.count;
  }

  async audit(entry: { at: Date; actor?: string; actorPersonId: number | null; action: string; entity: string; entityId: string; outcome: 'ok' | 'refused'; details: Record<string, unknown> }): Promise<void> {
    await this.sql`
      insert into audit_log (at, actor, actor_person_id, action, entity, entity_id, outcome, details)
      values (${entry.at}, ${entry.actor ?? 'web'}, ${entry.actorPersonId}, ${entry.action}, ${entry.entity}, ${entry.entityId}, ${entry.outcome}, ${JSON.stringify(entry.details)}::text::jsonb)`;
  }
}
