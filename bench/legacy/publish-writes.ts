/**
 * The write phase of `plan publish` before issue #10 goal 6 (commit f1942f5): `insertAssignments`,
 * `insertDueItems` and `writePublication` as they were, kept so that `npm run bench:db` can run old and new side
 * by side. Not used by the application.
 */
import type { Sql } from '../../src/db/client.js';
import type { AssignmentInput, AssignmentOfGroup, OccurrenceInput } from '../../src/db/plan-store.js';
import { type Publication, type PublicationWrite, unitGetsOccurrence, type WaitingTask } from '../../src/app/plan-publish.js';

/** Rows per statement: well under PostgreSQL's limits (UNNEST passes one array per column). */
const BULK_CHUNK_ROWS = 20_000;

/**
 * Inserts assignments (existing ones are kept) and returns the id of every (task, unit, role) asked for, and the
 * ids created by this call (they have no due items yet, which lets `insertDueItems` skip its existence probe).
 * Idempotence by an anti-join rather than ON CONFLICT (whose speculative insertion costs about a fifth of the
 * rate); callers serialise writers of a plan (`lockPlanForPublish`) and the unique index stays as the backstop.
 */
async function insertAssignments(sql: Sql, rows: AssignmentInput[]): Promise<{ inserted: number; ids: Map<string, number>; created: Set<number> }> {
  const created = new Set<number>();
  for (let i = 0; i < rows.length; i += BULK_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + BULK_CHUNK_ROWS);
    const res = await sql<{ id: number }[]>`
      insert into task_assignments (task_id, unit_id, role)
      select n.t, n.u, n.r
      from unnest(${chunk.map((r) => r.taskId)}::int[], ${chunk.map((r) => r.unitId)}::int[], ${chunk.map((r) => r.role)}::assignment_role[]) as n(t, u, r)
      where not exists (select 1 from task_assignments a where a.task_id = n.t and a.unit_id = n.u and a.role = n.r)
      returning id`;
    for (const r of res) created.add(r.id);
  }
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const ids = new Map<string, number>();
  for (let i = 0; i < taskIds.length; i += BULK_CHUNK_ROWS) {
    const found = await sql<{ id: number; task_id: number; unit_id: number; role: string }[]>`
      select id, task_id, unit_id, role from task_assignments where task_id = any(${taskIds.slice(i, i + BULK_CHUNK_ROWS)}::int[])`;
    for (const f of found) ids.set(`${f.task_id}:${f.unit_id}:${f.role}`, f.id);
  }
  return { inserted: created.size, ids, created };
}

/**
 * Inserts the due items of many tasks: every assignment of a task group gets every occurrence of that group
 * (dated ones only while its unit exists). Only assignments and occurrences travel to the server; PostgreSQL
 * builds the rows (a join of two UNNESTs), which keeps the client cost independent of the row count. An
 * (assignment, occurrence key) that exists is left as it is: assignments in `fresh` (created in this transaction,
 * so without due items) skip that probe. Callers hold `lockPlanForPublish`. Returns how many rows were new.
 */
async function insertDueItems(
  sql: Sql,
  assignments: AssignmentOfGroup[],
  occurrences: OccurrenceInput[],
  onChunk?: (done: number, total: number) => void,
  fresh: ReadonlySet<number> = new Set(),
): Promise<number> {
  let inserted = 0;
  const byGroup = new Map<number, OccurrenceInput[]>();
  for (const o of occurrences) byGroup.set(o.group, [...(byGroup.get(o.group) ?? []), o]);
  // Chunks of assignments sized so that a statement builds about BULK_CHUNK_ROWS rows; fresh and older
  // assignments go in separate statements (only the older ones need the existence probe).
  let chunk: AssignmentOfGroup[] = [];
  let rows = 0;
  const flush = async (probe: boolean) => {
    if (chunk.length === 0) return;
    const groups = new Set(chunk.map((a) => a.group));
    const occ = occurrences.filter((o) => groups.has(o.group));
    const res = await sql`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, window_start, nominal_due, due_date, due_at, waiting_event, state)
      select a.id, o.k, o.l, o.ws, o.nd, o.dd, o.da, o.we, o.st
      from unnest(${chunk.map((a) => a.assignmentId)}::int[], ${chunk.map((a) => a.group)}::int[],
                  ${chunk.map((a) => a.effectiveFrom)}::date[], ${chunk.map((a) => a.effectiveTo)}::date[]) as a(id, g, ef, et)
      join unnest(${occ.map((o) => o.group)}::int[], ${occ.map((o) => o.occurrenceKey)}::text[], ${occ.map((o) => o.occurrenceLabel)}::text[],
                  ${occ.map((o) => o.windowStart)}::date[], ${occ.map((o) => o.nominalDue)}::date[], ${occ.map((o) => o.dueDate)}::date[],
                  ${occ.map((o) => o.dueAt)}::timestamptz[], ${occ.map((o) => o.waitingEvent)}::text[], ${occ.map((o) => o.state)}::due_state[])
           as o(g, k, l, ws, nd, dd, da, we, st) on o.g = a.g
      where (o.dd is null or ((a.ef is null or o.dd >= a.ef) and (a.et is null or o.dd <= a.et)))
        ${probe ? sql`and not exists (select 1 from due_items d where d.assignment_id = a.id and d.occurrence_key = o.k)` : sql``}`;
    inserted += res.count;
    done += rows;
    onChunk?.(done, total);
    chunk = [];
    rows = 0;
  };
  const total = assignments.reduce((n, a) => n + (byGroup.get(a.group)?.length ?? 0), 0);
  let done = 0;
  for (const probe of [false, true]) {
    for (const a of assignments) {
      if (fresh.has(a.assignmentId) === probe) continue;
      chunk.push(a);
      rows += byGroup.get(a.group)?.length ?? 0;
      if (rows >= BULK_CHUNK_ROWS) await flush(probe);
    }
    await flush(probe);
  }
  return inserted;
}

/**
 * Inserts the assignments and due items of a publication that do not exist yet (idempotent). The caller holds
 * `lockPlanForPublish` in the transaction `tx`.
 */
export async function legacyWritePublication(tx: Sql, pub: Publication, onProgress?: (stage: string, done: number, total: number) => void): Promise<PublicationWrite> {
  onProgress?.('ghi phân công', 0, pub.assignmentRows.length);
  const { inserted: assignmentsCreated, ids, created } = await insertAssignments(tx, pub.assignmentRows);
  onProgress?.('ghi phân công', pub.assignmentRows.length, pub.assignmentRows.length);
  const groupAssignments: AssignmentOfGroup[] = [];
  const occurrences: OccurrenceInput[] = [];
  const waiting: WaitingTask[] = [];
  let dated = 0;
  let waitingItems = 0;
  pub.tasks.forEach((t, group) => {
    for (const w of t.occurrences.filter((o) => o.state === 'waiting'))
      waiting.push({ task: t.label, title: t.title, reason: w.label, units: t.assignments.length });
    for (const o of t.occurrences)
      occurrences.push({
        group,
        occurrenceKey: o.key,
        occurrenceLabel: o.label,
        windowStart: o.start,
        nominalDue: o.nominalDue,
        dueDate: o.due,
        dueAt: o.dueAt,
        waitingEvent: o.waitingEvent,
        state: o.state,
      });
    for (const as of t.assignments) {
      const assignmentId = as.unitId === undefined ? undefined : ids.get(`${t.taskId}:${as.unitId}:${as.role}`);
      if (assignmentId === undefined) continue;
      groupAssignments.push({ group, assignmentId, effectiveFrom: as.effectiveFrom, effectiveTo: as.effectiveTo });
      for (const o of t.occurrences) {
        if (!unitGetsOccurrence(as, o)) continue;
        if (o.state === 'waiting') waitingItems++;
        else dated++;
      }
    }
  });
  // insertDueItems counts occurrences per assignment as it goes, before dropping those outside a unit's effective
  // dates; the items that exist are `dated + waitingItems` (what the summary reports), so progress is scaled to them.
  const items = dated + waitingItems;
  const dueItemsCreated = await insertDueItems(
    tx,
    groupAssignments,
    occurrences,
    (done, total) => onProgress?.('ghi hạn', done >= total ? items : Math.floor((done / total) * items), items),
    created,
  );
  return { assignmentsCreated, dueItemsCreated, dated, waitingItems, waiting };
}

