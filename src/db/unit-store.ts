/**
 * Units, aliases and groups in PostgreSQL: load a province's directory for the resolver, and write a directory
 * (from config/units or a coordinator's file) idempotently.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DirectoryPhrases, SaveDirectoryResult, UnitAuditEntry, UnitCoverageRow, UnitDirectoryStore } from '../app/units.js';
import type { DirectoryGroup, DirectoryUnit, UnitDirectory, UnitKind } from '../domain/units/directory.js';
import { normalizeName } from '../domain/units/normalize.js';
import type { Database, Db } from './client.js';
import { auditLog, unitAliases, unitGroupMembers, unitGroups, units } from './schema.js';

export type { DirectoryPhrases, SaveDirectoryResult } from '../app/units.js';

type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** Loads `province`'s directory from the database; `undefined` when it has no units. */
export async function loadDirectory(db: Tx, province: string, phrases: DirectoryPhrases, name?: string): Promise<UnitDirectory | undefined> {
  const rows = await db.select().from(units).where(eq(units.province, province)).orderBy(units.id);
  if (rows.length === 0) return undefined;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const aliases = await db
    .select({ unitId: unitAliases.unitId, alias: unitAliases.alias, short: unitAliases.short })
    .from(unitAliases)
    .where(inArray(unitAliases.unitId, rows.map((r) => r.id)));
  const aliasByUnit = new Map<number, { alias: string; short: boolean }[]>();
  for (const a of aliases) {
    const list = aliasByUnit.get(a.unitId) ?? [];
    list.push(a);
    aliasByUnit.set(a.unitId, list);
  }
  const dirUnits: DirectoryUnit[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind as UnitKind,
    ...(r.parentId && byId.get(r.parentId) ? { parent: byId.get(r.parentId)!.code } : {}),
    aliases: (aliasByUnit.get(r.id) ?? []).filter((a) => !a.short).map((a) => a.alias),
    shortNames: (aliasByUnit.get(r.id) ?? []).filter((a) => a.short).map((a) => a.alias),
    ...(r.effectiveFrom ? { effectiveFrom: r.effectiveFrom } : {}),
    ...(r.effectiveTo ? { effectiveTo: r.effectiveTo } : {}),
    ...(r.note ? { note: r.note } : {}),
  }));
  const groupRows = await db.select().from(unitGroups).where(eq(unitGroups.province, province)).orderBy(unitGroups.id);
  const members = groupRows.length
    ? await db
        .select({ groupId: unitGroupMembers.groupId, unitId: unitGroupMembers.unitId })
        .from(unitGroupMembers)
        .where(inArray(unitGroupMembers.groupId, groupRows.map((g) => g.id)))
    : [];
  const groups: DirectoryGroup[] = groupRows.map((g) => {
    const m = members.filter((x) => x.groupId === g.id).map((x) => byId.get(x.unitId)?.code).filter((c): c is string => Boolean(c));
    return {
      code: g.code,
      name: g.name,
      aliases: g.aliases,
      ...(g.kinds.length ? { kinds: g.kinds as UnitKind[] } : {}),
      ...(m.length ? { members: m } : {}),
    };
  });
  return { province, name: name ?? province, units: dirUnits, groups, vague: phrases.vague, ignorable: phrases.ignorable };
}

/**
 * Writes a directory: units upserted by (province, code), aliases and group members added when missing,
 * groups upserted by code. Never deletes (units referenced by assignments must stay). Idempotent.
 */
export async function saveDirectory(db: Tx, dir: UnitDirectory): Promise<SaveDirectoryResult> {
  const result: SaveDirectoryResult = { unitsAdded: 0, unitsUpdated: 0, aliasesAdded: 0, groupsAdded: 0, groupsUpdated: 0, membersAdded: 0 };
  const existing = await db.select().from(units).where(eq(units.province, dir.province));
  const byCode = new Map(existing.map((u) => [u.code, u]));
  for (const u of dir.units) {
    const values = {
      name: u.name,
      kind: u.kind,
      effectiveFrom: u.effectiveFrom ?? null,
      effectiveTo: u.effectiveTo ?? null,
      note: u.note ?? null,
    };
    const cur = byCode.get(u.code);
    if (!cur) {
      const [row] = await db.insert(units).values({ province: dir.province, code: u.code, ...values }).returning();
      byCode.set(u.code, row!);
      result.unitsAdded++;
    } else if (
      cur.name !== values.name ||
      cur.kind !== values.kind ||
      cur.effectiveFrom !== values.effectiveFrom ||
      cur.effectiveTo !== values.effectiveTo ||
      cur.note !== values.note
    ) {
      await db.update(units).set(values).where(eq(units.id, cur.id));
      result.unitsUpdated++;
    }
  }
  // Parents after every unit exists.
  for (const u of dir.units) {
    const row = byCode.get(u.code)!;
    const parentId = u.parent ? (byCode.get(u.parent)?.id ?? null) : null;
    if (row.parentId !== parentId) await db.update(units).set({ parentId }).where(eq(units.id, row.id));
  }
  const aliasRows = dir.units.flatMap((u) => {
    const id = byCode.get(u.code)!.id;
    const seen = new Set<string>();
    const out: { unitId: number; alias: string; normalized: string; short: boolean }[] = [];
    for (const [list, short] of [
      [[u.name, ...u.aliases], false],
      [u.shortNames ?? [], true],
    ] as const) {
      for (const alias of list) {
        const normalized = normalizeName(alias);
        if (!normalized || seen.has(normalized)) continue;
        seen.add(normalized);
        out.push({ unitId: id, alias, normalized, short });
      }
    }
    return out;
  });
  for (let i = 0; i < aliasRows.length; i += 1000) {
    const inserted = await db
      .insert(unitAliases)
      .values(aliasRows.slice(i, i + 1000))
      .onConflictDoNothing({ target: [unitAliases.unitId, unitAliases.normalized] })
      .returning({ id: unitAliases.id });
    result.aliasesAdded += inserted.length;
  }
  const groupRows = await db.select().from(unitGroups).where(eq(unitGroups.province, dir.province));
  const groupByCode = new Map(groupRows.map((g) => [g.code, g]));
  for (const g of dir.groups) {
    const cur = groupByCode.get(g.code);
    const values = { name: g.name, aliases: g.aliases, kinds: g.kinds ?? [] };
    let id: number;
    if (!cur) {
      const [row] = await db.insert(unitGroups).values({ province: dir.province, code: g.code, ...values }).returning({ id: unitGroups.id });
      id = row!.id;
      result.groupsAdded++;
    } else {
      id = cur.id;
      if (cur.name !== values.name || JSON.stringify(cur.aliases) !== JSON.stringify(values.aliases) || JSON.stringify(cur.kinds) !== JSON.stringify(values.kinds)) {
        await db.update(unitGroups).set(values).where(eq(unitGroups.id, id));
        result.groupsUpdated++;
      }
    }
    const memberRows = (g.members ?? []).flatMap((code) => (byCode.get(code) ? [{ groupId: id, unitId: byCode.get(code)!.id }] : []));
    if (memberRows.length) {
      const inserted = await db.insert(unitGroupMembers).values(memberRows).onConflictDoNothing().returning({ g: unitGroupMembers.groupId });
      result.membersAdded += inserted.length;
    }
  }
  return result;
}

/** Unit ids by code for a province. */
export async function unitIdsByCode(db: Tx, province: string): Promise<Map<string, number>> {
  const rows = await db.select({ id: units.id, code: units.code }).from(units).where(eq(units.province, province));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Adds an alias to a unit; returns false when the unit already has it. */
export async function addAlias(db: Tx, province: string, code: string, alias: string, short = false): Promise<'added' | 'exists' | 'no-unit'> {
  const [u] = await db.select({ id: units.id }).from(units).where(and(eq(units.province, province), eq(units.code, code)));
  if (!u) return 'no-unit';
  const rows = await db
    .insert(unitAliases)
    .values({ unitId: u.id, alias, normalized: normalizeName(alias), short })
    .onConflictDoNothing({ target: [unitAliases.unitId, unitAliases.normalized] })
    .returning({ id: unitAliases.id });
  return rows.length ? 'added' : 'exists';
}

/** Adds an alias to a group; false when it already has it. */
export async function addGroupAlias(db: Tx, province: string, code: string, alias: string): Promise<'added' | 'exists' | 'no-group'> {
  const [g] = await db.select().from(unitGroups).where(and(eq(unitGroups.province, province), eq(unitGroups.code, code)));
  if (!g) return 'no-group';
  if (g.aliases.some((a) => normalizeName(a) === normalizeName(alias))) return 'exists';
  await db
    .update(unitGroups)
    .set({ aliases: sql`${unitGroups.aliases} || ${JSON.stringify([alias])}::jsonb` })
    .where(eq(unitGroups.id, g.id));
  return 'added';
}

/** The unit directory port (src/app/units.ts) over PostgreSQL. */
export class PostgresUnitDirectoryStore implements UnitDirectoryStore {
  constructor(private readonly database: Pick<Database, 'db' | 'sql'>) {}

  async provinceUnitName(province: string): Promise<string | undefined> {
    const [p] = await this.database.db
      .select({ name: units.name })
      .from(units)
      .where(and(eq(units.province, province), eq(units.kind, 'province')));
    return p?.name;
  }

  loadDirectory(province: string, phrases: DirectoryPhrases, name?: string): Promise<UnitDirectory | undefined> {
    return loadDirectory(this.database.db, province, phrases, name);
  }

  saveDirectory(dir: UnitDirectory, audit?: Omit<UnitAuditEntry, 'entityId' | 'details'> & { entityId?: string; details?: Record<string, unknown> }): Promise<SaveDirectoryResult> {
    return this.database.db.transaction(async (tx) => {
      const result = await saveDirectory(tx, dir);
      if (audit)
        await tx.insert(auditLog).values({ at: audit.at, actor: audit.actor, action: audit.action, entity: audit.entity, entityId: audit.entityId ?? dir.province, details: { ...result, ...audit.details } });
      return result;
    });
  }

  async provinces(): Promise<string[]> {
    const rows = await this.database.db.selectDistinct({ province: units.province }).from(units);
    return rows.map((r) => r.province);
  }

  addUnit(dir: UnitDirectory, code: string, audit: Omit<UnitAuditEntry, 'entityId'>): Promise<number> {
    return this.database.db.transaction(async (tx) => {
      await saveDirectory(tx, dir);
      const [row] = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.province, dir.province), eq(units.code, code)));
      await tx.insert(auditLog).values({ ...audit, entityId: String(row!.id) });
      return row!.id;
    });
  }

  addAlias(input: { province: string; code: string; alias: string; short: boolean }, audit: Omit<UnitAuditEntry, 'details'>): Promise<'added' | 'exists' | 'not_found'> {
    return this.database.db.transaction(async (tx) => {
      let r: 'added' | 'exists' | 'no-unit' | 'no-group' = await addAlias(tx, input.province, input.code, input.alias, input.short);
      if (r === 'no-unit') r = await addGroupAlias(tx, input.province, input.code, input.alias);
      if (r === 'no-group') return 'not_found';
      await tx.insert(auditLog).values({ ...audit, details: { alias: input.alias, result: r } });
      return r;
    });
  }

  async coverage(province: string, unit?: string): Promise<UnitCoverageRow[]> {
    const sql = this.database.sql;
    const rows = await sql<
      { id: number; code: string; name: string; kind: UnitKind; open_items: number; members: UnitCoverageRow['members']; group_chat: boolean }[]
    >`
      with open_items as materialized (
        -- Counted once for the province, not once per unit (645 units × 15,000 items took seconds).
        select a.unit_id, count(*)::int as n
        from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
          join plans p on p.id = t.plan_id join units pu on pu.id = a.unit_id
        where pu.province = ${province} and p.status = 'published'
          and d.state in ('waiting', 'open', 'overdue', 'extended', 'pending_approval')
        group by a.unit_id)
      select u.id, u.code, u.name, u.kind::text as kind, coalesce(o.n, 0)::int as open_items,
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
      from units u left join open_items o on o.unit_id = u.id
      where u.province = ${province} ${unit ? sql`and u.code = ${unit}` : sql``}
      order by u.kind, u.name`;
    return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, openItems: r.open_items, members: r.members, groupChat: r.group_chat }));
  }
}
