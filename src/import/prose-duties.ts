/**
 * Duties the plan's prose puts on every unit, outside the task table: "Căn cứ Kế hoạch này … xây dựng kế hoạch
 * … (trước ngày 20/01/2024)", "định kỳ hàng quý, 6 tháng, năm … báo cáo UBND tỉnh (qua Sở Nội vụ)". They become
 * proposed tasks (`isProposal`) for the coordinator to accept; nothing is assigned until then. Pure.
 */

/** A duty read from prose. */
export interface ProseDuty {
  /** Short title for the proposed task. */
  title: string;
  /** The deadline phrase, for the deadline engine. */
  deadlineText: string;
  /** Who must do it: the heading of the numbered item the sentence sits under, when there is one. */
  leadText: string;
  /** The sentence as written. */
  quote: string;
  /** Paragraph index in the prose. */
  paragraph: number;
}

const SECTION_ORG = /^\s*[IVX]+\.\s*tổ chức thực hiện/iu;
const ANY_ROMAN_SECTION = /^\s*[IVX]+\.\s+\S/u;
const NUMBERED_ITEM = /^\s*(\d+)\.\s+(.+)$/u;
const DEFAULT_LEAD = 'Các sở, ban, ngành cấp tỉnh; UBND cấp huyện';

const PLAN_DUTY = /(xây dựng|ban hành)[^.;]{0,120}?kế hoạch[^;]{0,200}?(trước ngày\s*\d{1,2}\s*\/\s*\d{1,2}\s*\/\s*\d{4})/iu;
const REPORT_POLICY = /(định kỳ)\s+(?:gửi\s+)?báo cáo/iu;
const REPORT_DUTY =
  /((?:định kỳ\s+)?(?:hàng|hằng)\s+(?:quý|tháng|năm)(?:\s*,\s*(?:6|06|sáu)\s+tháng)?(?:\s*,\s*(?:9|09)\s+tháng)?(?:\s*,\s*năm)?)(?:\s+hoặc\s+đột xuất)?[^.;]{0,80}?báo cáo/iu;

/**
 * Reads the duties from `prose` (the paragraphs before the task table). Only the "TỔ CHỨC THỰC HIỆN" part is
 * read when the plan has one (elsewhere the prose describes the work, not duties with dates).
 */
export function readProseDuties(prose: string[], planYear: number): ProseDuty[] {
  let from = prose.findIndex((p) => SECTION_ORG.test(p));
  let to = prose.length;
  if (from === -1) from = 0;
  else {
    const next = prose.findIndex((p, k) => k > from && ANY_ROMAN_SECTION.test(p));
    if (next !== -1) to = next;
  }
  const duties: ProseDuty[] = [];
  let heading = '';
  let plan: ProseDuty | undefined;
  let report: { duty: ProseDuty; score: number } | undefined;
  for (let k = from; k < to; k++) {
    const p = prose[k]!.replace(/\*+/g, '');
    const item = NUMBERED_ITEM.exec(p);
    if (item && p.length < 300) heading = item[2]!.replace(/[:.]\s*$/, '');
    const lead = subjectOf(p) ?? leadFrom(heading);
    const pm = PLAN_DUTY.exec(p);
    if (pm && !plan) {
      plan = {
        title: `Xây dựng, ban hành kế hoạch cải cách hành chính năm ${planYear} của cơ quan, đơn vị, địa phương`,
        deadlineText: pm[2]!.replace(/\s+/g, ' '),
        leadText: lead,
        quote: sentenceAround(p, pm.index),
        paragraph: k,
      };
    }
    // The most specific reporting phrase wins ("định kỳ hàng quý, 6 tháng, năm" over "hàng Quý" over "định kỳ").
    const rm = REPORT_DUTY.exec(p) ?? REPORT_POLICY.exec(p);
    if (rm) {
      const phrase = rm[1]!.replace(/\s+/g, ' ').trim();
      const score = phrase.length;
      if (!report || score > report.score)
        report = {
          score,
          duty: {
            title: 'Báo cáo định kỳ kết quả thực hiện cải cách hành chính gửi UBND tỉnh (qua Sở Nội vụ)',
            deadlineText: /định kỳ/i.test(phrase) ? phrase : `định kỳ ${phrase}`,
            leadText: lead,
            quote: sentenceAround(p, rm.index),
            paragraph: k,
          },
        };
    }
  }
  if (plan) duties.push(plan);
  if (report) duties.push(report.duty);
  return duties;
}

const SUBJECT_START = /^\s*(thủ trưởng|giám đốc|chủ tịch|các sở|các cơ quan|ubnd|ủy ban|sở)\b/iu;
const SUBJECT_END = /\s(tổ chức|xây dựng|thực hiện|căn cứ|định kỳ|phối hợp|chịu trách nhiệm|chỉ đạo|triển khai)\b/iu;

/** "Thủ trưởng các Sở, Ban, ngành; Chủ tịch UBND các huyện tổ chức …" → the part before the verb. */
function subjectOf(p: string): string | undefined {
  if (!SUBJECT_START.test(p)) return undefined;
  const end = SUBJECT_END.exec(p);
  if (!end || end.index > 250) return undefined;
  return p.slice(0, end.index).replace(/[,;:]\s*$/, '').trim();
}

/** The units a numbered heading names ("Giám đốc các Sở, …; Chủ tịch UBND các huyện …"), or the default. */
function leadFrom(heading: string): string {
  const h = heading.trim();
  if (!h || h.length > 250) return DEFAULT_LEAD;
  // "Thủ trưởng các cơ quan, đơn vị, địa phương" names every department and district.
  return h;
}

function sentenceAround(p: string, at: number): string {
  const start = Math.max(p.lastIndexOf('. ', at) + 1, p.lastIndexOf('; ', at) + 1, 0);
  const endDot = p.indexOf('. ', at);
  const end = endDot === -1 ? p.length : endDot + 1;
  return p.slice(start, end).trim();
}
