/**
 * The report annex as a Word file (the `docx` package): A4 landscape, Times New Roman 13, the heading of an
 * administrative document, the table of tasks (its header repeated on every page), the summaries and the notes.
 */
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { headerLines, SUMMARY_HEADERS, summaryCells, TABLE_HEADERS, tableCells } from './layout.js';
import type { PlanReport } from './model.js';

/** Times New Roman 13 pt, in the half-points Word counts in. */
const FONT = 'Times New Roman';
const SIZE_HALF_POINTS = 26;
/** A4 in twentieths of a point (portrait numbers; `orientation` turns the page). */
const A4_TWIPS = { width: 11906, height: 16838 };
/** 2 cm left (binding side), 1.5 cm elsewhere, in twips. */
const MARGINS = { top: 850, bottom: 850, left: 1134, right: 850 };

function paragraphs(text: string, options: { bold?: boolean; italic?: boolean; center?: boolean } = {}): Paragraph[] {
  return text.split('\n').map(
    (line) =>
      new Paragraph({
        ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
        children: [new TextRun({ text: line, bold: options.bold ?? false, italics: options.italic ?? false })],
      }),
  );
}

function row(cells: readonly string[], options: { header?: boolean; bold?: boolean } = {}): TableRow {
  return new TableRow({
    tableHeader: options.header ?? false,
    cantSplit: false,
    children: cells.map((text, i) => new TableCell({ children: paragraphs(text, { bold: options.header || options.bold, center: options.header || i === 0 }) })),
  });
}

function table(rows: TableRow[]): Table {
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows });
}

/** Writes the annex; resolves with the file's bytes. */
export async function reportToDocx(report: PlanReport): Promise<Buffer> {
  const head = headerLines(report);
  const heading = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: { style: 'none', size: 0, color: 'FFFFFF' }, bottom: { style: 'none', size: 0, color: 'FFFFFF' }, left: { style: 'none', size: 0, color: 'FFFFFF' }, right: { style: 'none', size: 0, color: 'FFFFFF' }, insideHorizontal: { style: 'none', size: 0, color: 'FFFFFF' }, insideVertical: { style: 'none', size: 0, color: 'FFFFFF' } },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: 40, type: WidthType.PERCENTAGE }, children: head.left.map((l, i) => paragraphs(l, { bold: i > 0, center: true })[0]!) }),
          new TableCell({ width: { size: 60, type: WidthType.PERCENTAGE }, children: head.right.map((l) => paragraphs(l, { bold: true, center: true })[0]!) }),
        ],
      }),
    ],
  });
  let section: string | null = null;
  const taskRows: TableRow[] = [row(TABLE_HEADERS, { header: true })];
  for (const r of report.rows) {
    if (r.section !== null && r.section !== section) {
      section = r.section;
      taskRows.push(new TableRow({ children: [new TableCell({ columnSpan: TABLE_HEADERS.length, children: paragraphs(r.section, { bold: true }) })] }));
    }
    taskRows.push(row(tableCells(r)));
  }
  const summaryRows = [
    row(SUMMARY_HEADERS, { header: true }),
    ...report.units.map((u, i) => row(summaryCells(String(i + 1), u))),
    row(summaryCells('', report.province, `Toàn tỉnh (${report.plan.provinceName})`), { bold: true }),
  ];
  const doc = new Document({
    creator: 'nhacviec',
    title: head.title.slice(0, 2).join(' '),
    styles: { default: { document: { run: { font: FONT, size: SIZE_HALF_POINTS } } } },
    sections: [
      {
        properties: { page: { size: { ...A4_TWIPS, orientation: PageOrientation.LANDSCAPE }, margin: MARGINS } },
        children: [
          heading,
          new Paragraph({ text: '' }),
          ...head.title.flatMap((l, i) => paragraphs(l, { bold: i < 2, italic: i >= 2, center: true })),
          new Paragraph({ text: '' }),
          table(taskRows),
          new Paragraph({ text: '' }),
          ...paragraphs('TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ', { bold: true }),
          table(summaryRows),
          new Paragraph({ text: '' }),
          ...paragraphs('Ghi chú:', { bold: true, italic: true }),
          ...report.notes.flatMap((n) => paragraphs(`- ${n}`, { italic: true })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
