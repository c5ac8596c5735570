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

export function createWebApprovals(deps: { core: ServiceCore; store: ApprovalHistoryStore }) {
  return {
    async list(session: WebSession): Promise<ApprovalsView> {
      const all = await deps.core.store.pendingApprovals(session.province, WEB_APPROVALS_LIMIT);
      const own = seesProvince(session) ? undefined : session.unitId;
      const pending: PendingApprovals =
        own === undefined
          ? all
          : { completions: all.completions.filter((i) => i.unitId === own), extensions: all.extensions.filter((e) => e.item.unitId === own) };
      const mayDecide = canDecide(webWho(session).actor, session.province);
      return {
        today: deps.core.today(),
        pending,
        history: await deps.store.approvalHistory(session.province, own, WEB_HISTORY_LIMIT),
        mayDecide,
        needsPerson: seesProvince(session) && session.personId === null,
      };
    },

    /** One decision, as the signed-in person; refusals are audited by the use case. */
    async decide(session: WebSession, decision: WebDecision): Promise<WebDecisionOutcome> {
      const who = webWho(session);
      if (decision.kind === 'completion') return decideCompletionOf(deps.core, who, decision.itemId, decision.approve);
      return decideExtensionRequest(deps.core, who, decision.requestId, decision.decision, decision.date);
    },
  };
}
export type WebApprovals = ReturnType<typeof createWebApprovals>;
