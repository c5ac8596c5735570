/** Shared setup for the import tests: shipped unit directories and the real deadline engine. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadWorkingCalendar } from '../../../config/holidays/load.js';
import { listShippedProvinces, loadUnitDirectory } from '../../../config/units/load.js';
import { createDeadlineAdapter } from '../../../src/app/deadline-adapter.js';
import type { UnitDirectory } from '../../../src/domain/units/directory.js';
import { buildPlan, type BuildPlanOptions, type PlanDraft } from '../../../src/import/build-plan.js';
import type { SourceDocument, SourceFormat } from '../../../src/import/model.js';
import { decodeText, readText } from '../../../src/import/read-text.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const seedsDir = path.resolve(repoRoot, '../shared/seeds');
export const hasSeeds = existsSync(seedsDir);
export const fixturesDir = path.join(repoRoot, 'tests/fixtures/import');

export const SEEDS = {
  na2024: '000_432df6ecbf3908af.txt',
  tn2024: '001_1ea7e064e5fb4bfa.txt',
  dn2021: '002_591ff2b9d60f55ba.txt',
  na2012: '003_001395ffea9caab6.txt',
  na2030: '004_7ae1cd5c82cf523c.txt',
} as const;

const directories = new Map<string, UnitDirectory>(listShippedProvinces().map((p) => [p, loadUnitDirectory(p)]));
export const provinces = [...directories].map(([slug, d]) => ({ slug, name: d.name }));
export const deadline = createDeadlineAdapter({ calendar: loadWorkingCalendar() });

export function options(fileName: string, format: SourceFormat = 'text', extra: Partial<BuildPlanOptions> = {}): BuildPlanOptions {
  return { fileName, format, sha256: 'test', bytes: 0, provinces, directory: (p) => directories.get(p), deadline, ...extra };
}

export function readSeed(name: string): SourceDocument {
  return readText(decodeText(readFileSync(path.join(seedsDir, name))));
}

export function readFixture(name: string): SourceDocument {
  return readText(decodeText(readFileSync(path.join(fixturesDir, name))));
}

export function draftOf(doc: SourceDocument, fileName = 'x.txt', format: SourceFormat = 'text', extra: Partial<BuildPlanOptions> = {}): PlanDraft {
  return buildPlan(doc, options(fileName, format, extra));
}

/** What must be equal between two formats of the same plan (`flattenLines`: PDF, where a line break inside a
 *  cell cannot be told from wrapping). */
export function comparable(d: PlanDraft, flattenLines = false) {
  const f = (s: string | null) => (s === null ? null : flattenLines ? s.replace(/\n(?!- )/g, ' ') : s);
  return {
    metadata: d.metadata,
    sections: d.sections.map((s) => [s.key, s.title, s.taskCount]),
    tasks: d.tasks.map((t) => [t.key, f(t.title), f(t.output), f(t.leadText), f(t.supportText), f(t.deadlineText), t.budget, t.assignments]),
    budget: d.budget,
    // In a PDF a row split inside a page looks exactly like wrapped text, so "row-continued" notes may differ.
    problems: d.problems
      .filter((p) => !(flattenLines && p.code === 'row-continued'))
      .map((p) => `${p.code}:${p.task ?? ''}`)
      .sort(),
  };
}
