/**
 * The persistence port of the Telegram bot's use cases. PostgreSQL (src/db/bot-store.ts) implements it. Every
 * state change is one transaction with a conditional update as its guard (a double press or a replayed update
 * finds nothing left to change) and writes its audit row in the same transaction.
 */
import type { Evidence } from './evidence.js';

/** The per-plan settings the bot reads (the rest of `plans.settings` is the reminder pipeline's). */
export interface BotPlanSettings {
  completionNeedsApproval?: boolean;
}

/** A role a person holds in a unit (`focal` = cán bộ đầu mối, the unit's contact for plan work). */
export type MemberRole = 'focal' | 'head' | 'leader' | 'coordinator';
export const MEMBER_ROLES: readonly MemberRole[] = ['focal', 'head', 'leader', 'coordinator'];

/** States of a due item (see `dueState` in src/db/schema.ts). */
export type DueState = 'waiting' | 'open' | 'overdue' | 'extended' | 'pending_approval' | 'done' | 'waived';

/** States in which a unit is still chased for an item (and may report it done or ask for more time). */
export const ACTIONABLE_STATES: readonly DueState[] = ['open', 'overdue', 'extended'];

/** One active membership of a person. */
export interface Membership {
  id: number;
  unitId: number;
  unitName: string;
  province: string;
  role: MemberRole;
}

/** The person behind a Telegram user, with their active memberships. */
export interface Actor {
  personId: number;
  name: string;
  /** `vi` or `en`. */
  locale: string;
  telegramUserId: string;
  memberships: Membership[];
}

/** A Telegram user as the bot saw them. Ids are decimal strings (they exceed 2^31). */
export interface TelegramUserRef {
  id: string;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

/** A Telegram chat as the bot saw it. */
export interface ChatRef {
  id: string;
  kind: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
}

/** One audit_log row: who did what, to which entity, from which chat, with which outcome. */
export interface AuditEntry {
  /** `bot` (default) or `cli:<user>`. */
  actor?: string;
  actorPersonId?: number | null;
  actorTelegramId?: string | null;
  /** Dotted action name: `invite.redeem`, `item.done`, `extension.approve`, `callback.forged`… */
  action: string;
  entity?: string;
  entityId?: string | number;
  chatId?: string | null;
  outcome: 'ok' | 'refused' | 'error';
  details?: Record<string, unknown>;
}

/** A stored inline-button token (callback_data carries only `token`). */
export interface CallbackTokenRecord {
  token: string;
  action: string;
  dueItemId: number | null;
  payload: Record<string, unknown>;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A token to store. */
export interface CallbackTokenSpec {
  token: string;
  action: string;
  dueItemId?: number | null;
  payload?: Record<string, unknown>;
  expiresAt: Date;
}

/** What the bot waits for from one user in one chat. */
export interface PendingInput {
  chatId: string;
  userId: string;
  kind: PendingInputKind;
  dueItemId: number | null;
  payload: Record<string, unknown>;
  expiresAt: Date;
}

export type PendingInputKind =
  | 'evidence'
  | 'extension_reason'
  | 'extension_date'
  | 'progress'
  | 'counter_date'
  | 'event_details'
  | 'manual_date';

/** A due item with everything lists, details and decisions need. Dates are 'YYYY-MM-DD'. */
export interface DueItemView {
  id: number;
  state: DueState;
  dueDate: string | null;
  nominalDue: string | null;
  occurrenceKey: string;
  occurrenceLabel: string;
  waitingEvent: string | null;
  revision: number;
  evidence: Evidence | null;
  doneAt: Date | null;
  role: 'lead' | 'support';
  unitId: number;
  unitName: string;
  province: string;
  planId: number;
  planTitle: string;
  planSettings: BotPlanSettings;
  periodStartYear: number;
  periodEndYear: number;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  taskOutput: string | null;
  deadlineText: string | null;
  deadlineRule: Record<string, unknown> | null;
}

/** Another unit's share of the same task occurrence (lead or support). */
export interface SiblingItem {
  dueItemId: number;
  unitId: number;
  unitName: string;
  role: 'lead' | 'support';
  state: DueState;
  dueDate: string | null;
}

/** One extension request, as kept in the history. */
export interface ExtensionRecord {
  id: number;
  dueItemId: number;
  status: 'pending' | 'approved' | 'rejected' | 'countered' | 'withdrawn';
  reason: string;
  proposedDate: string;
  previousDueDate: string | null;
  counterDate: string | null;
  requestedByName: string | null;
  decidedByName: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

/** A progress note. */
export interface NoteRecord {
  text: string;
  personName: string | null;
  createdAt: Date;
}

/** Everything the 📄 Chi tiết view shows. */
export interface DueItemDetail {
  item: DueItemView;
  siblings: SiblingItem[];
  extensions: ExtensionRecord[];
  notes: NoteRecord[];
}

/** A chat to notify, with the language of its person (groups: Vietnamese). */
export interface NotifyTarget {
  chatId: string;
  locale: string;
  personId: number | null;
}

/** Filters of the focal point's lists. */
export interface ItemListFilter {
  /** Only items due on or before this day. */
  dueTo?: string;
  /** Only items due on or after this day. */
  dueFrom?: string;
  /** Only items whose due day is before this day (overdue). */
  dueBefore?: string;
  /** Include items awaiting the coordinator's approval. Default true. */
  includePending?: boolean;
}

/** Outcome of redeeming an invite. */
export type RedeemInviteResult =
  | { status: 'invalid' | 'expired' | 'used' }
  | {
      status: 'ok';
      unitId: number;
      unitName: string;
      province: string;
      role: MemberRole;
      /** Bound a group chat to the unit (instead of a person). */
      group: boolean;
      personId: number | null;
      /** Units marked for the reminder planner because their recipients changed (`replan_units`). */
      bumped: number;
      openItems: number;
    };

/** Input of {@link BotStore.redeemInvite}. */
export interface RedeemInviteInput {
  tokenHash: string;
  user: TelegramUserRef;
  chat: ChatRef;
  now: Date;
}

/** Outcome of a completion report. */
export type CompleteItemResult =
  | { status: 'ok'; state: 'done' | 'pending_approval'; item: DueItemView }
  | { status: 'not_actionable'; state: DueState };

/** Outcome of a coordinator's decision on a completion. */
export type DecideCompletionResult =
  | { status: 'ok'; state: DueState; item: DueItemView; reporterPersonId: number | null }
  | { status: 'not_pending'; state: DueState };

/** A decision on an extension request. */
export type ExtensionDecision =
  | { kind: 'approve'; nominalDue: string; dueDate: string; dueAt: string }
  | { kind: 'counter'; nominalDue: string; dueDate: string; dueAt: string }
  | { kind: 'reject' };

/** Outcome of {@link BotStore.decideExtension}. */
export type DecideExtensionResult =
  | { status: 'ok'; request: ExtensionRecord; item: DueItemView; requestedByPersonId: number | null; moved: boolean }
  | { status: 'not_pending'; request: ExtensionRecord | null };

/** A due item waiting for an event, with what is needed to date it. */
export interface WaitingItem {
  id: number;
  revision: number;
  occurrenceKey: string;
  occurrenceLabel: string;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  unitId: number;
  deadlineRule: Record<string, unknown> | null;
  periodStartYear: number;
  periodEndYear: number;
}

/** An event type some items of a province are waiting for. */
/** An event type that deadlines of the province's published tasks count from. */
export interface WaitingEventType {
  slug: string;
  /** The event phrase as read from a task's deadline cell. */
  eventText: string | null;
  /** Items waiting for its first occurrence. */
  items: number;
  /** Published tasks whose deadline counts from it. */
  tasks: number;
}

/**
 * An assignment whose task counts a deadline from an event and that has no item waiting for it any more (an
 * earlier event of the type dated it): a new occurrence of the event gives it a new due item.
 */
export interface EventRepeatTarget {
  assignmentId: number;
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  deadlineRule: Record<string, unknown> | null;
  periodStartYear: number;
  periodEndYear: number;
  /** The days the unit exists (an item due outside them is not created). */
  unitEffectiveFrom: string | null;
  unitEffectiveTo: string | null;
}

/** A due item created by a repeated event. */
export interface NewEventItem {
  assignmentId: number;
  occurrenceKey: string;
  label: string;
  windowStart: string | null;
  nominalDue: string;
  dueDate: string;
  dueAt: string;
}

/** An on-demand task with items waiting for a date. */
export interface WaitingManualTask {
  taskId: number;
  taskNumber: string;
  taskTitle: string;
  planTitle: string;
  items: number;
}

/** New dates for one waiting item. */
export interface ItemDating {
  id: number;
  /** The revision the dates were computed from (the update is skipped if the item moved on). */
  revision: number;
  nominalDue: string;
  dueDate: string;
  dueAt: string;
  windowStart: string | null;
  label: string;
  /**
   * The key the item takes once dated (`p<part>-<nominal due>`, what the deadline engine gives an event
   * occurrence), so that publishing again finds it; kept when another item of the assignment has it already.
   */
  occurrenceKey?: string;
}

/** Province figures for /tongquan. */
export interface ProvinceOverview {
  byState: Record<string, number>;
  overdue: number;
  dueNext7: number;
  pendingExtensions: number;
  topOverdueUnits: { unitName: string; count: number }[];
}

/** What /duyet lists. */
export interface PendingApprovals {
  completions: DueItemView[];
  extensions: (ExtensionRecord & { item: DueItemView })[];
}

/** A member of a unit, as /thuhoi lists them. */
export interface MemberRecord {
  membershipId: number;
  personId: number;
  personName: string;
  unitId: number;
  unitName: string;
  province: string;
  role: MemberRole;
}

/** Persistence of the bot. All ids of Telegram are decimal strings. */
export interface BotStore {
  /** Records an update id; false when it was already recorded (a replay). */
  markUpdateProcessed(updateId: number): Promise<boolean>;
  /** Forgets an update id after a failure, so Telegram's redelivery is handled. */
  forgetUpdate(updateId: number): Promise<void>;

  findActor(telegramUserId: string): Promise<Actor | null>;
  audit(entry: AuditEntry): Promise<void>;

  redeemInvite(input: RedeemInviteInput): Promise<RedeemInviteResult>;
  findUnit(province: string, ref: string): Promise<{ id: number; name: string; province: string; code: string } | null>;
  createInvite(
    input: { tokenHash: string; unitId: number; role: MemberRole; expiresAt: Date; createdBy: string },
    audit: AuditEntry,
  ): Promise<number>;
  /** Deactivates every active membership of a person; marks their units for the reminder planner. */
  leave(personId: number, audit: AuditEntry): Promise<{ memberships: number; bumped: number }>;
  membersOfUnit(province: string, unitRef: string): Promise<MemberRecord[]>;
  revokeMembership(membershipId: number, province: string, audit: AuditEntry): Promise<{ revoked: MemberRecord | null; bumped: number }>;

  issueTokens(specs: readonly CallbackTokenSpec[]): Promise<void>;
  readToken(token: string): Promise<CallbackTokenRecord | null>;
  /** Marks a token used if it was not; false when it already was. */
  useToken(token: string, now: Date): Promise<boolean>;

  /** Sets `acknowledged_at` of the reminder (by id, or by the chat and message it was sent as). */
  acknowledgeReminder(input: { reminderId?: number; chatId: string; messageId?: number; now: Date }): Promise<number>;
  /** The due item a reminder message in a chat is about. */
  reminderItemByMessage(chatId: string, messageId: number): Promise<{ reminderId: number; dueItemId: number | null } | null>;

  setPendingInput(input: PendingInput): Promise<void>;
  getPendingInput(chatId: string, userId: string, now: Date): Promise<PendingInput | null>;
  clearPendingInput(chatId: string, userId: string): Promise<void>;

  loadItem(id: number): Promise<DueItemView | null>;
  listItems(unitIds: readonly number[], filter: ItemListFilter, limit: number): Promise<{ items: DueItemView[]; total: number }>;
  itemDetail(id: number): Promise<DueItemDetail | null>;

  completeItem(input: {
    itemId: number;
    personId: number;
    evidence: Evidence;
    needsApproval: boolean;
    now: Date;
    audit: AuditEntry;
  }): Promise<CompleteItemResult>;
  decideCompletion(input: {
    itemId: number;
    approve: boolean;
    personId: number;
    now: Date;
    audit: AuditEntry;
  }): Promise<DecideCompletionResult>;

  pendingExtension(itemId: number): Promise<ExtensionRecord | null>;
  loadExtension(id: number): Promise<ExtensionRecord | null>;
  createExtensionRequest(input: {
    itemId: number;
    personId: number;
    reason: string;
    proposedDate: string;
    now: Date;
    audit: AuditEntry;
  }): Promise<{ status: 'ok'; request: ExtensionRecord } | { status: 'already_pending'; request: ExtensionRecord } | { status: 'not_actionable'; state: DueState }>;
  decideExtension(input: {
    requestId: number;
    decision: ExtensionDecision;
    personId: number;
    note?: string;
    now: Date;
    audit: AuditEntry;
  }): Promise<DecideExtensionResult>;

  addNote(input: { itemId: number; personId: number; text: string; now: Date; audit: AuditEntry }): Promise<void>;

  /** Active private chats of a unit's members in `roles` (and, with `groups`, the unit's group chats). */
  unitTargets(unitId: number, roles: readonly MemberRole[], groups: boolean): Promise<NotifyTarget[]>;
  /** Active private chats of the province's members in `role`. */
  provinceTargets(province: string, role: 'coordinator' | 'leader'): Promise<NotifyTarget[]>;
  personTargets(personId: number): Promise<NotifyTarget[]>;

  /** Event types the deadlines of published tasks count from, with how many items wait for each. */
  eventTypes(province: string): Promise<WaitingEventType[]>;
  /** Assignments that a new occurrence of the event gives a new item (see {@link EventRepeatTarget}). */
  eventRepeatTargets(province: string, slug: string): Promise<EventRepeatTarget[]>;
  waitingForEvent(province: string, slug: string): Promise<WaitingItem[]>;
  /**
   * Inserts the event, dates the waiting items (each only if still waiting at its revision) and creates the items
   * of a repeated event (an existing (assignment, key) is left alone). An event of the same type and day that was
   * recorded already changes nothing: `duplicate`.
   */
  recordEvent(input: {
    province: string;
    slug: string;
    date: string;
    reference: string | null;
    recordedBy: string;
    datings: readonly ItemDating[];
    inserts: readonly NewEventItem[];
    audit: AuditEntry;
  }): Promise<{ eventId: number; dated: number; created: number; duplicate: boolean }>;
  waitingManualTasks(province: string): Promise<WaitingManualTask[]>;
  waitingManualItems(province: string, taskId: number): Promise<WaitingItem[]>;
  /** Sets the task's manual due date and dates its waiting on-demand items. */
  setManualDate(input: { taskId: number; date: string; datings: readonly ItemDating[]; audit: AuditEntry }): Promise<{ dated: number }>;

  pendingApprovals(province: string, limit: number): Promise<PendingApprovals>;
  overview(province: string, today: string, in7: string): Promise<ProvinceOverview>;

  /** Marks a chat inactive; bumps chased items its person's units or its unit had. False if it was inactive. */
  deactivateChat(chatId: string, reason: string, audit: AuditEntry): Promise<{ changed: boolean; bumped: number }>;
  reactivateChat(chatId: string, audit: AuditEntry): Promise<{ changed: boolean; bumped: number }>;

  /** Deletes processed update ids, expired tokens and pending inputs older than `before`. */
  prune(before: Date): Promise<{ updates: number; tokens: number; inputs: number }>;
}
