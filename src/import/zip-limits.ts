/**
 * Zip-bomb guard for .docx and .xlsx (issue #16.3): before mammoth or exceljs inflate anything,
 * the archive's central directory is read and the entry count and declared sizes are checked; then every entry is
 * inflated once as a stream whose output is counted and dropped, so a size that lies stops the inflation at the
 * budget instead of after a gigabyte, and memory stays at one chunk.
 *
 * Hand-written rather than a library: only the fixed-layout end record and directory headers are needed
 * (PKWARE APPNOTE 4.3.12, 4.3.16), yauzl is not installed, and JSZip keeps the sizes in private fields.
 */
import { createInflateRaw } from 'node:zlib';
import { ImportError } from './errors.js';

/** Most entries accepted in a .docx/.xlsx (real ones hold tens; a large workbook a few hundred). */
export const MAX_ZIP_ENTRIES = 5_000;
/** Most bytes all entries may inflate to together: 100 MB (a 20,000-task workbook inflates to about 10 MB). */
export const MAX_ZIP_INFLATED_BYTES = 100 * 1024 * 1024;

/** One entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; others are left to the reader. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Reads the central directory. Throws `ImportError(unreadableCode)` when the archive's structure is broken. */
export function readZipDirectory(bytes: Uint8Array, unreadableCode: 'unreadable-docx' | 'unreadable-xlsx' = 'unreadable-docx'): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const broken = (why: string) => new ImportError(unreadableCode, `Tệp nén hỏng (${why}). / The archive is damaged (${why}).`);
  // The end record is the last 22 bytes plus a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw broken('ZIP64 is not used by Word or Excel files of this size');
  if (offset + size > eocd) throw broken('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw broken('bad central directory entry');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      crc32: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts (after its local header). */
export function entryDataOffset(bytes: Uint8Array, entry: ZipEntry): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_SIGNATURE) return -1;
  return at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
}

/** Limits of {@link checkZipLimits}. */
export interface ZipLimits {
  /** Default {@link MAX_ZIP_ENTRIES}. */
  maxEntries?: number;
  /** Default {@link MAX_ZIP_INFLATED_BYTES}. */
  maxInflatedBytes?: number;
}

/**
 * Refuses an archive with too many entries or that inflates past the budget, before any reader opens it.
 * Throws `ImportError('archive-too-large')` with a Vietnamese message (English second).
 */
export async function checkZipLimits(bytes: Uint8Array, format: 'docx' | 'xlsx', limits: ZipLimits = {}): Promise<void> {
  const maxEntries = limits.maxEntries ?? MAX_ZIP_ENTRIES;
  const maxBytes = limits.maxInflatedBytes ?? MAX_ZIP_INFLATED_BYTES;
  const entries = readZipDirectory(bytes, format === 'docx' ? 'unreadable-docx' : 'unreadable-xlsx');
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const refuse = (what: string, whatEn: string, details: Record<string, unknown>) =>
    new ImportError(
      'archive-too-large',
      `Tệp .${format} bị từ chối: ${what} — có thể là tệp "bom nén" hoặc tệp hỏng. Hãy mở tệp bằng ${format === 'docx' ? 'Word' : 'Excel'}, lưu lại rồi nhập. / The .${format} file was refused: ${whatEn}.`,
      { ...details, maxEntries, maxInflatedBytes: maxBytes },
    );
  if (entries.length > maxEntries)
    throw refuse(`có ${entries.length} phần (tối đa ${maxEntries})`, `it holds ${entries.length} entries (at most ${maxEntries})`, { entries: entries.length });
  const declared = entries.reduce((n, e) => n + e.uncompressedSize, 0);
  if (declared > maxBytes)
    throw refuse(`giải nén ra ${mb(declared)} (tối đa ${mb(maxBytes)})`, `it inflates to ${mb(declared)} (at most ${mb(maxBytes)})`, { inflatedBytes: declared });
  // Declared sizes can lie: inflate for real, never past what is left of the budget.
  let total = 0;
  for (const e of entries) {
    if (e.method !== 8) {
      total += e.method === 0 ? e.compressedSize : e.uncompressedSize;
      continue;
    }
    const start = entryDataOffset(bytes, e);
    if (start < 0 || start + e.compressedSize > bytes.byteLength) continue; // the reader reports the broken entry
    const size = await inflatedSize(bytes.subarray(start, start + e.compressedSize), maxBytes - total);
    if (size === 'over')
      throw refuse(`giải nén ra hơn ${mb(maxBytes)} (kích thước khai báo ${mb(declared)} là sai)`, `it inflates to more than ${mb(maxBytes)} (its declared ${mb(declared)} is false)`, {
        inflatedBytes: maxBytes + 1,
      });
    if (size === 'broken') continue; // the reader reports the broken entry
    total += size;
  }
}

/** Bytes a raw deflate stream inflates to, counted chunk by chunk and dropped; 'over' once past `limit`. */
function inflatedSize(data: Uint8Array, limit: number): Promise<number | 'over' | 'broken'> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw();
    let n = 0;
    let settled = false;
    const settle = (v: number | 'over' | 'broken') => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) {
        settle('over');
        inflate.destroy();
      }
    });
    inflate.on('end', () => settle(n));
    inflate.on('error', () => settle('broken'));
    inflate.on('close', () => settle(n > limit ? 'over' : n));
    inflate.end(data);
  });
}
