/**
 * The coordinator's decisions on a stored plan through the CLI, against a real PostgreSQL (fails, never skips,
 * without one): `plan show` lists what needs a decision, `plan assign` settles a vague lead cell, `plan proposals`
 * accepts and rejects duties read from the prose one by one, `plan set-date` dates an on-demand task.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline } from '../unit/import/helpers.js';

let db: TestDatabase;
let dir: string;
let planId: number;
const clock = new ManualClock('2024-01-08T02:00:00Z');

const cli = cliRunner({ db: () => db, clock, deadline });

const PLAN = `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

KẾ HOẠCH
Cải cách hành chính tỉnh Nghệ An năm 2024 (thử nghiệm quyết định của điều phối viên)

I. TỔ CHỨC THỰC HIỆN

1. Giám đốc các Sở, Thủ trưởng các ban, ngành cấp tỉnh

a) Căn cứ Kế hoạch này xây dựng kế hoạch cụ thể của cơ quan, đơn vị (trước ngày 31/01/2024); định kỳ hàng quý, 6 tháng, năm báo cáo UBND tỉnh (qua Sở Nội vụ).

PHỤ LỤC

TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành
I\tCẢI CÁCH THỂ CHẾ\t\t\t\t
1\tRà soát văn bản quy phạm pháp luật\tBáo cáo\tSở Tư pháp\tVăn phòng UBND tỉnh\tQuý II/2024
2\tKiểm tra việc thực hiện quy chế một cửa\tBáo cáo kiểm tra\tCác cơ quan, đơn vị liên quan\tSở Nội vụ\tQuý III/2024
3\tBáo cáo chuyên đề về cải cách hành chính\tBáo cáo\tSở Nội vụ\t\tTheo yêu cầu
`;

const count = async (q: string): Promise<number> => Number((await db.sql.unsafe(`select count(*)::int as n from ${q}`))[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase('plan_review');
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-review-'));
  writeFileSync(path.join(dir, 'ke-hoach.txt'), PLAN);
  const r = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--json');
  expect(r.code, r.err).toBe(0);
  planId = JSON.parse(r.out).plan.id;
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('plan review commands', () => {
  it('show lists the vague lead and the pending proposals, with the command that settles each', async () => {
    const r = JSON.parse((await cli('plan', 'show', String(planId), '--json')).out);
    expect(r.tasks).toMatchObject({ total: 3, proposals: 2, publishable: 3 });
    const byTask = r.decisions.map((d: { task: string; kind: string }) => `${d.task}:${d.kind}`);
    expect(byTask).toContain('I.2:units');
    expect(byTask.filter((x: string) => x.endsWith(':proposal'))).toHaveLength(2);
    const text = (await cli('plan', 'show', String(planId))).out;
    expect(text).toMatch(/nhacviec plan assign \d+ I\.2 --lead/);
    // --tasks: what the machine understood of every task.
    const views = JSON.parse((await cli('plan', 'show', String(planId), '--tasks', '--json')).out).taskViews;
    expect(views.map((v: { task: string; status: string }) => `${v.task}:${v.status}`).slice(0, 3)).toEqual(['I.1:task', 'I.2:task', 'I.3:task']);
    expect(views.filter((v: { status: string }) => v.status === 'proposal-pending')).toHaveLength(2);
    const i1 = views.find((v: { task: string }) => v.task === 'I.1');
    expect(i1.units).toEqual({ lead: ['Sở Tư pháp'], support: ['Văn phòng UBND tỉnh Nghệ An'], chosenByCoordinator: false });
    expect(i1.firstDue).toEqual([{ label: expect.stringContaining('II/2024'), due: '2024-06-28' }]);
    expect(views.find((v: { task: string }) => v.task === 'I.3')).toMatchObject({ firstDue: [], occurrences: 1 });
    expect((await cli('plan', 'show', String(planId), '--tasks')).out).toMatch(/I\.1 +Rà soát văn bản quy phạm pháp luật\n +chủ trì: Sở Tư pháp; phối hợp: Văn phòng UBND tỉnh Nghệ An\n +thời hạn: Quý II\/2024 →/);
    // Publishing refuses while the vague lead is unsettled.
    expect((await cli('plan', 'publish', String(planId))).code).toBe(1);
  });

  it('assign refuses unknown units with suggestions and writes nothing', async () => {
    const r = await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'Sở Nội vu', '--lead', 'Sở Tư phap', '--lead', 'Sở Không Có');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Không nhận ra đơn vị "Sở Không Có"/);
    expect(await count(`tasks where unit_overrides is not null`)).toBe(0);
    expect((await cli('plan', 'assign', String(planId), 'IX.9', '--lead', 'so-noi-vu')).err).toMatch(/không có nhiệm vụ "IX.9"|có phải/);
    expect((await cli('plan', 'assign', String(planId), 'I.2')).err).toMatch(/Cần ít nhất một đơn vị chủ trì/);
  });

  it('assign names units by code, name or group; the problem goes and publish includes them', async () => {
    // A group written as plans write it, commas and all; the lead is not repeated among the support units.
    const group = JSON.parse((await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'Sở Nội vụ', '--support', 'Các Sở, ban, ngành cấp tỉnh', '--json')).out);
    expect(group.after.lead).toEqual(['Sở Nội vụ']);
    expect(group.after.support).toHaveLength(20);
    expect(group.after.support).not.toContain('Sở Nội vụ');
    const r = await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'so-noi-vu', '--support', 'Sở Tư pháp, UBND cấp huyện', '--json');
    expect(r.code, r.err).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.before.lead).toEqual(['Sở Nội vụ']);
    expect(res.after.lead).toEqual(['Sở Nội vụ']);
    expect(res.after.support).toContain('Sở Tư pháp');
    expect(res.after.support.length).toBe(22); // Sở Tư pháp + 21 district-level units of Nghệ An in 2024
    expect(res.problems).toEqual([]);
    // Several units after one option, as the README writes it.
    const spaced = await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'so-noi-vu', '--support', 'so-tu-phap', 'so-tai-chinh', '--json');
    expect(spaced.code, spaced.err).toBe(0);
    expect(JSON.parse(spaced.out).after.support).toEqual(['Sở Tư pháp', 'Sở Tài chính']);
    expect((await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'so-noi-vu', '--support', 'Sở Tư pháp, UBND cấp huyện')).code).toBe(0);
    const [task] = await db.sql`select unit_overrides from tasks where key = 'I/2'`;
    expect(task!.unit_overrides).toMatchObject({ lead: ['so-noi-vu'], by: 'cli:test' });
    expect((await db.sql`select action from audit_log where action = 'task.assign'`).length).toBe(4);
    const show = JSON.parse((await cli('plan', 'show', String(planId), '--json')).out);
    expect(show.decisions.some((d: { task: string; kind: string }) => d.task === 'I.2' && d.kind === 'units')).toBe(false);
    expect(show.tasks.assignedByCoordinator).toBe(1);
  });

  it('proposals are accepted or rejected one by one; only accepted ones are published', async () => {
    const list = JSON.parse((await cli('plan', 'proposals', String(planId), '--json')).out);
    expect(list.proposals.map((p: { status: string }) => p.status)).toEqual(['pending', 'pending']);
    const [first, second] = list.proposals.map((p: { task: string }) => p.task);
    expect((await cli('plan', 'proposals', String(planId), '--accept', 'I.1')).err).toMatch(/không phải đề xuất/);
    expect((await cli('plan', 'proposals', String(planId), '--accept', first, '--reject', first)).err).toMatch(/Vừa nhận vừa bỏ/);
    const r = JSON.parse((await cli('plan', 'proposals', String(planId), '--accept', first, '--reject', second, '--json')).out);
    expect(r.changed).toEqual([first, second]);
    expect(r.proposals.map((p: { status: string }) => p.status)).toEqual(['accepted', 'rejected']);
    // Deciding the same again changes nothing.
    expect(JSON.parse((await cli('plan', 'proposals', String(planId), '--accept', first, '--json')).out).changed).toEqual([]);

    const pub = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect(pub.status).toBe('published');
    expect(pub.tasks).toBe(4); // 3 table tasks + the accepted proposal
    const published = await db.sql<{ key: string }[]>`select distinct t.key from tasks t join task_assignments a on a.task_id = t.id order by t.key`;
    expect(published.map((p) => p.key)).toHaveLength(4);
    const rejected = await db.sql`select 1 from tasks t join task_assignments a on a.task_id = t.id where t.proposal_status = 'rejected'`;
    expect(rejected.length).toBe(0);
    // The coordinator's units for I.2 were used.
    const lead = await db.sql`select u.code from task_assignments a join units u on u.id = a.unit_id join tasks t on t.id = a.task_id where t.key = 'I/2' and a.role = 'lead'`;
    expect(lead.map((x) => x.code)).toEqual(['so-noi-vu']);
  });

  it('set-date dates the waiting items of an on-demand task, refusing bad dates', async () => {
    const show = JSON.parse((await cli('plan', 'show', String(planId), '--json')).out);
    expect(show.decisions.find((d: { kind: string }) => d.kind === 'date')?.task).toBe('I.3');
    expect((await cli('plan', 'set-date', String(planId), 'I.3', 'ngày mai nào đó')).err).toMatch(/Không đọc được ngày/);
    expect((await cli('plan', 'set-date', String(planId), 'I.3', '01/01/2024')).err).toMatch(/đã qua/);
    expect((await cli('plan', 'set-date', String(planId), 'I.1', '15/03/2024')).err).toMatch(/không có hạn nào đang chờ ngày/);
    expect(await count(`due_items where state = 'waiting'`)).toBe(1);

    const r = JSON.parse((await cli('plan', 'set-date', String(planId), 'I.3', '16/03/2024', '--json')).out);
    // 16/03/2024 is a Saturday: reminders aim at Friday 15/03.
    expect(r).toMatchObject({ task: 'I.3', nominalDue: '2024-03-16', dueDate: '2024-03-15', dated: 1 });
    const [item] = await db.sql`select d.state, d.due_date::text as due, d.revision from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.key = 'I/3'`;
    expect(item).toMatchObject({ state: 'open', due: '2024-03-15', revision: 1 });
    expect((await db.sql`select manual_due_date::text as d from tasks where key = 'I/3'`)[0]!.d).toBe('2024-03-16');
    expect((await cli('plan', 'set-date', String(planId), 'I.3', '20/03/2024')).err).toMatch(/không có hạn nào đang chờ ngày/);
  });

  it('a decision on a published plan updates its publication at once: new items created, dropped ones waived', async () => {
    const r = JSON.parse((await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'so-noi-vu', '--lead', 'so-tu-phap', '--json')).out);
    // Sở Tư pháp moves from support to lead (a new assignment and item); the 22 support assignments are dropped.
    expect(r.publication).toEqual({ assignmentsCreated: 1, dueItemsCreated: 1, dueItemsWaived: 22 });
    const items = await db.sql<{ code: string; role: string; state: string }[]>`
      select u.code, a.role::text as role, d.state::text as state from due_items d join task_assignments a on a.id = d.assignment_id
      join units u on u.id = a.unit_id join tasks t on t.id = a.task_id where t.key = 'I/2' order by a.role, u.code`;
    expect(items.filter((i) => i.role === 'lead').map((i) => [i.code, i.state])).toEqual([['so-noi-vu', 'open'], ['so-tu-phap', 'open']]);
    expect(items.filter((i) => i.role === 'support').every((i) => i.state === 'waived')).toBe(true);
    const [note] = await db.sql`select n.text from due_item_notes n join due_items d on d.id = n.due_item_id join task_assignments a on a.id = d.assignment_id where a.role = 'support' limit 1`;
    expect(note!.text).toMatch(/Miễn theo quyết định của điều phối viên \(plan assign I\.2\)/);
    const text = (await cli('plan', 'assign', String(planId), 'I.2', '--lead', 'so-noi-vu', '--lead', 'so-tu-phap')).out;
    expect(text).toMatch(/đã cập nhật ngay: 0 phân công mới, 0 hạn mới, 0 hạn được miễn/);

    // Rejecting the accepted proposal closes its items; publishing again brings nothing back.
    const proposal = JSON.parse((await cli('plan', 'proposals', String(planId), '--json')).out).proposals.find((p: { status: string }) => p.status === 'accepted').task;
    const rejected = JSON.parse((await cli('plan', 'proposals', String(planId), '--reject', proposal, '--json')).out);
    expect(rejected.publication.dueItemsWaived).toBeGreaterThan(0);
    const again = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect([again.assignments.created, again.dueItems.created]).toEqual([0, 0]);

    // An amended file still has the vague cell, but the coordinator's choice stands: nothing blocks, and the review
    // says the file's problem was settled on the plan.
    writeFileSync(path.join(dir, 'ke-hoach-sua.txt'), PLAN.replace('Quý II/2024', 'Quý III/2024'));
    const amended = await cli('plan', 'import', path.join(dir, 'ke-hoach-sua.txt'));
    expect(amended.code).toBe(0);
    expect(amended.out).toMatch(/đã được điều phối viên xử lý trên kế hoạch \(plan assign\): I\.2/);
    expect(amended.out).toMatch(/Vấn đề: không có lỗi hay cảnh báo/);
  });
});
