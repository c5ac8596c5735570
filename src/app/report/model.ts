/**
 * The report annex of a plan's execution ("Phụ lục kết quả thực hiện kế hoạch CCHC"), as provinces send it each
 * quarter and year: one row per task and lead unit, a result in the words the reports use, then a summary per unit
 * and for the province. Pure: the rows come from a {@link ReportStore}, the as-of day is an input.
 */
import type { CompletionScoreRule } from '../../../config/report-scoring.js';
import { taskLabel } from '../../domain/format/task-label.js';

/** The result of a row, in the words of the reports. */
export const REPORT_RESULTS = [
  'hoàn thành đúng hạn',
  'hoàn thành quá hạn',
  'đang thực hiện trong hạn',
  'quá hạn chưa hoàn thành',
  'chưa đến hạn',
  'không thực hiện',
] as const;
export type ReportResult = (typeof REPORT_RESULTS)[number];

/** Evidence as stored on a due item (the fields the report reads). */
export interface ReportEvidence {
  documentNumber?: string;
  documentDate?: string;
  text?: string;
}

/** One due item of a task's lead assignment, as the store reads it. */
export interface ReportItemInput {
  id: number;
  occurrenceLabel: string;
  windowStart: string | null;
  nominalDue: string | null;
  dueDate: string | null;
  state: string;
  /** The day (in the plan's zone) the completion was reported, 'YYYY-MM-DD'. */
  doneDate: string | null;
  evidence: ReportEvidence | null;
  waitingEvent: string | null;
  /** Approved or countered extensions, oldest first. */
  extensions: { from: string | null; to: string; decidedDate: string | null }[];
}

/** A task and one of its lead units, with the unit's due items. */
export interface ReportRowInput {
  taskId: number;
  taskKey: string | null;
  taskNumber: string;
  sectionNumber: string | null;
  sectionTitle: string | null;
  title: string;
  output: string | null;
  deadlineText: string | null;
  /** Set when an amended version dropped the task: 'YYYY-MM-DD'. */
  withdrawnDate: string | null;
  unitId: number;
  unitCode: string;
  unitName: string;
  items: ReportItemInput[];
}

export interface ReportPlanInput {
  id: number;
  province: string;
  provinceName: string;
  title: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  periodStartYear: number;
  periodEndYear: number;
}

export interface ReportRow {
  /** TT: 1, 2, … in plan order. */
  index: number;
  taskLabel: string;
  section: string | null;
  title: string;
  output: string | null;
  unitCode: string;
  unitName: string;
  /** Thời hạn as written, and the day(s) it resolved to. */
  deadlineText: string | null;
  dueDates: string[];
  result: ReportResult;
  /** Why: the reason of "không thực hiện", the periods done of a recurring task, a completion awaiting approval. */
  detail: string | null;
  /** The latest completion day among the items. */
  completionDate: string | null;
  /** "123/QĐ-UBND ngày 15/03/2024", one per completed item. */
  evidence: string[];
  /** "từ 31/03/2024 đến 15/04/2024", one per approved extension. */
  extensions: string[];
}

export interface UnitSummary {
  unitCode: string;
  unitName: string;
  tasks: number;
  counts: Record<ReportResult, number>;
  /** Rows past their deadline or completed (the denominator of the rates). */
  due: number;
  /** Completed on time / due, in percent; null when nothing is due yet. */
  onTimePercent: number | null;
  /** Completed (on time or late) / due, in percent; null when nothing is due yet. */
  completionPercent: number | null;
  /** The CCHC criterion's score from {@link completionPercent}; null when nothing is due yet. */
  score: number | null;
}

export interface PlanReport {
  plan: ReportPlanInput;
  asOf: string;
  unitFilter: string | null;
  rows: ReportRow[];
  units: UnitSummary[];
  province: UnitSummary;
  rule: CompletionScoreRule;
  notes: string[];
}

const DONE_STATES = new Set(['done', 'pending_approval']);

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', as Vietnamese documents write dates. */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

type ItemOutcome = 'on_time' | 'late' | 'in_progress' | 'overdue' | 'not_yet' | 'waived';

interface ItemClass {
  outcome: ItemOutcome;
  completion: string | null;
  pendingApproval: boolean;
}

/**
 * The day an item counts as completed: the evidence document's date when it is given and not after the day the
 * completion was reported (the official product is the dated document), else the day it was reported.
 */
function completionDay(item: ReportItemInput): string | null {
  if (item.doneDate === null) return null;
  const doc = item.evidence?.documentDate;
  return doc !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(doc) && doc <= item.doneDate ? doc : item.doneDate;
}

function classifyItem(item: ReportItemInput, asOf: string): ItemClass {
  if (item.state === 'waived') return { outcome: 'waived', completion: null, pendingApproval: false };
  const completion = completionDay(item);
  // Completed as of the report day: a completion reported after it does not count yet.
  if (DONE_STATES.has(item.state) && item.doneDate !== null && item.doneDate <= asOf) {
    const late = item.dueDate !== null && completion! > item.dueDate;
    return { outcome: late ? 'late' : 'on_time', completion, pendingApproval: item.state === 'pending_approval' };
  }
  if (item.dueDate === null) return { outcome: 'not_yet', completion: null, pendingApproval: false };
  if (item.dueDate < asOf) return { outcome: 'overdue', completion: null, pendingApproval: false };
  if (item.windowStart !== null && item.windowStart > asOf) return { outcome: 'not_yet', completion: null, pendingApproval: false };
  return { outcome: 'in_progress', completion: null, pendingApproval: false };
}

/** The row's result from its items' outcomes: the worst that applies (see the README table in buildReport). */
function rowResult(outcomes: readonly ItemOutcome[]): ReportResult {
  const live = outcomes.filter((o) => o !== 'waived');
  if (live.length === 0) return outcomes.length === 0 ? 'chưa đến hạn' : 'không thực hiện';
  if (live.includes('overdue')) return 'quá hạn chưa hoàn thành';
  if (live.includes('in_progress')) return 'đang thực hiện trong hạn';
  const completed = live.filter((o) => o === 'on_time' || o === 'late');
  if (completed.length === live.length) return completed.includes('late') ? 'hoàn thành quá hạn' : 'hoàn thành đúng hạn';
  // Some periods done, the others not started: the task is under way and nothing is late yet.
  return completed.length > 0 ? 'đang thực hiện trong hạn' : 'chưa đến hạn';
}

function buildRow(input: ReportRowInput, index: number, asOf: string): ReportRow {
  const classes = input.items.map((i) => classifyItem(i, asOf));
  const result = rowResult(classes.map((c) => c.outcome));
  const details: string[] = [];
  if (result === 'không thực hiện')
    details.push(
      input.withdrawnDate !== null
        ? `Nhiệm vụ được rút khỏi kế hoạch khi điều chỉnh kế hoạch ngày ${viDate(input.withdrawnDate)}`
        : 'Được miễn thực hiện (hủy bỏ)',
    );
  const live = classes.filter((c) => c.outcome !== 'waived');
  const done = live.filter((c) => c.outcome === 'on_time' || c.outcome === 'late');
  if (live.length > 1) details.push(`${done.length}/${live.length} kỳ đã hoàn thành${done.some((c) => c.outcome === 'late') ? ` (${done.filter((c) => c.outcome === 'late').length} kỳ quá hạn)` : ''}`);
  if (classes.some((c) => c.pendingApproval)) details.push('có báo cáo hoàn thành đang chờ phê duyệt');
  const waiting = input.items.filter((i) => i.dueDate === null && i.waitingEvent !== null && i.state !== 'waived');
  if (waiting.length > 0 && result === 'chưa đến hạn') details.push('chờ sự kiện phát sinh để tính hạn');
  const completions = classes.map((c) => c.completion).filter((d): d is string => d !== null && done.length > 0).sort();
  const evidence: string[] = [];
  input.items.forEach((item, i) => {
    const c = classes[i]!;
    if (c.outcome !== 'on_time' && c.outcome !== 'late') return;
    const e = item.evidence;
    const parts = [e?.documentNumber, e?.documentDate ? `ngày ${viDate(e.documentDate)}` : undefined].filter(Boolean);
    const text = parts.length > 0 ? parts.join(' ') : (e?.text ?? '(không có số, ngày văn bản)');
    evidence.push(live.length > 1 ? `${item.occurrenceLabel}: ${text}` : text);
  });
  const extensions = input.items.flatMap((item) =>
    item.extensions.map((x) => `${live.length > 1 ? `${item.occurrenceLabel}: ` : ''}${x.from ? `từ ${viDate(x.from)} ` : ''}đến ${viDate(x.to)}`),
  );
  return {
    index,
    taskLabel: taskLabel({ key: input.taskKey, number: input.taskNumber }),
    section: input.sectionNumber === null ? null : `${input.sectionNumber}. ${input.sectionTitle ?? ''}`.trim(),
    title: input.title,
    output: input.output,
    unitCode: input.unitCode,
    unitName: input.unitName,
    deadlineText: input.deadlineText,
    dueDates: input.items.filter((i) => i.state !== 'waived' && i.dueDate !== null).map((i) => i.dueDate!),
    result,
    detail: details.length > 0 ? details.join('; ') : null,
    completionDate: done.length > 0 ? (completions.at(-1) ?? null) : null,
    evidence,
    extensions,
  };
}

const DUE_RESULTS: readonly ReportResult[] = ['hoàn thành đúng hạn', 'hoàn thành quá hạn', 'quá hạn chưa hoàn thành'];

/** The criterion's score for a completion rate (percent). */
export function scoreFor(rule: CompletionScoreRule, percent: number): number {
  return rule.bands.find((b) => percent >= b.minPercent)?.score ?? 0;
}

function summarize(code: string, name: string, rows: readonly ReportRow[], rule: CompletionScoreRule): UnitSummary {
  const counts = Object.fromEntries(REPORT_RESULTS.map((r) => [r, 0])) as Record<ReportResult, number>;
  for (const r of rows) counts[r.result]++;
  const due = DUE_RESULTS.reduce((n, r) => n + counts[r], 0);
  const pct = (n: number) => (due === 0 ? null : Math.round((n / due) * 1000) / 10);
  const completionPercent = pct(counts['hoàn thành đúng hạn'] + counts['hoàn thành quá hạn']);
  return {
    unitCode: code,
    unitName: name,
    tasks: rows.length,
    counts,
    due,
    onTimePercent: pct(counts['hoàn thành đúng hạn']),
    completionPercent,
    score: completionPercent === null ? null : scoreFor(rule, completionPercent),
  };
}

/**
 * Builds the annex. A row's result, from its due items as they stood on `asOf` (a completion reported after
 * `asOf` does not count):
 * - every item waived → không thực hiện (reason: the task withdrawn by an amendment, or waived);
 * - any item past its due day and not completed → quá hạn chưa hoàn thành;
 * - any item whose window has begun and whose due day has not passed → đang thực hiện trong hạn;
 * - every item completed → hoàn thành quá hạn if any completion came after its due day, else đúng hạn;
 * - nothing started yet (window in the future, or waiting for an event) → chưa đến hạn.
 * The rates count only the rows that are due (completed, or overdue): % đúng hạn = on time / due.
 */
export function buildReport(input: {
  plan: ReportPlanInput;
  rows: readonly ReportRowInput[];
  asOf: string;
  unitFilter?: string | null;
  rule: CompletionScoreRule;
}): PlanReport {
  const rows = input.rows.map((r, i) => buildRow(r, i + 1, input.asOf));
  const byUnit = new Map<string, { name: string; rows: ReportRow[] }>();
  for (const r of rows) {
    const u = byUnit.get(r.unitCode) ?? { name: r.unitName, rows: [] };
    u.rows.push(r);
    byUnit.set(r.unitCode, u);
  }
  const units = [...byUnit]
    .map(([code, u]) => summarize(code, u.name, u.rows, input.rule))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
  const province = summarize(input.plan.province, input.plan.provinceName, rows, input.rule);
  const notes = [
    `Số liệu tính đến ngày ${viDate(input.asOf)}. Ngày hoàn thành là ngày của văn bản minh chứng (khi có), nếu không là ngày đơn vị báo cáo hoàn thành; "đúng hạn" so với hạn đã điều chỉnh (kể cả gia hạn được chấp thuận).`,
    'Tỷ lệ đúng hạn và tỷ lệ hoàn thành tính trên số nhiệm vụ đã đến hạn (đã hoàn thành hoặc quá hạn chưa hoàn thành); nhiệm vụ chưa đến hạn, đang thực hiện trong hạn hoặc không thực hiện không được tính.',
    `Điểm "${input.rule.criterion}" theo ${input.rule.index} (tối đa ${input.rule.maxScore} điểm; ngưỡng: ${input.rule.bands
      .map((b) => `từ ${b.minPercent === Math.floor(b.minPercent) ? b.minPercent : `trên ${Math.floor(b.minPercent)}`}% → ${b.score}`)
      .join('; ')}). Nguồn: ${input.rule.source}.`,
    ...(input.rule.verified ? [] : [`CHƯA XÁC MINH: ${input.rule.note ?? 'ngưỡng điểm chưa được đối chiếu với văn bản gốc.'}`]),
  ];
  return {
    plan: input.plan,
    asOf: input.asOf,
    unitFilter: input.unitFilter ?? null,
    rows,
    units,
    province,
    rule: input.rule,
    notes,
  };
}
