/**
 * Confidence is visible (issue #11): which dates of a rule come from a default rather than from the text, and which
 * reading of an ambiguous cell is in effect. Pure: the rule and the policy in, Vietnamese notes out.
 */
import { dueDayPhrase } from '../format/phrases.js';
import type { DeadlinePart, DeadlineRule, PeriodUnit } from '../grammar/types.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from './policy.js';

/** What kind of default a part relies on. */
export type DefaultKind =
  /** A periodic report without a written day: `DeadlinePolicy.periodicDefaultDue`. */
  | 'periodic_due_day'
  /** A weekly report without a written weekday: `DeadlinePolicy.weeklyDueWeekday`. */
  | 'weekly_due_weekday'
  /** A bare "định kỳ": the reports of `DeadlinePolicy.reportingRegime`. */
  | 'reporting_regime'
  /** A continuous duty: check-ins every `DeadlinePolicy.continuous.checkInEvery`. */
  | 'continuous_check_in'
  /** An event with no written period: `DeadlinePolicy.eventWithoutOffsetDays`. */
  | 'event_without_offset'
  /** The year was not written: taken from the plan period. */
  | 'year_from_plan'
  /** The year was not written: taken from a later item of the same list. */
  | 'year_from_list';

/** One default a rule relies on, said in Vietnamese for the coordinator. */
export interface DefaultUse {
  kind: DefaultKind;
  /** Index of the part in the rule. */
  part: number;
  /** What was assumed, without a final stop (""Hằng quý": không ghi ngày nộp, hạn mỗi kỳ lấy theo mặc định: …"). */
  message: string;
  /** Where the value comes from: the policy field and its basis, or the plan period. */
  source: string;
}

const UNIT_VI: Record<PeriodUnit, string> = { week: 'tuần', month: 'tháng', quarter: 'quý', half_year: '6 tháng', nine_months: '9 tháng', year: 'năm' };
const WEEKDAY_VI = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "mặc định của hệ thống (<basis>)" when the value is the engine's default, else the configuration's. */
function origin(field: keyof DeadlinePolicy, policy: DeadlinePolicy, basis: string): string {
  return same(policy[field], DEFAULT_DEADLINE_POLICY[field])
    ? `DeadlinePolicy.${field}, mặc định của hệ thống: ${basis}`
    : `DeadlinePolicy.${field}, theo cấu hình của tỉnh/kế hoạch (config/deadline-policy.ts)`;
}

function partDefaults(part: DeadlinePart, index: number, policy: DeadlinePolicy, out: DefaultUse[]): void {
  const add = (kind: DefaultKind, message: string, source: string) => out.push({ kind, part: index, message, source });
  if ('yearSource' in part && part.yearSource === 'list')
    add('year_from_list', `"${part.text}": năm không ghi, lấy theo mục sau trong cùng danh sách`, 'cách viết của văn bản (đặc tả ngữ pháp thời hạn)');
  if (part.flags?.includes('year_from_plan')) add('year_from_plan', `"${part.text}": năm không ghi, lấy năm của kỳ kế hoạch`, 'kỳ kế hoạch (năm ghi trên kế hoạch)');
  switch (part.kind) {
    case 'periodic': {
      if (part.anchor) return; // pinned to a unit of each year: due at its end, no default day
      const reports = part.reports === 'policy' ? policy.reportingRegime : part.reports;
      if (part.reports === 'policy')
        add(
          'reporting_regime',
          `"${part.text}": "định kỳ" không nêu kỳ báo cáo, hiểu là báo cáo ${reports.map((u) => UNIT_VI[u]).join(', ')}`,
          origin('reportingRegime', policy, 'chế độ báo cáo CCHC theo Nghị định 09/2019/NĐ-CP và Công văn 581/BNV-CCHC'),
        );
      if (part.dueDay) return;
      if (reports.some((u) => u !== 'week'))
        add(
          'periodic_due_day',
          `"${part.text}": không ghi ngày nộp, hạn mỗi kỳ lấy theo mặc định: ${dueDayPhrase(policy.periodicDefaultDue)}`,
          origin('periodicDefaultDue', policy, 'sau ngày chốt số liệu 14 (Nghị định 09/2019/NĐ-CP điều 12), trước hạn báo cáo Bộ Nội vụ ngày 20 (581/BNV-CCHC)'),
        );
      if (reports.includes('week')) {
        const wd = WEEKDAY_VI[Math.min(7, Math.max(1, Math.trunc(policy.weeklyDueWeekday))) - 1]!;
        add('weekly_due_weekday', `"${part.text}": báo cáo tuần không ghi ngày, hạn là ${wd} hằng tuần`, origin('weeklyDueWeekday', policy, 'ngày làm việc cuối tuần, lựa chọn của sản phẩm (không có văn bản quy định)'));
      }
      return;
    }
    case 'continuous': {
      const every = policy.continuous.checkInEvery;
      if (every !== null)
        add(
          'continuous_check_in',
          `"${part.text}": việc thường xuyên, không có hạn; cập nhật kết quả mỗi ${UNIT_VI[every]} vào ${dueDayPhrase(policy.periodicDefaultDue)} (không tính quá hạn)`,
          origin('continuous', policy, 'cùng kỳ báo cáo quý của chế độ báo cáo CCHC'),
        );
      return;
    }
    case 'event': {
      if (part.offset !== null || part.eventDate !== undefined) return;
      const days = policy.eventWithoutOffsetDays;
      add(
        'event_without_offset',
        days === null
          ? `"${part.text}": không ghi thời hạn kể từ khi ${part.eventText}; chưa có ngày, điều phối viên đặt hạn khi sự kiện xảy ra`
          : `"${part.text}": không ghi thời hạn kể từ khi ${part.eventText}; mặc định ${days} ngày sau sự kiện`,
        origin('eventWithoutOffsetDays', policy, 'không tự đặt ngày khi văn bản không ghi'),
      );
      return;
    }
    default:
      return;
  }
}

/** The defaults the parts of `parts` rely on, in part order. */
export function defaultsOf(parts: readonly DeadlinePart[], policy: Readonly<DeadlinePolicy> = DEFAULT_DEADLINE_POLICY): DefaultUse[] {
  const out: DefaultUse[] = [];
  parts.forEach((p, i) => partDefaults(p, i, policy, out));
  return out;
}

/** The coordinator's choice of reading as stored (`reading` 1 = `parts`, 2… = `alternatives`). */
export interface ReadingChoice {
  reading: number;
  /** The cell the choice answered (`rule.input`). */
  input: string;
}

/** Which reading of a rule is in effect. */
export interface ReadingInEffect {
  /** The rule to expand: `parts` replaced by the chosen reading. */
  rule: DeadlineRule;
  /** How many readings the cell has (1 when it is not ambiguous). */
  readings: number;
  /** The reading chosen by the coordinator, or null (none, or the choice is stale / out of range). */
  chosen: number | null;
  /** The cell has several readings and nobody chose one: the first is used until then. */
  pending: boolean;
}

/**
 * The reading of `rule` in effect under `choice`. A choice for another cell text (the plan was re-imported with a
 * different cell) or for a reading that no longer exists is ignored: the decision is pending again.
 */
export function readingInEffect(rule: DeadlineRule, choice: ReadingChoice | null | undefined): ReadingInEffect {
  const alternatives = Array.isArray(rule.alternatives) ? rule.alternatives : [];
  const readings = 1 + alternatives.length;
  const valid = choice != null && choice.input === rule.input && Number.isInteger(choice.reading) && choice.reading >= 1 && choice.reading <= readings;
  if (!valid) return { rule, readings, chosen: null, pending: readings > 1 };
  const parts = choice.reading === 1 ? rule.parts : alternatives[choice.reading - 2]!.parts;
  return { rule: { ...rule, parts }, readings, chosen: choice.reading, pending: false };
}
