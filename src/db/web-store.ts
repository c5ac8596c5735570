/**
 * PostgreSQL implementation of the web console's ports: sign-in links and sessions (src/app/web/auth.ts) and the
 * dashboard's aggregates (src/app/web/dashboard.ts), on postgres.js.
 */
import type { Sql } from 'postgres';
import type { NewLoginToken, NewSession, WebAuthStore, WebIdentity, WebSession, WebUnitRef } from '../app/web/auth.js';
import type { DashboardScope, DashboardStore, GroupRef, MonthFigures, OverdueItem, PlanRef, StatusCounts, UnitCounts } from '../app/web/dashboard.js';
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

/** The status of a due item on `today` (see src/app/web/dashboard.ts); `null` for items without a colour. */
function statusSql(sql: Sql, scope: DashboardScope) {
  return sql`
    case
      when d.state in ('done', 'pending_approval') and d.done_at is not null and d.due_at is not null and d.done_at > d.due_at then 'done_late'
      when d.state in ('done', 'pending_approval') then 'done'
      when d.due_date < ${scope.today}::date then 'overdue'
      when d.due_date <= ${scope.soonUntil}::date then 'due_soon'
      else 'on_track'
    end`;
}

/** The items of the scope, with their unit and status. */
function scopedItems(sql: Sql, scope: DashboardScope) {
  return sql`
    select d.id, d.due_date, d.occurrence_label, a.unit_id, t.key as task_key, t.number as task_number, t.title as task_title,
           ${statusSql(sql, scope)} as status
    from due_items d
    join task_assignments a on a.id = d.assignment_id
    join tasks t on t.id = a.task_id
    join units u on u.id = a.unit_id
    where t.plan_id = ${scope.planId}
      and u.province = ${scope.province}
      and d.state not in ('waiting', 'waived')
      and d.due_date between ${scope.from}::date and ${scope.to}::date
      ${scope.unitId !== undefined ? sql`and a.unit_id = ${scope.unitId}` : sql``}
      ${
        scope.groupId !== undefined
          ? sql`and (exists (select 1 from unit_group_members gm where gm.group_id = ${scope.groupId} and gm.unit_id = u.id)
                     or exists (select 1 from unit_groups g where g.id = ${scope.groupId} and g.kinds ? u.kind::text))`
          : sql``
      }`;
}

export class PostgresDashboardStore implements DashboardStore {
  constructor(private readonly sql: Sql) {}

  async plans(province: string): Promise<PlanRef[]> {
    return this.sql<PlanRef[]>`
      select id, title, period_start_year as "periodStartYear", period_end_year as "periodEndYear", status
      from plans where province = ${province}
      order by (status = 'published') desc, period_start_year desc, id desc`;
  }

  async groups(province: string): Promise<GroupRef[]> {
    return this.sql<GroupRef[]>`select id, name from unit_groups where province = ${province} order by name`;
  }

  async unitCounts(scope: DashboardScope): Promise<UnitCounts[]> {
    const rows = await this.sql<({ unit_id: number; unit_name: string; unit_code: string } & Record<keyof StatusCounts, number>)[]>`
      with i as (${scopedItems(this.sql, scope)})
      select u.id as unit_id, u.name as unit_name, u.code as unit_code,
             count(*) filter (where i.status = 'overdue')::int as overdue,
             count(*) filter (where i.status = 'due_soon')::int as due_soon,
             count(*) filter (where i.status = 'on_track')::int as on_track,
             count(*) filter (where i.status = 'done_late')::int as done_late,
             count(*) filter (where i.status = 'done')::int as done
      from i join units u on u.id = i.unit_id
      group by u.id, u.name, u.code`;
    return rows.map((r) => ({
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitCode: r.unit_code,
      counts: { overdue: r.overdue, due_soon: r.due_soon, on_track: r.on_track, done_late: r.done_late, done: r.done },
    }));
  }

  async months(scope: DashboardScope): Promise<MonthFigures[]> {
    return this.sql<MonthFigures[]>`
      with i as (${scopedItems(this.sql, scope)})
      select to_char(i.due_date, 'YYYY-MM') as month, count(*)::int as due,
             count(*) filter (where i.status = 'done')::int as "doneOnTime",
             count(*) filter (where i.status = 'done_late')::int as "doneLate",
             count(*) filter (where i.status = 'overdue')::int as overdue
      from i group by 1 order by 1`;
  }

  async worstOverdue(scope: DashboardScope, limit: number): Promise<OverdueItem[]> {
    return this.sql<OverdueItem[]>`
      with i as (${scopedItems(this.sql, scope)})
      select i.id::int as "dueItemId", i.unit_id as "unitId", u.name as "unitName", i.task_key as "taskKey", i.task_number as "taskNumber",
             i.task_title as "taskTitle", i.occurrence_label as "occurrenceLabel", to_char(i.due_date, 'YYYY-MM-DD') as "dueDate"
      from i join units u on u.id = i.unit_id
      where i.status = 'overdue'
      order by i.due_date, i.id
      limit ${limit}`;
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
