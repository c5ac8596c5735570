/**
 * The digest store port (src/app/digests/store.ts) over a `MemoryWorld`, following src/db/digest-store.ts query by
 * query (same filters and orderings; C collation). Contract-tested with it in
 * tests/integration/reminder-store-contract.test.ts.
 */
import { taskLabel } from '../../domain/format/task-label.js';
import { DateTime } from 'luxon';
import type { Recipient } from '../../domain/reminders/plan.js';
import type { DigestItem, DigestStore, ProvinceOverview, UnitWeek } from '../digests/store.js';
import { byCodePoint } from './reminder-store.js';
import { CHASED, type MemoryWorld, type WorldDueItem, type WorldPlan } from './world.js';

/** The zone the PostgreSQL store counts "done today" in (`done_at at time zone 'Asia/Ho_Chi_Minh'`). */
const DONE_DAY_ZONE = 'Asia/Ho_Chi_Minh';
const HOUR_MS = 3_600_000;

interface Row {
  item: WorldDueItem;
  plan: WorldPlan;
  unitId: number;
  unitName: string;
  number: string;
  key: string | null;
  title: string;
  position: number;
}

export class MemoryDigestStore implements DigestStore {
  /** Local day of each UTC hour already asked about (zone offsets change on whole hours at most). */
  readonly #dayOfHour = new Map<number, string>();
  /** Every due item's row, by its plan's province, in id order; built for `#count` items. */
  readonly #byProvince = new Map<string, Row[]>();
  #count = -1;

  constructor(private readonly world: MemoryWorld) {}

  async provinces(): Promise<string[]> {
    const set = new Set<string>();
    for (const p of this.world.plans.values()) if (p.status === 'published') set.add(p.province);
    return [...set].sort(byCodePoint);
  }

  /** Due items of published plans of `province`, with what the digests show of them. */
  #rows(province: string): Row[] {
    return this.#provinceRows(province).filter((r) => r.plan.status === 'published');
  }

  /** Every due item of `province`'s plans, in id order. Built once: items are not added after loading. */
  #provinceRows(province: string): readonly Row[] {
    const w = this.world;
    if (this.#count !== w.dueItems.length) {
      this.#byProvince.clear();
      for (const item of w.dueItems) {
        const { unit, task, plan } = w.itemContext(item);
        let list = this.#byProvince.get(plan.province);
        if (!list) this.#byProvince.set(plan.province, (list = []));
        list.push({ item, plan, unitId: unit.id, unitName: unit.name, number: task.number, key: task.key, title: task.title, position: task.position });
      }
      this.#count = w.dueItems.length;
    }
    return this.#byProvince.get(province) ?? [];
  }

  #localDay(ms: number): string {
    const hour = Math.floor(ms / HOUR_MS);
    let day = this.#dayOfHour.get(hour);
    if (day === undefined) {
      day = DateTime.fromMillis(hour * HOUR_MS, { zone: DONE_DAY_ZONE }).toISODate()!;
      this.#dayOfHour.set(hour, day);
    }
    return day;
  }

  async overview(province: string, today: string, oldestLimit: number): Promise<ProvinceOverview> {
    // One pass over the province's items (the coordinator's digest runs every working day over all of them).
    const overdue: Row[] = [];
    const totals = { open: 0, overdue: 0, doneToday: 0, pending: 0, waiting: 0 };
    for (const r of this.#provinceRows(province)) {
      if (r.plan.status !== 'published') continue;
      const item = r.item;
      const state = item.state;
      if (state === 'open' || state === 'overdue' || state === 'extended') {
        if (item.dueDate === null) continue;
        if (item.dueDate >= today) totals.open++;
        else {
          totals.overdue++;
          overdue.push(r);
        }
      } else if (state === 'done') {
        if (item.doneAtMs !== null && this.#localDay(item.doneAtMs) === today) totals.doneToday++;
      } else if (state === 'pending_approval') totals.pending++;
      else if (state === 'waiting') totals.waiting++;
    }
    const byUnit = new Map<number, { unitId: number; unitName: string; count: number }>();
    for (const r of overdue) {
      const u = byUnit.get(r.unitId);
      if (u) u.count++;
      else byUnit.set(r.unitId, { unitId: r.unitId, unitName: r.unitName, count: 1 });
    }
    const oldest = smallest(overdue, oldestLimit, (a, b) => byCodePoint(a.item.dueDate!, b.item.dueDate!) || byCodePoint(a.unitName, b.unitName) || a.position - b.position || a.item.id - b.item.id);
    return {
      province,
      overdueByUnit: [...byUnit.values()].sort((a, b) => b.count - a.count || byCodePoint(a.unitName, b.unitName)),
      oldest: oldest.map(toItem),
      totals,
    };
  }

  async unitWeeks(province: string, today: string, weekEnd: string): Promise<UnitWeek[]> {
    const rows = this.#rows(province)
      .filter((r) => CHASED.has(r.item.state) && r.item.dueDate !== null && r.item.dueDate <= weekEnd)
      .sort((a, b) => byCodePoint(a.unitName, b.unitName) || byCodePoint(a.item.dueDate!, b.item.dueDate!) || a.position - b.position || a.item.id - b.item.id);
    const weeks = new Map<number, UnitWeek>();
    for (const r of rows) {
      let w = weeks.get(r.unitId);
      if (!w) weeks.set(r.unitId, (w = { unitId: r.unitId, unitName: r.unitName, dueThisWeek: [], overdue: [] }));
      (r.item.dueDate! < today ? w.overdue : w.dueThisWeek).push(toItem(r));
    }
    return [...weeks.values()];
  }

  async provinceRecipients(province: string, roles: readonly ('leader' | 'coordinator')[]): Promise<Recipient[]> {
    const w = this.world;
    const seen = new Set<string>();
    const out: Recipient[] = [];
    for (const m of w.memberships) {
      if (!m.active || !(roles as readonly string[]).includes(m.role) || w.units.get(m.unitId)?.province !== province) continue;
      if (!w.people.get(m.personId)?.active) continue;
      for (const c of w.privateChatsOf(m.personId)) {
        const key = `${c.telegramChatId}|${m.personId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ chatId: c.telegramChatId, personId: m.personId });
      }
    }
    return out.sort((a, b) => byCodePoint(a.chatId, b.chatId) || (a.personId ?? 0) - (b.personId ?? 0));
  }

  async unitRecipients(unitId: number): Promise<Recipient[]> {
    const w = this.world;
    const focal: { chatId: string; personId: number; chatRowId: number }[] = [];
    for (const m of w.memberships) {
      if (!m.active || m.unitId !== unitId || m.role !== 'focal' || !w.people.get(m.personId)?.active) continue;
      for (const c of w.privateChatsOf(m.personId)) focal.push({ chatId: c.telegramChatId, personId: m.personId, chatRowId: c.id });
    }
    if (focal.length > 0) return focal.sort((a, b) => a.personId - b.personId || a.chatRowId - b.chatRowId).map((r) => ({ chatId: r.chatId, personId: r.personId }));
    return [...w.chats.values()]
      .filter((c) => c.unitId === unitId && c.active && (c.kind === 'group' || c.kind === 'supergroup'))
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ chatId: c.telegramChatId }));
  }

  async recordRun(kind: string, periodKey: string, province: string, stats: Record<string, unknown>) {
    let previous: { periodKey: string; stats: Record<string, unknown> } | undefined;
    for (const run of this.world.digestRuns.values()) {
      if (run.kind !== kind || run.province !== province || !(run.periodKey < periodKey)) continue;
      if (!previous || run.periodKey > previous.periodKey) previous = run;
    }
    const key = `${kind}|${periodKey}|${province}`;
    const fresh = !this.world.digestRuns.has(key);
    if (fresh) this.world.digestRuns.set(key, { kind, periodKey, province, stats: structuredClone(stats) });
    return { ...(previous?.stats ? { previous: structuredClone(previous.stats) } : {}), fresh };
  }

  async insertDigestRows(rows: readonly { chatId: string; dedupeKey: string; step: string; text: string; pngBase64?: string }[], at: Date): Promise<number> {
    let n = 0;
    for (const r of rows) {
      const inserted = this.world.insertReminder({
        dueItemId: null,
        kind: 'digest',
        step: r.step,
        recipientChatId: r.chatId,
        dedupeKey: r.dedupeKey,
        plannedAtMs: at.getTime(),
        payload: { text: r.text, ...(r.pngBase64 ? { png: r.pngBase64 } : {}) },
      });
      if (inserted) n++;
    }
    return n;
  }
}

/** The `limit` smallest of `rows` by `cmp`, in order (`order by … limit n` without sorting everything). */
function smallest<T>(rows: readonly T[], limit: number, cmp: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (limit <= 0) return out;
  for (const r of rows) {
    if (out.length === limit && cmp(r, out[limit - 1]!) >= 0) continue;
    let i = out.length < limit ? out.length : limit - 1;
    while (i > 0 && cmp(r, out[i - 1]!) < 0) {
      if (i < limit) out[i] = out[i - 1]!;
      i--;
    }
    out[i] = r;
  }
  return out;
}

const toItem = (r: Row): DigestItem => ({ unitName: r.unitName, taskNumber: taskLabel(r), taskTitle: r.title, dueDate: r.item.dueDate!, state: r.item.state });
