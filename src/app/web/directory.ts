/**
 * The web console's `/units`: the province's unit directory (the same use cases as `nhacviec units list` and
 * `units members`), searched and paged for ~800 units, with each unit's aliases, groups, people and whether anyone
 * receives its reminders; and invitation links (the same invites as `nhacviec units invite`) for the coordinator.
 * Heads and focal points see their own unit only.
 */
import type { ServiceCore } from '../bot/context.js';
import { createInvite } from '../bot/onboarding.js';
import { MEMBER_ROLES, type MemberRole } from '../bot/store.js';
import { normalizeName } from '../../domain/units/normalize.js';
import { groupMembers, type UnitKind } from '../../domain/units/directory.js';
import { provinceDirectory, unitCoverage, type UnitCoverage, type UnitDirectoryStore } from '../units.js';
import { seesProvince, type WebSession } from './auth.js';

/** Units per page. */
export const UNITS_PAGE_SIZE = 50;
/** Lifetime of an invitation made on the web: 7 days, as `units invite` by default. */
export const WEB_INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export interface DirectoryRow extends UnitCoverage {
  aliases: string[];
  parent?: string;
  effectiveFrom?: string;
  effectiveTo?: string;
  /** Groups the unit belongs to (by name). */
  groups: string[];
}

export interface DirectoryQuery {
  /** Words of a name, alias or code. */
  q?: string;
  kind?: UnitKind;
  /** Only units with open items that reach nobody. */
  missing?: boolean;
  /** 1-based. */
  page?: number;
}

export interface DirectoryView {
  rows: DirectoryRow[];
  /** Rows matching the query (all pages). */
  total: number;
  page: number;
  pages: number;
  kinds: UnitKind[];
  groups: { code: string; name: string; members: number; aliases: string[] }[];
  /** Units with open items whose reminders reach nobody (whole province). */
  uncovered: number;
  /** The session may create invitations. */
  mayInvite: boolean;
}

export type InviteOutcome =
  | { kind: 'forbidden' }
  | { kind: 'unknown_unit' }
  | { kind: 'created'; link: string | null; token: string; group: boolean; role: MemberRole; expiresAt: Date; unit: { id: number; name: string; code: string } };

export interface WebDirectoryDeps {
  store: UnitDirectoryStore;
  core: ServiceCore;
  /** The bot's username for `https://t.me/<bot>?start=<token>`; null when unknown (no token configured). */
  botUsername: () => Promise<string | null>;
}

export function createWebDirectory(deps: WebDirectoryDeps) {
  return {
    async directory(session: WebSession, query: DirectoryQuery): Promise<DirectoryView> {
      const today = deps.core.today();
      const [found, coverage] = await Promise.all([
        provinceDirectory(deps.store, session.province, { seed: false }),
        unitCoverage(deps.store, { province: session.province }),
      ]);
      const dirUnits = found?.directory.units ?? [];
      const byCode = new Map(dirUnits.map((u) => [u.code, u]));
      const groupsOf = new Map<string, string[]>();
      const groups = (found?.directory.groups ?? []).map((g) => {
        const members = groupMembers(g, dirUnits, { from: today, to: today });
        for (const code of members) groupsOf.set(code, [...(groupsOf.get(code) ?? []), g.name]);
        return { code: g.code, name: g.name, members: members.length, aliases: g.aliases };
      });
      let rows: DirectoryRow[] = coverage.map((c) => {
        const u = byCode.get(c.code);
        return {
          ...c,
          aliases: u ? [...u.aliases, ...(u.shortNames ?? [])] : [],
          ...(u?.parent ? { parent: u.parent } : {}),
          ...(u?.effectiveFrom ? { effectiveFrom: u.effectiveFrom } : {}),
          ...(u?.effectiveTo ? { effectiveTo: u.effectiveTo } : {}),
          groups: groupsOf.get(c.code) ?? [],
        };
      });
      if (!seesProvince(session)) rows = rows.filter((r) => r.id === session.unitId);
      const uncovered = rows.filter((r) => r.openItems > 0 && !r.covered).length;
      const kinds = [...new Set(rows.map((r) => r.kind))];
      const words = normalizeName(query.q ?? '').split(' ').filter(Boolean);
      const matches = rows.filter((r) => {
        if (query.kind && r.kind !== query.kind) return false;
        if (query.missing && !(r.openItems > 0 && !r.covered)) return false;
        if (words.length === 0) return true;
        const hay = ` ${[r.name, r.code.replace(/-/g, ' '), ...r.aliases].map(normalizeName).join(' ')} `;
        return words.every((w) => hay.includes(` ${w}`));
      });
      const pages = Math.max(1, Math.ceil(matches.length / UNITS_PAGE_SIZE));
      const page = Math.min(Math.max(1, query.page ?? 1), pages);
      return {
        rows: matches.slice((page - 1) * UNITS_PAGE_SIZE, page * UNITS_PAGE_SIZE),
        total: matches.length,
        page,
        pages,
        kinds,
        groups: seesProvince(session) ? groups : [],
        uncovered,
        mayInvite: session.role === 'coordinator',
      };
    },

    /** A single-use invitation for a unit and role (`units invite`); the token is shown once. Coordinators only. */
    async invite(session: WebSession, input: { unitId: number; role: string; group: boolean }): Promise<InviteOutcome> {
      if (session.role !== 'coordinator' || !(MEMBER_ROLES as readonly string[]).includes(input.role)) return { kind: 'forbidden' };
      const role = input.role as MemberRole;
      const created = await createInvite(deps.core, {
        province: session.province,
        unitRef: String(input.unitId),
        role,
        ttlMs: WEB_INVITE_TTL_MS,
        createdBy: `web:${session.personId ?? `session-${session.id}`}`,
      });
      if (created.kind === 'unknown_unit' || created.unit.province !== session.province) return { kind: 'unknown_unit' };
      const username = await deps.botUsername().catch(() => null);
      return {
        kind: 'created',
        link: username === null ? null : `https://t.me/${username}?${input.group ? 'startgroup' : 'start'}=${created.token}`,
        token: created.token,
        group: input.group,
        role,
        expiresAt: created.expiresAt,
        unit: { id: created.unit.id, name: created.unit.name, code: created.unit.code },
      };
    },
  };
}
export type WebDirectory = ReturnType<typeof createWebDirectory>;
