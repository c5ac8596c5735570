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
  /** An amended version was applied (`--yes`): to the draft, or to the published plan (`amendment` says what). */
  | 'amended'
  /**
   * An amended version of a published plan with errors or warnings, without `--accept-problems`: nothing written
   * (`amendment.blocking` lists them).
   */
  | 'amendment-refused';

/** Why an amendment closes (waives) due items of a published plan. */
export type WaiveReason =
  /** The task is no longer in the plan (withdrawn). */
  | 'task-withdrawn'
  /** The task stays but is no longer published (a proposal rejected since). */
  | 'task-not-published'
  /** The unit is no longer assigned to the task. */
  | 'unit-dropped'
  /** The occurrence is no longer produced by the task's deadline (or falls outside the unit's existence). */
  | 'occurrence-dropped';

/** What an amendment does to one task of a published plan. */
export interface AmendmentTaskImpact {
  key: string;
  label: string;
  title: string;
  /** The task left the plan in this amendment. */
  withdrawn: boolean;
  /** New due items. */
  created: number;
  /** Due items moved, grouped by (old due date → new due date); `null` = waiting (no date). */
  redated: { from: string | null; to: string | null; items: number }[];
  /** Due items closed (waived), by reason, with the units concerned. */
  waived: { reason: WaiveReason; units: string[]; items: number }[];
  /** Done and waived items that would otherwise have been closed or moved: kept unchanged as history. */
  history: { done: number; waived: number };
}

/** The consequences of applying an amended version to a published plan (computed without writing). */
export interface AmendmentImpact {
  tasks: { updated: number; added: number; restored: number; withdrawn: number };
  assignments: { created: number; dropped: number };
  dueItems: {
    created: number;
    /** Dated items whose dates change (revision bumped: reminders are replanned). */
    redated: number;
    /** Waiting items whose event (or on-demand basis) changes. */
    rewaited: number;
    /** Items still being chased (waiting, open, overdue, extended, pending_approval) that are closed. */
    waived: number;
    /** Extended items that keep their approved later date although the plan's date moved. */
    extensionKept: number;
    /** Items the amended plan asks for again that were waived earlier: they stay waived. */
    stayWaived: number;
    /** Done and waived items left untouched (history). */
    history: { done: number; waived: number };
  };
  /** Tasks whose lead or support text changed: the units the coordinator chose for them no longer apply. */
  overridesCleared: string[];
  /** Errors and warnings of the amended plan (as `plan publish` finds them): applying needs `--accept-problems`. */
  blocking: ImportProblem[];
  problemsAccepted: boolean;
  byTask: AmendmentTaskImpact[];
}

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
    /** Dates and periods taken from a default, not the text (what was assumed, and where it comes from). */
    defaults: { message: string; source: string }[];
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
  /** The existing plan is published: what the amendment does (or did) to its assignments and due items. */
  amendment: AmendmentImpact | null;
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
  extra: { planId?: number | null; version?: number | null; diff?: PlanDiff | null; unitsSeeded?: boolean; amendment?: AmendmentImpact | null } = {},
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
        defaults: (t.deadline?.defaults ?? []).map((d) => ({ message: d.message, source: d.source })),
      },
      budget: t.budget,
      ref: t.ref,
    })),
    budget: draft.budget,
    problems: draft.problems,
    diff: extra.diff ?? null,
    amendment: extra.amendment ?? null,
  };
}

const STATUS_LINE: Record<ImportStatus, string> = {
  'dry-run': 'Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.',
  created: 'Đã lưu kế hoạch ở trạng thái NHÁP.',
  unchanged: 'Tệp này đã được nhập trước đó: không có gì thay đổi.',
  'amendment-pending': 'Đây là bản sửa đổi của kế hoạch đã nhập. Xem thay đổi bên dưới; chạy lại với --yes để cập nhật bản nháp.',
  amended: 'Đã cập nhật bản nháp theo bản sửa đổi.',
  'amendment-refused': 'Kế hoạch cùng tỉnh và thời kỳ không phải bản nháp (đã lưu trữ, hoặc vừa được công bố: hãy chạy lại lệnh): chưa áp dụng bản sửa đổi.',
};

/** Status lines when the existing plan is published. */
const PUBLISHED_STATUS_LINE: Partial<Record<ImportStatus, string>> = {
  'dry-run': 'Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu. Kế hoạch cùng tỉnh và thời kỳ đã CÔNG BỐ: đây là bản sửa đổi.',
  'amendment-pending':
    'Đây là bản sửa đổi của kế hoạch ĐÃ CÔNG BỐ. Xem thay đổi và ảnh hưởng đến các hạn bên dưới; chạy lại với --yes để áp dụng (lịch sử được giữ nguyên).',
  amended: 'Đã áp dụng bản sửa đổi vào kế hoạch đã công bố. Lịch nhắc của các hạn thay đổi được lập lại khi dịch vụ chạy.',
  'amendment-refused': 'Bản sửa đổi còn lỗi/cảnh báo: chưa áp dụng vào kế hoạch đã công bố (dùng --accept-problems để vẫn áp dụng).',
};

const WAIVE_REASON_VI: Record<WaiveReason, string> = {
  'task-withdrawn': 'nhiệm vụ bị bỏ khỏi kế hoạch',
  'task-not-published': 'nhiệm vụ không còn được công bố',
  'unit-dropped': 'đơn vị không còn được giao',
  'occurrence-dropped': 'kỳ hạn không còn trong thời hạn mới',
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
  out.push((r.amendment ? PUBLISHED_STATUS_LINE[r.status] : undefined) ?? STATUS_LINE[r.status]);
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
  if (r.amendment) {
    out.push('');
    out.push(...renderAmendment(r.amendment, r.status === 'amended', r.problems));
  }

  out.push('');
  out.push('Nhiệm vụ:');
  for (const t of r.tasks) {
    out.push(`  ${(t.isProposal ? `${t.label} [đề xuất]` : t.label).padEnd(10)} ${t.shortTitle}`);
    out.push(`             Chủ trì: ${agencyLine(t.lead)}`);
    if (t.support.length) out.push(`             Phối hợp: ${agencyLine(t.support)}`);
    out.push(`             Thời hạn: ${dueLine(t)}`);
    for (const d of t.deadline.defaults) out.push(`             Mặc định: ${d.message} (nguồn: ${d.source})`);
    if (t.budget !== null) out.push(`             Kinh phí: ${t.budget}`);
  }

  // For a published plan, what blocks is what publishing would find now (units the coordinator chose with
  // `plan assign` settle what the file alone cannot).
  const blocking = r.amendment ? r.amendment.blocking : r.problems.filter((x) => x.severity !== 'info');
  const settled = r.amendment ? r.problems.filter((x) => x.severity !== 'info' && !blocking.some((b) => b.code === x.code && b.taskKey === x.taskKey)) : [];
  const infos = r.problems.filter((x) => x.severity === 'info');
  out.push('');
  if (settled.length > 0)
    out.push(`Vấn đề của tệp đã được điều phối viên xử lý trên kế hoạch (plan assign): ${settled.map((x) => x.task ?? x.code).join(', ')}.`);
  if (blocking.length === 0) out.push('Vấn đề: không có lỗi hay cảnh báo.');
  else {
    out.push(`Vấn đề cần xử lý trước khi ${r.amendment ? 'áp dụng' : 'công bố'} (${blocking.length}):`);
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

const day = (d: string | null) => (d ? formatViDate(d) : 'chờ sự kiện/ngày');

/** The consequences of amending a published plan (Vietnamese). `done`: they were applied. */
function renderAmendment(a: AmendmentImpact, done: boolean, listed: readonly ImportProblem[]): string[] {
  const out: string[] = [];
  const d = a.dueItems;
  out.push(done ? 'Đã áp dụng vào kế hoạch đang thực hiện (đã công bố):' : 'Ảnh hưởng đến kế hoạch đang thực hiện (đã công bố) nếu áp dụng:');
  const t = a.tasks;
  out.push(
    `  Nhiệm vụ: sửa ${t.updated}, thêm ${t.added}${t.restored ? ` (trong đó khôi phục ${t.restored} nhiệm vụ đã rút trước đây)` : ''}, rút khỏi kế hoạch ${t.withdrawn} (giữ lại làm lịch sử, không xoá).`,
  );
  out.push(`  Phân công: mới ${a.assignments.created}, không còn giao ${a.assignments.dropped}.`);
  out.push(
    `  Hạn: tạo mới ${d.created}, dời ngày ${d.redated}${d.rewaited ? `, đổi sự kiện chờ ${d.rewaited}` : ''}, đóng (miễn) ${d.waived} hạn không còn trong kế hoạch.`,
  );
  out.push(`  Giữ nguyên làm lịch sử: ${d.history.done} hạn đã hoàn thành, ${d.history.waived} hạn đã miễn (không thay đổi các hạn này).`);
  if (d.extensionKept) out.push(`  ${d.extensionKept} hạn đã được duyệt gia hạn muộn hơn ngày mới: giữ ngày gia hạn.`);
  if (d.stayWaived) out.push(`  ${d.stayWaived} hạn đã miễn trước đây được kế hoạch sửa đổi yêu cầu lại: vẫn giữ trạng thái miễn.`);
  const changed = a.byTask.filter((x) => x.created || x.redated.length || x.waived.length || x.history.done || x.history.waived);
  if (changed.length > 0) {
    out.push('  Chi tiết theo nhiệm vụ:');
    for (const x of changed) {
      const parts: string[] = [];
      if (x.withdrawn) parts.push('rút khỏi kế hoạch');
      if (x.created) parts.push(`tạo ${x.created} hạn mới`);
      for (const r of x.redated) parts.push(`dời ${r.items} hạn ${day(r.from)} → ${day(r.to)}`);
      for (const w of x.waived) parts.push(`miễn ${w.items} hạn (${WAIVE_REASON_VI[w.reason]}: ${w.units.join(', ')})`);
      if (x.history.done || x.history.waived)
        parts.push(`giữ ${[x.history.done ? `${x.history.done} hạn đã hoàn thành` : '', x.history.waived ? `${x.history.waived} hạn đã miễn` : ''].filter(Boolean).join(', ')}`);
      out.push(`    ${x.label} ${shortTitle(x.title, 50)}: ${parts.join('; ')}.`);
    }
  }
  if (a.overridesCleared.length > 0)
    out.push(`  Nội dung cơ quan chủ trì/phối hợp đã đổi: bỏ lựa chọn đơn vị của điều phối viên ở ${a.overridesCleared.join(', ')}.`);
  if (a.blocking.length > 0) {
    out.push(
      a.problemsAccepted
        ? `  Đã chấp nhận ${a.blocking.length} vấn đề còn tồn tại (--accept-problems, ghi trong nhật ký).`
        : `  Còn ${a.blocking.length} lỗi/cảnh báo chặn việc áp dụng (như khi công bố; xem "Vấn đề" bên dưới); dùng --accept-problems để vẫn áp dụng.`,
    );
    // Those found only now (against the current directory and events), not in the list of the import's problems.
    for (const p of a.blocking)
      if (!listed.some((q) => q.code === p.code && q.message === p.message)) out.push(`    [${SEVERITY_VI[p.severity]}] ${p.task ? `${p.task}: ` : ''}${p.message}`);
  }
  return out;
}
