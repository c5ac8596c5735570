/**
 * What a unit has to do: `/viec` (open items, nearest due first), `/quahan` (overdue), `/lich` (next 30 days),
 * and 📄 Chi tiết (the task, the units, the deadline as the engine reads it, history, what is still missing).
 */
import { formatDeadline, type DeadlineRule } from '../../domain/deadline.js';
import { canActOn, canView, isActionable, workUnits, type ActionButton, type Refused, type ServiceCore, type Who } from './context.js';
import { plusDays } from './dates.js';
import type { DueItemDetail, DueItemView, ItemListFilter, Membership } from './store.js';

/** Which list. */
export type ItemListView = 'all' | 'overdue' | 'upcoming';

/** Items shown in one list message (the text stays far below Telegram's 4096 characters). */
export const LIST_LIMIT = 15;
/** Items of a list that get a 📄 button. */
export const LIST_BUTTONS = 10;
/** Days ahead `/lich` looks. */
export const UPCOMING_DAYS = 30;

export type ListOutcome =
  | { kind: 'no_units'; coordinator: boolean; registered: boolean }
  | { kind: 'list'; view: ItemListView; today: string; units: Membership[]; items: DueItemView[]; total: number; buttons: ActionButton[] };

export async function listItems(core: ServiceCore, who: Who, view: ItemListView): Promise<ListOutcome> {
  const units = workUnits(who.actor);
  if (units.length === 0) {
    const coordinator = who.actor?.memberships.some((m) => m.role === 'coordinator' || m.role === 'leader') ?? false;
    if (!coordinator) await core.refuse(who, `items.list.${view}`);
    return { kind: 'no_units', coordinator, registered: who.actor !== null };
  }
  const today = core.today();
  const filter: ItemListFilter =
    view === 'overdue'
      ? { dueBefore: today, includePending: false }
      : view === 'upcoming'
        ? { dueFrom: today, dueTo: plusDays(today, UPCOMING_DAYS) }
        : {};
  const unitIds = [...new Set(units.map((u) => u.unitId))];
  const { items, total } = await core.store.listItems(unitIds, filter, LIST_LIMIT);
  const buttons = await core.issue(
    items.slice(0, LIST_BUTTONS).map((item, i) => ({ action: 'detail' as const, dueItemId: item.id, index: i + 1 })),
  );
  return { kind: 'list', view, today, units, items, total, buttons };
}

export type DetailOutcome =
  | Refused
  | { kind: 'not_found' }
  | {
      kind: 'detail';
      today: string;
      detail: DueItemDetail;
      /** The engine's reading of the deadline cell, in Vietnamese. */
      deadlineReading: string | null;
      /** ✅ ⏳ 🔄 for the unit's focal points and head while the item is chased. */
      buttons: ActionButton[];
    };

export async function showDetail(core: ServiceCore, who: Who, itemId: number | null): Promise<DetailOutcome> {
  const detail = itemId === null ? null : await core.store.itemDetail(itemId);
  if (detail === null) {
    await core.refuse(who, 'item.detail', { entity: 'due_item', entityId: String(itemId) });
    return { kind: 'not_found' };
  }
  const { item } = detail;
  if (!canView(who.actor, item, detail.siblings.map((s) => s.unitId))) {
    return core.refuse(who, 'item.detail', { entity: 'due_item', entityId: item.id });
  }
  const buttons =
    canActOn(who.actor, item) && isActionable(item)
      ? await core.issue([
          { action: 'done', dueItemId: item.id },
          { action: 'extend', dueItemId: item.id },
          { action: 'progress', dueItemId: item.id },
        ])
      : [];
  return { kind: 'detail', today: core.today(), detail, deadlineReading: readDeadline(item.deadlineRule), buttons };
}

function readDeadline(stored: Record<string, unknown> | null): string | null {
  if (stored === null || !Array.isArray((stored as { parts?: unknown }).parts)) return null;
  try {
    const text = formatDeadline(stored as unknown as DeadlineRule);
    return text === '' ? null : text;
  } catch {
    // A rule stored by an older engine version may not render; the raw cell text is shown instead.
    return null;
  }
}
