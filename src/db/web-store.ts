/**
 * PostgreSQL implementation of the web console's ports: sign-in links and sessions (src/app/web/auth.ts) and the
 * dashboard's aggregates (src/app/web/dashboard.ts), on postgres.js.
 */
import type { Sql } from 'postgres';
import type { NewLoginToken, NewSession, WebAuthStore, WebIdentity, WebSession, WebUnitRef } from '../app/web/auth.js';
import type { DashboardFigures, DashboardScope, DashboardStore, GroupRef, MonthFigures, OverdueItem, PlanRef, UnitCounts } from '../app/web/dashboard.js';
import type { MemberRole } from '../app/bot/store.js';
import type { ItemReminder, WebItemStore } from '../app/web/items.js';

export class PostgresWebAuthStore implements WebAuthStore {
  constructor(private readonly sql: Sql) {}

  async createLoginToken(t: NewLoginToken): Promise<void> {
    await this.sql`
      insert into web_login_tokens (token_hash, person_id, unit_id, role, expires_at, created_by)
      values (${t.tokenHash}, ${t.personId}, ${t.unitId}, ${t.role}, ${t.expiresAt}, ${t.createdBy})`;
  }

  async spendLoginToken(tokenHash: string, now: Date): Promise<(WebIdentity & { id: number }) | null> {
    const rows = await this.sql<{ id: number; person_id: number | null; unit_id: number; role: MemberRole }[]>`
      update web_login_tokens set used_at = ${now}
      where token_hash = ${tokenHash} and used_at is null and expires_at > ${now}
      returning id, person_id, unit_id, role`;
    const r = rows[0];
    return r ? { id: r.id, personId: r.person_id, unitId: r.unit_id, role: r.role } : null;
  }

  async loginTokenStatus(tokenHash: string, now: Date): Promise<'used' | 'expired' | 'unknown' | 'valid'> {
    const rows = await this.sql<{ used_at: Date | null; expires_at: Date }[]>`
      select used_at, expires_at from web_login_tokens where token_hash = ${tokenHash}`;
    const r = rows[0];
    if (!r) return 'unknown';
    if (r.used_at !== null) return 'used';
    return r.expires_at <= now ? 'expired' : 'valid';
  }

  async createSession(s: NewSession): Promise<void> {
    await this.sql`
      insert into web_sessions (token_hash, csrf_token, person_id, unit_id, role, login_token_id, expires_at)
      values (${s.tokenHash}, ${s.csrfToken}, ${s.personId}, ${s.unitId}, ${s.role}, ${s.loginTokenId}, ${s.expiresAt})`;
  }

  async findSession(tokenHash: string, now: Date): Promise<WebSession | null> {
    const rows = await this.sql<
      { id: number; csrf_token: string; expires_at: Date; person_id: number | null; unit_id: number; role: MemberRole; person_name: string | null; locale: string | null; unit_name: string; unit_code: string; province: string }[]
    >`
      select s.id, s.csrf_token, s.expires_at, s.person_id, s.unit_id, s.role, p.name as person_name, p.locale,
             u.name as unit_name, u.code as unit_code, u.province
      from web_sessions s
      join units u on u.id = s.unit_id
      left join people p on p.id = s.person_id
      where s.token_hash = ${tokenHash} and s.revoked_at is null and s.expires_at > ${now}
        and (p.id is null or p.active)`;
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      csrfToken: r.csrf_token,
      expiresAt: r.expires_at,
      personId: r.person_id,
      unitId: r.unit_id,
      role: r.role,
      personName: r.person_name,
      unitName: r.unit_name,
      unitCode: r.unit_code,
      province: r.province,
      locale: r.locale ?? 'vi',
    };
  }

  async revokeSession(id: number, now: Date): Promise<void> {
    await this.sql`update web_sessions set revoked_at = ${now} where id = ${id} and revoked_at is null`;
  }

  async revokeAllSessionsLike(session: WebSession, now: Date): Promise<number> {
    const rows =
      session.personId !== null
        ? await this.sql`update web_sessions set revoked_at = ${now} where person_id = ${session.personId} and revoked_at is null returning id`
        : await this.sql`
            update web_sessions set revoked_at = ${now}
            where person_id is null and unit_id = ${session.unitId} and role = ${session.role} and revoked_at is null returning id`;
    return rows.length;
  }

  async findUnit(ref: string, province?: string): Promise<WebUnitRef | null> {
    const byId = /^\d+$/.test(ref) ? Number(ref) : null;
    const rows = await this.sql<WebUnitRef[]>`
      select id, code, name, province from units
      where (${byId}::int is not null and id = ${byId}::int) or (code = ${ref} and (${province ?? null}::text is null or province = ${province ?? null}::text))
      order by id limit 2`;
    if (byId === null && rows.length > 1) return null;
    return rows[0] ?? null;
  }

  async audit(e: { actor: string; action: string; personId: number | null; entityId?: string; outcome: 'ok' | 'refused'; details?: Record<string, unknown> }): Promise<void> {
    await this.sql`
      insert into audit_log (actor, actor_person_id, action, entity, entity_id, outcome, details)
      values (${e.actor}, ${e.personId}, ${e.action}, 'web', ${e.entityId ?? null}, ${e.outcome}, ${e.details === undefined ? null : JSON.stringify(e.details)}::text::jsonb)`;
  }
}

/**
 * The status of a due item on `today` (see src/app/web/dashboard.ts) as its index in `ITEM_STATUSES`:
 * 0 overdue, 1 due soon, 2 on track, 3 done late, 4 done (a small integer is cheaper to filter and count on than text).
 */
function statusSql(sql: Sql, scope: DashboardScope) {
  return sql`
    case
      when d.state in ('done', 'pending_approval') and d.done_at is not null and d.due_at is not null and d.done_at > d.due_at then 3
      when d.state in ('done', 'pending_approval') then 4
      when d.due_date < ${scope.today}::date then 0
      when d.due_date <= ${scope.soonUntil}::date then 1
      else 2
    end`;
}

/** The scope's unit and group filter on `a.unit_id` / `u` (a unit joined as `u`). */
function unitFilter(sql: Sql, scope: DashboardScope, unitColumn: 'a.unit_id' | 'c.unit_id') {
  return sql`
      ${scope.unitId !== undefined ? sql`and ${sql.unsafe(unitColumn)} = ${scope.unitId}` : sql``}
      ${
        scope.groupId !== undefined
          ? sql`and (exists (select 1 from unit_group_members gm where gm.group_id = ${scope.groupId} and gm.unit_id = u.id)
                     or exists (select 1 from unit_groups g where g.id = ${scope.groupId} and g.kinds ? u.kind::text))`
          : sql``
      }`;
}

/** The items of the scope due in `[from, to]` and passing `extra`: id, due date, assignment, unit and status. */
function scopedItems(sql: Sql, scope: DashboardScope, extra = sql``) {
  return sql`
    select d.id, d.due_date, d.assignment_id, a.unit_id, ${statusSql(sql, scope)} as s
    from due_items d
    join task_assignments a on a.id = d.assignment_id
    join tasks t on t.id = a.task_id
    join units u on u.id = a.unit_id
    where t.plan_id = ${scope.planId}
      and u.province = ${scope.province}
      and d.state not in ('waiting', 'waived')
      and d.due_date between ${scope.from}::date and ${scope.to}::date
      ${extra}
      ${unitFilter(sql, scope, 'a.unit_id')}`;
}

/**
 * The final select of both dashboard statements: the figures as JSON, from their `by_unit`, `by_month` and `worst`
 * parts (whatever computed them).
 */
function figuresSelect(sql: Sql) {
  return sql`
      select
        (select coalesce(json_agg(json_build_object(
                  'unitId', u.id, 'unitName', u.name, 'unitCode', u.code,
                  'counts', json_build_object('overdue', b.overdue, 'due_soon', b.due_soon, 'on_track', b.on_track, 'done_late', b.done_late, 'done', b.done))), '[]'::json)
         from by_unit b join units u on u.id = b.unit_id) as units,
        (select coalesce(json_agg(json_build_object(
                  'month', to_char(m.m, 'YYYY-MM'), 'due', m.due, 'doneOnTime', m.done_on_time, 'doneLate', m.done_late, 'overdue', m.overdue) order by m.m), '[]'::json)
         from by_month m) as months,
        (select coalesce(json_agg(json_build_object(
                  'dueItemId', w.id, 'unitId', w.unit_id, 'unitName', u.name, 'taskKey', t.key, 'taskNumber', t.number, 'taskTitle', t.title,
                  'occurrenceLabel', d.occurrence_label, 'dueDate', to_char(w.due_date, 'YYYY-MM-DD')) order by w.due_date, w.id), '[]'::json)
         from worst w
         join due_items d on d.id = w.id
         join task_assignments a on a.id = w.assignment_id
         join tasks t on t.id = a.task_id
         join units u on u.id = w.unit_id) as worst`;
}

/** The states of an item still chased (an overdue one is in one of them). */
const CHASED_STATES = ['open', 'overdue', 'extended'] as const;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
/** The last day of `day`'s month. */
const monthEnd = (day: string) => {
  const d = utcDay(monthStart(day));
  return isoDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
};
const addDays = (day: string, n: number) => isoDay(new Date(utcDay(day).getTime() + n * 86_400_000));

/**
 * Which months of the scope the pre-aggregated counts (`dashboard_counts`) can answer: the months wholly inside
 * `[from, to]`, except those from today's month to the month of the last "due soon" day, where an open item's
 * colour depends on the day. Those, and partial months at the edges, are counted from the items.
 */
export function dashboardSplit(scope: Pick<DashboardScope, 'from' | 'to' | 'today' | 'soonUntil'>): {
  /** First and last month (first days) read from the counts; none when `aggFrom > aggTo`. */
  aggFrom: string;
  aggTo: string;
  /** The months (first day of the first, last day of the last) whose open items are classified by day. */
  liveFrom: string;
  liveTo: string;
} {
  const aggFrom = scope.from === monthStart(scope.from) ? scope.from : addDays(monthEnd(scope.from), 1);
  const aggTo = scope.to === monthEnd(scope.to) ? monthStart(scope.to) : monthStart(addDays(monthStart(scope.to), -1));
  return { aggFrom, aggTo, liveFrom: monthStart(scope.today), liveTo: monthEnd(scope.soonUntil < scope.today ? scope.today : scope.soonUntil) };
}

/** The days of `[from, to]` counted from the items: partial months at the edges and the live months, merged. */
function liveRanges(scope: Pick<DashboardScope, 'from' | 'to'>, split: ReturnType<typeof dashboardSplit>): [string, string][] {
  const raw: [string, string][] =
    split.aggFrom > split.aggTo
      ? [[scope.from, scope.to]]
      : [
          [scope.from, addDays(split.aggFrom, -1)],
          [split.liveFrom, split.liveTo],
          [addDays(monthEnd(split.aggTo), 1), scope.to],
        ];
  const clamped = raw
    .map(([a, b]): [string, string] => [a < scope.from ? scope.from : a, b > scope.to ? scope.to : b])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [string, string][] = [];
  for (const [a, b] of clamped) {
    const last = out.at(-1);
    if (last && addDays(last[1], 1) >= a) last[1] = b > last[1] ? b : last[1];
    else out.push([a, b]);
  }
  return out;
}

export class PostgresDashboardStore implements DashboardStore {
  constructor(protected readonly sql: Sql) {}

  async plans(province: string): Promise<PlanRef[]> {
    return this.sql<PlanRef[]>`
      select id, title, period_start_year as "periodStartYear", period_end_year as "periodEndYear", status
      from plans where province = ${province}
      order by (status = 'published') desc, period_start_year desc, id desc`;
  }

  async groups(province: string): Promise<GroupRef[]> {
    return this.sql<GroupRef[]>`select id, name from unit_groups where province = ${province} order by name`;
  }

  /**
   * The three figures in one statement (issue #13 §5, `npm run bench:web`). Most months come from the
   * pre-aggregated `dashboard_counts` (a few rows per unit and month, kept by triggers; see
   * {@link dashboardSplit}): there an open item is overdue when its month is before today's and on track when it
   * is after the last "due soon" day's. The remaining months — today's to the "due soon" limit's, and partial
   * months at the period's edges — are counted from the items, and the worst overdue items are read by due date.
   * {@link PostgresDashboardScratchStore} computes the same from the items alone.
   */
  async figures(scope: DashboardScope, worstLimit: number): Promise<DashboardFigures> {
    // One unit has a hundred-odd items: counting them through its assignments is cheaper than reading the counts.
    if (scope.unitId !== undefined) return this.figuresFromItems(scope, worstLimit);
    const sql = this.sql;
    const { aggFrom, aggTo, liveFrom, liveTo } = dashboardSplit(scope);
    // The live days as explicit ranges, and the dated states by name, so that due_items_state_due_idx finds them.
    const ranges = liveRanges(scope, { aggFrom, aggTo, liveFrom, liveTo });
    const liveItems =
      ranges.length === 0
        ? sql`select null::bigint as id, null::date as due_date, null::int as assignment_id, null::int as unit_id, null::int as s where false`
        : scopedItems(
            sql,
            scope,
            sql`and d.state in ('open', 'overdue', 'extended', 'pending_approval', 'done')
                and (${ranges.slice(1).reduce((acc, [a, b]) => sql`${acc} or d.due_date between ${a}::date and ${b}::date`, sql`d.due_date between ${ranges[0]![0]}::date and ${ranges[0]![1]}::date`)})`,
          );
    // The oldest overdue items in one chased state.
    const worstOf = (state: string) => sql`(
          select d.id, d.due_date, d.assignment_id, a.unit_id
          from due_items d
          join task_assignments a on a.id = d.assignment_id
          join tasks t on t.id = a.task_id
          join units u on u.id = a.unit_id
          where t.plan_id = ${scope.planId}
            and u.province = ${scope.province}
            and d.state = ${state}::due_state
            and d.due_date >= ${scope.from}::date and d.due_date <= ${scope.to}::date and d.due_date < ${scope.today}::date
            ${unitFilter(sql, scope, 'a.unit_id')}
          order by d.due_date, d.id limit ${worstLimit})`;
    const rows = await sql<{ units: UnitCounts[]; months: MonthFigures[]; worst: OverdueItem[] }[]>`
      with agg as (
        select c.unit_id, c.month, c.done, c.done_late,
               case when c.month < ${liveFrom}::date then c.open else 0 end as overdue,
               case when c.month < ${liveFrom}::date then 0 else c.open end as on_track
        from dashboard_counts c
        join units u on u.id = c.unit_id
        where c.plan_id = ${scope.planId}
          and u.province = ${scope.province}
          and c.month between ${aggFrom}::date and ${aggTo}::date
          and not (c.month between ${liveFrom}::date and ${liveTo}::date)
          ${unitFilter(sql, scope, 'c.unit_id')}),
      live as (
        select i.unit_id, date_trunc('month', i.due_date)::date as month,
               count(*) filter (where i.s = 0)::int as overdue,
               count(*) filter (where i.s = 1)::int as due_soon,
               count(*) filter (where i.s = 2)::int as on_track,
               count(*) filter (where i.s = 3)::int as done_late,
               count(*) filter (where i.s = 4)::int as done
        from (${liveItems}) i group by 1, 2),
      parts as (
        select unit_id, month, overdue, 0 as due_soon, on_track, done_late, done from agg
        union all
        select unit_id, month, overdue, due_soon, on_track, done_late, done from live),
      by_unit as (
        select unit_id, sum(overdue)::int as overdue, sum(due_soon)::int as due_soon, sum(on_track)::int as on_track,
               sum(done_late)::int as done_late, sum(done)::int as done
        from parts group by unit_id
        having sum(overdue + due_soon + on_track + done_late + done) > 0),
      by_month as (
        select month as m, sum(overdue + due_soon + on_track + done_late + done)::int as due, sum(done)::int as done_on_time,
               sum(done_late)::int as done_late, sum(overdue)::int as overdue
        from parts group by month
        having sum(overdue + due_soon + on_track + done_late + done) > 0),
      -- One ordered scan of due_items_state_due_idx (state, due_date, id) per chased state, merged: the first
      -- items in (due_date, id) order, without sorting all the overdue ones (migration 0022).
      worst as (
        select * from (${CHASED_STATES.slice(1).reduce((acc, state) => sql`${acc} union all ${worstOf(state)}`, worstOf(CHASED_STATES[0]))}) w
        order by w.due_date, w.id limit ${worstLimit})
      ${figuresSelect(this.sql)}`;
    const r = rows[0]!;
    return { units: r.units, months: r.months, worstOverdue: r.worst };
  }

  /** The figures counted from the items alone, in one statement (the store before `dashboard_counts`). */
  protected async figuresFromItems(scope: DashboardScope, worstLimit: number): Promise<DashboardFigures> {
    const rows = await this.sql<{ units: UnitCounts[]; months: MonthFigures[]; worst: OverdueItem[] }[]>`
      with i as materialized (${scopedItems(this.sql, scope)}),
      by_unit as (
        select i.unit_id,
               count(*) filter (where i.s = 0)::int as overdue,
               count(*) filter (where i.s = 1)::int as due_soon,
               count(*) filter (where i.s = 2)::int as on_track,
               count(*) filter (where i.s = 3)::int as done_late,
               count(*) filter (where i.s = 4)::int as done
        from i group by i.unit_id),
      by_month as (
        select date_trunc('month', i.due_date) as m, count(*)::int as due,
               count(*) filter (where i.s = 4)::int as done_on_time,
               count(*) filter (where i.s = 3)::int as done_late,
               count(*) filter (where i.s = 0)::int as overdue
        from i group by 1),
      worst as (select i.id, i.due_date, i.assignment_id, i.unit_id from i where i.s = 0 order by i.due_date, i.id limit ${worstLimit})
      ${figuresSelect(this.sql)}`;
    const r = rows[0]!;
    return { units: r.units, months: r.months, worstOverdue: r.worst };
  }
}

/**
 * The dashboard's figures computed from the items alone, in one statement: the reference the pre-aggregated
 * {@link PostgresDashboardStore} is checked against (tests/integration/dashboard-counts.test.ts, `npm run bench:web`).
 */
export class PostgresDashboardScratchStore extends PostgresDashboardStore {
  override async figures(scope: DashboardScope, worstLimit: number): Promise<DashboardFigures> {
    return this.figuresFromItems(scope, worstLimit);
  }
}

export class PostgresWebItemStore implements WebItemStore {
  constructor(private readonly sql: Sql) {}

  async reminders(dueItemId: number): Promise<ItemReminder[]> {
    return this.sql<ItemReminder[]>`
      select r.id::int, r.kind, r.step, r.status, r.planned_at as "plannedAt", r.sent_at as "sentAt", r.possible_duplicate as "flagged"
      from reminders r where r.due_item_id = ${dueItemId}
      order by r.planned_at, r.id`;
  }
}
