/**
 * `explainDeadline`: the JSON object of the CLI contract (`nhacviec deadline explain --json`), documented in
 * src/domain/grammar/README.md §10. Other tools rely on its shape: add keys, never rename or remove them.
 */
import { formatViDate } from '../calendar/iso-date.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { expandRule, type Adjustment, type Occurrence, type OccurrenceFlag } from '../expansion/expand-rule.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../expansion/policy.js';
import { parseDeadline } from '../grammar/parse-deadline.js';
import type { DeadlinePart, DeadlinePartKind, DeadlineRule, DueDay, EventOffset, PartFlag, PeriodUnit } from '../grammar/types.js';
import { formatDeadline, formatOccurrence } from './format-deadline.js';
import { partPhrase } from './phrases.js';

/** The rule's overall kind: the parts' common kind, `mixed`, or `unparsed` when nothing was read. */
export type ExplainKind = DeadlinePartKind | 'mixed' | 'unparsed';

/** One part in the explanation. */
export interface ExplainedPart {
  kind: DeadlinePartKind;
  /** The input span(s) the part was read from. */
  text: string;
  label?: string;
  /** Canonical Vietnamese of the part (without its label). */
  phrase: string;
  /** Periodic: the finest reporting unit (the cadence). */
  every?: PeriodUnit;
  /** Periodic: every report, finest first ("quý, 6 tháng, năm" → quarter, half_year, year). */
  reports?: PeriodUnit[];
  /** Periodic: whether the reports were written or come from the plan's reporting regime. */
  everySource?: 'text' | 'policy';
  /** Periodic: the due day and whether it was written or is the policy default. */
  day?: DueDay & { source: 'text' | 'policy' };
  /** Weekly duties on a written weekday (ISO, 1 = Monday … 7 = Sunday). */
  weekday?: number;
  /** Event: the event slug that event records must use as `type`. */
  event?: string;
  offset?: EventOffset;
  /** Event: true when the period is counted back from the event ("15 ngày trước khi khởi công", grammar §13.7). */
  before?: true;
  flags?: PartFlag[];
}

/** One occurrence in the explanation. */
export interface ExplainedOccurrence {
  label: string;
  start: string | null;
  nominalDue: string;
  due: string;
  adjustment: Adjustment;
  dueAt: string;
  kind: Occurrence['kind'];
  basis: string;
  /** `formatOccurrence` of the occurrence. */
  text: string;
  partIndex: number;
  flags?: OccurrenceFlag[];
}

/** The object printed by `nhacviec deadline explain --json` (one per line with `--jsonl`). */
export interface DeadlineExplanation {
  v: 1;
  input: string;
  kind: ExplainKind;
  parts: ExplainedPart[];
  occurrences: ExplainedOccurrence[];
  unparsed: Array<{ text: string; reason: string; start: number; end: number }>;
  /** `formatDeadline` of the rule. */
  formatted: string;
  period: { from: string; to: string };
  /** Years whose holiday schedule was generated from the law (no official notice) among the occurrences' due dates. */
  provisionalYears: number[];
}

export function ruleKind(rule: DeadlineRule): ExplainKind {
  if (rule.parts.length === 0) return 'unparsed';
  const first = rule.parts[0]!.kind;
  return rule.parts.every((p) => p.kind === first) ? first : 'mixed';
}

function explainPart(p: DeadlinePart, policy: DeadlinePolicy): ExplainedPart {
  const out: ExplainedPart = { kind: p.kind, text: p.text, phrase: partPhrase(p) };
  if (p.label !== undefined) out.label = p.label;
  if (p.kind === 'periodic') {
    const reports = p.reports === 'policy' ? [...policy.reportingRegime] : p.reports;
    if (reports.length > 0) out.every = reports[0]!;
    out.reports = reports;
    out.everySource = p.reports === 'policy' ? 'policy' : 'text';
    if (p.weekday !== undefined) out.weekday = p.weekday;
    if (p.dueDay) out.day = { ...p.dueDay, source: 'text' };
    else if (!p.anchor && !p.afterEnd && !reports.every((u) => u === 'week')) out.day = { ...policy.periodicDefaultDue, source: 'policy' };
  }
  if (p.kind === 'event') {
    out.event = p.event;
    if (p.offset) out.offset = p.offset;
    if (p.before) out.before = true;
  }
  if (p.flags) out.flags = p.flags;
  return out;
}

/**
 * Reads a phrase in a plan period and expands it: exactly the JSON object of the CLI contract.
 * `period.from`/`period.to` are ISO dates ('YYYY-MM-DD').
 */
export function explainDeadline(
  text: string,
  period: { from: string; to: string },
  calendar: WorkingCalendar,
  policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY,
): DeadlineExplanation {
  const rule = parseDeadline(text, period);
  const occurrences = expandRule(rule, { periodStart: period.from, periodEnd: period.to, calendar, policy });
  const provisional = new Set<number>();
  for (const o of occurrences) if (o.flags?.includes('provisional_calendar')) provisional.add(Number(o.due.slice(0, 4)));
  return {
    v: 1,
    input: rule.input,
    kind: ruleKind(rule),
    parts: rule.parts.map((p) => explainPart(p, policy)),
    occurrences: occurrences.map((o) => {
      const e: ExplainedOccurrence = {
        label: o.label,
        start: o.start,
        nominalDue: o.nominalDue,
        due: o.due,
        adjustment: o.adjustment,
        dueAt: o.dueAt,
        kind: o.kind,
        basis: o.basis,
        text: formatOccurrence(o),
        partIndex: o.partIndex,
      };
      if (o.flags) e.flags = o.flags;
      return e;
    }),
    unparsed: rule.unparsed.map((u) => ({ text: u.text, reason: u.reason, start: u.start, end: u.end })),
    formatted: formatDeadline(rule),
    period: { from: period.from, to: period.to },
    provisionalYears: [...provisional].sort((a, b) => a - b),
  };
}

const KIND_VI: Record<DeadlinePartKind, string> = {
  date: 'mốc hạn',
  window: 'khoảng thời gian',
  periodic: 'định kỳ',
  event: 'theo sự kiện',
  continuous: 'thường xuyên',
  on_demand: 'theo yêu cầu (cần người đặt hạn)',
};

/** The explanation as Vietnamese text lines (the CLI's default output). */
export function formatExplanation(e: DeadlineExplanation): string {
  const lines: string[] = [];
  lines.push(`Cụm từ: ${e.input}`);
  lines.push(`Kỳ kế hoạch: ${formatViDate(e.period.from)} – ${formatViDate(e.period.to)}`);
  lines.push(`Hiểu là: ${e.formatted || '(không đọc được mốc nào)'}`);
  if (e.parts.length > 0) {
    lines.push('Các phần:');
    e.parts.forEach((p, i) => {
      let l = `  ${i + 1}. [${KIND_VI[p.kind]}] "${p.text}"`;
      if (p.label) l += ` — việc: ${p.label}`;
      if (p.everySource === 'policy') l += ' — kỳ báo cáo theo mặc định của kế hoạch';
      if (p.day?.source === 'policy') l += ` — ngày hạn mặc định: ngày ${p.day.day} tháng cuối kỳ`;
      if (p.kind === 'event') l += ` — chờ sự kiện "${p.event}"`;
      if (p.flags?.includes('before_plan_period')) l += ' — lưu ý: trước kỳ kế hoạch';
      if (p.flags?.includes('starts_before_plan_period')) l += ' — lưu ý: bắt đầu trước kỳ kế hoạch';
      lines.push(l);
    });
  }
  if (e.occurrences.length > 0) {
    lines.push(`Các hạn (${e.occurrences.length}):`);
    for (const o of e.occurrences) lines.push(`  - ${o.text}`);
  } else if (e.parts.length > 0) {
    lines.push('Các hạn: chưa tính được ngày cụ thể (cần sự kiện hoặc người đặt hạn).');
  }
  for (const u of e.unparsed) lines.push(`Không hiểu: "${u.text}" — ${u.reason}`);
  if (e.provisionalYears.length > 0) {
    lines.push(`Lưu ý: lịch nghỉ năm ${e.provisionalYears.join(', ')} là tạm tính theo Bộ luật Lao động, chưa có thông báo chính thức.`);
  }
  return lines.join('\n');
}
