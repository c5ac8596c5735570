/**
 * The web console's `/approvals`: pending completions and extension requests of the province, decided through the
 * bot's own use cases (src/app/bot/completion.ts, extensions.ts) with the bot's rules — only the province's
 * coordinators and leaders decide, only what is still pending, a counter-proposal is a date read like the bot
 * reads one — and the history of decisions (from the audit log).
 * Heads and focal points see their own unit's pending requests and history, and decide nothing.
 */
import { decideCompletionOf, type DecideCompletionOutcome } from '../bot/completion.js';
import { canDecide, type ServiceCore } from '../bot/context.js';
import { decideExtensionRequest, type DecideExtensionOutcome } from '../bot/extensions.js';
import type { PendingApprovals } from '../bot/store.js';
import { seesProvince, type WebSession } from './auth.js';
import { webWho } from './who.js';

/** One decision in the history. */
export interface ApprovalHistoryEntry {
  at: Date;
  /** `item.approve`, `item.reject`, `extension.approve`, `extension.reject`, `extension.counter`. */
  action: string;
  actorName: string | null;
  /** `web` or `bot`. */
  via: string;
  dueItemId: number;
  taskNumber: string;
  taskTitle: string;
  unitName: string;
  /** The new due day of an approved or countered extension. */
  newDueDate: string | null;
}

/** The history port (PostgreSQL: src/db/web-pages-store.ts). */
export interface ApprovalHistoryStore {
  approvalHistory(province: string, unitId: number | undefined, limit: number): Promise<ApprovalHistoryEntry[]>;
}

/** Pending requests listed at most. */
export const WEB_APPROVALS_LIMIT = 200;
/** History rows shown. */
export const WEB_HISTORY_LIMIT = 50;

export interface ApprovalsView {
  today: string;
  pending: PendingApprovals;
  history: ApprovalHistoryEntry[];
  /** The session may decide (coordinator or leader, with a person behind it). */
  mayDecide: boolean;
  /** A coordinator or leader signed in by a CLI link: decisions need a person (a link from the bot's /dangnhap). */
  needsPerson: boolean;
}

export type WebDecision =
  | { kind: 'completion'; itemId: number; approve: boolean }
  | { kind: 'extension'; requestId: number; decision: 'approve' | 'reject' | 'counter'; date?: string };

export type WebDecisionOutcome = DecideCompletionOutcome | DecideExtensionOutcome;

/** A decision that was taken (what the unit is told about). */
export type DecidedOutcome = Extract<DecideCompletionOutcome, { kind: 'decided' }> | Extract<DecideExtensionOutcome, { kind: 'decided' }>;

/** One notice row for the reminder pipeline: `chatId` is the recipient key (the person's Telegram chat). */
export interface DecisionNoticeRow {
  chatId: string;
  dedupeKey: string;
  text: string;
}

/**
 * How the unit hears of a decision taken on the web. The notices are rows of the reminder pipeline (`reminders`,
 * kind `notice`; src/app/reminders/store.ts `insertNotices`): a worker sends them through the channel router
 * (src/app/channels/router.ts) like every other message, with its pacing, retries and fallback to the person's
 * next channel — the web process itself holds no Telegram client. The text is the bot's own notice of the same
 * decision (src/bot/render/work.ts), in each recipient's language.
 */
export interface DecisionNotices {
  /** Queues the rows (existing dedupe keys are skipped); returns the ids of the new rows. */
  insertNotices(rows: readonly DecisionNoticeRow[], at: Date): Promise<number[]>;
  /** The unit's notice of `outcome` in `locale` (`vi` unless `en`). */
  render(outcome: DecidedOutcome, locale: string): string;
}

export interface WebApprovalsDeps {
  core: ServiceCore;
  store: ApprovalHistoryStore;
  /** Without it decisions are not announced (the bot's buttons announce their own). */
  notices?: DecisionNotices;
}

export function createWebApprovals(deps: WebApprovalsDeps) {
  const { core } = deps;

  /**
   * Tells the requester and the unit's focal points and head (the bot's recipients of the same decision), and
   * writes the audit row `approval.notice` naming who was told. Then the pipeline is asked to queue the rows now.
   */
  async function announce(session: WebSession, outcome: DecidedOutcome): Promise<void> {
    const notices = deps.notices;
    if (notices === undefined) return;
    const now = core.now();
    // An extension request is decided once; an item may be decided again after another report, and every decision
    // bumps its revision (the item as the decision left it).
    const ref =
      'decision' in outcome ? `extension-${outcome.request.id}-${outcome.decision}` : `item-${outcome.item.id}-r${outcome.item.revision}-${outcome.approved ? 'approve' : 'reject'}`;
    const rows = outcome.unitTargets.map((t) => ({ chatId: t.chatId, dedupeKey: `notice|decision|${ref}|${t.chatId}`, text: notices.render(outcome, t.locale) }));
    const ids = await notices.insertNotices(rows, now);
    await core.store.audit(
      core.entry(webWho(session), 'approval.notice', 'ok', {
        entity: 'due_item',
        entityId: outcome.item.id,
        details: {
          decision: 'decision' in outcome ? `extension.${outcome.decision}` : outcome.approved ? 'item.approve' : 'item.reject',
          ...('decision' in outcome ? { extensionRequestId: outcome.request.id } : {}),
          recipients: outcome.unitTargets.map((t) => ({ personId: t.personId, chatId: t.chatId })),
          reminderIds: ids,
        },
      }),
    );
    if (ids.length > 0) await core.changed();
  }

  return {
    async list(session: WebSession): Promise<ApprovalsView> {
      const all = await core.store.pendingApprovals(session.province, WEB_APPROVALS_LIMIT);
      const own = seesProvince(session) ? undefined : session.unitId;
      const pending: PendingApprovals =
        own === undefined
          ? all
          : { completions: all.completions.filter((i) => i.unitId === own), extensions: all.extensions.filter((e) => e.item.unitId === own) };
      const mayDecide = canDecide(webWho(session).actor, session.province);
      return {
        today: core.today(),
        pending,
        history: await deps.store.approvalHistory(session.province, own, WEB_HISTORY_LIMIT),
        mayDecide,
        needsPerson: seesProvince(session) && session.personId === null,
      };
    },

    /**
     * One decision, as the signed-in person; refusals are audited by the use case. A decision taken is announced
     * to the unit (see {@link DecisionNotices}).
     */
    async decide(session: WebSession, decision: WebDecision): Promise<WebDecisionOutcome> {
      const who = webWho(session);
      const outcome =
        decision.kind === 'completion'
          ? await decideCompletionOf(core, who, decision.itemId, decision.approve)
          : await decideExtensionRequest(core, who, decision.requestId, decision.decision, decision.date);
        if (outcome.kind === 'decided') {
        // The decision is committed: a notice that cannot be queued is reported, never turned into an error page.
        await announce(session, outcome).catch((error: unknown) => core.deps.onError?.('decision notice not queued', error));
      }
      return outcome;
    },
  };
}
export type WebApprovals = ReturnType<typeof createWebApprovals>;
