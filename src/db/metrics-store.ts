/**
 * Scrape-time reads for `/metrics` (src/infra/metrics.ts): open and overdue due items per published plan.
 */
import type { Sql } from './client.js';

/**
 * Open = chased (open, overdue, extended); overdue = chased and past its due day on `today` ('YYYY-MM-DD' in the
 * service's zone), whether or not the reconciler has marked it yet.
 */
export async function itemsPerPlan(sql: Sql, today: string): Promise<{ planId: number; open: number; overdue: number }[]> {
  const rows = await sql<{ plan_id: number; open: number; overdue: number }[]>`
    select t.plan_id,
           count(*)::int as open,
           (count(*) filter (where d.state = 'overdue' or d.due_date < ${today}::date))::int as overdue
    from due_items d
    join task_assignments a on a.id = d.assignment_id
    join tasks t on t.id = a.task_id
    join plans p on p.id = t.plan_id and p.status = 'published'
    where d.state in ('open', 'overdue', 'extended')
    group by t.plan_id
    order by t.plan_id`;
  return rows.map((r) => ({ planId: r.plan_id, open: r.open, overdue: r.overdue }));
}
