/**
 * Reads .csv plans as a spreadsheet saved as CSV (issue #16.5): UTF-8 with or without a BOM (UTF-16 with a BOM
 * too, as `decodeText` reads it), comma or semicolon separated (Excel in a Vietnamese locale writes ";"), or tab,
 * quoted cells that run over several lines. Parsing is csv-parse's (RFC 4180 with relaxations); this file only
 * picks the separator and turns records into blocks the way `read-xlsx.ts` turns sheet rows into blocks.
 */
import { parse } from 'csv-parse/sync';
import { cleanCell } from './cells.js';
import { detectHeader } from './columns.js';
import { ImportError } from './errors.js';
import type { Block, SourceDocument } from './model.js';
import { decodeText } from './read-text.js';

/** Separators tried, in order of preference when several read the file equally well. */
const DELIMITERS = [',', ';', '\t'] as const;
/** Records read to choose the separator (a long preamble of prose may come before the table). */
const SNIFF_RECORDS = 5_000;

/** Reads a .csv file's bytes. Throws `ImportError('unreadable-csv')` when no separator gives a table. */
export function readCsv(bytes: Uint8Array): SourceDocument {
  const text = decodeText(bytes);
  const delimiter = chooseDelimiter(text);
  let records: CsvRecord[];
  try {
    records = read(text, delimiter);
  } catch (err) {
    throw unreadable(err);
  }
  const blocks: Block[] = [];
  let headerSeen = false;
  // csv-parse's own line count counts a CRLF inside quotes twice, so the line a record starts on is counted here,
  // from the byte offset where the previous record ended (info.bytes).
  const buf = Buffer.from(text, 'utf8');
  let at = 0;
  let line = 1;
  for (const { record, info } of records) {
    for (; at < buf.length && (buf[at] === 0x0a || buf[at] === 0x0d); at++) if (buf[at] === 0x0a || buf[at + 1] !== 0x0a) line++;
    const ref = `dòng ${line}`;
    for (; at < info.bytes; at++) if (buf[at] === 0x0a || (buf[at] === 0x0d && buf[at + 1] !== 0x0a)) line++;
    const filled = record.filter((c) => c.trim() !== '');
    if (filled.length === 0) continue;
    if (!headerSeen && detectHeader(record.map((c) => cleanCell(c)))) headerSeen = true;
    if (!headerSeen && filled.length === 1) blocks.push({ kind: 'paragraph', text: filled[0]!.trim(), ref });
    else blocks.push({ kind: 'row', cells: record, ref });
  }
  return { format: 'csv', blocks };
}

interface CsvRecord {
  record: string[];
  /** `bytes`: the UTF-8 offset just after the record (and its line break). */
  info: { bytes: number };
}

function read(text: string, delimiter: string, toLine?: number): CsvRecord[] {
  return parse(text, {
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    ...(toLine ? { to: toLine } : {}),
  }) as unknown as CsvRecord[];
}

/**
 * The separator under which a header row of a task table appears (the importer's own header rules); failing that,
 * the one that gives the most records with the same number (> 1) of cells.
 */
export function chooseDelimiter(text: string): string {
  let best: { delimiter: string; score: number } | undefined;
  for (const delimiter of DELIMITERS) {
    let records: Array<{ record: string[] }>;
    try {
      records = read(text, delimiter, SNIFF_RECORDS);
    } catch {
      continue;
    }
    if (records.some((r) => detectHeader(r.record.map((c) => cleanCell(c))))) return delimiter;
    const widths = new Map<number, number>();
    for (const r of records) if (r.record.length > 1) widths.set(r.record.length, (widths.get(r.record.length) ?? 0) + 1);
    const score = Math.max(0, ...widths.values());
    if (!best || score > best.score) best = { delimiter, score };
  }
  if (!best) throw unreadable();
  return best.delimiter;
}

function unreadable(cause?: unknown): ImportError {
  const why = cause instanceof Error ? `: ${cause.message}` : '';
  return new ImportError(
    'unreadable-csv',
    `Không đọc được tệp .csv (dấu phân cách "," ";" hoặc tab, mã UTF-8)${why}. Có thể mở tệp bằng Excel rồi lưu thành .xlsx để nhập. / Cannot read the .csv file; open it in Excel and save it as .xlsx.`,
    {},
    cause === undefined ? undefined : { cause },
  );
}
