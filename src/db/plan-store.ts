/**
 * Plans, sections and tasks in PostgreSQL: store a draft, replace a draft's content with an amended version,
 * load a plan back; bulk writes of assignments and due items for publishing (UNNEST, chunked); the writes of an
 * amendment of a published plan (tasks updated in place, due items re-dated or waived).
 */
import { and, asc, desc, eq, sql as dsql } from 'drizzle-orm';
import {
  type AmendedTask,
  type AssignmentInput,
  type AssignmentOfGroup,
  type DueItemChange,
  type OccurrenceInput,
  OPEN_DUE_STATES,
  type PlanAmendmentRecord,
  type PlanRow,
  settingsOf,
  type PlanSettings,
  type SectionRow,
  type StoredAssignment,
  type StoredDueItem,
  type StoredPlan,
  type TaskRow,
} from '../app/plan-ports.js';
import type { PlanDraft } from '../import/build-plan.js';
import type { Database, Db, Sql } from './client.js';
import { auditLog, events as eventsTable, planSections, plans, tasks } from './schema.js';
import { saveDirectory, unitIdsByCode } from './unit-store.js';
import { taskLabel } from '../domain/format/task-label.js';
import type {
  DraftTransaction,
  ManualDate,
  PlanAuditEntry,
  PlanStore,
  PublicationTransaction,
  TaskDeadlineChoice,
  TaskUnitOverrides,
} from '../app/plan-ports.js';
import type { UnitDirectory } from '../domain/units/directory.js';
import type { DeadlineEvent } from '../import/deadline-port.js';

type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export type { AmendedTask, AssignmentInput, AssignmentOfGroup, DueItemChange, OccurrenceInput, PlanRow, SectionRow, StoredAssignment, StoredDueItem, StoredPlan, TaskRow };
export { OPEN_DUE_STATES, settingsOf };

// The use cases' row types must stay what the tables hold.
type Assert<T extends true> = T;
export type _RowsMatch = Assert<
  (typeof plans.$inferSelect extends PlanRow ? true : false) &
    (typeof tasks.$inferSelect extends TaskRow ? true : false) &
    (typeof planSections.$inferSelect extends SectionRow ? true : false) &
    (PlanRow extends typeof plans.$inferSelect ? true : false) &
    (TaskRow extends typeof tasks.$inferSelect ? true : false)
>;

/** "IV#2/01" → "IV(2).01"; "I/4.3" → "I.4.3"; "P/ĐX1" → "ĐX1"; "I/4#2" → "I.4(2)". */
export function keyToLabel(key: string): string {
  return taskLabel({ key, number: key });
}

/** The newest plan of a province and period. */
export async function findLatestPlan(db: Tx, province: string, startYear: number, endYear: number): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(plans)
    .where(and(eq(plans.province, province), eq(plans.periodStartYear, startYear), eq(plans.periodEndYear, endYear)))
    .orderBy(desc(plans.version))
    .limit(1);
  return row;
}

/** Advisory lock namespace of `plan import` (one import per province and period at a time). */
export const IMPORT_LOCK_NAMESPACE = 7243102;

/** The second key of the import lock. */
export function importLockKey(province: string, startYear: number, endYear: number): string {
  return `${province}:${startYear}:${endYear}`;
}

/** Takes the import lock of a province and period until the transaction `sql` ends. */
export async function lockPlanImport(sql: Sql, province: string, startYear: number, endYear: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_NAMESPACE}, hashtext(${importLockKey(province, startYear, endYear)}))`;
}

function planValues(draft: PlanDraft) {
  return {
    title: draft.metadata.title,
    decisionNumber: draft.metadata.decisionNumber ?? null,
    decisionDate: draft.metadata.decisionDate ?? null,
    sourceFileName: draft.source.fileName,
    sourceFileHash: draft.source.sha256,
    problems: draft.problems as unknown[],
  };
}


/**
 * Rows per multi-row INSERT of sections and tasks. A task row binds 15 parameters and PostgreSQL's protocol allows
 * 65,535 per statement, so one statement for a whole plan failed above ~4,368 tasks (issue #16.4).
 */
export const CONTENT_CHUNK_ROWS = 2_000;

async function insertContent(tx: Tx, planId: number, draft: PlanDraft): Promise<void> {
  const sectionIds = new Map<string, number>();
  for (let i = 0; i < draft.sections.length; i += CONTENT_CHUNK_ROWS) {
    const chunk = draft.sections.slice(i, i + CONTENT_CHUNK_ROWS);
    const rows = await tx
      .insert(planSections)
      .values(chunk.map((s) => ({ planId, number: s.number, title: s.title, position: s.position })))
      .returning({ id: planSections.id, position: planSections.position });
    const byPosition = new Map(rows.map((r) => [r.position, r.id]));
    for (const s of chunk) sectionIds.set(s.key, byPosition.get(s.position)!);
  }
  for (let i = 0; i < draft.tasks.length; i += CONTENT_CHUNK_ROWS)
    await tx.insert(tasks).values(
      draft.tasks.slice(i, i + CONTENT_CHUNK_ROWS).map((t) => ({
        planId,
        sectionId: t.sectionKey ? (sectionIds.get(t.sectionKey) ?? null) : null,
        number: t.number,
        key: t.key,
        position: t.position,
        title: t.title,
        output: t.output,
        leadText: t.leadText,
        supportText: t.supportText,
        deadlineText: t.deadlineText,
        deadlineRule: t.deadline?.rule ?? null,
        deadlineRuleVersion: t.deadline ? 1 : null,
        budget: t.budget === null ? null : String(t.budget),
        isProposal: t.isProposal,
        proposalStatus: t.isProposal ? ('pending' as const) : null,
      })),
    );
}

/** Stores a new draft plan (version after the newest of its province and period). */
export async function insertDraftPlan(tx: Tx, draft: PlanDraft, now: Date, version = 1): Promise<number> {
  const [row] = await tx
    .insert(plans)
    .values({
      province: draft.metadata.province,
      periodStartYear: draft.metadata.periodStartYear,
      periodEndYear: draft.metadata.periodEndYear,
      status: 'draft',
      version,
      settings: settingsOf(draft),
      createdAt: now,
      updatedAt: now,
      ...planValues(draft),
    })
    .returning({ id: plans.id });
  await insertContent(tx, row!.id, draft);
  return row!.id;
}

/** Replaces a draft's sections and tasks with an amended version (drafts have no assignments yet). */
export async function replaceDraftContent(tx: Tx, planId: number, draft: PlanDraft, now: Date): Promise<void> {
  await tx.delete(tasks).where(eq(tasks.planId, planId));
  await tx.delete(planSections).where(eq(planSections.planId, planId));
  await tx
    .update(plans)
    .set({ ...planValues(draft), settings: settingsOf(draft), updatedAt: now })
    .where(eq(plans.id, planId));
  await insertContent(tx, planId, draft);
}


export async function loadPlan(db: Tx, planId: number): Promise<StoredPlan | undefined> {
  const [plan] = await db.select().from(plans).where(eq(plans.id, planId));
  if (!plan) return undefined;
  const sections = await db.select().from(planSections).where(eq(planSections.planId, planId)).orderBy(asc(planSections.position));
  const taskRows = await db.select().from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.position));
  return { plan, sections, tasks: taskRows };
}

/** Lists plans, newest first. */
export async function listPlans(db: Tx, province?: string): Promise<PlanRow[]> {
  const q = db.select().from(plans);
  return (province ? q.where(eq(plans.province, province)) : q).orderBy(desc(plans.id));
}





/** Rows per statement: well under PostgreSQL's limits (UNNEST passes one array per column). */
export const BULK_CHUNK_ROWS = 20_000;

/**
 * Inserts assignments (existing ones are kept) and returns the id of every (task, unit, role) asked for, and the
 * ids created by this call (they have no due items yet, which lets `insertDueItems` skip its existence probe).
 * The existing assignments of the tasks are read first and only the missing ones are inserted, with a plain
 * INSERT: no ON CONFLICT (whose speculative insertion costs about a fifth of the rate) and no anti-join (which the
 * planner ran as a nested loop over the table being filled when it looked empty: quadratic, ≈ 1 s for 8,000 rows).
 * Callers serialise writers of a plan (`lockPlanForPublish`) and the unique index stays as the backstop.
 */
export async function insertAssignments(sql: Sql, rows: AssignmentInput[]): Promise<{ inserted: number; ids: Map<string, number>; created: Set<number> }> {
  const key = (taskId: number, unitId: number, role: string) => `${taskId}:${unitId}:${role}`;
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const ids = new Map<string, number>();
  for (let i = 0; i < taskIds.length; i += BULK_CHUNK_ROWS) {
    const found = await sql<{ id: number; task_id: number; unit_id: number; role: string }[]>`
      select id, task_id, unit_id, role from task_assignments where task_id = any(${taskIds.slice(i, i + BULK_CHUNK_ROWS)}::int[])`;
    for (const f of found) ids.set(key(f.task_id, f.unit_id, f.role), f.id);
  }
  const asked = new Set<string>();
  const missing = rows.filter((r) => {
    const k = key(r.taskId, r.unitId, r.role);
    if (ids.has(k) || asked.has(k)) return false;
    asked.add(k);
    return true;
  });
  const created = new Set<number>();
  for (let i = 0; i < missing.length; i += BULK_CHUNK_ROWS) {
    const chunk = missing.slice(i, i + BULK_CHUNK_ROWS);
    const res = await sql<{ id: number; task_id: number; unit_id: number; role: string }[]>`
      insert into task_assignments (task_id, unit_id, role)
      select * from unnest(${chunk.map((r) => r.taskId)}::int[], ${chunk.map((r) => r.unitId)}::int[], ${chunk.map((r) => r.role)}::assignment_role[])
      returning id, task_id, unit_id, role`;
    for (const r of res) {
      created.add(r.id);
      ids.set(key(r.task_id, r.unit_id, r.role), r.id);
    }
  }
  return { inserted: created.size, ids, created };
}

/** Serialises the writers of one plan's assignments and due items (publish, amend) until the transaction ends. */
export async function lockPlanForPublish(sql: Sql, planId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${PUBLISH_LOCK_NAMESPACE}, ${planId})`;
}

const PUBLISH_LOCK_NAMESPACE = 7243103;

/**
 * Inserts the due items of many tasks: every assignment of a task group gets every occurrence of that group
 * (dated ones only while its unit exists). Only assignments and occurrences travel to the server; PostgreSQL
 * builds the rows (a join of two UNNESTs), which keeps the client cost independent of the row count. An
 * (assignment, occurrence key) that exists is left as it is: assignments in `fresh` (created in this transaction,
 * so without due items) skip that probe. Callers hold `lockPlanForPublish`. Returns how many rows were new.
 */
export async function insertDueItems(
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
  // Whole units per statement: the dashboard counts that the insert trigger adds (one row per plan, unit and month,
  // migrations 0018 and 0022) are then new rows, not updates of the rows the previous statement wrote — with the
  // tasks' order, every statement touched every unit and month (8,000 upserts per 20,000 items).
  const ordered = [...assignments].sort((x, y) => (x.unitId ?? 0) - (y.unitId ?? 0));
  for (const probe of [false, true]) {
    for (const a of ordered) {
      if (fresh.has(a.assignmentId) === probe) continue;
      chunk.push(a);
      rows += byGroup.get(a.group)?.length ?? 0;
      if (rows >= BULK_CHUNK_ROWS) await flush(probe);
    }
    await flush(probe);
  }
  return inserted;
}

// ---------------------------------------------------------------- amending a published plan (postgres.js)

const PLAN_COLUMNS = `id, province, title, decision_number as "decisionNumber", decision_date::text as "decisionDate",
  period_start_year as "periodStartYear", period_end_year as "periodEndYear", source_file_name as "sourceFileName",
  source_file_hash as "sourceFileHash", status, version, settings, problems, created_at as "createdAt",
  updated_at as "updatedAt", published_at as "publishedAt"`;
const SECTION_COLUMNS = `id, plan_id as "planId", number, title, position`;
const TASK_COLUMNS = `id, plan_id as "planId", section_id as "sectionId", number, key, position, title, output,
  lead_text as "leadText", support_text as "supportText", deadline_text as "deadlineText", deadline_rule as "deadlineRule",
  deadline_rule_version as "deadlineRuleVersion", budget, is_proposal as "isProposal", manual_due_date::text as "manualDueDate",
  unit_overrides as "unitOverrides", deadline_choice as "deadlineChoice", proposal_status as "proposalStatus", withdrawn_at as "withdrawnAt",
  created_at as "createdAt", updated_at as "updatedAt"`;

/** The newest plan of a province and period, read with postgres.js (inside its transactions). */
export async function findLatestPlanSql(sql: Sql, province: string, startYear: number, endYear: number): Promise<PlanRow | undefined> {
  const [row] = await sql<PlanRow[]>`
    select ${sql.unsafe(PLAN_COLUMNS)} from plans
    where province = ${province} and period_start_year = ${startYear} and period_end_year = ${endYear}
    order by version desc limit 1`;
  return row;
}

/** `loadPlan` with postgres.js (inside its transactions). */
export async function loadPlanSql(sql: Sql, planId: number): Promise<StoredPlan | undefined> {
  const [plan] = await sql<PlanRow[]>`select ${sql.unsafe(PLAN_COLUMNS)} from plans where id = ${planId}`;
  if (!plan) return undefined;
  const sections = await sql<SectionRow[]>`select ${sql.unsafe(SECTION_COLUMNS)} from plan_sections where plan_id = ${planId} order by position`;
  const taskRows = await sql<TaskRow[]>`select ${sql.unsafe(TASK_COLUMNS)} from tasks where plan_id = ${planId} order by position`;
  return { plan, sections: [...sections], tasks: [...taskRows] };
}



/**
 * The assignments and due items of a plan. `lock`: the items are locked (FOR UPDATE) until the transaction ends,
 * so that the bot cannot change one between the amendment's decision and its write.
 */
export async function loadPublishedRows(sql: Sql, planId: number, lock = false): Promise<{ assignments: StoredAssignment[]; items: StoredDueItem[] }> {
  const assignments = await sql<StoredAssignment[]>`
    select a.id, a.task_id as "taskId", a.unit_id as "unitId", a.role::text as role
    from task_assignments a join tasks t on t.id = a.task_id where t.plan_id = ${planId} order by a.id`;
  const items = await sql<(Omit<StoredDueItem, 'id'> & { id: string })[]>`
    select d.id, d.assignment_id as "assignmentId", a.task_id as "taskId", a.unit_id as "unitId", a.role::text as role,
           d.occurrence_key as "occurrenceKey", d.occurrence_label as "occurrenceLabel", d.window_start::text as "windowStart",
           d.nominal_due::text as "nominalDue", d.due_date::text as "dueDate", d.due_at as "dueAt", d.waiting_event as "waitingEvent",
           d.state::text as state, d.revision,
           (select max(case when e.status = 'countered' then e.counter_date else e.proposed_date end)::text
              from extension_requests e where e.due_item_id = d.id and e.status in ('approved', 'countered')) as "extendedTo"
    from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
    where t.plan_id = ${planId}
    order by d.id
    ${lock ? sql`for update of d` : sql``}`;
  return { assignments: [...assignments], items: items.map((i) => ({ ...i, id: Number(i.id) })) };
}


/** Section key of stored sections, as `buildPlan` derives it ("IV", then "IV#2" for a numeral repeated). */
export function storedSectionKeys(sections: readonly SectionRow[]): Map<number, string> {
  const seen = new Map<string, number>();
  const keys = new Map<number, string>();
  for (const s of [...sections].sort((a, b) => a.position - b.position)) {
    const n = (seen.get(s.number) ?? 0) + 1;
    seen.set(s.number, n);
    keys.set(s.id, n === 1 ? s.number : `${s.number}#${n}`);
  }
  return keys;
}

/**
 * Writes the content of an amended version into a published plan without deleting anything: sections matched by
 * key are updated, new ones inserted, vanished ones kept after the last; tasks updated in place (ids, and so
 * assignments, due items and history, stay), inserted, or marked withdrawn. Positions are unique per plan, so
 * every row first moves to a negative position (its id, negated), then takes its new one.
 */
export async function writeAmendedContent(
  sql: Sql,
  stored: StoredPlan,
  draft: PlanDraft,
  amended: readonly AmendedTask[],
  now: Date,
): Promise<void> {
  const planId = stored.plan.id;
  await sql`update plan_sections set position = -id where plan_id = ${planId}`;
  await sql`update tasks set position = -id where plan_id = ${planId}`;

  const storedKeys = storedSectionKeys(stored.sections);
  const byKey = new Map([...storedKeys].map(([id, key]) => [key, id]));
  const sectionIds = new Map<string, number>();
  for (const s of draft.sections) {
    const id = byKey.get(s.key);
    if (id !== undefined) {
      await sql`update plan_sections set number = ${s.number}, title = ${s.title}, position = ${s.position} where id = ${id}`;
      sectionIds.set(s.key, id);
      byKey.delete(s.key);
    } else {
      const [row] = await sql<{ id: number }[]>`
        insert into plan_sections (plan_id, number, title, position) values (${planId}, ${s.number}, ${s.title}, ${s.position}) returning id`;
      sectionIds.set(s.key, row!.id);
    }
  }
  let next = Math.max(0, ...draft.sections.map((s) => s.position));
  for (const s of stored.sections) if ([...byKey.values()].includes(s.id)) await sql`update plan_sections set position = ${++next} where id = ${s.id}`;

  for (const t of amended) {
    const sectionId = t.sectionKey === undefined ? undefined : t.sectionKey === null ? null : (sectionIds.get(t.sectionKey) ?? null);
    const values = {
      number: t.number,
      key: t.key,
      position: t.position,
      title: t.title,
      output: t.output,
      lead_text: t.leadText,
      support_text: t.supportText,
      deadline_text: t.deadlineText,
      deadline_rule: t.deadlineRule === null ? null : sql.json(t.deadlineRule as never),
      deadline_rule_version: t.deadlineRuleVersion,
      budget: t.budget,
      is_proposal: t.isProposal,
      proposal_status: t.proposalStatus,
      unit_overrides: t.unitOverrides === null ? null : sql.json(t.unitOverrides as never),
      withdrawn_at: t.withdrawnAt,
      updated_at: now,
      ...(sectionId === undefined ? {} : { section_id: sectionId }),
    };
    if (t.id !== null) await sql`update tasks set ${sql(values)} where id = ${t.id}`;
    else await sql`insert into tasks ${sql({ ...values, plan_id: planId, created_at: now })}`;
  }
}


/** Updates due items in bulk (the caller holds the rows, see `loadPublishedRows(…, true)`). */
export async function updateDueItems(sql: Sql, changes: readonly DueItemChange[], now: Date): Promise<number> {
  let n = 0;
  for (let i = 0; i < changes.length; i += BULK_CHUNK_ROWS) {
    const c = changes.slice(i, i + BULK_CHUNK_ROWS);
    const res = await sql`
      update due_items d
      set occurrence_key = v.k, occurrence_label = v.l, window_start = v.ws, nominal_due = v.nd, due_date = v.dd, due_at = v.da,
          waiting_event = v.we, state = v.st, revision = d.revision + v.bump,
          updated_at = case when v.bump = 1 then ${now}::timestamptz else d.updated_at end
      from unnest(${c.map((x) => x.id)}::bigint[], ${c.map((x) => x.occurrenceKey)}::text[], ${c.map((x) => x.occurrenceLabel)}::text[],
                  ${c.map((x) => x.windowStart)}::date[], ${c.map((x) => x.nominalDue)}::date[], ${c.map((x) => x.dueDate)}::date[],
                  ${c.map((x) => x.dueAt)}::timestamptz[], ${c.map((x) => x.waitingEvent)}::text[], ${c.map((x) => x.state)}::due_state[],
                  ${c.map((x) => (x.bump ? 1 : 0))}::int[])
           as v(id, k, l, ws, nd, dd, da, we, st, bump)
      where d.id = v.id`;
    n += res.count;
  }
  return n;
}


/**
 * Closes due items (`waived`, revision bumped so the reconciler cancels their planned reminders) and records why
 * in the item's notes (shown in the bot's item details). Done and waived items are left as they are.
 */
export async function waiveDueItems(sql: Sql, items: readonly { id: number; note: string }[], now: Date): Promise<number> {
  let n = 0;
  for (let i = 0; i < items.length; i += BULK_CHUNK_ROWS) {
    const c = items.slice(i, i + BULK_CHUNK_ROWS);
    const waived = await sql<{ id: string }[]>`
      update due_items set state = 'waived', revision = revision + 1, updated_at = ${now}
      where id = any(${c.map((x) => x.id)}::bigint[]) and state in ${sql(OPEN_DUE_STATES as unknown as string[])}
      returning id`;
    const ids = new Set(waived.map((w) => Number(w.id)));
    const notes = c.filter((x) => ids.has(x.id));
    if (notes.length > 0)
      await sql`
        insert into due_item_notes (due_item_id, person_id, text, created_at)
        select n.id, null, n.t, ${now}::timestamptz from unnest(${notes.map((x) => x.id)}::bigint[], ${notes.map((x) => x.note)}::text[]) as n(id, t)`;
    n += waived.length;
  }
  return n;
}

/** Updates the plan row after an amendment of its published version (status stays). */
export async function updateAmendedPlan(sql: Sql, planId: number, draft: PlanDraft, settings: PlanSettings, now: Date): Promise<void> {
  const v = planValues(draft);
  await sql`
    update plans set title = ${v.title}, decision_number = ${v.decisionNumber}, decision_date = ${v.decisionDate}::date,
           source_file_name = ${v.sourceFileName}, source_file_hash = ${v.sourceFileHash}, problems = ${sql.json(v.problems as never)},
           settings = ${sql.json(settings as never)}, updated_at = ${now}
    where id = ${planId}`;
}

// ---------------------------------------------------------------- the port of the plan use cases

async function auditSql(sql: Sql, e: PlanAuditEntry): Promise<void> {
  await sql`insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
    values (${e.at}, ${e.actor}, ${e.action}, ${e.entity}, ${e.entityId}, 'ok', ${sql.json(e.details as never)})`;
}

/** The writes of a live plan over one postgres.js transaction. */
export function publicationTransactionOn(sql: Sql): PublicationTransaction {
  return {
    findLatestPlan: (province, startYear, endYear) => findLatestPlanSql(sql, province, startYear, endYear),
    loadPlan: (planId) => loadPlanSql(sql, planId),
    lockImport: (province, startYear, endYear) => lockPlanImport(sql, province, startYear, endYear),
    lockPlanForPublish: (planId) => lockPlanForPublish(sql, planId),
    loadPublishedRows: (planId, lock) => loadPublishedRows(sql, planId, lock),
    insertAssignments: (rows) => insertAssignments(sql, rows),
    insertDueItems: (assignments, occurrences, onChunk, fresh) => insertDueItems(sql, assignments, occurrences, onChunk, fresh),
    writeAmendedContent: (stored, draft, amended, now) => writeAmendedContent(sql, stored, draft, amended, now),
    updateDueItems: (changes, now) => updateDueItems(sql, changes, now),
    waiveDueItems: (items, now) => waiveDueItems(sql, items, now),
    updateAmendedPlan: (planId, draft, settings, now) => updateAmendedPlan(sql, planId, draft, settings, now),
    async markPublished(planId, problems, now) {
      await sql`update plans set status = 'published', published_at = coalesce(published_at, ${now}), updated_at = ${now}, problems = ${sql.json(problems as never)} where id = ${planId}`;
    },
    async setUnitOverrides(taskId: number, overrides: TaskUnitOverrides | null, now: Date) {
      await sql`update tasks set unit_overrides = ${overrides === null ? null : sql.json(overrides as never)}, updated_at = ${now} where id = ${taskId}`;
    },
    async setDeadlineChoice(taskId: number, choice: TaskDeadlineChoice | null, now: Date) {
      await sql`update tasks set deadline_choice = ${choice === null ? null : sql.json(choice as never)}, updated_at = ${now} where id = ${taskId}`;
    },
    async setProposalStatus(taskId, status, now) {
      await sql`update tasks set proposal_status = ${status}, updated_at = ${now} where id = ${taskId}`;
    },
    async dateWaitingItems(taskId: number, d: ManualDate, now: Date) {
      const items = await sql<{ id: number }[]>`
        select d.id from due_items d join task_assignments a on a.id = d.assignment_id
        where a.task_id = ${taskId} and d.state = 'waiting' and d.waiting_event is null
        for update of d`;
      if (items.length === 0) return 0;
      const res = await sql`
        update due_items set due_date = ${d.dueDate}::date, nominal_due = ${d.nominalDue}::date, due_at = ${d.dueAt}::timestamptz,
          state = 'open', revision = revision + 1, updated_at = ${now}
        where id = any(${items.map((i) => i.id)}::bigint[])`;
      await sql`update tasks set manual_due_date = ${d.nominalDue}::date, updated_at = ${now} where id = ${taskId}`;
      return res.count;
    },
    audit: (entry) => auditSql(sql, entry),
  };
}

/** The writes of an imported draft over one drizzle transaction. */
function draftTransactionOn(tx: Tx): DraftTransaction {
  return {
    findLatestPlan: (province, startYear, endYear) => findLatestPlan(tx, province, startYear, endYear),
    loadPlan: (planId) => loadPlan(tx, planId),
    async lockImport(province, startYear, endYear) {
      await tx.execute(dsql`select pg_advisory_xact_lock(${IMPORT_LOCK_NAMESPACE}, hashtext(${importLockKey(province, startYear, endYear)}))`);
    },
    async seedDirectory(directory: UnitDirectory) {
      await saveDirectory(tx, directory);
    },
    insertDraftPlan: (draft, now) => insertDraftPlan(tx, draft, now),
    replaceDraftContent: (planId, draft, now) => replaceDraftContent(tx, planId, draft, now),
    async audit(e) {
      await tx.insert(auditLog).values({ at: e.at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, details: e.details });
    },
  };
}

/** {@link PlanStore} over PostgreSQL: drizzle for drafts, postgres.js for the bulk and locked writes of publication. */
export class PostgresPlanStore implements PlanStore {
  constructor(private readonly database: Pick<Database, 'db' | 'sql'>) {}

  findLatestPlan(province: string, startYear: number, endYear: number): Promise<PlanRow | undefined> {
    return findLatestPlan(this.database.db, province, startYear, endYear);
  }

  loadPlan(planId: number): Promise<StoredPlan | undefined> {
    return loadPlan(this.database.db, planId);
  }

  listPlans(province?: string): Promise<PlanRow[]> {
    return listPlans(this.database.db, province);
  }

  async loadPlanRow(planId: number): Promise<PlanRow | undefined> {
    const [row] = await this.database.db.select().from(plans).where(eq(plans.id, planId));
    return row;
  }

  async provinceEvents(province: string): Promise<DeadlineEvent[]> {
    const rows = await this.database.db.select({ type: eventsTable.type, date: eventsTable.date }).from(eventsTable).where(eq(eventsTable.province, province));
    return rows.map((e) => ({ type: e.type, date: e.date }));
  }

  unitIdsByCode(province: string): Promise<Map<string, number>> {
    return unitIdsByCode(this.database.db, province);
  }

  async waitingItems(planId: number): Promise<{ taskId: number; event: string | null; n: number }[]> {
    const rows = await this.database.sql<{ task_id: number; event: string | null; n: number }[]>`
      select a.task_id, d.waiting_event as event, count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and d.state = 'waiting' group by a.task_id, d.waiting_event`;
    return rows.map((r) => ({ taskId: r.task_id, event: r.event, n: r.n }));
  }

  async amendmentRecords(planId: number, limit: number): Promise<PlanAmendmentRecord[]> {
    // The partial index audit_log_plan_amend_idx serves this (the audit log grows with every press).
    return this.database.sql<PlanAmendmentRecord[]>`
      select at, actor, details from audit_log
      where action = 'plan.amend' and entity = 'plan' and entity_id = ${String(planId)}
      order by id desc limit ${limit}`;
  }

  async recordProblems(planId: number, problems: readonly unknown[], now: Date): Promise<void> {
    await this.database.db.update(plans).set({ problems: [...problems], updatedAt: now }).where(eq(plans.id, planId));
  }

  draftTransaction<T>(fn: (tx: DraftTransaction) => Promise<T>): Promise<T> {
    return this.database.db.transaction((tx) => fn(draftTransactionOn(tx)));
  }

  publicationTransaction<T>(fn: (tx: PublicationTransaction) => Promise<T>): Promise<T> {
    return this.database.sql.begin((tx) => fn(publicationTransactionOn(tx as unknown as Sql))) as Promise<T>;
  }
}
