/**
 * Turns a read document into a `PlanDraft`: metadata, sections, tasks (leaf rows; group rows such as "1" above
 * "1.1" carry no deadline and are not tasks; a section row with its own units or deadline is itself a task),
 * resolved agencies, deadline rules with their first due dates, budgets, proposed tasks from the prose, and
 * the list of problems. Pure: the unit directory and the deadline engine are passed in.
 */
import { type UnitDirectory } from '../domain/units/directory.js';
import { type AgencyColumn, type AgencyMention, type AssignmentRole, createUnitIndex, type UnitIndex } from '../domain/units/resolver.js';
import { shortTitle } from './cells.js';
import type { DeadlineEvent, DeadlineOccurrence, DeadlinePeriod, DeadlinePort, DeadlineReading } from './deadline-port.js';
import { ImportError } from './errors.js';
import { type KnownProvince, type PlanMetadata, readMetadata } from './metadata.js';
import type { SourceDocument, SourceFormat } from './model.js';
import { readProseDuties } from './prose-duties.js';
import { extractTable, parseAmount, type TableRow } from './table.js';

/** `error` and `warning` block publishing (unless accepted); `info` explains what the importer did. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** What went wrong, by kind. */
export type ProblemCode =
  | 'deadline-missing'
  | 'deadline-unparsed'
  | 'deadline-outside-period'
  /** The cell has two defensible readings and the coordinator has not chosen one (`plan choose`). */
  | 'deadline-ambiguous'
  | 'agency-unknown'
  | 'agency-not-in-force'
  | 'agency-vague'
  | 'agency-note'
  | 'group-empty'
  | 'no-lead'
  | 'row-continued'
  | 'row-repaired'
  | 'row-broken'
  | 'row-duplicate-number'
  | 'section-number-repeated'
  | 'budget-unreadable'
  | 'budget-total-mismatch'
  | 'metadata-conflict'
  | 'metadata-missing'
  | 'province-mismatch'
  | 'province-merged';

/** One problem found at import (or again at publish). Messages are Vietnamese. */
export interface ImportProblem {
  code: ProblemCode;
  severity: ProblemSeverity;
  message: string;
  /** Display number of the task ("I.4.3"). */
  task?: string;
  /** Stable key of the task inside the plan. */
  taskKey?: string;
  /** Where in the source. */
  ref?: string;
  /** The text concerned (a cell, an agency as written). */
  text?: string;
  suggestions?: { code: string; name: string }[];
  /** The task is a proposal from the prose: its problems do not block publishing. */
  proposal?: boolean;
}

/** A section ("I. CẢI CÁCH THỂ CHẾ"). */
export interface DraftSection {
  /** Unique inside the plan: the numeral, with "#2" for a numeral the source repeats. */
  key: string;
  number: string;
  title: string;
  position: number;
  ref: string;
  taskCount: number;
}

/** An agency as read from a task's cells. */
export type DraftMention = AgencyMention & { column: AgencyColumn };

/** A task of the draft. */
export interface DraftTask {
  /** Stable identity inside the plan: "<section key>/<number>" ("IV#2/01"), "P/<n>" for proposals. */
  key: string;
  sectionKey: string | null;
  /** As written ("4.3", "06", "VIII"). */
  number: string;
  /** For display: "I.4.3", "IV(2).06". */
  label: string;
  /** 1-based order in the plan. */
  position: number;
  title: string;
  output: string | null;
  /** The lead cell, or the whole "Phân công thực hiện" cell. */
  leadText: string | null;
  supportText: string | null;
  deadlineText: string | null;
  deadline: DeadlineReading | null;
  /** Dated occurrences in the period (first three) and how many there are in all. */
  firstDue: DeadlineOccurrence[];
  occurrenceCount: number;
  /** Waiting for an event or a person's date. */
  waiting: boolean;
  /** Million đồng. */
  budget: number | null;
  isProposal: boolean;
  /** The group row above ("1. Kiện toàn tổ chức …") for two-level tables. */
  group?: { number: string; title: string };
  ref: string;
  assignments: { unit: string; role: AssignmentRole }[];
  mentions: DraftMention[];
}

/** The whole draft, ready for review and storage. */
export interface PlanDraft {
  source: { fileName: string; format: SourceFormat; sha256: string; bytes: number };
  metadata: Omit<PlanMetadata, 'province' | 'periodStartYear' | 'periodEndYear' | 'title'> & {
    province: string;
    provinceName: string;
    title: string;
    periodStartYear: number;
    periodEndYear: number;
  };
  sections: DraftSection[];
  tasks: DraftTask[];
  budget: { sum: number | null; stated: number | null; unit?: string };
  problems: ImportProblem[];
  stats: { rows: number; groups: number; tasks: number; proposals: number; repeatedHeaders: number; continuedRows: number };
}

/** Inputs of `buildPlan`. */
export interface BuildPlanOptions {
  fileName: string;
  format: SourceFormat;
  sha256: string;
  bytes: number;
  /** Provinces the metadata reader can recognise. */
  provinces: KnownProvince[];
  /** Given by the coordinator (`--province`): wins over the document. */
  province?: string;
  /** Used when neither the coordinator nor the document names a province. */
  defaultProvince?: string;
  /** Given by the coordinator (`--year`, `--from/--to`): wins over the document. */
  period?: { startYear: number; endYear: number };
  /** The unit directory of a province (in force or not; the period filter happens here). */
  directory(province: string): UnitDirectory | undefined;
  /** Whether a province was merged into another (2025), for plans dated after its last day. */
  mergedProvince?(province: string): { name: string; into: string; intoName: string; lastDay: string } | undefined;
  deadline: DeadlinePort;
  /** Called after each row (long files): rows done, rows in all. */
  onProgress?: (done: number, total: number) => void;
}

const ROMAN = /^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const SECTION_CELL = /^([IVXLC]{1,6})(?:[.:)]\s*|\s+|$)(.*)$/su;

/** Builds the draft. Throws `ImportError` for documents without a usable task table. */
export function buildPlan(doc: SourceDocument, options: BuildPlanOptions): PlanDraft {
  let table;
  try {
    table = extractTable(doc.blocks);
  } catch (err) {
    if (err instanceof ImportError && err.code === 'no-task-table') throw describeNoTable(doc, err);
    throw err;
  }
  const meta = readMetadata([...table.prose, ...table.trailing], options.provinces);
  const problems: ImportProblem[] = [];

  const province = options.province ?? meta.province ?? options.defaultProvince;
  if (!province) throw new ImportError('unknown-province', 'Không xác định được tỉnh của kế hoạch; hãy chỉ rõ bằng --province.');
  if (options.province && meta.province && options.province !== meta.province)
    problems.push({
      code: 'province-mismatch',
      severity: 'warning',
      message: `Tài liệu ghi tỉnh ${meta.provinceName}, nhưng lệnh nhập chỉ định --province ${options.province}.`,
    });
  const startYear = options.period?.startYear ?? meta.periodStartYear;
  const endYear = options.period?.endYear ?? meta.periodEndYear;
  if (startYear === undefined || endYear === undefined)
    throw new ImportError('bad-period', 'Không xác định được thời kỳ của kế hoạch; hãy chỉ rõ bằng --year hoặc --from/--to.');
  if (!(startYear >= 2000 && endYear <= 2100 && startYear <= endYear))
    throw new ImportError('bad-period', `Thời kỳ ${startYear}–${endYear} không hợp lệ.`, { startYear, endYear });
  if (options.period && meta.periodStartYear !== undefined && (meta.periodStartYear !== startYear || meta.periodEndYear !== endYear))
    problems.push({
      code: 'metadata-conflict',
      severity: 'warning',
      message: `Tài liệu ghi thời kỳ ${meta.periodStartYear}–${meta.periodEndYear}, lệnh nhập chỉ định ${startYear}–${endYear}.`,
    });
  for (const c of meta.conflicts)
    problems.push({
      code: 'metadata-conflict',
      severity: 'info',
      message: `Tài liệu ghi số hiệu khác nhau: ${meta.decisionNumber} ngày ${meta.decisionDate} và ${c}; dùng ${meta.decisionNumber}.`,
    });
  if (!meta.decisionNumber) problems.push({ code: 'metadata-missing', severity: 'info', message: 'Không tìm thấy số hiệu, ngày ban hành văn bản.' });

  const period: DeadlinePeriod = { from: `${startYear}-01-01`, to: `${endYear}-12-31` };
  // A province merged into another on 2025-07-01 (NQ 202/2025/QH15) has no units after its last day.
  const merged = options.mergedProvince?.(province);
  if (merged && period.from > merged.lastDay)
    throw new ImportError(
      'province-merged',
      `Tỉnh ${merged.name} đã nhập vào tỉnh ${merged.intoName} từ ${viDate(nextDay(merged.lastDay))} (Nghị quyết 202/2025/QH15): kế hoạch ${startYear === endYear ? `năm ${startYear}` : `${startYear}–${endYear}`} hãy nhập cho tỉnh ${merged.intoName} (--province ${merged.into}).`,
      { province, into: merged.into },
    );
  const directory = options.directory(province);
  if (!directory)
    throw new ImportError('unknown-province', `Chưa có danh mục đơn vị của tỉnh "${province}". Hãy nạp bằng "nhacviec units import".`, {
      province,
    });
  if (merged && period.to > merged.lastDay)
    problems.push({
      code: 'province-merged',
      severity: 'warning',
      message: `Tỉnh ${merged.name} đã nhập vào tỉnh ${merged.intoName} từ ${viDate(nextDay(merged.lastDay))}: các đơn vị của tỉnh ${merged.name} chỉ nhận việc đến hạn trước ngày đó; phần sau hãy giao trong kế hoạch của tỉnh ${merged.intoName} (--province ${merged.into}).`,
    });
  const index = createUnitIndex(directory, period);
  const ctx: TaskContext = { index, deadline: options.deadline, period, problems };

  // Sections and rows.
  const sections: DraftSection[] = [];
  const tasks: DraftTask[] = [];
  const numeralCount = new Map<string, number>();
  let section: DraftSection | undefined;
  let groups = 0;
  let continuedRows = 0;
  const rows = table.rows;
  const sectionRowAt = rows.map((r) => readSectionRow(r));
  const { isGroupAt, parentAt } = numberingOf(rows, sectionRowAt);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const sec = sectionRowAt[i];
    options.onProgress?.(i + 1, rows.length);
    if (row.continuedFrom) continuedRows += row.continuedFrom.length;
    if (sec) {
      const n = (numeralCount.get(sec.number) ?? 0) + 1;
      numeralCount.set(sec.number, n);
      section = {
        key: n === 1 ? sec.number : `${sec.number}#${n}`,
        number: sec.number,
        title: sec.title,
        position: sections.length + 1,
        ref: row.ref,
        taskCount: 0,
      };
      sections.push(section);
      if (n > 1)
        problems.push({
          code: 'section-number-repeated',
          severity: 'info',
          message: `Tài liệu đánh số hai mục ${sec.number} ("${shortTitle(sections.find((s) => s.key === sec.number)!.title, 40)}" và "${shortTitle(sec.title, 40)}"); mục sau được ghi là ${sec.number}(${n}).`,
          ref: row.ref,
        });
      // A section row that names units or a deadline is itself a task (000's VIII, 003's VII).
      if (row.deadline || row.lead || row.assignment) {
        tasks.push(makeTask(ctx, row, { ...row, task: sec.title }, section, sec.number, tasks.length + 1));
        section.taskCount++;
      }
      continue;
    }
    // A numbered row is a group when a later row of the same section is numbered below it ("1" above "1.1").
    const num = row.number.replace(/\.$/, '');
    if (isGroupAt[i]) {
      groups++;
      continue;
    }
    const parent = parentAt[i];
    const t = makeTask(ctx, row, row, section, num, tasks.length + 1, parent);
    tasks.push(t);
    if (section) section.taskCount++;
  }

  // Duplicate keys (the same number twice in a section).
  const seen = new Map<string, number>();
  for (const t of tasks) {
    const n = (seen.get(t.key) ?? 0) + 1;
    seen.set(t.key, n);
    if (n > 1) {
      problems.push({
        code: 'row-duplicate-number',
        severity: 'warning',
        message: `Số thứ tự ${t.label} xuất hiện lần thứ ${n}.`,
        task: t.label,
        ref: t.ref,
      });
      const oldKey = t.key;
      t.key = `${t.key}#${n}`;
      t.label = `${t.label}(${n})`;
      for (const p of problems) if (p.taskKey === oldKey && p.ref === t.ref) Object.assign(p, { taskKey: t.key, task: t.label });
    }
  }

  // Budget.
  let sum: number | null = null;
  for (const t of tasks) if (t.budget !== null) sum = (sum ?? 0) + t.budget;
  const stated = table.total?.value !== undefined && table.total.value !== null ? table.total.value * table.columns.budgetScale : null;
  if (stated !== null && sum !== null && Math.abs(stated - sum) > 0.001)
    problems.push({
      code: 'budget-total-mismatch',
      severity: 'warning',
      message: `Tổng kinh phí các nhiệm vụ là ${fmt(sum)}, dòng "Tổng cộng" ghi ${fmt(stated)}.`,
      ref: table.total!.ref,
    });

  // Proposed tasks from the prose.
  const duties = readProseDuties(table.prose, startYear);
  duties.forEach((d, k) => {
    const row: TableRow = {
      ref: `đoạn văn ${d.paragraph + 1}`,
      number: `ĐX${k + 1}`,
      task: d.title,
      output: '',
      lead: d.leadText,
      support: '',
      assignment: '',
      deadline: d.deadlineText,
      budget: '',
    };
    const t = makeTask(ctx, row, row, undefined, `ĐX${k + 1}`, tasks.length + 1, undefined, true);
    t.output = `Theo đoạn văn của kế hoạch: "${d.quote}"`;
    tasks.push(t);
  });

  return {
    source: { fileName: options.fileName, format: options.format, sha256: options.sha256, bytes: options.bytes },
    metadata: {
      ...meta,
      province,
      provinceName: directory.name,
      title: meta.title ?? `Kế hoạch cải cách hành chính tỉnh ${directory.name} ${startYear === endYear ? `năm ${startYear}` : `giai đoạn ${startYear} - ${endYear}`}`,
      periodStartYear: startYear,
      periodEndYear: endYear,
    },
    sections,
    tasks,
    budget: { sum, stated, ...(table.columns.budgetUnit ? { unit: table.columns.budgetUnit } : {}) },
    problems,
    stats: {
      rows: rows.length,
      groups,
      tasks: tasks.filter((t) => !t.isProposal).length,
      proposals: tasks.filter((t) => t.isProposal).length,
      repeatedHeaders: table.repeatedHeaders,
      continuedRows,
    },
  };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function readSectionRow(row: TableRow): { number: string; title: string } | undefined {
  const m = SECTION_CELL.exec(row.number.trim());
  if (!m || !ROMAN.test(m[1]!)) return undefined;
  const inCell = m[2]!.trim();
  const title = inCell || row.task;
  if (!title) return undefined;
  return { number: m[1]!, title: title.replace(/\s+/g, ' ').trim() };
}

/**
 * For every row, within its section: whether a later row is numbered below it ("1" above "1.1": a group), and the
 * nearest earlier row numbered as its parent ("1.1" → "1"). Two passes over the rows with a set and a map, so a
 * plan of tens of thousands of rows is not scanned once per row (issue #16.4).
 */
function numberingOf(rows: TableRow[], sectionRowAt: unknown[]): { isGroupAt: boolean[]; parentAt: Array<{ number: string; title: string } | undefined> } {
  const nums = rows.map((r) => r.number.replace(/\.$/, ''));
  const isGroupAt = new Array<boolean>(rows.length).fill(false);
  let prefixesAfter = new Set<string>();
  for (let i = rows.length - 1; i >= 0; i--) {
    if (sectionRowAt[i]) {
      prefixesAfter = new Set();
      continue;
    }
    const num = nums[i]!;
    isGroupAt[i] = prefixesAfter.has(num);
    for (let k = num.indexOf('.'); k >= 0; k = num.indexOf('.', k + 1)) prefixesAfter.add(num.slice(0, k));
  }
  const parentAt = new Array<{ number: string; title: string } | undefined>(rows.length).fill(undefined);
  let lastRowOf = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    if (sectionRowAt[i]) {
      lastRowOf = new Map();
      continue;
    }
    const num = nums[i]!;
    const dot = num.lastIndexOf('.');
    if (dot !== -1) {
      const parent = num.slice(0, dot);
      const j = lastRowOf.get(parent);
      if (j !== undefined) parentAt[i] = { number: parent, title: rows[j]!.task };
    }
    lastRowOf.set(num, i);
  }
  return { isGroupAt, parentAt };
}

interface TaskContext {
  index: UnitIndex;
  deadline: DeadlinePort;
  period: DeadlinePeriod;
  problems: ImportProblem[];
}

const DANGLING = /\s(Sở|Văn phòng|UBND|Ban|Phòng|Trung tâm)\s*$/u;

function makeTask(
  ctx: TaskContext,
  row: TableRow,
  cells: TableRow,
  section: DraftSection | undefined,
  number: string,
  position: number,
  group?: { number: string; title: string },
  isProposal = false,
): DraftTask {
  const label = isProposal ? number : section ? (section.number === number ? number : `${sectionLabel(section)}.${number}`) : number;
  const key = isProposal ? `P/${number}` : section ? (section.number === number ? section.key : `${section.key}/${number}`) : number;
  const problems: ImportProblem[] = [];
  const add = (p: Omit<ImportProblem, 'task' | 'taskKey' | 'ref'>) =>
    problems.push({ ...p, task: label, taskKey: key, ref: row.ref, ...(isProposal ? { proposal: true } : {}) });

  let lead = cells.lead;
  let support = cells.support;
  // "… ở các cấp Sở" | "Thông tin và Truyền thông": a word pushed into the wrong cell by the conversion.
  const dangling = DANGLING.exec(lead);
  if (dangling && support && !/^(sở|văn phòng|ubnd|ban|phòng|trung tâm|các|cơ quan)\b/iu.test(support)) {
    lead = lead.slice(0, dangling.index).trim();
    support = `${dangling[1]} ${support}`;
    add({
      code: 'row-repaired',
      severity: 'info',
      message: `Hàng bị lệch ô: chữ "${dangling[1]}" cuối ô Cơ quan chủ trì được ghép vào ô Cơ quan phối hợp ("${shortTitle(support, 60)}").`,
    });
  }
  if (row.continuedFrom)
    add({
      code: row.suspiciousContinuation ? 'row-broken' : 'row-continued',
      severity: row.suspiciousContinuation ? 'warning' : 'info',
      message: row.suspiciousContinuation
        ? `Hàng không có số thứ tự (${row.continuedFrom.join(', ')}) được ghép vào nhiệm vụ ${label}, nhưng trông như một nhiệm vụ riêng: hãy kiểm tra.`
        : `Hàng bị ngắt trang (${row.continuedFrom.join(', ')}) được ghép vào nhiệm vụ ${label}.`,
    });
  if (!cells.task) add({ code: 'row-broken', severity: 'error', message: `Hàng ${label} không có nội dung nhiệm vụ.` });

  const assessed = assessTask(ctx, {
    label,
    key,
    ref: row.ref,
    isProposal,
    assignmentText: cells.assignment,
    leadText: lead,
    supportText: support,
    deadlineText: cells.deadline,
  });
  problems.push(...assessed.problems);
  const { mentions, assignments, reading, firstDue, occurrenceCount, waiting } = assessed;

  // Budget.
  let budget: number | null = null;
  if (cells.budget) {
    budget = parseAmount(cells.budget);
    if (budget === null) add({ code: 'budget-unreadable', severity: 'warning', message: `Không đọc được kinh phí "${cells.budget}".`, text: cells.budget });
  }

  ctx.problems.push(...problems);
  return {
    key,
    sectionKey: section?.key ?? null,
    number,
    label,
    position,
    title: cells.task,
    output: cells.output || null,
    leadText: cells.assignment || lead || null,
    supportText: support || null,
    deadlineText: cells.deadline || null,
    deadline: reading,
    firstDue,
    occurrenceCount,
    waiting,
    budget,
    isProposal,
    ...(group ? { group } : {}),
    ref: row.ref,
    assignments,
    mentions,
  };
}

function sectionLabel(s: DraftSection): string {
  const n = s.key.split('#')[1];
  return n ? `${s.number}(${n})` : s.number;
}

/** A document without a task table: say what it holds instead ("Đến năm 2025", numbered lists). */
function describeNoTable(doc: SourceDocument, err: ImportError): ImportError {
  const paras = doc.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.cells));
  const targets = new Map<string, number>();
  for (const p of paras) for (const m of p.matchAll(/Đến năm (\d{4})/giu)) targets.set(m[1]!, (targets.get(m[1]!) ?? 0) + 1);
  const numbered = paras.filter((p) => /^\s*(\d+(\.\d+)*[.)]|[a-zđ]\)|-|•)\s+\S/iu.test(p)).length;
  const found: string[] = [];
  if (targets.size > 0)
    found.push(
      `các mục tiêu ${[...targets]
        .sort()
        .map(([y, n]) => `"Đến năm ${y}" (${n} lần)`)
        .join(', ')}`,
    );
  if (numbered > 0) found.push(`${numbered} mục liệt kê/đánh số không ghi cơ quan chủ trì hay thời hạn`);
  const message =
    found.length > 0
      ? `Không tìm thấy bảng nhiệm vụ. Tài liệu có ${found.join('; ')}. Đây không phải bảng phân công nên không tạo nhiệm vụ nào và không ghi gì vào cơ sở dữ liệu.`
      : `${err.message} Không ghi gì vào cơ sở dữ liệu.`;
  return new ImportError('no-task-table', message, { targets: Object.fromEntries(targets), numberedItems: numbered }, { cause: err });
}

/** The texts of a task that decide its units and dates (as imported, or as stored). */
export interface TaskTexts {
  label: string;
  key: string;
  ref?: string;
  isProposal: boolean;
  /** A combined "Phân công thực hiện" cell. */
  assignmentText?: string | null;
  leadText?: string | null;
  supportText?: string | null;
  deadlineText?: string | null;
  /** A stored reading (publish uses the stored rule instead of reading the text again). */
  reading?: DeadlineReading | null;
  /**
   * Units chosen by the coordinator (`plan assign`): replace the units read from the cells. The cells are still
   * read (their mentions are reported), but what they could not settle is no longer a problem.
   */
  unitOverrides?: { lead: readonly string[]; support: readonly string[] } | null;
}

/** The fields of a stored task that decide whether publishing includes it. */
export interface PublishableTask {
  isProposal: boolean;
  proposalStatus?: 'pending' | 'accepted' | 'rejected' | null;
  withdrawnAt?: Date | string | null;
}

/**
 * Whether publishing includes a task: not withdrawn by an amendment; a proposal only when the coordinator
 * accepted it, or with `--include-proposals` unless it was rejected.
 */
export function isPublishable(t: PublishableTask, includeProposals = false): boolean {
  if (t.withdrawnAt) return false;
  if (!t.isProposal) return true;
  if (t.proposalStatus === 'accepted') return true;
  return includeProposals && t.proposalStatus !== 'rejected';
}

/** What `assessTask` finds. */
export interface TaskAssessment {
  mentions: DraftMention[];
  assignments: { unit: string; role: AssignmentRole }[];
  reading: DeadlineReading | null;
  occurrences: DeadlineOccurrence[];
  firstDue: DeadlineOccurrence[];
  occurrenceCount: number;
  waiting: boolean;
  problems: ImportProblem[];
}

/** Context of `assessTask`: the directory index of the plan period, the deadline engine, the period. */
export interface AssessContext {
  index: UnitIndex;
  deadline: DeadlinePort;
  period: DeadlinePeriod;
  /** Recorded events (publish passes them; import reads without). */
  events?: DeadlineEvent[];
}

/** Resolves a task's agencies and reads/expands its deadline, with the problems found. Pure. */
export function assessTask(ctx: AssessContext, t: TaskTexts): TaskAssessment {
  const problems: ImportProblem[] = [];
  const label = t.label;
  const add = (p: Omit<ImportProblem, 'task' | 'taskKey' | 'ref'>) =>
    problems.push({ ...p, task: label, taskKey: t.key, ...(t.ref ? { ref: t.ref } : {}), ...(t.isProposal ? { proposal: true } : {}) });
  const cells = { assignment: t.assignmentText ?? '', deadline: t.deadlineText ?? '' };
  const lead = t.leadText ?? '';
  const support = t.supportText ?? '';
  // Agencies.
  const mentions: DraftMention[] = [];
  const roles = new Map<string, AssignmentRole>();
  const read = (text: string, column: AgencyColumn) => {
    if (!text) return;
    const r = ctx.index.resolve(text, column);
    for (const m of r.mentions) mentions.push({ ...m, column });
    for (const a of r.assignments) if (roles.get(a.unit) !== 'lead') roles.set(a.unit, a.role);
  };
  if (cells.assignment) read(cells.assignment, 'assignment');
  read(lead, 'lead');
  read(support, 'support');
  const overrides = t.unitOverrides ?? null;
  if (overrides) {
    roles.clear();
    for (const code of overrides.lead) roles.set(code, 'lead');
    for (const code of overrides.support) if (!roles.has(code)) roles.set(code, 'support');
    for (const code of roles.keys())
      if (!ctx.index.units.some((u) => u.code === code))
        add({
          code: 'agency-unknown',
          severity: 'error',
          message: `Đơn vị "${code}" do điều phối viên chọn không có (hoặc không còn) trong danh mục của thời kỳ kế hoạch.`,
          text: code,
        });
  }
  const hasLeadAssignment = [...roles.values()].includes('lead');
  for (const m of overrides ? [] : mentions) {
    const where = m.column === 'support' ? 'cơ quan phối hợp' : 'cơ quan chủ trì';
    if (m.kind === 'unknown')
      add({
        code: 'agency-unknown',
        severity: 'error',
        message: `Không nhận ra ${where} "${m.text}"${m.suggestions?.length ? `; có phải: ${m.suggestions.map((s) => s.name).join(' / ')}?` : '.'}`,
        text: m.text,
        suggestions: (m.suggestions ?? []).map((s) => ({ code: s.code, name: s.name })),
      });
    else if (m.kind === 'not-in-force')
      add({
        code: 'agency-not-in-force',
        severity: 'error',
        message: `"${m.text}" (${m.name}) không còn/chưa tồn tại trong thời kỳ kế hoạch${m.note ? ` (${m.note})` : ''}${m.suggestions?.length ? `; ${m.suggestions[0]!.target === 'group' ? 'thay bằng' : 'đơn vị kế thừa'}: ${m.suggestions.map((s) => s.name).join(' / ')}` : ''}.`,
        text: m.text,
        suggestions: (m.suggestions ?? []).map((s) => ({ code: s.code, name: s.name })),
      });
    else if (m.kind === 'vague')
      add({
        code: 'agency-vague',
        // Only a lead cell that names nobody else needs the coordinator.
        severity: m.role === 'lead' && !hasLeadAssignment ? 'warning' : 'info',
        message: m.qualifier
          ? `"${m.text} ${m.qualifier}" chỉ một phần của nhóm ${m.name}: chưa phân công (điều phối viên chọn đơn vị).`
          : `"${m.text}" không chỉ đích danh đơn vị nào: không tạo phân công.`,
        text: m.qualifier ? `${m.text} ${m.qualifier}` : m.text,
      });
    else if (m.kind === 'group' && m.note && m.units.length > 0)
      add({ code: 'agency-note', severity: 'info', message: `"${m.text}" → ${m.name} (${m.units.length} đơn vị): ${m.note}`, text: m.text });
    else if (m.kind === 'group' && m.units.length === 0)
      add({
        code: 'group-empty',
        severity: 'warning',
        message: `Nhóm "${m.text}" (${m.name}) chưa có đơn vị nào trong danh mục tỉnh${m.scope ? ' thuộc phạm vi đã nêu' : ''}: hãy nạp danh sách (nhacviec units import).`,
        text: m.text,
      });
  }
  const assignments = [...roles].map(([unit, role]) => ({ unit, role }));
  const hasLeadText = Boolean(cells.assignment || lead);
  if (overrides) {
    if (!assignments.some((a) => a.role === 'lead'))
      add({ code: 'no-lead', severity: 'error', message: `Nhiệm vụ ${label}: điều phối viên chưa chọn đơn vị chủ trì nào.` });
  } else if (!hasLeadText) add({ code: 'no-lead', severity: 'error', message: `Nhiệm vụ ${label} không ghi cơ quan chủ trì.` });
  else if (
    !assignments.some((a) => a.role === 'lead') &&
    // Unknown, ended, vague or empty lead mentions are reported above already.
    !mentions.some((m) => m.role === 'lead' && (m.kind !== 'unit' && m.kind !== 'group' ? true : m.units.length === 0))
  )
    add({ code: 'no-lead', severity: 'error', message: `Nhiệm vụ ${label}: không xác định được đơn vị chủ trì nào.` });

  // Deadline.
  let reading: DeadlineReading | null = t.reading ?? null;
  let occurrences: DeadlineOccurrence[] = [];
  let firstDue: DeadlineOccurrence[] = [];
  let occurrenceCount = 0;
  let waiting = false;
  if (!cells.deadline) add({ code: 'deadline-missing', severity: 'error', message: `Nhiệm vụ ${label} không ghi thời gian hoàn thành.` });
  else {
    reading ??= ctx.deadline.read(cells.deadline, ctx.period);
    for (const u of reading.unparsed)
      add({
        code: 'deadline-unparsed',
        severity: 'error',
        message: `Chưa hiểu thời hạn "${u.text}" (${u.reason}).`,
        text: u.text,
      });
    if (reading.flags.includes('before_plan_period') || reading.flags.includes('after_plan_period'))
      add({
        code: 'deadline-outside-period',
        severity: 'warning',
        message: `Thời hạn "${shortTitle(cells.deadline, 60)}" nằm ngoài thời kỳ kế hoạch ${ctx.period.from.slice(0, 4)}–${ctx.period.to.slice(0, 4)}.`,
        text: cells.deadline,
      });
    if (reading.readings && reading.readings.length > 1 && reading.chosenReading == null)
      add({
        code: 'deadline-ambiguous',
        // Publishing on the first reading without a decision could chase the wrong date: it blocks like a vague lead.
        severity: 'warning',
        message: `Thời hạn "${shortTitle(cells.deadline, 80)}" có ${reading.readings.length} cách hiểu; điều phối viên cần chọn một: ${reading.readings
          .map((r) => `(${r.reading}) ${r.explanation}${r.note ? ` [${r.note}]` : ''}`)
          .join('; ')}. Chưa chọn thì dùng cách (1).`,
        text: cells.deadline,
      });
    const occ = ctx.deadline.expand(reading.rule, ctx.period, ctx.events);
    occurrences = occ;
    occurrenceCount = occ.length;
    waiting = occ.some((o) => o.state === 'waiting');
    firstDue = occ.filter((o) => o.due !== null).slice(0, 3);
  }

  return { mentions, assignments, reading, occurrences, firstDue, occurrenceCount, waiting, problems };
}

/** `2025-07-01` → `01/7/2025` (as Vietnamese documents write dates). */
function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${Number(m)}/${y}`;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
