/**
 * Reads .pdf plans that have a text layer (pdfjs-dist). Text items are grouped into lines by their baseline;
 * once a table header line is found ("TT", "Nhiệm vụ", … side by side), the header items' x positions become
 * column boundaries and every later line is cut into cells by them. A cell that wraps onto the next line gives
 * a line with an empty TT cell, which the table reader merges back like a row split by a page break.
 * Pages are processed one at a time. Scanned PDFs (no text layer) are refused.
 */
import { cleanCell } from './cells.js';
import { classifyHeader, detectHeader } from './columns.js';
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';

interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Reads a PDF's bytes. */
export async function readPdf(bytes: Uint8Array): Promise<SourceDocument> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    doc = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (err) {
    throw new ImportError('unreadable-pdf', `Không đọc được tệp PDF: ${(err as Error).message}`, {}, { cause: err });
  }
  const blocks: Block[] = [];
  let columns: number[] | undefined;
  let textChars = 0;
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: Item[] = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const [, , , d, e, f] = it.transform as number[];
        items.push({ str: it.str, x: e!, y: f!, w: it.width, h: Math.abs(d!) || it.height || 10 });
        textChars += it.str.length;
      }
      const lines = groupLines(items);
      lines.forEach((line, k) => {
        const ref = `trang ${p}, dòng ${k + 1}`;
        if (!columns) {
          const cols = headerColumns(line);
          if (cols) columns = cols;
        }
        if (columns) {
          const cells = cutByColumns(line, columns);
          // A line with an empty first cell right under a row of the same page is that row's text wrapping.
          const wrapped = cells[0] === '' && k > 0 && blocks.at(-1)?.kind === 'row' && blocks.at(-1)!.ref.startsWith(`trang ${p},`);
          if (cells.filter((c) => c !== '').length >= 1) blocks.push({ kind: 'row', cells, ref, ...(wrapped ? { wrapped: true } : {}) });
        } else {
          const cells = cutByGaps(line);
          if (cells.length >= 3) blocks.push({ kind: 'row', cells, ref });
          else blocks.push({ kind: 'paragraph', text: cells.join(' ').trim(), ref });
        }
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  if (textChars === 0)
    throw new ImportError('pdf-no-text', 'Tệp PDF không có lớp văn bản (có thể là bản quét): hãy dùng bản .docx hoặc PDF có chữ chọn được.');
  return { format: 'pdf', blocks };
}

/** Items on the same baseline (within a third of the font height), top to bottom, left to right. */
function groupLines(items: Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Item[][] = [];
  for (const it of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - it.y) <= Math.max(2, it.h / 3)) line.push(it);
    else lines.push([it]);
  }
  for (const l of lines) l.sort((a, b) => a.x - b.x);
  return lines;
}

/** Joins items into cells wherever the gap is wider than two character widths. */
function cutByGaps(line: Item[]): string[] {
  const cells: string[] = [];
  let cur = '';
  let end = -Infinity;
  for (const it of line) {
    const gap = it.x - end;
    const charW = it.str.length > 0 ? it.w / it.str.length : it.h / 2;
    if (cur && gap > Math.max(2 * charW, it.h)) {
      cells.push(cur.trim());
      cur = '';
    }
    cur += (cur && gap > charW / 3 ? ' ' : '') + it.str;
    end = it.x + it.w;
  }
  if (cur) cells.push(cur.trim());
  return cells;
}

/** Column left edges when `line` is a table header (TT plus at least two other known columns). */
function headerColumns(line: Item[]): number[] | undefined {
  const cells = cutByGaps(line);
  if (!detectHeader(cells.map((c) => cleanCell(c)))) return undefined;
  // Left edge of each header cell: the x of its first item.
  const edges: number[] = [];
  let cur = '';
  let end = -Infinity;
  for (const it of line) {
    const charW = it.str.length > 0 ? it.w / it.str.length : it.h / 2;
    if (!cur || it.x - end > Math.max(2 * charW, it.h)) {
      edges.push(it.x);
      cur = it.str;
    } else cur += it.str;
    end = it.x + it.w;
  }
  if (edges.length !== cells.length || cells.filter((c) => classifyHeader(c)).length < 3) return undefined;
  return edges;
}

/** Cells of a line cut at the header's column edges (a little slack to the left of each edge). */
function cutByColumns(line: Item[], edges: number[]): string[] {
  const cells = edges.map(() => '');
  for (const it of line) {
    let col = 0;
    for (let k = 0; k < edges.length; k++) if (it.x >= edges[k]! - 4) col = k;
    cells[col] = cells[col] ? `${cells[col]} ${it.str}` : it.str;
  }
  return cells.map((c) => c.replace(/\s+/g, ' ').trim());
}
