/**
 * What every bot use case shares: its dependencies, who is asking, authorisation checks, tokens and the audit.
 * Use cases never read the clock (they use `deps.clock`) and never talk to Telegram: they return outcomes that
 * src/bot renders and sends.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';
import type { WorkingCalendar } from '../../domain/deadline.js';
import { todayIn } from './dates.js';
import {
  ACTIONABLE_STATES,
  type Actor,
  type AuditEntry,
  type BotStore,
  type CallbackTokenSpec,
  type ChatRef,
  type DueItemView,
  type MemberRole,
  type Membership,
  type TelegramUserRef,
} from './store.js';

/** Dependencies of the bot's use cases. */
export interface BotServiceDeps {
  store: BotStore;
  clock: Clock;
  calendar: WorkingCalendar;
  /** IANA zone of "today" and of due instants (config `domain.timeZone`). */
  timeZone: string;
  /** Whether completions need the coordinator's approval when a plan does not say (config default). */
  completionNeedsApproval: boolean;
  /**
   * Called after any change to due items or to a unit's recipients (the item or the unit was marked for the
   * planner in the same transaction). The composition root wires it to the reminder pipeline's replan + enqueue.
   * Failures are logged, never shown to users: the reconciler replans what is marked anyway.
   */
  afterDueItemsChanged(): Promise<void>;
  /** Where failures of `afterDueItemsChanged` are reported. Default: ignored. */
  onError?: (message: string, error: unknown) => void;
  /** Lifetime of inline-button tokens the bot issues. Default 90 days. */
  tokenTtlMs?: number;
  /** How long the bot waits for an answer to its question (evidence, reason, date). Default 24 hours. */
  pendingInputTtlMs?: number;
  /** Random callback tokens; default 12 random bytes in base64url (16 characters). */
  randomToken?: () => string;
}

/** Default lifetime of inline-button tokens: 90 days. */
export const DEFAULT_TOKEN_TTL_MS = 90 * 24 * 3600 * 1000;
/** Default lifetime of a question the bot asked: 24 hours. */
export const DEFAULT_PENDING_INPUT_TTL_MS = 24 * 3600 * 1000;
/** Shape of every token the bot issues; anything else in callback_data is forged. */
export const CALLBACK_TOKEN_RE = /^[A-Za-z0-9_-]{16}$/;

/** Who is asking: the Telegram user, the chat, and the person they are (null when not onboarded). */
export interface Who {
  actor: Actor | null;
  user: TelegramUserRef;
  chat: ChatRef;
  /**
   * Set when the person writes on another channel than Telegram (Zalo reply commands): `user` and `chat` then carry
   * no Telegram ids (`'0'`), the audit names the channel and its address instead, and no Telegram conversation
   * state (pending questions) is read or written.
   */
  channel?: { kind: 'zalo' | 'email'; address: string };
}

/** A refusal: the sender may not do this. Always audited. */
export interface Refused {
  kind: 'refused';
  reason: 'not_registered' | 'not_allowed';
}

/** The actions behind inline buttons. */
export type CallbackAction =
  | 'done'
  | 'extend'
  | 'progress'
  | 'detail'
  | 'approve_done'
  | 'reject_done'
  | 'ext_approve'
  | 'ext_reject'
  | 'ext_counter'
  | 'event_pick'
  | 'manual_pick'
  | 'leave_confirm'
  | 'leave_cancel'
  | 'revoke';

/** A button the use case offers; src/bot gives it a label. */
export interface ActionButton {
  action: CallbackAction;
  token: string;
  /** For list buttons: the item's position in the list (1-based) or a label argument. */
  index?: number;
}

/** The core every use case module receives. */
export class ServiceCore {
  readonly store: BotStore;
  readonly deps: BotServiceDeps;
  readonly #randomToken: () => string;

  constructor(deps: BotServiceDeps) {
    this.deps = deps;
    this.store = deps.store;
    this.#randomToken = deps.randomToken ?? (() => randomBytes(12).toString('base64url'));
  }

  now(): Date {
    return this.deps.clock.now();
  }

  today(): string {
    return todayIn(this.now(), this.deps.timeZone);
  }

  /** Issues one token per spec (same expiry for all) and returns them in order. */
  async issue(specs: readonly { action: CallbackAction; dueItemId?: number | null; payload?: Record<string, unknown>; index?: number }[]): Promise<ActionButton[]> {
    if (specs.length === 0) return [];
    const expiresAt = new Date(this.now().getTime() + (this.deps.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS));
    const rows: CallbackTokenSpec[] = specs.map((s) => ({
      token: this.#randomToken(),
      action: s.action,
      dueItemId: s.dueItemId ?? null,
      payload: s.payload ?? {},
      expiresAt,
    }));
    await this.store.issueTokens(rows);
    return rows.map((r, i) => ({
      action: r.action as CallbackAction,
      token: r.token,
      ...(specs[i]?.index === undefined ? {} : { index: specs[i].index }),
    }));
  }

  pendingExpiry(): Date {
    return new Date(this.now().getTime() + (this.deps.pendingInputTtlMs ?? DEFAULT_PENDING_INPUT_TTL_MS));
  }

  /** An audit entry for `who` (the caller adds action, entity and outcome). */
  entry(who: Who, action: string, outcome: AuditEntry['outcome'], extra: Partial<AuditEntry> = {}): AuditEntry {
    if (who.channel !== undefined) {
      return {
        actorPersonId: who.actor?.personId ?? null,
        actorTelegramId: null,
        chatId: null,
        action,
        outcome,
        ...extra,
        details: { channel: who.channel.kind, address: who.channel.address, ...extra.details },
      };
    }
    return {
      actorPersonId: who.actor?.personId ?? null,
      actorTelegramId: who.user.id,
      chatId: who.chat.id,
      action,
      outcome,
      ...extra,
    };
  }

  /** Forgets the question the bot asked `who` in Telegram; nothing to forget on other channels. */
  async clearPendingInput(who: Who): Promise<void> {
    if (who.channel !== undefined) return;
    await this.store.clearPendingInput(who.chat.id, who.user.id);
  }

  /** Writes a refusal to the audit log and returns the outcome to render. */
  async refuse(who: Who, action: string, extra: Partial<AuditEntry> = {}): Promise<Refused> {
    const reason = who.actor === null ? 'not_registered' : 'not_allowed';
    await this.store.audit(this.entry(who, action, 'refused', { ...extra, details: { reason, ...extra.details } }));
    return { kind: 'refused', reason };
  }

  /** Tells the reminder pipeline that due items changed; never fails the user's action. */
  async changed(): Promise<void> {
    try {
      await this.deps.afterDueItemsChanged();
    } catch (error) {
      this.deps.onError?.('afterDueItemsChanged failed (the reconciler will replan)', error);
    }
  }

  needsApproval(item: DueItemView): boolean {
    return item.planSettings.completionNeedsApproval ?? this.deps.completionNeedsApproval;
  }
}

/** Memberships of `actor` in `unitId` with one of `roles`. */
export function hasRole(actor: Actor | null, unitId: number, roles: readonly MemberRole[]): boolean {
  return actor !== null && actor.memberships.some((m) => m.unitId === unitId && roles.includes(m.role));
}

/** The province `actor` coordinates (or leads, with `role`), if any. */
export function provinceRole(actor: Actor | null, role: 'coordinator' | 'leader'): Membership | undefined {
  return actor?.memberships.find((m) => m.role === role);
}

/** May report, ask for an extension or note progress on the item: the unit's focal points and head. */
export function canActOn(actor: Actor | null, item: DueItemView): boolean {
  return hasRole(actor, item.unitId, ['focal', 'head']);
}

/** May see the item: any member of an assigned unit, and the province's coordinators and leaders. */
export function canView(actor: Actor | null, item: DueItemView, assignedUnitIds: readonly number[]): boolean {
  if (actor === null) return false;
  return actor.memberships.some(
    (m) =>
      m.unitId === item.unitId ||
      assignedUnitIds.includes(m.unitId) ||
      ((m.role === 'coordinator' || m.role === 'leader') && m.province === item.province),
  );
}

/** Decides approvals (completions, extensions) for the province: its coordinators and leaders (issue #13 §2). */
export function canDecide(actor: Actor | null, province: string): boolean {
  return actor !== null && actor.memberships.some((m) => (m.role === 'coordinator' || m.role === 'leader') && m.province === province);
}

export function isActionable(item: DueItemView): boolean {
  return ACTIONABLE_STATES.includes(item.state);
}

/** Units in which `actor` receives the unit's work (focal points and heads). */
export function workUnits(actor: Actor | null): Membership[] {
  return actor === null ? [] : actor.memberships.filter((m) => m.role === 'focal' || m.role === 'head');
}
