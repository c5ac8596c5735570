/**
 * Loads unit directories from `config/units/<province>.json` merged with `config/units/common.json`
 * (generic groups, vague phrases, and aliases of the standard departments by code). See README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../../src/infra/project-root.js';
import { type UnitDirectory, UNIT_KINDS, validateDirectory } from '../../src/domain/units/directory.js';

export const UNITS_DIR = projectPath('config', 'units');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const unitSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(UNIT_KINDS as [string, ...string[]]),
  parent: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  shortNames: z.array(z.string()).optional(),
  effectiveFrom: isoDate.optional(),
  effectiveTo: isoDate.optional(),
  successor: z.string().optional(),
  note: z.string().optional(),
  uncertain: z.boolean().optional(),
  /** Where a fact was checked (URL or repository + path, and what it says). Documentation only: not loaded. */
  source: z.string().optional(),
});

const groupSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  kinds: z.array(z.enum(UNIT_KINDS as [string, ...string[]])).optional(),
  members: z.array(z.string()).optional(),
  note: z.string().optional(),
});

/** Shape of a province file. */
export const provinceFileSchema = z.object({
  province: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  asOf: isoDate.optional(),
  notes: z.string().optional(),
  units: z.array(unitSchema),
  groups: z.array(groupSchema).default([]),
  vague: z.array(z.string()).default([]),
  ignorable: z.array(z.string()).default([]),
});

/** Shape of common.json. */
export const commonFileSchema = z.object({
  groups: z.array(groupSchema).default([]),
  vague: z.array(z.string()).default([]),
  ignorable: z.array(z.string()).default([]),
  catalog: z.record(z.string(), z.object({ aliases: z.array(z.string()).default([]), shortNames: z.array(z.string()).default([]) })).default({}),
});

export type ProvinceFile = z.infer<typeof provinceFileSchema>;
export type CommonFile = z.infer<typeof commonFileSchema>;

/** Thrown when a directory file is missing or invalid; the message says which file and what. */
export class UnitDirectoryError extends Error {
  override name = 'UnitDirectoryError';
}

/** Pure: merges a province file with the common file into a directory, validating both. */
export function buildUnitDirectory(province: unknown, common: unknown): UnitDirectory {
  const p = provinceFileSchema.safeParse(province);
  if (!p.success) throw new UnitDirectoryError(`invalid province directory: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = commonFileSchema.safeParse(common);
  if (!c.success) throw new UnitDirectoryError(`invalid common.json: ${c.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const cat = c.data.catalog;
  const dir: UnitDirectory = {
    province: p.data.province,
    name: p.data.name,
    units: p.data.units.map((u) => {
      const extra = cat[u.code];
      return {
        code: u.code,
        name: u.name,
        kind: u.kind as UnitDirectory['units'][number]['kind'],
        ...(u.parent ? { parent: u.parent } : {}),
        aliases: dedupe([...(u.aliases ?? []), ...(extra?.aliases ?? [])]),
        shortNames: dedupe([...(u.shortNames ?? extra?.shortNames ?? [])]),
        ...(u.effectiveFrom ? { effectiveFrom: u.effectiveFrom } : {}),
        ...(u.effectiveTo ? { effectiveTo: u.effectiveTo } : {}),
        ...(u.successor ? { successor: u.successor } : {}),
        ...(u.note ? { note: u.note } : {}),
        ...(u.uncertain ? { uncertain: true } : {}),
      };
    }),
    groups: [...c.data.groups, ...p.data.groups].map((g) => ({
      code: g.code,
      name: g.name,
      aliases: g.aliases,
      ...(g.kinds ? { kinds: g.kinds as UnitDirectory['units'][number]['kind'][] } : {}),
      ...(g.members ? { members: g.members } : {}),
      ...(g.note ? { note: g.note } : {}),
    })),
    vague: [...c.data.vague, ...p.data.vague],
    ignorable: [...c.data.ignorable, ...p.data.ignorable],
  };
  const problems = validateDirectory(dir);
  if (problems.length > 0) throw new UnitDirectoryError(`directory ${dir.province}: ${problems.join('; ')}`);
  return dir;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UnitDirectoryError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UnitDirectoryError(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads common.json (for merging imported files). */
export function loadCommonUnits(dir = UNITS_DIR): CommonFile {
  return commonFileSchema.parse(readJson(path.join(dir, 'common.json')));
}

/** Loads the shipped directory of `province` (a slug such as `nghe-an`). */
export function loadUnitDirectory(province: string, dir = UNITS_DIR): UnitDirectory {
  if (!/^[a-z0-9-]+$/.test(province)) throw new UnitDirectoryError(`invalid province slug "${province}"`);
  return buildUnitDirectory(readJson(path.join(dir, `${province}.json`)), readJson(path.join(dir, 'common.json')));
}

/** Loads a directory file given by path (for `nhacviec units import FILE`), merged with common.json. */
export function loadUnitDirectoryFile(file: string, dir = UNITS_DIR): UnitDirectory {
  return buildUnitDirectory(readJson(file), readJson(path.join(dir, 'common.json')));
}

/** Province slugs that have a shipped directory. */
export function listShippedProvinces(dir = UNITS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'common.json' && f !== 'template.json')
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
