/**
 * The dashboard store as first built (commit 078dc14): three statements, each joining the scope's items again.
 * Kept for `npm run bench:web` to time old against new in one run; the application uses src/db/web-store.ts.
 */
import type { Sql } from 'postgres';
import type { DashboardFigures, DashboardScope, MonthFigures, OverdueItem, StatusCounts, UnitCounts } from '../../src/app/web/dashboard.js';
import { PostgresDashboardStore } from '../../src/db/web-store.js';

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

export class ThreeQueryDashboardStore extends PostgresDashboardStore {
  constructor(private readonly db: Sql) {
    super(db);
  }

  override async figures(scope: DashboardScope, worstLimit: number): Promise<DashboardFigures> {
    const [units, months, worstOverdue] = await Promise.all([this.unitCounts(scope), this.months(scope), this.worstOverdue(scope, worstLimit)]);
    return { units, months, worstOverdue };
  }

  async unitCounts(scope: DashboardScope): Promise<UnitCounts[]> {
    const rows = await this.db<({ unit_id: number; unit_name: string; unit_code: string } & Record<keyof StatusCounts, number>)[]>`
      with i as (${scopedItems(this.db, scope)})
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
    return this.db<MonthFigures[]>`
      with i as (${scopedItems(this.db, scope)})
      select to_char(i.due_date, 'YYYY-MM') as month, count(*)::int as due,
             count(*) filter (where i.status = 'done')::int as "doneOnTime",
             count(*) filter (where i.status = 'done_late')::int as "doneLate",
             count(*) filter (where i.status = 'overdue')::int as overdue
      from i group by 1 order by 1`;
  }

  async worstOverdue(scope: DashboardScope, limit: number): Promise<OverdueItem[]> {
    return this.db<OverdueItem[]>`
      with i as (${scopedItems(this.db, scope)})
      select i.id::int as "dueItemId", i.unit_id as "unitId", u.name as "unitName", i.task_key as "taskKey", i.task_number as "taskNumber",
             i.task_title as "taskTitle", i.occurrence_label as "occurrenceLabel", to_char(i.due_date, 'YYYY-MM-DD') as "dueDate"
      from i join units u on u.id = i.unit_id
      where i.status = 'overdue'
      order by i.due_date, i.id
      limit ${limit}`;
  }
}
