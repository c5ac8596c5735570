/**
 * The report annex end to end against a real PostgreSQL: seed 000 (Nghệ An 2024) imported and published through
 * the CLI, partly completed through the bot store with an injected clock, then `nhacviec report` writes the .xlsx
 * and the .docx, read back with exceljs and mammoth. Where LibreOffice is installed, the .docx converts to PDF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { registerReportCommand } from '../../src/cli/report-command.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { taskLabel } from '../../src/domain/format/task-label.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

const AS_OF = '2024-07-01';
let db: TestDatabase;
let dir: string;
let planId: number;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });

async function report(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerReportCommand(program, {
    openDatabase: async () => ({ ...db, close: async () => {} }),
    clock,
    config: createConfig({}),
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
  });
  try {
    await program.parseAsync(['report', ...args], { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    if (code === undefined) throw e;
    return { code, out, err };
  }
}

interface Pick {
  itemId: number;
  label: string;
  unitName: string;
  dueDate: string;
}

/** Task and lead unit pairs with exactly one due item, due in the window asked. */
async function singleItems(where: 'before' | 'after'): Promise<Pick[]> {
  const rows = await db.sql<{ id: string; key: string | null; number: string; unit_name: string; due_date: string; window_start: string | null }[]>`
    select d.id::text, t.key, t.number, u.name as unit_name, d.due_date::text as due_date, d.window_start::text as window_start
    from due_items d join task_assignments a on a.id = d.assignment_id and a.role = 'lead'
    join tasks t on t.id = a.task_id join units u on u.id = a.unit_id
    where t.plan_id = ${planId} and d.state = 'open' and d.due_date is not null
      and (select count(*) from due_items d2 where d2.assignment_id = a.id) = 1
    order by d.due_date, d.id`;
  return rows
    .filter((r) => (where === 'before' ? r.due_date < AS_OF : r.due_date >= AS_OF && (r.window_start === null || r.window_start <= AS_OF)))
    .map((r) => ({ itemId: Number(r.id), label: taskLabel({ key: r.key, number: r.number }), unitName: r.unit_name, dueDate: r.due_date }));
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T03:00:00Z`) + days * 86_400_000).toISOString();

/** The task rows of the annex sheet: from the header row (TT, Nhiệm vụ…) to the summary, numbered rows only. */
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const all: string[][] = [];
  ws.eachRow((row) => all.push(Array.from({ length: 12 }, (_, i) => String(row.getCell(i + 1).text ?? ''))));
  const start = all.findIndex((r) => r[0] === 'TT' && r[1] === 'Nhiệm vụ');
  const end = all.findIndex((r) => r[0] === 'TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ');
  expect(start).toBeGreaterThan(0);
  return all.slice(start + 1, end).filter((r) => /^\d+$/.test(r[0]!));
}

describe.skipIf(!hasSeeds)('report annex of seed 000', () => {
  let onTime: Pick, late: Pick, lateAfterAsOf: Pick, overdue: Pick, inProgress: Pick;
  let pairs: number;

  beforeAll(async () => {
    db = await createTestDatabase('report_annex');
    dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-report-'));
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = JSON.parse(imported.out).plan.id;
    const published = await cli('plan', 'publish', String(planId), '--accept-problems', '--json');
    expect(published.code, published.err).toBe(0);

    const before = await singleItems('before');
    const after = await singleItems('after');
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(after.length).toBeGreaterThanOrEqual(1);
    [onTime, late, lateAfterAsOf, overdue] = [before[0]!, before[1]!, before[2]!, before[3]!];
    inProgress = after[0]!;
    pairs = Number(
      (
        await db.sql`select count(*)::int as n from task_assignments a join tasks t on t.id = a.task_id where t.plan_id = ${planId} and a.role = 'lead'`
      )[0]!.n,
    );

    const [person] = await db.sql<{ id: number }[]>`insert into people (name) values ('Cán bộ đầu mối') returning id`;
    const store = new PostgresBotStore(db.sql);
    const complete = async (p: Pick, at: string, evidence: { documentNumber?: string; documentDate?: string }) => {
      clock.set(at, true);
      const r = await store.completeItem({
        itemId: p.itemId,
        personId: person!.id,
        evidence,
        needsApproval: false,
        now: clock.now(),
        audit: { actor: 'test', action: 'item.done', outcome: 'ok' },
      });
      expect(r.status).toBe('ok');
    };
    // On time: reported three days before the due day, with the document's number and date.
    await complete(onTime, addDays(onTime.dueDate, -3), { documentNumber: '123/BC-SNV', documentDate: addDays(onTime.dueDate, -4).slice(0, 10) });
    // Late: reported five days after it, the document dated after it too.
    await complete(late, addDays(late.dueDate, 5), { documentNumber: '45/BC-STP', documentDate: addDays(late.dueDate, 4).slice(0, 10) });
    // Reported after the as-of day: as of that day it was still overdue.
    await complete(lateAfterAsOf, '2024-07-10T03:00:00Z', { documentNumber: '9/BC-X' });
    clock.set('2024-07-01T05:00:00Z', true);
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const out = path.join(dir, 'x.xlsx');
    expect((await report('--plan', '999', '--out', out)).err).toMatch(/Không có kế hoạch số 999/);
    expect((await report('--plan', String(planId), '--out', path.join(dir, 'x.pdf'))).err).toMatch(/Cần --format xlsx\|docx/);
    expect((await report('--plan', String(planId), '--as-of', '2024-13-01', '--out', out)).err).toMatch(/không hợp lệ/);
    expect((await report('--plan', String(planId), '--unit', 'khong-co', '--out', out)).err).toMatch(/Không tìm thấy đơn vị/);
    expect(existsSync(out)).toBe(false);
  });

  it('.xlsx: one row per task and lead unit, each with the right result; A4 landscape, Times New Roman 13', async () => {
    const out = path.join(dir, 'phu-luc.xlsx');
    const r = await report('--plan', String(planId), '--as-of', AS_OF, '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).rows).toBe(pairs);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    const rows = sheetRows(ws);
    expect(rows).toHaveLength(pairs);
    expect(rows.map((x) => Number(x[0]))).toEqual(Array.from({ length: pairs }, (_, i) => i + 1));
    const find = (p: Pick) => {
      const hits = rows.filter((x) => x[1]!.startsWith(`${p.label}. `) && x[3] === p.unitName);
      expect(hits, `${p.label} / ${p.unitName}`).toHaveLength(1);
      return hits[0]!;
    };
    const vi = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');
    const a = find(onTime);
    expect(a[5]).toBe('Hoàn thành đúng hạn');
    expect(a[6]).toBe(vi(addDays(onTime.dueDate, -4)));
    expect(a[7]).toBe(`123/BC-SNV ngày ${vi(addDays(onTime.dueDate, -4))}`);
    expect(a[4]).toContain(`hạn: ${vi(onTime.dueDate)}`);
    const b = find(late);
    expect(b[5]).toBe('Hoàn thành quá hạn');
    expect(b[6]).toBe(vi(addDays(late.dueDate, 4)));
    expect(find(lateAfterAsOf)[5]).toBe('Quá hạn chưa hoàn thành');
    expect(find(overdue)[5]).toBe('Quá hạn chưa hoàn thành');
    expect(find(inProgress)[5]).toBe('Đang thực hiện trong hạn');

    // Every result is one of the six phrases; header cells carry the plan's number and the province.
    for (const x of rows) expect(['Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Đang thực hiện trong hạn', 'Quá hạn chưa hoàn thành', 'Chưa đến hạn', 'Không thực hiện']).toContain(x[5]);
    const text: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => text.push(c.text)));
    const [plan] = await db.sql<{ decision_number: string | null }[]>`select decision_number from plans where id = ${planId}`;
    const joined = text.join('\n');
    expect(joined).toMatch(/NGHỆ AN/);
    if (plan!.decision_number) expect(joined).toContain(plan!.decision_number);
    expect(joined).toContain('tính đến ngày 01/07/2024');
    expect(joined).toMatch(/CHƯA XÁC MINH/);
    const font = ws.getCell(`B${ws.rowCount - 1}`).font ?? ws.getColumn(2).font;
    expect(font?.name).toBe('Times New Roman');
    expect(font?.size).toBe(13);

    // The province line: 2 completed of the rows due (every row with a result that is due).
    const due = rows.filter((x) => ['Hoàn thành đúng hạn', 'Hoàn thành quá hạn', 'Quá hạn chưa hoàn thành'].includes(x[5]!)).length;
    const provinceRow: string[] = [];
    ws.eachRow((row) => {
      if (String(row.getCell(2).text).startsWith('Toàn tỉnh')) for (let i = 1; i <= 12; i++) provinceRow.push(row.getCell(i).text);
    });
    expect(provinceRow[2]).toBe(String(pairs));
    expect(provinceRow[3]).toBe('1');
    expect(provinceRow[4]).toBe('1');
    expect(Number(provinceRow[9]!.replace(',', '.'))).toBeCloseTo(Math.round((1 / due) * 1000) / 10, 5);
  });

  it('--unit keeps that unit only', async () => {
    const out = path.join(dir, 'don-vi.xlsx');
    const [u] = await db.sql<{ code: string }[]>`select code from units where name = ${onTime.unitName} and province = 'nghe-an'`;
    expect((await report('--plan', String(planId), '--as-of', AS_OF, '--unit', u!.code, '--out', out)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const rows = sheetRows(wb.worksheets[0]!);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((x) => x[3]))).toEqual(new Set([onTime.unitName]));
  });

  it('.docx shows the same rows and results', async () => {
    const out = path.join(dir, 'phu-luc.docx');
    const r = await report('--plan', String(planId), '--as-of', AS_OF, '--format', 'docx', '--out', out);
    expect(r.code, r.err).toBe(0);
    const { value: html } = await mammoth.convertToHtml({ path: out });
    const strip = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').trim();
    const trs = html.split('<tr>').slice(1).map((tr) => tr.split('<td').slice(1).map((td) => strip(td.replace(/^[^>]*>/, ''))));
    const taskRows = trs.filter((cells) => cells.length === 10 && /^\d+$/.test(cells[0]!));
    expect(taskRows).toHaveLength(pairs);
    const result = (p: Pick) => taskRows.find((c) => c[1]!.startsWith(`${p.label}. `) && c[3] === p.unitName)?.[5];
    expect(result(onTime)).toBe('Hoàn thành đúng hạn');
    expect(result(late)).toBe('Hoàn thành quá hạn');
    expect(result(lateAfterAsOf)).toBe('Quá hạn chưa hoàn thành');
    expect(result(inProgress)).toBe('Đang thực hiện trong hạn');
    const xml = execFileSync('unzip', ['-p', out, 'word/document.xml'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
    expect(xml).toMatch(/w:orient="landscape"/);
    const styles = execFileSync('unzip', ['-p', out, 'word/styles.xml'], { maxBuffer: 16 * 1024 * 1024 }).toString('utf8');
    expect(styles).toMatch(/Times New Roman/);
    expect(styles).toMatch(/<w:sz w:val="26"\/>/);
  });

  const soffice = ['libreoffice', 'soffice'].find((c) => spawnSync('which', [c]).status === 0);
  it.skipIf(!soffice)(`the .docx converts to PDF with LibreOffice${soffice ? '' : ' (SKIPPED: LibreOffice is not installed)'}`, { timeout: 300_000 }, async () => {
    // One unit's annex: the whole province's runs to dozens of pages, minutes of LibreOffice on a loaded machine.
    const out = path.join(dir, 'phu-luc-pdf.docx');
    const [u] = await db.sql<{ code: string }[]>`select code from units where name = ${onTime.unitName} and province = 'nghe-an'`;
    expect((await report('--plan', String(planId), '--as-of', AS_OF, '--unit', u!.code, '--out', out)).code).toBe(0);
    const profile = mkdtempSync(path.join(tmpdir(), 'lo-profile-'));
    try {
      execFileSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, out], { timeout: 280_000 });
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const pdf = readFileSync(path.join(dir, 'phu-luc-pdf.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf) }).promise;
    const page = await doc.getPage(1);
    const { width, height } = page.getViewport({ scale: 1 });
    // A4 landscape: 842 × 595 points.
    expect(Math.round(width)).toBe(842);
    expect(Math.round(height)).toBe(595);
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ');
    // pdf.js returns Vietnamese letters with their marks as separate runs, and cells wrap: check ASCII cells with
    // the spaces taken out (the evidence, the plan's number).
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('123/BC-SNV');
    expect(flat).toMatch(/CHƯAXÁCMINH|CH.*AXÁCMINH|876\/QĐ-BNV/);
  });
});
