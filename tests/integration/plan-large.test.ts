/**
 * A 20,000-task plan is imported and published through the CLI against a real PostgreSQL (issue #16.4): the
 * inserts go in chunks (one statement for the whole plan exceeded PostgreSQL's 65,535 parameters above ~4,368
 * tasks), and a database error never prints SQL to the coordinator.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeCliError, reportCliError } from '../../src/cli/report-error.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/infra/logger.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline } from '../unit/import/helpers.js';

const TASKS = 20_000;
let db: TestDatabase;
let dir: string;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });

/** A plan file as a coordinator would save it from a spreadsheet: one section, TASKS rows. */
function writeLargePlan(file: string): void {
  const lines = [
    'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN',
    '',
    'KẾ HOẠCH',
    'Cải cách hành chính tỉnh Nghệ An năm 2024',
    '',
    'TT\tNhiệm vụ\tSản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tKinh phí (triệu đồng)',
    'I\tCẢI CÁCH THỂ CHẾ\t\t\t\t\t',
  ];
  const leads = ['Sở Tư pháp', 'Sở Nội vụ', 'Văn phòng UBND tỉnh', 'Sở Tài chính'];
  const deadlines = ['Quý I/2024', 'Tháng 6/2024', 'trước ngày 15/10/2024', 'Quý IV/2024'];
  for (let i = 1; i <= TASKS; i++) lines.push(`${i}\tNhiệm vụ thử số ${i}\tBáo cáo\t${leads[i % 4]}\t\t${deadlines[i % 4]}\t`);
  writeFileSync(file, lines.join('\n') + '\n');
}

beforeAll(async () => {
  db = await createTestDatabase('plan_large');
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-large-'));
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`a plan of ${TASKS.toLocaleString('en-US')} tasks`, () => {
  let planId: number;

  it('is imported in chunks', async () => {
    const file = path.join(dir, 'ke-hoach-lon.txt');
    writeLargePlan(file);
    const r = await cli('plan', 'import', file, '--json');
    expect(r.err).not.toMatch(/insert into|params:/i);
    expect(r.code, r.err.slice(0, 500)).toBe(0);
    planId = JSON.parse(r.out).plan.id;
    const [row] = await db.sql`select count(*)::int as n from tasks where plan_id = ${planId}`;
    expect(row!.n).toBe(TASKS);
  }, 600_000);

  it('is published in chunks: one assignment and one due item per task', async () => {
    const r = await cli('plan', 'publish', String(planId), '--json');
    expect(r.code, r.err.slice(0, 500)).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.status).toBe('published');
    expect(res.assignments.total).toBe(TASKS);
    const [row] = await db.sql`select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.plan_id = ${planId}`;
    expect(row!.n).toBe(TASKS);
    const [q1] = await db.sql`select d.nominal_due::text as nd from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.plan_id = ${planId} and t.number = '4'`;
    expect(q1!.nd).toBe('2024-03-31');
  }, 600_000);
});

describe('a database error in a command', () => {
  it('prints one short line without SQL or parameters; the log (debug level) keeps them', async () => {
    // A real failure of the kind #16.4 printed: one statement over PostgreSQL's 65,535 parameters.
    const values = Array.from({ length: 70_000 }, (_, i) => sql`${`nhiem-vu-${i}`}`);
    const err = await db.db.execute(sql`select 1 where 'x' in (${sql.join(values, sql`, `)})`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message).length).toBeGreaterThan(500_000); // what used to be printed
    let printed = '';
    const logged: string[] = [];
    reportCliError(err, { write: (s: string) => ((printed += s), true) }, createLogger({ level: 'debug', write: (l) => logged.push(l) }));
    expect(printed).toBe(`${describeCliError(err)}\n`);
    expect(printed.length).toBeLessThan(600);
    expect(printed).toMatch(/^Lỗi cơ sở dữ liệu \/ Database error: /);
    expect(printed).not.toMatch(/select|nhiem-vu|params/i);
    expect(logged.join('\n')).toContain('nhiem-vu-69999');
  });
});
