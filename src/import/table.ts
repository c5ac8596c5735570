/**
 * Finds the task table in a document's blocks: the first header row, the rows after it with repeated page
 * headers dropped, rows split by a page break merged back (a continuation row has an empty TT), and the total
 * row ("Tổng cộng", "(Bằng chữ: …)", "936") set aside. Pure.
 */
import { cleanCell } from './cells.js';
import { type ColumnField, type ColumnMap, detectHeader, missingColumns } from './columns.js';
import { ImportError } from './errors.js';
import type { Block } from './model.js';

/** A data row with its cells by field (cleaned text, '' when absent). */
export interface TableRow {
  ref: string;
  number: string;
  task: string;
  output: string;
  lead: string;
  support: string;
  assignment: string;
  deadline: string;
  budget: string;
  /** Set when a continuation row (split by a page break) was merged into this one. */
  continuedFrom?: string[];
  /** True when the continuation did not look like one (task text starting with a capital letter). */
  suspiciousContinuation?: boolean;
}

/** The task table of a document. */
export interface ExtractedTable {
  columns: ColumnMap;
  headerRef: string;
  rows: TableRow[];
  /** How many repeated header rows were skipped (page breaks). */
  repeatedHeaders: number;
  /** The stated total of the budget column, when the table has a total row. */
  total?: { text: string; value: number | null; ref: string };
  /** Paragraphs before the table (the plan's prose). */
  prose: string[];
  /** Paragraphs after the table started (page footers, notes). */
  trailing: string[];
}

const TOTAL = /^(tổng cộng|tổng số|tổng|cộng)\s*:?$/iu;

/**
 * Extracts the task table. Throws `ImportError('no-task-table')` when no header row exists and
 * `ImportError('missing-columns')` when the only header lacks required columns.
 */
export function extractTable(blocks: Block[]): ExtractedTable {
  let headerAt = -1;
  let columns: ColumnMap | undefined;
  let incomplete: { map: ColumnMap; ref: string; missing: string[] } | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind !== 'row') continue;
    const map = detectHeader(b.cells.map((c) => cleanCell(c)));
    if (!map) continue;
    const missing = missingColumns(map);
    if (missing.length > 0) {
      incomplete ??= { map, ref: b.ref, missing };
      continue;
    }
    headerAt = i;
    columns = map;
    break;
  }
  if (!columns) {
    if (incomplete)
      throw new ImportError(
        'missing-columns',
        `Bảng nhiệm vụ (${incomplete.ref}) thiếu cột: ${incomplete.missing.join('; ')}. Các cột tìm thấy: ${incomplete.map.headers.filter(Boolean).join(' | ')}.`,
        { missing: incomplete.missing, headers: incomplete.map.headers, ref: incomplete.ref },
      );
    throw new ImportError('no-task-table', 'Không tìm thấy bảng nhiệm vụ (cần có hàng tiêu đề gồm TT, Nhiệm vụ/Nội dung, Cơ quan chủ trì, Thời gian).');
  }

  const prose = blocks.slice(0, headerAt).flatMap((b) => (b.kind === 'paragraph' ? [b.text] : []));
  const trailing: string[] = [];
  const rows: TableRow[] = [];
  let repeatedHeaders = 0;
  let total: ExtractedTable['total'];
  let inTotals = false;
  const f = columns.fields;
  const rawCell = (cells: string[], field: ColumnField) => {
    const idx = f[field];
    return idx === undefined ? '' : (cells[idx] ?? '');
  };
  /** Raw cells of each row, merged across page breaks before cleaning so that list items survive the join. */
  const raws: Record<MergedField, string>[] = [];

  for (let i = headerAt + 1; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'paragraph') {
      trailing.push(b.text);
      continue;
    }
    const cleaned = b.cells.map((c) => cleanCell(c));
    if (cleaned.every((c) => c === '')) continue;
    const header = detectHeader(cleaned);
    if (header && sameColumns(header, columns)) {
      repeatedHeaders++;
      continue;
    }
    const first = cleaned.find((c) => c !== '') ?? '';
    if (TOTAL.test(first)) {
      inTotals = true;
      const v = cleanCell(rawCell(b.cells, 'budget'));
      total = { text: v || first, value: v ? parseAmount(v) : null, ref: b.ref };
      continue;
    }
    if (inTotals) {
      // "(Bằng chữ: …)" and the figure itself, each in a row of its own.
      const figure = cleaned.find((c) => /^[\d.,\s]+$/.test(c));
      if (total && total.value === null && figure) total = { text: figure, value: parseAmount(figure), ref: b.ref };
      continue;
    }
    const raw = Object.fromEntries(MERGED.map((k) => [k, rawCell(b.cells, k)])) as Record<MergedField, string>;
    const number = cleanCell(rawCell(b.cells, 'number'));
    const prev = rows.at(-1);
    // Before the first numbered row, an unnumbered row is the header wrapping onto a second line (PDF).
    if (number === '' && !prev && f.number !== undefined) continue;
    if (number === '' && prev && f.number !== undefined) {
      // A row split by a page break continues in a row with an empty TT.
      const prevRaw = raws.at(-1)!;
      for (const k of MERGED) if (raw[k].trim()) prevRaw[k] = prevRaw[k].trim() ? joinBroken(prevRaw[k], raw[k]) : raw[k];
      if (!b.wrapped) {
        prev.continuedFrom = [...(prev.continuedFrom ?? []), b.ref];
        if (/^\p{Lu}/u.test(cleanCell(raw.task))) prev.suspiciousContinuation = true;
      }
      continue;
    }
    rows.push({ ref: b.ref, number, task: '', output: '', lead: '', support: '', assignment: '', deadline: '', budget: '' });
    raws.push(raw);
  }
  rows.forEach((row, k) => {
    for (const field of MERGED) row[field] = cleanCell(raws[k]![field]);
  });
  return { columns, headerRef: blocks[headerAt]!.ref, rows, repeatedHeaders, ...(total ? { total } : {}), prose, trailing };
}

function sameColumns(a: ColumnMap, b: ColumnMap): boolean {
  const keys = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]) as Set<ColumnField>;
  for (const k of keys) if (a.fields[k] !== b.fields[k]) return false;
  return true;
}

type MergedField = 'task' | 'output' | 'lead' | 'support' | 'assignment' | 'deadline' | 'budget';
const MERGED: MergedField[] = ['task', 'output', 'lead', 'support', 'assignment', 'deadline', 'budget'];

/** Joins two halves of a raw cell split by a page break: a new list item goes on a new line, a broken sentence
 *  is re-joined with a space. */
function joinBroken(a: string, b: string): string {
  return /^\s*[-–•]\s/.test(b) ? `${a.trimEnd()}\n${b.trim()}` : `${a.trimEnd()} ${b.trim()}`;
}

/**
 * Reads an amount as Vietnamese plans write it: "240", "1.500" (thousands), "1.500,5", "2,5". Returns
 * `null` for text that is not a number.
 */
export function parseAmount(text: string): number | null {
  const t = text.replace(/\s+/g, '').replace(/(triệu|đồng|trđ|tr)\.?$/iu, '');
  if (t === '') return null;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  if (/^\d+,\d+$/.test(t)) return Number(t.replace(',', '.'));
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return null;
}
