/**
 * The report annex as an .xlsx workbook (exceljs): one sheet laid out as the printed annex — A4 landscape, Times New
 * Roman 13, header, the table of tasks, the summary per unit and for the province, the notes.
 */
import ExcelJS from 'exceljs';
import { headerLines, SUMMARY_HEADERS, summaryCells, TABLE_HEADERS, tableCells } from './layout.js';
import type { PlanReport } from './model.js';

const FONT = { name: 'Times New Roman', size: 13 } as const;
const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
/** Column widths in characters: the ten columns of the table, and the summary's two more. */
const WIDTHS = [6, 40, 24, 22, 20, 20, 14, 26, 20, 24, 14, 12];

/** Writes the annex; resolves with the file's bytes. */
export async function reportToXlsx(report: PlanReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nhacviec';
  const ws = wb.addWorksheet('Phụ lục', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.6, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    properties: { defaultRowHeight: 18 },
  });
  ws.columns = WIDTHS.map((width) => ({ width, style: { font: FONT, alignment: { vertical: 'top', wrapText: true } } }));
  const last = WIDTHS.length;

  const head = headerLines(report);
  // Left: the issuing authority; right: the national motto, as the heading of an administrative document.
  for (let i = 0; i < Math.max(head.left.length, head.right.length); i++) {
    const row = ws.addRow([]);
    ws.mergeCells(row.number, 1, row.number, 4);
    ws.mergeCells(row.number, 5, row.number, last);
    row.getCell(1).value = head.left[i] ?? '';
    row.getCell(5).value = head.right[i] ?? '';
    for (const c of [1, 5]) {
      row.getCell(c).font = { ...FONT, bold: i === 0 || c === 5 };
      row.getCell(c).alignment = { horizontal: 'center' };
    }
  }
  ws.addRow([]);
  for (const [i, line] of head.title.entries()) {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).font = { ...FONT, bold: i < 2, italic: i >= 2 };
    row.getCell(1).alignment = { horizontal: 'center', wrapText: true };
  }
  ws.addRow([]);

  const headerRow = ws.addRow([...TABLE_HEADERS]);
  headerRow.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
  });
  // The table's header repeats on every printed page.
  ws.pageSetup.printTitlesRow = `${headerRow.number}:${headerRow.number}`;
  let section: string | null = null;
  for (const r of report.rows) {
    if (r.section !== null && r.section !== section) {
      section = r.section;
      const row = ws.addRow([r.section]);
      ws.mergeCells(row.number, 1, row.number, last);
      row.getCell(1).font = { ...FONT, bold: true };
      row.getCell(1).border = BORDER;
    }
    const row = ws.addRow(tableCells(r));
    row.eachCell({ includeEmpty: true }, (c) => (c.border = BORDER));
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  }

  ws.addRow([]);
  const title = ws.addRow(['TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ']);
  ws.mergeCells(title.number, 1, title.number, last);
  title.getCell(1).font = { ...FONT, bold: true };
  const sumHead = ws.addRow([...SUMMARY_HEADERS]);
  sumHead.eachCell((c) => {
    c.font = { ...FONT, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
  });
  for (const [i, u] of report.units.entries()) ws.addRow(summaryCells(String(i + 1), u)).eachCell({ includeEmpty: true }, (c) => (c.border = BORDER));
  const total = ws.addRow(summaryCells('', report.province, `Toàn tỉnh (${report.plan.provinceName})`));
  total.eachCell({ includeEmpty: true }, (c) => {
    c.border = BORDER;
    c.font = { ...FONT, bold: true };
  });

  ws.addRow([]);
  const notesTitle = ws.addRow(['Ghi chú:']);
  notesTitle.getCell(1).font = { ...FONT, bold: true, italic: true };
  for (const note of report.notes) {
    const row = ws.addRow([`- ${note}`]);
    ws.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).font = { ...FONT, italic: true };
    row.height = Math.max(18, Math.ceil(note.length / 180) * 18);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
