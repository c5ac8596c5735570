/**
 * `plan publish`: create the assignments and due items of every task, unit and occurrence in the plan period.
 * Units and dates are worked out again from the stored texts and rules against the current unit directory (so
 * an alias added after import takes effect), problems are checked again, and publishing is refused while
 * errors or warnings remain unless they are accepted. Writes are bulk (UNNEST) and idempotent: the unique keys
 * (task, unit, role) and (assignment, occurrence key) make a second run insert nothing.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { type AssignmentInput, type AssignmentOfGroup, insertAssignments, insertDueItems, keyToLabel, loadPlan, type OccurrenceInput } from '../db/plan-store.js';
import { events as eventsTable, plans } from '../db/schema.js';
import { unitIdsByCode } from '../db/unit-store.js';
import type { Clock } from '../domain/clock.js';
import { createUnitIndex } from '../domain/units/resolver.js';
import { assessTask, type ImportProblem } from '../import/build-plan.js';
import type { DeadlinePort } from '../import/deadline-port.js';
import { provinceDirectory } from './units.js';

/** A plan that cannot be published at all (not found, archived). Vietnamese message. */
export class PublishError extends Error {
  override name = 'PublishError';
}

/** Options of {@link publishPlan}. */
export interface PublishPlanOptions {
  planId: number;
  /** Publish although errors/warnings remain (they are listed in the result and the audit log). */
  acceptProblems?: boolean;
  /** Also publish the tasks proposed from the plan's prose. */
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

/** Publishes a plan (see the module comment). */
export async function publishPlan(database: Database, clock: Clock, options: PublishPlanOptions): Promise<PublishPlanResult> {
  const stored = await loadPlan(database.db, options.planId);
  if (!stored) throw new PublishError(`Không có kế hoạch mã ${options.planId}.`);
  const { plan } = stored;
  if (plan.status === 'archived') throw new PublishError(`Kế hoạch ${plan.id} đã lưu trữ: không công bố.`);
  const found = await provinceDirectory(database, plan.province);
  if (!found) throw new PublishError(`Chưa có danh mục đơn vị của tỉnh "${plan.province}".`);
  const period = { from: `${plan.periodStartYear}-01-01`, to: `${plan.periodEndYear}-12-31` };
  const index = createUnitIndex(found.directory, period);
  const events = (await database.db.select({ type: eventsTable.type, date: eventsTable.date }).from(eventsTable).where(eq(eventsTable.province, plan.province))).map(
    (e) => ({ type: e.type, date: e.date }),
  );
  const combined = plan.settings.agencyColumns === 'assignment';
  const ctx = { index, deadline: options.deadline, period, events };

  const problems: ImportProblem[] = [];
  const unitIds = await unitIdsByCode(database.db, plan.province);
  const assignmentRows: AssignmentInput[] = [];
  const perTask: { taskId: number; label: string; title: string; assignments: { unit: string; role: 'lead' | 'support' }[]; occurrences: ReturnType<DeadlinePort['expand']> }[] = [];
  const chosen = stored.tasks.filter((t) => options.includeProposals || !t.isProposal);
  chosen.forEach((t, k) => {
    const label = keyToLabel(t.key ?? t.number);
    const a = assessTask(ctx, {
      label,
      key: t.key ?? t.number,
      isProposal: t.isProposal,
      assignmentText: combined && !t.isProposal ? t.leadText : null,
      leadText: combined && !t.isProposal ? null : t.leadText,
      supportText: t.supportText,
      deadlineText: t.deadlineText,
      reading: t.deadlineRule ? options.deadline.describe(t.deadlineRule) : null,
    });
    problems.push(...a.problems.filter((p) => p.severity !== 'info'));
    perTask.push({ taskId: t.id, label, title: t.title, assignments: a.assignments, occurrences: a.occurrences });
    for (const as of a.assignments) {
      const unitId = unitIds.get(as.unit);
      if (unitId !== undefined) assignmentRows.push({ taskId: t.id, unitId, role: as.role });
    }
    if (k % 50 === 0) options.onProgress?.('kiểm tra nhiệm vụ', k, chosen.length);
  });
  for (const p of plan.problems as ImportProblem[])
    if (p.severity !== 'info' && !p.taskKey && !problems.some((q) => q.code === p.code && q.message === p.message)) problems.push(p);

  const base = {
    planId: plan.id,
    problems,
    tasks: chosen.length,
    waiting: [] as WaitingTask[],
    unassigned: perTask.filter((t) => t.assignments.length === 0).map((t) => t.label),
  };
  if (problems.length > 0 && !options.acceptProblems) {
    await database.db.update(plans).set({ problems, updatedAt: clock.now() }).where(eq(plans.id, plan.id));
    return { ...base, status: 'refused', assignments: { total: assignmentRows.length, created: 0 }, dueItems: { total: 0, created: 0, dated: 0, waiting: 0 } };
  }

  const now = clock.now();
  return database.sql.begin(async (tx) => {
    options.onProgress?.('ghi phân công', 0, assignmentRows.length);
    const { inserted: createdAssignments, ids } = await insertAssignments(tx as unknown as typeof database.sql, assignmentRows);
    const groupAssignments: AssignmentOfGroup[] = [];
    const occurrences: OccurrenceInput[] = [];
    const waiting: WaitingTask[] = [];
    let dated = 0;
    let waitingItems = 0;
    perTask.forEach((t, group) => {
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
        const unitId = unitIds.get(as.unit);
        const assignmentId = unitId === undefined ? undefined : ids.get(`${t.taskId}:${unitId}:${as.role}`);
        if (assignmentId === undefined) continue;
        const unit = index.unit(as.unit);
        groupAssignments.push({ group, assignmentId, effectiveFrom: unit?.effectiveFrom ?? null, effectiveTo: unit?.effectiveTo ?? null });
        // A unit gets only the occurrences due while it exists (units end and begin inside multi-year plans).
        for (const o of t.occurrences) {
          if (o.due && unit && ((unit.effectiveFrom && o.due < unit.effectiveFrom) || (unit.effectiveTo && o.due > unit.effectiveTo))) continue;
          if (o.state === 'waiting') waitingItems++;
          else dated++;
        }
      }
    });
    const createdDue = await insertDueItems(tx as unknown as typeof database.sql, groupAssignments, occurrences, (done, total) =>
      options.onProgress?.('ghi hạn', done, total),
    );
    await tx`update plans set status = 'published', published_at = coalesce(published_at, ${now}), updated_at = ${now}, problems = ${tx.json(problems as never)} where id = ${plan.id}`;
    await tx`insert into audit_log (at, actor, action, entity, entity_id, outcome, details) values (${now}, ${options.actor}, 'plan.publish', 'plan', ${String(plan.id)}, 'ok', ${tx.json({
      assignmentsCreated: createdAssignments,
      dueItemsCreated: createdDue,
      dueItemsTotal: dated + waitingItems,
      acceptedProblems: options.acceptProblems && problems.length > 0 ? problems.map((p) => `${p.task ?? ''} ${p.code}: ${p.message}`) : [],
    } as never)})`;
    return {
      ...base,
      status: 'published' as const,
      waiting,
      assignments: { total: assignmentRows.length, created: createdAssignments },
      dueItems: { total: dated + waitingItems, created: createdDue, dated, waiting: waitingItems },
    };
  });
}
