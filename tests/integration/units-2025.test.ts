/**
 * A 2027 plan written for the two-tier local government (tests/fixtures/import/ke-hoach-2027-nghe-an.txt: 2025+
 * department names, "UBND cấp xã") imported and published against a real PostgreSQL through the CLI, for Nghệ An
 * and — with --province — for Hà Tĩnh; a merged province; `units import/list` for a province without a file of its
 * own. Expected commune counts come from the GSO reference list, not from the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '../../config/units/admin-units.js';
import { ManualClock } from '../../src/domain/clock.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, fixturesDir, repoRoot } from '../unit/import/helpers.js';

let db: TestDatabase;
const clock = new ManualClock('2026-12-03T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });
const plan2027 = path.join(fixturesDir, 'ke-hoach-2027-nghe-an.txt');

const reference = JSON.parse(readFileSync(path.resolve(repoRoot, '../shared/reference/admin-units/vn-2026.json'), 'utf8')) as {
  provinces: { name: string; communes: unknown[] }[];
};
const communesOf = (slug: string) => reference.provinces.find((p) => slugify(p.name) === slug)!.communes.length;

beforeAll(async () => {
  db = await createTestDatabase('units_2025');
});
afterAll(async () => {
  await db?.drop();
});

/** Units the published plan assigns, with kind and last day. */
async function assigned(planId: number): Promise<{ code: string; kind: string; effective_to: string | null }[]> {
  return (await db.sql`
    select distinct u.code, u.kind::text as kind, u.effective_to::text as effective_to
    from task_assignments a join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
    where t.plan_id = ${planId}`) as unknown as { code: string; kind: string; effective_to: string | null }[];
}

const BLOCKING = ['agency-unknown', 'agency-not-in-force', 'group-empty', 'no-lead'];

describe.each([
  ['nghe-an', []],
  ['ha-tinh', ['--province', 'ha-tinh']],
] as const)('a 2027 plan with the new names: %s', (province, args) => {
  let planId: number;

  it('imports with "UBND cấp xã" = the province\'s communes of the GSO list, nothing ended, no group empty', async () => {
    const r = JSON.parse((await cli('plan', 'import', plan2027, ...args, '--json')).out);
    expect(r.status).toBe('created');
    expect(r.plan.province).toBe(province);
    planId = r.plan.id;
    const problems = (r.problems as { code: string; message: string }[]).filter((p) => BLOCKING.includes(p.code));
    expect(problems).toEqual([]);
    const notes = (r.problems as { code: string; message: string }[]).filter((p) => p.code === 'agency-note');
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]!.message).toMatch(new RegExp(`Phòng chuyên môn thuộc UBND cấp xã \\(${communesOf(province)} đơn vị\\)`));
  });

  it('publishes every commune of the reference list and no ended unit', async () => {
    const p = JSON.parse((await cli('plan', 'publish', String(planId), '--accept-problems', '--json')).out);
    expect(p.status).toBe('published');
    const units = await assigned(planId);
    expect(units.filter((u) => u.kind === 'commune')).toHaveLength(communesOf(province));
    expect(units.filter((u) => u.effective_to !== null && u.effective_to < '2027-12-31')).toEqual([]);
    expect(units.some((u) => u.code === 'so-nong-nghiep-moi-truong')).toBe(true);
  });
});

describe('other provinces', () => {
  it('a 2027 plan for Đắk Nông names the province to use instead', async () => {
    const r = await cli('plan', 'import', plan2027, '--province', 'dak-nong');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Đắk Nông đã nhập vào tỉnh Lâm Đồng từ 01\/7\/2025.*--province lam-dong/);
  });

  it('units import --province of a merged or unknown province says what to use', async () => {
    const merged = await cli('units', 'import', '--province', 'bac-kan');
    expect(merged.code).toBe(1);
    expect(merged.err).toMatch(/Bắc Kạn đã nhập vào tỉnh Thái Nguyên.*--province thai-nguyen/);
    const unknown = await cli('units', 'import', '--province', 'atlantis');
    expect(unknown.err).toMatch(/Không có danh mục của tỉnh "atlantis".*ha-tinh/);
  });

  it('units import --province works for a province without a file of its own; units list counts by level and date', async () => {
    const r = JSON.parse((await cli('units', 'import', '--province', 'ca-mau', '--json')).out);
    expect(r.province).toBe('ca-mau');
    expect(r.unitsAdded).toBeGreaterThan(communesOf('ca-mau'));
    const again = JSON.parse((await cli('units', 'import', '--province', 'ca-mau', '--json')).out);
    expect(again.unitsAdded).toBe(0);
    const list = JSON.parse((await cli('units', 'list', '--province', 'ca-mau', '--at', '2027-01-01', '--json')).out);
    const byKind = Object.fromEntries((list.counts.byKind as { kind: string; inForce: number }[]).map((k) => [k.kind, k.inForce]));
    expect(byKind.commune).toBe(communesOf('ca-mau'));
    expect(byKind.district ?? 0).toBe(0);
    expect(list.counts.byDate).toContainEqual({ date: '2025-07-01', kind: 'commune', starting: communesOf('ca-mau'), ending: 0 });
    const text = (await cli('units', 'list', '--province', 'ca-mau', '--at', '2027-01-01')).out;
    expect(text).toMatch(new RegExp(`cấp xã ${communesOf('ca-mau')}/${communesOf('ca-mau')}`));
    expect(text).toMatch(/2025-07-01 {2}cấp xã/);
  });

  it('a directory in the database offers the successor of a department renamed in 2025', async () => {
    const r = await cli('units', 'resolve', 'Sở Kế hoạch và Đầu tư', '--province', 'ca-mau', '--year', '2027');
    expect(r.out).toMatch(/not-in-force.*gợi ý: Sở Tài chính/);
    const old = await cli('units', 'resolve', 'Sở Kế hoạch và Đầu tư', '--province', 'ca-mau', '--year', '2024');
    expect(old.out).toMatch(/unit +"Sở Kế hoạch và Đầu tư" → Sở Kế hoạch và Đầu tư/);
    const huyen = await cli('units', 'resolve', 'UBND cấp huyện', '--province', 'ca-mau', '--year', '2027');
    expect(huyen.out).toMatch(/not-in-force.*gợi ý: UBND cấp xã/);
  });
});
