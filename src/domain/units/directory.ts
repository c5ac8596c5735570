/**
 * The unit directory of one province: units (with the dates they exist), groups that plans name
 * ("Các Sở, ban, ngành cấp tỉnh"), and phrases that name no particular unit. Pure data types and the
 * in-force filter; loading from JSON or the database happens at the edges.
 */

/** Mirrors the `unit_kind` enum of the database. */
export type UnitKind = 'province' | 'department' | 'district' | 'commune' | 'other';

export const UNIT_KINDS: readonly UnitKind[] = ['province', 'department', 'district', 'commune', 'other'];

/** One unit as the directory knows it. */
export interface DirectoryUnit {
  /** Stable code inside the province, e.g. `so-noi-vu`. */
  code: string;
  /** Official name at the time the directory describes (the name plans should resolve to). */
  name: string;
  kind: UnitKind;
  /** Code of the parent unit (a commune's district). */
  parent?: string;
  /** Other written forms, abbreviations included ("Sở KH và ĐT", "Sở KH&ĐT"). Case/diacritics are ignored. */
  aliases: string[];
  /**
   * Bare names that identify the unit only inside an enumeration ("Các Sở: Xây dựng, Y tế") or, for
   * districts and communes, on their own ("Nghi Lộc").
   */
  shortNames?: string[];
  /** First day the unit exists (ISO date); absent = since before any plan. */
  effectiveFrom?: string;
  /** Last day the unit exists (ISO date); absent = still exists. */
  effectiveTo?: string;
  /** Code of the unit that took over its duties when it ended (for suggestions). */
  successor?: string;
  /** Free text: sources, or why a date is uncertain. */
  note?: string;
  /** True when a fact (name, date) is not certain and should be checked against the official act. */
  uncertain?: boolean;
}

/** A named set of units. Members are the units of `kinds` in force, plus `members`. */
export interface DirectoryGroup {
  code: string;
  name: string;
  aliases: string[];
  /** Every unit of these kinds in force belongs to the group. */
  kinds?: UnitKind[];
  /** Explicit member codes. */
  members?: string[];
  /** First day plans may name the group (ISO date); absent = always. */
  effectiveFrom?: string;
  /**
   * Last day plans may name the group ("UBND cấp huyện": 2025-06-30); absent = still. A plan whose period starts
   * later gets a problem naming `successor` instead of an empty group.
   */
  effectiveTo?: string;
  /** Code of the group that replaced it. */
  successor?: string;
  /** Shown to the coordinator whenever a plan names the group (why it resolves as it does, or why it ended). */
  note?: string;
}

/** A province's directory. */
export interface UnitDirectory {
  /** Province slug, e.g. `nghe-an`. */
  province: string;
  /** Display name, e.g. "Nghệ An". */
  name: string;
  units: DirectoryUnit[];
  groups: DirectoryGroup[];
  /**
   * Phrases that name no particular unit ("các cơ quan, đơn vị liên quan"). A plan cell holding only these
   * creates no assignment; the review says so instead of reporting an unknown agency.
   */
  vague: string[];
  /** Words and phrases that describe a part or a person of a unit ("Thủ trưởng", "bộ phận tham mưu"): skipped. */
  ignorable: string[];
}

/** A closed date range, ISO `YYYY-MM-DD`. */
export interface DateRange {
  from: string;
  to: string;
}

/** Whether `unit` exists on at least one day of `range`. */
export function isInForce(unit: Pick<DirectoryUnit, 'effectiveFrom' | 'effectiveTo'>, range: DateRange): boolean {
  if (unit.effectiveFrom && unit.effectiveFrom > range.to) return false;
  if (unit.effectiveTo && unit.effectiveTo < range.from) return false;
  return true;
}

/** The member codes of `group` among `units` in force during `range` (order of the directory). */
export function groupMembers(group: DirectoryGroup, units: DirectoryUnit[], range: DateRange): string[] {
  const kinds = new Set(group.kinds ?? []);
  const explicit = new Set(group.members ?? []);
  return units.filter((u) => isInForce(u, range) && (kinds.has(u.kind) || explicit.has(u.code))).map((u) => u.code);
}

/** Problems in a directory itself (duplicate codes, unknown parents or members). Empty when valid. */
export function validateDirectory(dir: UnitDirectory): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  for (const u of dir.units) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(u.code)) problems.push(`unit code "${u.code}" must be lower-case kebab-case`);
    if (codes.has(u.code)) problems.push(`duplicate unit code "${u.code}"`);
    codes.add(u.code);
    if (u.effectiveFrom && u.effectiveTo && u.effectiveFrom > u.effectiveTo)
      problems.push(`unit "${u.code}" ends before it starts`);
  }
  for (const u of dir.units) {
    if (u.parent && !codes.has(u.parent)) problems.push(`unit "${u.code}" has unknown parent "${u.parent}"`);
    if (u.successor && !codes.has(u.successor)) problems.push(`unit "${u.code}" has unknown successor "${u.successor}"`);
  }
  const groupCodes = new Set<string>();
  for (const g of dir.groups) {
    if (groupCodes.has(g.code) || codes.has(g.code)) problems.push(`duplicate group code "${g.code}"`);
    groupCodes.add(g.code);
    for (const m of g.members ?? []) if (!codes.has(m)) problems.push(`group "${g.code}" has unknown member "${m}"`);
  }
  for (const g of dir.groups)
    if (g.successor && !groupCodes.has(g.successor)) problems.push(`group "${g.code}" has unknown successor "${g.successor}"`);
  return problems;
}
