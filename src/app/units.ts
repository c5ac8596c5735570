/**
 * Unit directory use cases: list, add, alias, import (from config/units or a coordinator's file), and the
 * directory a plan import resolves against (the database's, seeded from config/units on first use).
 */
import {
  buildUnitDirectory,
  listShippedProvinces,
  loadCommonUnits,
  loadUnitDirectory,
  loadUnitDirectoryFile,
  provinceMerge,
  shippedProvinceName,
  UnitDirectoryError,
} from '../../config/units/load.js';
import type { Clock } from '../domain/clock.js';
import { type DateRange, groupMembers, isInForce, type UnitDirectory, type UnitKind, UNIT_KINDS, validateDirectory } from '../domain/units/directory.js';
import { normalizeName } from '../domain/units/normalize.js';
import { createUnitIndex, type AgencyColumn, type AgencyResolution } from '../domain/units/resolver.js';
import type { KnownProvince } from '../import/metadata.js';

/** Counts of what saving a directory changed. */
export interface SaveDirectoryResult {
  unitsAdded: number;
  unitsUpdated: number;
  aliasesAdded: number;
  groupsAdded: number;
  groupsUpdated: number;
  membersAdded: number;
}

/** Phrases that live in configuration, not in the database (vague references, ignorable words). */
export interface DirectoryPhrases {
  vague: string[];
  ignorable: string[];
}

/** One audit_log row the unit use cases write (in the same transaction as the change). */
export interface UnitAuditEntry {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

/** One unit's people and recipients, as the store reads them (see {@link UnitCoverage}). */
export interface UnitCoverageRow {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  openItems: number;
  members: UnitMember[];
  groupChat: boolean;
}

/** The persistence port of the unit directory; PostgreSQL implements it (src/db/unit-store.ts). */
export interface UnitDirectoryStore {
  /** The name of the province's own unit (kind `province`), if the database has one. */
  provinceUnitName(province: string): Promise<string | undefined>;
  /** `province`'s directory as stored; `undefined` when it has no units. */
  loadDirectory(province: string, phrases: DirectoryPhrases, name?: string): Promise<UnitDirectory | undefined>;
  /** Writes a directory idempotently (never deletes), in one transaction, with `audit` when given. */
  saveDirectory(dir: UnitDirectory, audit?: Omit<UnitAuditEntry, 'entityId' | 'details'> & { entityId?: string; details?: Record<string, unknown> }): Promise<SaveDirectoryResult>;
  /** Provinces with units in the database. */
  provinces(): Promise<string[]>;
  /** Saves one new unit (a directory slice) and audits it with the new row's id; returns the id. */
  addUnit(dir: UnitDirectory, code: string, audit: Omit<UnitAuditEntry, 'entityId'>): Promise<number>;
  /** Adds an alias to the unit `code`, else to the group `code`, and audits the result. */
  addAlias(input: { province: string; code: string; alias: string; short: boolean }, audit: Omit<UnitAuditEntry, 'details'>): Promise<'added' | 'exists' | 'not_found'>;
  /** Every unit of the province (or the one with `unit` code) with its people, group chat and open items. */
  coverage(province: string, unit?: string): Promise<UnitCoverageRow[]>;
}

/** A user-input problem with a unit command (Vietnamese message). */
export class UnitCommandError extends Error {
  override name = 'UnitCommandError';
}

function phrasesFor(shipped?: UnitDirectory): { vague: string[]; ignorable: string[]; name?: string } {
  const common = loadCommonUnits();
  let extra: { vague: string[]; ignorable: string[]; name?: string } = { vague: [], ignorable: [] };
  if (shipped) extra = { vague: shipped.vague, ignorable: shipped.ignorable, name: shipped.name };
  return {
    vague: [...new Set([...common.vague, ...extra.vague])],
    ignorable: [...new Set([...common.ignorable, ...extra.ignorable])],
    ...(extra.name ? { name: extra.name } : {}),
  };
}

/** Province display name: the shipped directory's, or the province unit's name without "UBND tỉnh". */
async function provinceName(store: UnitDirectoryStore, province: string): Promise<string> {
  const shipped = shippedProvinceName(province);
  if (shipped) return shipped;
  const p = await store.provinceUnitName(province);
  return p ? p.replace(/^(UBND|Ủy ban nhân dân)\s+tỉnh\s+/iu, '') : province;
}

/**
 * The directory of `province` as stored; when the database has none yet and config/units ships one, it is
 * imported first (`seeded` tells the caller). `undefined` when neither exists.
 */
export async function provinceDirectory(
  store: UnitDirectoryStore,
  province: string,
  options: { seed?: boolean } = {},
): Promise<{ directory: UnitDirectory; seeded: boolean } | undefined> {
  const shipped = listShippedProvinces().includes(province) ? loadUnitDirectory(province) : undefined;
  const phrases = phrasesFor(shipped);
  const name = phrases.name ?? (await provinceName(store, province));
  let dir = await store.loadDirectory(province, phrases, name);
  let seeded = false;
  if (!dir && options.seed !== false && shipped) {
    await store.saveDirectory(shipped);
    seeded = true;
    dir = await store.loadDirectory(province, phrases, name);
  }
  return dir ? { directory: shipped ? withShippedFacts(dir, shipped, loadCommonUnits().groups.map((g) => g.code)) : dir, seeded } : undefined;
}

/**
 * Reads a "lead/support unit" cell as a plan import would (`nhacviec units resolve`): against the province's stored
 * directory, with the units that exist in `year`. Throws {@link UnitCommandError} when the province has no directory.
 */
export async function resolveUnitCell(
  store: UnitDirectoryStore,
  input: { province: string; year: number; text: string; column: AgencyColumn },
): Promise<AgencyResolution> {
  const found = await provinceDirectory(store, input.province, { seed: false });
  if (!found) throw new UnitCommandError(`Chưa có danh mục đơn vị của tỉnh "${input.province}".`);
  const index = createUnitIndex(found.directory, { from: `${input.year}-01-01`, to: `${input.year}-12-31` });
  return index.resolve(input.text, input.column);
}

/**
 * The database keeps units, aliases and groups; facts it has no column for come from the shipped directory by code:
 * a unit's successor and uncertainty, a group's dates, successor and note. Groups of common.json the database does
 * not have yet (added by a later version) are added, so that a province seeded earlier reads 2025+ plans the same.
 */
export function withShippedFacts(dir: UnitDirectory, shipped: UnitDirectory, commonGroups: string[]): UnitDirectory {
  const shippedUnits = new Map(shipped.units.map((u) => [u.code, u]));
  const shippedGroups = new Map(shipped.groups.map((g) => [g.code, g]));
  const codes = new Set(dir.units.map((u) => u.code));
  const units = dir.units.map((u) => {
    const s = shippedUnits.get(u.code);
    if (!s) return u;
    return {
      ...u,
      ...(!u.successor && s.successor && codes.has(s.successor) ? { successor: s.successor } : {}),
      ...(s.uncertain ? { uncertain: true } : {}),
    };
  });
  const groups = dir.groups.map((g) => {
    const s = shippedGroups.get(g.code);
    if (!s) return g;
    return {
      ...g,
      ...(s.effectiveFrom ? { effectiveFrom: s.effectiveFrom } : {}),
      ...(s.effectiveTo ? { effectiveTo: s.effectiveTo } : {}),
      ...(s.successor ? { successor: s.successor } : {}),
      ...(s.note && !g.note ? { note: s.note } : {}),
    };
  });
  const have = new Set(groups.map((g) => g.code));
  const common = new Set(commonGroups);
  for (const g of shipped.groups) if (common.has(g.code) && !have.has(g.code) && !(g.members ?? []).some((m) => !codes.has(m))) groups.push(g);
  const present = new Set(groups.map((g) => g.code));
  const linked = groups.map((g) => {
    if (!g.successor || present.has(g.successor)) return g;
    const { successor: _s, ...rest } = g;
    return rest;
  });
  return { ...dir, units, groups: linked };
}

/** Provinces the importer recognises by name: shipped ones and those with units in the database. */
export async function knownProvinces(store: UnitDirectoryStore): Promise<KnownProvince[]> {
  const out = new Map<string, string>();
  for (const slug of listShippedProvinces()) out.set(slug, shippedProvinceName(slug) ?? slug);
  for (const province of await store.provinces()) if (!out.has(province)) out.set(province, await provinceName(store, province));
  return [...out].map(([slug, name]) => ({ slug, name }));
}

/** Options of {@link importUnits}. */
export interface ImportUnitsOptions {
  /** A directory file (same shape as config/units/<province>.json); absent = the shipped file of `province`. */
  file?: string;
  province?: string;
  actor: string;
}

/** Imports a directory into the database (idempotent, never deletes). */
export async function importUnits(store: UnitDirectoryStore, clock: Clock, options: ImportUnitsOptions): Promise<{ province: string } & SaveDirectoryResult> {
  let dir: UnitDirectory;
  if (!options.file && options.province && !listShippedProvinces().includes(options.province)) {
    const merged = provinceMerge(options.province);
    throw new UnitCommandError(
      merged
        ? `Tỉnh ${merged.name} đã nhập vào tỉnh ${merged.intoName} từ 01/7/2025 (Nghị quyết 202/2025/QH15) và không có danh mục riêng: dùng --province ${merged.into}.`
        : `Không có danh mục của tỉnh "${options.province}". Các tỉnh có sẵn: ${listShippedProvinces().join(', ')}.`,
    );
  }
  try {
    if (options.file) dir = loadUnitDirectoryFile(options.file);
    else if (options.province) dir = loadUnitDirectory(options.province);
    else throw new UnitCommandError('Cần chỉ rõ tệp danh mục hoặc --province.');
  } catch (err) {
    if (err instanceof UnitDirectoryError) throw new UnitCommandError(`Danh mục không hợp lệ: ${err.message}`);
    throw err;
  }
  if (options.file && options.province && dir.province !== options.province)
    throw new UnitCommandError(`Tệp danh mục là của tỉnh "${dir.province}", không phải "${options.province}".`);
  const result = await store.saveDirectory(dir, {
    at: clock.now(),
    actor: options.actor,
    action: 'units.import',
    entity: 'province',
    entityId: dir.province,
    details: { file: options.file ?? null },
  });
  return { province: dir.province, ...result };
}

/** One row of `units list`. */
export interface UnitListRow {
  code: string;
  name: string;
  kind: UnitKind;
  parent?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  inForce: boolean;
  aliases: string[];
}

/** Counts of `units list`: by level on one day, and the days on which units start or end. */
export interface UnitCounts {
  /** The day of `byKind[].inForce` (`--at`, else today). */
  at: string;
  byKind: { kind: UnitKind; inForce: number; total: number }[];
  /** Units of a kind starting on `date` (first day) or ending on it (last day), in date order. */
  byDate: { date: string; kind: UnitKind; starting: number; ending: number }[];
}

/** Pure: the counts of `units list` for `dir` on `at`. */
export function countUnits(dir: UnitDirectory, at: string): UnitCounts {
  const byKind = UNIT_KINDS.map((kind) => {
    const list = dir.units.filter((u) => u.kind === kind);
    return { kind, inForce: list.filter((u) => isInForce(u, { from: at, to: at })).length, total: list.length };
  }).filter((k) => k.total > 0);
  const dated = new Map<string, { date: string; kind: UnitKind; starting: number; ending: number }>();
  const bump = (date: string, kind: UnitKind, key: 'starting' | 'ending') => {
    const k = `${date}|${kind}`;
    const row = dated.get(k) ?? { date, kind, starting: 0, ending: 0 };
    row[key]++;
    dated.set(k, row);
  };
  for (const u of dir.units) {
    if (u.effectiveFrom) bump(u.effectiveFrom, u.kind, 'starting');
    if (u.effectiveTo) bump(u.effectiveTo, u.kind, 'ending');
  }
  const byDate = [...dated.values()].sort((a, b) => a.date.localeCompare(b.date) || UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind));
  return { at, byKind, byDate };
}

/** Lists a province's units (all, or those in force on `at`), its groups with member counts, and counts by level and date. */
export async function listUnits(
  store: UnitDirectoryStore,
  options: { province: string; at?: string; kind?: UnitKind; today: string },
): Promise<{ units: UnitListRow[]; groups: { code: string; name: string; members: number; aliases: string[] }[]; counts: UnitCounts }> {
  const found = await provinceDirectory(store, options.province);
  if (!found) throw new UnitCommandError(`Chưa có danh mục đơn vị của tỉnh "${options.province}".`);
  const dir = found.directory;
  const range: DateRange | undefined = options.at ? { from: options.at, to: options.at } : undefined;
  const rows = dir.units
    .filter((u) => !options.kind || u.kind === options.kind)
    .map((u) => ({
      code: u.code,
      name: u.name,
      kind: u.kind,
      ...(u.parent ? { parent: u.parent } : {}),
      ...(u.effectiveFrom ? { effectiveFrom: u.effectiveFrom } : {}),
      ...(u.effectiveTo ? { effectiveTo: u.effectiveTo } : {}),
      inForce: range ? isInForce(u, range) : true,
      aliases: [...u.aliases, ...(u.shortNames ?? [])],
    }))
    .filter((u) => u.inForce);
  const groupRange = range ?? { from: '0000-01-01', to: '9999-12-31' };
  return {
    units: rows,
    groups: dir.groups.map((g) => ({ code: g.code, name: g.name, members: groupMembers(g, dir.units, groupRange).length, aliases: g.aliases })),
    counts: countUnits(dir, options.at ?? options.today),
  };
}

/** Options of {@link addUnit}. */
export interface AddUnitOptions {
  province: string;
  code: string;
  name: string;
  kind: UnitKind;
  parent?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  aliases?: string[];
  actor: string;
}

/** Adds one unit (refuses an existing code). */
export async function addUnit(store: UnitDirectoryStore, clock: Clock, o: AddUnitOptions): Promise<{ id: number }> {
  if (!UNIT_KINDS.includes(o.kind)) throw new UnitCommandError(`Loại đơn vị "${o.kind}" không hợp lệ (${UNIT_KINDS.join(', ')}).`);
  for (const d of [o.effectiveFrom, o.effectiveTo]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UnitCommandError(`Ngày "${d}" phải có dạng YYYY-MM-DD.`);
  const existing = await provinceDirectory(store, o.province);
  const current = existing?.directory ?? { province: o.province, name: o.province, units: [], groups: [], vague: [], ignorable: [] };
  if (current.units.some((u) => u.code === o.code)) throw new UnitCommandError(`Đơn vị mã "${o.code}" đã có trong tỉnh ${o.province}.`);
  const unit = {
    code: o.code,
    name: o.name,
    kind: o.kind,
    ...(o.parent ? { parent: o.parent } : {}),
    aliases: o.aliases ?? [],
    ...(o.effectiveFrom ? { effectiveFrom: o.effectiveFrom } : {}),
    ...(o.effectiveTo ? { effectiveTo: o.effectiveTo } : {}),
  };
  const problems = validateDirectory({ ...current, units: [...current.units, unit], groups: [] });
  if (problems.length > 0) throw new UnitCommandError(`Không thêm được đơn vị: ${problems.join('; ')}`);
  const id = await store.addUnit({ ...current, units: [unit], groups: [] }, o.code, { at: clock.now(), actor: o.actor, action: 'units.add', entity: 'unit', details: unit });
  return { id };
}

/** Adds an alias to a unit or a group (by code). */
export async function addUnitAlias(
  store: UnitDirectoryStore,
  clock: Clock,
  o: { province: string; code: string; alias: string; short?: boolean; actor: string },
): Promise<'added' | 'exists'> {
  if (!normalizeName(o.alias)) throw new UnitCommandError('Tên gọi khác không được để trống.');
  await provinceDirectory(store, o.province);
  const r = await store.addAlias(
    { province: o.province, code: o.code, alias: o.alias, short: o.short ?? false },
    { at: clock.now(), actor: o.actor, action: 'units.alias', entity: 'unit', entityId: o.code },
  );
  if (r === 'not_found') throw new UnitCommandError(`Không có đơn vị hay nhóm mã "${o.code}" trong tỉnh ${o.province}.`);
  return r;
}

export { buildUnitDirectory };

/** A member as `units members` shows them: their channels in preference order and which one last worked. */
export interface UnitMember {
  personId: number;
  name: string;
  role: string;
  /** Some channel can reach them: an active private chat, or a usable e-mail / Zalo channel. */
  reachable: boolean;
  /** Their Telegram private chat: `ok`, the reason it is inactive, or null without one. */
  telegram: string | null;
  /** Their channels beside the implicit Telegram chat (issue #15), best first. */
  channels: { kind: string; address: string; usable: boolean; reason: string | null }[];
  /** The channel of their last delivered reminder, and when; null when none yet. */
  lastWorked: { kind: string; at: string } | null;
}

/** Who a unit's reminders reach (`units members`). */
export interface UnitCoverage {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  /** Due items of published plans still being chased. */
  openItems: number;
  members: UnitMember[];
  /** A group chat bound to the unit (the fallback recipient). */
  groupChat: boolean;
  /** Whether reminders reach anyone: a reachable focal point or head, or the group chat. */
  covered: boolean;
}

/**
 * `units members`: for every unit of a province, its registered people (active memberships; reachable = a private
 * chat the bot can still write to), its group chat, and its open items — so the coordinator sees, before go-live,
 * which units with work to do have nobody to remind.
 */
export async function unitCoverage(store: UnitDirectoryStore, options: { province: string; unit?: string }): Promise<UnitCoverage[]> {
  const rows = await store.coverage(options.province, options.unit);
  if (options.unit && rows.length === 0) throw new UnitCommandError(`Tỉnh "${options.province}" không có đơn vị mã "${options.unit}".`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    openItems: r.openItems,
    members: r.members,
    groupChat: r.groupChat,
    covered: r.groupChat || r.members.some((m) => m.reachable && (m.role === 'focal' || m.role === 'head')),
  }));
}
