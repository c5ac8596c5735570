/**
 * `plan import`: read a plan file, build the draft, and (unless dry-run) store it as a draft plan in one
 * transaction. Re-importing the same file changes nothing; an amended version of a plan (same province and
 * period) is shown as a diff and applied only with `yes`: to the draft, or — when the plan is published — to the
 * live plan with its assignments and due items (src/app/plan-amend.ts; the review then shows the consequences).
 */
import type { Clock } from '../domain/clock.js';
import { type UnitDirectory } from '../domain/units/directory.js';
import { createUnitIndex } from '../domain/units/resolver.js';
import { buildPlan, type PlanDraft } from '../import/build-plan.js';
import type { DeadlinePort } from '../import/deadline-port.js';
import { type ComparableTask, diffTasks, isEmptyDiff, type PlanDiff } from '../import/diff.js';
import { readSourceFile } from '../import/read-file.js';
import { buildReview, type ImportReview, type ImportStatus } from '../import/review.js';
import { amendPublishedPlan, previewAmendment } from './plan-amend.js';
import { amendmentAuditDetails } from './plan-amendments.js';
import type { PlanPorts, StoredPlan } from './plan-ports.js';
import { keyToLabel } from './plan-publish.js';
import { listShippedProvinces, loadUnitDirectory, provinceMerge } from '../../config/units/load.js';

/** Options of {@link importPlan}. */
export interface ImportPlanOptions {
  file: string;
  /** `--province`: wins over the document. */
  province?: string;
  /** Used when neither `province` nor the document names one (config `domain.defaultProvince`). */
  defaultProvince?: string;
  /** `--year` / `--from --to`. */
  period?: { startYear: number; endYear: number };
  dryRun?: boolean;
  /** Apply an amended version (to the draft, or to the published plan). */
  yes?: boolean;
  /** Apply an amended version to a published plan although it has errors or warnings (as `plan publish`). */
  acceptProblems?: boolean;
  /** Largest file accepted, bytes. */
  maxBytes?: number;
  deadline: DeadlinePort;
  /** `cli:<user>` etc., for the audit log. */
  actor: string;
  /** Progress for long files: stage name, done, total. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** Result of {@link importPlan}. */
export interface ImportPlanResult {
  review: ImportReview;
  draft: PlanDraft;
  /** The directory the draft was resolved against (for rendering). */
  directory: UnitDirectory;
}

/** Thrown inside buildPlan's directory callback when the directory is not read yet (never escapes importPlan). */
const DIRECTORY_NEEDED = Symbol('directory needed');

/** Imports a plan file. Throws `ImportError` for files that cannot be imported; writes nothing then. */
export async function importPlan(ports: PlanPorts, clock: Clock, options: ImportPlanOptions): Promise<ImportPlanResult> {
  const source = await readSourceFile(options.file, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });

  // The document decides the province, and buildPlan asks for its directory synchronously: the directory is read
  // (from the database, else from config/units) only for the province asked for, and the build starts again once
  // it is there. Only the table and the metadata are read before that question. In a dry run nothing may be
  // written, so a province the database does not know yet is read from config/units instead of seeded.
  const provinces = await ports.directories.knownProvinces();
  const directories = new Map<string, UnitDirectory | undefined>();
  const seededNow = new Set<string>();
  const shipped = new Set(listShippedProvinces());
  const readDirectory = async (slug: string): Promise<void> => {
    const fromDb = await ports.directories.provinceDirectory(slug, { seed: false });
    if (fromDb) directories.set(slug, fromDb.directory);
    else if (shipped.has(slug)) {
      directories.set(slug, loadUnitDirectory(slug));
      seededNow.add(slug);
    } else directories.set(slug, undefined);
  };
  if (options.province) await readDirectory(options.province);
  const needed: { slug?: string } = {};
  const build = () =>
    buildPlan(source.document, {
      fileName: source.fileName,
      format: source.format,
      sha256: source.sha256,
      bytes: source.bytes,
      provinces,
      ...(options.province ? { province: options.province } : {}),
      ...(options.defaultProvince ? { defaultProvince: options.defaultProvince } : {}),
      ...(options.period ? { period: options.period } : {}),
      directory: (slug) => {
        if (directories.has(slug)) return directories.get(slug);
        needed.slug = slug;
        throw DIRECTORY_NEEDED;
      },
      mergedProvince: (slug) => provinceMerge(slug),
      deadline: options.deadline,
      ...(options.onProgress ? { onProgress: (done: number, total: number) => options.onProgress!('đọc các hàng của bảng', done, total) } : {}),
    });
  let draft: PlanDraft;
  try {
    draft = build();
  } catch (err) {
    if (err !== DIRECTORY_NEEDED || !needed.slug) throw err;
    await readDirectory(needed.slug);
    draft = build();
  }
  const directory = directories.get(draft.metadata.province)!;
  const province = draft.metadata.province;
  const needsSeed = seededNow.has(province);

  const diffOf = (stored: StoredPlan) => diffTasks(storedComparable(stored, directory), draftComparable(draft, directory));
  const amendOptions = { draft, diffOf, deadline: options.deadline, acceptProblems: options.acceptProblems ?? false };

  if (options.dryRun) {
    const existing = await ports.plans.findLatestPlan(province, draft.metadata.periodStartYear, draft.metadata.periodEndYear);
    let diff: PlanDiff | null = null;
    const status: ImportStatus = 'dry-run';
    const extra = { planId: existing?.id ?? null, version: existing?.version ?? null };
    if (existing?.status === 'published') {
      const preview = await previewAmendment(ports, clock, existing.id, amendOptions);
      return { review: buildReview(draft, status, { ...extra, diff: preview.diff, amendment: preview.impact }), draft, directory };
    }
    if (existing) {
      const stored = await ports.plans.loadPlan(existing.id);
      diff = diffOf(stored!);
    }
    return { review: buildReview(draft, status, { ...extra, diff }), draft, directory };
  }

  // A published plan is amended in a transaction of its own (postgres.js, for the bulk writes of publishing).
  const latest = await ports.plans.findLatestPlan(province, draft.metadata.periodStartYear, draft.metadata.periodEndYear);
  if (latest?.status === 'published') {
    const amended = await amendPublishedPlan(ports, clock, { ...amendOptions, yes: options.yes ?? false, actor: options.actor });
    if (amended.status !== 'not-published') {
      const plan = amended.plan!;
      return {
        review: buildReview(draft, amended.status, { planId: plan.id, version: plan.version, diff: amended.diff, amendment: amended.impact }),
        draft,
        directory,
      };
    }
  }

  const now = clock.now();
  return ports.plans.draftTransaction(async (tx): Promise<ImportPlanResult> => {
    // One import per province and period at a time.
    await tx.lockImport(province, draft.metadata.periodStartYear, draft.metadata.periodEndYear);
    if (needsSeed) await tx.seedDirectory(loadUnitDirectory(province));
    const existing = await tx.findLatestPlan(province, draft.metadata.periodStartYear, draft.metadata.periodEndYear);
    if (!existing) {
      const id = await tx.insertDraftPlan(draft, now);
      await tx.audit({
        at: now,
        actor: options.actor,
        action: 'plan.import',
        entity: 'plan',
        entityId: String(id),
        details: { file: source.fileName, sha256: source.sha256, tasks: draft.stats.tasks, proposals: draft.stats.proposals, problems: draft.problems.length },
      });
      return { review: buildReview(draft, 'created', { planId: id, version: 1, unitsSeeded: needsSeed }), draft, directory };
    }
    if (existing.sourceFileHash === source.sha256)
      return { review: buildReview(draft, 'unchanged', { planId: existing.id, version: existing.version }), draft, directory };
    const stored = await tx.loadPlan(existing.id);
    const diff = diffOf(stored!);
    if (isEmptyDiff(diff) && stored!.plan.title === draft.metadata.title)
      return { review: buildReview(draft, 'unchanged', { planId: existing.id, version: existing.version, diff }), draft, directory };
    // Archived (or published since the check above: the coordinator runs the import again).
    if (existing.status !== 'draft')
      return { review: buildReview(draft, 'amendment-refused', { planId: existing.id, version: existing.version, diff }), draft, directory };
    if (!options.yes)
      return { review: buildReview(draft, 'amendment-pending', { planId: existing.id, version: existing.version, diff }), draft, directory };
    await tx.replaceDraftContent(existing.id, draft, now);
    await tx.audit({
      at: now,
      actor: options.actor,
      action: 'plan.amend',
      entity: 'plan',
      entityId: String(existing.id),
      details: {
        file: source.fileName,
        sha256: source.sha256,
        previousSha256: existing.sourceFileHash,
        added: diff.added.map((a) => a.key),
        removed: diff.removed.map((r) => r.key),
        changed: diff.changed.map((c) => c.key),
        ...amendmentAuditDetails(diff),
      },
    });
    return { review: buildReview(draft, 'amended', { planId: existing.id, version: existing.version, diff }), draft, directory };
  });
}

function names(directory: UnitDirectory, assignments: { unit: string; role: string }[]): { lead: string[]; support: string[] } {
  const byCode = new Map(directory.units.map((u) => [u.code, u.name]));
  const pick = (role: string) => assignments.filter((a) => a.role === role).map((a) => byCode.get(a.unit) ?? a.unit);
  return { lead: pick('lead'), support: pick('support') };
}

function draftComparable(draft: PlanDraft, directory: UnitDirectory): ComparableTask[] {
  return draft.tasks.map((t) => ({
    key: t.key,
    label: t.label,
    title: t.title,
    output: t.output,
    leadText: t.leadText,
    supportText: t.supportText,
    deadlineText: t.deadlineText,
    budget: t.budget,
    isProposal: t.isProposal,
    units: names(directory, t.assignments),
  }));
}

/**
 * Stored tasks resolved against the same directory and period as the draft, so unit changes show. Tasks withdrawn
 * by an earlier amendment are not part of the plan any more (one that comes back shows as added).
 */
function storedComparable(stored: StoredPlan, directory: UnitDirectory): ComparableTask[] {
  const index = createUnitIndex(directory, { from: `${stored.plan.periodStartYear}-01-01`, to: `${stored.plan.periodEndYear}-12-31` });
  const combined = stored.plan.settings.agencyColumns === 'assignment';
  return stored.tasks.filter((t) => !t.withdrawnAt).map((t) => {
    const roles = new Map<string, 'lead' | 'support'>();
    const add = (text: string | null, column: 'lead' | 'support' | 'assignment') => {
      if (!text) return;
      for (const a of index.resolve(text, column).assignments) if (roles.get(a.unit) !== 'lead') roles.set(a.unit, a.role);
    };
    add(t.leadText, combined && !t.isProposal ? 'assignment' : 'lead');
    add(t.supportText, 'support');
    return {
      key: t.key ?? t.number,
      label: keyToLabel(t.key ?? t.number),
      title: t.title,
      output: t.output,
      leadText: t.leadText,
      supportText: t.supportText,
      deadlineText: t.deadlineText,
      budget: t.budget === null ? null : Number(t.budget),
      isProposal: t.isProposal,
      units: names(directory, [...roles].map(([unit, role]) => ({ unit, role }))),
    };
  });
}
