/**
 * Opens a plan file: refuses empty, oversized and unsupported files before parsing, recognises the format by its
 * bytes (not only its extension), and dispatches to the reader.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImportError } from './errors.js';
import type { SourceDocument, SourceFormat } from './model.js';
import { readCsv } from './read-csv.js';
import { readDocx } from './read-docx.js';
import { readPdf } from './read-pdf.js';
import { MAX_SOURCE_BLOCKS, readTextBytes, tooManyBlocksError } from './read-text.js';
import { readXlsx } from './read-xlsx.js';
import { checkZipLimits } from './zip-limits.js';

/** Default largest file accepted: 20 MB (the seeds are about 40 KB; a 300-page scanned PDF is refused anyway). */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Most paragraphs and table rows a file may hold: 50,000. A 20 MB text file can hold 130,000 task rows, which
 * would take minutes to build into a draft; a real plan has hundreds of tasks, and 20,000 import in chunks.
 * Text files are checked while they are read (read-text.ts), other formats once parsed.
 */
export { MAX_SOURCE_BLOCKS };

/** A file read and parsed. */
export interface ReadSource {
  fileName: string;
  format: SourceFormat;
  bytes: number;
  sha256: string;
  document: SourceDocument;
}

/** Which format the bytes are, from their signature (and, for zips, their parts). */
export function sniffFormat(bytes: Uint8Array, fileName: string): SourceFormat {
  const ext = path.extname(fileName).toLowerCase();
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) {
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (body.includes('word/document.xml')) return 'docx';
    if (body.includes('xl/workbook.xml')) return 'xlsx';
    if (ext === '.docx') throw new ImportError('unreadable-docx', 'Tệp .docx bị hỏng: không có phần nội dung văn bản (word/document.xml).');
    if (ext === '.xlsx') throw new ImportError('unreadable-xlsx', 'Tệp .xlsx bị hỏng: không có sổ tính (xl/workbook.xml).');
    throw new ImportError('unsupported-format', 'Tệp nén (zip) không phải .docx hay .xlsx.');
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw new ImportError('unsupported-format', 'Tệp Word/Excel định dạng cũ (.doc/.xls): hãy lưu lại thành .docx hoặc .xlsx rồi nhập.');
  if (ext === '.docx') throw new ImportError('unreadable-docx', 'Tệp có đuôi .docx nhưng không phải tệp Word (.docx).');
  if (ext === '.xlsx') throw new ImportError('unreadable-xlsx', 'Tệp có đuôi .xlsx nhưng không phải tệp Excel (.xlsx).');
  if (ext === '.pdf') throw new ImportError('unreadable-pdf', 'Tệp có đuôi .pdf nhưng không phải tệp PDF.');
  if (ext === '.csv') return 'csv';
  return 'text';
}

/** Parses bytes already in memory. */
export async function parseSource(bytes: Uint8Array, fileName: string): Promise<ReadSource> {
  if (bytes.byteLength === 0) throw new ImportError('file-empty', `Tệp "${fileName}" rỗng.`);
  const format = sniffFormat(bytes, fileName);
  let document: SourceDocument;
  switch (format) {
    case 'pdf':
      document = await readPdf(bytes);
      break;
    case 'docx':
      await checkZipLimits(bytes, 'docx');
      document = await readDocx(bytes);
      break;
    case 'xlsx':
      await checkZipLimits(bytes, 'xlsx');
      document = await readXlsx(bytes);
      break;
    case 'csv':
      document = readCsv(bytes);
      break;
    case 'text': {
      document = readTextBytes(bytes, { fileName });
      if (document.blocks.length === 0) throw new ImportError('file-empty', `Tệp "${fileName}" không có nội dung.`);
      break;
    }
  }
  if (document.blocks.length === 0) throw new ImportError('file-empty', `Tệp "${fileName}" không có nội dung đọc được.`);
  if (document.blocks.length > MAX_SOURCE_BLOCKS) throw tooManyBlocksError(fileName, document.blocks.length, MAX_SOURCE_BLOCKS, true);
  return {
    fileName,
    format,
    bytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    document,
  };
}

/**
 * Reads a file from disk: checks its size before reading (an oversized file is refused without being read) and
 * reads at most `maxBytes`.
 */
export async function readSourceFile(file: string, options: { maxBytes?: number } = {}): Promise<ReadSource> {
  const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new ImportError('file-not-found', `"${file}" không phải là tệp.`);
    size = st.size;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError('file-not-found', `Không mở được tệp "${file}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, {}, { cause: err });
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (size > max)
    throw new ImportError('file-too-large', `Tệp "${path.basename(file)}" quá lớn (${mb(size)}; tối đa ${mb(max)}). Kế hoạch thường chỉ vài trăm KB: hãy kiểm tra lại tệp.`, {
      bytes: size,
      maxBytes: max,
    });
  if (size === 0) throw new ImportError('file-empty', `Tệp "${path.basename(file)}" rỗng.`);
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await handle.read(buf, off, Math.min(1 << 20, size - off), off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return await parseSource(buf.subarray(0, off), path.basename(file));
  } finally {
    await handle.close();
  }
}
