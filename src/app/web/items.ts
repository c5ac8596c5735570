/**
 * The web console's item page (`/items/:id`): the item, the other units' shares of it, its extensions and notes
 * (the bot's detail view, through the same port), and every reminder planned or sent for it.
 * A head or focal point sees only their unit's items; anything else is `forbidden` (HTTP 403).
 */
import type { BotStore, DueItemDetail } from '../bot/store.js';
import { canSeeUnit, type WebSession } from './auth.js';

export interface ItemReminder {
  id: number;
  kind: string;
  /** Ladder step ("-7", "0", "+3"). */
  step: string;
  status: string;
  plannedAt: Date;
  sentAt: Date | null;
  /** Resent with "you may have received this" (a possible duplicate). */
  flagged: boolean;
}

/** The item page's own persistence port (the detail comes from the bot's store). */
export interface WebItemStore {
  reminders(dueItemId: number): Promise<ItemReminder[]>;
}

export type ItemPage = { kind: 'found'; detail: DueItemDetail; reminders: ItemReminder[] } | { kind: 'not_found' } | { kind: 'forbidden' };

export interface WebItemsDeps {
  details: Pick<BotStore, 'itemDetail'>;
  store: WebItemStore;
}

export function createWebItems(deps: WebItemsDeps) {
  return {
    async item(session: WebSession, id: number): Promise<ItemPage> {
      const detail = await deps.details.itemDetail(id);
      if (detail === null || detail.item.province !== session.province) return { kind: 'not_found' };
      if (!canSeeUnit(session, detail.item.unitId)) return { kind: 'forbidden' };
      return { kind: 'found', detail, reminders: await deps.store.reminders(id) };
    },
  };
}
export type WebItems = ReturnType<typeof createWebItems>;
