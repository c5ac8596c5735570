/**
 * The catch-up policy for reminders whose time passed while nothing could send them (the service was down, the
 * queue lost its jobs, or a plan was published after some steps were already due).
 *
 * 1. A row is *missed* when it is still `planned` more than `graceMs` after its planned instant (default
 *    15 minutes; rows later than that were not merely queued behind others).
 * 2. For each (due item, recipient), only the latest missed row still matters: every earlier one is *superseded*
 *    and is skipped and recorded as such (the later step says everything the earlier one would have).
 *    Missed nudges are always superseded: a nudge that comes late is noise.
 * 3. Per recipient, the remaining missed rows are sent as **one** consolidated late notice listing the items,
 *    not as a burst; a recipient with a single missed row gets that row, marked late.
 * 4. Rows of items no longer chased are cancelled by replanning before catch-up runs, so they never appear here.
 */

export interface MissedRow {
  id: number;
  dueItemId: number | null;
  kind: string;
  recipientChatId: string;
  /** Epoch milliseconds. */
  plannedAtMs: number;
}

export interface CatchUpDecision {
  /** Rows skipped because a later row for the same item and recipient supersedes them (or a late nudge). */
  superseded: { id: number; supersededBy: number | null }[];
  /** Per recipient: a single late row to send as it is. */
  sendLate: number[];
  /** Per recipient with several late rows: consolidate them into one notice. */
  consolidate: { recipientChatId: string; rowIds: number[] }[];
}

export const CATCH_UP_GRACE_MS = 15 * 60_000;

export function isMissed(row: { plannedAtMs: number }, nowMs: number, graceMs = CATCH_UP_GRACE_MS): boolean {
  return row.plannedAtMs < nowMs - graceMs;
}

export function decideCatchUp(missed: readonly MissedRow[]): CatchUpDecision {
  const decision: CatchUpDecision = { superseded: [], sendLate: [], consolidate: [] };
  const latest = new Map<string, MissedRow>();
  const sorted = [...missed].sort((a, b) => a.plannedAtMs - b.plannedAtMs || a.id - b.id);
  for (const row of sorted) {
    if (row.kind === 'nudge') {
      decision.superseded.push({ id: row.id, supersededBy: null });
      continue;
    }
    // Rows not tied to a due item (digests, notices) stand alone.
    const key = row.dueItemId === null ? `row:${row.id}` : `${row.dueItemId}|${row.recipientChatId}`;
    const prev = latest.get(key);
    if (prev) decision.superseded.push({ id: prev.id, supersededBy: row.id });
    latest.set(key, row);
  }
  const byRecipient = new Map<string, number[]>();
  for (const row of [...latest.values()].sort((a, b) => a.plannedAtMs - b.plannedAtMs || a.id - b.id)) {
    const list = byRecipient.get(row.recipientChatId) ?? [];
    list.push(row.id);
    byRecipient.set(row.recipientChatId, list);
  }
  for (const [recipientChatId, rowIds] of [...byRecipient.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (rowIds.length === 1) decision.sendLate.push(rowIds[0]!);
    else decision.consolidate.push({ recipientChatId, rowIds });
  }
  return decision;
}
