/**
 * Digest queries on PostgreSQL: counts and lists over due items of published plans.
 */
import type { DigestItem, DigestStore, ProvinceOverview, UnitWeek } from '../app/digests/store.js';
import type { Recipient } from '../domain/reminders/plan.js';
import { PERSON_KEY_BASE } from '../app/channels/port.js';
import type { Sql } from './client.js';
import { taskLabel } from '../domain/format/task-label.js';

const CHASED = ['open', 'overdue', 'extended'];

interface ItemRow {
  unit_id: number;
  unit_name: string;
  number: string;
  key: string | null;
  title: string;
  due: string;
  state: DigestItem['state'];
}

const toItem = (r: ItemRow): DigestItem => ({ unitName: r.unit_name, taskNumber: taskLabel(r), taskTitle: r.title, dueDate: r.due, state: r.state });

export class PostgresDigestStore implements DigestStore {
  constructor(private readonly sql: Sql) {}

  async provinces(): Promise<string[]> {
    const rows = await this.sql<{ province: string }[]>`select distinct province from plans where status = 'published' order by province`;
    return rows.map((r) => r.province);
  }

  /**
   * One statement: the province's published items are read once (a materialised CTE) and the ranking, the oldest
   * items and the totals come back as JSON in one row. Three separate queries each joined every item of the
   * province again (bench:digest: about three times the time at 10 000 overdue items).
   */
  async overview(province: string, today: string, oldestLimit: number): Promise<ProvinceOverview> {
    const [row] = await this.sql<
      {
        by_unit: { unit_id: number; unit_name: string; count: number }[];
        oldest: ItemRow[];
        totals: { open: number; overdue: number; done_today: number; pending: number; waiting: number };
      }[]
    >`
      with items as materialized (
        select d.state, d.due_date, d.done_at, a.unit_id, t.number, t.key, t.title, t.position,
               d.state in ${this.sql(CHASED)} and d.due_date < ${today}::date as is_overdue
        from due_items d join task_assignments a on a.id = d.assignment_id
        join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
        where p.province = ${province} and p.status = 'published'
      ), overdue as materialized (
        select i.*, u.name as unit_name from items i join units u on u.id = i.unit_id where i.is_overdue
      )
      select
        (select coalesce(json_agg(json_build_object('unit_id', unit_id, 'unit_name', unit_name, 'count', n) order by n desc, unit_name), '[]')
         from (select unit_id, unit_name, count(*)::int as n from overdue group by unit_id, unit_name) x) as by_unit,
        (select coalesce(json_agg(json_build_object('unit_id', unit_id, 'unit_name', unit_name, 'number', number, 'key', key, 'title', title,
                                                    'due', due_date::text, 'state', state) order by due_date, unit_name, position), '[]')
         from (select * from overdue order by due_date, unit_name, position limit ${oldestLimit}) x) as oldest,
        (select json_build_object(
           'open', count(*) filter (where state in ${this.sql(CHASED)} and due_date >= ${today}::date),
           'overdue', count(*) filter (where is_overdue),
           'done_today', count(*) filter (where state = 'done' and (done_at at time zone 'Asia/Ho_Chi_Minh')::date = ${today}::date),
           'pending', count(*) filter (where state = 'pending_approval'),
           'waiting', count(*) filter (where state = 'waiting'))
         from items) as totals`;
    const totals = row?.totals;
    return {
      province,
      overdueByUnit: (row?.by_unit ?? []).map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, count: r.count })),
      oldest: (row?.oldest ?? []).map(toItem),
      totals: {
        open: totals?.open ?? 0,
        overdue: totals?.overdue ?? 0,
        doneToday: totals?.done_today ?? 0,
        pending: totals?.pending ?? 0,
        waiting: totals?.waiting ?? 0,
      },
    };
  }

  async unitWeeks(province: string, today: string, weekEnd: string): Promise<UnitWeek[]> {
    const rows = await this.sql<ItemRow[]>`
      select u.id as unit_id, u.name as unit_name, t.number, t.key, t.title, d.due_date::text as due, d.state
      from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id
      join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.province = ${province} and p.status = 'published' and d.state in ${this.sql(CHASED)} and d.due_date <= ${weekEnd}::date
      order by u.name, d.due_date, t.position`;
    const weeks = new Map<number, UnitWeek>();
    for (const r of rows) {
      let w = weeks.get(r.unit_id);
      if (!w) weeks.set(r.unit_id, (w = { unitId: r.unit_id, unitName: r.unit_name, dueThisWeek: [], overdue: [] }));
      (r.due < today ? w.overdue : w.dueThisWeek).push(toItem(r));
    }
    return [...weeks.values()];
  }

  /**
   * The recipient key of person `p` for a digest (a lateral subquery; at most one row): their private chat when it
   * is active, or when it is blocked but they have another channel that takes digests (the channel router carries
   * it on); else, without a private chat, their person key when they have such a channel (e-mail-only people,
   * src/app/channels/port.ts). People who unsubscribed from e-mailed digests and have nothing else get none.
   */
  private personKey() {
    const other = this.sql`exists (select 1 from person_channels pc where pc.person_id = p.id and pc.active and pc.digests and pc.kind <> 'telegram')`;
    return this.sql`
      (select c.telegram_chat_id::text as chat_id from chats c
       where c.person_id = p.id and c.kind = 'private' and (c.active or ${other})
       order by c.active desc, c.id limit 1)
      union all
      select (${String(PERSON_KEY_BASE)}::bigint + p.id)::text
      where not exists (select 1 from chats c where c.person_id = p.id and c.kind = 'private') and ${other}`;
  }

  async provinceRecipients(province: string, roles: readonly ('leader' | 'coordinator')[]): Promise<Recipient[]> {
    const rows = await this.sql<{ chat_id: string; person_id: number }[]>`
      select distinct c.chat_id, p.id as person_id
      from memberships m join units u on u.id = m.unit_id
      join people p on p.id = m.person_id and p.active
      cross join lateral (${this.personKey()}) c
      where m.active and u.province = ${province} and m.role::text in ${this.sql(roles as string[])}
      order by c.chat_id`;
    return rows.map((r) => ({ chatId: r.chat_id, personId: r.person_id }));
  }

  async unitRecipients(unitId: number): Promise<Recipient[]> {
    const focal = await this.sql<{ chat_id: string; person_id: number }[]>`
      select c.chat_id, p.id as person_id
      from memberships m join people p on p.id = m.person_id and p.active
      cross join lateral (${this.personKey()}) c
      where m.active and m.unit_id = ${unitId} and m.role = 'focal' order by p.id, c.chat_id`;
    if (focal.length > 0) return focal.map((r) => ({ chatId: r.chat_id, personId: r.person_id }));
    const groups = await this.sql<{ chat_id: string }[]>`
      select telegram_chat_id::text as chat_id from chats where unit_id = ${unitId} and active and kind in ('group', 'supergroup') order by id`;
    return groups.map((g) => ({ chatId: g.chat_id }));
  }

  async recordRun(kind: string, periodKey: string, province: string, stats: Record<string, unknown>) {
    const [prev] = await this.sql<{ stats: Record<string, unknown> | null }[]>`
      select stats from digest_runs where kind = ${kind} and province = ${province} and period_key < ${periodKey}
      order by period_key desc limit 1`;
    const inserted = await this.sql`
      insert into digest_runs (kind, period_key, province, stats) values (${kind}, ${periodKey}, ${province}, ${this.sql.json(stats as never)})
      on conflict (kind, period_key, province) do nothing`;
    return { ...(prev?.stats ? { previous: prev.stats } : {}), fresh: inserted.count === 1 };
  }

  async insertDigestRows(rows: readonly { chatId: string; dedupeKey: string; step: string; text: string; pngBase64?: string }[], at: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const res = await this.sql`
      insert into reminders (kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
      select 'digest', v.step, v.chat, v.key, ${at}, jsonb_strip_nulls(jsonb_build_object('text', v.text, 'png', nullif(v.png, '')))
      from unnest(${rows.map((r) => r.step)}::text[], ${rows.map((r) => r.chatId)}::bigint[], ${rows.map((r) => r.dedupeKey)}::text[],
                  ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.pngBase64 ?? '')}::text[]) as v(step, chat, key, text, png)
      on conflict (dedupe_key) do nothing`;
    return res.count;
  }

  /** Ids of the rows with these dedupe keys, in the keys' order (rows delivered on demand). */
  async rowIds(dedupeKeys: readonly string[]): Promise<number[]> {
    if (dedupeKeys.length === 0) return [];
    const rows = await this.sql<{ id: string }[]>`
      select r.id from unnest(${dedupeKeys as string[]}::text[]) with ordinality as k(key, n)
      join reminders r on r.dedupe_key = k.key order by k.n`;
    return rows.map((r) => Number(r.id));
  }
}
