/**
 * PostgreSQL implementation of the bot's store (src/app/bot/store.ts), on postgres.js. Each state change is one
 * transaction guarded by a conditional update, with its audit row written in the same transaction, so a double
 * press, a replayed update or two bot processes never apply a change twice. Every change to a due item bumps its
 * `revision` (a trigger then marks it for the reminder planner); a change of a unit's recipients marks the unit
 * (`replan_units`) instead of its items.
 */
import type postgres from 'postgres';
import type {
  Actor,
  AuditEntry,
  BotStore,
  CallbackTokenRecord,
  CallbackTokenSpec,
  CompleteItemResult,
  DecideCompletionResult,
  DecideExtensionResult,
  DueItemDetail,
  DueItemView,
  DueState,
  ExtensionDecision,
  ExtensionRecord,
  ItemDating,
  ItemListFilter,
  MemberRecord,
  MemberRole,
  NotifyTarget,
  PendingApprovals,
  PendingInput,
  PendingInputKind,
  ProvinceOverview,
  RedeemInviteInput,
  RedeemInviteResult,
  WaitingEventType,
  EventRepeatTarget,
  NewEventItem,
  WaitingItem,
  WaitingManualTask,
} from '../app/bot/store.js';
import type { Evidence } from '../app/bot/evidence.js';
import { normalizeName } from '../domain/units/normalize.js';
import { taskLabel } from '../domain/format/task-label.js';

type Sql = postgres.Sql;
type Tx = postgres.TransactionSql;
type Q = Sql | Tx;

const CHASED = `('open','overdue','extended')`;

/**
 * A CTE that turns off `synchronous_commit` for the (single-statement) transaction it runs in: a statement that
 * selects from it commits without waiting for its WAL flush, in one round trip. `set_config(…, true)` is local to
 * the transaction, and PostgreSQL reads the setting when that statement's implicit transaction commits.
 */
const NO_SYNC = `with no_sync as (select set_config('synchronous_commit', 'off', true) as v)`;

/**
 * The deadline rule in effect of task `t`: with the coordinator's choice of reading (`tasks.deadline_choice`,
 * `plan choose`) the chosen alternative's parts replace `parts`. The same rule as `readingInEffect`
 * (src/domain/expansion/confidence.ts): a choice for another cell text, or for a reading that does not exist, is ignored.
 */
const RULE_IN_EFFECT = `(case
    when jsonb_typeof(t.deadline_choice -> 'reading') = 'number'
      and (t.deadline_choice ->> 'reading')::int >= 2
      and t.deadline_choice ->> 'input' = t.deadline_rule ->> 'input'
      and jsonb_typeof(t.deadline_rule -> 'alternatives' -> ((t.deadline_choice ->> 'reading')::int - 2) -> 'parts') = 'array'
    then jsonb_set(t.deadline_rule, '{parts}', t.deadline_rule -> 'alternatives' -> ((t.deadline_choice ->> 'reading')::int - 2) -> 'parts')
    else t.deadline_rule end)`;

const ITEM_SELECT = `
  select d.id, d.state::text as state, d.due_date::text as due_date, d.nominal_due::text as nominal_due,
         d.occurrence_key, d.occurrence_label, d.waiting_event, d.revision, d.evidence, d.done_at,
         a.role::text as role, a.unit_id, u.name as unit_name, u.province,
         p.id as plan_id, p.title as plan_title, p.settings as plan_settings, p.period_start_year, p.period_end_year,
         t.id as task_id, t.number as task_number, t.key as task_key, t.title as task_title, t.output as task_output,
         t.deadline_text, ${RULE_IN_EFFECT} as deadline_rule
  from due_items d
  join task_assignments a on a.id = d.assignment_id
  join units u on u.id = a.unit_id
  join tasks t on t.id = a.task_id
  join plans p on p.id = t.plan_id`;

interface ItemRow {
  id: string;
  state: DueState;
  due_date: string | null;
  nominal_due: string | null;
  occurrence_key: string;
  occurrence_label: string;
  waiting_event: string | null;
  revision: number;
  evidence: Evidence | null;
  done_at: Date | null;
  role: 'lead' | 'support';
  unit_id: number;
  unit_name: string;
  province: string;
  plan_id: number;
  plan_title: string;
  plan_settings: Record<string, unknown> | null;
  period_start_year: number;
  period_end_year: number;
  task_id: number;
  task_number: string;
  task_key: string | null;
  task_title: string;
  task_output: string | null;
  deadline_text: string | null;
  deadline_rule: Record<string, unknown> | null;
}

function toItem(r: ItemRow): DueItemView {
  const settings = r.plan_settings ?? {};
  return {
    id: Number(r.id),
    state: r.state,
    dueDate: r.due_date,
    nominalDue: r.nominal_due,
    occurrenceKey: r.occurrence_key,
    occurrenceLabel: r.occurrence_label,
    waitingEvent: r.waiting_event,
    revision: r.revision,
    evidence: r.evidence,
    doneAt: r.done_at,
    role: r.role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    province: r.province,
    planId: r.plan_id,
    planTitle: r.plan_title,
    planSettings: typeof settings.completionNeedsApproval === 'boolean' ? { completionNeedsApproval: settings.completionNeedsApproval } : {},
    periodStartYear: r.period_start_year,
    periodEndYear: r.period_end_year,
    taskId: r.task_id,
    taskNumber: taskLabel({ key: r.task_key, number: r.task_number }),
    taskTitle: r.task_title,
    taskOutput: r.task_output,
    deadlineText: r.deadline_text,
    deadlineRule: r.deadline_rule,
  };
}

const EXTENSION_SELECT = `
  select e.id, e.due_item_id, e.status::text as status, e.reason, e.proposed_date::text as proposed_date,
         e.previous_due_date::text as previous_due_date, e.counter_date::text as counter_date,
         rp.name as requested_by_name, dp.name as decided_by_name, e.created_at, e.decided_at,
         e.requested_by_person_id
  from extension_requests e
  left join people rp on rp.id = e.requested_by_person_id
  left join people dp on dp.id = e.decided_by_person_id`;

interface ExtensionRow {
  id: number;
  due_item_id: string;
  status: ExtensionRecord['status'];
  reason: string;
  proposed_date: string;
  previous_due_date: string | null;
  counter_date: string | null;
  requested_by_name: string | null;
  decided_by_name: string | null;
  created_at: Date;
  decided_at: Date | null;
  requested_by_person_id: number | null;
}

function toExtension(r: ExtensionRow): ExtensionRecord {
  return {
    id: r.id,
    dueItemId: Number(r.due_item_id),
    status: r.status,
    reason: r.reason,
    proposedDate: r.proposed_date,
    previousDueDate: r.previous_due_date,
    counterDate: r.counter_date,
    requestedByName: r.requested_by_name,
    decidedByName: r.decided_by_name,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * The bot's store on PostgreSQL.
 *
 * Durability: only writes that steer the conversation — processed update ids and pending questions — commit with
 * `synchronous_commit = off`: a PostgreSQL crash may lose the last fraction of a second of them (never corrupt
 * anything), and nothing depends on them for correctness (every state change is guarded by its own conditional
 * update). They do not wait for a WAL flush, which is most of a button press's time on a slow disk. Every audit row
 * (refusals included: an audit trail must not lose rows), reminder acknowledgement and state change (completion,
 * decision, extension, event, membership) commits synchronously, a state change together with its audit row.
 */
export class PostgresBotStore implements BotStore {
  constructor(private readonly sql: Sql) {}

  // ------------------------------------------------------------ updates, actors, audit

  async markUpdateProcessed(updateId: number): Promise<boolean> {
    const rows = await this.sql`
      ${this.sql.unsafe(NO_SYNC)} insert into processed_updates (update_id) select ${updateId}::bigint from no_sync
      on conflict do nothing returning update_id`;
    return rows.length === 1;
  }

  async forgetUpdate(updateId: number): Promise<void> {
    await this.sql`delete from processed_updates where update_id = ${updateId}`;
  }

  async findActor(telegramUserId: string): Promise<Actor | null> {
    const rows = await this.sql<
      { id: number; name: string; locale: string; membership_id: number | null; unit_id: number | null; role: MemberRole | null; unit_name: string | null; province: string | null }[]
    >`
      select p.id, p.name, p.locale, m.id as membership_id, m.unit_id, m.role::text as role, u.name as unit_name, u.province
      from people p
      left join memberships m on m.person_id = p.id and m.active
      left join units u on u.id = m.unit_id
      where p.telegram_user_id = ${telegramUserId}::bigint and p.active
      order by m.id`;
    const first = rows[0];
    if (first === undefined) return null;
    return {
      personId: first.id,
      name: first.name,
      locale: first.locale,
      telegramUserId,
      memberships: rows
        .filter((r) => r.membership_id !== null)
        .map((r) => ({ id: r.membership_id!, unitId: r.unit_id!, unitName: r.unit_name!, province: r.province!, role: r.role! })),
    };
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.writeAudit(this.sql, entry);
  }

  /**
   * Inside a transaction the row commits with it; on its own it commits synchronously like any state change: an
   * audit trail must not lose rows (a refusal is often the only trace of a forged button or a replayed invite).
   */
  private async writeAudit(q: Q, e: AuditEntry): Promise<void> {
    await q`
      insert into audit_log (actor, actor_person_id, actor_telegram_id, action, entity, entity_id, chat_id, outcome, details)
      values (${e.actor ?? 'bot'}, ${e.actorPersonId ?? null}::int, ${e.actorTelegramId ?? null}::bigint, ${e.action}, ${e.entity ?? null},
             ${e.entityId === undefined ? null : String(e.entityId)}, ${e.chatId ?? null}::bigint, ${e.outcome},
             ${e.details === undefined ? null : json(e.details)}::text::jsonb)`;
  }

  // ------------------------------------------------------------ membership

  async redeemInvite(input: RedeemInviteInput): Promise<RedeemInviteResult> {
    return this.sql.begin(async (tx) => {
      const [invite] = await tx<{ id: number; unit_id: number; role: MemberRole; expires_at: Date; used_at: Date | null; for_person_id: number | null }[]>`
        select id, unit_id, role::text as role, expires_at, used_at, for_person_id from invites where token_hash = ${input.tokenHash} for update`;
      // A person's Zalo invite (web console /people/:id) is not a Telegram invite: it would make another person.
      if (invite === undefined || invite.for_person_id !== null) return { status: 'invalid' as const };
      if (invite.used_at !== null) return { status: 'used' as const };
      if (invite.expires_at.getTime() <= input.now.getTime()) return { status: 'expired' as const };
      const [unit] = await tx<{ name: string; province: string }[]>`select name, province from units where id = ${invite.unit_id}`;
      const group = input.chat.kind !== 'private';
      let personId: number | null = null;
      if (!group) {
        const name = [input.user.firstName, input.user.lastName].filter(Boolean).join(' ') || input.user.username || `Telegram ${input.user.id}`;
        const locale = input.user.languageCode?.startsWith('en') ? 'en' : 'vi';
        const [person] = await tx<{ id: number }[]>`
          insert into people (name, telegram_user_id, locale) values (${name}, ${input.user.id}::bigint, ${locale})
          on conflict (telegram_user_id) do update set name = excluded.name, active = true
          returning id`;
        personId = person!.id;
        await tx`
          insert into memberships (person_id, unit_id, role) values (${personId}, ${invite.unit_id}, ${invite.role})
          on conflict (person_id, unit_id, role) do update set active = true, revoked_at = null`;
        await tx`
          insert into chats (telegram_chat_id, kind, title, person_id, active)
          values (${input.chat.id}::bigint, 'private', ${input.chat.title ?? null}, ${personId}, true)
          on conflict (telegram_chat_id) do update
            set person_id = excluded.person_id, kind = excluded.kind, active = true, inactive_reason = null, updated_at = now()`;
      } else {
        await tx`
          insert into chats (telegram_chat_id, kind, title, unit_id, active)
          values (${input.chat.id}::bigint, ${input.chat.kind}, ${input.chat.title ?? null}, ${invite.unit_id}, true)
          on conflict (telegram_chat_id) do update
            set unit_id = excluded.unit_id, kind = excluded.kind, title = excluded.title, active = true, inactive_reason = null,
                updated_at = now()`;
      }
      await tx`
        update invites set used_at = ${input.now}, used_by_person_id = ${personId}, used_in_chat_id = ${input.chat.id}::bigint
        where id = ${invite.id}`;
      // The unit's (or, for province roles, the province's) recipients changed: replan what they are chased for.
      const bumped =
        group || invite.role === 'focal' || invite.role === 'head'
          ? await this.bumpUnits(tx, [invite.unit_id])
          : await this.bumpProvince(tx, unit!.province);
      const [open] = await tx<{ n: number }[]>`
        select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id
        where a.unit_id = ${invite.unit_id} and d.state in ${tx.unsafe(CHASED)}`;
      await this.writeAudit(tx, {
        actorPersonId: personId,
        actorTelegramId: input.user.id,
        chatId: input.chat.id,
        action: 'invite.redeem',
        entity: 'invite',
        entityId: invite.id,
        outcome: 'ok',
        details: { unitId: invite.unit_id, role: invite.role, group },
      });
      return {
        status: 'ok' as const,
        unitId: invite.unit_id,
        unitName: unit!.name,
        province: unit!.province,
        role: invite.role,
        group,
        personId,
        bumped,
        openItems: open?.n ?? 0,
      };
    });
  }

  /**
   * The units' recipients changed: marks the units for the reminder planner (`replan_units`), which replans only
   * the items whose plan this changes (src/app/reminders/README.md, "Replanning cost"). Writes one row per unit,
   * none per due item. Returns how many units were marked.
   */
  private async bumpUnits(q: Q, unitIds: readonly number[]): Promise<number> {
    if (unitIds.length === 0) return 0;
    const res = await q`
      insert into replan_units (unit_id) select unnest(${unitIds as number[]}::int[])
      on conflict (unit_id) do update set seq = excluded.seq`;
    return res.count;
  }

  /** A coordinator's or a leader's change: every unit of the province is marked (see `bumpUnits`). */
  private async bumpProvince(q: Q, province: string): Promise<number> {
    const res = await q`
      insert into replan_units (unit_id) select id from units where province = ${province}
      on conflict (unit_id) do update set seq = excluded.seq`;
    return res.count;
  }

  async findUnit(province: string, ref: string): Promise<{ id: number; name: string; province: string; code: string } | null> {
    const units = await this.sql<{ id: number; name: string; province: string; code: string }[]>`
      select id, name, province, code from units where province = ${province} order by id`;
    const trimmed = ref.trim();
    const byCode = units.find((u) => u.code === trimmed) ?? (/^\d+$/.test(trimmed) ? units.find((u) => u.id === Number(trimmed)) : undefined);
    if (byCode !== undefined) return byCode;
    const key = normalizeName(trimmed);
    if (key === '') return null;
    const byName = units.filter((u) => normalizeName(u.name) === key);
    if (byName.length === 1) return byName[0]!;
    const aliases = await this.sql<{ unit_id: number }[]>`
      select distinct a.unit_id from unit_aliases a join units u on u.id = a.unit_id
      where u.province = ${province} and a.normalized = ${key}`;
    if (aliases.length === 1) return units.find((u) => u.id === aliases[0]!.unit_id) ?? null;
    return null;
  }

  async createInvite(
    input: { tokenHash: string; unitId: number; role: MemberRole; expiresAt: Date; createdBy: string },
    audit: AuditEntry,
  ): Promise<number> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<{ id: number }[]>`
        insert into invites (token_hash, unit_id, role, expires_at, created_by)
        values (${input.tokenHash}, ${input.unitId}, ${input.role}, ${input.expiresAt}, ${input.createdBy})
        returning id`;
      await this.writeAudit(tx, { ...audit, details: { ...audit.details, inviteId: row!.id } });
      return row!.id;
    });
  }

  async leave(personId: number, audit: AuditEntry): Promise<{ memberships: number; bumped: number }> {
    return this.sql.begin(async (tx) => {
      const rows = await tx<{ unit_id: number; role: MemberRole; province: string }[]>`
        update memberships m set active = false, revoked_at = now()
        from units u
        where u.id = m.unit_id and m.person_id = ${personId} and m.active
        returning m.unit_id, m.role::text as role, u.province`;
      const bumped = await this.bumpForMemberships(tx, rows);
      await this.writeAudit(tx, { ...audit, details: { ...audit.details, memberships: rows.length } });
      return { memberships: rows.length, bumped };
    });
  }

  private async bumpForMemberships(q: Q, rows: readonly { unit_id: number; role: MemberRole; province: string }[]): Promise<number> {
    let bumped = await this.bumpUnits(
      q,
      [...new Set(rows.filter((r) => r.role === 'focal' || r.role === 'head').map((r) => r.unit_id))],
    );
    for (const province of new Set(rows.filter((r) => r.role === 'coordinator' || r.role === 'leader').map((r) => r.province))) {
      bumped += await this.bumpProvince(q, province);
    }
    return bumped;
  }

  async membersOfUnit(province: string, unitRef: string): Promise<MemberRecord[]> {
    const unit = await this.findUnit(province, unitRef);
    if (unit === null) return [];
    const rows = await this.sql<{ membership_id: number; person_id: number; person_name: string; role: MemberRole }[]>`
      select m.id as membership_id, p.id as person_id, p.name as person_name, m.role::text as role
      from memberships m join people p on p.id = m.person_id
      where m.unit_id = ${unit.id} and m.active
      order by m.role, p.name`;
    return rows.map((r) => ({
      membershipId: r.membership_id,
      personId: r.person_id,
      personName: r.person_name,
      unitId: unit.id,
      unitName: unit.name,
      province: unit.province,
      role: r.role,
    }));
  }

  async revokeMembership(membershipId: number, province: string, audit: AuditEntry): Promise<{ revoked: MemberRecord | null; bumped: number }> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<{ unit_id: number; role: MemberRole; province: string; person_id: number; unit_name: string }[]>`
        update memberships m set active = false, revoked_at = now()
        from units u
        where u.id = m.unit_id and m.id = ${membershipId} and m.active and u.province = ${province}
        returning m.unit_id, m.role::text as role, u.province, m.person_id, u.name as unit_name`;
      if (row === undefined) return { revoked: null, bumped: 0 };
      const [person] = await tx<{ name: string }[]>`select name from people where id = ${row.person_id}`;
      const bumped = await this.bumpForMemberships(tx, [row]);
      await this.writeAudit(tx, audit);
      return {
        revoked: {
          membershipId,
          personId: row.person_id,
          personName: person?.name ?? '',
          unitId: row.unit_id,
          unitName: row.unit_name,
          province: row.province,
          role: row.role,
        },
        bumped,
      };
    });
  }

  // ------------------------------------------------------------ tokens, reminders, pending inputs

  async issueTokens(specs: readonly CallbackTokenSpec[]): Promise<void> {
    if (specs.length === 0) return;
    await this.sql`
      insert into callback_tokens (token, action, due_item_id, payload, expires_at)
      select v.token, v.action, v.due_item_id, v.payload::jsonb, v.expires_at
      from unnest(
        ${specs.map((s) => s.token)}::text[],
        ${specs.map((s) => s.action)}::text[],
        ${specs.map((s) => (s.dueItemId ?? null) as number)}::bigint[],
        ${specs.map((s) => json(s.payload ?? {}))}::text[],
        ${specs.map((s) => s.expiresAt.toISOString())}::timestamptz[]
      ) as v(token, action, due_item_id, payload, expires_at)`;
  }

  async readToken(token: string): Promise<CallbackTokenRecord | null> {
    const [row] = await this.sql<{ token: string; action: string; due_item_id: string | null; payload: Record<string, unknown> | null; expires_at: Date; used_at: Date | null }[]>`
      select token, action, due_item_id, payload, expires_at, used_at from callback_tokens where token = ${token}`;
    if (row === undefined) return null;
    return {
      token: row.token,
      action: row.action,
      dueItemId: row.due_item_id === null ? null : Number(row.due_item_id),
      payload: row.payload ?? {},
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  async useToken(token: string, now: Date): Promise<boolean> {
    const res = await this.sql`update callback_tokens set used_at = ${now} where token = ${token} and used_at is null`;
    return res.count === 1;
  }

  async acknowledgeReminder(input: { reminderId?: number; chatId: string; messageId?: number; now: Date }): Promise<number> {
    if (input.reminderId === undefined && input.messageId === undefined) return 0;
    // By id (the token knows its reminder) or by the message the button sat on; only in the chat it was sent to.
    const res = await this.sql`
      update reminders set acknowledged_at = ${input.now}, updated_at = now()
      where recipient_chat_id = ${input.chatId}::bigint and acknowledged_at is null
        and (id = ${input.reminderId ?? null}::bigint or telegram_message_id = ${input.messageId ?? null}::bigint)`;
    return res.count;
  }

  async reminderItemByMessage(chatId: string, messageId: number): Promise<{ reminderId: number; dueItemId: number | null } | null> {
    const [row] = await this.sql<{ id: string; due_item_id: string | null }[]>`
      select id, due_item_id from reminders
      where recipient_chat_id = ${chatId}::bigint and telegram_message_id = ${messageId}
      order by id desc limit 1`;
    return row === undefined ? null : { reminderId: Number(row.id), dueItemId: row.due_item_id === null ? null : Number(row.due_item_id) };
  }

  async setPendingInput(input: PendingInput): Promise<void> {
    await this.sql`
      ${this.sql.unsafe(NO_SYNC)}
      insert into bot_pending_inputs (chat_id, user_id, kind, due_item_id, payload, expires_at)
      select ${input.chatId}::bigint, ${input.userId}::bigint, ${input.kind}, ${input.dueItemId}::bigint, ${json(input.payload)}::text::jsonb,
             ${input.expiresAt}::timestamptz
      from no_sync
      on conflict (chat_id, user_id) do update
        set kind = excluded.kind, due_item_id = excluded.due_item_id, payload = excluded.payload,
            expires_at = excluded.expires_at, created_at = now()`;
  }

  async getPendingInput(chatId: string, userId: string, now: Date): Promise<PendingInput | null> {
    const [row] = await this.sql<{ kind: PendingInputKind; due_item_id: string | null; payload: Record<string, unknown>; expires_at: Date }[]>`
      select kind, due_item_id, payload, expires_at from bot_pending_inputs
      where chat_id = ${chatId}::bigint and user_id = ${userId}::bigint and expires_at > ${now}`;
    if (row === undefined) return null;
    return {
      chatId,
      userId,
      kind: row.kind,
      dueItemId: row.due_item_id === null ? null : Number(row.due_item_id),
      payload: row.payload,
      expiresAt: row.expires_at,
    };
  }

  async clearPendingInput(chatId: string, userId: string): Promise<void> {
    await this.sql`
      ${this.sql.unsafe(NO_SYNC)}
      delete from bot_pending_inputs using no_sync where chat_id = ${chatId}::bigint and user_id = ${userId}::bigint`;
  }

  // ------------------------------------------------------------ items

  async loadItem(id: number): Promise<DueItemView | null> {
    return this.loadItemWith(this.sql, id);
  }

  private async loadItemWith(q: Q, id: number): Promise<DueItemView | null> {
    const [row] = await q<ItemRow[]>`${q.unsafe(ITEM_SELECT)} where d.id = ${id}`;
    return row === undefined ? null : toItem(row);
  }

  async listItems(unitIds: readonly number[], filter: ItemListFilter, limit: number): Promise<{ items: DueItemView[]; total: number }> {
    if (unitIds.length === 0) return { items: [], total: 0 };
    const states = filter.includePending === false ? ['open', 'overdue', 'extended'] : ['open', 'overdue', 'extended', 'pending_approval'];
    const rows = await this.sql<(ItemRow & { total: number })[]>`
      ${this.sql.unsafe(ITEM_SELECT.replace('select d.id,', 'select count(*) over ()::int as total, d.id,'))}
      where a.unit_id = any(${unitIds as number[]}::int[])
        and p.status = 'published'
        and d.state::text = any(${states}::text[])
        and d.due_date is not null
        and (${filter.dueFrom ?? null}::date is null or d.due_date >= ${filter.dueFrom ?? null}::date)
        and (${filter.dueTo ?? null}::date is null or d.due_date <= ${filter.dueTo ?? null}::date)
        and (${filter.dueBefore ?? null}::date is null or d.due_date < ${filter.dueBefore ?? null}::date)
      order by d.due_date, t.position, d.id
      limit ${limit}`;
    return { items: rows.map(toItem), total: rows[0]?.total ?? 0 };
  }

  async itemDetail(id: number): Promise<DueItemDetail | null> {
    const item = await this.loadItem(id);
    if (item === null) return null;
    const siblings = await this.sql<{ id: string; unit_id: number; unit_name: string; role: 'lead' | 'support'; state: DueState; due_date: string | null }[]>`
      select d.id, a.unit_id, u.name as unit_name, a.role::text as role, d.state::text as state, d.due_date::text as due_date
      from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where a.task_id = ${item.taskId} and d.occurrence_key = ${item.occurrenceKey} and d.id <> ${id}
      order by a.role, u.name`;
    const extensions = await this.sql<ExtensionRow[]>`${this.sql.unsafe(EXTENSION_SELECT)} where e.due_item_id = ${id} order by e.created_at, e.id`;
    const notes = await this.sql<{ text: string; person_name: string | null; created_at: Date }[]>`
      select n.text, p.name as person_name, n.created_at from due_item_notes n left join people p on p.id = n.person_id
      where n.due_item_id = ${id} order by n.created_at desc, n.id desc limit 3`;
    return {
      item,
      siblings: siblings.map((s) => ({
        dueItemId: Number(s.id),
        unitId: s.unit_id,
        unitName: s.unit_name,
        role: s.role,
        state: s.state,
        dueDate: s.due_date,
      })),
      extensions: extensions.map(toExtension),
      notes: notes.map((n) => ({ text: n.text, personName: n.person_name, createdAt: n.created_at })),
    };
  }

  async completeItem(input: {
    itemId: number;
    personId: number;
    evidence: Evidence;
    needsApproval: boolean;
    now: Date;
    audit: AuditEntry;
  }): Promise<CompleteItemResult> {
    return this.sql.begin(async (tx) => {
      const state = input.needsApproval ? 'pending_approval' : 'done';
      const res = await tx`
        update due_items
        set state = ${state}, evidence = ${json(input.evidence)}::text::jsonb, done_at = ${input.now}, done_by_person_id = ${input.personId},
            revision = revision + 1, updated_at = now()
        where id = ${input.itemId} and state in ${tx.unsafe(CHASED)}`;
      if (res.count === 0) {
        const [row] = await tx<{ state: DueState }[]>`select state::text as state from due_items where id = ${input.itemId}`;
        return { status: 'not_actionable' as const, state: row?.state ?? 'waived' };
      }
      if (input.evidence.fileId !== undefined)
        // Kept by the evidence archiver (src/app/evidence): a file_id is only valid for this bot.
        await tx`
          insert into evidence_files (due_item_id, telegram_file_id, file_name)
          values (${input.itemId}, ${input.evidence.fileId}, ${input.evidence.fileName ?? 'tep'})
          on conflict (due_item_id, telegram_file_id) do nothing`;
      await this.writeAudit(tx, input.audit);
      const item = await this.loadItemWith(tx, input.itemId);
      return { status: 'ok' as const, state, item: item! };
    });
  }

  async decideCompletion(input: { itemId: number; approve: boolean; personId: number; now: Date; audit: AuditEntry }): Promise<DecideCompletionResult> {
    return this.sql.begin(async (tx) => {
      const [current] = await tx<{ state: DueState; done_by_person_id: number | null }[]>`
        select state::text as state, done_by_person_id from due_items where id = ${input.itemId} for update`;
      if (current === undefined || current.state !== 'pending_approval') {
        return { status: 'not_pending' as const, state: current?.state ?? 'waived' };
      }
      if (input.approve) {
        await tx`update due_items set state = 'done', revision = revision + 1, updated_at = now() where id = ${input.itemId}`;
      } else {
        // Back to being chased; an item whose date was extended stays `extended`.
        await tx`
          update due_items d
          set state = (case when exists (select 1 from extension_requests e where e.due_item_id = d.id and e.status in ('approved', 'countered'))
                            then 'extended' else 'open' end)::due_state,
              evidence = null, done_at = null, done_by_person_id = null, revision = d.revision + 1, updated_at = now()
          where d.id = ${input.itemId}`;
      }
      await this.writeAudit(tx, { ...input.audit, details: { ...input.audit.details, reporterPersonId: current.done_by_person_id } });
      const item = await this.loadItemWith(tx, input.itemId);
      return { status: 'ok' as const, state: item!.state, item: item!, reporterPersonId: current.done_by_person_id };
    });
  }

  // ------------------------------------------------------------ extensions and notes

  async pendingExtension(itemId: number): Promise<ExtensionRecord | null> {
    const [row] = await this.sql<ExtensionRow[]>`${this.sql.unsafe(EXTENSION_SELECT)} where e.due_item_id = ${itemId} and e.status = 'pending' order by e.id limit 1`;
    return row === undefined ? null : toExtension(row);
  }

  async loadExtension(id: number): Promise<ExtensionRecord | null> {
    const [row] = await this.sql<ExtensionRow[]>`${this.sql.unsafe(EXTENSION_SELECT)} where e.id = ${id}`;
    return row === undefined ? null : toExtension(row);
  }

  async createExtensionRequest(input: {
    itemId: number;
    personId: number;
    reason: string;
    proposedDate: string;
    now: Date;
    audit: AuditEntry;
  }): Promise<{ status: 'ok'; request: ExtensionRecord } | { status: 'already_pending'; request: ExtensionRecord } | { status: 'not_actionable'; state: DueState }> {
    return this.sql.begin(async (tx) => {
      const [item] = await tx<{ state: DueState; due_date: string | null }[]>`
        select state::text as state, due_date::text as due_date from due_items where id = ${input.itemId} for update`;
      if (item === undefined || !['open', 'overdue', 'extended'].includes(item.state)) {
        return { status: 'not_actionable' as const, state: item?.state ?? 'waived' };
      }
      const [pending] = await tx<ExtensionRow[]>`${tx.unsafe(EXTENSION_SELECT)} where e.due_item_id = ${input.itemId} and e.status = 'pending' limit 1`;
      if (pending !== undefined) return { status: 'already_pending' as const, request: toExtension(pending) };
      const [created] = await tx<{ id: number }[]>`
        insert into extension_requests (due_item_id, requested_by_person_id, reason, proposed_date, previous_due_date, created_at)
        values (${input.itemId}, ${input.personId}, ${input.reason}, ${input.proposedDate}::date, ${item.due_date}::date, ${input.now})
        returning id`;
      await this.writeAudit(tx, { ...input.audit, details: { ...input.audit.details, requestId: created!.id } });
      const [row] = await tx<ExtensionRow[]>`${tx.unsafe(EXTENSION_SELECT)} where e.id = ${created!.id}`;
      return { status: 'ok' as const, request: toExtension(row!) };
    });
  }

  async decideExtension(input: {
    requestId: number;
    decision: ExtensionDecision;
    personId: number;
    note?: string;
    now: Date;
    audit: AuditEntry;
  }): Promise<DecideExtensionResult> {
    return this.sql.begin(async (tx) => {
      const [current] = await tx<ExtensionRow[]>`
        ${tx.unsafe(EXTENSION_SELECT)} where e.id = ${input.requestId} for update of e`;
      if (current === undefined || current.status !== 'pending') {
        return { status: 'not_pending' as const, request: current === undefined ? null : toExtension(current) };
      }
      const d = input.decision;
      const status = d.kind === 'approve' ? 'approved' : d.kind === 'counter' ? 'countered' : 'rejected';
      await tx`
        update extension_requests
        set status = ${status}, counter_date = ${d.kind === 'counter' ? d.nominalDue : null}::date,
            decided_by_person_id = ${input.personId}, decided_at = ${input.now}, decision_note = ${input.note ?? null}
        where id = ${input.requestId}`;
      let moved = false;
      if (d.kind !== 'reject') {
        // A done or waived item keeps its state; an item awaiting approval keeps it too, with the new date.
        const res = await tx`
          update due_items
          set due_date = ${d.dueDate}::date, nominal_due = ${d.nominalDue}::date, due_at = ${d.dueAt}::timestamptz,
              state = (case when state in ${tx.unsafe(CHASED)} then 'extended' else state::text end)::due_state,
              revision = revision + 1, updated_at = now()
          where id = ${current.due_item_id} and state in ('open', 'overdue', 'extended', 'pending_approval')`;
        moved = res.count > 0;
      }
      await this.writeAudit(tx, { ...input.audit, details: { ...input.audit.details, moved } });
      const [row] = await tx<ExtensionRow[]>`${tx.unsafe(EXTENSION_SELECT)} where e.id = ${input.requestId}`;
      const item = await this.loadItemWith(tx, Number(current.due_item_id));
      return { status: 'ok' as const, request: toExtension(row!), item: item!, requestedByPersonId: current.requested_by_person_id, moved };
    });
  }

  async addNote(input: { itemId: number; personId: number; text: string; now: Date; audit: AuditEntry }): Promise<void> {
    await this.sql.begin(async (tx) => {
      await tx`insert into due_item_notes (due_item_id, person_id, text, created_at) values (${input.itemId}, ${input.personId}, ${input.text}, ${input.now})`;
      await this.writeAudit(tx, input.audit);
    });
  }

  // ------------------------------------------------------------ recipients

  async unitTargets(unitId: number, roles: readonly MemberRole[], groups: boolean): Promise<NotifyTarget[]> {
    const rows = await this.sql<{ chat_id: string; locale: string; person_id: number }[]>`
      select distinct c.telegram_chat_id::text as chat_id, p.locale, p.id as person_id
      from memberships m
      join people p on p.id = m.person_id and p.active
      join chats c on c.person_id = p.id and c.active and c.kind = 'private'
      where m.unit_id = ${unitId} and m.active and m.role::text = any(${roles as string[]}::text[])
      order by person_id`;
    const out: NotifyTarget[] = rows.map((r) => ({ chatId: r.chat_id, locale: r.locale, personId: r.person_id }));
    if (groups) {
      const g = await this.sql<{ chat_id: string }[]>`
        select telegram_chat_id::text as chat_id from chats
        where unit_id = ${unitId} and active and kind in ('group', 'supergroup') order by id`;
      out.push(...g.map((r) => ({ chatId: r.chat_id, locale: 'vi', personId: null })));
    }
    return out;
  }

  async provinceTargets(province: string, role: 'coordinator' | 'leader'): Promise<NotifyTarget[]> {
    const rows = await this.sql<{ chat_id: string; locale: string; person_id: number }[]>`
      select distinct c.telegram_chat_id::text as chat_id, p.locale, p.id as person_id
      from memberships m
      join units u on u.id = m.unit_id and u.province = ${province}
      join people p on p.id = m.person_id and p.active
      join chats c on c.person_id = p.id and c.active and c.kind = 'private'
      where m.active and m.role = ${role}
      order by person_id`;
    return rows.map((r) => ({ chatId: r.chat_id, locale: r.locale, personId: r.person_id }));
  }

  async personTargets(personId: number): Promise<NotifyTarget[]> {
    const rows = await this.sql<{ chat_id: string; locale: string }[]>`
      select c.telegram_chat_id::text as chat_id, p.locale
      from people p join chats c on c.person_id = p.id and c.active and c.kind = 'private'
      where p.id = ${personId} and p.active`;
    return rows.map((r) => ({ chatId: r.chat_id, locale: r.locale, personId }));
  }

  // ------------------------------------------------------------ events and on-demand dates

  async eventTypes(province: string): Promise<WaitingEventType[]> {
    const rows = await this.sql<{ slug: string; event_text: string | null; items: number; tasks: number }[]>`
      with parts as (
        select t.id as task_id, x ->> 'event' as slug, x ->> 'eventText' as event_text
        from tasks t
        join plans p on p.id = t.plan_id
        cross join lateral jsonb_array_elements(coalesce(${this.sql.unsafe(RULE_IN_EFFECT)} -> 'parts', '[]'::jsonb)) x
        where p.province = ${province} and p.status = 'published' and t.withdrawn_at is null
          and x ->> 'kind' = 'event' and x ->> 'event' is not null
          and exists (select 1 from task_assignments a where a.task_id = t.id)
      )
      select pt.slug, min(pt.event_text) as event_text, count(distinct pt.task_id)::int as tasks,
             (select count(*)::int from due_items d
                join task_assignments a on a.id = d.assignment_id
                join tasks t on t.id = a.task_id
                join plans p on p.id = t.plan_id
              where p.province = ${province} and p.status = 'published' and d.state = 'waiting' and d.waiting_event = pt.slug) as items
      from parts pt
      group by pt.slug
      order by items desc, tasks desc, pt.slug`;
    return rows.map((r) => ({ slug: r.slug, eventText: r.event_text, items: r.items, tasks: r.tasks }));
  }

  async eventRepeatTargets(province: string, slug: string): Promise<EventRepeatTarget[]> {
    const rows = await this.sql<
      {
        assignment_id: number;
        task_id: number;
        task_number: string;
        task_key: string | null;
        task_title: string;
        deadline_rule: Record<string, unknown> | null;
        period_start_year: number;
        period_end_year: number;
        effective_from: string | null;
        effective_to: string | null;
      }[]
    >`
      select a.id as assignment_id, t.id as task_id, t.number as task_number, t.key as task_key, t.title as task_title,
             ${this.sql.unsafe(RULE_IN_EFFECT)} as deadline_rule,
             p.period_start_year, p.period_end_year, u.effective_from::text as effective_from, u.effective_to::text as effective_to
      from task_assignments a
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      join units u on u.id = a.unit_id
      where p.province = ${province} and p.status = 'published' and t.withdrawn_at is null
        and exists (select 1 from jsonb_array_elements(coalesce(${this.sql.unsafe(RULE_IN_EFFECT)} -> 'parts', '[]'::jsonb)) x
                    where x ->> 'kind' = 'event' and x ->> 'event' = ${slug})
        and not exists (select 1 from due_items d where d.assignment_id = a.id and d.state = 'waiting' and d.waiting_event = ${slug})
      order by t.position, a.id`;
    return rows.map((r) => ({
      assignmentId: r.assignment_id,
      taskId: r.task_id,
      taskNumber: taskLabel({ key: r.task_key, number: r.task_number }),
      taskTitle: r.task_title,
      deadlineRule: r.deadline_rule,
      periodStartYear: r.period_start_year,
      periodEndYear: r.period_end_year,
      unitEffectiveFrom: r.effective_from,
      unitEffectiveTo: r.effective_to,
    }));
  }

  private async waitingItems(province: string, where: postgres.PendingQuery<postgres.Row[]>): Promise<WaitingItem[]> {
    const rows = await this.sql<
      {
        id: string;
        revision: number;
        occurrence_key: string;
        occurrence_label: string;
        task_id: number;
        task_number: string;
        task_key: string | null;
        task_title: string;
        unit_id: number;
        deadline_rule: Record<string, unknown> | null;
        period_start_year: number;
        period_end_year: number;
      }[]
    >`
      select d.id, d.revision, d.occurrence_key, d.occurrence_label, t.id as task_id, t.number as task_number,
             t.key as task_key, t.title as task_title, a.unit_id, ${this.sql.unsafe(RULE_IN_EFFECT)} as deadline_rule,
             p.period_start_year, p.period_end_year
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      where p.province = ${province} and p.status = 'published' and d.state = 'waiting' and ${where}
      order by t.position, d.id`;
    return rows.map((r) => ({
      id: Number(r.id),
      revision: r.revision,
      occurrenceKey: r.occurrence_key,
      occurrenceLabel: r.occurrence_label,
      taskId: r.task_id,
      taskNumber: taskLabel({ key: r.task_key, number: r.task_number }),
      taskTitle: r.task_title,
      unitId: r.unit_id,
      deadlineRule: r.deadline_rule,
      periodStartYear: r.period_start_year,
      periodEndYear: r.period_end_year,
    }));
  }

  async waitingForEvent(province: string, slug: string): Promise<WaitingItem[]> {
    return this.waitingItems(province, this.sql`d.waiting_event = ${slug}`);
  }

  private async applyDatings(tx: Tx, datings: readonly ItemDating[], onlyManual: boolean): Promise<number> {
    if (datings.length === 0) return 0;
    const res = await tx`
      update due_items d
      set due_date = v.due::date, nominal_due = v.nominal::date, due_at = v.due_at::timestamptz, window_start = v.ws::date,
          occurrence_label = v.label, state = 'open', waiting_event = null, revision = d.revision + 1, updated_at = now(),
          occurrence_key = case
            when v.key is not null and not exists (select 1 from due_items x where x.assignment_id = d.assignment_id and x.occurrence_key = v.key)
            then v.key else d.occurrence_key end
      from unnest(
        ${datings.map((x) => x.id)}::bigint[], ${datings.map((x) => x.revision)}::int[],
        ${datings.map((x) => x.nominalDue)}::text[], ${datings.map((x) => x.dueDate)}::text[],
        ${datings.map((x) => x.dueAt)}::text[], ${datings.map((x) => x.windowStart as string)}::text[],
        ${datings.map((x) => x.label)}::text[], ${datings.map((x) => x.occurrenceKey ?? (null as unknown as string))}::text[]
      ) as v(id, rev, nominal, due, due_at, ws, label, key)
      where d.id = v.id and d.revision = v.rev and d.state = 'waiting'
        and (${onlyManual}::boolean = false or d.waiting_event is null)`;
    return res.count;
  }

  async recordEvent(input: {
    province: string;
    slug: string;
    date: string;
    reference: string | null;
    recordedBy: string;
    datings: readonly ItemDating[];
    inserts: readonly NewEventItem[];
    audit: AuditEntry;
  }): Promise<{ eventId: number; dated: number; created: number; duplicate: boolean }> {
    return this.sql.begin(async (tx) => {
      // One recorder of a province's events at a time, so that "already recorded" is decided once.
      await tx`select pg_advisory_xact_lock(7243104, hashtext(${input.province}))`;
      const [same] = await tx<{ id: number }[]>`
        select id from events where province = ${input.province} and type = ${input.slug} and date = ${input.date}::date limit 1`;
      if (same) {
        await this.writeAudit(tx, { ...input.audit, entityId: same.id, details: { ...input.audit.details, duplicateOf: same.id } });
        return { eventId: same.id, dated: 0, created: 0, duplicate: true };
      }
      const [event] = await tx<{ id: number }[]>`
        insert into events (province, type, date, reference, recorded_by)
        values (${input.province}, ${input.slug}, ${input.date}::date, ${input.reference}, ${input.recordedBy})
        returning id`;
      const dated = await this.applyDatings(tx, input.datings, false);
      let created = 0;
      if (input.inserts.length > 0) {
        const ins = input.inserts;
        const res = await tx`
          insert into due_items (assignment_id, occurrence_key, occurrence_label, window_start, nominal_due, due_date, due_at, state)
          select v.a, v.k, v.l, v.ws::date, v.nd::date, v.dd::date, v.da::timestamptz, 'open'
          from unnest(${ins.map((x) => x.assignmentId)}::int[], ${ins.map((x) => x.occurrenceKey)}::text[], ${ins.map((x) => x.label)}::text[],
                      ${ins.map((x) => x.windowStart as string)}::text[], ${ins.map((x) => x.nominalDue)}::text[], ${ins.map((x) => x.dueDate)}::text[],
                      ${ins.map((x) => x.dueAt)}::text[]) as v(a, k, l, ws, nd, dd, da)
          on conflict (assignment_id, occurrence_key) do nothing`;
        created = res.count;
      }
      await this.writeAudit(tx, { ...input.audit, entityId: event!.id, details: { ...input.audit.details, dated, created } });
      return { eventId: event!.id, dated, created, duplicate: false };
    });
  }

  async waitingManualTasks(province: string): Promise<WaitingManualTask[]> {
    const rows = await this.sql<{ task_id: number; task_number: string; task_key: string | null; task_title: string; plan_title: string; items: number }[]>`
      select t.id as task_id, t.number as task_number, t.key as task_key, t.title as task_title, p.title as plan_title, count(*)::int as items
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      where p.province = ${province} and p.status = 'published' and d.state = 'waiting' and d.waiting_event is null
      group by t.id, t.number, t.key, t.title, p.title, t.position
      order by p.title, t.position`;
    return rows.map((r) => ({ taskId: r.task_id, taskNumber: taskLabel({ key: r.task_key, number: r.task_number }), taskTitle: r.task_title, planTitle: r.plan_title, items: r.items }));
  }

  async waitingManualItems(province: string, taskId: number): Promise<WaitingItem[]> {
    return this.waitingItems(province, this.sql`d.waiting_event is null and t.id = ${taskId}`);
  }

  async setManualDate(input: { taskId: number; date: string; datings: readonly ItemDating[]; audit: AuditEntry }): Promise<{ dated: number }> {
    return this.sql.begin(async (tx) => {
      await tx`update tasks set manual_due_date = ${input.date}::date, updated_at = now() where id = ${input.taskId}`;
      const dated = await this.applyDatings(tx, input.datings, true);
      await this.writeAudit(tx, { ...input.audit, details: { ...input.audit.details, dated } });
      return { dated };
    });
  }

  // ------------------------------------------------------------ coordinator views

  async pendingApprovals(province: string, limit: number): Promise<PendingApprovals> {
    const completions = await this.sql<ItemRow[]>`
      ${this.sql.unsafe(ITEM_SELECT)}
      where u.province = ${province} and d.state = 'pending_approval'
      order by d.done_at, d.id limit ${limit}`;
    const extensions = await this.sql<ExtensionRow[]>`
      ${this.sql.unsafe(EXTENSION_SELECT)}
      join due_items d on d.id = e.due_item_id
      join task_assignments a on a.id = d.assignment_id
      join units u on u.id = a.unit_id
      where u.province = ${province} and e.status = 'pending'
      order by e.created_at, e.id limit ${limit}`;
    const items = new Map<number, DueItemView>();
    for (const e of extensions) {
      const id = Number(e.due_item_id);
      if (!items.has(id)) {
        const item = await this.loadItem(id);
        if (item !== null) items.set(id, item);
      }
    }
    return {
      completions: completions.map(toItem),
      extensions: extensions
        .filter((e) => items.has(Number(e.due_item_id)))
        .map((e) => ({ ...toExtension(e), item: items.get(Number(e.due_item_id))! })),
    };
  }

  async overview(province: string, today: string, in7: string): Promise<ProvinceOverview> {
    const scope = this.sql`
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join units u on u.id = a.unit_id
      join tasks t on t.id = a.task_id
      join plans p on p.id = t.plan_id
      where u.province = ${province} and p.status = 'published'`;
    const byState = await this.sql<{ state: string; n: number }[]>`select d.state::text as state, count(*)::int as n ${scope} group by 1`;
    const [counts] = await this.sql<{ overdue: number; next7: number }[]>`
      select count(*) filter (where d.due_date < ${today}::date)::int as overdue,
             count(*) filter (where d.due_date >= ${today}::date and d.due_date <= ${in7}::date)::int as next7
      ${scope} and d.state in ${this.sql.unsafe(CHASED)}`;
    const [ext] = await this.sql<{ n: number }[]>`
      select count(*)::int as n from extension_requests e
      join due_items d on d.id = e.due_item_id join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      where u.province = ${province} and e.status = 'pending'`;
    const top = await this.sql<{ unit_name: string; n: number }[]>`
      select u.name as unit_name, count(*)::int as n
      ${scope} and d.state in ${this.sql.unsafe(CHASED)} and d.due_date < ${today}::date
      group by u.name order by count(*) desc, u.name limit 10`;
    return {
      byState: Object.fromEntries(byState.map((r) => [r.state, r.n])),
      overdue: counts?.overdue ?? 0,
      dueNext7: counts?.next7 ?? 0,
      pendingExtensions: ext?.n ?? 0,
      topOverdueUnits: top.map((r) => ({ unitName: r.unit_name, count: r.n })),
    };
  }

  // ------------------------------------------------------------ chats

  async deactivateChat(chatId: string, reason: string, audit: AuditEntry): Promise<{ changed: boolean; bumped: number }> {
    return this.setChatActive(chatId, false, reason, audit);
  }

  async reactivateChat(chatId: string, audit: AuditEntry): Promise<{ changed: boolean; bumped: number }> {
    return this.setChatActive(chatId, true, null, audit);
  }

  private async setChatActive(chatId: string, active: boolean, reason: string | null, audit: AuditEntry): Promise<{ changed: boolean; bumped: number }> {
    return this.sql.begin(async (tx) => {
      const [chat] = await tx<{ person_id: number | null; unit_id: number | null }[]>`
        update chats set active = ${active}, inactive_reason = ${reason}, updated_at = now()
        where telegram_chat_id = ${chatId}::bigint and active = ${!active}
        returning person_id, unit_id`;
      if (chat === undefined) return { changed: false, bumped: 0 };
      let bumped = 0;
      if (chat.unit_id !== null) bumped += await this.bumpUnits(tx, [chat.unit_id]);
      if (chat.person_id !== null) {
        const memberships = await tx<{ unit_id: number; role: MemberRole; province: string }[]>`
          select m.unit_id, m.role::text as role, u.province from memberships m join units u on u.id = m.unit_id
          where m.person_id = ${chat.person_id} and m.active`;
        bumped += await this.bumpForMemberships(tx, memberships);
      }
      await this.writeAudit(tx, { ...audit, details: { ...audit.details, bumped } });
      return { changed: true, bumped };
    });
  }

  async prune(before: Date): Promise<{ updates: number; tokens: number; inputs: number }> {
    const updates = await this.sql`delete from processed_updates where processed_at < ${before}`;
    const tokens = await this.sql`delete from callback_tokens where expires_at < ${before}`;
    const inputs = await this.sql`delete from bot_pending_inputs where expires_at < ${before}`;
    return { updates: updates.count, tokens: tokens.count, inputs: inputs.count };
  }
}
