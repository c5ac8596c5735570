/**
 * The reminder pipeline's use cases: plan rows from due items, put the rolling horizon into the queue, deliver
 * one row, and reconcile after anything went wrong. See src/app/reminders/README.md for the guarantees.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { Clock } from '../../domain/clock.js';
import { memoize } from '../../domain/memo.js';
import { CATCH_UP_GRACE_MS, decideCatchUp } from '../../domain/reminders/catch-up.js';
import {
  CHASED_STATES,
  diffReminderPlan,
  nextSendWindow,
  planReminders,
  type Recipients,
  type ReminderPlanDiff,
  type ReminderPolicy,
} from '../../domain/reminders/plan.js';
import type { Translate } from '../../i18n/translator.js';
import type { Logger } from '../../infra/logger.js';
import { DeliveryError, type ChatPacer, type MessageButton, type Notifier, type ReminderQueue, type SendGate } from '../ports.js';
import { renderReminder } from './render.js';
import { renderSubject } from '../channels/subject.js';
import { PlanFingerprints } from './fingerprint.js';
import type { ReminderMetrics } from './metrics.js';
import type { DueItemToPlan, ItemPlanChange, PlanGroup, ReminderStore } from './store.js';

export interface ReminderServiceDeps {
  store: ReminderStore;
  queue: ReminderQueue;
  notifier: Notifier;
  /** Per-chat pacing (1/s private, 20/min groups), shared by every worker process. */
  pacer: ChatPacer;
  /**
   * Telegram's overall limit, admitted immediately before the request (after rendering and the button query), shared
   * by every worker process: BullMQ's limiter spaces job starts, but the time from start to send varies, and
   * Telegram counts sends in any sliding second.
   */
  sendGate?: SendGate;
  /**
   * The clock the send gate counts with. Telegram's overall limit is in real seconds, whatever the business clock
   * says (a simulation or a test moves `clock` by hand; the gate must still space real requests). Default: `clock`.
   */
  gateClock?: Clock;
  calendar: WorkingCalendar;
  policy: ReminderPolicy;
  /** Working hours ('HH:mm'): late notices, resends and notices wait for them (see nextSendWindow). */
  workingHours: { start: string; end: string };
  /** How far ahead planned rows are put into the queue. */
  horizonMs: number;
  clock: Clock;
  t: Translate;
  logger: Logger;
  /** Inline buttons for reminder messages (provided by the bot); none when absent. */
  buttons?: {
    forReminder(args: { reminderId: number; dueItemId: number; recipientChatId: string; locale: string; kind: string }): Promise<MessageButton[][]>;
  };
  /** Waits (pacing); injected so tests and the simulator control time. Default: a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest per-chat pacing wait spent inside one job; longer waits re-delay the job. Default 2000 ms. */
  maxInlineWaitMs?: number;
  /** A `sending` row older than this is considered abandoned by a dead worker. Default 2 minutes. */
  sendLeaseMs?: number;
  /** Rows per slice of `enqueueHorizon` (tests make it small to cross slices with few rows). Default 20 000. */
  enqueueSliceRows?: number;
  /**
   * The longest wait for Telegram's answer to one send, in-process 429 retries included; it is further cut so the
   * send settles inside the lease ({@link sendBudgetMs}). Default 10 000 ms.
   */
  sendTimeoutMs?: number;
  /** Counters and the lateness histogram for `/metrics` (src/infra/metrics.ts); none when absent. */
  metrics?: ReminderMetrics;
  /**
   * Channel fallback (src/app/channels/admin.ts): reminders unacknowledged past `CHANNEL_FALLBACK_AFTER` go again
   * on the person's next channel, planned at `at` (the next send window). Run by the reconciler; none when absent.
   */
  channels?: { fallbackUnacknowledged(at: Date): Promise<number> };
}

/** Default of {@link ReminderServiceDeps.sendTimeoutMs}. */
export const DEFAULT_SEND_TIMEOUT_MS = 10_000;

/**
 * What a claim keeps back of its lease for recording the outcome after the send: a fifth of the lease, at most 5 s.
 */
export function leaseMarginMs(leaseMs: number): number {
  return Math.min(5000, Math.floor(leaseMs / 5));
}

/**
 * How long a send claimed at `claimedAtMs` may take from `nowMs`: the send timeout, cut so that the send (with any
 * 429 retries) settles and is recorded before the lease runs out. Past the lease the reconciler would call the row
 * abandoned and resend it while this send still goes through: a duplicate. ≤ 0 means no time is left.
 */
export function sendBudgetMs(claimedAtMs: number, nowMs: number, leaseMs: number, sendTimeoutMs: number): number {
  return Math.min(sendTimeoutMs, claimedAtMs + leaseMs - leaseMarginMs(leaseMs) - nowMs);
}

export type DeliveryOutcome =
  | { outcome: 'sent'; messageId: number }
  | { outcome: 'not_claimable' }
  | { outcome: 'cancelled' | 'skipped' | 'failed' | 'unknown'; reason: string }
  | { outcome: 'retry_later'; delayMs: number; reason: string };

export interface ReplanReport {
  items: number;
  inserted: number;
  rescheduled: number;
  cancelled: number;
  stale: number;
  /** Items whose plan fingerprint had not changed: marked planned without reading or writing their rows. */
  unchanged: number;
}

export interface ReconcileReport {
  staleSending: number;
  /** Rows whose job a dead worker held before claiming them, planned again at once. */
  abandonedRequeued: number;
  unknownRequeued: number;
  unknownCancelled: number;
  closedCancelled: number;
  /** Items that became overdue. */
  overdue: number;
  replan: ReplanReport;
  superseded: number;
  late: number;
  lateNotices: number;
  enqueued: number;
}

const PLAN_BATCH = 2000;
/** Rows per slice of `enqueueHorizon`: added to the queue, then marked enqueued while the next slice is added. */
const ENQUEUE_SLICE_ROWS = 20_000;
const EMPTY_DIFF: ReminderPlanDiff = { insert: [], reschedule: [], cancel: [] };

export class ReminderService {
  readonly #d: ReminderServiceDeps;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(deps: ReminderServiceDeps) {
    this.#d = deps;
    this.#sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Plans reminder rows for what changed since the last replan (src/app/reminders/README.md, "Replanning cost"):
   * units whose recipients changed are checked group by group against the plan fingerprints stored with their
   * items, and only items whose fingerprint differs are marked; then every marked item is read, planned and
   * diffed, in batches. An item whose fingerprint is the one stored with its rows only loses its mark: its rows
   * are not read and nothing is recomputed.
   */
  async replan(): Promise<ReplanReport> {
    const { store, calendar, policy } = this.#d;
    const report: ReplanReport = { items: 0, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0, unchanged: 0 };
    if (store.recipientChanges && store.consumeRecipientChanges) {
      const { marks, groups } = await store.recipientChanges();
      if (marks.length > 0) {
        const changed: (PlanGroup & { fingerprint: string })[] = [];
        if (groups.length > 0) {
          // The shared part of the fingerprints, once per (unit, province, year); a group is unchanged when every
          // item stored it. Items of changed groups are marked (only those whose fingerprint differs) and planned below.
          const recipients = await store.recipients([...new Set(groups.map((g) => g.unitId))], [...new Set(groups.map((g) => g.province))]);
          const fingerprints = new PlanFingerprints(calendar, policy);
          const noRecipients = { focal: [], unitChats: [], head: [] };
          const byKey = new Map<string, PlanGroup & { fingerprint: string; same: number; differ: boolean }>();
          for (const g of groups) {
            const key = `${g.unitId}|${g.province}|${g.year}`;
            let entry = byKey.get(key);
            if (!entry) {
              const fingerprint = fingerprints.shared(g.unitId, g.province, g.year, {
                ...(recipients.byUnit.get(g.unitId) ?? noRecipients),
                coordinator: recipients.coordinator.get(g.province) ?? [],
                leadership: recipients.leadership.get(g.province) ?? [],
              });
              byKey.set(key, (entry = { unitId: g.unitId, province: g.province, year: g.year, fingerprint, same: 0, differ: false }));
            }
            if (g.stored === entry.fingerprint) entry.same += g.items;
            else entry.differ = true;
          }
          for (const { same, differ, ...group } of byKey.values()) {
            report.items += same;
            report.unchanged += same;
            if (differ) changed.push(group);
          }
        }
        await store.consumeRecipientChanges(marks, changed);
      }
    }
    for (;;) {
      const items = await store.dueItemsToPlan(PLAN_BATCH);
      if (items.length === 0) break;
      const recipients = await store.recipients([...new Set(items.map((i) => i.unitId))], [...new Set(items.map((i) => i.province))]);
      // Recipients are read per batch, so fingerprints are too: someone joining mid-pass shows in the next batch.
      const fingerprints = new PlanFingerprints(calendar, policy);
      const noRecipients = { focal: [], unitChats: [], head: [] };
      const changes: ItemPlanChange[] = [];
      const toPlan: { item: DueItemToPlan; all: Recipients; fingerprint: string }[] = [];
      for (const item of items) {
        const all = {
          ...(recipients.byUnit.get(item.unitId) ?? noRecipients),
          coordinator: recipients.coordinator.get(item.province) ?? [],
          leadership: recipients.leadership.get(item.province) ?? [],
        };
        const fingerprint = fingerprints.of(item, all);
        if (fingerprint === item.planFingerprint) changes.push({ itemId: item.id, revision: item.revision, diff: EMPTY_DIFF, fingerprint });
        else toPlan.push({ item, all, fingerprint });
      }
      const existing = toPlan.length > 0 ? await store.existingReminders(toPlan.map((p) => p.item.id)) : [];
      const byItem = new Map<number, (typeof existing)[number][]>();
      for (const e of existing) {
        const list = byItem.get(e.dueItemId);
        if (list) list.push(e);
        else byItem.set(e.dueItemId, [e]);
      }
      for (const { item, all, fingerprint } of toPlan) {
        const desired = planReminders(item, all, calendar, policy);
        changes.push({ itemId: item.id, revision: item.revision, diff: diffReminderPlan(byItem.get(item.id) ?? [], desired), fingerprint });
      }
      const res = await store.applyPlan(changes);
      report.items += items.length;
      report.unchanged += items.length - toPlan.length;
      report.inserted += res.inserted;
      report.rescheduled += res.rescheduled;
      report.cancelled += res.cancelled;
      report.stale += res.stale;
      // Stale items were left for the next pass; stop when a whole batch made no progress to avoid spinning. A
      // short batch was the last one (an item marked meanwhile waits for the next replan, which its change asks for).
      if (res.stale === items.length || (items.length < PLAN_BATCH && res.stale === 0)) break;
    }
    this.#d.metrics?.planned(report.inserted);
    return report;
  }

  /**
   * Puts the planned rows due within the horizon into the queue. Normally only rows not yet there (new or moved
   * rows); every row of the horizon when the queue's generation marker is missing or older than the one recorded
   * in PostgreSQL — the queue was flushed, lost, or restored from older data. Idempotent either way: job ids
   * derive from rows.
   */
  async enqueueHorizon(): Promise<number> {
    const { store, queue, clock } = this.#d;
    const now = clock.now();
    const recorded = await store.queueGeneration();
    const onQueue = await queue.generation();
    const full = onQueue === null || onQueue < recorded;
    const rows = await store.plannedUntil(now.getTime() + this.#d.horizonMs, 500_000, !full);
    // In slices: a slice is marked enqueued (PostgreSQL) only once its jobs are in the queue, and while that mark
    // runs the next slice is being added, so the two stores work at the same time instead of one after the other.
    let marking: Promise<void> = Promise.resolve();
    try {
      const sliceRows = this.#d.enqueueSliceRows ?? ENQUEUE_SLICE_ROWS;
      for (let i = 0; i < rows.length; i += sliceRows) {
        const slice = rows.slice(i, i + sliceRows);
        await queue.enqueueSends(slice, (i === 0 ? now : clock.now()).getTime());
        await marking;
        marking = store.markEnqueued(
          slice.map((r) => r.id),
          now,
        );
        // Handled here so that a failure while the next slice is added is not an unhandled rejection; it is
        // still thrown by the `await marking` that follows.
        marking.catch(() => {});
      }
    } finally {
      await marking;
    }
    if (full || rows.length > 0) {
      // PostgreSQL first: a crash between the two writes costs one extra full pass, never a lost job.
      const next = Math.max(recorded, onQueue ?? 0) + 1;
      await store.setQueueGeneration(next);
      await queue.setGeneration(next);
    }
    return rows.length;
  }

  /** The earliest instant a message may go out from `now` (working day, working hours). */
  sendWindow(now: Date = this.#d.clock.now()): Date {
    return nextSendWindow(now, this.#d.calendar, { ...this.#d.policy, workingHours: this.#d.workingHours });
  }

  /** What a change to due items needs: replan, then queue what became due within the horizon. */
  async afterDueItemsChanged(): Promise<void> {
    await this.replan();
    await this.enqueueHorizon();
  }

  /**
   * Sends one reminder row (the `reminders.send` job). At-least-once; see the README for the duplicate window.
   * `unpaced`: the row answers the recipient's own request (`/baocao`), so it does not queue behind the chat's
   * pacing slots, which other rows of that chat may hold far ahead; the overall limit still applies.
   */
  async deliver(reminderId: number, options: { unpaced?: boolean } = {}): Promise<DeliveryOutcome> {
    const { store, clock, pacer, notifier, logger } = this.#d;
    const token = randomUUID();
    const claimedAt = clock.now();
    const claimed = await store.claim(reminderId, token, claimedAt);
    if (!claimed) return { outcome: 'not_claimable' };

    const model = await store.messageModel(reminderId);
    if (!model) {
      await store.finish(reminderId, token, 'failed', { error: 'row vanished' });
      return { outcome: 'failed', reason: 'row vanished' };
    }
    if (model.item && !(CHASED_STATES as readonly string[]).includes(model.item.state)) {
      await store.finish(reminderId, token, 'cancelled', { error: `item is ${model.item.state}` });
      return { outcome: 'cancelled', reason: `item is ${model.item.state}` };
    }
    if (model.kind === 'nudge' && model.precedingAcknowledged) {
      await store.finish(reminderId, token, 'skipped', { error: 'reminder acknowledged' });
      return { outcome: 'skipped', reason: 'reminder acknowledged' };
    }

    const wait = options.unpaced ? 0 : await pacer.reserve(BigInt(claimed.recipientChatId), clock.now());
    if (wait > (this.#d.maxInlineWaitMs ?? 2000)) {
      await store.release(reminderId, token);
      return { outcome: 'retry_later', delayMs: wait, reason: 'chat pacing' };
    }
    if (wait > 0) await this.#sleep(wait);

    const now = clock.now();
    const text = renderReminder(
      model,
      { t: this.#d.t, calendar: this.#d.calendar, today: localDay(now, this.#d.policy.zone), zone: this.#d.policy.zone, supportLeadDays: this.#d.policy.supportLeadDays },
      typeof claimed.payload.text === 'string' ? claimed.payload.text : undefined,
    );
    const buttons =
      this.#d.buttons && model.item && ['reminder', 'nudge', 'escalation'].includes(model.kind)
        ? await this.#d.buttons.forReminder({
            reminderId,
            dueItemId: model.item.id,
            recipientChatId: claimed.recipientChatId,
            locale: model.locale,
            kind: model.kind,
          })
        : undefined;

    if (this.#d.sendGate && !(await this.#admitted(this.#d.sendGate))) {
      await store.release(reminderId, token);
      return { outcome: 'retry_later', delayMs: 0, reason: 'overall send limit' };
    }
    const budgetMs = sendBudgetMs(claimedAt.getTime(), clock.now().getTime(), this.#d.sendLeaseMs ?? 120_000, this.#d.sendTimeoutMs ?? DEFAULT_SEND_TIMEOUT_MS);
    if (budgetMs <= 0) {
      // The lease is nearly spent before sending (a slow database, a long pacing wait): give the claim back.
      await store.release(reminderId, token);
      return { outcome: 'retry_later', delayMs: 0, reason: 'send lease spent before sending' };
    }
    try {
      const png = typeof claimed.payload.png === 'string' ? Buffer.from(claimed.payload.png, 'base64') : undefined;
      const sent = await notifier.send(
        {
          chatId: claimed.recipientChatId,
          text,
          ...(buttons ? { buttons } : {}),
          ...(png ? { photo: { png: new Uint8Array(png), fileName: 'bieu-do.png' } } : {}),
          routing: {
            reminderId,
            kind: model.kind,
            dueItemId: model.item?.id ?? null,
            ...(typeof claimed.payload.channelRank === 'number' ? { minRank: claimed.payload.channelRank } : {}),
            subject: renderSubject(model, this.#d.t),
          },
        },
        {
          budgetMs,
          // Retries after a 429 and a second request (the text after a picture) pass the overall limit too.
          ...(this.#d.sendGate ? { admit: (maxWaitMs: number) => this.#admitted(this.#d.sendGate!, maxWaitMs) } : {}),
          // Every 429 answer is counted, also those retried in-process.
          onRateLimited: () => this.#d.metrics?.rateLimited(),
        },
      );
      const recorded = await store.finish(reminderId, token, 'sent', { messageId: sent.messageId, sentAt: clock.now() });
      if (!recorded) logger.warn('sent, but the claim was lost meanwhile (reconciled as a possible duplicate)', { reminderId });
      this.#d.metrics?.sent({
        latenessMs: claimed.plannedAt ? clock.now().getTime() - claimed.plannedAt.getTime() : null,
        possibleDuplicate: claimed.possibleDuplicate,
      });
      return { outcome: 'sent', messageId: sent.messageId };
    } catch (err) {
      return this.#onSendError(reminderId, token, claimed.recipientChatId, err);
    }
  }

  /** Waits for the overall send gate, at most `limit` (`maxInlineWaitMs`); resolves whether the send was admitted. */
  async #admitted(gate: SendGate, limit = this.#d.maxInlineWaitMs ?? 2000): Promise<boolean> {
    for (let waited = 0; ; ) {
      const wait = await gate.admit((this.#d.gateClock ?? this.#d.clock).now());
      if (wait <= 0) return true;
      if (waited + wait > limit) return false;
      await this.#sleep(wait);
      waited += wait;
    }
  }

  async #onSendError(reminderId: number, token: string, chatId: string, err: unknown): Promise<DeliveryOutcome> {
    const { store, logger } = this.#d;
    const failure = err instanceof DeliveryError ? err.failure : { kind: 'unknown' as const, reason: String((err as Error)?.message ?? err) };
    // A 429 was already counted when it was answered (the notifier's `onRateLimited`).
    if (failure.kind !== 'rate_limited' && failure.kind !== 'not_sent') this.#d.metrics?.failed(failure.kind);
    switch (failure.kind) {
      case 'rate_limited':
        await store.release(reminderId, token);
        return { outcome: 'retry_later', delayMs: failure.retryAfterS * 1000, reason: 'telegram 429' };
      case 'not_sent':
        await store.release(reminderId, token);
        return { outcome: 'retry_later', delayMs: 5000, reason: failure.reason };
      case 'blocked':
      case 'chat_not_found':
      case 'chat_migrated': {
        // The chat first: once the row reads `failed`, the chat is already known to be unreachable.
        const { unitIds } = await store.deactivateChat(chatId, failure.kind);
        await store.finish(reminderId, token, 'failed', { error: failure.reason });
        const coordinators = await store.coordinatorChatsForUnits(unitIds);
        const ids = await store.insertNotices(
          coordinators
            .filter((c) => c.chatId !== chatId)
            .map((c) => ({
              chatId: c.chatId,
              dedupeKey: `notice|chat-inactive|${chatId}|${c.chatId}`,
              text: this.#d.t('vi', 'notice-chat-inactive', { chat: chatId, reason: failure.kind }),
            })),
          this.sendWindow(),
        );
        logger.warn('chat inactive; its reminders move to the unit’s other recipients', { chatId, reason: failure.kind, notices: ids.length });
        await this.afterDueItemsChanged();
        return { outcome: 'failed', reason: failure.kind };
      }
      case 'unknown':
        await store.finish(reminderId, token, 'unknown', { error: failure.reason });
        return { outcome: 'unknown', reason: failure.reason };
      case 'permanent':
        await store.finish(reminderId, token, 'failed', { error: failure.reason });
        return { outcome: 'failed', reason: failure.reason };
    }
  }

  /**
   * The reconciler (cron tick and start-up): abandoned sends → unknown; unknown → resent as possible
   * duplicates or cancelled; replanning; the catch-up policy for missed rows; the horizon back into the queue
   * (whatever the queue lost — a flushed Redis — is re-added, since job ids derive from rows).
   */
  async reconcile(): Promise<ReconcileReport> {
    const { store, clock } = this.#d;
    const now = clock.now();
    const leaseMs = this.#d.sendLeaseMs ?? 120_000;
    const staleSending = await store.markStaleSendingUnknown(new Date(now.getTime() - leaseMs));
    // Jobs taken by a worker that died before claiming their row: the row is still `planned` and its job stays
    // locked until BullMQ's stalled-job check (30 s lock, checked every 30 s: about a minute). Planned again now,
    // the row gets a new job id and goes out with the next tick instead.
    const abandoned = (await this.#d.queue.abandonedSends?.(leaseMs)) ?? [];
    const abandonedRequeued = abandoned.length > 0 ? await store.requeueUnclaimed(abandoned, now, new Date(now.getTime() - leaseMs)) : 0;
    const window = this.sendWindow(now);
    const unknown = await store.resolveUnknown(now, window, CATCH_UP_GRACE_MS);
    const replan = await this.replan();
    const overdue = await store.markOverdue(localDay(now, this.#d.policy.zone));
    const closedCancelled = await store.cancelForClosedItems();
    let superseded = 0;
    let late = 0;
    let lateNotices = 0;
    for (;;) {
      const missed = await store.missedRows(new Date(now.getTime() - CATCH_UP_GRACE_MS), 50_000);
      if (missed.length === 0) break;
      const res = await store.applyCatchUp(decideCatchUp(missed), window);
      superseded += res.superseded;
      late += res.late;
      lateNotices += res.notices;
      if (missed.length < 50_000) break;
    }
    const fallbacks = this.#d.channels ? await this.#d.channels.fallbackUnacknowledged(window) : 0;
    if (fallbacks > 0) this.#d.logger.info('unacknowledged reminders go on the next channel', { rows: fallbacks });
    const enqueued = await this.enqueueHorizon();
    return {
      staleSending,
      abandonedRequeued,
      unknownRequeued: unknown.requeued,
      unknownCancelled: unknown.cancelled,
      closedCancelled,
      overdue,
      replan,
      superseded,
      late,
      lateNotices,
      enqueued,
    };
  }
}

/** Local days by `zone|minute`: every delivery asks, and those of one tick share the minute. */
const localDayOfMinute = memoize((key: string): string => {
  const bar = key.indexOf('|');
  const at = new Date(Number(key.slice(bar + 1)) * 60_000);
  return DateTime.fromJSDate(at, { zone: key.slice(0, bar) }).toISODate() ?? at.toISOString().slice(0, 10);
});

export function localDay(at: Date, zone: string): string {
  return localDayOfMinute(`${zone}|${Math.floor(at.getTime() / 60_000)}`);
}
