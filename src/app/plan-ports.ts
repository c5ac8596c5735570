/**
 * Ports of the plan use cases (import, review, publish, amend): what they need from storage, declared here and
 * implemented by src/db/plan-store.ts (`PostgresPlanStore`). The use cases hold no SQL; the CLI, the bot and the
 * web console reach them through these ports (composed in src/plan-wiring.ts).
 */
import type { UnitDirectory } from '../domain/units/directory.js';
import type { PlanDraft } from '../import/build-plan.js';
import type { DeadlineEvent } from '../import/deadline-port.js';
import type { KnownProvince } from '../import/metadata.js';

/** `tasks.unit_overrides`: unit codes chosen by the coordinator, and who chose them when. */
export interface TaskUnitOverrides {
  lead: string[];
  support: string[];
  by: string;
  at: string;
}

/**
 * `tasks.deadline_choice`: the reading of an ambiguous deadline cell the coordinator chose (`plan choose`).
 * `reading` 1 is the rule's `parts`, 2… its `alternatives` in order. `input` is the cell the choice answered: a
 * re-import that changes the cell makes the choice stale (ignored, the decision is pending again).
 */
export interface TaskDeadlineChoice {
  reading: number;
  input: string;
  by: string;
  at: string;
}

/** Per-plan settings (all optional; defaults come from config). */
export interface PlanSettings {
  completionNeedsApproval?: boolean;
  /** Reminder ladder in working days relative to the due day (negative = before). */
  ladder?: number[];
  supportLeadDays?: number;
  /**
   * How the imported table named units: separate "Cơ quan chủ trì" / "Cơ quan phối hợp" columns, or one
   * "Phân công thực hiện" column (then `tasks.lead_text` holds that cell and roles come from its verbs).
   */
  agencyColumns?: 'lead-support' | 'assignment';
}

/** The settings a draft gives its plan: how its table named units. */
export function settingsOf(draft: Pick<PlanDraft, 'tasks'>): PlanSettings {
  const assignment = draft.tasks.some((t) => !t.isProposal && t.mentions.some((m) => m.column === 'assignment'));
  return { agencyColumns: assignment ? 'assignment' : 'lead-support' };
}

/** A stored plan (row of `plans`). */
export interface PlanRow {
  id: number;
  province: string;
  title: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  periodStartYear: number;
  periodEndYear: number;
  sourceFileName: string | null;
  sourceFileHash: string | null;
  status: 'draft' | 'published' | 'archived';
  version: number;
  settings: PlanSettings;
  problems: unknown[];
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

/** A section of a stored plan. */
export interface SectionRow {
  id: number;
  planId: number;
  number: string;
  title: string;
  position: number;
}

/** A stored task (row of `tasks`). */
export interface TaskRow {
  id: number;
  planId: number;
  sectionId: number | null;
  number: string;
  key: string | null;
  position: number;
  title: string;
  output: string | null;
  leadText: string | null;
  supportText: string | null;
  deadlineText: string | null;
  deadlineRule: Record<string, unknown> | null;
  deadlineRuleVersion: number | null;
  budget: string | null;
  isProposal: boolean;
  manualDueDate: string | null;
  unitOverrides: TaskUnitOverrides | null;
  deadlineChoice: TaskDeadlineChoice | null;
  proposalStatus: 'pending' | 'accepted' | 'rejected' | null;
  withdrawnAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored plan with its sections and tasks (in order). */
export interface StoredPlan {
  plan: PlanRow;
  sections: SectionRow[];
  tasks: TaskRow[];
}

/** Rows for `insertAssignments`. */
export interface AssignmentInput {
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
}

/** The columns of a due item that come from its occurrence. */
export interface OccurrenceColumns {
  occurrenceKey: string;
  occurrenceLabel: string;
  windowStart: string | null;
  nominalDue: string | null;
  dueDate: string | null;
  dueAt: string | null;
  waitingEvent: string | null;
}

/** One occurrence of a task, shared by all its assignments (see `insertDueItems`). */
export interface OccurrenceInput extends OccurrenceColumns {
  /** Index of the task group in the batch. */
  group: number;
  state: 'open' | 'waiting';
}

/** An assignment of a task group, with the days its unit exists (occurrences due outside them are skipped). */
export interface AssignmentOfGroup {
  group: number;
  assignmentId: number;
  /** The assignment's unit, when known: the PostgreSQL store writes the items of a unit in one statement. */
  unitId?: number;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

/** An assignment of a published plan. */
export interface StoredAssignment {
  id: number;
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
}

/** A due item of a published plan, with what an amendment needs to decide about it. */
export interface StoredDueItem {
  id: number;
  assignmentId: number;
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
  occurrenceKey: string;
  occurrenceLabel: string;
  windowStart: string | null;
  nominalDue: string | null;
  dueDate: string | null;
  dueAt: Date | null;
  waitingEvent: string | null;
  state: 'waiting' | 'open' | 'overdue' | 'extended' | 'pending_approval' | 'done' | 'waived';
  revision: number;
  /** The latest date an approved (or countered) extension granted, if any. */
  extendedTo: string | null;
}

/** The states of items still being chased (or waiting to be): the ones an amendment may close. */
export const OPEN_DUE_STATES = ['waiting', 'open', 'overdue', 'extended', 'pending_approval'] as const;

/** A task as an amendment leaves it: an existing row updated in place (`id`), or a new one (`id` null). */
export interface AmendedTask {
  id: number | null;
  /** The section's key in the amended draft; `undefined` keeps the row's section (withdrawn tasks). */
  sectionKey: string | null | undefined;
  number: string;
  key: string;
  position: number;
  title: string;
  output: string | null;
  leadText: string | null;
  supportText: string | null;
  deadlineText: string | null;
  deadlineRule: Record<string, unknown> | null;
  deadlineRuleVersion: number | null;
  budget: string | null;
  isProposal: boolean;
  proposalStatus: 'pending' | 'accepted' | 'rejected' | null;
  unitOverrides: TaskUnitOverrides | null;
  withdrawnAt: Date | null;
}

/** New values of a due item kept by an amendment. */
export interface DueItemChange extends OccurrenceColumns {
  id: number;
  state: StoredDueItem['state'];
  /** Something reminders depend on changed: `revision` is bumped (the reconciler replans the item). */
  bump: boolean;
}

/** One row of the audit log. */
export interface PlanAuditEntry {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** An audit row of an applied amendment (`plan.amend`); `details` is JSONB, validated by the use case. */
export interface PlanAmendmentRecord {
  at: Date;
  actor: string;
  details: unknown;
}

/** A date for the waiting items of an on-demand task (`plan set-date`). */
export interface ManualDate {
  nominalDue: string;
  dueDate: string;
  dueAt: string;
}

/** Reads of plans outside any transaction. */
export interface PlanReader {
  /** The newest plan of a province and period. */
  findLatestPlan(province: string, startYear: number, endYear: number): Promise<PlanRow | undefined>;
  loadPlan(planId: number): Promise<StoredPlan | undefined>;
}

/** The writes of storing an imported draft, inside one transaction (see {@link PlanStore.draftTransaction}). */
export interface DraftTransaction extends PlanReader {
  /** One import per province and period at a time, until the transaction ends. */
  lockImport(province: string, startYear: number, endYear: number): Promise<void>;
  /** Stores a shipped unit directory (the first import of a province). */
  seedDirectory(directory: UnitDirectory): Promise<void>;
  /** Stores a new draft plan; returns its id. */
  insertDraftPlan(draft: PlanDraft, now: Date): Promise<number>;
  /** Replaces a draft's sections and tasks with an amended version (drafts have no assignments yet). */
  replaceDraftContent(planId: number, draft: PlanDraft, now: Date): Promise<void>;
  audit(entry: PlanAuditEntry): Promise<void>;
}

/**
 * The writes of a live plan inside one transaction (see {@link PlanStore.publicationTransaction}): publishing,
 * amending a published plan, the coordinator's decisions.
 */
export interface PublicationTransaction extends PlanReader {
  lockImport(province: string, startYear: number, endYear: number): Promise<void>;
  /** Serialises the writers of one plan's assignments and due items until the transaction ends. */
  lockPlanForPublish(planId: number): Promise<void>;
  /** The assignments and due items of a plan; `lock`: the items are locked until the transaction ends. */
  loadPublishedRows(planId: number, lock?: boolean): Promise<{ assignments: StoredAssignment[]; items: StoredDueItem[] }>;
  /**
   * Inserts assignments (existing ones are kept); returns the id of every (task, unit, role) asked for, keyed
   * `task:unit:role`, and the ids this call created.
   */
  insertAssignments(rows: AssignmentInput[]): Promise<{ inserted: number; ids: Map<string, number>; created: Set<number> }>;
  /** Inserts the due items of task groups that do not exist yet; returns how many were new. */
  insertDueItems(
    assignments: AssignmentOfGroup[],
    occurrences: OccurrenceInput[],
    onChunk?: (done: number, total: number) => void,
    fresh?: ReadonlySet<number>,
  ): Promise<number>;
  /** Writes an amended version's content into a published plan without deleting anything. */
  writeAmendedContent(stored: StoredPlan, draft: PlanDraft, amended: readonly AmendedTask[], now: Date): Promise<void>;
  updateDueItems(changes: readonly DueItemChange[], now: Date): Promise<number>;
  /** Closes still-open due items with a note; returns how many were closed. */
  waiveDueItems(items: readonly { id: number; note: string }[], now: Date): Promise<number>;
  /** Updates the plan row after an amendment of its published version (status stays). */
  updateAmendedPlan(planId: number, draft: PlanDraft, settings: PlanSettings, now: Date): Promise<void>;
  /** Marks the plan published (the first publication date stays) with the problems accepted. */
  markPublished(planId: number, problems: readonly unknown[], now: Date): Promise<void>;
  setUnitOverrides(taskId: number, overrides: TaskUnitOverrides | null, now: Date): Promise<void>;
  setDeadlineChoice(taskId: number, choice: TaskDeadlineChoice | null, now: Date): Promise<void>;
  setProposalStatus(taskId: number, status: 'accepted' | 'rejected', now: Date): Promise<void>;
  /**
   * Gives the on-demand items of a task (waiting, no event) the date, and records it on the task. Returns how many
   * items got it (0: none was waiting; nothing written).
   */
  dateWaitingItems(taskId: number, date: ManualDate, now: Date): Promise<number>;
  audit(entry: PlanAuditEntry): Promise<void>;
}

/** Plans, tasks, their publication, and the audit log of decisions on them. */
export interface PlanStore extends PlanReader {
  /** Plans, newest first; of one province when given. */
  listPlans(province?: string): Promise<PlanRow[]>;
  /** A plan without its tasks. */
  loadPlanRow(planId: number): Promise<PlanRow | undefined>;
  /** The events recorded for a province (they date the items waiting for them). */
  provinceEvents(province: string): Promise<DeadlineEvent[]>;
  /** Unit ids of a province by unit code. */
  unitIdsByCode(province: string): Promise<Map<string, number>>;
  /** Counts of a published plan's waiting items by task and event (`null`: waiting for the coordinator's date). */
  waitingItems(planId: number): Promise<{ taskId: number; event: string | null; n: number }[]>;
  /** The audit rows of the amendments applied to a plan, newest first (at most `limit`). */
  amendmentRecords(planId: number, limit: number): Promise<PlanAmendmentRecord[]>;
  /** Records the problems found when publishing was refused. */
  recordProblems(planId: number, problems: readonly unknown[], now: Date): Promise<void>;
  /** Runs `fn` in one transaction for storing an imported draft. */
  draftTransaction<T>(fn: (tx: DraftTransaction) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction over a live plan (publication writes and decisions). */
  publicationTransaction<T>(fn: (tx: PublicationTransaction) => Promise<T>): Promise<T>;
}

/** The unit directories plans resolve against (src/app/units.ts over the database). */
export interface PlanDirectories {
  /**
   * The directory of `province` as stored; when there is none yet and config/units ships one, it is imported first
   * unless `seed` is false. `undefined` when neither exists.
   */
  provinceDirectory(province: string, options?: { seed?: boolean }): Promise<{ directory: UnitDirectory; seeded: boolean } | undefined>;
  /** Provinces the importer recognises by name. */
  knownProvinces(): Promise<KnownProvince[]>;
}

/** What every plan use case takes. */
export interface PlanPorts {
  plans: PlanStore;
  directories: PlanDirectories;
}
