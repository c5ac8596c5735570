/**
 * The pre-2025 commune-level units shipped in config/units (GSO list as of 2024-02-01, see config/units/README.md;
 * the 2025 list is tested in admin-units.test.ts):
 * counts per province, parents, names and codes, and the "UBND cấp xã" group in the plan periods.
 */
import { describe, expect, it } from 'vitest';
import { loadUnitDirectory } from '../../../config/units/load.js';
import { groupMembers } from '../../../src/domain/units/directory.js';

/** Communes of the 2024 list (the directory also holds those of 2025-07-01, which have an `effectiveFrom`). */
const communes = (p: string) => loadUnitDirectory(p).units.filter((u) => u.kind === 'commune' && !u.effectiveFrom);

describe('commune-level units', () => {
  it.each([
    ['nghe-an', 460, 21],
    ['thai-nguyen', 177, 9],
    ['dak-nong', 71, 8],
  ])('%s: %i communes under %i district-level units', (p, count, districts) => {
    const dir = loadUnitDirectory(p);
    const list = communes(p);
    expect(list).toHaveLength(count);
    const byCode = new Map(dir.units.map((u) => [u.code, u]));
    for (const c of list) {
      expect(byCode.get(c.parent!)?.kind).toBe('district');
      expect(c.name).toMatch(/^(Xã|Phường|Thị trấn) \S/);
      expect(c.code).toMatch(/^(xa|phuong|tt)-[a-z0-9-]+-\d{5}$/);
      expect(c.effectiveTo! <= '2025-06-30').toBe(true);
      expect(c.shortNames ?? []).toEqual([]);
    }
    expect(new Set(list.map((c) => c.parent)).size).toBe(districts);
    expect(new Set(list.map((c) => c.code.slice(-5))).size).toBe(count);
  });

  it('Đắk Nông 2021: 60 xã, 6 phường, 5 thị trấn, all in "UBND cấp xã"', () => {
    const dir = loadUnitDirectory('dak-nong');
    const kinds = communes('dak-nong').map((c) => c.name.split(' ')[0]);
    expect(kinds.filter((k) => k === 'Xã')).toHaveLength(60);
    expect(kinds.filter((k) => k === 'Phường')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'Thị')).toHaveLength(5);
    const group = dir.groups.find((g) => g.code === 'ubnd-cap-xa')!;
    expect(groupMembers(group, dir.units, { from: '2021-01-01', to: '2021-12-31' })).toHaveLength(71);
  });

  it('Nghệ An: the units changed by NQ 1243 end on 2024-11-30; none is in force after 2025-06-30', () => {
    const dir = loadUnitDirectory('nghe-an');
    const group = dir.groups.find((g) => g.code === 'ubnd-cap-xa')!;
    expect(groupMembers(group, dir.units, { from: '2024-01-01', to: '2024-12-31' })).toHaveLength(460);
    expect(groupMembers(group, dir.units, { from: '2025-01-01', to: '2025-06-30' })).toHaveLength(460 - 15);
    // After 2025-06-30 only the communes of the 2025 list remain.
    const after = groupMembers(group, dir.units, { from: '2025-07-01', to: '2025-12-31' });
    const old = new Set(communes('nghe-an').map((o) => o.code));
    expect(after.filter((c) => old.has(c))).toEqual([]);
    const cuaLo = communes('nghe-an').filter((c) => c.parent === 'tx-cua-lo');
    expect(cuaLo.map((c) => c.effectiveTo)).toEqual(Array(7).fill('2024-11-30'));
  });
});
