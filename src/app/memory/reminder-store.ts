/**
 * The reminder store port (src/app/reminders/store.ts) over a `MemoryWorld`: what the simulator uses so the real
 * ReminderService runs without a database. It follows the PostgreSQL store statement by statement — the same
 * filters, the same orderings (C collation: plain code-point string order), the same conditional transitions —
 * and tests/integration/reminder-store-contract.test.ts runs one test body against both.
 *
 * Single-threaded: each method runs to completion without yielding, so a transition cannot interleave with
 * another (what PostgreSQL's conditional updates guarantee across processes).
 */
import { taskLabel } from '../../domain/format/task-label.js';
import type { CatchUpDecision, MissedRow } from '../../domain/reminders/catch-up.js';
import type { ExistingReminder, Recipient } from '../../domain/reminders/plan.js';
import type {
  ApplyPlanResult,
  ClaimedReminder,
  DueItemToPlan,
  FinishStatus,
  ItemPlanChange,
  ProvinceRecipients,
  ReminderMessageModel,
  ReminderStore,
} from '../reminders/store.js';
import { CHASED, type MemoryWorld, type WorldReminder } from './world.js';

/** As in the PostgreSQL store: a claim may come this long before the planned instant. */
const EARLY_TOLERANCE_MS = 2_000;
const MEMBER_ROLE_ORDER = { focal: 0, head: 1, leader: 2, coordinator: 3 } as const;

export class MemoryReminderStore implements ReminderStore {
  constructor(private readonly world: MemoryWorld) {}

  async dueItemsToPlan(limit: number): Promise<DueItemToPlan[]> {
    const out: DueItemToPlan[] = [];
    for (const d of this.world.dueItems) {
      if (out.length >= limit) break;
      if (d.plannedRevision === d.revision) continue;
      const { assignment, plan } = this.world.itemContext(d);
      if (plan.status !== 'published') continue;
      out.push({ id: d.id, revision: d.revision, dueDate: d.dueDate, state: d.state, role: assignment.role, unitId: assignment.unitId, province: plan.province, planId: plan.id });
    }
    return out;
  }

  async recipients(unitIds: readonly number[], provinces: readonly string[]): Promise<ProvinceRecipients> {
    const w = this.world;
    const units = new Set(unitIds);
    const provinceSet = new Set(provinces);
    const members: { unitId: number; province: string; role: keyof typeof MEMBER_ROLE_ORDER; chatId: string; personId: number; chatRowId: number }[] = [];
    for (const m of w.memberships) {
      if (!m.active) continue;
      const unit = w.units.get(m.unitId);
      if (!unit) continue;
      if (!units.has(m.unitId) && !((m.role === 'coordinator' || m.role === 'leader') && provinceSet.has(unit.province))) continue;
      const person = w.people.get(m.personId);
      if (!person?.active) continue;
      for (const c of this.world.privateChatsOf(person.id)) members.push({ unitId: m.unitId, province: unit.province, role: m.role, chatId: c.telegramChatId, personId: person.id, chatRowId: c.id });
    }
    members.sort((a, b) => a.unitId - b.unitId || MEMBER_ROLE_ORDER[a.role] - MEMBER_ROLE_ORDER[b.role] || a.personId - b.personId || a.chatRowId - b.chatRowId);
    const result: ProvinceRecipients = { byUnit: new Map(), coordinator: new Map(), leadership: new Map() };
    const unit = (id: number) => {
      let r = result.byUnit.get(id);
      if (!r) result.byUnit.set(id, (r = { focal: [], unitChats: [], head: [] }));
      return r as { focal: Recipient[]; unitChats: Recipient[]; head: Recipient[] };
    };
    for (const id of unitIds) unit(id);
    const pushTo = (map: Map<string, Recipient[]>, key: string, r: Recipient) => {
      const list = map.get(key) ?? [];
      if (!list.some((x) => x.chatId === r.chatId)) list.push(r);
      map.set(key, list);
    };
    for (const m of members) {
      const r = { chatId: m.chatId, personId: m.personId };
      if (m.role === 'coordinator') pushTo(result.coordinator, m.province, r);
      else if (m.role === 'leader') pushTo(result.leadership, m.province, r);
      else if (units.has(m.unitId)) (m.role === 'focal' ? unit(m.unitId).focal : unit(m.unitId).head).push(r);
    }
    const groups = [...w.chats.values()]
      .filter((c) => c.active && (c.kind === 'group' || c.kind === 'supergroup') && c.unitId !== null && units.has(c.unitId))
      .sort((a, b) => a.unitId! - b.unitId! || a.id - b.id);
    for (const g of groups) unit(g.unitId!).unitChats.push({ chatId: g.telegramChatId });
    return result;
  }

  async existingReminders(dueItemIds: readonly number[]): Promise<(ExistingReminder & { dueItemId: number })[]> {
    const out: (ExistingReminder & { dueItemId: number })[] = [];
    for (const id of dueItemIds) {
      for (const r of this.world.remindersByItem.get(id) ?? []) {
        out.push({ id: r.id, dueItemId: id, dedupeKey: r.dedupeKey, status: r.status, plannedAt: new Date(r.plannedAtMs).toISOString() });
      }
    }
    return out;
  }

  async applyPlan(changes: readonly ItemPlanChange[]): Promise<ApplyPlanResult> {
    const w = this.world;
    const result: ApplyPlanResult = { inserted: 0, rescheduled: 0, cancelled: 0, stale: 0 };
    const live: ItemPlanChange[] = [];
    for (const c of changes) {
      const item = w.dueItemById.get(c.itemId);
      if (!item || item.revision !== c.revision) continue;
      item.plannedRevision = c.revision;
      live.push(c);
    }
    result.stale = changes.length - live.length;
    for (const c of live) {
      for (const r of c.diff.insert) {
        const row = w.insertReminder({
          dueItemId: r.dueItemId,
          kind: r.kind,
          step: r.step,
          recipientChatId: r.recipientChatId,
          dedupeKey: r.dedupeKey,
          plannedAtMs: Date.parse(r.plannedAt),
          payload: { audience: r.audience, offset: r.offset },
        });
        if (row) result.inserted++;
      }
    }
    for (const c of live) {
      for (const m of c.diff.reschedule) {
        const r = w.reminders.get(m.id);
        if (!r || (r.status !== 'planned' && r.status !== 'cancelled')) continue;
        w.setReminder(r, { plannedAtMs: Date.parse(m.plannedAt), status: 'planned', enqueuedAtMs: null });
        result.rescheduled++;
      }
    }
    for (const c of live) {
      for (const id of c.diff.cancel) {
        const r = w.reminders.get(id);
        if (!r || r.status !== 'planned') continue;
        w.setReminder(r, { status: 'cancelled' });
        result.cancelled++;
      }
    }
    return result;
  }

  async plannedUntil(untilMs: number, limit: number, onlyNew = false): Promise<{ id: number; plannedAtMs: number }[]> {
    return this.world
      .plannedRows(untilMs, limit, false, onlyNew ? (r) => r.enqueuedAtMs === null : undefined)
      .map((r) => ({ id: r.id, plannedAtMs: r.plannedAtMs }));
  }

  async markEnqueued(ids: readonly number[], at: Date): Promise<void> {
    for (const id of ids) {
      const r = this.world.reminders.get(id);
      if (r) r.enqueuedAtMs = at.getTime();
    }
  }

  async queueGeneration(): Promise<number> {
    return this.world.queueGeneration;
  }

  async setQueueGeneration(generation: number): Promise<void> {
    this.world.queueGeneration = Math.max(this.world.queueGeneration, generation);
  }

  async claim(id: number, token: string, now: Date): Promise<ClaimedReminder | null> {
    const r = this.world.reminders.get(id);
    if (!r || r.status !== 'planned' || r.plannedAtMs > now.getTime() + EARLY_TOLERANCE_MS) return null;
    this.world.setReminder(r, { status: 'sending', attempt: r.attempt + 1, claimToken: token, claimedAtMs: now.getTime() });
    return {
      id: r.id,
      kind: r.kind,
      step: r.step,
      dueItemId: r.dueItemId,
      recipientChatId: r.recipientChatId,
      attempt: r.attempt,
      possibleDuplicate: r.possibleDuplicate,
      payload: cloneJson(r.payload),
    };
  }

  async messageModel(id: number): Promise<ReminderMessageModel | null> {
    const w = this.world;
    const r = w.reminders.get(id);
    if (!r) return null;
    const chat = w.chatByTelegramId.get(r.recipientChatId);
    const person = chat?.personId != null ? w.people.get(chat.personId) : undefined;
    const model: ReminderMessageModel = {
      reminderId: r.id,
      kind: r.kind,
      step: r.step,
      recipientChatId: r.recipientChatId,
      locale: person?.locale ?? 'vi',
      possibleDuplicate: r.possibleDuplicate,
      late: r.payload.late === true,
      history: [],
      lateItems: [],
      precedingAcknowledged: false,
    };
    const item = r.dueItemId === null ? undefined : w.dueItemById.get(r.dueItemId);
    if (item) {
      const { assignment, unit, task, plan } = w.itemContext(item);
      const siblings = w.sameOccurrence(item);
      const sameOccurrence = (role: 'lead' | 'support') => siblings.filter(({ a }) => a.role === role);
      let supportMissing: string[] = [];
      let leadDueDate: string | null = null;
      if (assignment.role === 'lead') {
        supportMissing = sameOccurrence('support')
          .filter(({ d }) => d.state !== 'done' && d.state !== 'waived')
          .map(({ a }) => w.units.get(a.unitId)!.name)
          .sort(byCodePoint);
      } else {
        // `order by due_date limit 1`: nulls sort last.
        const dues = sameOccurrence('lead')
          .map(({ d }) => d.dueDate)
          .filter((d): d is string => d !== null);
        leadDueDate = dues.sort(byCodePoint)[0] ?? null;
      }
      model.item = {
        id: item.id,
        state: item.state,
        dueDate: item.dueDate,
        role: assignment.role,
        occurrenceLabel: item.occurrenceLabel,
        unitName: unit.name,
        taskNumber: taskLabel(task),
        taskTitle: task.title,
        planTitle: plan.title,
        supportMissing,
        leadDueDate,
      };
      const rows = w.remindersByItem.get(item.id) ?? [];
      if (r.kind === 'escalation') {
        model.history = rows
          .filter((h) => h.status === 'sent' && (h.kind === 'reminder' || h.kind === 'escalation' || h.kind === 'nudge'))
          .sort((a, b) => a.sentAtMs! - b.sentAtMs! || a.id - b.id)
          .map((h) => ({ sentAt: new Date(h.sentAtMs!).toISOString(), audience: typeof h.payload.audience === 'string' ? h.payload.audience : 'focal' }));
      }
      if (r.kind === 'nudge') {
        const step = r.step.replace(/n$/, '');
        model.precedingAcknowledged = rows.some((x) => x.kind === 'reminder' && x.step === step && x.recipientChatId === r.recipientChatId && x.acknowledgedAtMs !== null);
      }
    }
    if (r.kind === 'late_notice' && Array.isArray(r.payload.rowIds)) {
      const items = new Map<number, NonNullable<ReturnType<MemoryWorld['dueItemById']['get']>>>();
      for (const rowId of r.payload.rowIds as unknown[]) {
        const row = w.reminders.get(Number(rowId));
        const d = row?.dueItemId == null ? undefined : w.dueItemById.get(row.dueItemId);
        if (d) items.set(d.id, d);
      }
      model.lateItems = [...items.values()]
        .sort((a, b) => a.id - b.id)
        .map((d) => {
          const { task } = w.itemContext(d);
          return { taskNumber: taskLabel(task), taskTitle: task.title, dueDate: d.dueDate, state: d.state };
        })
        .sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
    }
    return model;
  }

  async finish(id: number, token: string, status: FinishStatus, details: { messageId?: number; sentAt?: Date; error?: string }): Promise<boolean> {
    const r = this.world.reminders.get(id);
    if (!r || r.status !== 'sending' || r.claimToken !== token) return false;
    this.world.setReminder(r, {
      status,
      messageId: details.messageId ?? null,
      sentAtMs: details.sentAt?.getTime() ?? null,
      lastError: details.error ?? null,
      claimToken: null,
    });
    return true;
  }

  async release(id: number, token: string): Promise<boolean> {
    const r = this.world.reminders.get(id);
    if (!r || r.status !== 'sending' || r.claimToken !== token) return false;
    this.world.setReminder(r, { status: 'planned', claimToken: null, attempt: r.attempt - 1 });
    return true;
  }

  async deactivateChat(chatId: string, reason: string): Promise<{ affectedItems: number; unitIds: number[] }> {
    const w = this.world;
    const chat = w.chatByTelegramId.get(chatId);
    if (chat) Object.assign(chat, { active: false, inactiveReason: reason });
    const itemIds = new Set<number>();
    for (const r of w.reminders.values()) if (r.recipientChatId === chatId && r.dueItemId !== null) itemIds.add(r.dueItemId);
    const unitIds = new Set<number>();
    let affected = 0;
    for (const id of itemIds) {
      const d = w.dueItemById.get(id);
      if (!d || !CHASED.has(d.state)) continue;
      d.revision++;
      affected++;
      unitIds.add(w.assignments.get(d.assignmentId)!.unitId);
    }
    for (const r of w.reminders.values()) if (r.recipientChatId === chatId && r.status === 'planned') w.setReminder(r, { status: 'cancelled' });
    return { affectedItems: affected, unitIds: [...unitIds] };
  }

  async coordinatorChatsForUnits(unitIds: readonly number[]): Promise<Recipient[]> {
    const w = this.world;
    const provinces = new Set(unitIds.map((id) => w.units.get(id)?.province).filter((p): p is string => p !== undefined));
    const seen = new Set<string>();
    const out: Recipient[] = [];
    for (const m of w.memberships) {
      if (!m.active || m.role !== 'coordinator' || !provinces.has(w.units.get(m.unitId)?.province ?? '')) continue;
      if (!w.people.get(m.personId)?.active) continue;
      for (const c of this.world.privateChatsOf(m.personId)) {
        const key = `${c.telegramChatId}|${m.personId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ chatId: c.telegramChatId, personId: m.personId });
      }
    }
    return out;
  }

  async insertNotices(rows: readonly { chatId: string; dedupeKey: string; text: string }[], at: Date): Promise<number[]> {
    const ids: number[] = [];
    for (const n of rows) {
      const r = this.world.insertReminder({ dueItemId: null, kind: 'notice', step: 'notice', recipientChatId: n.chatId, dedupeKey: n.dedupeKey, plannedAtMs: at.getTime(), payload: { text: n.text } });
      if (r) ids.push(r.id);
    }
    return ids;
  }

  async requeueUnclaimed(ids: readonly number[], now: Date, dueBefore: Date): Promise<number> {
    let n = 0;
    for (const id of new Set(ids)) {
      const r = this.world.reminders.get(id);
      if (!r || r.status !== 'planned' || r.plannedAtMs > dueBefore.getTime()) continue;
      this.world.setReminder(r, { plannedAtMs: now.getTime(), enqueuedAtMs: null });
      n++;
    }
    return n;
  }

  async markStaleSendingUnknown(before: Date): Promise<number> {
    let n = 0;
    for (const r of this.world.rowsIn('sending')) {
      if (r.claimedAtMs === null || r.claimedAtMs >= before.getTime()) continue;
      this.world.setReminder(r, { status: 'unknown', lastError: 'claimed but never finished (worker stopped mid-send)', claimToken: null });
      n++;
    }
    return n;
  }

  async resolveUnknown(now: Date, window: Date, graceMs: number): Promise<{ requeued: number; cancelled: number }> {
    const w = this.world;
    let cancelled = 0;
    let requeued = 0;
    const unknown = w.rowsIn('unknown');
    for (const r of unknown) {
      const d = r.dueItemId === null ? undefined : w.dueItemById.get(r.dueItemId);
      if (d && !CHASED.has(d.state)) {
        w.setReminder(r, { status: 'cancelled' });
        cancelled++;
      }
    }
    for (const r of unknown) {
      if (r.status !== 'unknown') continue;
      const plannedAtMs = r.plannedAtMs > now.getTime() - graceMs ? now.getTime() : window.getTime();
      w.setReminder(r, {
        status: 'planned',
        possibleDuplicate: true,
        enqueuedAtMs: null,
        plannedAtMs,
        payload: { ...r.payload, unknownSince: new Date(r.updatedAtMs).toISOString() },
      });
      requeued++;
    }
    return { requeued, cancelled };
  }

  async missedRows(before: Date, limit: number): Promise<MissedRow[]> {
    return this.world
      .plannedRows(before.getTime(), limit, true, (r) => r.kind !== 'late_notice')
      .map((r) => ({ id: r.id, dueItemId: r.dueItemId, kind: r.kind, recipientChatId: r.recipientChatId, plannedAtMs: r.plannedAtMs }));
  }

  async applyCatchUp(decision: CatchUpDecision, at: Date): Promise<{ superseded: number; late: number; notices: number }> {
    const w = this.world;
    const planned = (id: number): WorldReminder | undefined => {
      const r = w.reminders.get(id);
      return r?.status === 'planned' ? r : undefined;
    };
    let superseded = 0;
    for (const s of decision.superseded) {
      const r = planned(s.id);
      if (!r) continue;
      w.setReminder(r, { status: 'skipped', payload: { ...r.payload, skipped: 'superseded', supersededBy: s.supersededBy || null } });
      superseded++;
    }
    let late = 0;
    for (const id of decision.sendLate) {
      const r = planned(id);
      if (!r) continue;
      w.setReminder(r, { plannedAtMs: at.getTime(), enqueuedAtMs: null, payload: { ...r.payload, late: true, originalPlannedAt: new Date(r.plannedAtMs).toISOString() } });
      late++;
    }
    let notices = 0;
    for (const group of decision.consolidate) {
      const minute = Math.floor(at.getTime() / 60_000);
      const key = `late|${group.recipientChatId}|${minute}`;
      let notice = w.reminderWithKey(key, null);
      if (notice) {
        // A notice for the same window already went out: these rows wait for the next window's notice.
        if (notice.status !== 'planned') continue;
        notice.payload = { ...notice.payload, rowIds: [...((notice.payload.rowIds as number[]) ?? []), ...group.rowIds] };
      } else {
        notice = w.insertReminder({ dueItemId: null, kind: 'late_notice', step: 'late', recipientChatId: group.recipientChatId, dedupeKey: key, plannedAtMs: at.getTime(), payload: { rowIds: [...group.rowIds], late: true } })!;
      }
      for (const id of group.rowIds) {
        const r = planned(id);
        if (r) w.setReminder(r, { status: 'skipped', payload: { ...r.payload, skipped: 'consolidated', consolidatedInto: notice.id } });
      }
      notices++;
    }
    return { superseded, late, notices };
  }

  async markOverdue(today: string): Promise<number> {
    let n = 0;
    for (const d of this.world.dueItems) {
      if ((d.state === 'open' || d.state === 'extended') && d.dueDate !== null && d.dueDate < today) {
        d.state = 'overdue';
        n++;
      }
    }
    return n;
  }

  async cancelForClosedItems(): Promise<number> {
    const w = this.world;
    let n = 0;
    // The world tracks the items no longer chased that have planned rows (an entry leaves as its last row does).
    for (const itemId of [...w.closedWithPlanned]) {
      const d = w.dueItemById.get(itemId);
      if (!d || CHASED.has(d.state)) continue;
      for (const r of w.remindersByItem.get(itemId) ?? []) {
        if (r.status !== 'planned') continue;
        w.setReminder(r, { status: 'cancelled' });
        n++;
      }
    }
    return n;
  }
}

/** A copy of a JSON value (what reading jsonb back gives), without structuredClone's cost. */
function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = cloneJson((value as Record<string, unknown>)[k]);
  return out as T;
}

/** PostgreSQL's C collation: code-point order. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
