/**
 * Finds the columns of a task table by meaning, not position: "TT" / "Số TT", "Nhiệm vụ" / "Nội dung công
 * việc", "Sản phẩm" / "Kết quả thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Phân công thực hiện"
 * (lead and support in one cell), "Thời gian hoàn thành", "Kinh phí (triệu đồng)".
 */
import { normalizeName } from '../domain/units/normalize.js';

/** What a column holds. */
export type ColumnField = 'number' | 'task' | 'output' | 'lead' | 'support' | 'assignment' | 'deadline' | 'budget' | 'note';

/** Column index by field, with the header text as written. */
export interface ColumnMap {
  fields: Partial<Record<ColumnField, number>>;
  headers: string[];
  /** Multiplier that turns the budget column's unit into million đồng (1 for "triệu đồng"). */
  budgetScale: number;
  /** The budget column's unit as written ("triệu đồng"). */
  budgetUnit?: string;
  /** Columns that were not recognised (index and header). */
  unused: { index: number; header: string }[];
}

const RULES: [ColumnField, RegExp][] = [
  ['number', /^(so )?(tt|stt)$|^so thu tu$|^stt$|^thu tu$/],
  ['assignment', /^phan cong/],
  ['lead', /chu tri/],
  ['support', /phoi hop/],
  ['deadline', /^(thoi gian|thoi han|tien do|moc thoi gian)/],
  ['budget', /^(kinh phi|du toan|nguon kinh phi)/],
  ['output', /^(san pham|ket qua)/],
  ['task', /^(nhiem vu|noi dung|ten nhiem vu|cong viec|hoat dong|ten cong viec)/],
  ['note', /^ghi chu/],
];

/** The field a header cell names, if any. */
export function classifyHeader(header: string): ColumnField | undefined {
  const n = normalizeName(header);
  if (!n) return undefined;
  for (const [field, re] of RULES) if (re.test(n)) return field;
  return undefined;
}

/**
 * Reads a row as a header. Returns a map when the row names a number or task column and at least two other
 * known columns; `undefined` when it is not a header row.
 */
export function detectHeader(cells: string[]): ColumnMap | undefined {
  const fields: Partial<Record<ColumnField, number>> = {};
  const unused: { index: number; header: string }[] = [];
  let known = 0;
  cells.forEach((c, index) => {
    const field = classifyHeader(c);
    if (field && fields[field] === undefined) {
      fields[field] = index;
      known++;
    } else if (c.trim()) unused.push({ index, header: c.trim() });
  });
  if (known < 3 || (fields.number === undefined && fields.task === undefined)) return undefined;
  const budgetHeader = fields.budget === undefined ? undefined : cells[fields.budget]!;
  const unit = budgetHeader ? /\(([^)]*)\)/.exec(budgetHeader)?.[1]?.trim() : undefined;
  return { fields, headers: cells.map((c) => c.trim()), budgetScale: budgetScale(unit), ...(unit ? { budgetUnit: unit } : {}), unused };
}

function budgetScale(unit: string | undefined): number {
  const n = normalizeName(unit ?? '');
  if (!n || /trieu/.test(n)) return 1;
  if (/ty/.test(n)) return 1000;
  if (/nghin|ngan/.test(n)) return 0.001;
  if (/dong/.test(n)) return 0.000001;
  return 1;
}

/** The fields a task table cannot do without, and their Vietnamese names for error messages. */
export const REQUIRED_FIELDS: { field: ColumnField | 'lead-or-assignment'; label: string }[] = [
  { field: 'task', label: 'Nhiệm vụ / Nội dung' },
  { field: 'lead-or-assignment', label: 'Cơ quan chủ trì (hoặc Phân công thực hiện)' },
  { field: 'deadline', label: 'Thời gian hoàn thành' },
];

/** Labels of required columns missing from `map`. */
export function missingColumns(map: ColumnMap): string[] {
  return REQUIRED_FIELDS.filter(({ field }) =>
    field === 'lead-or-assignment' ? map.fields.lead === undefined && map.fields.assignment === undefined : map.fields[field] === undefined,
  ).map((r) => r.label);
}
