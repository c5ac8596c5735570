/**
 * The review report of an import: a Vietnamese text for the terminal and the same facts as JSON (`--json`).
 * The JSON shape is documented in ./README.md. Pure.
 */
import { formatViDate } from '../domain/calendar/iso-date.js';
import type { UnitIndex } from '../domain/units/resolver.js';
import type { DraftTask, ImportProblem, PlanDraft, ProblemSeverity } from './build-plan.js';
import { shortTitle } from './cells.js';
import type { PlanDiff } from './diff.js';

/** What happened to the draft in the database. */
export type ImportStatus =
  /** `--dry-run`: nothing written. */
  | 'dry-run'
  /** A new draft plan was stored. */
  | 'created'
  /** The same file (or the same content) was imported before: nothing changed. */
  | 'unchanged'
  /** An amended version: the diff is shown; nothing written until `--yes`. */
  | 'amendment-pending'
  /** An amended version was applied to the draft (`--yes`). */
  | 'amended'
  /** An amended version of a plan that is already published: refused. */
  | 'refused-published';

/** A unit or group as shown in the review. */
export interface ReviewAgency {
  text: string;
  kind: string;
  code?: string;
  name?: string;
  /** Units it assigns. */
  units: number;
}

/** One task in the review JSON. */
export interface ReviewTask {
  key: string;
  label: string;
  section: string | null;
  title: string;
  shortTitle: string;
  output: string | null;
  isProposal: boolean;
  group: { number: string; title: string } | null;
  lead: ReviewAgency[];
  support: ReviewAgency[];
  leadText: string | null;
  supportText: string | null;
  units: { lead: number; support: number };
  deadline: {
    text: string | null;
    explanation: string | null;
    kinds: string[];
    firstDue: { label: string; due: string | null; nominalDue: string | null }[];
    occurrences: number;
    waiting: boolean;
  };
  budget: number | null;
  ref: string;
}

/** The review as data (`plan import --json`). */
export interface ImportReview {
  status: ImportStatus;
  plan: {
    id: number | null;
    version: number | null;
    province: string;
    provinceName: string;
    title: string;
    decisionNumber: string | null;
    decisionDate: string | null;
    period: { from: number; to: number };
    source: PlanDraft['source'];
  };
  summary: {
    sections: number;
    tasks: number;
    proposals: number;
    groupRows: number;
    waiting: number;
    errors: number;
    warnings: number;
    infos: number;
    /** Units the directory seeded into the database during this import (first use of a province). */
    unitsSeeded: boolean;
  };
  sections: { key: string; number: string; title: string; tasks: number }[];
  tasks: ReviewTask[];
  budget: PlanDraft['budget'];
  problems: ImportProblem[];
  diff: PlanDiff | null;
}

function agencies(t: DraftTask, role: 'lead' | 'support'): ReviewAgency[] {
  const leadCodes = new Set(t.mentions.filter((m) => m.role === 'lead' && m.code).map((m) => m.code));
  const seen = new Set<string>();
  const out: ReviewAgency[] = [];
  for (const m of t.mentions) {
    if (m.role !== role) continue;
    // The same unit or group named twice (or named as lead and support) is shown once, under lead.
    const id = m.kind === 'unit' || m.kind === 'group' ? `${m.kind}:${m.code}` : `${m.kind}:${m.text}`;
    if (seen.has(id) || (role === 'support' && m.code && (m.kind === 'unit' || m.kind === 'group') && leadCodes.has(m.code))) continue;
    seen.add(id);
    out.push({ text: m.text, kind: m.kind, ...(m.code ? { code: m.code } : {}), ...(m.name ? { name: m.name } : {}), units: m.units.length });
  }
  return out;
}

/** Builds the review data. */
export function buildReview(
  draft: PlanDraft,
  status: ImportStatus,
  extra: { planId?: number | null; version?: number | null; diff?: PlanDiff | null; unitsSeeded?: boolean } = {},
): ImportReview {
  const count = (s: ProblemSeverity) => draft.problems.filter((p) => p.severity === s).length;
  return {
    status,
    plan: {
      id: extra.planId ?? null,
      version: extra.version ?? null,
      province: draft.metadata.province,
      provinceName: draft.metadata.provinceName,
      title: draft.metadata.title,
      decisionNumber: draft.metadata.decisionNumber ?? null,
      decisionDate: draft.metadata.decisionDate ?? null,
      period: { from: draft.metadata.periodStartYear, to: draft.metadata.periodEndYear },
      source: draft.source,
    },
    summary: {
      sections: draft.sections.length,
      tasks: draft.stats.tasks,
      proposals: draft.stats.proposals,
      groupRows: draft.stats.groups,
      waiting: draft.tasks.filter((t) => t.waiting && !t.isProposal).length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      unitsSeeded: extra.unitsSeeded ?? false,
    },
    sections: draft.sections.map((s) => ({ key: s.key, number: s.number, title: s.title, tasks: s.taskCount })),
    tasks: draft.tasks.map((t) => ({
      key: t.key,
      label: t.label,
      section: t.sectionKey,
      title: t.title,
      shortTitle: shortTitle(t.title, 70),
      output: t.output,
      isProposal: t.isProposal,
      group: t.group ?? null,
      lead: agencies(t, 'lead'),
      support: agencies(t, 'support'),
      leadText: t.leadText,
      supportText: t.supportText,
      units: { lead: t.assignments.filter((a) => a.role === 'lead').length, support: t.assignments.filter((a) => a.role === 'support').length },
      deadline: {
        text: t.deadlineText,
        explanation: t.deadline?.explanation ?? null,
        kinds: t.deadline?.kinds ?? [],
        firstDue: t.firstDue.map((o) => ({ label: o.label, due: o.due, nominalDue: o.nominalDue })),
        occurrences: t.occurrenceCount,
        waiting: t.waiting,
      },
      budget: t.budget,
      ref: t.ref,
    })),
    budget: draft.budget,
    problems: draft.problems,
    diff: extra.diff ?? null,
  };
}

const STATUS_LINE: Record<ImportStatus, string> = {
  'dry-run': 'Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.',
  created: 'Đã lưu kế hoạch ở trạng thái NHÁP.',
  unchanged: 'Tệp này đã được nhập trước đó: không có gì thay đổi.',
  'amendment-pending': 'Đây là bản sửa đổi của kế hoạch đã nhập. Xem thay đổi bên dưới; chạy lại với --yes để cập nhật bản nháp.',
  amended: 'Đã cập nhật bản nháp theo bản sửa đổi.',
  'refused-published': 'Kế hoạch cùng tỉnh và thời kỳ đã được công bố: không cập nhật bản sửa đổi vào kế hoạch đã công bố.',
};

const SEVERITY_VI: Record<ProblemSeverity, string> = { error: 'LỖI', warning: 'CẢNH BÁO', info: 'ghi chú' };

function agencyLine(list: ReviewAgency[]): string {
  if (list.length === 0) return '—';
  return list
    .map((a) => {
      if (a.kind === 'group') return `${a.name} (${a.units})`;
      if (a.kind === 'unit') return a.name ?? a.text;
      if (a.kind === 'vague') return `[chung chung: ${a.text}]`;
      if (a.kind === 'not-in-force') return `[không còn tồn tại: ${a.text}]`;
      return `[?? ${a.text}]`;
    })
    .join('; ');
}

function dueLine(t: ReviewTask): string {
  const parts: string[] = [];
  if (t.deadline.explanation) parts.push(t.deadline.explanation);
  else if (t.deadline.text) parts.push(t.deadline.text);
  const dated = t.deadline.firstDue.filter((o) => o.due);
  if (dated.length > 0) {
    const more = t.deadline.occurrences - t.deadline.firstDue.length - (t.deadline.waiting ? 1 : 0);
    parts.push(`→ ${dated.map((o) => formatViDate(o.due!)).join(', ')}${more > 0 ? ` (+${more})` : ''}`);
  }
  if (t.deadline.waiting) parts.push('· chờ sự kiện/ngày do điều phối viên đặt');
  return parts.join(' ');
}

/** Renders the review for the terminal (Vietnamese). `index` names units of the diff. */
export function renderReview(r: ImportReview, options: { index?: UnitIndex; maxInfoExamples?: number } = {}): string {
  const out: string[] = [];
  const p = r.plan;
  out.push(p.title);
  const doc = p.decisionNumber ? `${p.decisionNumber}${p.decisionDate ? ` ngày ${formatViDate(p.decisionDate)}` : ''}` : 'không rõ số hiệu';
  const period = p.period.from === p.period.to ? String(p.period.from) : `${p.period.from}–${p.period.to}`;
  out.push(`Tỉnh: ${p.provinceName} · Văn bản: ${doc} · Thời kỳ: ${period}`);
  out.push(`Tệp: ${p.source.fileName} (${p.source.format}, ${(p.source.bytes / 1024).toFixed(1)} KB)${p.id ? ` · Mã kế hoạch: ${p.id}` : ''}`);
  out.push(STATUS_LINE[r.status]);
  if (r.summary.unitsSeeded) out.push(`Đã nạp danh mục đơn vị của tỉnh ${p.provinceName} từ config/units vào cơ sở dữ liệu.`);
  out.push('');

  const s = r.summary;
  out.push(
    `Tổng quan: ${s.sections} mục, ${s.tasks} nhiệm vụ${s.proposals ? `, ${s.proposals} nhiệm vụ đề xuất từ phần văn bản` : ''}${s.groupRows ? `, ${s.groupRows} hàng nhóm (không có thời hạn)` : ''}; ${s.waiting} nhiệm vụ chờ sự kiện/ngày; ${s.errors} lỗi, ${s.warnings} cảnh báo, ${s.infos} ghi chú.`,
  );
  if (r.budget.sum !== null || r.budget.stated !== null)
    out.push(`Kinh phí (${r.budget.unit ?? 'triệu đồng'}): tổng các nhiệm vụ ${r.budget.sum ?? 0}${r.budget.stated !== null ? `, dòng "Tổng cộng" ghi ${r.budget.stated}` : ''}.`);
  if (r.sections.length > 0) {
    out.push('');
    out.push('Các mục:');
    for (const sec of r.sections) out.push(`  ${sec.key.replace(/#(\d+)$/, '($1)').padEnd(6)} ${shortTitle(sec.title, 60).padEnd(62)} ${sec.tasks} nhiệm vụ`);
  }

  if (r.diff) {
    out.push('');
    out.push(...renderDiff(r.diff));
  }

  out.push('');
  out.push('Nhiệm vụ:');
  for (const t of r.tasks) {
    out.push(`  ${(t.isProposal ? `${t.label} [đề xuất]` : t.label).padEnd(10)} ${t.shortTitle}`);
    out.push(`             Chủ trì: ${agencyLine(t.lead)}`);
    if (t.support.length) out.push(`             Phối hợp: ${agencyLine(t.support)}`);
    out.push(`             Thời hạn: ${dueLine(t)}`);
    if (t.budget !== null) out.push(`             Kinh phí: ${t.budget}`);
  }

  const blocking = r.problems.filter((x) => x.severity !== 'info');
  const infos = r.problems.filter((x) => x.severity === 'info');
  out.push('');
  if (blocking.length === 0) out.push('Vấn đề: không có lỗi hay cảnh báo.');
  else {
    out.push(`Vấn đề cần xử lý trước khi công bố (${blocking.length}):`);
    for (const x of blocking) out.push(`  [${SEVERITY_VI[x.severity]}]${x.proposal ? ' [đề xuất]' : ''} ${x.task ? `${x.task}: ` : ''}${x.message}${x.ref ? ` (${x.ref})` : ''}`);
  }
  if (infos.length > 0) {
    out.push('');
    out.push(`Ghi chú (${infos.length}):`);
    const byCode = new Map<string, ImportProblem[]>();
    for (const x of infos) byCode.set(x.code, [...(byCode.get(x.code) ?? []), x]);
    const max = options.maxInfoExamples ?? 3;
    for (const [code, list] of byCode) {
      out.push(`  ${code} (${list.length}):`);
      for (const x of list.slice(0, max)) out.push(`    ${x.task ? `${x.task}: ` : ''}${x.message}`);
      if (list.length > max) out.push(`    … và ${list.length - max} ghi chú cùng loại (xem --json).`);
    }
  }
  return out.join('\n');
}

function renderDiff(d: PlanDiff): string[] {
  const out: string[] = [];
  out.push(`Thay đổi so với bản đã nhập: thêm ${d.added.length}, bỏ ${d.removed.length}, sửa ${d.changed.length}.`);
  for (const a of d.added) out.push(`  + ${a.label} ${shortTitle(a.title, 70)}`);
  for (const r of d.removed) out.push(`  - ${r.label} ${shortTitle(r.title, 70)}`);
  for (const c of d.changed) {
    out.push(`  ~ ${c.label}${c.label !== c.previousLabel ? ` (trước là ${c.previousLabel})` : ''} ${shortTitle(c.title, 60)}`);
    for (const f of c.fields) out.push(`      ${f.field}: "${shortTitle(f.before ?? '—', 70)}" → "${shortTitle(f.after ?? '—', 70)}"`);
  }
  return out;
}
