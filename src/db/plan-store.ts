/**
 * Plans, sections and tasks in PostgreSQL: store a draft, replace a draft's content with an amended version,
 * load a plan back; bulk writes of assignments and due items for publishing (UNNEST, chunked).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { PlanDraft } from '../import/build-plan.js';
import type { Db, Sql } from './client.js';
import { type PlanSettings, planSections, plans, tasks } from './schema.js';

type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export type PlanRow = typeof plans.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type SectionRow = typeof planSections.$inferSelect;

/** "IV#2/01" → "IV(2).01"; "I/4.3" → "I.4.3"; "P/ĐX1" → "ĐX1"; "I/4#2" → "I.4(2)". */
export function keyToLabel(key: string): string {
  if (key.startsWith('P/')) return key.slice(2);
  return key
    .split('/')
    .map((part) => part.replace(/#(\d+)$/, '($1)'))
    .join('.');
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

function settingsOf(draft: PlanDraft): PlanSettings {
  const assignment = draft.tasks.some((t) => !t.isProposal && t.mentions.some((m) => m.column === 'assignment'));
  return { agencyColumns: assignment ? 'assignment' : 'lead-support' };
}

async function insertContent(tx: Tx, planId: number, draft: PlanDraft): Promise<void> {
  const sectionIds = new Map<string, number>();
  if (draft.sections.length > 0) {
    const rows = await tx
      .insert(planSections)
      .values(draft.sections.map((s) => ({ planId, number: s.number, title: s.title, position: s.position })))
      .returning({ id: planSections.id, position: planSections.position });
    for (const s of draft.sections) sectionIds.set(s.key, rows.find((r) => r.position === s.position)!.id);
  }
  if (draft.tasks.length > 0)
    await tx.insert(tasks).values(
      draft.tasks.map((t) => ({
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

/** A stored plan with its sections and tasks (in order). */
export interface StoredPlan {
  plan: PlanRow;
  sections: SectionRow[];
  tasks: TaskRow[];
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

/** Rows for `insertAssignments`. */
export interface AssignmentInput {
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
}

/** One occurrence of a task, shared by all its assignments (see `insertDueItems`). */
export interface OccurrenceInput {
  /** Index of the task group in the batch. */
  group: number;
  occurrenceKey: string;
  occurrenceLabel: string;
  windowStart: string | null;
  nominalDue: string | null;
  dueDate: string | null;
  dueAt: string | null;
  waitingEvent: string | null;
  state: 'open' | 'waiting';
}

/** An assignment of a task group, with the days its unit exists (occurrences due outside them are skipped). */
export interface AssignmentOfGroup {
  group: number;
  assignmentId: number;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/** Rows per statement: well under PostgreSQL's limits (UNNEST passes one array per column). */
export const BULK_CHUNK_ROWS = 20_000;

/**
 * Inserts assignments (existing ones are kept) and returns the id of every (task, unit, role) asked for.
 */
export async function insertAssignments(sql: Sql, rows: AssignmentInput[]): Promise<{ inserted: number; ids: Map<string, number> }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += BULK_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + BULK_CHUNK_ROWS);
    const res = await sql`
      insert into task_assignments (task_id, unit_id, role)
      select * from unnest(${chunk.map((r) => r.taskId)}::int[], ${chunk.map((r) => r.unitId)}::int[], ${chunk.map((r) => r.role)}::assignment_role[])
      on conflict (task_id, unit_id, role) do nothing`;
    inserted += res.count;
  }
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  const ids = new Map<string, number>();
  for (let i = 0; i < taskIds.length; i += BULK_CHUNK_ROWS) {
    const found = await sql<{ id: number; task_id: number; unit_id: number; role: string }[]>`
      select id, task_id, unit_id, role from task_assignments where task_id = any(${taskIds.slice(i, i + BULK_CHUNK_ROWS)}::int[])`;
    for (const f of found) ids.set(`${f.task_id}:${f.unit_id}:${f.role}`, f.id);
  }
  return { inserted, ids };
}

/**
 * Inserts the due items of many tasks: every assignment of a task group gets every occurrence of that group
 * (dated ones only while its unit exists). Only assignments and occurrences travel to the server; PostgreSQL
 * builds the rows (a join of two UNNESTs), which keeps the client cost independent of the row count. An
 * (assignment, occurrence key) that exists is left as it is. Returns how many rows were new.
 */
export async function insertDueItems(
  sql: Sql,
  assignments: AssignmentOfGroup[],
  occurrences: OccurrenceInput[],
  onChunk?: (done: number, total: number) => void,
): Promise<number> {
  let inserted = 0;
  const byGroup = new Map<number, OccurrenceInput[]>();
  for (const o of occurrences) byGroup.set(o.group, [...(byGroup.get(o.group) ?? []), o]);
  // Chunks of assignments sized so that a statement builds about BULK_CHUNK_ROWS rows.
  let chunk: AssignmentOfGroup[] = [];
  let rows = 0;
  const flush = async () => {
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
      where o.dd is null or ((a.ef is null or o.dd >= a.ef) and (a.et is null or o.dd <= a.et))
      order by a.id, o.k
      on conflict (assignment_id, occurrence_key) do nothing`;
    inserted += res.count;
    done += rows;
    onChunk?.(done, total);
    chunk = [];
    rows = 0;
  };
  const total = assignments.reduce((n, a) => n + (byGroup.get(a.group)?.length ?? 0), 0);
  let done = 0;
  for (const a of assignments) {
    chunk.push(a);
    rows += byGroup.get(a.group)?.length ?? 0;
    if (rows >= BULK_CHUNK_ROWS) await flush();
  }
  await flush();
  return inserted;
}
