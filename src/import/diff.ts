/**
 * Differences between the stored draft of a plan and an amended version: tasks added, removed and changed
 * (text, units, deadline, budget). Tasks are matched by key with a similar title first, then by title alone
 * (so a task inserted in the middle does not make every later one "changed"). Pure.
 */
import { normalizeName, editDistance } from '../domain/units/normalize.js';

/** The fields of a task that a diff compares. */
export interface ComparableTask {
  key: string;
  label: string;
  title: string;
  output: string | null;
  leadText: string | null;
  supportText: string | null;
  deadlineText: string | null;
  budget: number | null;
  isProposal: boolean;
  /** Names of the units it resolves to, by role (for the "units" comparison). */
  units?: { lead: string[]; support: string[] };
}

/** One changed field. */
export interface FieldChange {
  field: 'nội dung' | 'sản phẩm' | 'chủ trì' | 'phối hợp' | 'đơn vị chủ trì' | 'đơn vị phối hợp' | 'thời hạn' | 'kinh phí';
  before: string | null;
  after: string | null;
}

/** The diff. */
export interface PlanDiff {
  added: { key: string; label: string; title: string }[];
  removed: { key: string; label: string; title: string }[];
  changed: { key: string; label: string; previousKey: string; previousLabel: string; title: string; fields: FieldChange[] }[];
  unchanged: number;
}

/** How alike two titles are, 0–1 (normalised edit distance; long titles compared on a prefix). */
export function similarity(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (x === y) return 1;
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  // Long titles: compare a prefix to keep the cost bounded.
  const cap = 300;
  return 1 - editDistance(x.slice(0, cap), y.slice(0, cap)) / Math.min(longest, cap);
}

/** Compares `before` (stored) with `after` (amended). */
export function diffTasks(before: ComparableTask[], after: ComparableTask[]): PlanDiff {
  const diff: PlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  const pairs: [ComparableTask, ComparableTask][] = [];
  const leftB = new Set(before);
  const leftA = new Set(after);
  const byKey = new Map(before.map((t) => [t.key, t]));
  for (const a of after) {
    const b = byKey.get(a.key);
    if (b && leftB.has(b) && similarity(a.title, b.title) >= 0.6) {
      pairs.push([b, a]);
      leftB.delete(b);
      leftA.delete(a);
    }
  }
  for (const a of [...leftA]) {
    let best: ComparableTask | undefined;
    let score = 0.8;
    for (const b of leftB) {
      const s = similarity(a.title, b.title);
      if (s >= score) {
        best = b;
        score = s;
      }
    }
    if (best) {
      pairs.push([best, a]);
      leftB.delete(best);
      leftA.delete(a);
    }
  }
  for (const [b, a] of pairs) {
    const fields: FieldChange[] = [];
    const cmp = (field: FieldChange['field'], x: string | null, y: string | null) => {
      if ((x ?? '') !== (y ?? '')) fields.push({ field, before: x, after: y });
    };
    cmp('nội dung', b.title, a.title);
    cmp('sản phẩm', b.output, a.output);
    cmp('chủ trì', b.leadText, a.leadText);
    cmp('phối hợp', b.supportText, a.supportText);
    if (b.units && a.units) {
      const j = (l: string[]) => [...new Set(l)].sort().join('; ');
      cmp('đơn vị chủ trì', j(b.units.lead), j(a.units.lead));
      cmp('đơn vị phối hợp', j(b.units.support), j(a.units.support));
    }
    cmp('thời hạn', b.deadlineText, a.deadlineText);
    cmp('kinh phí', b.budget === null ? null : String(b.budget), a.budget === null ? null : String(a.budget));
    if (fields.length > 0) diff.changed.push({ key: a.key, label: a.label, previousKey: b.key, previousLabel: b.label, title: a.title, fields });
    else if (a.key !== b.key) diff.changed.push({ key: a.key, label: a.label, previousKey: b.key, previousLabel: b.label, title: a.title, fields: [] });
    else diff.unchanged++;
  }
  for (const a of after) if (leftA.has(a)) diff.added.push({ key: a.key, label: a.label, title: a.title });
  for (const b of before) if (leftB.has(b)) diff.removed.push({ key: b.key, label: b.label, title: b.title });
  return diff;
}

/** True when the diff changes nothing. */
export function isEmptyDiff(d: PlanDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
