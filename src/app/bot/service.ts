/**
 * The bot's use cases behind one object: src/bot handlers call exactly one of these per update and render the
 * outcome. See the modules for each feature.
 */
import { resolveCallback, type PressOrigin, type ResolveOutcome } from './callbacks.js';
import {
  beginCompletion,
  beginProgress,
  decideCompletion,
  type BeginOutcome,
  type DecideCompletionOutcome,
} from './completion.js';
import { ServiceCore, type BotServiceDeps, type Who } from './context.js';
import {
  beginEvent,
  beginManualDate,
  listApprovals,
  listEventTypes,
  listManualTasks,
  recordEventCommand,
  requestDigest,
  showOverview,
  type ApprovalsOutcome,
  type BeginEventOutcome,
  type BeginManualOutcome,
  type DigestOutcome,
  type EventTypesOutcome,
  type ManualTasksOutcome,
  type OverviewOutcome,
  type RecordEventOutcome,
} from './coordination.js';
import {
  beginCounter,
  beginExtension,
  decideExtension,
  type BeginCounterOutcome,
  type BeginExtensionOutcome,
  type DecideExtensionOutcome,
} from './extensions.js';
import { cancelInput, handleMessage, type IncomingMessage, type InputOutcome } from './inputs.js';
import { listItems, showDetail, type DetailOutcome, type ItemListView, type ListOutcome } from './items.js';
import {
  confirmLeave,
  createInvite,
  listMembersToRevoke,
  requestLeave,
  revoke,
  start,
  type CreateInviteInput,
  type CreateInviteOutcome,
  type LeaveOutcome,
  type RevokeListOutcome,
  type RevokeOutcome,
  type StartOutcome,
} from './onboarding.js';
import type { Refused } from './context.js';
import type { Actor, AuditEntry, CallbackTokenRecord } from './store.js';

/** Everything the bot can ask of the application. */
export interface BotService {
  readonly core: ServiceCore;
  /** False when the update was handled before (replay, redelivery). */
  markUpdateProcessed(updateId: number): Promise<boolean>;
  forgetUpdate(updateId: number): Promise<void>;
  findActor(telegramUserId: string): Promise<Actor | null>;
  audit(entry: AuditEntry): Promise<void>;
  /** The bot can no longer write to a chat (blocked, kicked, not found): stop planning reminders to it. */
  chatUnreachable(chatId: string, reason: string, who?: Who): Promise<void>;
  /** The bot was allowed back into a chat (unblocked, re-added). */
  chatReachable(chatId: string, who?: Who): Promise<void>;
  prune(before: Date): Promise<{ updates: number; tokens: number; inputs: number }>;

  /** `sender.isGroupAdmin`: in a group, whether Telegram says the sender administers it. */
  start(who: Who, token: string | undefined, sender?: { isGroupAdmin?: boolean }): Promise<StartOutcome>;
  requestLeave(who: Who): Promise<LeaveOutcome>;
  confirmLeave(who: Who, token: CallbackTokenRecord, confirmed: boolean): Promise<LeaveOutcome | Refused>;
  listMembersToRevoke(who: Who, unitRef: string): Promise<RevokeListOutcome>;
  revoke(who: Who, token: CallbackTokenRecord): Promise<RevokeOutcome>;
  createInvite(input: CreateInviteInput): Promise<CreateInviteOutcome>;

  listItems(who: Who, view: ItemListView): Promise<ListOutcome>;
  showDetail(who: Who, token: CallbackTokenRecord): Promise<DetailOutcome>;

  resolveCallback(who: Who, data: string, origin: PressOrigin | null): Promise<ResolveOutcome>;
  beginCompletion(who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginOutcome>;
  beginProgress(who: Who, token: CallbackTokenRecord): Promise<BeginOutcome>;
  decideCompletion(who: Who, token: CallbackTokenRecord, approve: boolean): Promise<DecideCompletionOutcome>;
  beginExtension(who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginExtensionOutcome>;
  decideExtension(who: Who, token: CallbackTokenRecord, approve: boolean): Promise<DecideExtensionOutcome>;
  beginCounter(who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginCounterOutcome>;

  handleMessage(who: Who, message: IncomingMessage): Promise<InputOutcome>;
  cancelInput(who: Who): Promise<{ kind: 'cancelled' | 'nothing' }>;

  listEventTypes(who: Who): Promise<EventTypesOutcome>;
  recordEventCommand(who: Who, args: string): Promise<RecordEventOutcome>;
  beginEvent(who: Who, token: CallbackTokenRecord): Promise<BeginEventOutcome>;
  listManualTasks(who: Who): Promise<ManualTasksOutcome>;
  beginManualDate(who: Who, token: CallbackTokenRecord): Promise<BeginManualOutcome>;
  listApprovals(who: Who): Promise<ApprovalsOutcome>;
  showOverview(who: Who): Promise<OverviewOutcome>;
  requestDigest(who: Who): Promise<DigestOutcome>;
}

/** Builds the bot's use cases over a store, a clock and the working calendar. */
export function createBotService(deps: BotServiceDeps): BotService {
  const core = new ServiceCore(deps);
  const store = deps.store;
  const systemEntry = (who: Who | undefined, action: string, chatId: string, details: Record<string, unknown>): AuditEntry =>
    who === undefined ? { action, chatId, outcome: 'ok', details } : core.entry(who, action, 'ok', { details });
  return {
    core,
    markUpdateProcessed: (id) => store.markUpdateProcessed(id),
    forgetUpdate: (id) => store.forgetUpdate(id),
    findActor: (id) => store.findActor(id),
    audit: (entry) => store.audit(entry),
    async chatUnreachable(chatId, reason, who) {
      const result = await store.deactivateChat(chatId, reason, systemEntry(who, 'chat.deactivate', chatId, { reason }));
      if (result.bumped > 0) await core.changed();
    },
    async chatReachable(chatId, who) {
      const result = await store.reactivateChat(chatId, systemEntry(who, 'chat.reactivate', chatId, {}));
      if (result.bumped > 0) await core.changed();
    },
    prune: (before) => store.prune(before),

    start: (who, token, sender) => start(core, who, token, sender),
    requestLeave: (who) => requestLeave(core, who),
    confirmLeave: (who, token, confirmed) => confirmLeave(core, who, token.payload, confirmed),
    listMembersToRevoke: (who, unitRef) => listMembersToRevoke(core, who, unitRef),
    revoke: (who, token) => revoke(core, who, token.payload),
    createInvite: (input) => createInvite(core, input),

    listItems: (who, view) => listItems(core, who, view),
    showDetail: (who, token) => showDetail(core, who, token.dueItemId),

    resolveCallback: (who, data, origin) => resolveCallback(core, who, data, origin),
    beginCompletion: (who, token, origin) => beginCompletion(core, who, token, origin),
    beginProgress: (who, token) => beginProgress(core, who, token),
    decideCompletion: (who, token, approve) => decideCompletion(core, who, token, approve),
    beginExtension: (who, token, origin) => beginExtension(core, who, token, origin),
    decideExtension: (who, token, approve) => decideExtension(core, who, token, approve),
    beginCounter: (who, token, origin) => beginCounter(core, who, token, origin),

    handleMessage: (who, message) => handleMessage(core, who, message),
    cancelInput: (who) => cancelInput(core, who),

    listEventTypes: (who) => listEventTypes(core, who),
    recordEventCommand: (who, args) => recordEventCommand(core, who, args),
    beginEvent: (who, token) => beginEvent(core, who, token),
    listManualTasks: (who) => listManualTasks(core, who),
    beginManualDate: (who, token) => beginManualDate(core, who, token),
    listApprovals: (who) => listApprovals(core, who),
    showOverview: (who) => showOverview(core, who),
    requestDigest: (who) => requestDigest(core, who),
  };
}

export type { BotServiceDeps, Who } from './context.js';
