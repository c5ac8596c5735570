/**
 * The coordinator's decisions on a stored plan, between import and publish (and after): what still needs a
 * decision (`plan show`), which units do a task whose cell names none precisely (`plan assign`), which duties read
 * from the prose become tasks (`plan proposals`), which reading of an ambiguous deadline cell holds (`plan choose`),
 * and the date of an on-demand task (`plan set-date`). Every
 * decision is written to the audit log. Messages are Vietnamese.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../domain/clock.js';
import type { WorkingCalendar } from '../domain/deadline.js';
import { createUnitIndex, type UnitIndex } from '../domain/units/resolver.js';
import { assessTask, type ImportProblem, isPublishable, type TaskAssessment } from '../import/build-plan.js';
import type { DeadlinePort } from '../import/deadline-port.js';
import { readDate } from './bot/dates.js';
import { syncPublishedPlan } from './plan-amend.js';
import type { PlanPorts, PublicationTransaction, StoredPlan, TaskDeadlineChoice, TaskRow, TaskUnitOverrides } from './plan-ports.js';
import { computePublication, keyToLabel, loadPublicationContext, PublishError, storedTaskTexts, unitGetsOccurrence } from './plan-publish.js';

/** A decision that cannot be taken (unknown plan or task, bad unit, bad date). Vietnamese message. */
export class ReviewError extends Error {
  override name = 'ReviewError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Loaded {
  stored: StoredPlan;
  index: UnitIndex;
  period: { from: string; to: string };
}

async function load(ports: PlanPorts, planId: number): Promise<Loaded> {
  const stored = await ports.plans.loadPlan(planId);
  if (!stored) throw new ReviewError(`Không có kế hoạch mã ${planId}.`);
  if (stored.plan.status === 'archived') throw new ReviewError(`Kế hoạch ${planId} đã lưu trữ: không sửa.`);
  const found = await ports.directories.provinceDirectory(stored.plan.province);
  if (!found) throw new ReviewError(`Chưa có danh mục đơn vị của tỉnh "${stored.plan.province}".`);
  const period = { from: `${stored.plan.periodStartYear}-01-01`, to: `${stored.plan.periodEndYear}-12-31` };
  return { stored, index: createUnitIndex(found.directory, period), period };
}

const labelOf = (t: TaskRow) => keyToLabel(t.key ?? t.number);
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, '');

/** Finds a task by its display number ("II.4", "ĐX1"), its key ("II/4") or its number when unique. */
export function findTask(stored: StoredPlan, ref: string): TaskRow {
  const want = fold(ref);
  const exact = stored.tasks.filter((t) => fold(labelOf(t)) === want || (t.key !== null && fold(t.key) === want));
  if (exact.length === 1) return exact[0]!;
  const byNumber = stored.tasks.filter((t) => fold(t.number) === want);
  if (exact.length === 0 && byNumber.length === 1) return byNumber[0]!;
  const candidates = (exact.length > 1 ? exact : byNumber.length > 1 ? byNumber : stored.tasks.filter((t) => fold(labelOf(t)).startsWith(want)))
    .slice(0, 8)
    .map(labelOf);
  throw new ReviewError(
    candidates.length > 0
      ? `"${ref}" chỉ nhiều nhiệm vụ hoặc không khớp đúng; có phải: ${candidates.join(', ')}?`
      : `Kế hoạch ${stored.plan.id} không có nhiệm vụ "${ref}" (dùng số thứ tự như trong báo cáo, vd. II.4).`,
    { candidates },
  );
}

function assess(l: Loaded, t: TaskRow, deadline: DeadlinePort, overrides: TaskUnitOverrides | null = t.unitOverrides): TaskAssessment {
  const texts = storedTaskTexts(t, l.stored.plan.settings.agencyColumns === 'assignment', deadline);
  return assessTask({ index: l.index, deadline, period: l.period }, { ...texts, unitOverrides: overrides });
}

/** A task's units by role, as names. */
export interface TaskUnits {
  lead: string[];
  support: string[];
}

function unitsOf(index: UnitIndex, a: TaskAssessment): TaskUnits {
  const name = (code: string) => index.unit(code)?.name ?? code;
  return {
    lead: a.assignments.filter((x) => x.role === 'lead').map((x) => name(x.unit)),
    support: a.assignments.filter((x) => x.role === 'support').map((x) => name(x.unit)),
  };
}

/**
 * Codes of `--lead`/`--support` values: unit codes ("so-noi-vu, so-tu-phap"), or agency text as a plan writes it —
 * names, aliases, groups ("Các Sở, ban, ngành cấp tỉnh", "UBND cấp huyện") and lists of them — read by the resolver.
 */
export function resolveUnitArgs(index: UnitIndex, values: readonly string[], role: 'lead' | 'support'): string[] {
  const codes: string[] = [];
  for (const raw of values.map((v) => v.trim()).filter(Boolean)) {
    const pieces = raw.split(/[;,]/).map((p) => p.trim()).filter(Boolean);
    const byCode = pieces.map((p) => index.units.find((u) => u.code === p));
    if (byCode.every((u) => u !== undefined)) {
      codes.push(...byCode.map((u) => u!.code));
      continue;
    }
    const r = index.resolve(raw, role);
    const bad = r.mentions.filter((m) => m.kind !== 'unit' && m.kind !== 'group');
    const found = r.assignments.map((a) => a.unit);
    if (bad.length > 0 || found.length === 0) {
      const suggestions = index.suggest(raw, 5);
      throw new ReviewError(
        `Không nhận ra đơn vị "${raw}"${suggestions.length > 0 ? `; có phải: ${suggestions.map((s) => `${s.name} (${s.code})`).join(' / ')}?` : '.'} Xem \`nhacviec units list\`.`,
        { text: raw, suggestions },
      );
    }
    codes.push(...found);
  }
  return [...new Set(codes)];
}

/** Result of {@link assignUnits}. */
export interface AssignResult {
  planId: number;
  task: string;
  title: string;
  before: TaskUnits;
  after: TaskUnits;
  /** Problems of the task left after the decision (errors and warnings). */
  problems: ImportProblem[];
  /** The plan is published: what the decision changed in its publication (null for a draft). */
  publication: PublicationChange | null;
}

/** What a decision on a published plan changed in its assignments and due items. */
export interface PublicationChange {
  assignmentsCreated: number;
  dueItemsCreated: number;
  /** Items still being chased that the decision closed (their unit or task left the publication). */
  dueItemsWaived: number;
}

/**
 * Writes a decision (`write`, in one transaction) and, for a published plan, brings its publication up to date in
 * the same transaction (see `syncPublishedPlan`).
 */
async function decide(
  ports: PlanPorts,
  l: Loaded,
  input: { deadline: DeadlinePort; reason: string; now: Date },
  write: (tx: PublicationTransaction) => Promise<void>,
): Promise<PublicationChange | null> {
  return ports.plans.publicationTransaction(async (tx) => {
    await write(tx);
    if (l.stored.plan.status !== 'published') return null;
    const impact = await syncPublishedPlan(tx, ports, { planId: l.stored.plan.id, deadline: input.deadline, reason: input.reason, now: input.now });
    return { assignmentsCreated: impact.assignments.created, dueItemsCreated: impact.dueItems.created, dueItemsWaived: impact.dueItems.waived };
  });
}

/**
 * `plan assign`: the coordinator names the units of a task (replacing what the cells give), or clears that choice.
 */
export async function assignUnits(
  ports: PlanPorts,
  clock: Clock,
  input: { planId: number; task: string; lead: readonly string[]; support: readonly string[]; clear?: boolean; deadline: DeadlinePort; actor: string },
): Promise<AssignResult> {
  const l = await load(ports, input.planId);
  const task = findTask(l.stored, input.task);
  if (task.withdrawnAt) throw new ReviewError(`Nhiệm vụ ${labelOf(task)} đã bị bỏ khỏi kế hoạch (bản sửa đổi): không phân công.`);
  let overrides: TaskUnitOverrides | null = null;
  if (!input.clear) {
    if (input.lead.length === 0) throw new ReviewError('Cần ít nhất một đơn vị chủ trì (--lead).');
    const lead = resolveUnitArgs(l.index, input.lead, 'lead');
    const support = resolveUnitArgs(l.index, input.support, 'support').filter((c) => !lead.includes(c));
    overrides = { lead, support, by: input.actor, at: clock.now().toISOString() };
  }
  const before = unitsOf(l.index, assess(l, task, input.deadline));
  const afterAssessment = assess(l, task, input.deadline, overrides);
  const now = clock.now();
  const publication = await decide(ports, l, { deadline: input.deadline, reason: `plan assign ${labelOf(task)}`, now }, async (tx) => {
    await tx.setUnitOverrides(task.id, overrides, now);
    await audit(tx, now, input.actor, input.clear ? 'task.assign.clear' : 'task.assign', 'task', task.id, {
      plan: l.stored.plan.id,
      task: labelOf(task),
      lead: overrides?.lead ?? [],
      support: overrides?.support ?? [],
    });
  });
  return {
    planId: l.stored.plan.id,
    task: labelOf(task),
    title: task.title,
    before,
    after: unitsOf(l.index, afterAssessment),
    problems: afterAssessment.problems.filter((p) => p.severity !== 'info'),
    publication,
  };
}

/** Result of {@link chooseReading}. */
export interface ChooseReadingResult {
  planId: number;
  task: string;
  title: string;
  deadlineText: string | null;
  readings: { reading: number; explanation: string; note: string }[];
  /** The reading now in effect (null after `clear`: pending again, reading 1 used). */
  chosen: number | null;
  /** The first due dates under the reading now in effect. */
  firstDue: { label: string; due: string }[];
  publication: PublicationChange | null;
}

/**
 * `plan choose`: the coordinator picks the reading of a deadline cell that has two defensible ones (1 = the
 * machine's first reading, 2… the alternatives), or clears the choice. Stored in `tasks.deadline_choice`; a
 * published plan's items follow at once (see `decide`).
 */
export async function chooseReading(
  ports: PlanPorts,
  clock: Clock,
  input: { planId: number; task: string; reading: number | null; deadline: DeadlinePort; actor: string },
): Promise<ChooseReadingResult> {
  const l = await load(ports, input.planId);
  const task = findTask(l.stored, input.task);
  if (task.withdrawnAt) throw new ReviewError(`Nhiệm vụ ${labelOf(task)} đã bị bỏ khỏi kế hoạch (bản sửa đổi): không chọn cách hiểu.`);
  const rule = task.deadlineRule as { input?: unknown } | null;
  const readings = rule ? (input.deadline.describe(rule).readings ?? []) : [];
  if (rule === null || readings.length < 2 || typeof rule.input !== 'string')
    throw new ReviewError(`Thời hạn của nhiệm vụ ${labelOf(task)} ("${task.deadlineText ?? ''}") chỉ có một cách hiểu: không có gì để chọn.`);
  if (input.reading !== null && !(Number.isInteger(input.reading) && input.reading >= 1 && input.reading <= readings.length))
    throw new ReviewError(`Cách hiểu "${input.reading}" không có; chọn từ 1 đến ${readings.length}.`, { readings });
  const now = clock.now();
  const choice: TaskDeadlineChoice | null = input.reading === null ? null : { reading: input.reading, input: rule.input, by: input.actor, at: now.toISOString() };
  const publication = await decide(ports, l, { deadline: input.deadline, reason: `plan choose ${labelOf(task)}`, now }, async (tx) => {
    await tx.setDeadlineChoice(task.id, choice, now);
    await audit(tx, now, input.actor, choice === null ? 'task.reading.clear' : 'task.reading.choose', 'task', task.id, {
      plan: l.stored.plan.id,
      task: labelOf(task),
      reading: choice?.reading ?? null,
      explanation: choice === null ? null : readings[choice.reading - 1]!.explanation,
    });
  });
  const after = assess(l, { ...task, deadlineChoice: choice }, input.deadline);
  return {
    planId: l.stored.plan.id,
    task: labelOf(task),
    title: task.title,
    deadlineText: task.deadlineText,
    readings,
    chosen: choice?.reading ?? null,
    firstDue: after.firstDue.map((o) => ({ label: o.label, due: o.due! })),
    publication,
  };
}

/** One proposal read from the plan's prose. */
export interface ProposalView {
  task: string;
  title: string;
  deadlineText: string | null;
  units: TaskUnits;
  status: 'pending' | 'accepted' | 'rejected';
}

/** Result of {@link decideProposals}. */
export interface ProposalsResult {
  planId: number;
  proposals: ProposalView[];
  /** Labels whose status this call changed. */
  changed: string[];
  /** For a published plan: what the decisions changed in its publication (null for a draft, or nothing decided). */
  publication: PublicationChange | null;
}

/** `plan proposals`: lists the proposals; `accept`/`reject` (labels, or "all") record the decision. */
export async function decideProposals(
  ports: PlanPorts,
  clock: Clock,
  input: { planId: number; accept?: readonly string[]; reject?: readonly string[]; deadline: DeadlinePort; actor: string },
): Promise<ProposalsResult> {
  const l = await load(ports, input.planId);
  const proposals = l.stored.tasks.filter((t) => t.isProposal && !t.withdrawnAt);
  const pick = (refs: readonly string[] | undefined): TaskRow[] => {
    if (!refs || refs.length === 0) return [];
    if (refs.length === 1 && fold(refs[0]!) === 'all') return proposals;
    return refs.map((r) => {
      const t = findTask(l.stored, r);
      if (!t.isProposal) throw new ReviewError(`${labelOf(t)} là nhiệm vụ của bảng, không phải đề xuất.`);
      return t;
    });
  };
  const accept = pick(input.accept);
  const reject = pick(input.reject);
  const both = accept.filter((t) => reject.some((r) => r.id === t.id));
  if (both.length > 0) throw new ReviewError(`Vừa nhận vừa bỏ: ${both.map(labelOf).join(', ')}.`);
  const decisions = new Map<number, 'accepted' | 'rejected'>([...accept.map((t) => [t.id, 'accepted'] as const), ...reject.map((t) => [t.id, 'rejected'] as const)]);
  const changed = proposals.filter((t) => decisions.has(t.id) && decisions.get(t.id) !== (t.proposalStatus ?? 'pending'));
  let publication: PublicationChange | null = null;
  if (changed.length > 0) {
    const now = clock.now();
    publication = await decide(ports, l, { deadline: input.deadline, reason: 'plan proposals', now }, async (tx) => {
      for (const t of changed) await tx.setProposalStatus(t.id, decisions.get(t.id)!, now);
      await audit(tx, now, input.actor, 'plan.proposals', 'plan', l.stored.plan.id, Object.fromEntries(changed.map((t) => [labelOf(t), decisions.get(t.id)!])));
    });
  }
  return {
    planId: l.stored.plan.id,
    proposals: proposals.map((t) => ({
      task: labelOf(t),
      title: t.title,
      deadlineText: t.deadlineText,
      units: unitsOf(l.index, assess(l, t, input.deadline)),
      status: decisions.get(t.id) ?? t.proposalStatus ?? 'pending',
    })),
    changed: changed.map(labelOf),
    publication,
  };
}

/** Result of {@link setManualDate}. */
export interface SetDateResult {
  planId: number;
  task: string;
  title: string;
  /** The day as given, and the day reminders aim at (moved to a working day). */
  nominalDue: string;
  dueDate: string;
  /** Due items that got the date (waiting items of the task without an event). */
  dated: number;
}

/**
 * `plan set-date`: the date of an on-demand task ("Theo yêu cầu", "Khi có chỉ đạo"): its waiting items get it.
 * The same as the bot's /dathan.
 */
export async function setManualDate(
  ports: PlanPorts,
  clock: Clock,
  input: { planId: number; task: string; date: string; calendar: WorkingCalendar; zone: string; actor: string },
): Promise<SetDateResult> {
  const l = await load(ports, input.planId);
  const task = findTask(l.stored, input.task);
  if (l.stored.plan.status !== 'published') throw new ReviewError(`Kế hoạch ${l.stored.plan.id} chưa công bố: công bố trước rồi mới đặt ngày cho nhiệm vụ.`);
  const today = DateTime.fromJSDate(clock.now(), { zone: input.zone }).toISODate()!;
  const read = readDate(input.date, { today, calendar: input.calendar, zone: input.zone });
  if (!read.ok)
    throw new ReviewError(
      read.reason === 'in_past'
        ? `Ngày "${input.date}" đã qua.`
        : read.reason === 'not_a_day'
          ? `"${input.date}" không chỉ một ngày cụ thể.`
          : `Không đọc được ngày "${input.date}" (vd. 15/03/2025).`,
    );
  const now = clock.now();
  return ports.plans.publicationTransaction(async (tx) => {
    const d = read.date;
    const dated = await tx.dateWaitingItems(task.id, { nominalDue: d.nominalDue, dueDate: d.dueDate, dueAt: d.dueAt }, now);
    if (dated === 0)
      throw new ReviewError(`Nhiệm vụ ${labelOf(task)} không có hạn nào đang chờ ngày (chỉ nhiệm vụ "theo yêu cầu" đã công bố mới đặt ngày được).`);
    await audit(tx, now, input.actor, 'manual_date.set', 'task', task.id, { date: d.nominalDue, dated });
    return { planId: l.stored.plan.id, task: labelOf(task), title: task.title, nominalDue: d.nominalDue, dueDate: d.dueDate, dated };
  });
}

async function audit(tx: PublicationTransaction, at: Date, actor: string, action: string, entity: string, entityId: number, details: Record<string, unknown>): Promise<void> {
  await tx.audit({ at, actor, action, entity, entityId: String(entityId), details });
}

/** One task that needs the coordinator. */
export interface PendingDecision {
  task: string;
  title: string;
  /**
   * `date`: on-demand items waiting for the coordinator's date; `event`: items waiting for an event to be recorded;
   * `reading`: a deadline cell with two defensible readings (`readings`), to choose with `plan choose`.
   */
  kind: 'units' | 'deadline' | 'proposal' | 'date' | 'event' | 'reading';
  message: string;
  /** The command that settles it. */
  hint: string;
  /** For `reading`: every reading of the cell, numbered as `plan choose` takes them. */
  readings?: { reading: number; explanation: string; note: string }[];
}

/** A date or period a task takes from a default rather than from its text (issue #11, confidence is visible). */
export interface DefaultNote {
  message: string;
  /** Where the default comes from (DeadlinePolicy field and its basis, the configuration, the plan period). */
  source: string;
}

/** A task relying on defaults (`plan show` lists them all; they need no decision but deserve a look). */
export interface TaskDefaults {
  task: string;
  title: string;
  defaults: DefaultNote[];
}

/** A stored task as the machine understands it now (`plan show --tasks`). */
export interface TaskView {
  task: string;
  title: string;
  status: 'task' | 'proposal-pending' | 'proposal-accepted' | 'proposal-rejected' | 'withdrawn';
  /** Units from the cells, or the coordinator's choice. */
  units: TaskUnits & { chosenByCoordinator: boolean };
  deadlineText: string | null;
  /** What the engine read (Vietnamese): the reading in effect. */
  deadline: string | null;
  /** Dates and periods taken from a default, not from the text. */
  defaults: DefaultNote[];
  /** A cell with several readings: all of them, and the one chosen (null: pending, reading 1 used). */
  readings?: { reading: number; explanation: string; note: string }[];
  chosenReading?: number | null;
  /** The first dated occurrences, and how many there are in all (waiting ones included). */
  firstDue: { label: string; due: string }[];
  occurrences: number;
  /** With `review: true` (the web console's review page): what a row needs to be decided on screen. */
  review?: TaskReview;
}

/** One piece of a deadline cell: read by the engine, left unread (with why), or neither (separators). */
export interface CellSegment {
  text: string;
  kind: 'read' | 'unread' | 'plain';
  reason?: string;
}

/** An agency named in a task's cells, as the resolver read it. */
export interface MentionView {
  text: string;
  kind: 'unit' | 'group' | 'vague' | 'unknown' | 'not-in-force';
  /** Directory name of a resolved unit or group. */
  name?: string;
  column: string;
  /** Close directory units, for unknown and out-of-force names. */
  suggestions: { target: 'unit' | 'group'; code: string; name: string }[];
}

/** The extra facts of a row on the review page. */
export interface TaskReview {
  /** The task key, stable across amendments. */
  key: string;
  leadText: string | null;
  supportText: string | null;
  /** Unit codes in effect (the coordinator's choice, or the cells'). */
  leadCodes: string[];
  supportCodes: string[];
  /** The deadline cell with what the engine read marked (empty without a rule). */
  deadlineCell: CellSegment[];
  mentions: MentionView[];
  /** Errors and warnings of the task now. */
  problems: { severity: string; code: string; message: string }[];
  /** The units need the coordinator (unknown, vague, no lead). */
  needsUnits: boolean;
}

/**
 * Splits the cell a rule was read from into segments: the spans its parts consumed (read), its unparsed spans
 * (unread, with the reason), and everything else (plain). Pure; a rule without spans gives the cell as plain.
 */
export function deadlineCellSegments(rule: Record<string, unknown> | null, cell: string | null): CellSegment[] {
  const input = rule && typeof rule.input === 'string' ? rule.input : (cell ?? '');
  if (input === '') return [];
  const marks: { start: number; end: number; kind: 'read' | 'unread'; reason?: string }[] = [];
  const spansOf = (x: unknown): { start: number; end: number }[] =>
    Array.isArray(x) ? x.filter((s): s is { start: number; end: number } => typeof s?.start === 'number' && typeof s?.end === 'number') : [];
  for (const part of Array.isArray(rule?.parts) ? (rule.parts as { spans?: unknown }[]) : []) for (const sp of spansOf(part.spans)) marks.push({ ...sp, kind: 'read' });
  for (const u of Array.isArray(rule?.unparsed) ? (rule.unparsed as { start?: number; end?: number; reason?: string }[]) : [])
    if (typeof u.start === 'number' && typeof u.end === 'number') marks.push({ start: u.start, end: u.end, kind: 'unread', ...(u.reason ? { reason: u.reason } : {}) });
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: CellSegment[] = [];
  let at = 0;
  for (const m of marks) {
    const start = Math.max(m.start, at);
    const end = Math.min(m.end, input.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: input.slice(at, start), kind: 'plain' });
    out.push({ text: input.slice(start, end), kind: m.kind, ...(m.reason ? { reason: m.reason } : {}) });
    at = end;
  }
  if (at < input.length) out.push({ text: input.slice(at), kind: 'plain' });
  return out;
}

const UNIT_PROBLEM = (code: string) => code.startsWith('agency-') || code === 'no-lead' || code === 'group-empty';

/** Result of {@link showPlan}. */
export interface PlanOverview {
  planId: number;
  province: string;
  title: string;
  status: string;
  period: { startYear: number; endYear: number };
  tasks: { total: number; publishable: number; proposals: number; withdrawn: number; assignedByCoordinator: number };
  decisions: PendingDecision[];
  /** Publishable tasks whose dates rely on defaults (policy, plan year), with what was assumed and where from. */
  defaults: TaskDefaults[];
  /** With `tasks: true`: every task with its units, deadline reading and first due dates. */
  taskViews?: TaskView[];
  /** With `review: true`: the units of the directory in force during the plan, for pick-lists. */
  units?: { code: string; name: string }[];
}

/** `plan show`: the plan and everything that still needs the coordinator. */
export async function showPlan(ports: PlanPorts, input: { planId: number; deadline: DeadlinePort; tasks?: boolean; review?: boolean }): Promise<PlanOverview> {
  const l = await load(ports, input.planId);
  const { plan } = l.stored;
  const decisions: PendingDecision[] = [];
  const defaults: TaskDefaults[] = [];
  const published = plan.status === 'published';
  // One assessment per task (the decisions and the task views read the same).
  const assessments = new Map<number, TaskAssessment>();
  const assessed = (t: TaskRow): TaskAssessment => {
    let a = assessments.get(t.id);
    if (!a) assessments.set(t.id, (a = assess(l, t, input.deadline)));
    return a;
  };
  // Undated items, by task: the stored ones once published; before that, what publishing will create (the same
  // expansion publish runs), so the coordinator sees them before going live.
  const waiting = new Map<number, { manual: number; events: Map<string, number> }>();
  const countWaiting = (taskId: number, event: string | null, n: number) => {
    const w = waiting.get(taskId) ?? { manual: 0, events: new Map<string, number>() };
    if (event === null) w.manual += n;
    else w.events.set(event, (w.events.get(event) ?? 0) + n);
    waiting.set(taskId, w);
  };
  for (const t of l.stored.tasks) {
    if (t.withdrawnAt) continue;
    const label = labelOf(t);
    if (t.isProposal && (t.proposalStatus ?? 'pending') === 'pending')
      decisions.push({ task: label, title: t.title, kind: 'proposal', message: 'Đề xuất từ phần văn bản: chưa quyết định.', hint: `nhacviec plan proposals ${plan.id} --accept ${label}` });
    if (t.isProposal && t.proposalStatus === 'rejected') continue;
    const a = assessed(t);
    const notes = (a.reading?.defaults ?? []).map((d) => ({ message: d.message, source: d.source }));
    if (notes.length > 0 && isPublishable(t, true)) defaults.push({ task: label, title: t.title, defaults: notes });
    for (const p of a.problems.filter((x) => x.severity !== 'info')) {
      if (p.code === 'deadline-ambiguous') {
        decisions.push({
          task: label,
          title: t.title,
          kind: 'reading',
          message: `Thời hạn "${t.deadlineText ?? ''}" có ${a.reading?.readings?.length ?? 2} cách hiểu; chưa chọn thì công bố bị chặn (hoặc dùng cách 1 với --accept-problems).`,
          hint: `nhacviec plan choose ${plan.id} ${label} <số cách hiểu>`,
          readings: a.reading?.readings ?? [],
        });
        continue;
      }
      const units = p.code.startsWith('agency-') || p.code === 'no-lead' || p.code === 'group-empty';
      decisions.push({
        task: label,
        title: t.title,
        kind: units ? 'units' : 'deadline',
        message: p.message,
        hint: units ? `nhacviec plan assign ${plan.id} ${label} --lead <đơn vị> [--support <đơn vị>]` : 'sửa văn bản rồi nhập lại (nhacviec plan import)',
      });
    }
  }
  if (!published) {
    // What `plan publish` would write (the same computation, with the province's recorded events), not written.
    const ctx = await loadPublicationContext(ports, plan, input.deadline, { index: l.index }).catch((err: unknown) => {
      if (err instanceof PublishError) return null; // no unit directory: reported by the import already
      throw err;
    });
    for (const t of ctx ? computePublication(ctx, plan, l.stored.tasks, (x) => isPublishable(x), undefined, (x) => assessed(x as TaskRow)).tasks : [])
      for (const as of t.assignments) {
        if (as.unitId === undefined) continue;
        for (const o of t.occurrences) if (o.state === 'waiting' && unitGetsOccurrence(as, o)) countWaiting(t.taskId, o.waitingEvent, 1);
      }
  } else {
    for (const r of await ports.plans.waitingItems(plan.id)) countWaiting(r.taskId, r.event, r.n);
  }
  const later = published ? '' : ' sau khi công bố';
  for (const t of l.stored.tasks) {
    const w = waiting.get(t.id);
    if (!w) continue;
    if (w.manual > 0)
      decisions.push({
        task: labelOf(t),
        title: t.title,
        kind: 'date',
        message: `Nhiệm vụ theo yêu cầu: ${w.manual} hạn chờ ngày${published ? '' : ' (khi công bố)'}.`,
        hint: `nhacviec plan set-date ${plan.id} ${labelOf(t)} <ngày>${later}`,
      });
    for (const [event, n] of w.events)
      decisions.push({
        task: labelOf(t),
        title: t.title,
        kind: 'event',
        message: `${n} hạn chờ sự kiện "${event}"${published ? '' : ' (khi công bố)'}: có ngày khi sự kiện được ghi nhận.`,
        hint: `ghi nhận sự kiện bằng lệnh /sukien trong bot${later}`,
      });
  }
  const live = l.stored.tasks.filter((t) => !t.withdrawnAt);
  const taskViews = input.tasks || input.review
    ? l.stored.tasks.map((t): TaskView => {
        const a = assessed(t);
        const problems = a.problems.filter((p) => p.severity !== 'info');
        return {
          task: labelOf(t),
          title: t.title,
          status: t.withdrawnAt ? 'withdrawn' : t.isProposal ? (`proposal-${t.proposalStatus ?? 'pending'}` as const) : 'task',
          units: { ...unitsOf(l.index, a), chosenByCoordinator: t.unitOverrides !== null },
          deadlineText: t.deadlineText,
          deadline: a.reading?.explanation ?? null,
          defaults: (a.reading?.defaults ?? []).map((d) => ({ message: d.message, source: d.source })),
          ...(a.reading?.readings ? { readings: a.reading.readings, chosenReading: a.reading.chosenReading ?? null } : {}),
          firstDue: a.firstDue.map((o) => ({ label: o.label, due: o.due! })),
          occurrences: a.occurrenceCount,
          ...(input.review
            ? {
                review: {
                  key: t.key ?? t.number,
                  leadText: t.leadText,
                  supportText: t.supportText,
                  leadCodes: a.assignments.filter((x) => x.role === 'lead').map((x) => x.unit),
                  supportCodes: a.assignments.filter((x) => x.role === 'support').map((x) => x.unit),
                  deadlineCell: deadlineCellSegments(t.deadlineRule, t.deadlineText),
                  mentions: a.mentions.map((m) => ({
                    text: m.text,
                    kind: m.kind,
                    ...(m.name ? { name: m.name } : {}),
                    column: m.column,
                    suggestions: (m.suggestions ?? []).map((x) => ({ target: x.target, code: x.code, name: x.name })),
                  })),
                  problems: problems.map((p) => ({ severity: p.severity, code: p.code, message: p.message })),
                  needsUnits: problems.some((p) => UNIT_PROBLEM(p.code)),
                },
              }
            : {}),
        };
      })
    : undefined;
  return {
    ...(taskViews ? { taskViews } : {}),
    ...(input.review
      ? {
          units: l.index.units
            .map((u) => ({ code: u.code, name: u.name }))
            .sort((x, y) => x.name.localeCompare(y.name, 'vi')),
        }
      : {}),
    planId: plan.id,
    province: plan.province,
    title: plan.title,
    status: plan.status,
    period: { startYear: plan.periodStartYear, endYear: plan.periodEndYear },
    tasks: {
      total: live.filter((t) => !t.isProposal).length,
      publishable: live.filter((t) => isPublishable(t)).length,
      proposals: live.filter((t) => t.isProposal).length,
      withdrawn: l.stored.tasks.length - live.length,
      assignedByCoordinator: live.filter((t) => t.unitOverrides).length,
    },
    decisions,
    defaults,
  };
}
