/**
 * The web console's item page (`/items/:id`): the item, the other units' shares of it, its extensions and notes
 * (the bot's detail view, through the same port), every reminder planned or sent for it, the audit trail (every
 * button press, report and decision on it) and its archived evidence files (src/app/evidence), to download.
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

/** One audit row about the item: a press, a report, a decision, a refusal. */
export interface ItemAuditEntry {
  at: Date;
  action: string;
  outcome: string;
  /** `bot`, `web`, `cli:…`, `system`. */
  actor: string;
  personName: string | null;
  details: Record<string, unknown> | null;
}

/** An evidence file of the item, as archived (content read only for a download). */
export interface ItemEvidenceFile {
  id: number;
  fileName: string;
  status: 'pending' | 'stored' | 'too_large' | 'failed';
  sizeBytes: number | null;
  sha256: string | null;
}

/** The audit trail and evidence files of an item (PostgreSQL: src/db/web-pages-store.ts). */
export interface ItemHistoryStore {
  auditTrail(dueItemId: number): Promise<ItemAuditEntry[]>;
  evidenceFiles(dueItemId: number): Promise<ItemEvidenceFile[]>;
  /** A stored file's bytes, or null when the item has no such stored file. */
  evidenceContent(dueItemId: number, fileId: number): Promise<{ fileName: string; content: Uint8Array } | null>;
}

export type ItemPage =
  | { kind: 'found'; detail: DueItemDetail; reminders: ItemReminder[]; audit: ItemAuditEntry[]; files: ItemEvidenceFile[] }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

export interface WebItemsDeps {
  details: Pick<BotStore, 'itemDetail'>;
  store: WebItemStore;
  history: ItemHistoryStore;
}

export function createWebItems(deps: WebItemsDeps) {
  return {
    async item(session: WebSession, id: number): Promise<ItemPage> {
      const detail = await deps.details.itemDetail(id);
      if (detail === null || detail.item.province !== session.province) return { kind: 'not_found' };
      if (!canSeeUnit(session, detail.item.unitId)) return { kind: 'forbidden' };
      const [reminders, audit, files] = await Promise.all([deps.store.reminders(id), deps.history.auditTrail(id), deps.history.evidenceFiles(id)]);
      return { kind: 'found', detail, reminders, audit, files };
    },
    /** An evidence file to download, with the same visibility as the item. */
    async evidence(session: WebSession, id: number, fileId: number): Promise<{ kind: 'file'; fileName: string; content: Uint8Array } | { kind: 'not_found' } | { kind: 'forbidden' }> {
      const detail = await deps.details.itemDetail(id);
      if (detail === null || detail.item.province !== session.province) return { kind: 'not_found' };
      if (!canSeeUnit(session, detail.item.unitId)) return { kind: 'forbidden' };
      const file = await deps.history.evidenceContent(id, fileId);
      return file === null ? { kind: 'not_found' } : { kind: 'file', ...file };
    },
  };
}
export type WebItems = ReturnType<typeof createWebItems>;
