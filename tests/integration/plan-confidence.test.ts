/**
 * Confidence is visible (issue #11), through the CLI against a real PostgreSQL:
 * - `plan show` flags every date taken from a default (the policy's report day, a bare "định kỳ", a year from the
 *   plan) and says where it comes from;
 * - a cell with two defensible readings is a decision in `plan show`; publishing is refused until the coordinator
 *   chooses (`plan choose`), publishes the chosen reading, and a new choice on the published plan moves its items.
 * The rules are built by hand (the parser's own output is not what is tested here).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import type { DeadlinePort } from '../../src/import/deadline-port.js';
import type { DatePart, DeadlineRule, PeriodicPart } from '../../src/domain/deadline.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline } from '../unit/import/helpers.js';

let db: TestDatabase;
let dir: string;
let planId: string;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });

const PLAN = `ỦY BAN NHÂN DÂN TỈNH NGHỆ AN

KẾ HOẠCH
Cải cách hành chính tỉnh Nghệ An năm 2024 (thử nghiệm độ tin cậy của thời hạn)

PHỤ LỤC

TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành
I\tCẢI CÁCH THỂ CHẾ\t\t\t\t
1\tBáo cáo tình hình kiểm soát thủ tục hành chính\tBáo cáo\tSở Tư pháp\t\tHằng quý
2\tBáo cáo kết quả cải cách hành chính năm\tBáo cáo\tSở Nội vụ\t\tTrước ngày 20/12
3\tBáo cáo công tác cải cách hành chính\tBáo cáo\tSở Nội vụ\t\tTheo định kỳ
`;

const span = (text: string) => [{ start: 0, end: text.length }];
const periodic = (text: string, reports: PeriodicPart['reports']): DeadlineRule => ({
  v: 1,
  input: text,
  parts: [{ kind: 'periodic', text, spans: span(text), reports }],
  unparsed: [],
  ignored: [],
});
const before20Dec: DatePart = {
  kind: 'date',
  text: 'Trước ngày 20/12',
  spans: span('Trước ngày 20/12'),
  point: { unit: 'day', year: 2024, month: 12, day: 20 },
  bound: 'before',
  yearSource: 'context',
  flags: ['year_from_plan'],
};
const ambiguous: DeadlineRule = {
  v: 1,
  input: 'Trước ngày 20/12',
  parts: [before20Dec],
  unparsed: [],
  ignored: [],
  alternatives: [{ note: '"trước ngày 20/12" hiểu là hạn chót đúng ngày 20/12', parts: [{ ...before20Dec, bound: 'by' }] }],
};

interface Decision {
  task: string;
  kind: string;
  message: string;
  hint: string;
  readings?: { reading: number; explanation: string; note: string }[];
}
interface Overview {
  decisions: Decision[];
  defaults: { task: string; defaults: { message: string; source: string }[] }[];
  taskViews?: { task: string; chosenReading?: number | null; firstDue: { due: string }[]; defaults: { message: string }[] }[];
}
const show = async (...extra: string[]): Promise<Overview> => JSON.parse((await cli('plan', 'show', planId, '--json', ...extra)).out);
const openDue = async (number: string) =>
  (
    await db.sql<{ nominal: string }[]>`
      select d.nominal_due::text as nominal from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.number = ${number} and d.state = 'open' order by d.nominal_due`
  ).map((r) => r.nominal);

beforeAll(async () => {
  db = await createTestDatabase('plan_confidence');
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-confidence-'));
  writeFileSync(path.join(dir, 'ke-hoach.txt'), PLAN);
  const r = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--json');
  expect(r.code, r.err).toBe(0);
  planId = String(JSON.parse(r.out).plan.id);
  const set = async (number: string, rule: DeadlineRule) => {
    const res = await db.sql`update tasks set deadline_rule = ${JSON.stringify(rule)}::text::jsonb where plan_id = ${Number(planId)} and number = ${number}`;
    expect(res.count).toBe(1);
  };
  await set('1', periodic('Hằng quý', ['quarter']));
  await set('2', ambiguous);
  await set('3', periodic('Theo định kỳ', 'policy'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('confidence is visible', () => {
  it('plan show flags every date taken from a default, with where it comes from', async () => {
    const r = await show();
    const byTask = Object.fromEntries(r.defaults.map((t) => [t.task, t.defaults]));
    expect(Object.keys(byTask).sort()).toEqual(['I.1', 'I.2', 'I.3']);
    expect(byTask['I.1']).toEqual([
      {
        message: expect.stringContaining('không ghi ngày nộp, hạn mỗi kỳ lấy theo mặc định: chậm nhất ngày 15 của tháng cuối kỳ'),
        source: expect.stringContaining('DeadlinePolicy.periodicDefaultDue, mặc định của hệ thống'),
      },
    ]);
    expect(byTask['I.2']).toEqual([{ message: expect.stringContaining('năm không ghi, lấy năm của kỳ kế hoạch'), source: expect.stringContaining('kỳ kế hoạch') }]);
    expect(byTask['I.3']!.map((d) => d.source.split(',')[0])).toEqual(['DeadlinePolicy.reportingRegime', 'DeadlinePolicy.periodicDefaultDue']);
    expect(byTask['I.3']![0]!.message).toContain('hiểu là báo cáo quý, 6 tháng, năm');
    const text = (await cli('plan', 'show', planId)).out;
    expect(text).toContain('Ngày/kỳ lấy theo mặc định, không ghi trong văn bản (3 nhiệm vụ), cần kiểm tra:');
    expect(text).toContain('(nguồn: DeadlinePolicy.periodicDefaultDue, mặc định của hệ thống: sau ngày chốt số liệu 14');
    // --tasks: beside each task; the default day gives the first quarterly report on Friday 15/3/2024.
    const views = (await show('--tasks')).taskViews!;
    const i1 = views.find((v) => v.task === 'I.1')!;
    expect(i1.firstDue[0]!.due).toBe('2024-03-15');
    expect(i1.defaults).toHaveLength(1);
    expect((await cli('plan', 'show', planId, '--tasks')).out).toMatch(/I\.1 [^\n]*\n(?: +[^\n]*\n)*? +mặc định: "Hằng quý": không ghi ngày nộp/);
  });

  it('two readings are a decision: both shown, publishing refused until the coordinator chooses', async () => {
    const r = await show();
    const d = r.decisions.find((x) => x.kind === 'reading')!;
    expect(d).toMatchObject({ task: 'I.2', hint: `nhacviec plan choose ${planId} I.2 <số cách hiểu>` });
    expect(d.readings!.map((x) => x.reading)).toEqual([1, 2]);
    expect(d.readings![1]!.note).toBe('"trước ngày 20/12" hiểu là hạn chót đúng ngày 20/12');
    expect(d.readings![0]!.explanation).not.toBe(d.readings![1]!.explanation);
    const text = (await cli('plan', 'show', planId)).out;
    expect(text).toContain('[cách hiểu thời hạn] Báo cáo kết quả cải cách hành chính năm');
    expect(text).toContain(`→ nhacviec plan choose ${planId} I.2 <số cách hiểu>`);

    const refused = await cli('plan', 'publish', planId, '--json');
    expect(refused.code).toBe(1);
    const problems = JSON.parse(refused.out).problems as { code: string; task: string }[];
    expect(problems.filter((p) => p.code === 'deadline-ambiguous').map((p) => p.task)).toEqual(['I.2']);
    expect(await db.sql`select 1 from due_items`).toHaveLength(0);
  });

  it('choose refuses a reading that does not exist and a task without readings, writing nothing', async () => {
    const bad = await cli('plan', 'choose', planId, 'I.2', '3');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('chọn từ 1 đến 2');
    const single = await cli('plan', 'choose', planId, 'I.1', '1');
    expect(single.code).toBe(1);
    expect(single.err).toContain('chỉ có một cách hiểu');
    expect((await cli('plan', 'choose', planId, 'I.2')).code).toBe(1);
    expect(await db.sql`select 1 from tasks where deadline_choice is not null`).toHaveLength(0);
  });

  it('the chosen reading is stored, publishes, and a new choice moves the published items', async () => {
    const chosen = await cli('plan', 'choose', planId, 'I.2', '2');
    expect(chosen.code, chosen.err).toBe(0);
    expect(chosen.out).toContain('Đã chọn cách hiểu 2 cho thời hạn của nhiệm vụ I.2');
    expect(chosen.out).toContain('Hạn đầu: 20/12/2024');
    const [stored] = await db.sql<{ c: { reading: number; input: string; by: string } }[]>`select deadline_choice as c from tasks where number = '2'`;
    expect(stored!.c).toMatchObject({ reading: 2, input: 'Trước ngày 20/12', by: 'cli:test' });
    const [audit] = await db.sql<{ details: { reading: number } }[]>`select details from audit_log where action = 'task.reading.choose'`;
    expect(audit!.details.reading).toBe(2);

    const r = await show('--tasks');
    expect(r.decisions.filter((x) => x.kind === 'reading')).toEqual([]);
    expect(r.taskViews!.find((v) => v.task === 'I.2')).toMatchObject({ chosenReading: 2, firstDue: [{ due: '2024-12-20' }] });

    const published = await cli('plan', 'publish', planId, '--json');
    expect(published.code, published.out).toBe(0);
    expect(await openDue('2')).toEqual(['2024-12-20']);

    // Back to the first reading on the published plan: "trước ngày 20/12" excludes the 20th (Thursday 19/12).
    const back = await cli('plan', 'choose', planId, 'I.2', '1');
    expect(back.code, back.err).toBe(0);
    expect(back.out).toContain('Kế hoạch đã công bố, đã cập nhật ngay');
    expect(await openDue('2')).toEqual(['2024-12-19']);

    // Clearing makes the decision pending again.
    expect((await cli('plan', 'choose', planId, 'I.2', '--clear')).code).toBe(0);
    expect((await show()).decisions.map((x) => `${x.task}:${x.kind}`)).toContain('I.2:reading');
  });

  it('a choice made for another text of the cell no longer holds (the cell was re-imported differently)', async () => {
    await db.sql`update tasks set deadline_choice = ${JSON.stringify({ reading: 2, input: 'Trước ngày 25/12', by: 'cli', at: '2024-01-01T00:00:00Z' })}::text::jsonb where number = '2'`;
    expect((await show()).decisions.map((x) => `${x.task}:${x.kind}`)).toContain('I.2:reading');
  });
});

/**
 * The whole path from a cell the engine reads two ways (a port that adds the alternative, as the grammar will):
 * the import review shows both readings, and the choice survives an amendment of the published plan.
 */
describe('ambiguous cells from import to amendment', () => {
  let db2: TestDatabase;
  const twoWays: DeadlinePort = {
    ...deadline,
    read: (text, period) => (text.trim() === ambiguous.input ? deadline.describe(ambiguous as unknown as Record<string, unknown>) : deadline.read(text, period)),
  };
  const cli2 = cliRunner({ db: () => db2, clock, deadline: twoWays });
  beforeAll(async () => {
    db2 = await createTestDatabase('plan_confidence_amend');
  });
  afterAll(async () => {
    await db2?.drop();
  });

  it('the review shows both readings; an amendment keeps the coordinator’s choice', async () => {
    const file = path.join(dir, 'ke-hoach-2.txt');
    writeFileSync(file, PLAN);
    const imported = await cli2('plan', 'import', file);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('Thời hạn "Trước ngày 20/12" có 2 cách hiểu');
    expect(imported.out).toContain('(2) chậm nhất ngày 20/12/2024 ["trước ngày 20/12" hiểu là hạn chót đúng ngày 20/12]');
    expect(imported.out).toMatch(/Mặc định: "Trước ngày 20\/12": năm không ghi, lấy năm của kỳ kế hoạch \(nguồn: kỳ kế hoạch/);
    const id = String((await db2.sql<{ id: number }[]>`select id from plans`)[0]!.id);
    expect((await cli2('plan', 'choose', id, 'I.2', '2')).code).toBe(0);
    expect((await cli2('plan', 'publish', id)).code).toBe(0);
    const due = async () =>
      (
        await db2.sql<{ nominal: string }[]>`
          select d.nominal_due::text as nominal from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
          where t.number = '2' and d.state = 'open'`
      ).map((r) => r.nominal);
    expect(await due()).toEqual(['2024-12-20']);

    // An amended file (another task's title changes): the published plan is recomputed with the choice in force.
    writeFileSync(file, PLAN.replace('Báo cáo tình hình kiểm soát thủ tục hành chính', 'Báo cáo tình hình kiểm soát thủ tục hành chính và một cửa'));
    const amended = await cli2('plan', 'import', file, '--yes', '--json');
    expect(amended.code, amended.out).toBe(0);
    expect(JSON.parse(amended.out).status).toBe('amended');
    expect(await due()).toEqual(['2024-12-20']);
    expect(JSON.parse((await cli2('plan', 'show', id, '--json')).out).decisions.filter((d: Decision) => d.kind === 'reading')).toEqual([]);
  });
});
