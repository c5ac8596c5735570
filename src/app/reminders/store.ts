/**
 * The persistence port of the reminder pipeline. PostgreSQL (src/db/reminder-store.ts) implements it; every
 * state transition of a reminder row is one conditional statement, so concurrent workers and reconcilers never
 * both win.
 */
import type { MissedRow, CatchUpDecision } from '../../domain/reminders/catch-up.js';
import type { DueItemState, ExistingReminder, Recipient, Recipients, ReminderPlanDiff } from '../../domain/reminders/plan.js';

export interface DueItemToPlan {
  id: number;
  revision: number;
  dueDate: string | null;
  state: DueItemState;
  role: 'lead' | 'support';
  unitId: number;
  province: string;
  planId: number;
  /** The plan fingerprint stored when the item's rows were last planned (src/app/reminders/fingerprint.ts); null or absent = unknown. */
  planFingerprint?: string | null;
}

export interface ProvinceRecipients {
  byUnit: Map<number, Pick<Recipients, 'focal' | 'unitChats' | 'head'>>;
  coordinator: Map<string, Recipient[]>;
  leadership: Map<string, Recipient[]>;
}

export interface ItemPlanChange {
  itemId: number;
  /** The revision the plan was computed from: the change is dropped if the item moved on meanwhile. */
  revision: number;
  diff: ReminderPlanDiff;
  /**
   * Stored with the item when the change applies. Always one: an item without a fingerprint is one never planned,
   * which the next replan plans (`dueItemsToPlan`).
   */
  fingerprint: string;
}

export interface ApplyPlanResult {
  inserted: number;
  rescheduled: number;
  cancelled: number;
  /** Items whose revision changed while planning: left for the next pass. */
  stale: number;
}

export interface ClaimedReminder {
  id: number;
  kind: string;
  step: string;
  dueItemId: number | null;
  recipientChatId: string;
  attempt: number;
  possibleDuplicate: boolean;
  payload: Record<string, unknown>;
  /** The row's planned instant (for the lateness metric); stores may omit it. */
  plannedAt?: Date;
}

/** Everything a reminder message says, loaded at send time from the current state. */
export interface ReminderMessageModel {
  reminderId: number;
  kind: string;
  step: string;
  recipientChatId: string;
  locale: string;
  possibleDuplicate: boolean;
  late: boolean;
  item?: {
    id: number;
    state: DueItemState;
    dueDate: string | null;
    role: 'lead' | 'support';
    occurrenceLabel: string;
    unitName: string;
    taskNumber: string;
    taskTitle: string;
    planTitle: string;
    /** For lead items: support units of the same occurrence that have not delivered. */
    supportMissing: string[];
    /** For support items: the lead's due day. */
    leadDueDate: string | null;
  };
  /** Escalations: earlier reminders sent for the item. */
  history: { sentAt: string; audience: string }[];
  /** Late notices: the items consolidated into this message. */
  lateItems: { taskNumber: string; taskTitle: string; dueDate: string | null; state: DueItemState }[];
  /** Nudges: whether the reminder they follow was acknowledged. */
  precedingAcknowledged: boolean;
}

export type FinishStatus = 'sent' | 'failed' | 'unknown' | 'cancelled' | 'skipped';

/** The chased, dated items of one unit in one province's plans, due in one year: their plan fingerprints share a part. */
export interface PlanGroup {
  unitId: number;
  province: string;
  /** The due day's year. */
  year: number;
}

/** A unit whose recipients changed, as read: the mark is consumed only if it was not renewed meanwhile. */
export interface UnitMark {
  unitId: number;
  /** Opaque; grows with every new mark of the unit. */
  seq: string;
}

/** Items of a marked unit's group, counted by the shared part of their stored plan fingerprints. */
export interface MarkedGroup extends PlanGroup {
  /** The shared part (before the first `|`) of the stored fingerprints; null when never planned. */
  stored: string | null;
  items: number;
}

export interface RecipientChanges {
  marks: UnitMark[];
  /** For every marked unit: its chased, dated items of published plans, by group and stored shared part. */
  groups: MarkedGroup[];
}

export interface ReminderStore {
  /**
   * Items waiting to be planned, oldest id first: those marked because they changed (or are new), at the revision
   * they were marked at. `applyPlan` consumes the mark.
   */
  dueItemsToPlan(limit: number): Promise<DueItemToPlan[]>;
  /**
   * Optional (src/app/reminders/README.md, "Replanning cost"): the units whose recipients changed since they were
   * last consumed, and their items grouped as their fingerprints share a part. Reads; writes nothing. A store
   * without it marks the affected items themselves when recipients change (the in-memory store's recipients
   * never change).
   */
  recipientChanges?(): Promise<RecipientChanges>;
  /**
   * Consumes `marks` (each only if not renewed since it was read) and, in the same transaction, marks for planning
   * every chased, dated item of the `changed` groups whose stored fingerprint is not the one composed from the
   * group's new shared part (`<shared>|<due day>|<l or s>`, or `empty`). Returns how many items it marked.
   */
  consumeRecipientChanges?(marks: readonly UnitMark[], changed: readonly (PlanGroup & { fingerprint: string })[]): Promise<number>;
  recipients(unitIds: readonly number[], provinces: readonly string[]): Promise<ProvinceRecipients>;
  existingReminders(dueItemIds: readonly number[]): Promise<(ExistingReminder & { dueItemId: number })[]>;
  applyPlan(changes: readonly ItemPlanChange[]): Promise<ApplyPlanResult>;
  /** Planned rows due up to `untilMs`, oldest first; with `onlyNew`, only rows not yet put into the queue. */
  plannedUntil(untilMs: number, limit: number, onlyNew?: boolean): Promise<{ id: number; plannedAtMs: number }[]>;
  /** Records that these rows' jobs (for their current planned instant) are in the queue. */
  markEnqueued(ids: readonly number[], at: Date): Promise<void>;
  /** The queue generation last written (0 when never). */
  queueGeneration(): Promise<number>;
  setQueueGeneration(generation: number): Promise<void>;
  /**
   * planned → sending, never before the planned instant (a job left over from an earlier schedule of a row that
   * was moved later finds nothing to claim). Null when not claimable.
   */
  claim(id: number, token: string, now: Date): Promise<ClaimedReminder | null>;
  messageModel(id: number): Promise<ReminderMessageModel | null>;
  /** sending → status, only for the holder of `token`. Records the Telegram message id with `sent`. */
  finish(id: number, token: string, status: FinishStatus, details: { messageId?: number; sentAt?: Date; error?: string }): Promise<boolean>;
  /** sending → planned (a rate limit or pacing wait): no attempt is lost, nothing was sent. */
  release(id: number, token: string): Promise<boolean>;
  /** Marks a chat inactive and bumps the revision of every due item it received reminders for. */
  deactivateChat(chatId: string, reason: string): Promise<{ affectedItems: number; unitIds: number[] }>;
  /** Coordinators of the provinces of `unitIds` (for notices). */
  coordinatorChatsForUnits(unitIds: readonly number[]): Promise<Recipient[]>;
  /** Inserts ad-hoc notice rows planned at `at`. Returns their ids. */
  insertNotices(rows: readonly { chatId: string; dedupeKey: string; text: string }[], at: Date): Promise<number[]>;
  /**
   * Rows among `ids` still `planned` (never claimed) and due since `dueBefore` at least: planned again at `now`,
   * to be enqueued afresh. Their job is held by a worker that died before claiming them
   * ({@link ReminderQueue.abandonedSends}); the new instant gives a new job id, and whichever job claims the row
   * first sends it. A row planned again recently (by this or by the unknown-outcome path) is due after
   * `dueBefore`, so the dead job, still listed until BullMQ releases it, does not re-plan it at every tick.
   * Returns the count.
   */
  requeueUnclaimed(ids: readonly number[], now: Date, dueBefore: Date): Promise<number>;
  /** `sending` rows claimed before `before` (worker died mid-send) → `unknown`. */
  markStaleSendingUnknown(before: Date): Promise<number>;
  /**
   * Resolves `unknown` rows: cancelled when the item is no longer chased, else planned again as a possible
   * duplicate — now when the original instant is within `graceMs`, else at `window`.
   */
  resolveUnknown(now: Date, window: Date, graceMs: number): Promise<{ requeued: number; cancelled: number }>;
  missedRows(before: Date, limit: number): Promise<MissedRow[]>;
  /** Applies the catch-up decision; late rows and consolidated notices go out at `at` (the next send window). */
  applyCatchUp(decision: CatchUpDecision, at: Date): Promise<{ superseded: number; late: number; notices: number }>;
  /** `open` items whose due day has passed (`today` local) become `overdue`. Returns the count. */
  markOverdue(today: string): Promise<number>;
  /** Cancels planned rows of items that are no longer chased (done, waived …) — belt and braces for replanning. */
  cancelForClosedItems(): Promise<number>;
}
