/**
 * The amendments of a plan, kept: every applied amendment (`plan import --yes` of an amended version, to a draft or
 * to the published plan) writes its diff against the version it replaced into its `plan.amend` audit row, and the
 * review (`/plans/:id`) reads them back from there. The audit row is the record of the stored versions: tasks are
 * amended in place (ids kept, so history stays attached), so what a version said before is only in that row.
 *
 * Rows written before the diff was recorded carry only the keys of the added, removed and changed tasks; they are
 * shown as such (no field values).
 */
import { z } from 'zod';
import type { FieldChange, PlanDiff } from '../import/diff.js';
import type { AmendmentImpact } from '../import/review.js';
import type { PlanPorts } from './plan-ports.js';
import { keyToLabel } from './plan-publish.js';

/** Amendments shown on a review page at most (newest first). */
export const PLAN_AMENDMENTS_LIMIT = 10;

/** A due date moved by an amendment of a published plan: `from` → `to` (`null`: waiting, no date), for `items` items. */
export interface AmendmentMove {
  from: string | null;
  to: string | null;
  items: number;
}

/** What the audit row of an amendment records beyond its keys (see {@link amendmentAuditDetails}). */
export interface RecordedAmendment {
  diff: PlanDiff;
  /** Due items moved, by task label (published plans only). */
  moves?: { label: string; title: string; redated: AmendmentMove[] }[];
}

/** The part of a `plan.amend` audit row's details that records the diff (merged into the row's details). */
export function amendmentAuditDetails(diff: PlanDiff, impact?: Pick<AmendmentImpact, 'byTask'> | null): RecordedAmendment {
  const moves = (impact?.byTask ?? []).filter((t) => t.redated.length > 0).map((t) => ({ label: t.label, title: t.title, redated: t.redated }));
  return { diff, ...(moves.length > 0 ? { moves } : {}) };
}

/** One amendment as the review shows it. */
export interface PlanAmendmentView {
  at: Date;
  actor: string;
  /** The file of the amended version. */
  file: string | null;
  /** Applied to the published plan (its items followed), or to the draft. */
  published: boolean;
  /** The diff against the version it replaced; `fields` is null for rows that recorded keys only. */
  added: { key: string; label: string; title: string | null }[];
  removed: { key: string; label: string; title: string | null }[];
  changed: { key: string; label: string; previousLabel: string; title: string | null; fields: FieldChange[] | null }[];
  unchanged: number | null;
  /** Counts of the published plan's items (published amendments only). */
  dueItems: { created: number; redated: number; rewaited: number; waived: number; extensionKept: number } | null;
  moves: { label: string; title: string; redated: AmendmentMove[] }[];
}

const FIELD_NAMES = ['nội dung', 'sản phẩm', 'chủ trì', 'phối hợp', 'đơn vị chủ trì', 'đơn vị phối hợp', 'thời hạn', 'kinh phí'] as const;
const entry = z.object({ key: z.string(), label: z.string(), title: z.string() });
const diffSchema = z.object({
  added: z.array(entry),
  removed: z.array(entry),
  changed: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      previousKey: z.string(),
      previousLabel: z.string(),
      title: z.string(),
      fields: z.array(z.object({ field: z.enum(FIELD_NAMES), before: z.string().nullable(), after: z.string().nullable() })),
    }),
  ),
  unchanged: z.number().int(),
});
const count = z.number().int().catch(0);
/** The `plan.amend` audit row's details (JSONB): validated here, at the boundary. */
const detailsSchema = z.object({
  file: z.string().nullable().optional(),
  published: z.boolean().optional(),
  added: z.array(z.string()).catch([]),
  removed: z.array(z.string()).catch([]),
  changed: z.array(z.string()).catch([]),
  diff: diffSchema.optional().catch(undefined),
  dueItems: z.object({ created: count, redated: count, rewaited: count, waived: count, extensionKept: count }).optional().catch(undefined),
  moves: z
    .array(z.object({ label: z.string(), title: z.string(), redated: z.array(z.object({ from: z.string().nullable(), to: z.string().nullable(), items: z.number().int() })) }))
    .optional()
    .catch(undefined),
});

/**
 * The amendments applied to a plan, newest first (at most `limit`). An audit row whose details cannot be read is
 * skipped (it is still in the audit log).
 */
export async function listPlanAmendments(ports: Pick<PlanPorts, 'plans'>, planId: number, limit = PLAN_AMENDMENTS_LIMIT): Promise<PlanAmendmentView[]> {
  const rows = await ports.plans.amendmentRecords(planId, limit);
  const out: PlanAmendmentView[] = [];
  for (const row of rows) {
    const parsed = detailsSchema.safeParse(row.details);
    if (!parsed.success) continue;
    const d = parsed.data;
    const keysOnly = (keys: string[]) => keys.map((key) => ({ key, label: keyToLabel(key), title: null }));
    out.push({
      at: row.at,
      actor: row.actor,
      file: d.file ?? null,
      published: d.published ?? false,
      ...(d.diff
        ? { added: d.diff.added, removed: d.diff.removed, changed: d.diff.changed.map((c) => ({ key: c.key, label: c.label, previousLabel: c.previousLabel, title: c.title, fields: c.fields })), unchanged: d.diff.unchanged }
        : {
            added: keysOnly(d.added),
            removed: keysOnly(d.removed),
            changed: d.changed.map((key) => ({ key, label: keyToLabel(key), previousLabel: keyToLabel(key), title: null, fields: null })),
            unchanged: null,
          }),
      dueItems: d.dueItems ?? null,
      moves: d.moves ?? [],
    });
  }
  return out;
}
