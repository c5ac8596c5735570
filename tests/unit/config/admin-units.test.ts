/**
 * The directories of the 34 provinces since 2025-07-01 (config/units/admin-units-2025.json, generated from the GSO
 * list in ../shared/reference/admin-units, and reorg-2025.json): the committed extract is what the script produces,
 * the commune counts are the reference's, and the 2025 changes (a commune merged, a department renamed, a province
 * merged) resolve as the law says. Expected counts are read from the reference, never from the code under test.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAdminUnits, slugify } from '../../../config/units/admin-units.js';
import { listShippedProvinces, loadUnitDirectory, provinceMerge, UnitDirectoryError } from '../../../config/units/load.js';
import { groupMembers, isInForce } from '../../../src/domain/units/directory.js';
import { createUnitIndex } from '../../../src/domain/units/resolver.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const REFERENCE = path.resolve(REPO, '../shared/reference/admin-units/vn-2026.json');
const reference = (): { provinces: { name: string; communes: { code: string; fullName: string }[] }[] } => {
  // CI runs from a fresh clone with ../shared beside it: a missing reference is a failure, not a skip.
  if (!existsSync(REFERENCE)) throw new Error(`reference list not found at ${REFERENCE}`);
  return JSON.parse(readFileSync(REFERENCE, 'utf8'));
};
const y2024 = { from: '2024-01-01', to: '2024-12-31' };
const y2027 = { from: '2027-01-01', to: '2027-12-31' };

describe('admin-units-2025.json', () => {
  it('is exactly what scripts/generate-admin-units.ts produces from the reference', () => {
    const committed = readFileSync(path.join(REPO, 'config/units/admin-units-2025.json'), 'utf8');
    expect(renderAdminUnits(reference())).toBe(committed);
  });

  it('slugs come from the names', () => {
    expect(['Hà Tĩnh', 'Hồ Chí Minh', 'Thanh Hoá', 'Huế', 'Đắk Lắk', 'Bà Rịa - Vũng Tàu'].map(slugify)).toEqual([
      'ha-tinh',
      'ho-chi-minh',
      'thanh-hoa',
      'hue',
      'dak-lak',
      'ba-ria-vung-tau',
    ]);
  });

  it('every province of the reference has a directory whose communes in force in 2027 are the reference list', () => {
    const ref = reference();
    const shipped = listShippedProvinces();
    let total = 0;
    for (const p of ref.provinces) {
      const slug = slugify(p.name);
      expect(shipped).toContain(slug);
      const dir = loadUnitDirectory(slug);
      const xa = dir.groups.find((g) => g.code === 'ubnd-cap-xa')!;
      const members = groupMembers(xa, dir.units, y2027);
      const names = members.map((c) => dir.units.find((u) => u.code === c)!.name).sort();
      expect(names).toEqual(p.communes.map((c) => c.fullName).sort());
      total += members.length;
    }
    expect(ref.provinces).toHaveLength(34);
    expect(total).toBe(3321);
  });

  it('Nghệ An and Hà Tĩnh: "UBND cấp xã" in 2027 has the reference counts (130 and 69 as the README states)', () => {
    const ref = reference();
    for (const [slug, stated] of [['nghe-an', 130], ['ha-tinh', 69]] as const) {
      const fromReference = ref.provinces.find((p) => slugify(p.name) === slug)!.communes.length;
      expect(fromReference).toBe(stated);
      const index = createUnitIndex(loadUnitDirectory(slug), y2027);
      const r = index.resolve('UBND cấp xã', 'lead');
      expect(r.mentions[0]!.units).toHaveLength(fromReference);
    }
  });
});

describe('provincial bodies after the 2025 reorganisation (NĐ 45/2025/NĐ-CP)', () => {
  const UNIFORM = ['Văn phòng UBND', 'Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính', 'Sở Công Thương', 'Sở Nông nghiệp và Môi trường', 'Sở Xây dựng', 'Sở Khoa học và Công nghệ', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Giáo dục và Đào tạo', 'Sở Y tế', 'Thanh tra'];

  it.each(['ha-tinh', 'ho-chi-minh', 'lam-dong', 'ca-mau'])('%s: the 12 uniform bodies in force in 2027; specific ones marked', (slug) => {
    const index = createUnitIndex(loadUnitDirectory(slug), y2027);
    for (const name of UNIFORM) {
      const r = index.resolve(name === 'Thanh tra' ? 'Thanh tra tỉnh' : name === 'Văn phòng UBND' ? 'Văn phòng UBND tỉnh' : name, 'lead');
      expect(r.mentions.map((m) => m.kind), name).toEqual(['unit']);
    }
    const dir = loadUnitDirectory(slug);
    const specific = dir.units.find((u) => u.code === 'so-dan-toc-ton-giao')!;
    expect(specific.kind).toBe('other');
    expect(specific.uncertain).toBe(true);
    expect(specific.note).toMatch(/only some provinces/);
    expect(dir.units.some((u) => u.code === 'so-quy-hoach-kien-truc')).toBe(slug === 'ho-chi-minh');
  });

  it('a department renamed in 2025: a 2024 plan resolves to Sở Kế hoạch và Đầu tư, a 2027 plan is offered Sở Tài chính', () => {
    const dir = loadUnitDirectory('ha-tinh');
    const khdt = dir.units.find((u) => u.code === 'so-ke-hoach-dau-tu')!;
    expect(khdt).toMatchObject({ effectiveTo: '2025-02-28', successor: 'so-tai-chinh', uncertain: true });
    expect(dir.units.find((u) => u.code === 'so-nong-nghiep-moi-truong')).toMatchObject({ effectiveFrom: '2025-03-01', uncertain: true });
    const old = createUnitIndex(dir, y2024).resolve('Sở KH&ĐT', 'lead');
    expect(old.mentions[0]).toMatchObject({ kind: 'unit', code: 'so-ke-hoach-dau-tu' });
    const late = createUnitIndex(dir, y2027);
    for (const [written, successor] of [
      ['Sở KH&ĐT', 'so-tai-chinh'],
      ['Sở Thông tin và Truyền thông', 'so-khoa-hoc-cong-nghe'],
      ['Sở Lao động - Thương binh và Xã hội', 'so-noi-vu'],
      ['Sở Giao thông vận tải', 'so-xay-dung'],
      ['Sở Tài nguyên và Môi trường', 'so-nong-nghiep-moi-truong'],
    ]) {
      const m = late.resolve(written!, 'lead').mentions[0]!;
      expect(m.kind, written).toBe('not-in-force');
      expect(m.suggestions?.[0]?.code, written).toBe(successor);
    }
  });

  it('a shipped province keeps its checked facts: Nghệ An\'s Sở Ngoại vụ stays a department, its reorganisation day is known', () => {
    const dir = loadUnitDirectory('nghe-an');
    expect(dir.units.find((u) => u.code === 'so-ngoai-vu')).toMatchObject({ kind: 'department' });
    expect(dir.units.find((u) => u.code === 'so-nong-nghiep-moi-truong')?.uncertain).toBeUndefined();
  });
});

describe('communes and provinces merged in 2025', () => {
  it('a commune merged in 2025: Phường Trường Thi (to 2025-06-30) → Phường Trường Vinh', () => {
    const dir = loadUnitDirectory('nghe-an');
    const old = createUnitIndex(dir, y2024).resolve('UBND Phường Trường Thi', 'lead').mentions[0]!;
    expect(old).toMatchObject({ kind: 'unit', code: 'phuong-truong-thi-16690' });
    const m = createUnitIndex(dir, y2027).resolve('UBND Phường Trường Thi', 'lead').mentions[0]!;
    expect(m.kind).toBe('not-in-force');
    expect(m.suggestions?.[0]).toMatchObject({ code: 'phuong-truong-vinh-16690-2025', name: 'Phường Trường Vinh' });
    const vinh = createUnitIndex(dir, y2027).resolve('UBND Phường Trường Vinh', 'lead').mentions[0]!;
    expect(vinh).toMatchObject({ kind: 'unit', code: 'phuong-truong-vinh-16690-2025' });
  });

  it('a province merged in 2025: Đắk Nông keeps its units to 2025-06-30 and names Lâm Đồng; Bắc Kạn points to Thái Nguyên', () => {
    const dir = loadUnitDirectory('dak-nong');
    expect(dir.units.every((u) => u.effectiveTo !== undefined && u.effectiveTo <= '2025-06-30')).toBe(true);
    expect(dir.units.filter((u) => isInForce(u, y2027))).toEqual([]);
    expect(provinceMerge('dak-nong')).toEqual({ slug: 'dak-nong', name: 'Đắk Nông', into: 'lam-dong', intoName: 'Lâm Đồng', lastDay: '2025-06-30' });
    expect(provinceMerge('nghe-an')).toBeUndefined();
    expect(() => loadUnitDirectory('bac-kan')).toThrow(UnitDirectoryError);
    expect(() => loadUnitDirectory('bac-kan')).toThrow(/Bắc Kạn was merged into Thái Nguyên.*thai-nguyen/);
    // Every merged province names one of the 34.
    const slugs = new Set(reference().provinces.map((p) => slugify(p.name)));
    for (const s of ['ha-giang', 'yen-bai', 'binh-thuan', 'kien-giang', 'ba-ria-vung-tau']) expect(slugs.has(provinceMerge(s)!.into)).toBe(true);
  });
});

describe('groups after 2025-06-30', () => {
  const index = createUnitIndex(loadUnitDirectory('nghe-an'), y2027);

  it.each(['UBND cấp xã', 'UBND các xã, phường', 'UBND các xã, phường, đặc khu', 'các xã'])('"%s" is the communes in force', (text) => {
    const m = index.resolve(text, 'lead').mentions[0]!;
    expect(m).toMatchObject({ kind: 'group', code: 'ubnd-cap-xa' });
    expect(m.units).toEqual(index.members('ubnd-cap-xa'));
    expect(m.units.every((c) => index.unit(c)!.effectiveFrom === '2025-07-01')).toBe(true);
  });

  it('"UBND cấp huyện" is a problem naming the end of the district level, with cấp xã suggested', () => {
    const m = index.resolve('UBND cấp huyện', 'lead').mentions[0]!;
    expect(m.kind).toBe('not-in-force');
    expect(m.note).toMatch(/không còn cấp huyện từ 01\/7\/2025/);
    expect(m.suggestions).toEqual([{ target: 'group', code: 'ubnd-cap-xa', name: 'UBND cấp xã', distance: 0 }]);
    // In 2024 it is still the districts.
    expect(createUnitIndex(loadUnitDirectory('nghe-an'), y2024).resolve('UBND cấp huyện', 'lead').mentions[0]!.units).toHaveLength(21);
  });

  it('"phòng chuyên môn thuộc UBND cấp xã" resolves to the communes, with a note', () => {
    const m = index.resolve('Phòng chuyên môn thuộc UBND cấp xã', 'lead').mentions[0]!;
    expect(m.kind).toBe('group');
    expect(m.units).toEqual(index.members('ubnd-cap-xa'));
    expect(m.note).toMatch(/NĐ 150\/2025/);
  });

  it('"các địa phương" is the districts in 2024 and the communes in 2027', () => {
    const dir = loadUnitDirectory('nghe-an');
    expect(createUnitIndex(dir, y2024).resolve('các địa phương', 'lead').mentions[0]).toMatchObject({ code: 'ubnd-cap-huyen' });
    expect(index.resolve('các địa phương', 'lead').mentions[0]!.units).toHaveLength(index.members('ubnd-cap-xa').length);
  });
});

it('a missing province names the known ones', () => {
  expect(() => loadUnitDirectory('atlantis')).toThrow(/no directory for "atlantis"/);
});
