/**
 * Reads one published plan, and the people who would be reminded about it, from PostgreSQL into a `WorldSnapshot`
 * (src/app/memory/world.ts). Read-only: a handful of SELECTs, nothing written. Delivery state (reminders, digest
 * runs) is not read: a simulation starts from a clean slate of deliveries, as the plan had just been published.
 */
import type { WorldSnapshot } from '../app/memory/world.js';
import { PlanNotSimulableError, type PlanSnapshotReader, type SimulatedPlanStatus } from '../app/simulate-source.js';
import type { Sql } from './client.js';

export { PlanNotSimulableError };

/** The plan's status; null when there is no such plan. */
export async function planStatusOf(sql: Sql, planId: number): Promise<SimulatedPlanStatus | null> {
  const [row] = await sql<{ status: SimulatedPlanStatus }[]>`select status from plans where id = ${planId}`;
  return row?.status ?? null;
}

/** The plans of the database behind `sql`, as a simulation reads them. */
export function planSnapshotReader(sql: Sql): PlanSnapshotReader {
  return { planStatus: (planId) => planStatusOf(sql, planId), snapshot: (planId) => loadPlanSnapshot(sql, planId) };
}

export async function loadPlanSnapshot(sql: Sql, planId: number): Promise<WorldSnapshot> {
  const [plan] = await sql<{ id: number; title: string; province: string; status: 'draft' | 'published' | 'archived' }[]>`
    select id, title, province, status from plans where id = ${planId}`;
  if (!plan) throw new PlanNotSimulableError(`Không có kế hoạch mã ${planId}.`);
  if (plan.status !== 'published') throw new PlanNotSimulableError(`Kế hoạch ${plan.id} chưa công bố (trạng thái ${plan.status}).`);
  // One snapshot: every read sees the same state even if the plan is amended meanwhile.
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const tasks = await tx<{ id: number; number: string; key: string | null; title: string; position: number }[]>`
      select id, number, key, title, position from tasks where plan_id = ${plan.id} order by id`;
    const assignments = await tx<{ id: number; task_id: number; unit_id: number; role: 'lead' | 'support' }[]>`
      select a.id, a.task_id, a.unit_id, a.role from task_assignments a join tasks t on t.id = a.task_id
      where t.plan_id = ${plan.id} order by a.id`;
    const dueItems = await tx<
      { id: string; assignment_id: number; occurrence_key: string; occurrence_label: string; due_date: string | null; state: WorldSnapshot['dueItems'][number]['state']; done_at: Date | null; revision: number }[]
    >`
      select d.id, d.assignment_id, d.occurrence_key, d.occurrence_label, d.due_date::text as due_date, d.state, d.done_at, d.revision
      from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${plan.id} order by d.id`;
    // The province's units (coordinators and leaders sit in units no task names) and any unit the plan names.
    const units = await tx<{ id: number; province: string; name: string }[]>`
      select id, province, name from units
      where province = ${plan.province}
         or id in (select a.unit_id from task_assignments a join tasks t on t.id = a.task_id where t.plan_id = ${plan.id})
      order by id`;
    const unitIds = units.map((u) => u.id);
    const memberships = await tx<{ id: number; person_id: number; unit_id: number; role: 'focal' | 'head' | 'leader' | 'coordinator'; active: boolean }[]>`
      select id, person_id, unit_id, role::text as role, active from memberships where unit_id = any(${unitIds}::int[]) order by id`;
    const personIds = [...new Set(memberships.map((m) => m.person_id))];
    const people = await tx<{ id: number; name: string; locale: string; active: boolean }[]>`
      select id, name, locale, active from people where id = any(${personIds}::int[]) order by id`;
    const chats = await tx<{ id: number; chat: string; kind: 'private' | 'group' | 'supergroup' | 'channel'; person_id: number | null; unit_id: number | null; active: boolean; inactive_reason: string | null }[]>`
      select id, telegram_chat_id::text as chat, kind::text as kind, person_id, unit_id, active, inactive_reason from chats
      where person_id = any(${personIds}::int[]) or unit_id = any(${unitIds}::int[]) order by id`;
    return {
      plans: [{ id: plan.id, title: plan.title, province: plan.province, status: 'published' }],
      tasks: tasks.map((t) => ({ id: t.id, planId: plan.id, number: t.number, key: t.key, title: t.title, position: t.position })),
      assignments: assignments.map((a) => ({ id: a.id, taskId: a.task_id, unitId: a.unit_id, role: a.role })),
      dueItems: dueItems.map((d) => ({
        id: Number(d.id),
        assignmentId: d.assignment_id,
        occurrenceKey: d.occurrence_key,
        occurrenceLabel: d.occurrence_label,
        dueDate: d.due_date,
        state: d.state,
        doneAtMs: d.done_at?.getTime() ?? null,
        revision: d.revision,
        plannedRevision: null,
      })),
      units: units.map((u) => ({ ...u })),
      memberships: memberships.map((m) => ({ id: m.id, personId: m.person_id, unitId: m.unit_id, role: m.role, active: m.active })),
      people: people.map((p) => ({ ...p })),
      chats: chats.map((c) => ({ id: c.id, telegramChatId: c.chat, kind: c.kind, personId: c.person_id, unitId: c.unit_id, active: c.active, inactiveReason: c.inactive_reason })),
    };
  }) as Promise<WorldSnapshot>;
}

/**
 * When anything a simulation of the plan reads last changed: the plan, its tasks (units chosen, readings,
 * proposals, manual dates) or its due items (completions, extensions). Null for no such plan.
 */
export async function planChangedAt(sql: Sql, planId: number): Promise<Date | null> {
  const [row] = await sql<{ changed: Date }[]>`
    select greatest(
      p.updated_at,
      (select max(t.updated_at) from tasks t where t.plan_id = p.id),
      (select max(d.updated_at) from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.plan_id = p.id)
    ) as changed
    from plans p where p.id = ${planId}`;
  return row?.changed ?? null;
}
