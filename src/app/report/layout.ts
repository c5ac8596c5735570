/**
 * The annex's words, shared by the .xlsx and .docx writers so both files say the same: the document heading, the
 * table's columns and the summary's columns.
 */
import { REPORT_RESULTS, type PlanReport, type ReportRow, type UnitSummary, viDate } from './model.js';

export const TABLE_HEADERS = [
  'TT',
  'Nhiệm vụ',
  'Sản phẩm',
  'Cơ quan chủ trì',
  'Thời hạn',
  'Kết quả',
  'Ngày hoàn thành',
  'Minh chứng (số, ngày văn bản)',
  'Gia hạn',
  'Ghi chú',
] as const;

export const SUMMARY_HEADERS = [
  'TT',
  'Cơ quan chủ trì',
  'Số nhiệm vụ',
  ...REPORT_RESULTS.map((r) => r.charAt(0).toUpperCase() + r.slice(1)),
  'Tỷ lệ đúng hạn (%)',
  'Tỷ lệ hoàn thành (%)',
  'Điểm CCHC',
] as const;

/** The heading: the issuing authority (left), the national motto (right), the title lines. */
export function headerLines(report: PlanReport): { left: string[]; right: string[]; title: string[] } {
  const p = report.plan;
  const province = p.provinceName.replace(/^(ủy ban nhân dân|ubnd)\s+/iu, '');
  const issued = [
    p.decisionNumber ? `số ${p.decisionNumber}` : null,
    p.decisionDate ? `ngày ${viDate(p.decisionDate)}` : null,
  ].filter(Boolean);
  return {
    left: ['ỦY BAN NHÂN DÂN', province.toLocaleUpperCase('vi')],
    right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
    title: [
      'PHỤ LỤC',
      `KẾT QUẢ THỰC HIỆN ${p.title.toLocaleUpperCase('vi')}`,
      `(Kế hoạch ${issued.length > 0 ? `ban hành kèm theo văn bản ${issued.join(' ')}` : `năm ${p.periodStartYear}${p.periodEndYear !== p.periodStartYear ? `–${p.periodEndYear}` : ''}`}; số liệu tính đến ngày ${viDate(report.asOf)}${
        report.unitFilter ? `; đơn vị: ${report.rows[0]?.unitName ?? report.unitFilter}` : ''
      })`,
    ],
  };
}

function deadlineCell(r: ReportRow): string {
  const dates = r.dueDates.map(viDate);
  const resolved =
    dates.length === 0 ? '' : dates.length === 1 ? `hạn: ${dates[0]}` : dates.length <= 4 ? `${dates.length} kỳ: ${dates.join('; ')}` : `${dates.length} kỳ, ${dates[0]} – ${dates.at(-1)}`;
  return [r.deadlineText, resolved ? `(${resolved})` : null].filter(Boolean).join('\n');
}

/** The ten cells of a task row. */
export function tableCells(r: ReportRow): string[] {
  return [
    String(r.index),
    `${r.taskLabel}. ${r.title}`,
    r.output ?? '',
    r.unitName,
    deadlineCell(r),
    r.result.charAt(0).toUpperCase() + r.result.slice(1),
    r.completionDate ? viDate(r.completionDate) : '',
    r.evidence.join('\n'),
    r.extensions.join('\n'),
    r.detail ?? '',
  ];
}

const pct = (v: number | null) => (v === null ? '—' : v.toLocaleString('vi-VN', { maximumFractionDigits: 1 }));

/** The cells of a summary row. */
export function summaryCells(tt: string, u: UnitSummary, name = u.unitName): string[] {
  return [
    tt,
    name,
    String(u.tasks),
    ...REPORT_RESULTS.map((r) => String(u.counts[r])),
    pct(u.onTimePercent),
    pct(u.completionPercent),
    u.score === null ? '—' : u.score.toLocaleString('vi-VN'),
  ];
}
