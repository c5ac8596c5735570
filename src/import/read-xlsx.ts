/**
 * Reads .xlsx plans with exceljs. Every worksheet is read in order; each row becomes a row block, except lone
 * cells above the table (titles), which become paragraphs.
 */
import ExcelJS from 'exceljs';
import { cleanCell } from './cells.js';
import { detectHeader } from './columns.js';
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';

/** Reads an .xlsx file's bytes. Throws `ImportError('unreadable-xlsx')` when exceljs cannot open it. */
export async function readXlsx(bytes: Uint8Array): Promise<SourceDocument> {
  const blocks: Block[] = [];
  let headerSeen = false;
  // The whole workbook is loaded (the file is already size-checked): exceljs's streaming reader splits
  // multi-byte UTF-8 characters at chunk boundaries and garbles Vietnamese text ("Sở N��i vụ").
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportError('unreadable-xlsx', `Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel): ${(err as Error).message}`, {}, { cause: err });
  }
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellText(cell.value);
      });
      for (let k = 0; k < cells.length; k++) cells[k] ??= '';
      const filled = cells.filter((c) => c.trim() !== '');
      if (filled.length === 0) return;
      const ref = `trang tính ${ws.name}, hàng ${rowNumber}`;
      if (!headerSeen && detectHeader(cells.map((c) => cleanCell(c)))) headerSeen = true;
      if (!headerSeen && filled.length === 1) blocks.push({ kind: 'paragraph', text: filled[0]!.trim(), ref });
      else blocks.push({ kind: 'row', cells, ref });
    });
  });
  return { format: 'xlsx', blocks };
}

/** Plain text of an exceljs cell value (strings, numbers, rich text, formulas, hyperlinks, dates). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const d = value;
    return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in value) return '';
  }
  return String(value);
}
