/**
 * Loads unit directories from `config/units/<province>.json` merged with `config/units/common.json`
 * (generic groups, vague phrases, and aliases of the standard departments by code), and — for the 34 provinces in
 * force since 2025-07-01 — with the units built from `admin-units-2025.json` (generated from the GSO list) and
 * `reorg-2025.json` (the 2025 reorganisation of provincial bodies). See README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectPath } from '../../src/infra/project-root.js';
import { type UnitDirectory, UNIT_KINDS, validateDirectory } from '../../src/domain/units/directory.js';
import { type AdminProvince, type AdminUnits2025, parseAdminUnits, slugify, TWO_TIER_FROM } from './admin-units.js';

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
  effectiveFrom: isoDate.optional(),
  effectiveTo: isoDate.optional(),
  successor: z.string().optional(),
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
      ...(g.effectiveFrom ? { effectiveFrom: g.effectiveFrom } : {}),
      ...(g.effectiveTo ? { effectiveTo: g.effectiveTo } : {}),
      ...(g.successor ? { successor: g.successor } : {}),
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

/** Parsed JSON files, by path: the shipped data never changes while the process runs. */
const jsonCache = new Map<string, unknown>();

function readJson(file: string): unknown {
  const hit = jsonCache.get(file);
  if (hit !== undefined) return structuredClone(hit);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UnitDirectoryError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UnitDirectoryError(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  jsonCache.set(file, data);
  return structuredClone(data);
}

/** The generated list of the 34 provinces and their communes (see admin-units.ts). */
export const ADMIN_UNITS_FILE = 'admin-units-2025.json';
/** The 2025 reorganisation of provincial bodies, the province mergers and known commune successions. */
export const REORG_FILE = 'reorg-2025.json';
/** Files of config/units that are not province directories. */
const NOT_PROVINCES = new Set(['common.json', 'template.json', ADMIN_UNITS_FILE, REORG_FILE]);

const reorgBodySchema = z.object({
  code: z.string(),
  name: z.string(),
  note: z.string().optional(),
  /** Created by the reorganisation (starts on the province's reorganisation day). */
  new: z.boolean().optional(),
  successor: z.string().optional(),
  /** Only these provinces (specific bodies). */
  provinces: z.array(z.string()).optional(),
});

/** Shape of reorg-2025.json. */
export const reorgFileSchema = z.object({
  sources: z.record(z.string(), z.string()),
  defaultReorgDate: isoDate,
  reorgDates: z.record(z.string(), z.object({ date: isoDate, source: z.string() })),
  bodies: z.array(reorgBodySchema),
  specific: z.array(reorgBodySchema),
  predecessors: z.array(reorgBodySchema.extend({ successor: z.string() })),
  mergedProvinces: z.array(z.object({ slug: z.string(), name: z.string(), into: z.string() })),
  communeDates: z.record(z.string().regex(/^\d{5}$/), z.object({ from: isoDate, source: z.string() })),
  communeSuccessors: z.array(z.object({ province: z.string(), successor: z.string().regex(/^\d{5}$/), predecessors: z.array(z.string()), source: z.string() })),
});

export type ReorgFile = z.infer<typeof reorgFileSchema>;

const adminCache = new Map<string, AdminUnits2025>();
const reorgCache = new Map<string, ReorgFile>();

/** The generated list (parsed once per process; read-only). */
function loadAdminUnits(dir: string): AdminUnits2025 {
  const hit = adminCache.get(dir);
  if (hit) return hit;
  try {
    const data = parseAdminUnits(readJson(path.join(dir, ADMIN_UNITS_FILE)));
    adminCache.set(dir, data);
    return data;
  } catch (err) {
    if (err instanceof UnitDirectoryError) throw err;
    throw new UnitDirectoryError(`invalid ${ADMIN_UNITS_FILE}: ${(err as Error).message}`, { cause: err });
  }
}

function loadReorg(dir: string): ReorgFile {
  const hit = reorgCache.get(dir);
  if (hit) return hit;
  const r = reorgFileSchema.safeParse(readJson(path.join(dir, REORG_FILE)));
  if (!r.success) throw new UnitDirectoryError(`invalid ${REORG_FILE}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  reorgCache.set(dir, r.data);
  return r.data;
}

/** The day before an ISO date. */
function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const COMMUNE_PREFIX: Record<string, string> = { Xã: 'xa', Phường: 'phuong', 'Đặc khu': 'dac-khu' };

/**
 * Code of a commune of the 2025 list: `<xa|phuong|dac-khu>-<name slug>-<GSO code>-2025`. The suffix keeps it apart
 * from a pre-2025 commune whose GSO code the new one took over (`phuong-truong-thi-16690` → `phuong-truong-vinh-16690-2025`).
 */
export function communeCode2025(gso: string, fullName: string, kind: string): string {
  const prefix = COMMUNE_PREFIX[kind] ?? slugify(kind);
  const bare = fullName.startsWith(`${kind} `) ? fullName.slice(kind.length + 1) : fullName;
  return `${prefix}-${slugify(bare)}-${gso}-2025`;
}

/** "Tỉnh Hà Tĩnh" → "tỉnh Hà Tĩnh" (as written after "UBND"). */
function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

/**
 * Pure: the directory file of one of the 34 provinces, built from its entry of the generated list and the
 * reorganisation data: UBND tỉnh, Văn phòng UBND and Thanh tra tỉnh, the uniform departments of NĐ 45/2025 (those
 * it created start on the province's reorganisation day), the departments they replaced (ending the day before,
 * naming their successor), the specific departments (kind `other`, marked uncertain: only some provinces have
 * them), and the commune-level units from 2025-07-01.
 */
export function buildProvince2025(p: AdminProvince, reorg: ReorgFile): ProvinceFile {
  const where = lowerFirst(p.fullName);
  const city = p.kind === 'Thành phố';
  const known = reorg.reorgDates[p.slug];
  const reorgDate = known?.date ?? reorg.defaultReorgDate;
  const dated = known ? {} : { uncertain: true };
  const dateNote = known ? '' : ` Start ${reorgDate} assumed (the province's resolution was not checked).`;
  const fill = (name: string) => name.replace('{p}', where);
  const cityAliases = (name: string) => (city && name.includes('{p}') ? [name.replace('{p}', 'thành phố')] : []);
  const units: ProvinceFile['units'] = [
    { code: 'ubnd-tinh', name: `UBND ${where}`, kind: 'province', aliases: [`Ủy ban nhân dân ${where}`, ...(city ? ['UBND thành phố', 'Ủy ban nhân dân thành phố'] : [])] },
  ];
  for (const b of reorg.bodies)
    units.push({
      code: b.code,
      name: fill(b.name),
      kind: 'department',
      aliases: cityAliases(b.name),
      ...(b.new ? { effectiveFrom: reorgDate, ...dated } : {}),
      note: `NĐ 45/2025/NĐ-CP Điều 8.${b.note ? ` ${b.note}` : ''}${b.new ? dateNote : ''}`,
    });
  for (const b of reorg.specific) {
    if (b.provinces && !b.provinces.includes(p.slug)) continue;
    units.push({
      code: b.code,
      name: fill(b.name),
      kind: 'other',
      aliases: cityAliases(b.name),
      ...(b.new ? { effectiveFrom: reorgDate } : {}),
      uncertain: true,
      note: `Sở đặc thù (NĐ 45/2025/NĐ-CP Điều 9): only some provinces have it; not counted among "các sở, ban, ngành" until the province's own directory lists it as a department.${b.note ? ` ${b.note}` : ''}`,
    });
  }
  for (const b of reorg.predecessors)
    units.push({
      code: b.code,
      name: fill(b.name),
      kind: 'department',
      aliases: cityAliases(b.name),
      effectiveTo: dayBefore(reorgDate),
      successor: b.successor,
      ...dated,
      ...(b.code === 'ban-dan-toc' ? { uncertain: true } : {}),
      note: `Replaced in the 2025 reorganisation (NĐ 45/2025/NĐ-CP).${b.note ? ` ${b.note}` : ''}${known ? '' : ` End ${dayBefore(reorgDate)} assumed.`}`,
    });
  for (const [gso, fullName, kind] of p.communes)
    units.push({
      code: communeCode2025(gso, fullName, kind),
      name: fullName,
      kind: 'commune',
      aliases: [`UBND ${fullName}`],
      effectiveFrom: reorg.communeDates[gso]?.from ?? TWO_TIER_FROM,
    });
  return {
    province: p.slug,
    name: p.name,
    notes: `Generated from ${ADMIN_UNITS_FILE} (${p.communes.length} commune-level units from ${TWO_TIER_FROM}) and ${REORG_FILE}.`,
    units,
    groups: [],
    vague: [],
    ignorable: [],
  };
}


/**
 * Pure: a shipped province file completed with the generated one. The shipped file wins for every code it has
 * (its facts were checked one by one); generated units it lacks are added; communes it lists that a source says were
 * merged into a 2025 commune name it as successor.
 */
export function mergeProvinceFiles(own: ProvinceFile, generated: ProvinceFile | undefined, successions: ReorgFile['communeSuccessors'] = []): ProvinceFile {
  const codes = new Set(own.units.map((u) => u.code));
  const units = [...own.units, ...(generated?.units ?? []).filter((u) => !codes.has(u.code))];
  const byGso = new Map(units.filter((u) => u.kind === 'commune' && u.effectiveFrom === TWO_TIER_FROM).map((u) => [u.code.split('-').at(-2)!, u.code]));
  const successorOf = new Map<string, string>();
  for (const s of successions) {
    if (s.province !== own.province) continue;
    const to = byGso.get(s.successor);
    if (!to) continue;
    for (const from of s.predecessors) successorOf.set(from, to);
  }
  return {
    ...own,
    units: units.map((u) => (successorOf.has(u.code) && !u.successor ? { ...u, successor: successorOf.get(u.code)! } : u)),
  };
}

/** A province merged into another on 2025-07-01 (Nghị quyết 202/2025/QH15). */
export interface ProvinceMerge {
  slug: string;
  name: string;
  /** Slug and name of the province it became part of. */
  into: string;
  intoName: string;
  /** Its last day (2025-06-30). */
  lastDay: string;
}

/** Whether `province` was merged into another in 2025, and into which. */
export function provinceMerge(province: string, dir = UNITS_DIR): ProvinceMerge | undefined {
  const m = loadReorg(dir).mergedProvinces.find((x) => x.slug === province);
  if (!m) return undefined;
  const into = loadAdminUnits(dir).provinces.find((p) => p.slug === m.into);
  return { slug: m.slug, name: m.name, into: m.into, intoName: into?.name ?? m.into, lastDay: dayBefore(TWO_TIER_FROM) };
}

function provinceFilePath(province: string, dir: string): string | undefined {
  const file = path.join(dir, `${province}.json`);
  return existsSync(file) ? file : undefined;
}

/** The province file of `province` as loaded: its own file completed with the generated one, or either alone. */
function provinceFile(province: string, dir: string): ProvinceFile {
  if (!/^[a-z0-9-]+$/.test(province)) throw new UnitDirectoryError(`invalid province slug "${province}"`);
  const own = provinceFilePath(province, dir);
  const admin = loadAdminUnits(dir).provinces.find((p) => p.slug === province);
  if (!own && !admin) {
    const merged = provinceMerge(province, dir);
    throw new UnitDirectoryError(
      merged
        ? `no directory for "${province}": ${merged.name} was merged into ${merged.intoName} on ${TWO_TIER_FROM} (use "${merged.into}")`
        : `no directory for "${province}" (known: ${listShippedProvinces(dir).join(', ')})`,
    );
  }
  const reorg = loadReorg(dir);
  const generated = admin ? buildProvince2025(admin, reorg) : undefined;
  if (!own) return generated!;
  const p = provinceFileSchema.safeParse(readJson(own));
  if (!p.success) throw new UnitDirectoryError(`invalid province directory ${own}: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return mergeProvinceFiles(p.data, generated, reorg.communeSuccessors);
}

/** Reads common.json (for merging imported files). */
export function loadCommonUnits(dir = UNITS_DIR): CommonFile {
  return commonFileSchema.parse(readJson(path.join(dir, 'common.json')));
}

/** Loads the shipped directory of `province` (a slug such as `nghe-an`). */
export function loadUnitDirectory(province: string, dir = UNITS_DIR): UnitDirectory {
  return buildUnitDirectory(provinceFile(province, dir), readJson(path.join(dir, 'common.json')));
}

/** Display name of a shipped province without building its directory ("Hà Tĩnh"). */
export function shippedProvinceName(province: string, dir = UNITS_DIR): string | undefined {
  const own = provinceFilePath(province, dir);
  if (own) {
    const data = readJson(own) as { name?: unknown };
    if (typeof data.name === 'string') return data.name;
  }
  return loadAdminUnits(dir).provinces.find((p) => p.slug === province)?.name;
}

/** Loads a directory file given by path (for `nhacviec units import FILE`), merged with common.json. */
export function loadUnitDirectoryFile(file: string, dir = UNITS_DIR): UnitDirectory {
  return buildUnitDirectory(readJson(file), readJson(path.join(dir, 'common.json')));
}

/** Province slugs that have a shipped directory: a file of their own, or one of the 34 of the generated list. */
export function listShippedProvinces(dir = UNITS_DIR): string[] {
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !NOT_PROVINCES.has(f))
    .map((f) => f.slice(0, -'.json'.length));
  return [...new Set([...own, ...loadAdminUnits(dir).provinces.map((p) => p.slug)])].sort();
}
