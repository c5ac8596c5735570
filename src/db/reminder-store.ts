/**
 * PostgreSQL implementation of the reminder store. Bulk writes use UNNEST (one statement, no bind-parameter
 * limit); every status change is a conditional UPDATE so that racing workers and reconcilers cannot both win.
 */
import type { MissedRow, CatchUpDecision } from '../domain/reminders/catch-up.js';
import type { ExistingReminder, Recipient } from '../domain/reminders/plan.js';
import type {
  ApplyPlanResult,
  ClaimedReminder,
  DueItemToPlan,
  FinishStatus,
  ItemPlanChange,
  MarkedGroup,
  PlanGroup,
  ProvinceRecipients,
  RecipientChanges,
  ReminderMessageModel,
  ReminderStore,
  UnitMark,
} from '../app/reminders/store.js';
import { EMPTY_PLAN_FINGERPRINT } from '../app/reminders/fingerprint.js';
import { PERSON_KEY_BASE } from '../app/channels/port.js';
import type { Sql } from './client.js';
import { taskLabel } from '../domain/format/task-label.js';

const CHASED = ['open', 'overdue', 'extended'];
/** Rows a claim may take this long before their planned instant (clock skew between hosts and the queue). */
const EARLY_TOLERANCE_MS = 2_000;

export class PostgresReminderStore implements ReminderStore {
  constructor(private readonly sql: Sql) {}

  /**
   * A transaction, or a savepoint when this store was built on a transaction (the simulator runs the whole
   * pipeline inside one transaction that it rolls back).
   */
  #tx<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const maybeTx = this.sql as unknown as { savepoint?: (f: (tx: Sql) => Promise<T>) => Promise<T> };
    if (typeof maybeTx.savepoint === 'function') return maybeTx.savepoint(fn);
    return this.sql.begin((tx) => fn(tx as unknown as Sql)) as Promise<T>;
  }

  /**
   * A transaction whose statements PostgreSQL plans with their actual parameters. postgres.js prepares each
   * statement once per connection, and after five runs PostgreSQL may keep a generic plan made from the table's
   * size at that time: a batch lookup (`id = any($1)`, a join with `unnest($1)`) first run while `reminders` was
   * small then scans the whole grown table and compares each row with each id — 1–2.4 s per batch of 2 000 items
   * at 173k rows, until the next ANALYZE (bench:replan). The setting is read at each execution, so it also applies
   * to statements prepared before. Only the batch statements pay the planning; the per-message ones keep their
   * cached plans (making every statement custom doubled the seed simulation's time).
   */
  #planned<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.#tx(async (tx) => {
      // Sent together with the first statement of `fn` (postgres.js pipelines a transaction's pending queries).
      const [, result] = await Promise.all([tx`set local plan_cache_mode = force_custom_plan`.execute(), fn(tx)]);
      return result;
    });
  }

  async dueItemsToPlan(limit: number): Promise<DueItemToPlan[]> {
    // The items waiting, oldest id first: the marked ones (replan_items, written by triggers on due_items when an
    // item's revision changes, and by consumeRecipientChanges), at the revision marked, and the items never planned
    // (plan_fingerprint null; a new item has no mark: due_items_unplanned_idx holds exactly these), at their own
    // revision. Items of a plan not (or no longer) published wait, as their marks do, until it is. Driven by the two
    // ordered scans (merged), each item looked up by its keys (`offset 0` keeps the lookup a subquery): the cost
    // follows the waiting items, not the province, whatever the statistics say (a plan starting from the published
    // plans read all 14 901 items of Nghệ An to find one mark).
    const rows = await this.sql<
      {
        id: string;
        revision: number;
        due_date: string | null;
        state: DueItemToPlan['state'];
        role: 'lead' | 'support';
        unit_id: number;
        province: string;
        plan_id: number;
        plan_fingerprint: string | null;
      }[]
    >`
      select x.id, w.revision, x.due_date, x.state, x.role, x.unit_id, x.province, x.plan_id, x.plan_fingerprint
      from (
        select r.due_item_id as id, r.revision from replan_items r
        union all
        select n.id, n.revision from due_items n
        where n.plan_fingerprint is null and not exists (select 1 from replan_items r where r.due_item_id = n.id)
      ) w
      cross join lateral (
        select d.id, d.due_date::text as due_date, d.state, a.role, a.unit_id, p.province, p.id as plan_id, d.plan_fingerprint
        from due_items d
        join task_assignments a on a.id = d.assignment_id
        join tasks t on t.id = a.task_id
        join plans p on p.id = t.plan_id
        where d.id = w.id and p.status = 'published'
        offset 0) x
      order by w.id
      limit ${limit}`;
    return rows.map((r) => ({
      id: Number(r.id),
      revision: r.revision,
      dueDate: r.due_date,
      state: r.state,
      role: r.role,
      unitId: r.unit_id,
      province: r.province,
      planId: r.plan_id,
      planFingerprint: r.plan_fingerprint,
    }));
  }

  async recipientChanges(): Promise<RecipientChanges> {
    // One statement: the marks, and for each marked unit its chased, dated items of published plans counted by
    // group and by the shared part of their stored fingerprints. Reads the unit's items; writes nothing.
    const tx = this.sql;
    const rows = await tx<{ unit_id: number; seq: string; province: string | null; year: number | null; stored: string | null; n: number | null }[]>`
        with m as materialized (select unit_id, seq from replan_units),
        g as (
          select a.unit_id, p.province, extract(year from d.due_date)::int as year,
                 split_part(d.plan_fingerprint, '|', 1) as stored, count(*)::int as n
          from task_assignments a
          join tasks t on t.id = a.task_id
          join plans p on p.id = t.plan_id and p.status = 'published'
          join due_items d on d.assignment_id = a.id and d.due_date is not null and d.state in ${tx(CHASED)}
          where a.unit_id in (select unit_id from m)
          group by 1, 2, 3, 4
        )
        select m.unit_id, m.seq::text as seq, g.province, g.year, g.stored, g.n
        from m left join g on g.unit_id = m.unit_id
        order by m.unit_id, g.province, g.year, g.stored`;
    const marks = new Map<number, string>();
    const groups: MarkedGroup[] = [];
    for (const r of rows) {
      marks.set(r.unit_id, r.seq);
      if (r.province !== null && r.year !== null) groups.push({ unitId: r.unit_id, province: r.province, year: r.year, stored: r.stored || null, items: r.n ?? 0 });
    }
    return { marks: [...marks].map(([unitId, seq]) => ({ unitId, seq })), groups };
  }

  async consumeRecipientChanges(marks: readonly UnitMark[], changed: readonly (PlanGroup & { fingerprint: string })[]): Promise<number> {
    if (marks.length === 0 && changed.length === 0) return 0;
    const consume = (tx: Sql) => tx`
      delete from replan_units u
      using unnest(${marks.map((m) => m.unitId)}::int[], ${marks.map((m) => m.seq)}::bigint[]) as v(unit_id, seq)
      where u.unit_id = v.unit_id and u.seq = v.seq`;
    if (changed.length === 0) {
      await consume(this.sql);
      return 0;
    }
    return this.#planned(async (tx) => {
      // The fingerprint composed as PlanFingerprints.of composes it: items whose stored one differs are marked.
      const [res] = await tx<{ n: number }[]>`
        with s as (
          select * from unnest(
            ${changed.map((g) => g.unitId)}::int[], ${changed.map((g) => g.province)}::text[],
            ${changed.map((g) => g.year)}::int[], ${changed.map((g) => g.fingerprint)}::text[]) as s(unit_id, province, year, fp)
        ), marked as (
          insert into replan_items (due_item_id, revision)
          select d.id, d.revision
          from s
          join task_assignments a on a.unit_id = s.unit_id
          join tasks t on t.id = a.task_id
          join plans p on p.id = t.plan_id and p.status = 'published' and p.province = s.province
          join due_items d on d.assignment_id = a.id and d.due_date is not null and d.state in ${tx(CHASED)}
            and extract(year from d.due_date)::int = s.year
          -- An item never planned (no fingerprint) is planned anyway (dueItemsToPlan): no mark needed.
          where d.plan_fingerprint is distinct from (
            case when s.fp = ${EMPTY_PLAN_FINGERPRINT} then s.fp
                 else s.fp || '|' || d.due_date::text || '|' || case when a.role = 'lead' then 'l' else 's' end end)
            and d.plan_fingerprint is not null
          on conflict (due_item_id) do nothing
          returning 1
        )
        select count(*)::int as n from marked`;
      await consume(tx);
      return res!.n;
    });
  }

  async recipients(unitIds: readonly number[], provinces: readonly string[]): Promise<ProvinceRecipients> {
    // One statement: the members (a unit's focal points and heads, a province's coordinators and leaders) with a
    // private chat, then the units' group chats (role null). A person with channels of their own (e-mail, Zalo:
    // src/app/channels/port.ts) stays a recipient while one of them is usable: under their private chat's id when
    // they have one (even blocked: the channel router carries the message on), else under their person key.
    const rows = await this.sql<{ unit_id: number; province: string; role: string | null; chat_id: string; person_id: number | null }[]>`
      (select m.unit_id, u.province, m.role::text as role, c.chat_id, p.id as person_id, 0 as k, c.o
       from memberships m
       join units u on u.id = m.unit_id
       join people p on p.id = m.person_id and p.active
       cross join lateral (
         select c.telegram_chat_id::text as chat_id, c.id as o from chats c
         where c.person_id = p.id and c.kind = 'private'
           and (c.active or exists (select 1 from person_channels pc where pc.person_id = p.id and pc.active and pc.kind <> 'telegram'))
         union all
         select (${String(PERSON_KEY_BASE)}::bigint + p.id)::text, 0
         where not exists (select 1 from chats c where c.person_id = p.id and c.kind = 'private')
           and exists (select 1 from person_channels pc where pc.person_id = p.id and pc.active and pc.kind <> 'telegram')) c
       where m.active
         and (m.unit_id = any(${unitIds as number[]}::int[])
              or (m.role in ('coordinator', 'leader') and u.province = any(${provinces as string[]}::text[]))))
      union all
      (select unit_id, '', null, telegram_chat_id::text, null, 1, id from chats
       where active and kind in ('group', 'supergroup') and unit_id = any(${unitIds as number[]}::int[]))
      order by k, unit_id, role, person_id, o`;
    const result: ProvinceRecipients = { byUnit: new Map(), coordinator: new Map(), leadership: new Map() };
    const unit = (id: number) => {
      let r = result.byUnit.get(id);
      if (!r) result.byUnit.set(id, (r = { focal: [], unitChats: [], head: [] }));
      return r as { focal: Recipient[]; unitChats: Recipient[]; head: Recipient[] };
    };
    for (const id of unitIds) unit(id);
    const push = (map: Map<string, Recipient[]>, key: string, r: Recipient) => {
      const list = map.get(key) ?? [];
      if (!list.some((x) => x.chatId === r.chatId)) list.push(r);
      map.set(key, list);
    };
    const wanted = new Set(unitIds);
    for (const m of rows) {
      if (m.role === null) {
        unit(m.unit_id).unitChats.push({ chatId: m.chat_id });
        continue;
      }
      const r = { chatId: m.chat_id, personId: m.person_id! };
      if (m.role === 'coordinator') push(result.coordinator, m.province, r);
      else if (m.role === 'leader') push(result.leadership, m.province, r);
      else if (wanted.has(m.unit_id)) (m.role === 'focal' ? unit(m.unit_id).focal : unit(m.unit_id).head).push(r);
    }
    return result;
  }

  async existingReminders(dueItemIds: readonly number[]): Promise<(ExistingReminder & { dueItemId: number })[]> {
    if (dueItemIds.length === 0) return [];
    const rows = await this.#planned(
      (tx) => tx<{ id: string; due_item_id: string; dedupe_key: string; status: ExistingReminder['status']; planned_at: Date }[]>`
        select id, due_item_id, dedupe_key, status, planned_at from reminders
        where due_item_id = any(${dueItemIds as number[]}::bigint[]) and dedupe_key not like 'fb|%'`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      dueItemId: Number(r.due_item_id),
      dedupeKey: r.dedupe_key,
      status: r.status,
      plannedAt: r.planned_at.toISOString(),
    }));
  }

  async applyPlan(changes: readonly ItemPlanChange[]): Promise<ApplyPlanResult> {
    const result: ApplyPlanResult = { inserted: 0, rescheduled: 0, cancelled: 0, stale: 0 };
    if (changes.length === 0) return result;
    await this.#planned(async (tx) => {
      // Fence: a marked item's mark is consumed only at the revision planned from (a change meanwhile moved the
      // mark to a newer revision, or a concurrent planner consumed it: the item is left alone). Deleting the mark
      // locks it against concurrent planners. The fingerprint is written only where it changed: an unchanged item
      // costs its mark, and no new version of its due_items row. An item read unmarked (never planned) is fenced on
      // its row: still unplanned and at the revision planned from (a change meanwhile marked it at a newer one); the
      // update locks it, and a concurrent planner that stored a fingerprint first leaves it unplanned no more.
      const fenced = await tx<{ id: string }[]>`
        with v as (
          select * from unnest(
            ${changes.map((c) => c.itemId)}::bigint[],
            ${changes.map((c) => c.revision)}::int[],
            ${changes.map((c) => c.fingerprint)}::text[]) as v(id, revision, fingerprint)
        ), done as (
          delete from replan_items r using v where r.due_item_id = v.id and r.revision = v.revision
          returning r.due_item_id as id
        ), fp as (
          update due_items d set plan_fingerprint = v.fingerprint
          from v left join done on done.id = v.id
          where d.id = v.id
            and case when done.id is not null then d.plan_fingerprint is distinct from v.fingerprint
                     else d.plan_fingerprint is null and d.revision = v.revision end
          returning d.id, done.id is null as fresh
        )
        select id from done union all select id from fp where fresh`;
      const ok = new Set(fenced.map((r) => Number(r.id)));
      result.stale = changes.length - ok.size;
      const live = changes.filter((c) => ok.has(c.itemId));
      const inserts = live.flatMap((c) => c.diff.insert);
      for (let i = 0; i < inserts.length; i += 5000) {
        const chunk = inserts.slice(i, i + 5000);
        const res = await tx`
          insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
          select v.item, v.kind::reminder_kind, v.step, v.chat, v.key, v.at, v.payload::jsonb
          from unnest(
            ${chunk.map((r) => r.dueItemId)}::bigint[],
            ${chunk.map((r) => r.kind)}::text[],
            ${chunk.map((r) => r.step)}::text[],
            ${chunk.map((r) => r.recipientChatId)}::bigint[],
            ${chunk.map((r) => r.dedupeKey)}::text[],
            ${chunk.map((r) => r.plannedAt)}::timestamptz[],
            -- Text, cast per row: a jsonb[] parameter would serialize each JSON text again, storing a JSON string.
            ${chunk.map((r) => JSON.stringify({ audience: r.audience, offset: r.offset }))}::text[]) as v(item, kind, step, chat, key, at, payload)
          on conflict (dedupe_key) do nothing`;
        result.inserted += res.count;
      }
      const moves = live.flatMap((c) => c.diff.reschedule);
      if (moves.length > 0) {
        const res = await tx`
          update reminders r set planned_at = v.planned_at, status = 'planned', enqueued_at = null, updated_at = now()
          from unnest(${moves.map((m) => m.id)}::bigint[], ${moves.map((m) => m.plannedAt)}::timestamptz[]) as v(id, planned_at)
          where r.id = v.id and r.status in ('planned', 'cancelled')`;
        result.rescheduled = res.count;
      }
      const cancels = live.flatMap((c) => c.diff.cancel);
      if (cancels.length > 0) {
        const res = await tx`
          update reminders set status = 'cancelled', updated_at = now()
          where id = any(${cancels}::bigint[]) and status = 'planned'`;
        result.cancelled = res.count;
      }
    });
    return result;
  }

  async plannedUntil(untilMs: number, limit: number, onlyNew = false): Promise<{ id: number; plannedAtMs: number }[]> {
    const rows = await this.sql<{ id: string; ms: string }[]>`
      select id, (extract(epoch from planned_at) * 1000)::bigint as ms from reminders
      where status = 'planned' and planned_at <= ${new Date(untilMs)} ${onlyNew ? this.sql`and enqueued_at is null` : this.sql``}
      order by planned_at, id
      limit ${limit}`;
    return rows.map((r) => ({ id: Number(r.id), plannedAtMs: Number(r.ms) }));
  }

  async markEnqueued(ids: readonly number[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.#planned(async (tx) => {
      for (let i = 0; i < ids.length; i += 50_000) {
        await tx`update reminders set enqueued_at = ${at} where id = any(${ids.slice(i, i + 50_000) as number[]}::bigint[])`;
      }
    });
  }

  async queueGeneration(): Promise<number> {
    const [row] = await this.sql<{ generation: string }[]>`select generation from queue_state where name = 'delivery'`;
    return row ? Number(row.generation) : 0;
  }

  async setQueueGeneration(generation: number): Promise<void> {
    await this.sql`
      insert into queue_state (name, generation) values ('delivery', ${generation})
      on conflict (name) do update set generation = greatest(queue_state.generation, excluded.generation), updated_at = now()`;
  }

  async claim(id: number, token: string, now: Date): Promise<ClaimedReminder | null> {
    const rows = await this.sql<
      { id: string; kind: string; step: string; due_item_id: string | null; chat_id: string; attempt: number; possible_duplicate: boolean; payload: Record<string, unknown> | null; planned_at: Date }[]
    >`
      update reminders
      set status = 'sending', attempt = attempt + 1, claim_token = ${token}, claimed_at = ${now}, updated_at = ${now}
      where id = ${id} and status = 'planned'
        and planned_at <= ${new Date(now.getTime() + EARLY_TOLERANCE_MS)}
      returning id, kind, step, due_item_id, recipient_chat_id::text as chat_id, attempt, possible_duplicate, payload, planned_at`;
    const r = rows[0];
    if (!r) return null;
    return {
      id: Number(r.id),
      kind: r.kind,
      step: r.step,
      dueItemId: r.due_item_id === null ? null : Number(r.due_item_id),
      recipientChatId: r.chat_id,
      attempt: r.attempt,
      possibleDuplicate: r.possible_duplicate,
      payload: r.payload ?? {},
      plannedAt: r.planned_at,
    };
  }

  async messageModel(id: number): Promise<ReminderMessageModel | null> {
    const rows = await this.sql<
      {
        id: string;
        kind: string;
        step: string;
        chat_id: string;
        possible_duplicate: boolean;
        payload: Record<string, unknown> | null;
        locale: string | null;
        due_item_id: string | null;
        state: ReminderMessageModel['lateItems'][number]['state'] | null;
        due_date: string | null;
        role: 'lead' | 'support' | null;
        occurrence_label: string | null;
        occurrence_key: string | null;
        unit_name: string | null;
        task_id: number | null;
        task_number: string | null;
        task_key: string | null;
        task_title: string | null;
        plan_title: string | null;
      }[]
    >`
      select r.id, r.kind, r.step, r.recipient_chat_id::text as chat_id, r.possible_duplicate, r.payload,
             pe.locale, d.id as due_item_id, d.state, d.due_date::text as due_date, a.role, d.occurrence_label,
             d.occurrence_key, u.name as unit_name, t.id as task_id, t.number as task_number, t.key as task_key,
             t.title as task_title, p.title as plan_title
      from reminders r
      left join chats c on c.telegram_chat_id = r.recipient_chat_id
      left join people pe on pe.id = c.person_id
      left join due_items d on d.id = r.due_item_id
      left join task_assignments a on a.id = d.assignment_id
      left join units u on u.id = a.unit_id
      left join tasks t on t.id = a.task_id
      left join plans p on p.id = t.plan_id
      where r.id = ${id}`;
    const r = rows[0];
    if (!r) return null;
    const payload = r.payload ?? {};
    const model: ReminderMessageModel = {
      reminderId: Number(r.id),
      kind: r.kind,
      step: r.step,
      recipientChatId: r.chat_id,
      locale: r.locale ?? 'vi',
      possibleDuplicate: r.possible_duplicate,
      late: payload.late === true,
      history: [],
      lateItems: [],
      precedingAcknowledged: false,
    };
    if (r.due_item_id !== null && r.task_id !== null) {
      const dueItemId = Number(r.due_item_id);
      let supportMissing: string[] = [];
      let leadDueDate: string | null = null;
      if (r.role === 'lead') {
        const rows2 = await this.sql<{ name: string }[]>`
          select u.name from task_assignments a
          join due_items d on d.assignment_id = a.id and d.occurrence_key = ${r.occurrence_key}
          join units u on u.id = a.unit_id
          where a.task_id = ${r.task_id} and a.role = 'support' and d.state not in ('done', 'waived')
          order by u.name`;
        supportMissing = rows2.map((x) => x.name);
      } else {
        const rows2 = await this.sql<{ due: string | null }[]>`
          select d.due_date::text as due from task_assignments a
          join due_items d on d.assignment_id = a.id and d.occurrence_key = ${r.occurrence_key}
          where a.task_id = ${r.task_id} and a.role = 'lead'
          order by d.due_date limit 1`;
        leadDueDate = rows2[0]?.due ?? null;
      }
      model.item = {
        id: dueItemId,
        state: r.state!,
        dueDate: r.due_date,
        role: r.role!,
        occurrenceLabel: r.occurrence_label ?? '',
        unitName: r.unit_name ?? '',
        taskNumber: taskLabel({ key: r.task_key, number: r.task_number ?? '' }),
        taskTitle: r.task_title ?? '',
        planTitle: r.plan_title ?? '',
        supportMissing,
        leadDueDate,
      };
      if (r.kind === 'escalation') {
        const hist = await this.sql<{ sent_at: Date; audience: string | null }[]>`
          select sent_at, payload->>'audience' as audience from reminders
          where due_item_id = ${dueItemId} and status = 'sent' and kind in ('reminder', 'escalation', 'nudge')
          order by sent_at, id`;
        model.history = hist.map((h) => ({ sentAt: h.sent_at.toISOString(), audience: h.audience ?? 'focal' }));
      }
      if (r.kind === 'nudge') {
        const step = r.step.replace(/n$/, '');
        const ack = await this.sql<{ n: string }[]>`
          select count(*)::text as n from reminders
          where due_item_id = ${dueItemId} and kind = 'reminder' and step = ${step}
            and recipient_chat_id = ${r.chat_id}::bigint and acknowledged_at is not null`;
        model.precedingAcknowledged = Number(ack[0]?.n ?? 0) > 0;
      }
    }
    if (r.kind === 'late_notice' && Array.isArray(payload.rowIds)) {
      const items = await this.sql<{ number: string; key: string | null; title: string; due: string | null; state: ReminderMessageModel['lateItems'][number]['state'] }[]>`
        select distinct on (d.id) t.number, t.key, t.title, d.due_date::text as due, d.state
        from reminders r join due_items d on d.id = r.due_item_id
        join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
        where r.id = any(${(payload.rowIds as number[]).map(Number)}::bigint[])
        order by d.id`;
      model.lateItems = items
        .map((i) => ({ taskNumber: taskLabel(i), taskTitle: i.title, dueDate: i.due, state: i.state }))
        .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
    }
    return model;
  }

  async finish(id: number, token: string, status: FinishStatus, details: { messageId?: number; sentAt?: Date; error?: string }): Promise<boolean> {
    const res = await this.sql`
      update reminders
      set status = ${status}, telegram_message_id = ${details.messageId ?? null}, sent_at = ${details.sentAt ?? null},
          last_error = ${details.error ?? null}, claim_token = null, updated_at = now()
      where id = ${id} and status = 'sending' and claim_token = ${token}`;
    return res.count === 1;
  }

  async release(id: number, token: string): Promise<boolean> {
    const res = await this.sql`
      update reminders set status = 'planned', claim_token = null, attempt = attempt - 1, updated_at = now()
      where id = ${id} and status = 'sending' and claim_token = ${token}`;
    return res.count === 1;
  }

  async deactivateChat(chatId: string, reason: string): Promise<{ affectedItems: number; unitIds: number[] }> {
    return this.#tx(async (tx) => {
      await tx`update chats set active = false, inactive_reason = ${reason}, updated_at = now() where telegram_chat_id = ${chatId}::bigint`;
      // Everything this chat was to receive is replanned: the planner now leaves it out (and falls back to the
      // unit's group chat when no focal point remains).
      const items = await tx<{ id: string; unit_id: number }[]>`
        update due_items d set revision = revision + 1, updated_at = now()
        from task_assignments a
        where a.id = d.assignment_id
          and d.id in (select distinct due_item_id from reminders where recipient_chat_id = ${chatId}::bigint and due_item_id is not null)
          and d.state in ('open', 'overdue', 'extended')
        returning d.id, a.unit_id`;
      await tx`
        update reminders set status = 'cancelled', updated_at = now()
        where recipient_chat_id = ${chatId}::bigint and status = 'planned'`;
      return { affectedItems: items.length, unitIds: [...new Set(items.map((i) => i.unit_id))] };
    });
  }

  async coordinatorChatsForUnits(unitIds: readonly number[]): Promise<Recipient[]> {
    const rows = await this.sql<{ chat_id: string; person_id: number }[]>`
      select distinct c.telegram_chat_id::text as chat_id, p.id as person_id
      from memberships m join units u on u.id = m.unit_id
      join people p on p.id = m.person_id and p.active
      join chats c on c.person_id = p.id and c.active and c.kind = 'private'
      where m.active and m.role = 'coordinator'
        and u.province in (select province from units where id = any(${unitIds as number[]}::int[]))`;
    return rows.map((r) => ({ chatId: r.chat_id, personId: r.person_id }));
  }

  async insertNotices(rows: readonly { chatId: string; dedupeKey: string; text: string }[], at: Date): Promise<number[]> {
    if (rows.length === 0) return [];
    const res = await this.sql<{ id: string }[]>`
      insert into reminders (kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select 'notice', 'notice', v.chat, v.key, ${at}, jsonb_build_object('text', v.text)
      from unnest(${rows.map((r) => r.chatId)}::bigint[], ${rows.map((r) => r.dedupeKey)}::text[], ${rows.map((r) => r.text)}::text[]) as v(chat, key, text)
      on conflict (dedupe_key) do nothing
      returning id`;
    return res.map((r) => Number(r.id));
  }

  async requeueUnclaimed(ids: readonly number[], now: Date, dueBefore: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.sql`
      update reminders set planned_at = ${now}, enqueued_at = null, updated_at = now()
      where id = any(${ids as number[]}::bigint[]) and status = 'planned' and planned_at <= ${dueBefore}`;
    return res.count;
  }

  async markStaleSendingUnknown(before: Date): Promise<number> {
    const res = await this.sql`
      update reminders set status = 'unknown', last_error = 'claimed but never finished (worker stopped mid-send)',
             claim_token = null, updated_at = now()
      where status = 'sending' and claimed_at < ${before}`;
    return res.count;
  }

  async resolveUnknown(now: Date, window: Date, graceMs: number): Promise<{ requeued: number; cancelled: number }> {
    return this.#tx(async (tx) => {
      const cancelled = await tx`
        update reminders r set status = 'cancelled', updated_at = now()
        from due_items d
        where r.status = 'unknown' and d.id = r.due_item_id and d.state not in ${tx(CHASED)}`;
      // Still wanted: send again, flagged — the earlier attempt may have reached the chat (at-least-once).
      // Within the grace period it is the same delivery retried, so it goes now; later it is a late message
      // and waits for the next send window like every late message.
      const requeued = await tx`
        update reminders set status = 'planned', possible_duplicate = true, enqueued_at = null,
               planned_at = case when planned_at > ${new Date(now.getTime() - graceMs)} then ${now}::timestamptz else ${window}::timestamptz end,
               payload = coalesce(payload, '{}'::jsonb) || jsonb_build_object('unknownSince', updated_at), updated_at = now()
        where status = 'unknown'`;
      return { requeued: requeued.count, cancelled: cancelled.count };
    });
  }

  async missedRows(before: Date, limit: number): Promise<MissedRow[]> {
    const rows = await this.sql<{ id: string; due_item_id: string | null; kind: string; chat_id: string; ms: string }[]>`
      select id, due_item_id, kind, recipient_chat_id::text as chat_id, (extract(epoch from planned_at) * 1000)::bigint as ms
      from reminders where status = 'planned' and planned_at < ${before} and kind <> 'late_notice'
      order by planned_at, id limit ${limit}`;
    return rows.map((r) => ({
      id: Number(r.id),
      dueItemId: r.due_item_id === null ? null : Number(r.due_item_id),
      kind: r.kind,
      recipientChatId: r.chat_id,
      plannedAtMs: Number(r.ms),
    }));
  }

  async applyCatchUp(decision: CatchUpDecision, at: Date): Promise<{ superseded: number; late: number; notices: number }> {
    return this.#planned(async (tx) => {
      let superseded = 0;
      if (decision.superseded.length > 0) {
        const res = await tx`
          update reminders r set status = 'skipped', updated_at = now(),
                 payload = coalesce(r.payload, '{}'::jsonb) || jsonb_build_object('skipped', 'superseded', 'supersededBy', nullif(v.by, 0))
          from unnest(${decision.superseded.map((s) => s.id)}::bigint[], ${decision.superseded.map((s) => s.supersededBy ?? 0)}::bigint[]) as v(id, by)
          where r.id = v.id and r.status = 'planned'`;
        superseded = res.count;
      }
      let late = 0;
      if (decision.sendLate.length > 0) {
        const res = await tx`
          update reminders set planned_at = ${at}, enqueued_at = null, updated_at = now(),
                 payload = coalesce(payload, '{}'::jsonb) || jsonb_build_object('late', true, 'originalPlannedAt', planned_at)
          where id = any(${decision.sendLate}::bigint[]) and status = 'planned'`;
        late = res.count;
      }
      let notices = 0;
      for (const group of decision.consolidate) {
        const minute = Math.floor(at.getTime() / 60_000);
        const [notice] = await tx<{ id: string }[]>`
          insert into reminders (kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
          values ('late_notice', 'late', ${group.recipientChatId}::bigint, ${`late|${group.recipientChatId}|${minute}`}, ${at},
                  ${tx.json({ rowIds: group.rowIds, late: true })})
          on conflict (dedupe_key) do update
            set payload = jsonb_set(reminders.payload, '{rowIds}', (reminders.payload->'rowIds') || (excluded.payload->'rowIds'))
            where reminders.status = 'planned'
          returning id`;
        // A notice for the same window already went out: these rows wait for the next window's notice.
        if (!notice) continue;
        await tx`
          update reminders set status = 'skipped', updated_at = now(),
                 payload = coalesce(payload, '{}'::jsonb) || jsonb_build_object('skipped', 'consolidated', 'consolidatedInto', ${Number(notice.id)}::bigint)
          where id = any(${group.rowIds}::bigint[]) and status = 'planned'`;
        notices++;
      }
      return { superseded, late, notices };
    });
  }

  async markOverdue(today: string): Promise<number> {
    // Not a revision change: open and overdue items are chased the same way.
    const res = await this.sql`
      update due_items set state = 'overdue', updated_at = now()
      where state in ('open', 'extended') and due_date < ${today}::date`;
    return res.count;
  }

  async cancelForClosedItems(): Promise<number> {
    const res = await this.sql`
      update reminders r set status = 'cancelled', updated_at = now()
      from due_items d
      where r.due_item_id = d.id and r.status = 'planned' and d.state not in ${this.sql(CHASED)}`;
    return res.count;
  }
}
