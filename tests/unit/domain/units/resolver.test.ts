import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { buildUnitDirectory, loadCommonUnits, loadUnitDirectory, loadUnitDirectoryFile, UNITS_DIR } from '../../../../config/units/load.js';
import { groupMembers, isInForce, validateDirectory } from '../../../../src/domain/units/directory.js';
import { editDistance, normalizeName } from '../../../../src/domain/units/normalize.js';
import { createUnitIndex } from '../../../../src/domain/units/resolver.js';

const y2024 = { from: '2024-01-01', to: '2024-12-31' };
const na = loadUnitDirectory('nghe-an');
const idx = createUnitIndex(na, y2024);
const codes = (text: string, column: 'lead' | 'support' | 'assignment' = 'lead') => idx.resolve(text, column).mentions.map((m) => m.code ?? `?${m.kind}:${m.text}`);

describe('normalisation', () => {
  it('ignores case, diacritics, spacing, "và"/"&" and expands abbreviations', () => {
    expect(normalizeName('Sở  KẾ HOẠCH và Đầu tư')).toBe('so ke hoach dau tu');
    expect(normalizeName('Sở TT&TT')).toBe(normalizeName('Sở TT và TT'));
    expect(normalizeName('Ủy ban nhân dân tỉnh')).toBe('ubnd tinh');
    expect(normalizeName('VP UBND tỉnh')).toBe('van phong ubnd tinh');
    expect(normalizeName('Uỷ ban nhân dân')).toBe(normalizeName('Ủy ban nhân dân'));
  });
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('abbreviations from real plans', () => {
  it.each([
    ['Sở KH và ĐT', 'so-ke-hoach-dau-tu'],
    ['Sở KH và DT', 'so-ke-hoach-dau-tu'],
    ['Sở Kế hoạch & Đầu tư', 'so-ke-hoach-dau-tu'],
    ['Sở TT&TT', 'so-thong-tin-truyen-thong'],
    ['Sở Thông tin Truyền thông', 'so-thong-tin-truyen-thong'],
    ['Sở GD&ĐT', 'so-giao-duc-dao-tao'],
    ['Sở Giáo dục Đào tạo', 'so-giao-duc-dao-tao'],
    ['VP UBND tỉnh', 'van-phong-ubnd-tinh'],
    ['Văn phòng Ủy ban nhân dân tỉnh', 'van-phong-ubnd-tinh'],
    ['Sở KH và CN', 'so-khoa-hoc-cong-nghe'],
    ['UBND cấp huyện', 'ubnd-cap-huyen'],
    ['UBND các huyện, thành, thị', 'ubnd-cap-huyen'],
    ['UBND các huyện, thành phố, thị xã', 'ubnd-cap-huyen'],
    ['các phòng chuyên môn thuộc UBND cấp huyện', 'ubnd-cap-huyen'],
    ['Các Sở, ban, ngành cấp tỉnh', 'so-ban-nganh'],
    ['UBND cấp xã', 'ubnd-cap-xa'],
    ['Tất cả các cấp, các ngành có liên quan', 'tat-ca-cac-cap'],
    ['uBnD   tHÀNH phố   vinh', 'tp-vinh'],
  ])('%s → %s', (text, code) => {
    expect(codes(text)).toEqual([code]);
  });

  it('"Sở VHTTDL" names the Sở Văn hóa, Thể thao và Du lịch of its time', () => {
    const i2012 = createUnitIndex(na, { from: '2012-01-01', to: '2012-12-31' });
    expect(i2012.resolve('Sở VHTTDL', 'lead').mentions[0]).toMatchObject({ kind: 'unit', code: 'so-van-hoa-the-thao-du-lich' });
    const r2024 = idx.resolve('Sở VHTTDL', 'lead').mentions[0]!;
    expect(r2024.kind).toBe('not-in-force');
    expect(r2024.suggestions![0]!.code).toBe('so-van-hoa-the-thao');
    const i2025 = createUnitIndex(na, { from: '2025-06-01', to: '2025-06-30' });
    expect(i2025.resolve('Sở VHTTDL', 'lead').mentions[0]).toMatchObject({ kind: 'unit', code: 'so-vhttdl-2025' });
  });
});

describe('groups expand to the members in force', () => {
  it('departments and districts of Nghệ An in 2024: 21 and 21', () => {
    expect(idx.members('so-ban-nganh')).toHaveLength(21);
    expect(idx.members('ubnd-cap-huyen')).toHaveLength(21);
    expect(idx.members('ubnd-cap-huyen')).toEqual(expect.arrayContaining(['tp-vinh', 'tx-cua-lo', 'tx-thai-hoa', 'tx-hoang-mai']));
  });
  it('TX Hoàng Mai did not exist in 2012; the district level ended in mid-2025', () => {
    expect(createUnitIndex(na, { from: '2012-01-01', to: '2012-12-31' }).members('ubnd-cap-huyen')).toHaveLength(20);
    expect(createUnitIndex(na, { from: '2025-07-01', to: '2025-12-31' }).members('ubnd-cap-huyen')).toHaveLength(0);
    expect(isInForce(na.units.find((u) => u.code === 'tx-hoang-mai')!, { from: '2012-06-01', to: '2012-06-30' })).toBe(false);
  });
  it('the 2025 mergers: five departments fewer from March 2025', () => {
    const march = createUnitIndex(na, { from: '2025-03-15', to: '2025-03-15' });
    expect(march.members('so-ban-nganh')).toContain('so-nong-nghiep-moi-truong');
    expect(march.members('so-ban-nganh')).not.toContain('so-ke-hoach-dau-tu');
  });
  it('Thái Nguyên has 9 district-level units, Đắk Nông 8', () => {
    expect(createUnitIndex(loadUnitDirectory('thai-nguyen'), y2024).members('ubnd-cap-huyen')).toHaveLength(9);
    expect(createUnitIndex(loadUnitDirectory('dak-nong'), { from: '2021-01-01', to: '2021-12-31' }).members('ubnd-cap-huyen')).toHaveLength(8);
  });
});

describe('cells', () => {
  it('reads enumerations after "Các Sở:" and district lists after "UBND huyện"', () => {
    expect(codes('Các Sở: Tài nguyên Môi trường, Xây dựng, Kế hoạch và Đầu tư')).toEqual(['so-tai-nguyen-moi-truong', 'so-xay-dung', 'so-ke-hoach-dau-tu']);
    expect(codes('UBND huyện Nghi Lộc, Diễn Châu; UBND các huyện Tân Kỳ, Thanh Chương')).toEqual([
      'huyen-nghi-loc',
      'huyen-dien-chau',
      'huyen-tan-ky',
      'huyen-thanh-chuong',
    ]);
  });

  it('"liên quan" / "còn lại" narrow a group: nothing assigned, marked vague', () => {
    const r = idx.resolve('Sở Nội vụ, các Sở, ngành, địa phương liên quan', 'support');
    expect(r.mentions.map((m) => m.kind)).toEqual(['unit', 'vague']);
    expect(r.assignments).toEqual([{ unit: 'so-noi-vu', role: 'support' }]);
  });

  it('phrases that name nobody are vague, not unknown', () => {
    expect(idx.resolve('Các cơ quan, đơn vị liên quan', 'support').mentions.map((m) => m.kind)).toEqual(['vague']);
  });

  it('reports text naming no known unit, with the closest suggestions', () => {
    const m = idx.resolve('Sở Thông tin và Truyền thôngg', 'lead').mentions;
    expect(m[0]!.kind).toBe('unknown');
    expect(m[0]!.suggestions![0]!.code).toBe('so-thong-tin-truyen-thong');
    const cut = idx.resolve('Các sở, ban, ngành, UBND cấp', 'support').mentions.at(-1)!;
    expect(cut).toMatchObject({ kind: 'unknown', text: 'UBND cấp' });
    const bare = idx.resolve('Thông tin và Truyền thông', 'support').mentions;
    expect(bare).toHaveLength(1);
    expect(bare[0]).toMatchObject({ kind: 'unknown', text: 'Thông tin và Truyền thông' });
  });

  it('does not take description words for agencies', () => {
    const r = idx.resolve(
      'Sở Thông tin và Truyền thông chủ trì triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP) tỉnh Nghệ An tới nền tảng quốc gia để khai thác các cơ sở dữ liệu về địa phương.',
      'lead',
    );
    expect(r.assignments).toEqual([{ unit: 'so-thong-tin-truyen-thong', role: 'lead' }]);
    expect(idx.resolve('Các ngành, các huyện tổ chức hội nghị tại ngành, huyện. UBND tỉnh tổ chức hội nghị toàn tỉnh;', 'assignment').mentions.every((m) => m.kind !== 'unknown')).toBe(true);
  });

  it('roles in a "Phân công thực hiện" cell follow the verbs', () => {
    const r = idx.resolve('Sở Tư pháp chủ trì phối hợp với VP UBND tỉnh và các ngành liên quan;\nCác sở, ngành, UBND các huyện, thành, thị thực hiện', 'assignment');
    const role = (u: string) => r.assignments.find((a) => a.unit === u)?.role;
    expect(role('so-tu-phap')).toBe('lead');
    expect(role('van-phong-ubnd-tinh')).toBe('support');
    expect(role('huyen-nghi-loc')).toBe('support');
    // No lead verb: whoever is named leads.
    expect(idx.resolve('Các sở, ngành, UBND các huyện, thành, thị thực hiện', 'assignment').assignments.every((a) => a.role === 'lead')).toBe(true);
    // The subject of "phối hợp với" leads.
    expect(idx.resolve('Sở Nội vụ phối hợp với các ngành, địa phương liên quan', 'assignment').assignments).toEqual([{ unit: 'so-noi-vu', role: 'lead' }]);
    // A clause that starts with "hướng dẫn, đôn đốc" continues the previous subject.
    const v = idx.resolve('Sở Nội vụ xây dựng kế hoạch của tỉnh; hướng dẫn, đôn đốc các sở, ngành, địa phương triển khai', 'assignment');
    expect(v.assignments.find((a) => a.unit === 'so-noi-vu')!.role).toBe('lead');
    expect(v.assignments.find((a) => a.unit === 'so-y-te')!.role).toBe('support');
  });

  it('in a lead column only the object of "phối hợp" supports; a unit named twice leads', () => {
    const r = idx.resolve('Sở KH và DT phối hợp Sở Tài chính', 'lead');
    expect(r.assignments).toEqual([
      { unit: 'so-ke-hoach-dau-tu', role: 'lead' },
      { unit: 'so-tai-chinh', role: 'support' },
    ]);
  });
});

describe('directories', () => {
  it('the shipped directories and the template are valid', () => {
    for (const p of ['nghe-an', 'thai-nguyen', 'dak-nong']) expect(validateDirectory(loadUnitDirectory(p))).toEqual([]);
    const template = loadUnitDirectoryFile(path.join(UNITS_DIR, 'template.json'));
    expect(createUnitIndex(template, y2024).resolve('UBND TP Thủ Phủ; BQL KKT', 'lead').assignments.map((a) => a.unit)).toEqual(['tp-thu-phu', 'ban-quan-ly-kkt']);
  });

  it('"thuộc" narrows a group to members under the named units (communes of a district)', () => {
    const dir = buildUnitDirectory(
      {
        province: 'thu-nghiem',
        name: 'Thử nghiệm',
        units: [
          { code: 'huyen-a', name: 'Huyện A', kind: 'district', shortNames: ['A Lưới'] },
          { code: 'huyen-b', name: 'Huyện B', kind: 'district', shortNames: ['Bình Sơn'] },
          { code: 'xa-1', name: 'Xã Một', kind: 'commune', parent: 'huyen-a' },
          { code: 'xa-2', name: 'Xã Hai', kind: 'commune', parent: 'huyen-b' },
        ],
      },
      loadCommonUnits(),
    );
    const i = createUnitIndex(dir, y2024);
    const r = i.resolve('UBND các xã thuộc các huyện A Lưới', 'lead');
    expect(r.assignments).toEqual([{ unit: 'xa-1', role: 'lead' }]);
    expect(groupMembers(dir.groups.find((g) => g.code === 'ubnd-cap-xa')!, dir.units, y2024)).toEqual(['xa-1', 'xa-2']);
  });

  it('refuses a directory with unknown parents or duplicate codes', () => {
    expect(() =>
      buildUnitDirectory(
        { province: 'x', name: 'X', units: [{ code: 'a', name: 'A', kind: 'commune', parent: 'nope' }, { code: 'a', name: 'A2', kind: 'other' }] },
        loadCommonUnits(),
      ),
    ).toThrow(/duplicate unit code "a".*unknown parent "nope"|unknown parent "nope".*duplicate/);
  });
});
