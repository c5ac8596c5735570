/**
 * Reads plain-text plans as the seed conversions lay them out:
 * - layout "tabbed": one table row per line, cells separated by tabs (000, 001, 002);
 * - layout "cell-per-line": every cell starts on its own line with a leading tab and may run over several
 *   lines; rows follow each other, separated by blank lines (003). Rows are cut by the header's width, and
 *   re-synchronised at a blank line followed by a number cell.
 * Lines without tabs are paragraphs.
 */
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';

/** Decodes bytes as UTF-8 (or UTF-16 with a BOM); refuses binary content. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (head.includes(0)) throw binary();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw binary(err);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Control characters other than tab/newline/CR/form feed mean this is not a text document.
  let controls = 0;
  for (const ch of text.slice(0, 8192)) {
    const c = ch.charCodeAt(0);
    if ((c >= 1 && c <= 8) || (c >= 14 && c <= 31)) controls++;
  }
  if (controls > 8) throw binary();
  return text.normalize('NFC');
}

function binary(cause?: unknown): ImportError {
  return new ImportError(
    'binary-file',
    'Tệp không phải văn bản đọc được (không phải UTF-8 hoặc là tệp nhị phân). Hãy dùng tệp .txt, .csv, .docx, .xlsx hoặc .pdf có lớp văn bản.',
    {},
    cause === undefined ? undefined : { cause },
  );
}

const TT_LINE = /^\t\s*(tt|stt|số tt|số thứ tự)\s*$/i;
const TT_VALUE = /^(\d{1,3}(\.\d{1,3})*|[IVXLC]{1,6})\.?$/;

/** Reads a decoded text document into blocks. */
export function readText(text: string): SourceDocument {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n');
  const headerLine = findCellPerLineHeader(lines);
  return { format: 'text', blocks: headerLine === undefined ? readTabbed(lines) : readCellPerLine(lines, headerLine) };
}

function readTabbed(lines: string[]): Block[] {
  const blocks: Block[] = [];
  lines.forEach((line, k) => {
    const ref = `dòng ${k + 1}`;
    if (line.includes('\t') && line.replace(/\t/g, '').trim().length > 0 && line.split('\t').length >= 3) {
      blocks.push({ kind: 'row', cells: line.split('\t'), ref });
    } else {
      const t = line.replace(/\t/g, ' ').trim();
      if (t) blocks.push({ kind: 'paragraph', text: t, ref });
    }
  });
  return blocks;
}

/** The line of a "\tTT" header followed by at least two more tab-led header cells, if the layout is cell-per-line. */
function findCellPerLineHeader(lines: string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (!TT_LINE.test(lines[i]!)) continue;
    let cells = 0;
    for (let j = i + 1; j < Math.min(lines.length, i + 12); j++) {
      const l = lines[j]!;
      if (l.trim() === '') break;
      if (l.startsWith('\t') && !l.slice(1).includes('\t')) cells++;
      else break;
    }
    if (cells >= 2) return i;
  }
  return undefined;
}

function readCellPerLine(lines: string[], headerLine: number): Block[] {
  const blocks: Block[] = [];
  for (let k = 0; k < headerLine; k++) {
    const t = lines[k]!.replace(/\t/g, ' ').trim();
    if (t) blocks.push({ kind: 'paragraph', text: t, ref: `dòng ${k + 1}` });
  }
  // Header cells: the consecutive tab-led lines from the TT line.
  const header: string[] = [];
  let k = headerLine;
  while (k < lines.length && lines[k]!.startsWith('\t')) header.push(lines[k++]!.slice(1).trim());
  blocks.push({ kind: 'row', cells: header, ref: `dòng ${headerLine + 1}` });
  const width = header.length;

  let row: string[] = [];
  let rowStart = k;
  let blankBefore = false;
  const flush = () => {
    if (row.length > 0) blocks.push({ kind: 'row', cells: row.map((c) => c.replace(/\s+$/, '')), ref: `dòng ${rowStart + 1}` });
    row = [];
  };
  for (; k < lines.length; k++) {
    const line = lines[k]!;
    if (line.trim() === '') {
      blankBefore = true;
      if (row.length > 0) row[row.length - 1] += '\n';
      continue;
    }
    if (line.startsWith('\t')) {
      const content = line.slice(1);
      const resync = blankBefore && row.length > 0 && row.length < width && TT_VALUE.test(content.trim());
      if (row.length >= width || resync) flush();
      if (row.length === 0) rowStart = k;
      row.push(content);
    } else if (row.length > 0) {
      row[row.length - 1] += `\n${line}`;
    } else {
      blocks.push({ kind: 'paragraph', text: line.trim(), ref: `dòng ${k + 1}` });
    }
    blankBefore = false;
  }
  flush();
  return blocks;
}
