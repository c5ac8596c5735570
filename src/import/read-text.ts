/**
 * Reads plain-text plans as the seed conversions lay them out:
 * - layout "tabbed": one table row per line, cells separated by tabs (000, 001, 002);
 * - layout "cell-per-line": every cell starts on its own line with a leading tab and may run over several
 *   lines; rows follow each other, separated by blank lines (003). Rows are cut by the header's width, and
 *   re-synchronised at a blank line followed by a number cell.
 * Lines without tabs are paragraphs.
 *
 * Memory (issue #16.3): a file is read from its bytes line by line ({@link readTextBytes}); the whole decoded text
 * never exists. Each line is decoded (and NFC-normalised) when a block needs it, a line over
 * {@link MAX_LINE_BYTES} is refused before it is decoded, and a file with more blocks than allowed is refused from
 * a count made on the bytes (tabbed layout), or as soon as the limit is passed (cell-per-line), before it is built.
 */
import { isUtf8 } from 'node:buffer';
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';

/** Most paragraphs and table rows a file may hold: 50,000 (see read-file.ts). */
export const MAX_SOURCE_BLOCKS = 50_000;

/**
 * Longest line a text plan may hold: 64 KB. A plan's longest line is a table row of a few cells, each capped at
 * 2,000 characters by the deadline parser (issue #16.1); a longer line is not a plan.
 */
export const MAX_LINE_BYTES = 64 * 1024;

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

/** The refusal of a file with more than `maxBlocks` paragraphs and rows; `exact` when `blocks` is the full count. */
export function tooManyBlocksError(fileName: string, blocks: number, maxBlocks: number, exact: boolean): ImportError {
  const vi = (n: number) => n.toLocaleString('vi-VN');
  return new ImportError(
    'file-too-large',
    `Tệp "${fileName}" có ${exact ? '' : 'hơn '}${vi(exact ? blocks : maxBlocks)} dòng/hàng (tối đa ${vi(maxBlocks)}). Kế hoạch thường chỉ vài trăm nhiệm vụ: hãy kiểm tra lại tệp hoặc tách thành nhiều tệp. / The file has ${exact ? '' : 'more than '}${exact ? blocks : maxBlocks} lines or rows (at most ${maxBlocks}).`,
    exact ? { blocks, maxBlocks } : { blocksOver: maxBlocks, maxBlocks },
  );
}

export interface ReadTextOptions {
  /** For messages. */
  fileName?: string;
  /** Default {@link MAX_SOURCE_BLOCKS}. */
  maxBlocks?: number;
  /** Default {@link MAX_LINE_BYTES}. */
  maxLineBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const FF = 0x0c;

/**
 * The lines of UTF-8 bytes, as byte ranges, split at CR LF, CR, LF and form feed (none of which occurs inside a
 * UTF-8 sequence). Decoding a line is left to {@link TextLines.text}.
 */
class TextLines {
  readonly #bytes: Buffer;
  readonly #decoder = new TextDecoder('utf-8');
  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Every line from byte `from` (line number `index`), as `[index, start, end]`. */
  *from(from = 0, index = 0): Generator<[number, number, number]> {
    const b = this.#bytes;
    const n = b.length;
    let start = from;
    let k = index;
    for (let i = from; i < n; i++) {
      const c = b[i]!;
      if (c !== LF && c !== CR && c !== FF) continue;
      yield [k++, start, i];
      if (c === CR && b[i + 1] === LF) i++;
      start = i + 1;
    }
    yield [k, start, n];
  }

  text(start: number, end: number): string {
    return this.#decoder.decode(this.#bytes.subarray(start, end)).normalize('NFC');
  }

  /** The line holds only tabs and spaces (ASCII), so it is blank without being decoded. */
  asciiBlank(start: number, end: number): boolean {
    const b = this.#bytes;
    for (let i = start; i < end; i++) if (b[i] !== 0x09 && b[i] !== 0x20 && b[i] !== 0x0b) return false;
    return true;
  }

  /** Whether the line has something besides whitespace (Unicode whitespace is decoded to be sure). */
  hasContent(start: number, end: number): boolean {
    const b = this.#bytes;
    let nonAscii = false;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c >= 0x80) nonAscii = true;
      else if (c !== 0x09 && c !== 0x20 && c !== 0x0b) return true;
    }
    return nonAscii && this.text(start, end).trim().length > 0;
  }
}

/**
 * Reads a text file's bytes into blocks (UTF-8, or UTF-16 with a BOM; binary content is refused) without holding
 * its decoded text. Throws `file-too-large` for a line over `maxLineBytes` or more than `maxBlocks` blocks.
 */
export function readTextBytes(input: Uint8Array, options: ReadTextOptions = {}): SourceDocument {
  const fileName = options.fileName ?? 'tệp';
  const maxBlocks = options.maxBlocks ?? MAX_SOURCE_BLOCKS;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  let bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // UTF-16 (rare, always small in practice) goes through a string once and on as UTF-8.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    bytes = Buffer.from(decodeText(bytes), 'utf8');
  if (bytes.subarray(0, 8192).includes(0)) throw binary();
  if (!isUtf8(bytes)) throw binary();
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // Control characters other than tab/newline/CR/form feed mean this is not a text document.
  let controls = 0;
  for (const c of bytes.subarray(0, 8192)) if ((c >= 1 && c <= 8) || (c >= 14 && c <= 31)) controls++;
  if (controls > 8) throw binary();

  const lines = new TextLines(bytes);
  // One pass on the bytes: line lengths, the cell-per-line header, and the non-blank lines (the tabbed layout's
  // block count).
  let header: { index: number; start: number } | undefined;
  let nonBlank = 0;
  for (const [k, start, end] of lines.from()) {
    if (end - start > maxLineBytes)
      throw new ImportError(
        'file-too-large',
        `Dòng ${(k + 1).toLocaleString('vi-VN')} của tệp "${fileName}" dài ${Math.ceil((end - start) / 1024).toLocaleString('vi-VN')} KB (tối đa ${maxLineBytes / 1024} KB): đây không phải một kế hoạch dạng văn bản. / Line ${k + 1} is ${end - start} bytes long (at most ${maxLineBytes}).`,
        { line: k + 1, lineBytes: end - start, maxLineBytes },
      );
    if (lines.hasContent(start, end)) nonBlank++;
    if (header === undefined && end - start <= 64 && isCellPerLineHeader(lines, k, start, end)) header = { index: k, start };
  }
  if (header === undefined && nonBlank > maxBlocks) throw tooManyBlocksError(fileName, nonBlank, maxBlocks, true);
  const blocks = new BlockList(maxBlocks, fileName);
  if (header === undefined) readTabbed(lines, blocks);
  else readCellPerLine(lines, header, blocks);
  return { format: 'text', blocks: blocks.items };
}

/** Reads a decoded text document into blocks. */
export function readText(text: string, options: ReadTextOptions = {}): SourceDocument {
  return readTextBytes(Buffer.from(text, 'utf8'), options);
}

/** Blocks with the file's limit: passing it stops the reading at once. */
class BlockList {
  readonly items: Block[] = [];
  constructor(
    private readonly max: number,
    private readonly fileName: string,
  ) {}
  push(block: Block): void {
    if (this.items.length >= this.max) throw tooManyBlocksError(this.fileName, this.items.length + 1, this.max, false);
    this.items.push(block);
  }
}

const TT_LINE = /^\t\s*(tt|stt|số tt|số thứ tự)\s*$/i;
const TT_VALUE = /^(\d{1,3}(\.\d{1,3})*|[IVXLC]{1,6})\.?$/;

function readTabbed(lines: TextLines, blocks: BlockList): void {
  for (const [k, start, end] of lines.from()) {
    if (lines.asciiBlank(start, end)) continue;
    const line = lines.text(start, end);
    const ref = `dòng ${k + 1}`;
    if (line.includes('\t') && line.replace(/\t/g, '').trim().length > 0 && line.split('\t').length >= 3) {
      blocks.push({ kind: 'row', cells: line.split('\t'), ref });
    } else {
      const t = line.replace(/\t/g, ' ').trim();
      if (t) blocks.push({ kind: 'paragraph', text: t, ref });
    }
  }
}

/**
 * Whether line `k` is a "\tTT" header followed by at least two more tab-led header cells (the cell-per-line
 * layout). Only called for short lines.
 */
function isCellPerLineHeader(lines: TextLines, k: number, start: number, end: number): boolean {
  if (!TT_LINE.test(lines.text(start, end))) return false;
  let cells = 0;
  for (const [j, s, e] of lines.from(start, k)) {
    if (j === k) continue;
    if (j >= k + 12) break;
    const l = lines.text(s, e);
    if (l.trim() === '') break;
    if (l.startsWith('\t') && !l.slice(1).includes('\t')) cells++;
    else break;
  }
  return cells >= 2;
}

function readCellPerLine(lines: TextLines, headerAt: { index: number; start: number }, blocks: BlockList): void {
  const header: string[] = [];
  let row: string[] = [];
  let rowStart = 0;
  let blankBefore = false;
  let inHeader = true;
  let width = 0;
  const flush = () => {
    if (row.length > 0) blocks.push({ kind: 'row', cells: row.map((c) => c.replace(/\s+$/, '')), ref: `dòng ${rowStart + 1}` });
    row = [];
  };
  for (const [k, start, end] of lines.from()) {
    if (k < headerAt.index) {
      const t = lines.text(start, end).replace(/\t/g, ' ').trim();
      if (t) blocks.push({ kind: 'paragraph', text: t, ref: `dòng ${k + 1}` });
      continue;
    }
    const line = lines.text(start, end);
    if (inHeader) {
      // Header cells: the consecutive tab-led lines from the TT line.
      if (line.startsWith('\t')) {
        header.push(line.slice(1).trim());
        continue;
      }
      inHeader = false;
      blocks.push({ kind: 'row', cells: header, ref: `dòng ${headerAt.index + 1}` });
      width = header.length;
    }
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
  if (inHeader) {
    blocks.push({ kind: 'row', cells: header, ref: `dòng ${headerAt.index + 1}` });
    return;
  }
  flush();
}
