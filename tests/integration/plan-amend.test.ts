/**
 * Amending a PUBLISHED plan through `plan import` against a real PostgreSQL, as the coordinator runs it: the
 * review shows the consequences without writing; `--yes` updates tasks in place, withdraws removed ones, waives
 * the items that left the plan (done ones kept), re-dates moved ones (an approved later extension kept) and
 * creates the new ones; the reminder service then cancels the reminders of waived items and moves re-dated ones.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { dateForEvent, occurrencesForEvent } from '../../src/app/bot/coordination.js';
import type { ServiceCore } from '../../src/app/bot/context.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { listPlanAmendments } from '../../src/app/plan-amendments.js';
import { planPortsOn } from '../../src/plan-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createHarness, type Harness } from '../helpers/reminder-harness.js';
import { deadline } from '../unit/import/helpers.js';

const clock = new ManualClock('2024-01-08T02:00:00Z');
let h: Harness;
let dir: string;

const cli = cliRunner({ db: () => h.db, clock, deadline });

const HEADER = `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

KẾ HOẠCH
Cải cách hành chính tỉnh Nghệ An năm 2024 (bản thử sửa đổi)

(Ban hành kèm theo Quyết định số 7/QĐ-UBND ngày 05 tháng 01 năm 2024 của Ủy ban nhân dân tỉnh Nghệ An)

PHỤ LỤC

TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tKinh phí (triệu đồng)
`;
const row = (...cells: string[]) => `${cells.join('\t')}\n`;
const ORIGINAL =
  HEADER +
  row('I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', '') +
  row('1', 'Rà soát văn bản quy phạm pháp luật của tỉnh', 'Báo cáo rà soát', 'Sở Tư pháp', 'Sở Nội vụ', 'Hằng quý', '') +
  row('2', 'Kiểm tra công tác cải cách hành chính', 'Báo cáo kiểm tra', 'Sở Nội vụ', 'Sở Tư pháp', 'Trước tháng 11/2024', '20') +
  row('II', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', '', '') +
  row('1', 'Đánh giá mức độ hài lòng về dịch vụ y tế', 'Báo cáo kết quả', 'Sở Y tế', 'Sở Nội vụ', 'Quý II/2024', '') +
  row('2', 'Tuyên truyền cải cách hành chính', 'Báo cáo tuyên truyền', 'Sở Tài chính', 'Sở Nội vụ', 'Tháng 6/2024', '');
// (a) I.2 due a month earlier; (b) II.1 removed; (d) the former II.2 (now II.1) led by Sở Xây dựng; (c) a new II.2.
const AMENDED =
  HEADER +
  row('I', 'CẢI CÁCH THỂ CHẾ', '', '', '', '', '') +
  row('1', 'Rà soát văn bản quy phạm pháp luật của tỉnh', 'Báo cáo rà soát', 'Sở Tư pháp', 'Sở Nội vụ', 'Hằng quý', '') +
  row('2', 'Kiểm tra công tác cải cách hành chính', 'Báo cáo kiểm tra', 'Sở Nội vụ', 'Sở Tư pháp', 'Trước tháng 10/2024', '20') +
  row('II', 'CẢI CÁCH TỔ CHỨC BỘ MÁY', '', '', '', '', '') +
  row('1', 'Tuyên truyền cải cách hành chính', 'Báo cáo tuyên truyền', 'Sở Xây dựng', 'Sở Nội vụ', 'Tháng 6/2024', '') +
  row('2', 'Tổng kết công tác cải cách hành chính năm 2024', 'Báo cáo tổng kết', 'Sở Nội vụ', 'Sở Tư pháp', 'Tháng 12/2024', '');

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

interface Item {
  id: number;
  key: string;
  unit: string;
  role: string;
  occ: string;
  due: string | null;
  state: string;
  revision: number;
  withdrawn: boolean;
}

async function items(): Promise<Item[]> {
  const rows = await h.db.sql<(Omit<Item, 'id'> & { id: string })[]>`
    select d.id, t.key, u.code as unit, a.role::text as role, d.occurrence_key as occ, d.due_date::text as due, d.state::text as state,
           d.revision, t.withdrawn_at is not null as withdrawn
    from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
    order by d.id`;
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
const find = (list: Item[], key: string, unit: string, withdrawn = false) => list.filter((i) => i.key === key && i.unit === unit && i.withdrawn === withdrawn);

/** Everything an amendment may write, to prove that a review writes nothing. */
async function snapshot(): Promise<unknown> {
  const s = h.db.sql;
  return {
    plans: await s`select * from plans order by id`,
    sections: await s`select * from plan_sections order by id`,
    tasks: await s`select * from tasks order by id`,
    assignments: await s`select * from task_assignments order by id`,
    items: await s`select * from due_items order by id`,
    notes: await s`select * from due_item_notes order by id`,
    audit: await s`select id, action from audit_log order by id`,
  };
}

async function focalPoint(unitCode: string, chatId: number): Promise<void> {
  const s = h.db.sql;
  const [p] = await s<{ id: number }[]>`insert into people (name, telegram_user_id) values (${`Đầu mối ${unitCode}`}, ${chatId}) returning id`;
  await s`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${p!.id})`;
  await s`insert into memberships (person_id, unit_id, role) select ${p!.id}, id, 'focal' from units where province = 'nghe-an' and code = ${unitCode}`;
}

beforeAll(async () => {
  h = await createHarness({ backend: 'postgres', clock });
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-amend-'));
});

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('amending a published plan', () => {
  let planId: number;
  let before: Item[];
  let amended: string;

  it('publishes the original, with a done item, an approved extension and planned reminders', async () => {
    const created = JSON.parse((await cli('plan', 'import', write('ke-hoach.txt', ORIGINAL), '--json')).out);
    expect(created.status).toBe('created');
    expect(created.problems.filter((p: { severity: string }) => p.severity !== 'info')).toEqual([]);
    planId = created.plan.id;
    const published = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect(published.status).toBe('published');
    expect(published.dueItems.created).toBe(14);

    const list = await items();
    // II.1's support item is done; I.2's support unit got an approved extension to 15/11 (later than the new 30/09).
    await h.db.sql`update due_items set state = 'done', done_at = now(), revision = revision + 1 where id = ${find(list, 'II/1', 'so-noi-vu')[0]!.id}`;
    const ext = find(list, 'I/2', 'so-tu-phap')[0]!;
    await h.db.sql`insert into extension_requests (due_item_id, reason, proposed_date, previous_due_date, status, decided_at)
                   values (${ext.id}, 'Chờ số liệu', '2024-11-15', '2024-10-31', 'approved', now())`;
    await h.db.sql`update due_items set due_date = '2024-11-15', nominal_due = '2024-11-15', due_at = '2024-11-15T16:59:59.999Z',
                   state = 'extended', revision = revision + 1 where id = ${ext.id}`;

    for (const [unit, chat] of [['so-y-te', 9001], ['so-tai-chinh', 9002], ['so-noi-vu', 9003]] as const) await focalPoint(unit, chat);
    await h.reminders.service.replan();
    const planned = await h.db.sql`select count(*)::int as n from reminders where due_item_id = ${find(list, 'II/1', 'so-y-te')[0]!.id} and status = 'planned'`;
    expect(planned[0]!.n).toBeGreaterThan(0);
    before = await items();
  });

  it('an amended version with blocking problems is refused without --accept-problems, writing nothing', async () => {
    const bad = write('ke-hoach-loi.txt', AMENDED.replace('Sở Xây dựng', 'Sở Không Tồn Tại'));
    const snap = await snapshot();
    const r = await cli('plan', 'import', bad, '--yes', '--json');
    expect(r.code).toBe(1);
    const review = JSON.parse(r.out);
    expect(review.status).toBe('amendment-refused');
    expect(review.amendment.blocking.map((p: { code: string; task: string }) => `${p.task} ${p.code}`)).toEqual(['II.1 agency-unknown']);
    expect(await snapshot()).toEqual(snap);
    const text = await cli('plan', 'import', bad, '--yes');
    expect(text.out).toMatch(/chưa áp dụng vào kế hoạch đã công bố/);
    expect(text.out).toMatch(/Còn 1 lỗi\/cảnh báo chặn việc áp dụng/);
    expect(text.out).toMatch(/\[LỖI\] II\.1: Không nhận ra cơ quan chủ trì "Sở Không Tồn/);
  });

  it('without --yes, and with --dry-run, shows the consequences and writes nothing', async () => {
    amended = write('ke-hoach-sua.txt', AMENDED);
    const snap = await snapshot();
    const r = await cli('plan', 'import', amended, '--json');
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out);
    expect(review.status).toBe('amendment-pending');
    expect(review.amendment).toMatchObject({
      tasks: { updated: 2, added: 1, restored: 0, withdrawn: 1 },
      assignments: { created: 3, dropped: 2 },
      dueItems: { created: 3, redated: 1, rewaited: 0, waived: 2, extensionKept: 1, stayWaived: 0, history: { done: 1, waived: 0 } },
      blocking: [],
    });
    const byTask = Object.fromEntries(review.amendment.byTask.map((t: { label: string; withdrawn: boolean }) => [`${t.label}${t.withdrawn ? ' (rút)' : ''}`, t]));
    expect(byTask['I.2'].redated).toEqual([{ from: '2024-10-31', to: '2024-09-30', items: 1 }]);
    expect(byTask['II.1'].waived).toEqual([{ reason: 'unit-dropped', units: ['Sở Tài chính'], items: 1 }]);
    expect(byTask['II.1'].created).toBe(1);
    expect(byTask['II.2'].created).toBe(2);
    expect(byTask['II.1 (rút)']).toMatchObject({ withdrawn: true, waived: [{ reason: 'task-withdrawn', units: ['Sở Y tế'], items: 1 }], history: { done: 1, waived: 0 } });

    const text = await cli('plan', 'import', amended);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/bản sửa đổi của kế hoạch ĐÃ CÔNG BỐ/);
    expect(text.out).toMatch(/Hạn: tạo mới 3, dời ngày 1, đóng \(miễn\) 2 hạn/);
    expect(text.out).toMatch(/Giữ nguyên làm lịch sử: 1 hạn đã hoàn thành/);
    expect(text.out).toMatch(/I\.2 Kiểm tra công tác cải cách hành chính: dời 1 hạn 31\/10\/2024 → 30\/09\/2024/);
    expect(text.out).toMatch(/1 hạn đã được duyệt gia hạn muộn hơn ngày mới: giữ ngày gia hạn/);

    const dry = JSON.parse((await cli('plan', 'import', amended, '--dry-run', '--yes', '--json')).out);
    expect(dry.status).toBe('dry-run');
    expect(dry.amendment.dueItems).toEqual(review.amendment.dueItems);
    expect(await snapshot()).toEqual(snap);
  });

  it('--yes applies it: tasks in place, removed one withdrawn, items waived / re-dated / created, history kept', async () => {
    const tasksBefore = await h.db.sql<{ id: number; key: string }[]>`select id, key from tasks where plan_id = ${planId} order by id`;
    const r = await cli('plan', 'import', amended, '--yes', '--json');
    expect(r.code).toBe(0);
    const review = JSON.parse(r.out);
    expect(review.status).toBe('amended');
    expect(review.amendment.dueItems).toEqual({ created: 3, redated: 1, rewaited: 0, waived: 2, extensionKept: 1, stayWaived: 0, history: { done: 1, waived: 0 } });
    expect(review.amendment.assignments).toEqual({ created: 3, dropped: 2 });

    const tasks = await h.db.sql<{ id: number; key: string; title: string; deadline_text: string; lead_text: string; position: number; withdrawn: boolean }[]>`
      select id, key, title, deadline_text, lead_text, position, withdrawn_at is not null as withdrawn from tasks where plan_id = ${planId} order by position`;
    expect(tasks.map((t) => `${t.position} ${t.key}${t.withdrawn ? ' rút' : ''}`)).toEqual(['1 I/1', '2 I/2', '3 II/1', '4 II/2', '5 II/1 rút']);
    const id = (key: string) => tasksBefore.find((t) => t.key === key)!.id;
    // Updated in place: same ids.
    expect(tasks[1]).toMatchObject({ id: id('I/2'), deadline_text: 'Trước tháng 10/2024' });
    expect(tasks[2]).toMatchObject({ id: id('II/2'), lead_text: 'Sở Xây dựng' });
    expect(tasks[4]).toMatchObject({ id: id('II/1'), title: 'Đánh giá mức độ hài lòng về dịch vụ y tế' });
    expect(tasks.length).toBe(tasksBefore.length + 1);

    const after = await items();
    const was = (i: Item) => before.find((b) => b.id === i.id)!;
    // (a) re-dated, revision bumped; the extended support item keeps its later approved date.
    const [lead] = find(after, 'I/2', 'so-noi-vu');
    expect(lead).toMatchObject({ occ: 'p0-2024-09-30', due: '2024-09-30', state: 'open', revision: was(lead!).revision + 1 });
    const [ext] = find(after, 'I/2', 'so-tu-phap');
    expect(ext).toMatchObject({ occ: 'p0-2024-09-30', due: '2024-11-15', state: 'extended', revision: was(ext!).revision });
    // (b) the removed task: its open item waived with a note, its done item untouched.
    const removed = after.filter((i) => i.withdrawn);
    expect(removed.map((i) => `${i.unit} ${i.state}`).sort()).toEqual(['so-noi-vu done', 'so-y-te waived']);
    const waivedY = removed.find((i) => i.unit === 'so-y-te')!;
    expect(waivedY.revision).toBe(was(waivedY).revision + 1);
    const done = removed.find((i) => i.unit === 'so-noi-vu')!;
    expect(done).toEqual({ ...was(done), withdrawn: true });
    // (c) the new task's items; (d) the old lead's item waived, the new lead's created, the support kept.
    expect(find(after, 'II/2', 'so-noi-vu').map((i) => `${i.due} ${i.state}`)).toEqual(['2024-12-31 open']);
    expect(find(after, 'II/2', 'so-tu-phap').map((i) => `${i.due} ${i.state}`)).toEqual(['2024-12-31 open']);
    expect(find(after, 'II/1', 'so-tai-chinh').map((i) => i.state)).toEqual(['waived']);
    expect(find(after, 'II/1', 'so-xay-dung').map((i) => `${i.due} ${i.state}`)).toEqual(['2024-06-28 open']);
    const support = find(after, 'II/1', 'so-noi-vu')[0]!;
    expect(support).toEqual({ ...was(support), key: 'II/1' });
    // Nothing else moved.
    const untouched = after.filter((i) => i.key === 'I/1');
    expect(untouched).toEqual(before.filter((i) => i.key === 'I/1'));
    expect(after.length).toBe(before.length + 3);

    const notes = await h.db.sql<{ due_item_id: string; text: string }[]>`select due_item_id, text from due_item_notes order by id`;
    expect(notes.map((n) => Number(n.due_item_id)).sort()).toEqual([waivedY.id, find(after, 'II/1', 'so-tai-chinh')[0]!.id].sort());
    expect(notes.find((n) => Number(n.due_item_id) === waivedY.id)!.text).toMatch(/bản sửa đổi.*ke-hoach-sua\.txt.*không còn trong kế hoạch/);

    const [plan] = await h.db.sql`select status, source_file_name, source_file_hash from plans where id = ${planId}`;
    expect(plan).toMatchObject({ status: 'published', source_file_name: 'ke-hoach-sua.txt', source_file_hash: review.plan.source.sha256 });
    const [audit] = await h.db.sql`select details from audit_log where action = 'plan.amend'`;
    expect(audit!.details).toMatchObject({ published: true, added: ['II/2'], removed: ['II/1'], changed: ['I/2', 'II/1'], dueItems: { created: 3, waived: 2 } });

    // The review page's record of it: the diff against the replaced version, and the dates that moved.
    const [amendment, ...older] = await listPlanAmendments(planPortsOn(h.db), planId);
    expect(older).toEqual([]);
    expect(amendment).toMatchObject({ published: true, file: 'ke-hoach-sua.txt', unchanged: 1, dueItems: { created: 3, redated: 1, waived: 2 } });
    expect(amendment!.added).toEqual([{ key: 'II/2', label: 'II.2', title: 'Tổng kết công tác cải cách hành chính năm 2024' }]);
    expect(amendment!.removed).toEqual([{ key: 'II/1', label: 'II.1', title: 'Đánh giá mức độ hài lòng về dịch vụ y tế' }]);
    const i2 = amendment!.changed.find((c) => c.label === 'I.2')!;
    expect(i2.fields).toEqual([{ field: 'thời hạn', before: 'Trước tháng 11/2024', after: 'Trước tháng 10/2024' }]);
    const renamed = amendment!.changed.find((c) => c.label === 'II.1')!;
    expect(renamed.previousLabel).toBe('II.2');
    expect(renamed.fields!.map((f) => f.field)).toEqual(['chủ trì', 'đơn vị chủ trì']);
    expect(amendment!.moves).toEqual([{ label: 'I.2', title: 'Kiểm tra công tác cải cách hành chính', redated: [{ from: '2024-10-31', to: '2024-09-30', items: 1 }] }]);
  });

  it('the reminder service cancels the reminders of waived items and moves those of re-dated ones', async () => {
    const after = await items();
    const waived = after.filter((i) => i.state === 'waived').map((i) => i.id);
    const report = await h.reminders.service.replan();
    expect(report.cancelled).toBeGreaterThan(0);
    const rows = await h.db.sql<{ status: string }[]>`select status from reminders where due_item_id = any(${waived}::bigint[])`;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'cancelled')).toBe(true);
    const lead = find(after, 'I/2', 'so-noi-vu')[0]!;
    const [zero] = await h.db.sql<{ planned_at: Date }[]>`
      select planned_at from reminders where due_item_id = ${lead.id} and kind = 'reminder' and step = '0' and status = 'planned'`;
    expect(zero!.planned_at.toISOString()).toBe('2024-09-30T01:00:00.000Z');
    // The new lead's item is planned too.
    const fresh = find(after, 'II/1', 'so-xay-dung')[0]!;
    const [{ n }] = (await h.db.sql`select count(*)::int as n from reminders where due_item_id = ${fresh.id}`) as unknown as [{ n: number }];
    expect(n).toBe(0); // no focal point for Sở Xây dựng and no group chat: nobody to remind
  });

  it('re-importing the amended file is unchanged, and publishing afterwards inserts nothing', async () => {
    const snap = await snapshot();
    const again = JSON.parse((await cli('plan', 'import', amended, '--yes', '--json')).out);
    expect(again.status).toBe('unchanged');
    // The same content in another file: no difference either.
    const copy = JSON.parse((await cli('plan', 'import', write('ban-sao.txt', `${AMENDED}\n`), '--yes', '--json')).out);
    expect(copy.status).toBe('unchanged');
    expect(await snapshot()).toEqual(snap);
    const p = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect(p.status).toBe('published');
    expect([p.assignments.created, p.dueItems.created]).toEqual([0, 0]);
    expect((await items()).length).toBe(before.length + 3);
  });

  it('a task that comes back in a later amendment is restored (same row), its items chased again only where new', async () => {
    const back = write('ke-hoach-sua-2.txt', AMENDED + row('3', 'Đánh giá mức độ hài lòng về dịch vụ y tế', 'Báo cáo kết quả', 'Sở Y tế', 'Sở Nội vụ', 'Quý III/2024', ''));
    const r = JSON.parse((await cli('plan', 'import', back, '--yes', '--json')).out);
    expect(r.status).toBe('amended');
    expect(r.amendment.tasks).toMatchObject({ added: 1, restored: 1, withdrawn: 0 });
    const [task] = await h.db.sql`select key, withdrawn_at from tasks where title = 'Đánh giá mức độ hài lòng về dịch vụ y tế'`;
    expect(task).toMatchObject({ key: 'II/3', withdrawn_at: null });
    // Quý II → Quý III: the waived item stays waived (renamed to follow its occurrence), the done one stays done.
    const list = (await items()).filter((i) => i.key === 'II/3');
    expect(list.map((i) => `${i.unit} ${i.occ} ${i.state}`).sort()).toEqual(['so-noi-vu p0-2024-09-30 done', 'so-y-te p0-2024-09-30 waived']);
    expect(r.amendment.dueItems).toMatchObject({ created: 0, stayWaived: 1 });
  });

  it('--accept-problems applies an amendment with problems, listing them in the audit log', async () => {
    const text = AMENDED + row('3', 'Đánh giá mức độ hài lòng về dịch vụ y tế', 'Báo cáo kết quả', 'Sở Y tế', 'Sở Nội vụ', 'Quý III/2024', '') + row('4', 'Việc mới', 'Báo cáo', 'Ban Không Có', '', 'Tháng 11/2024', '');
    const file = write('ke-hoach-sua-3.txt', text);
    expect((await cli('plan', 'import', file, '--yes')).code).toBe(1);
    const r = JSON.parse((await cli('plan', 'import', file, '--yes', '--accept-problems', '--json')).out);
    expect(r.status).toBe('amended');
    expect(r.amendment).toMatchObject({ problemsAccepted: true, tasks: { added: 1 }, dueItems: { created: 0 } });
    expect(r.amendment.blocking.map((p: { task: string; code: string }) => `${p.task} ${p.code}`)).toContain('II.4 agency-unknown');
    const [audit] = await h.db.sql`select details from audit_log where action = 'plan.amend' order by id desc limit 1`;
    expect(audit!.details.acceptedProblems.join('\n')).toMatch(/II\.4 agency-unknown/);
    const [task] = await h.db.sql`select proposal_status, withdrawn_at from tasks where title = 'Việc mới'`;
    expect(task).toMatchObject({ proposal_status: null, withdrawn_at: null });
  });
});

describe('events and on-demand dates survive amendments and re-publishing', () => {
  // A plan of its own (2025): a task counted from an event, an on-demand task and a dated one.
  const PLAN_2025 = (dated: string) =>
    HEADER.replace('năm 2024', 'năm 2025').replace('năm 2024', 'năm 2025') +
    row('I', 'CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '', '', '', '', '') +
    row('1', 'Công khai thủ tục hành chính trên Cổng dịch vụ công', 'Thủ tục được công khai', 'Sở Tư pháp', '', '05 ngày làm việc kể từ ngày công bố TTHC', '') +
    row('2', 'Báo cáo chuyên đề cải cách hành chính', 'Báo cáo', 'Sở Nội vụ', '', 'Theo yêu cầu', '') +
    row('3', 'Kiểm tra công tác cải cách hành chính', 'Báo cáo kiểm tra', 'Sở Y tế', '', dated, '');
  const core = { deps: { calendar: loadWorkingCalendar(), timeZone: 'Asia/Ho_Chi_Minh' } } as unknown as ServiceCore;
  const audit = { action: 'event.record', outcome: 'ok' as const };

  async function recordEvent(date: string, reference: string) {
    const store = new PostgresBotStore(h.db.sql);
    const waiting = await store.waitingForEvent('nghe-an', 'cong-bo-tthc');
    const datings = waiting.map((w) => dateForEvent(w, 'cong-bo-tthc', date, reference, core)).filter((d) => d !== null);
    const inserts = (await store.eventRepeatTargets('nghe-an', 'cong-bo-tthc')).flatMap((t) =>
      occurrencesForEvent(t, 'cong-bo-tthc', date, reference, core).map((o) => ({
        assignmentId: t.assignmentId,
        occurrenceKey: o.key,
        label: o.label,
        windowStart: o.start,
        nominalDue: o.nominalDue,
        dueDate: o.due,
        dueAt: o.dueAt,
      })),
    );
    return store.recordEvent({ province: 'nghe-an', slug: 'cong-bo-tthc', date, reference, recordedBy: 'test', datings, inserts, audit });
  }
  const itemsOf = async (title: string) =>
    h.db.sql<{ key: string; due: string | null; state: string }[]>`
      select d.occurrence_key as key, d.due_date::text as due, d.state::text as state
      from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id join plans p on p.id = t.plan_id
      where p.period_start_year = 2025 and t.title = ${title} order by d.due_date nulls last, d.id`;

  it('keeps event-dated, repeated and coordinator-dated items through an amendment, and publish adds nothing', async () => {
    clock.set('2025-01-06T02:00:00Z');
    const created = JSON.parse((await cli('plan', 'import', write('ke-hoach-2025.txt', PLAN_2025('Quý II/2025')), '--json')).out);
    expect(created.status).toBe('created');
    const planId = created.plan.id;
    expect(JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out).status).toBe('published');

    // Two TTHC publications, and a date for the on-demand task.
    expect(await recordEvent('2025-03-10', 'QĐ 100/QĐ-UBND')).toMatchObject({ dated: 1, created: 0 });
    expect(await recordEvent('2025-05-12', 'QĐ 200/QĐ-UBND')).toMatchObject({ dated: 0, created: 1 });
    expect((await cli('plan', 'set-date', String(planId), 'I.2', '20/03/2025')).code).toBe(0);
    const event = await itemsOf('Công khai thủ tục hành chính trên Cổng dịch vụ công');
    expect(event.map((i) => [i.due, i.state])).toEqual([
      ['2025-03-17', 'open'],
      ['2025-05-19', 'open'],
    ]);
    const manual = await itemsOf('Báo cáo chuyên đề cải cách hành chính');

    // Publishing again finds every item (the event items carry the keys publishing gives them).
    const again = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect([again.assignments.created, again.dueItems.created]).toEqual([0, 0]);

    // An amendment that moves only the dated task: the others are neither re-dated, waived nor duplicated.
    const r = JSON.parse((await cli('plan', 'import', write('ke-hoach-2025-sua.txt', PLAN_2025('Quý III/2025')), '--yes', '--json')).out);
    expect(r.status).toBe('amended');
    expect(r.amendment.dueItems).toMatchObject({ created: 0, redated: 1, waived: 0 });
    expect(await itemsOf('Công khai thủ tục hành chính trên Cổng dịch vụ công')).toEqual(event);
    expect(await itemsOf('Báo cáo chuyên đề cải cách hành chính')).toEqual(manual);
    expect((await itemsOf('Kiểm tra công tác cải cách hành chính')).map((i) => i.due)).toEqual(['2025-09-30']);
    const last = JSON.parse((await cli('plan', 'publish', String(planId), '--json')).out);
    expect([last.assignments.created, last.dueItems.created]).toEqual([0, 0]);
  });
});
