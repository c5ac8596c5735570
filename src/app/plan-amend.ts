/**
 * Amending a published plan (`plan import` of an amended version when the plan of that province and period is
 * published). Nothing is deleted and history stays attached:
 *
 * - tasks matched by key (see `diffTasks`) are updated in place (ids kept, so assignments, due items, reminders
 *   and notes stay attached); added tasks are inserted (proposals `pending`); removed tasks get `withdrawn_at`;
 *   a withdrawn task that comes back is restored;
 * - the publication is then brought up to date with the code of `plan publish` (`computePublication`,
 *   `writePublication`): new assignments and due items are inserted; items that left the plan (task withdrawn,
 *   unit no longer assigned, occurrence no longer produced by the rule) are waived with a note when still chased;
 *   items whose occurrence moved are re-dated with `revision + 1`, so the reminder reconciler replans them —
 *   except that an approved extension later than the new date is kept; done and waived items are never changed
 *   (an occurrence key may be renamed to follow its occurrence, nothing else).
 *
 * Occurrence keys contain the nominal date (`p0-2024-10-31`), so a deadline that moves changes the key: the
 * items of a task are matched to the new occurrences by key first, then, per part of the rule, in date order.
 *
 * `previewAmendment` computes the same consequences without writing (dry run, and without `--yes`);
 * `amendPublishedPlan` applies them in one transaction under the import lock and `lockPlanForPublish`.
 */
import {
  type AmendedTask,
  type DueItemChange,
  OPEN_DUE_STATES,
  type PlanPorts,
  type PlanRow,
  type PublicationTransaction,
  settingsOf,
  type StoredAssignment,
  type StoredDueItem,
  type StoredPlan,
  type TaskRow,
} from './plan-ports.js';
import type { Clock } from '../domain/clock.js';
import { amendmentAuditDetails } from './plan-amendments.js';
import { isPublishable, type PlanDraft } from '../import/build-plan.js';
import type { DeadlineOccurrence, DeadlinePort } from '../import/deadline-port.js';
import { isEmptyDiff, type PlanDiff, similarity } from '../import/diff.js';
import type { AmendmentImpact, AmendmentTaskImpact, WaiveReason } from '../import/review.js';
import {
  computePublication,
  keyToLabel,
  loadPublicationContext,
  type Publication,
  type PublicationContext,
  type PublicationTask,
  unitGetsOccurrence,
  writePublication,
} from './plan-publish.js';

/** Options of {@link amendPublishedPlan}. */
export interface AmendPublishedOptions {
  draft: PlanDraft;
  /** The diff of the stored plan (its tasks not withdrawn) against the draft (`plan import` knows how to compare). */
  diffOf(stored: StoredPlan): PlanDiff;
  deadline: DeadlinePort;
  /** Apply (otherwise only the consequences are computed). */
  yes: boolean;
  /** Apply although the amended plan has errors or warnings (as `plan publish --accept-problems`). */
  acceptProblems: boolean;
  actor: string;
}

/** Result of {@link amendPublishedPlan}. `not-published`: the newest plan is no longer published (nothing done). */
export interface AmendPublishedResult {
  status: 'unchanged' | 'amendment-pending' | 'amended' | 'amendment-refused' | 'not-published';
  plan: PlanRow | null;
  diff: PlanDiff | null;
  impact: AmendmentImpact | null;
}

/** The consequences of an amendment for a published plan, without writing anything. */
export async function previewAmendment(
  ports: PlanPorts,
  clock: Clock,
  planId: number,
  options: Pick<AmendPublishedOptions, 'draft' | 'diffOf' | 'deadline' | 'acceptProblems'>,
): Promise<{ diff: PlanDiff; impact: AmendmentImpact }> {
  const stored = (await ports.plans.loadPlan(planId))!;
  const diff = options.diffOf(stored);
  const ctx = await loadPublicationContext(ports, stored.plan, options.deadline);
  const rows = await ports.plans.publicationTransaction((tx) => tx.loadPublishedRows(planId));
  const change = planTaskChanges(stored, options.draft, diff, clock.now());
  const { impact } = assessAmendment(ctx, amendmentSource(options.draft), change.virtual, rows, change, liveItems(ctx, stored, rows), options.acceptProblems);
  return { diff, impact };
}

/**
 * Amends the published plan of the draft's province and period: computes the consequences, and with `yes` applies
 * them (see the module comment). One transaction, under the import lock and the plan's publish lock.
 */
export async function amendPublishedPlan(ports: PlanPorts, clock: Clock, options: AmendPublishedOptions): Promise<AmendPublishedResult> {
  const { draft } = options;
  const m = draft.metadata;
  const now = clock.now();
  return ports.plans.publicationTransaction(async (tx): Promise<AmendPublishedResult> => {
    await tx.lockImport(m.province, m.periodStartYear, m.periodEndYear);
    const existing = await tx.findLatestPlan(m.province, m.periodStartYear, m.periodEndYear);
    if (!existing || existing.status !== 'published') return { status: 'not-published' as const, plan: existing ?? null, diff: null, impact: null };
    await tx.lockPlanForPublish(existing.id);
    if (existing.sourceFileHash === draft.source.sha256) return { status: 'unchanged' as const, plan: existing, diff: null, impact: null };
    const stored = (await tx.loadPlan(existing.id))!;
    const diff = options.diffOf(stored);
    if (isEmptyDiff(diff) && stored.plan.title === draft.metadata.title) return { status: 'unchanged' as const, plan: existing, diff, impact: null };

    const ctx = await loadPublicationContext(ports, stored.plan, options.deadline);
    // The items are locked when they are to be written: the bot cannot change one between decision and write.
    const rows = await tx.loadPublishedRows(existing.id, options.yes);
    const change = planTaskChanges(stored, draft, diff, now);
    const live = liveItems(ctx, stored, rows);
    const preview = assessAmendment(ctx, amendmentSource(draft), change.virtual, rows, change, live, options.acceptProblems);
    if (!options.yes) return { status: 'amendment-pending' as const, plan: existing, diff, impact: preview.impact };
    if (preview.impact.blocking.length > 0 && !options.acceptProblems)
      return { status: 'amendment-refused' as const, plan: existing, diff, impact: preview.impact };

    await tx.writeAmendedContent(stored, draft, change.amended, now);
    const after = (await tx.loadPlan(existing.id))!;
    // The same assessment over the rows as written (new tasks now have their ids).
    const applied = assessAmendment(ctx, amendmentSource(draft), after.tasks, rows, change, live, options.acceptProblems);
    await tx.updateDueItems(applied.changes, now);
    await tx.waiveDueItems(applied.waives, now);
    const written = await writePublication(tx, applied.publication);
    const impact: AmendmentImpact = {
      ...applied.impact,
      assignments: { ...applied.impact.assignments, created: written.assignmentsCreated },
      dueItems: { ...applied.impact.dueItems, created: written.dueItemsCreated, waived: applied.impact.dueItems.waived },
    };
    await tx.updateAmendedPlan(existing.id, draft, { ...stored.plan.settings, ...settingsOf(draft) }, now);
    await tx.audit({ at: now, actor: options.actor, action: 'plan.amend', entity: 'plan', entityId: String(existing.id), details: {
      published: true,
      file: draft.source.fileName,
      sha256: draft.source.sha256,
      previousSha256: existing.sourceFileHash,
      added: diff.added.map((a) => a.key),
      removed: diff.removed.map((r) => r.key),
      changed: diff.changed.map((c) => c.key),
      ...amendmentAuditDetails(diff, impact),
      tasks: impact.tasks,
      assignments: impact.assignments,
      dueItems: impact.dueItems,
      overridesCleared: impact.overridesCleared,
      acceptedProblems: impact.blocking.map((p) => `${p.task ?? ''} ${p.code}: ${p.message}`),
    } });
    return { status: 'amended' as const, plan: existing, diff, impact };
  });
}

/**
 * Brings the publication of a published plan up to date with its stored tasks after a coordinator's decision
 * (`plan assign`, `plan proposals`), inside the caller's transaction (which wrote the decision): the same rules as
 * an amendment — new assignments and items inserted, items whose unit or task left the publication waived with a
 * note, history never changed. Problems do not block (the plan is live already).
 */
export async function syncPublishedPlan(
  tx: PublicationTransaction,
  ports: PlanPorts,
  options: { planId: number; deadline: DeadlinePort; reason: string; now: Date },
): Promise<AmendmentImpact> {
  await tx.lockPlanForPublish(options.planId);
  const stored = (await tx.loadPlan(options.planId))!;
  const ctx = await loadPublicationContext(ports, stored.plan, options.deadline);
  const rows = await tx.loadPublishedRows(options.planId, true);
  const change: TaskChanges = {
    amended: [],
    virtual: stored.tasks,
    counts: { updated: 0, added: 0, restored: 0, withdrawn: 0 },
    overridesCleared: [],
    stillWithdrawn: new Set(stored.tasks.filter((t) => t.withdrawnAt).map((t) => t.id)),
  };
  const source: ChangeSource = { problems: stored.plan.problems, waiveNote: `Miễn theo quyết định của điều phối viên (${options.reason})` };
  const applied = assessAmendment(ctx, source, stored.tasks, rows, change, liveItems(ctx, stored, rows), true);
  await tx.updateDueItems(applied.changes, options.now);
  await tx.waiveDueItems(applied.waives, options.now);
  const written = await writePublication(tx, applied.publication);
  return {
    ...applied.impact,
    assignments: { ...applied.impact.assignments, created: written.assignmentsCreated },
    dueItems: { ...applied.impact.dueItems, created: written.dueItemsCreated },
  };
}

// ---------------------------------------------------------------- tasks

interface TaskChanges {
  /** Every task of the plan as the amendment leaves it (draft order, then withdrawn ones). */
  amended: AmendedTask[];
  /** The same as publication input, with negative ids for tasks not stored yet. */
  virtual: PublicationTask[];
  counts: AmendmentImpact['tasks'];
  overridesCleared: string[];
  /** Tasks withdrawn before this amendment that stay withdrawn (nothing to report about them). */
  stillWithdrawn: Set<number>;
}

function planTaskChanges(stored: StoredPlan, draft: PlanDraft, diff: PlanDiff, now: Date): TaskChanges {
  const keyOf = (t: { key: string | null; number: string }) => t.key ?? t.number;
  const live = new Map(stored.tasks.filter((t) => !t.withdrawnAt).map((t) => [keyOf(t), t]));
  const withdrawn = stored.tasks.filter((t) => t.withdrawnAt);
  const changed = new Map(diff.changed.map((c) => [c.key, c]));
  const added = new Set(diff.added.map((a) => a.key));
  const used = new Set<number>();
  const amended: AmendedTask[] = [];
  const overridesCleared: string[] = [];
  let restored = 0;
  for (const d of draft.tasks) {
    const c = changed.get(d.key);
    let row = c ? live.get(c.previousKey) : added.has(d.key) ? restorable(withdrawn, d, used) : live.get(d.key);
    if (row && used.has(row.id)) row = undefined;
    if (row) {
      used.add(row.id);
      if (row.withdrawnAt) restored++;
    }
    const textsChanged = row !== undefined && ((row.leadText ?? '') !== (d.leadText ?? '') || (row.supportText ?? '') !== (d.supportText ?? ''));
    // The units the coordinator chose answered the old cells: a new text is read again.
    if (row?.unitOverrides && textsChanged) overridesCleared.push(d.label);
    amended.push({
      id: row?.id ?? null,
      sectionKey: d.sectionKey,
      number: d.number,
      key: d.key,
      position: d.position,
      title: d.title,
      output: d.output,
      leadText: d.leadText,
      supportText: d.supportText,
      deadlineText: d.deadlineText,
      deadlineRule: d.deadline?.rule ?? null,
      deadlineRuleVersion: d.deadline ? 1 : null,
      budget: d.budget === null ? null : String(d.budget),
      isProposal: d.isProposal,
      proposalStatus: d.isProposal ? (row?.isProposal ? (row.proposalStatus ?? 'pending') : 'pending') : null,
      unitOverrides: row?.unitOverrides && !textsChanged ? row.unitOverrides : null,
      withdrawnAt: null,
    });
  }
  let position = Math.max(0, ...draft.tasks.map((t) => t.position));
  const stillWithdrawn = new Set<number>();
  let newlyWithdrawn = 0;
  for (const t of stored.tasks) {
    if (used.has(t.id)) continue;
    if (t.withdrawnAt) stillWithdrawn.add(t.id);
    else newlyWithdrawn++;
    amended.push({
      id: t.id,
      sectionKey: undefined,
      number: t.number,
      key: keyOf(t),
      position: ++position,
      title: t.title,
      output: t.output,
      leadText: t.leadText,
      supportText: t.supportText,
      deadlineText: t.deadlineText,
      deadlineRule: t.deadlineRule,
      deadlineRuleVersion: t.deadlineRuleVersion,
      budget: t.budget,
      isProposal: t.isProposal,
      proposalStatus: t.proposalStatus,
      unitOverrides: t.unitOverrides,
      withdrawnAt: t.withdrawnAt ?? now,
    });
  }
  // A stored choice of reading follows its row; it names the cell it answered, so a changed cell ignores it.
  const choices = new Map(stored.tasks.map((t) => [t.id, t.deadlineChoice ?? null]));
  const virtual: PublicationTask[] = amended.map((a, i) => ({
    id: a.id ?? -(i + 1),
    key: a.key,
    number: a.number,
    title: a.title,
    isProposal: a.isProposal,
    proposalStatus: a.proposalStatus,
    withdrawnAt: a.withdrawnAt,
    leadText: a.leadText,
    supportText: a.supportText,
    deadlineText: a.deadlineText,
    deadlineRule: a.deadlineRule,
    unitOverrides: a.unitOverrides,
    deadlineChoice: a.id === null ? null : (choices.get(a.id) ?? null),
  }));
  return {
    amended,
    virtual,
    counts: { updated: diff.changed.length, added: diff.added.length, restored, withdrawn: newlyWithdrawn },
    overridesCleared,
    stillWithdrawn,
  };
}

/**
 * A task withdrawn earlier that an added task brings back, matched as `diffTasks` matches: the same key with a
 * similar title, else a very similar title (the task may come back under another number).
 */
function restorable(withdrawn: readonly TaskRow[], d: { key: string; title: string }, used: ReadonlySet<number>): TaskRow | undefined {
  let best: TaskRow | undefined;
  let score = 0;
  for (const t of withdrawn) {
    if (used.has(t.id)) continue;
    const sameKey = (t.key ?? t.number) === d.key;
    const s = similarity(t.title, d.title);
    if (s < (sameKey ? 0.6 : 0.8)) continue;
    // A same-key match wins over a title-only one.
    const rank = s + (sameKey ? 1 : 0);
    if (rank > score) {
      best = t;
      score = rank;
    }
  }
  return best;
}

// ---------------------------------------------------------------- due items

interface Assessment {
  publication: Publication;
  changes: DueItemChange[];
  waives: { id: number; note: string }[];
  impact: AmendmentImpact;
}

const WAIVE_NOTE: Record<WaiveReason, string> = {
  'task-withdrawn': 'nhiệm vụ không còn trong kế hoạch',
  'task-not-published': 'nhiệm vụ không còn được công bố',
  'unit-dropped': 'đơn vị không còn được giao nhiệm vụ này',
  'occurrence-dropped': 'kỳ hạn này không còn trong thời hạn mới',
};

const partOf = (key: string): string | undefined => /^p(\d+)-/.exec(key)?.[1];

/**
 * Matches the occurrence keys of a task's existing items to the new occurrences: the same key first, then per
 * rule part in date order (a moved deadline changes the key). Keys whose items are all waived are matched only
 * by key (they stay waived). Returns old key → new occurrence.
 */
export function pairOccurrences(items: readonly Pick<StoredDueItem, 'occurrenceKey' | 'nominalDue' | 'state'>[], occurrences: readonly DeadlineOccurrence[]): Map<string, DeadlineOccurrence> {
  const byKey = new Map(occurrences.map((o) => [o.key, o]));
  const old = new Map<string, { date: string; live: boolean }>();
  for (const i of items) {
    const o = old.get(i.occurrenceKey) ?? { date: i.nominalDue ?? '~', live: false };
    if (i.state !== 'waived') o.live = true;
    if (i.nominalDue && i.nominalDue < o.date) o.date = i.nominalDue;
    old.set(i.occurrenceKey, o);
  }
  const pairs = new Map<string, DeadlineOccurrence>();
  for (const k of old.keys()) if (byKey.has(k)) pairs.set(k, byKey.get(k)!);
  const taken = new Set([...pairs.values()].map((o) => o.key));
  const leftOld = new Map<string, { key: string; date: string }[]>();
  for (const [key, o] of old) {
    const part = partOf(key);
    if (pairs.has(key) || !o.live || part === undefined) continue;
    leftOld.set(part, [...(leftOld.get(part) ?? []), { key, date: o.date }]);
  }
  const leftNew = new Map<string, DeadlineOccurrence[]>();
  for (const o of occurrences) {
    const part = partOf(o.key);
    if (taken.has(o.key) || old.has(o.key) || part === undefined) continue;
    leftNew.set(part, [...(leftNew.get(part) ?? []), o]);
  }
  const order = (a: { date: string; key: string }, b: { date: string; key: string }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  for (const [part, list] of leftOld) {
    const news = (leftNew.get(part) ?? []).map((o) => ({ date: o.nominalDue ?? '~', key: o.key, o })).sort(order);
    list.sort(order).forEach((x, i) => {
      if (news[i]) pairs.set(x.key, news[i].o);
    });
  }
  return pairs;
}

/** Tasks published before keep being published (a proposal published with --include-proposals stays). */
function includeOf(rows: { assignments: StoredAssignment[] }): (t: PublicationTask) => boolean {
  const hadAssignments = new Set(rows.assignments.map((a) => a.taskId));
  return (t) => isPublishable(t, hadAssignments.has(t.id));
}

/**
 * The items the stored plan (before the amendment) still asks for: only they are reported as history when the
 * amendment drops them (an item dropped by an earlier amendment is not news).
 */
function liveItems(ctx: PublicationContext, stored: StoredPlan, rows: { assignments: StoredAssignment[]; items: StoredDueItem[] }): Set<number> {
  const before = computePublication(ctx, stored.plan, stored.tasks, includeOf(rows));
  const wanted = new Set<string>();
  for (const t of before.tasks)
    for (const a of t.assignments) for (const o of t.occurrences) if (a.unitId !== undefined && unitGetsOccurrence(a, o)) wanted.add(`${t.taskId}:${a.unitId}:${a.role}:${o.key}`);
  return new Set(rows.items.filter((i) => wanted.has(`${i.taskId}:${i.unitId}:${i.role}:${i.occurrenceKey}`)).map((i) => i.id));
}

const sameInstant = (a: Date | null, b: string | null) => (a === null ? b === null : b !== null && a.getTime() === new Date(b).getTime());

/** What decided the change: its problems (as publish checks them) and the start of the note on waived items. */
interface ChangeSource {
  problems: readonly unknown[];
  waiveNote: string;
}

const amendmentSource = (draft: PlanDraft): ChangeSource => ({
  problems: draft.problems,
  waiveNote: `Miễn theo bản sửa đổi kế hoạch (tệp ${draft.source.fileName})`,
});

function assessAmendment(
  ctx: PublicationContext,
  source: ChangeSource,
  tasks: readonly PublicationTask[],
  rows: { assignments: StoredAssignment[]; items: StoredDueItem[] },
  change: TaskChanges,
  wasLive: ReadonlySet<number>,
  acceptProblems: boolean,
): Assessment {
  const publication = computePublication(ctx, { problems: source.problems as PlanRow['problems'] }, tasks, includeOf(rows));
  const names = new Map<number, string>();
  for (const [code, id] of ctx.unitIds) names.set(id, ctx.index.directory.units.find((u) => u.code === code)?.name ?? code);
  const unitName = (id: number) => names.get(id) ?? String(id);

  const byTask = new Map(publication.tasks.map((t) => [t.taskId, t]));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const itemsByTask = new Map<number, StoredDueItem[]>();
  for (const i of rows.items) itemsByTask.set(i.taskId, [...(itemsByTask.get(i.taskId) ?? []), i]);
  const existingAssignments = new Set(rows.assignments.map((a) => `${a.taskId}:${a.unitId}:${a.role}`));
  const desiredAssignments = new Set(publication.assignmentRows.map((a) => `${a.taskId}:${a.unitId}:${a.role}`));

  const changes: DueItemChange[] = [];
  const waives: { id: number; note: string }[] = [];
  const impacts = new Map<number, AmendmentTaskImpact & { waivedBy: Map<WaiveReason, { units: Set<string>; items: number }>; redatedBy: Map<string, number> }>();
  const impactOf = (taskId: number) => {
    let x = impacts.get(taskId);
    if (!x) {
      const t = taskById.get(taskId);
      const key = t ? (t.key ?? t.number) : String(taskId);
      x = {
        key,
        label: byTask.get(taskId)?.label ?? keyToLabel(key),
        title: t?.title ?? '',
        withdrawn: Boolean(t?.withdrawnAt) && !change.stillWithdrawn.has(taskId),
        created: 0,
        redated: [],
        waived: [],
        history: { done: 0, waived: 0 },
        waivedBy: new Map(),
        redatedBy: new Map(),
      };
      impacts.set(taskId, x);
    }
    return x;
  };
  const totals = { redated: 0, rewaited: 0, waived: 0, extensionKept: 0, stayWaived: 0, done: 0, history: 0 };
  const open = new Set<string>(OPEN_DUE_STATES);
  const liveDropped = new Set<number>();

  for (const [taskId, items] of itemsByTask) {
    const pub = byTask.get(taskId);
    const task = taskById.get(taskId);
    const pairs = pub ? pairOccurrences(items, pub.occurrences) : new Map<string, DeadlineOccurrence>();
    const assignments = new Map((pub?.assignments ?? []).filter((a) => a.unitId !== undefined).map((a) => [`${a.unitId}:${a.role}`, a]));
    for (const e of items) {
      const as = assignments.get(`${e.unitId}:${e.role}`);
      const o = pairs.get(e.occurrenceKey);
      let reason: WaiveReason | null = null;
      if (!pub) reason = task?.withdrawnAt ? 'task-withdrawn' : 'task-not-published';
      else if (!as) reason = 'unit-dropped';
      else if (!o || !unitGetsOccurrence(as, o)) reason = 'occurrence-dropped';
      if (reason !== null) {
        if (open.has(e.state)) {
          waives.push({ id: e.id, note: `${source.waiveNote}: ${WAIVE_NOTE[reason]}.` });
          liveDropped.add(e.assignmentId);
          const x = impactOf(taskId);
          const w = x.waivedBy.get(reason) ?? { units: new Set<string>(), items: 0 };
          w.units.add(unitName(e.unitId));
          w.items++;
          x.waivedBy.set(reason, w);
          totals.waived++;
        } else if (wasLive.has(e.id)) {
          impactOf(taskId).history[e.state === 'done' ? 'done' : 'waived']++;
        }
        continue;
      }
      const occ = o!;
      const base = {
        id: e.id,
        occurrenceKey: occ.key,
        occurrenceLabel: e.occurrenceLabel,
        windowStart: e.windowStart,
        nominalDue: e.nominalDue,
        dueDate: e.dueDate,
        dueAt: e.dueAt === null ? null : e.dueAt.toISOString(),
        waitingEvent: e.waitingEvent,
        state: e.state,
        bump: false,
      };
      if (e.state === 'done' || e.state === 'waived') {
        // History: only the key follows its occurrence (so publishing does not create it again).
        if (occ.key !== e.occurrenceKey) {
          changes.push(base);
          impactOf(taskId).history[e.state === 'done' ? 'done' : 'waived']++;
        }
        if (e.state === 'waived') totals.stayWaived++;
        continue;
      }
      const next: DueItemChange = { ...base, occurrenceLabel: occ.label };
      if (occ.state === 'waiting') {
        // Dated since publishing (the event was recorded, or the coordinator set the date): stays dated.
        const datedSince = e.state !== 'waiting' && e.occurrenceKey === occ.key && (e.waitingEvent ?? null) === (occ.waitingEvent ?? null);
        if (datedSince) continue;
        Object.assign(next, { windowStart: null, nominalDue: null, dueDate: null, dueAt: null, waitingEvent: occ.waitingEvent });
      } else {
        Object.assign(next, { windowStart: occ.start, nominalDue: occ.nominalDue, dueDate: occ.due, dueAt: occ.dueAt, waitingEvent: occ.waitingEvent });
        if (e.state === 'extended' && e.extendedTo !== null && e.dueDate !== null && occ.due !== null && e.dueDate > occ.due) {
          // An approved extension later than the new date keeps its date.
          Object.assign(next, { windowStart: e.windowStart, nominalDue: e.nominalDue, dueDate: e.dueDate, dueAt: base.dueAt });
          if (occ.key !== e.occurrenceKey) totals.extensionKept++;
        }
      }
      const datesDiffer =
        next.windowStart !== e.windowStart ||
        next.nominalDue !== e.nominalDue ||
        next.dueDate !== e.dueDate ||
        !sameInstant(e.dueAt, next.dueAt) ||
        (next.waitingEvent ?? null) !== (e.waitingEvent ?? null);
      if (datesDiffer) {
        if (occ.state === 'waiting') next.state = e.state === 'pending_approval' ? e.state : 'waiting';
        // A re-dated item is chased again from its new date (the reconciler marks it overdue again if it is late).
        else if (e.state === 'waiting' || e.state === 'overdue') next.state = 'open';
        next.bump = true;
      }
      if (!datesDiffer && next.occurrenceKey === e.occurrenceKey && next.occurrenceLabel === e.occurrenceLabel) continue;
      changes.push(next);
      if (!datesDiffer) continue;
      const x = impactOf(taskId);
      if (e.state === 'waiting' && next.state === 'waiting') totals.rewaited++;
      else {
        totals.redated++;
        const k = `${e.dueDate ?? ''}>${next.dueDate ?? ''}`;
        x.redatedBy.set(k, (x.redatedBy.get(k) ?? 0) + 1);
      }
    }
  }

  // New due items: desired (assignment, occurrence) pairs that no existing item holds (after key renames).
  const held = new Set<string>();
  const renamed = new Map(changes.map((c) => [c.id, c.occurrenceKey]));
  for (const e of rows.items) held.add(`${e.taskId}:${e.unitId}:${e.role}:${renamed.get(e.id) ?? e.occurrenceKey}`);
  let created = 0;
  for (const t of publication.tasks)
    for (const a of t.assignments) {
      if (a.unitId === undefined) continue;
      for (const o of t.occurrences) {
        if (!unitGetsOccurrence(a, o) || held.has(`${t.taskId}:${a.unitId}:${a.role}:${o.key}`)) continue;
        created++;
        impactOf(t.taskId).created++;
      }
    }
  for (const t of tasks) if (t.withdrawnAt && !change.stillWithdrawn.has(t.id)) impactOf(t.id);

  const byTaskImpact: AmendmentTaskImpact[] = [];
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  for (const [, x] of [...impacts].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))) {
    const { waivedBy, redatedBy, ...rest } = x;
    byTaskImpact.push({
      ...rest,
      redated: [...redatedBy].map(([k, items]) => {
        const [from, to] = k.split('>');
        return { from: from || null, to: to || null, items };
      }),
      waived: [...waivedBy].map(([reason, w]) => ({ reason, units: [...w.units].sort(), items: w.items })),
    });
  }
  const history = byTaskImpact.reduce((h, x) => ({ done: h.done + x.history.done, waived: h.waived + x.history.waived }), { done: 0, waived: 0 });
  const createdAssignments = new Set(publication.assignmentRows.map((a) => `${a.taskId}:${a.unitId}:${a.role}`).filter((k) => !existingAssignments.has(k))).size;
  const dropped = rows.assignments.filter((a) => !desiredAssignments.has(`${a.taskId}:${a.unitId}:${a.role}`) && liveDropped.has(a.id)).length;
  return {
    publication,
    changes,
    waives,
    impact: {
      tasks: change.counts,
      assignments: { created: createdAssignments, dropped },
      dueItems: {
        created,
        redated: totals.redated,
        rewaited: totals.rewaited,
        waived: totals.waived,
        extensionKept: totals.extensionKept,
        stayWaived: totals.stayWaived,
        history,
      },
      overridesCleared: change.overridesCleared,
      blocking: publication.problems,
      problemsAccepted: acceptProblems && publication.problems.length > 0,
      byTask: byTaskImpact,
    },
  };
}
