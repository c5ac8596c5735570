/**
 * Plan import, amendment and publishing against a real PostgreSQL (fails, never skips, without one), through
 * the CLI commands as the coordinator runs them.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { makeDocx } from '../fixtures/import/build-fixtures.js';
import { listPlanAmendments } from '../../src/app/plan-amendments.js';
import { planPortsOn } from '../../src/plan-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, fixturesDir, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let dir: string;
const clock = new ManualClock('2024-01-08T02:00:00Z');


const cli = cliRunner({ db: () => db, clock, deadline });

const count = async (table: string): Promise<number> => Number((await db.sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase('plan_import');
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-import-'));
  copyFileSync(path.join(fixturesDir, 'ke-hoach-mau.txt'), path.join(dir, 'ke-hoach.txt'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bad input writes nothing', () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['an empty file', (f) => writeFileSync(f, ''), /rỗng/],
    ['a binary file', (f) => writeFileSync(f, Buffer.from([0, 1, 2, 3, 0xff, 0, 7, 8, 0, 0])), /không phải văn bản/],
    ['a 50 MB file', (f) => (writeFileSync(f, 'TT\tNhiệm vụ\n'), truncateSync(f, 50 * 1024 * 1024)), /quá lớn \(50\.0 MB; tối đa 20\.0 MB\)/],
    ['a table with missing columns', (f) => writeFileSync(f, 'KẾ HOẠCH\nCải cách hành chính tỉnh Nghệ An năm 2024\nTT\tNhiệm vụ\tSản phẩm\n1\tViệc\tBáo cáo\n'), /thiếu cột/],
    ['text with no task table', (f) => writeFileSync(f, 'Đến năm 2025: 90% thủ tục trực tuyến.\nĐến năm 2030: 100%.\n'), /Không tìm thấy bảng nhiệm vụ.*Đến năm 2025/],
  ];
  it.each(cases)('%s', async (_name, write, message) => {
    const file = path.join(dir, `bad-${Math.random().toString(36).slice(2)}.txt`);
    write(file);
    const r = await cli('plan', 'import', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(await count('plans')).toBe(0);
    expect(await count('units')).toBe(0);
  });

  it('an unreadable .docx', async () => {
    const good = await makeDocx([{ kind: 'paragraph', text: 'Xin chào', ref: '' }]);
    const broken = Buffer.from(good);
    for (let i = 200; i < broken.length - 300; i += 7) broken[i] = (broken[i]! + 91) & 0xff;
    const file = path.join(dir, 'hong.docx');
    writeFileSync(file, broken);
    const r = await cli('plan', 'import', file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error.code).toBe('unreadable-docx');
    expect(await count('plans')).toBe(0);
  });

  it('a missing file and a bad period', async () => {
    expect((await cli('plan', 'import', path.join(dir, 'khong-co.txt'))).err).toMatch(/Không mở được tệp/);
    expect((await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--from', '2015')).err).toMatch(/Cần cả --from và --to/);
    expect(await count('plans')).toBe(0);
  });

  it('--dry-run prints the review and writes nothing', async () => {
    const r = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Chạy thử \(--dry-run\)/);
    expect(r.out).toMatch(/Tổng quan: 3 mục, 7 nhiệm vụ, 2 nhiệm vụ đề xuất/);
    expect(await count('plans')).toBe(0);
    expect(await count('units')).toBe(0);
  });
});

describe('import, re-import, amend, publish', () => {
  let planId: number;

  it('stores a draft in one go and seeds the province directory', async () => {
    const r = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--json');
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out);
    expect(review.status).toBe('created');
    expect(review.summary).toMatchObject({ sections: 3, tasks: 7, proposals: 2, unitsSeeded: true });
    planId = review.plan.id;
    const [plan] = await db.sql`select status, province, period_start_year, decision_number, source_file_hash, settings from plans where id = ${planId}`;
    expect(plan).toMatchObject({ status: 'draft', province: 'nghe-an', period_start_year: 2024, decision_number: '123/QĐ-UBND' });
    expect(await count('plan_sections')).toBe(3);
    expect(await count('tasks')).toBe(9);
    const [rule] = await db.sql`select deadline_rule, deadline_rule_version, key from tasks where key = 'I/2'`;
    expect(rule!.deadline_rule.parts[0].kind).toBe('event');
    expect(rule!.deadline_rule_version).toBe(1);
    expect(await count('units')).toBeGreaterThan(40);
    expect((await db.sql`select action from audit_log`).map((a) => a.action)).toContain('plan.import');
  });

  it('re-importing the same file changes nothing', async () => {
    const before = await db.sql`select id, updated_at from tasks order by id`;
    const r = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/đã được nhập trước đó: không có gì thay đổi/);
    expect(await db.sql`select id, updated_at from tasks order by id`).toEqual(before);
    expect(await count('plans')).toBe(1);
  });

  it('an amended version shows a diff, and updates the draft only with --yes', async () => {
    const text = readFileSync(path.join(dir, 'ke-hoach.txt'), 'utf8')
      .replace('Trước tháng 11/2024', 'Trước tháng 10/2024')
      .replace('Sở KH và DT phối hợp Sở Tài chính', 'Sở Tài chính')
      .replace(/^2\tKiểm tra công tác cải cách hành chính.*$/m, '2\tTổ chức hội nghị tổng kết cải cách hành chính năm 2024\tHội nghị\tSở Nội vụ\tCác Sở, ban, ngành; Trung tâm Thử nghiệm Nghi Phong\tTháng 12/2024\t');
    const amended = path.join(dir, 'ke-hoach-sua.txt');
    writeFileSync(amended, text);
    const pending = JSON.parse((await cli('plan', 'import', amended, '--json')).out);
    expect(pending.status).toBe('amendment-pending');
    expect(pending.diff.added.map((a: { label: string }) => a.label)).toEqual(['III.2']);
    expect(pending.diff.removed.map((a: { label: string }) => a.label)).toEqual(['III.2']);
    const changed = Object.fromEntries(pending.diff.changed.map((c: { label: string; fields: { field: string }[] }) => [c.label, c.fields.map((f) => f.field)]));
    expect(changed).toEqual({ 'II.1': ['thời hạn'], 'II.2': ['chủ trì', 'đơn vị chủ trì', 'đơn vị phối hợp'] });
    expect((await db.sql`select deadline_text from tasks where key = 'II/1'`)[0]!.deadline_text).toBe('Trước tháng 11/2024');

    const r = await cli('plan', 'import', amended, '--yes');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Đã cập nhật bản nháp/);
    expect(r.out).toMatch(/thêm 1, bỏ 1, sửa 2/);
    expect((await db.sql`select deadline_text from tasks where key = 'II/1'`)[0]!.deadline_text).toBe('Trước tháng 10/2024');
    expect(await count('plans')).toBe(1);
    expect((await cli('plan', 'import', amended)).out).toMatch(/không có gì thay đổi/);
    // The review page's record of the draft's amendment: the diff the import showed.
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const [record] = await listPlanAmendments(planPortsOn(db), plan!.id);
    expect(record).toMatchObject({ published: false, file: 'ke-hoach-sua.txt', added: pending.diff.added, removed: pending.diff.removed, unchanged: pending.diff.unchanged });
    expect(record!.changed.map((c) => [c.label, c.fields!.map((f) => f.field)])).toEqual(Object.entries(changed));
  });

  it('publish refuses while problems remain, listing them, and writes no assignment', async () => {
    const r = await cli('plan', 'publish', String(planId));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Chưa công bố kế hoạch/);
    expect(r.out).toMatch(/III\.2: Không nhận ra cơ quan phối hợp "Trung tâm Thử nghiệm Nghi Phong"/);
    expect(await count('task_assignments')).toBe(0);
    expect(await count('due_items')).toBe(0);
  });

  it('units add / alias / list fix the problems; publish then creates every assignment and due item', async () => {
    const add = ['units', 'add', 'tt-thu-nghiem-nghi-phong', 'Trung tâm Thử nghiệm Nghi Phong', '--kind', 'other', '--parent', 'huyen-nghi-loc', '--to', '2025-06-30'];
    expect((await cli(...add)).code).toBe(0);
    expect((await cli(...add)).err).toMatch(/đã có/);
    expect((await cli('units', 'alias', 'so-tai-chinh', 'STC')).out).toMatch(/Đã thêm "STC"/);
    const list = JSON.parse((await cli('units', 'list', '--kind', 'other', '--json')).out);
    expect(list.units.map((u: { code: string }) => u.code)).toContain('tt-thu-nghiem-nghi-phong');
    // The shipped commune-level units (GSO list of 2024) make "UBND cấp xã" a real group.
    const communes = JSON.parse((await cli('units', 'list', '--kind', 'commune', '--at', '2024-06-30', '--json')).out);
    expect(communes.units.length).toBe(460);
    expect(list.groups.find((g: { code: string }) => g.code === 'ubnd-cap-xa').members).toBeGreaterThanOrEqual(460);

    const r = await cli('plan', 'publish', String(planId), '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.status).toBe('published');
    expect(res.problems).toEqual([]);
    expect(res.assignments.created).toBe(res.assignments.total);
    expect(res.dueItems.created).toBe(res.dueItems.total);
    expect(res.dueItems.created).toBe(await count('due_items'));
    // "05 ngày kể từ ngày công bố TTHC": published without a date, listed as waiting.
    expect(res.waiting.map((w: { task: string }) => w.task)).toEqual(['I.2']);
    const waiting = await db.sql`select d.state, d.waiting_event, d.due_date from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.key = 'I/2'`;
    expect(waiting.length).toBe(21);
    expect(waiting.every((w) => w.state === 'waiting' && w.due_date === null && /cong-bo-tthc/.test(w.waiting_event))).toBe(true);
    // Quarterly + dated tasks: Sở Tư pháp gets "Tháng 02/2024" (29/02) and "Quý IV/2024".
    const tp = await db.sql`select d.nominal_due::text as nominal_due from due_items d join task_assignments a on a.id = d.assignment_id join units u on u.id = a.unit_id join tasks t on t.id = a.task_id where t.key = 'I/1' and u.code = 'so-tu-phap' order by d.nominal_due`;
    expect(tp.map((x) => x.nominal_due)).toEqual(['2024-02-29', '2024-12-31']);
    const [plan] = await db.sql`select status, published_at from plans where id = ${planId}`;
    expect(plan!.status).toBe('published');
    expect(plan!.published_at).toEqual(clock.now());
  });

  it('publishing again is idempotent', async () => {
    const before = [await count('task_assignments'), await count('due_items')];
    const r = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect(r.assignments.created).toBe(0);
    expect(r.dueItems.created).toBe(0);
    expect([await count('task_assignments'), await count('due_items')]).toEqual(before);
  });

  it('an amended version of a published plan shows its consequences, and is applied with --yes (see plan-amend.test.ts)', async () => {
    const text = readFileSync(path.join(dir, 'ke-hoach-sua.txt'), 'utf8').replace('Quý I/2024', 'Quý II/2024');
    const file = path.join(dir, 'ke-hoach-sua-2.txt');
    writeFileSync(file, text);
    const items = async () => db.sql`select d.id, d.due_date::text as due, d.revision from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.key = 'III/1' order by d.id`;
    const before = await items();
    const pending = await cli('plan', 'import', file);
    expect(pending.code).toBe(0);
    expect(pending.out).toMatch(/bản sửa đổi của kế hoạch ĐÃ CÔNG BỐ/);
    expect(pending.out).toMatch(new RegExp(`III\\.1 Tự chấm điểm.*: dời ${before.length} hạn 29/03/2024 → 28/06/2024`));
    expect(await items()).toEqual(before);
    const r = JSON.parse((await cli('plan', 'import', file, '--yes', '--json')).out);
    expect(r.status).toBe('amended');
    expect(r.amendment.dueItems).toMatchObject({ created: 0, redated: before.length, waived: 0 });
    const after = await items();
    expect(after.map((i) => [i.id, i.due, i.revision])).toEqual(before.map((i) => [i.id, '2024-06-28', i.revision + 1]));
  });

  it('plan list shows it', async () => {
    expect((await cli('plan', 'list')).out).toMatch(/nghe-an\s+2024\s+published/);
  });
});

describe.skipIf(!hasSeeds)('seed plans into PostgreSQL', () => {
  // A database of their own: the fixture above is also a Nghệ An 2024 plan, and a second plan of the same
  // province and period is an amendment.
  let main: TestDatabase;
  beforeAll(async () => {
    main = db;
    db = await createTestDatabase('plan_seeds');
  });
  afterAll(async () => {
    await db.drop();
    db = main;
  });

  // Four whole seed plans (the 2012–2015 one publishes 55k due items): over a minute on a loaded 2-core machine.
  // The bound only catches a hang; bench:import measures the speed.
  it('all four import with their counts, publish (problems accepted) and re-publish idempotently', { timeout: 300_000 }, async () => {
    const expected: Record<string, number> = { [SEEDS.na2024]: 43, [SEEDS.tn2024]: 29, [SEEDS.dn2021]: 77, [SEEDS.na2012]: 53 };
    for (const [name, tasks] of Object.entries(expected)) {
      const r = JSON.parse((await cli('plan', 'import', path.join(seedsDir, name), '--json')).out);
      expect(r.status, name).toBe('created');
      expect(r.summary.tasks, name).toBe(tasks);
      const [{ n }] = (await db.sql`select count(*)::int as n from tasks where plan_id = ${r.plan.id} and not is_proposal`) as unknown as [{ n: number }];
      expect(n).toBe(tasks);
      const p1 = JSON.parse((await cli('plan', 'publish', String(r.plan.id), '--accept-problems', '--json')).out);
      expect(p1.status).toBe('published');
      expect(p1.dueItems.created).toBeGreaterThan(0);
      const p2 = JSON.parse((await cli('plan', 'publish', String(r.plan.id), '--accept-problems', '--json')).out);
      expect([p2.assignments.created, p2.dueItems.created]).toEqual([0, 0]);
    }
    const r = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2030));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Đến năm 2030/);
  });
});
