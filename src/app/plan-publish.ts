/**
 * `plan publish`: create the assignments and due items of every task, unit and occurrence in the plan period.
 * Units and dates are worked out again from the stored texts and rules against the current unit directory (so
 * an alias added after import takes effect), problems are checked again, and publishing is refused while
 * errors or warnings remain unless they are accepted. Writes are bulk (UNNEST) and idempotent: a second run inserts nothing
 * (anti-joins under a per-plan advisory lock, backed by the unique keys (task, unit, role) and (assignment,
 * occurrence key)). The computation (`computePublication`) and the writes (`writePublication`) are shared with the
 * amendment of a published plan (src/app/plan-amend.ts).
 */
import type { Clock } from '../domain/clock.js';
import { taskLabel } from '../domain/format/task-label.js';
import { createUnitIndex, type UnitIndex } from '../domain/units/resolver.js';
import { assessTask, type ImportProblem, isPublishable, type TaskAssessment, type TaskTexts } from '../import/build-plan.js';
import type { DeadlineEvent, DeadlineOccurrence, DeadlinePeriod, DeadlinePort } from '../import/deadline-port.js';
import type {
  AssignmentInput,
  AssignmentOfGroup,
  OccurrenceInput,
  PlanPorts,
  PlanRow,
  PublicationTransaction,
  TaskRow,
} from './plan-ports.js';

/** "IV#2/01" → "IV(2).01"; "I/4.3" → "I.4.3"; "P/ĐX1" → "ĐX1"; "I/4#2" → "I.4(2)". */
export function keyToLabel(key: string): string {
  return taskLabel({ key, number: key });
}

/** A plan that cannot be published at all (not found, archived). Vietnamese message. */
export class PublishError extends Error {
  override name = 'PublishError';
}

/** Options of {@link publishPlan}. */
export interface PublishPlanOptions {
  planId: number;
  /** Publish although errors/warnings remain (they are listed in the result and the audit log). */
  acceptProblems?: boolean;
  /** Also publish the tasks proposed from the plan's prose that were not rejected (accepted ones always are). */
  includeProposals?: boolean;
  deadline: DeadlinePort;
  actor: string;
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** A task published without dates. */
export interface WaitingTask {
  task: string;
  title: string;
  /** What it waits for ("Chờ sự kiện: công bố tthc", "Khi có yêu cầu (theo yêu cầu)"). */
  reason: string;
  units: number;
}

/** Result of {@link publishPlan}. */
export interface PublishPlanResult {
  status: 'published' | 'refused';
  planId: number;
  /** Errors and warnings found (those that block unless accepted). */
  problems: ImportProblem[];
  tasks: number;
  assignments: { total: number; created: number };
  dueItems: { total: number; created: number; dated: number; waiting: number };
  waiting: WaitingTask[];
  /** Tasks that got no unit at all (nothing to chase). */
  unassigned: string[];
}

/** The directory, unit ids and recorded events a publication is computed against. */
export interface PublicationContext {
  index: UnitIndex;
  unitIds: Map<string, number>;
  period: DeadlinePeriod;
  events: DeadlineEvent[];
  deadline: DeadlinePort;
  /** The plan's table had one "Phân công thực hiện" column (`settings.agencyColumns`). */
  combined: boolean;
}

/** Reads what {@link computePublication} needs for `plan` (the province's directory as stored, its events). */
export async function loadPublicationContext(ports: PlanPorts, plan: PlanRow, deadline: DeadlinePort, known?: { index: UnitIndex }): Promise<PublicationContext> {
  const period = { from: `${plan.periodStartYear}-01-01`, to: `${plan.periodEndYear}-12-31` };
  let index = known?.index;
  if (!index) {
    const found = await ports.directories.provinceDirectory(plan.province);
    if (!found) throw new PublishError(`Chưa có danh mục đơn vị của tỉnh "${plan.province}".`);
    index = createUnitIndex(found.directory, period);
  }
  const [events, unitIds] = await Promise.all([ports.plans.provinceEvents(plan.province), ports.plans.unitIdsByCode(plan.province)]);
  return {
    index,
    unitIds,
    period,
    events,
    deadline,
    combined: plan.settings.agencyColumns === 'assignment',
  };
}

/** The fields of a stored task a publication reads (a `TaskRow`, or an amended version not stored yet). */
export type PublicationTask = Pick<
  TaskRow,
  'id' | 'key' | 'number' | 'title' | 'isProposal' | 'proposalStatus' | 'withdrawnAt' | 'leadText' | 'supportText' | 'deadlineText' | 'deadlineRule' | 'unitOverrides'
> &
  /** The coordinator's reading of an ambiguous cell (`plan choose`); absent = none chosen. */
  Partial<Pick<TaskRow, 'deadlineChoice'>>;

/** One unit of a published task, with its id and the days it exists. */
export interface PublishedAssignment {
  unit: string;
  role: 'lead' | 'support';
  /** Undefined when the unit code is not in the database (nothing is written for it). */
  unitId: number | undefined;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/** What publishing gives one task: its units and its occurrences. */
export interface TaskPublication {
  taskId: number;
  key: string;
  label: string;
  title: string;
  assignments: PublishedAssignment[];
  occurrences: DeadlineOccurrence[];
}

/** The assignments and occurrences of every publishable task, and the problems that block publishing. */
export interface Publication {
  problems: ImportProblem[];
  tasks: TaskPublication[];
  assignmentRows: AssignmentInput[];
}

/**
 * The texts of a stored task as `assessTask` reads them: a combined "Phân công thực hiện" cell (plans whose table has
 * one) or lead/support cells, the stored deadline rule, and the coordinator's unit choices.
 */
export function storedTaskTexts(t: PublicationTask, combined: boolean, deadline: DeadlinePort): TaskTexts {
  const key = t.key ?? t.number;
  return {
    label: keyToLabel(key),
    key,
    isProposal: t.isProposal,
    assignmentText: combined && !t.isProposal ? t.leadText : null,
    leadText: combined && !t.isProposal ? null : t.leadText,
    supportText: t.supportText,
    deadlineText: t.deadlineText,
    reading: t.deadlineRule ? deadline.describe(t.deadlineRule, t.deadlineChoice ?? null) : null,
    unitOverrides: t.unitOverrides,
  };
}

/**
 * Works out, without writing, the assignments and occurrences of the tasks `include` accepts (units from the texts
 * or the coordinator's overrides, dates from the stored rule), and the errors and warnings that block publishing
 * (the task's, then the plan's own). Shared by `plan publish` and the amendment of a published plan.
 */
export function computePublication(
  ctx: PublicationContext,
  plan: Pick<PlanRow, 'problems'>,
  tasks: readonly PublicationTask[],
  include: (t: PublicationTask) => boolean,
  onProgress?: (stage: string, done: number, total: number) => void,
  /**
   * The caller's assessment of a task against the same index, deadline engine and period without events: reused
   * when the province has no recorded event (then it is the same), which spares a second expansion (`plan show`).
   */
  assessed?: (t: PublicationTask) => TaskAssessment,
): Publication {
  const problems: ImportProblem[] = [];
  const assignmentRows: AssignmentInput[] = [];
  const out: TaskPublication[] = [];
  const chosen = tasks.filter(include);
  const assess = { index: ctx.index, deadline: ctx.deadline, period: ctx.period, events: ctx.events };
  chosen.forEach((t, k) => {
    const texts = storedTaskTexts(t, ctx.combined, ctx.deadline);
    const { key, label } = texts;
    const a = assessed && ctx.events.length === 0 ? assessed(t) : assessTask(assess, texts);
    problems.push(...a.problems.filter((p) => p.severity !== 'info'));
    const assignments: PublishedAssignment[] = a.assignments.map((as) => {
      const unit = ctx.index.unit(as.unit);
      return { unit: as.unit, role: as.role, unitId: ctx.unitIds.get(as.unit), effectiveFrom: unit?.effectiveFrom ?? null, effectiveTo: unit?.effectiveTo ?? null };
    });
    out.push({ taskId: t.id, key, label, title: t.title, assignments, occurrences: a.occurrences });
    for (const as of assignments) if (as.unitId !== undefined) assignmentRows.push({ taskId: t.id, unitId: as.unitId, role: as.role });
    if (k % 50 === 0) onProgress?.('kiểm tra nhiệm vụ', k, chosen.length);
  });
  onProgress?.('kiểm tra nhiệm vụ', chosen.length, chosen.length);
  for (const p of plan.problems as ImportProblem[])
    if (p.severity !== 'info' && !p.taskKey && !problems.some((q) => q.code === p.code && q.message === p.message)) problems.push(p);
  return { problems, tasks: out, assignmentRows };
}

/** Whether a unit gets an occurrence: only those due while it exists (units end and begin inside multi-year plans). */
export function unitGetsOccurrence(a: Pick<PublishedAssignment, 'effectiveFrom' | 'effectiveTo'>, o: Pick<DeadlineOccurrence, 'due'>): boolean {
  return !(o.due && ((a.effectiveFrom && o.due < a.effectiveFrom) || (a.effectiveTo && o.due > a.effectiveTo)));
}

/** What {@link writePublication} did. */
export interface PublicationWrite {
  assignmentsCreated: number;
  dueItemsCreated: number;
  dated: number;
  waitingItems: number;
  waiting: WaitingTask[];
}

/**
 * Inserts the assignments and due items of a publication that do not exist yet (idempotent). The caller holds
 * `lockPlanForPublish` in the transaction `tx`.
 */
export async function writePublication(tx: PublicationTransaction, pub: Publication, onProgress?: (stage: string, done: number, total: number) => void): Promise<PublicationWrite> {
  onProgress?.('ghi phân công', 0, pub.assignmentRows.length);
  const { inserted: assignmentsCreated, ids, created } = await tx.insertAssignments(pub.assignmentRows);
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
      groupAssignments.push({ group, assignmentId, unitId: as.unitId, effectiveFrom: as.effectiveFrom, effectiveTo: as.effectiveTo });
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
  const dueItemsCreated = await tx.insertDueItems(
    groupAssignments,
    occurrences,
    (done, total) => onProgress?.('ghi hạn', done >= total ? items : Math.floor((done / total) * items), items),
    created,
  );
  return { assignmentsCreated, dueItemsCreated, dated, waitingItems, waiting };
}

/** Publishes a plan (see the module comment). */
export async function publishPlan(ports: PlanPorts, clock: Clock, options: PublishPlanOptions): Promise<PublishPlanResult> {
  const stored = await ports.plans.loadPlan(options.planId);
  if (!stored) throw new PublishError(`Không có kế hoạch mã ${options.planId}.`);
  const { plan } = stored;
  if (plan.status === 'archived') throw new PublishError(`Kế hoạch ${plan.id} đã lưu trữ: không công bố.`);
  const ctx = await loadPublicationContext(ports, plan, options.deadline);
  const pub = computePublication(ctx, plan, stored.tasks, (t) => isPublishable(t, options.includeProposals), options.onProgress);
  const { problems } = pub;

  const base = {
    planId: plan.id,
    problems,
    tasks: pub.tasks.length,
    waiting: [] as WaitingTask[],
    unassigned: pub.tasks.filter((t) => t.assignments.length === 0).map((t) => t.label),
  };
  if (problems.length > 0 && !options.acceptProblems) {
    await ports.plans.recordProblems(plan.id, problems, clock.now());
    return { ...base, status: 'refused', assignments: { total: pub.assignmentRows.length, created: 0 }, dueItems: { total: 0, created: 0, dated: 0, waiting: 0 } };
  }

  const now = clock.now();
  return ports.plans.publicationTransaction(async (tx) => {
    await tx.lockPlanForPublish(plan.id);
    const w = await writePublication(tx, pub, options.onProgress);
    await tx.markPublished(plan.id, problems, now);
    await tx.audit({
      at: now,
      actor: options.actor,
      action: 'plan.publish',
      entity: 'plan',
      entityId: String(plan.id),
      details: {
        assignmentsCreated: w.assignmentsCreated,
        dueItemsCreated: w.dueItemsCreated,
        dueItemsTotal: w.dated + w.waitingItems,
        acceptedProblems: options.acceptProblems && problems.length > 0 ? problems.map((p) => `${p.task ?? ''} ${p.code}: ${p.message}`) : [],
      },
    });
    return {
      ...base,
      status: 'published' as const,
      waiting: w.waiting,
      assignments: { total: pub.assignmentRows.length, created: w.assignmentsCreated },
      dueItems: { total: w.dated + w.waitingItems, created: w.dueItemsCreated, dated: w.dated, waiting: w.waitingItems },
    };
  });
}
