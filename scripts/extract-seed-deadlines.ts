/**
 * Test-only extraction of the deadline cells ("Thời gian …" column) from the seed plans in ../shared/seeds.
 *
 * This is deliberately small: it knows just enough of the two table layouts in the seeds to find one column.
 * The real plan importer lives in src/import/; nothing in src/ depends on this file.
 *
 * Usage: `tsx scripts/extract-seed-deadlines.ts [seedDir] [--text]` prints one JSON object per cell
 * (or, with --text, one phrase per line with newlines inside a cell replaced by " / "… see below).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One deadline cell of a seed plan's task table. */
export interface SeedDeadlineCell {
  /** Seed file name, e.g. `000_432df6ecbf3908af.txt`. */
  seed: string;
  /** 1-based line number of the row (of the cell's first line for the one-cell-per-line layout). */
  line: number;
  /** The row's TT cell as written ("1", "1.1", "IV", "05", "VII CHỈ ĐẠO, …"). */
  tt: string;
  /** The cell text, trimmed; lines inside a cell are joined with "\n". */
  text: string;
  /** The plan period the seed covers (ISO dates). */
  period: { from: string; to: string };
}

/** Plan period of each seed with a task table (from the seed README). */
export const SEED_PERIODS: Readonly<Record<string, { from: string; to: string }>> = {
  '000_432df6ecbf3908af.txt': { from: '2024-01-01', to: '2024-12-31' },
  '001_1ea7e064e5fb4bfa.txt': { from: '2024-01-01', to: '2024-12-31' },
  '002_591ff2b9d60f55ba.txt': { from: '2021-01-01', to: '2021-12-31' },
  '003_001395ffea9caab6.txt': { from: '2012-01-01', to: '2015-12-31' },
};

/** Default location of the seeds: `../shared/seeds` relative to the repository root. */
export const DEFAULT_SEED_DIR = resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/seeds');

const HEADER_FIRST_CELL = /^(số\s+)?tt$/i;
const DEADLINE_HEADER = /^thời gian/i;

/** Tab-separated layout: one row per line, the header row repeated on every page. */
function extractTabRows(seed: string, text: string): SeedDeadlineCell[] {
  const cells: SeedDeadlineCell[] = [];
  let column = -1;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (!raw.includes('\t')) return;
    const fields = raw.split('\t');
    const first = fields[0]!.trim();
    if (HEADER_FIRST_CELL.test(first)) {
      column = fields.findIndex((f) => DEADLINE_HEADER.test(f.trim()));
      return;
    }
    if (column < 0) return;
    const cell = (fields[column] ?? '').trim();
    if (cell === '') return;
    cells.push({ seed, line: i + 1, tt: first, text: cell, period: SEED_PERIODS[seed]! });
  });
  return cells;
}

/**
 * One-cell-per-line layout (003): every cell starts on a new line with a leading tab and may continue on following
 * lines without a tab. A row starts with a TT cell ("01", "IV"); the deadline is the row's column under "Thời gian".
 */
function extractCellPerLineRows(seed: string, text: string): SeedDeadlineCell[] {
  const lines = text.split('\n');
  const flat: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.startsWith('\t')) flat.push({ line: i + 1, text: raw.slice(1) });
    else if (flat.length > 0) flat[flat.length - 1]!.text += '\n' + raw;
  }
  const start = flat.findIndex((c) => HEADER_FIRST_CELL.test(c.text.trim()));
  if (start < 0) return [];
  let width = 0;
  while (start + width < flat.length && !DEADLINE_HEADER.test(flat[start + width]!.text.trim())) width++;
  const column = width;
  width++;
  const out: SeedDeadlineCell[] = [];
  const isTt = (s: string) => /^(\d{1,2}|[IVX]+)$/.test(s.trim());
  let i = start + width;
  while (i < flat.length) {
    if (!isTt(flat[i]!.text)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < flat.length && !isTt(flat[j]!.text)) j++;
    const row = flat.slice(i, j);
    const cell = row[column];
    const value = cell ? tidyCell(cell.text) : '';
    if (row.length !== width) throw new Error(`${seed}: row at line ${flat[i]!.line} has ${row.length} cells, expected ${width}`);
    if (value !== '') out.push({ seed, line: cell!.line, tt: flat[i]!.text.trim(), text: value, period: SEED_PERIODS[seed]! });
    i = j;
  }
  return out;
}

/** Trims each line and drops blank ones, keeping the line structure of a multi-line cell. */
function tidyCell(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** Every non-empty deadline cell of the four seed plans with task tables, in file order. */
export function extractSeedDeadlineCells(seedDir: string = DEFAULT_SEED_DIR): SeedDeadlineCell[] {
  const files = readdirSync(seedDir).filter((f) => f in SEED_PERIODS).sort();
  return files.flatMap((seed) => {
    const text = readFileSync(join(seedDir, seed), 'utf8');
    return text.split('\n').some((l) => HEADER_FIRST_CELL.test(l.split('\t')[0]!.trim()) && l.includes('\t'))
      ? extractTabRows(seed, text)
      : extractCellPerLineRows(seed, text);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? DEFAULT_SEED_DIR;
  for (const cell of extractSeedDeadlineCells(dir)) {
    process.stdout.write(args.includes('--text') ? cell.text.replace(/\n/g, ' ') + '\n' : JSON.stringify(cell) + '\n');
  }
}
