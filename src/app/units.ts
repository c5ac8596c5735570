/**
 * Unit directory use cases: list, add, alias, import (from config/units or a coordinator's file), and the
 * directory a plan import resolves against (the database's, seeded from config/units on first use).
 */
import { and, eq } from 'drizzle-orm';
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
import type { Database } from '../db/client.js';
import { auditLog, unitGroups, units } from '../db/schema.js';
import { addAlias, addGroupAlias, loadDirectory, type SaveDirectoryResult, saveDirectory } from '../db/unit-store.js';
import type { Clock } from '../domain/clock.js';
import { type DateRange, groupMembers, isInForce, type UnitDirectory, type UnitKind, UNIT_KINDS, validateDirectory } from '../domain/units/directory.js';
import { normalizeName } from '../domain/units/normalize.js';
import type { KnownProvince } from '../import/metadata.js';

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
async function provinceName(database: Database, province: string): Promise<string> {
  const shipped = shippedProvinceName(province);
  if (shipped) return shipped;
  const [p] = await database.db
    .select({ name: units.name })
    .from(units)
    .where(and(eq(units.province, province), eq(units.kind, 'province')));
  return p ? p.name.replace(/^(UBND|Ủy ban nhân dân)\s+tỉnh\s+/iu, '') : province;
}

/**
 * The directory of `province` as stored; when the database has none yet and config/units ships one, it is
 * imported first (`seeded` tells the caller). `undefined` when neither exists.
 */
export async function provinceDirectory(
  database: Database,
  province: string,
  options: { seed?: boolean } = {},
): Promise<{ directory: UnitDirectory; seeded: boolean } | undefined> {
  const shipped = listShippedProvinces().includes(province) ? loadUnitDirectory(province) : undefined;
  const phrases = phrasesFor(shipped);
  const name = phrases.name ?? (await provinceName(database, province));
  let dir = await loadDirectory(database.db, province, phrases, name);
  let seeded = false;
  if (!dir && options.seed !== false && shipped) {
    await database.db.transaction(async (tx) => {
      await saveDirectory(tx, shipped);
    });
    seeded = true;
    dir = await loadDirectory(database.db, province, phrases, name);
  }
  return dir ? { directory: shipped ? withShippedFacts(dir, shipped, loadCommonUnits().groups.map((g) => g.code)) : dir, seeded } : undefined;
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
export async function knownProvinces(database: Database): Promise<KnownProvince[]> {
  const out = new Map<string, string>();
  for (const slug of listShippedProvinces()) out.set(slug, shippedProvinceName(slug) ?? slug);
  const rows = await database.db.selectDistinct({ province: units.province }).from(units);
  for (const r of rows) if (!out.has(r.province)) out.set(r.province, await provinceName(database, r.province));
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
export async function importUnits(database: Database, clock: Clock, options: ImportUnitsOptions): Promise<{ province: string } & SaveDirectoryResult> {
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
  return database.db.transaction(async (tx) => {
    const result = await saveDirectory(tx, dir);
    await tx.insert(auditLog).values({
      at: clock.now(),
      actor: options.actor,
      action: 'units.import',
      entity: 'province',
      entityId: dir.province,
      details: { ...result, file: options.file ?? null },
    });
    return { province: dir.province, ...result };
  });
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
  database: Database,
  options: { province: string; at?: string; kind?: UnitKind; today: string },
): Promise<{ units: UnitListRow[]; groups: { code: string; name: string; members: number; aliases: string[] }[]; counts: UnitCounts }> {
  const found = await provinceDirectory(database, options.province);
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
export async function addUnit(database: Database, clock: Clock, o: AddUnitOptions): Promise<{ id: number }> {
  if (!UNIT_KINDS.includes(o.kind)) throw new UnitCommandError(`Loại đơn vị "${o.kind}" không hợp lệ (${UNIT_KINDS.join(', ')}).`);
  for (const d of [o.effectiveFrom, o.effectiveTo]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UnitCommandError(`Ngày "${d}" phải có dạng YYYY-MM-DD.`);
  const existing = await provinceDirectory(database, o.province);
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
  return database.db.transaction(async (tx) => {
    await saveDirectory(tx, { ...current, units: [unit], groups: [] });
    const [row] = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.province, o.province), eq(units.code, o.code)));
    await tx.insert(auditLog).values({ at: clock.now(), actor: o.actor, action: 'units.add', entity: 'unit', entityId: String(row!.id), details: unit });
    return { id: row!.id };
  });
}

/** Adds an alias to a unit or a group (by code). */
export async function addUnitAlias(
  database: Database,
  clock: Clock,
  o: { province: string; code: string; alias: string; short?: boolean; actor: string },
): Promise<'added' | 'exists'> {
  if (!normalizeName(o.alias)) throw new UnitCommandError('Tên gọi khác không được để trống.');
  await provinceDirectory(database, o.province);
  return database.db.transaction(async (tx) => {
    let r: 'added' | 'exists' | 'no-unit' | 'no-group' = await addAlias(tx, o.province, o.code, o.alias, o.short ?? false);
    if (r === 'no-unit') {
      const [g] = await tx
        .select({ id: unitGroups.id })
        .from(unitGroups)
        .where(and(eq(unitGroups.province, o.province), eq(unitGroups.code, o.code)));
      if (!g) throw new UnitCommandError(`Không có đơn vị hay nhóm mã "${o.code}" trong tỉnh ${o.province}.`);
      r = await addGroupAlias(tx, o.province, o.code, o.alias);
    }
    await tx.insert(auditLog).values({ at: clock.now(), actor: o.actor, action: 'units.alias', entity: 'unit', entityId: o.code, details: { alias: o.alias, result: r } });
    return r === 'added' ? 'added' : 'exists';
  });
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
export async function unitCoverage(database: Database, options: { province: string; unit?: string }): Promise<UnitCoverage[]> {
  const rows = await database.sql<
    { code: string; name: string; kind: UnitKind; open_items: number; members: UnitMember[]; group_chat: boolean }[]
  >`
    select u.code, u.name, u.kind::text as kind,
      (select count(*) from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
         join plans p on p.id = t.plan_id
       where a.unit_id = u.id and p.status = 'published'
         and d.state in ('waiting', 'open', 'overdue', 'extended', 'pending_approval'))::int as open_items,
      coalesce((select json_agg(json_build_object('personId', pe.id, 'name', pe.name, 'role', m.role,
                  'reachable', exists (select 1 from chats c where c.person_id = pe.id and c.kind = 'private' and c.active)
                            or exists (select 1 from person_channels pc where pc.person_id = pe.id and pc.active and pc.kind <> 'telegram'),
                  'telegram', (select case when c.active then 'ok' else coalesce(c.inactive_reason, 'inactive') end from chats c
                               where c.person_id = pe.id and c.kind = 'private' order by c.active desc, c.id limit 1),
                  'channels', coalesce((select json_agg(json_build_object('kind', pc.kind, 'address', pc.address, 'usable', pc.active, 'reason', pc.inactive_reason)
                                          order by pc.rank, pc.id)
                                        from person_channels pc where pc.person_id = pe.id), '[]'::json),
                  'lastWorked', (select json_build_object('kind', x.kind, 'at', x.at) from (
                                   select d.kind::text as kind, d.sent_at as at from channel_deliveries d where d.person_id = pe.id
                                   union all
                                   select 'telegram', r.sent_at from chats c join reminders r on r.recipient_chat_id = c.telegram_chat_id and r.status = 'sent'
                                   where c.person_id = pe.id and c.kind = 'private'
                                     and not exists (select 1 from channel_deliveries d2 where d2.reminder_id = r.id)
                                   order by 2 desc limit 1) x))
                  order by m.role, pe.name)
                from memberships m join people pe on pe.id = m.person_id where m.unit_id = u.id and m.active and pe.active), '[]'::json) as members,
      exists (select 1 from chats c where c.unit_id = u.id and c.kind in ('group', 'supergroup') and c.active) as group_chat
    from units u
    where u.province = ${options.province} ${options.unit ? database.sql`and u.code = ${options.unit}` : database.sql``}
    order by u.kind, u.name`;
  if (options.unit && rows.length === 0) throw new UnitCommandError(`Tỉnh "${options.province}" không có đơn vị mã "${options.unit}".`);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    openItems: r.open_items,
    members: r.members,
    groupChat: r.group_chat,
    covered: r.group_chat || r.members.some((m) => m.reachable && (m.role === 'focal' || m.role === 'head')),
  }));
}
