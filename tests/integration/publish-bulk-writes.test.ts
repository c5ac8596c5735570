/**
 * The bulk writes of `plan publish` (issue #10, goal 6): assignments and due items go to PostgreSQL as UNNEST
 * arrays in chunks of BULK_CHUNK_ROWS rows. Across chunk boundaries no row is lost, doubled or attached to the
 * wrong assignment; a unit's effective dates cut its occurrences; writing again adds nothing, also for an
 * assignment created earlier (the existence probe) next to new ones. The dashboard counts kept by the insert
 * trigger (migrations 0018, 0022) equal a fresh GROUP BY of the items after each write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AssignmentOfGroup,
  BULK_CHUNK_ROWS,
  insertAssignments,
  insertDueItems,
  type OccurrenceInput,
} from '../../src/db/plan-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('publish_bulk');
});
afterAll(async () => {
  await db?.drop();
});

/** Occurrence `k` of task group `g`: due on day k+1 of 2024 (month-end clamp not needed: k < 28). */
/** How many (plan, unit, month) buckets of `dashboard_counts` differ from the items counted afresh. */
async function dashboardCountsWrong(): Promise<number> {
  const [r] = await db.sql<{ n: number }[]>`
    with fresh as (
      select t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date as month,
             count(*) filter (where d.state in ('done', 'pending_approval') and d.done_at > d.due_at)::int as done_late,
             count(*) filter (where d.state in ('done', 'pending_approval') and not coalesce(d.done_at > d.due_at, false))::int as done,
             count(*) filter (where d.state not in ('done', 'pending_approval'))::int as open
      from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where d.due_date is not null and d.state not in ('waiting', 'waived')
      group by 1, 2, 3),
    kept as (select * from dashboard_counts where done <> 0 or done_late <> 0 or open <> 0)
    select count(*)::int as n from fresh f full join kept c using (plan_id, unit_id, month)
    where (f.done, f.done_late, f.open) is distinct from (c.done, c.done_late, c.open)`;
  return r!.n;
}

function occurrence(g: number, k: number): OccurrenceInput {
  const day = `2024-01-${String(k + 1).padStart(2, '0')}`;
  return {
    group: g,
    occurrenceKey: `g${g}-o${k}`,
    occurrenceLabel: `Lần ${k + 1}`,
    windowStart: null,
    nominalDue: day,
    dueDate: day,
    dueAt: null,
    waitingEvent: null,
    state: 'open',
  };
}

describe('publish bulk writes', () => {
  it('write every (assignment, occurrence) exactly once across chunks, cut by effective dates, and again write nothing', async () => {
    const sql = db.sql;
    const [plan] = await sql<{ id: number }[]>`
      insert into plans (province, title, period_start_year, period_end_year, status, version)
      values ('bulk-test', 'Kế hoạch thử', 2024, 2024, 'draft', 1) returning id`;
    // 60 task groups × 25 occurrences; 30 units, every unit on every task (lead): 1 800 assignments, 45 000 due
    // items before cutting — more than two chunks of BULK_CHUNK_ROWS.
    const GROUPS = 60;
    const OCC = 25;
    const UNITS = 30;
    const tasks = await sql<{ id: number }[]>`
      insert into tasks (plan_id, number, position, title)
      select ${plan!.id}, g::text, g, 'Nhiệm vụ ' || g from generate_series(1, ${GROUPS}) g returning id`;
    const units = await sql<{ id: number }[]>`
      insert into units (province, code, name, kind)
      select 'bulk-test', 'u' || k, 'Đơn vị ' || k, 'department'::unit_kind from generate_series(1, ${UNITS}) k returning id`;
    const taskIds = tasks.map((t) => t.id);
    const unitIds = units.map((u) => u.id);
    expect(GROUPS * OCC * UNITS).toBeGreaterThan(2 * BULK_CHUNK_ROWS);

    // First, only the first ten tasks are assigned and written: these assignments exist before the second write.
    const rows = (groups: number[]) => groups.flatMap((g) => unitIds.map((u) => ({ taskId: taskIds[g]!, unitId: u, role: 'lead' as const })));
    const early = await insertAssignments(sql, rows([...Array(10).keys()]));
    expect(early.inserted).toBe(10 * UNITS);
    // Unit k (0-based) exists from day k/2 + 1 on: it misses the occurrences due before (waiting ones have no date).
    const effectiveFrom = (k: number) => `2024-01-${String(Math.floor(k / 2) + 1).padStart(2, '0')}`;
    const occurrences = [...Array(GROUPS).keys()].flatMap((g) => [...Array(OCC).keys()].map((k) => occurrence(g, k)));
    const groupAssignments = (ids: Map<string, number>, groups: number[]): AssignmentOfGroup[] =>
      groups.flatMap((g) =>
        // The second half of the units with their id (the store then writes whole units per statement), the others without.
        unitIds.map((u, k) => ({
          group: g,
          assignmentId: ids.get(`${taskIds[g]}:${u}:lead`)!,
          ...(k >= UNITS / 2 ? { unitId: u } : {}),
          effectiveFrom: effectiveFrom(k),
          effectiveTo: null,
        })),
      );
    const firstWrite = await insertDueItems(sql, groupAssignments(early.ids, [...Array(10).keys()]), occurrences, undefined, early.created);
    // Per unit k: the occurrences due on or after its first day, i.e. OCC - floor(k/2).
    const perGroup = unitIds.reduce((n, _, k) => n + OCC - Math.floor(k / 2), 0);
    expect(firstWrite).toBe(10 * perGroup);
    expect(await dashboardCountsWrong()).toBe(0);

    // Then the whole plan: the ten early tasks' assignments are old (probed), the others new.
    const all = await insertAssignments(sql, rows([...Array(GROUPS).keys()]));
    expect(all.inserted).toBe((GROUPS - 10) * UNITS);
    expect(all.ids.size).toBe(GROUPS * UNITS);
    for (const id of early.ids.values()) expect(all.created.has(id)).toBe(false);
    const progress: [number, number][] = [];
    const secondWrite = await insertDueItems(
      sql,
      groupAssignments(all.ids, [...Array(GROUPS).keys()]),
      occurrences,
      (done, total) => progress.push([done, total]),
      all.created,
    );
    expect(secondWrite).toBe((GROUPS - 10) * perGroup);
    // More than one statement, and progress ends at its total.
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)![0]).toBe(progress.at(-1)![1]);
    // The counts of every unit grew (the second write added to the buckets of the first) and equal the items.
    expect(await dashboardCountsWrong()).toBe(0);
    const [buckets] = await sql<{ n: number; open: number }[]>`select count(*)::int as n, sum(open)::int as open from dashboard_counts where plan_id = ${plan!.id}`;
    expect(buckets).toEqual({ n: UNITS, open: GROUPS * perGroup });

    // Exactly the expected rows: each assignment holds the occurrences of its own task, due on or after its
    // unit's first day, once each.
    const [count] = await sql<{ n: number; distinct_pairs: number }[]>`
      select count(*)::int as n, count(distinct (assignment_id, occurrence_key))::int as distinct_pairs from due_items`;
    expect(count!.n).toBe(GROUPS * perGroup);
    expect(count!.distinct_pairs).toBe(count!.n);
    const [wrong] = await sql<{ n: number }[]>`
      select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
      where d.occurrence_key <> 'g' || (t.position - 1) || '-o' || (extract(day from d.due_date)::int - 1)
         or d.due_date < ('2024-01-01'::date + ((substring(u.code from 2)::int - 1) / 2))`;
    expect(wrong!.n).toBe(0);

    // Writing the whole plan again adds nothing (also when the rows asked for repeat one).
    const again = await insertAssignments(sql, [...rows([...Array(GROUPS).keys()]), rows([0])[0]!]);
    expect(again.inserted).toBe(0);
    expect(again.ids).toEqual(all.ids);
    expect(await insertDueItems(sql, groupAssignments(again.ids, [...Array(GROUPS).keys()]), occurrences, undefined, again.created)).toBe(0);
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from due_items`;
    expect(after!.n).toBe(GROUPS * perGroup);
    expect(await dashboardCountsWrong()).toBe(0);
  }, 120_000);

  it('inserts an assignment asked for twice in one call once', async () => {
    const [plan] = await db.sql<{ id: number }[]>`
      insert into plans (province, title, period_start_year, period_end_year, status, version)
      values ('bulk-twice', 'Kế hoạch thử', 2024, 2024, 'draft', 1) returning id`;
    const [task] = await db.sql<{ id: number }[]>`insert into tasks (plan_id, number, position, title) values (${plan!.id}, '1', 1, 'Việc') returning id`;
    const [unit] = await db.sql<{ id: number }[]>`insert into units (province, code, name, kind) values ('bulk-twice', 'u', 'Đơn vị', 'department') returning id`;
    const row = { taskId: task!.id, unitId: unit!.id, role: 'lead' as const };
    const res = await insertAssignments(db.sql, [row, row, { ...row, role: 'support' }]);
    expect(res.inserted).toBe(2);
    expect([...res.ids.keys()].sort()).toEqual([`${task!.id}:${unit!.id}:lead`, `${task!.id}:${unit!.id}:support`]);
  });
});
