/**
 * Vietnamese renderings a coordinator can check: the rule as the machine understood it, and each occurrence
 * ("Hạn 04/02/2024 (trước ngày 05/02/2024) — báo cáo tháng 01/2024").
 */
import { formatViDate, weekdayNameVi } from '../calendar/iso-date.js';
import type { Occurrence } from '../expansion/expand-rule.js';
import type { DeadlineRule } from '../grammar/types.js';
import { partPhrase } from './phrases.js';

/**
 * The rule in canonical Vietnamese, one part per clause ("xây dựng kế hoạch tháng 01/2024; báo cáo theo định kỳ").
 * The text is itself a deadline phrase: parsing it in the same plan period yields the same occurrences.
 * Unparsed spans are not rendered. An empty rule renders as ''.
 */
export function formatDeadline(rule: DeadlineRule): string {
  return rule.parts.map((p) => (p.label ? `${p.label} ${labelJoin(p)}${partPhrase(p)}` : partPhrase(p))).join('; ');
}

/** After a report's name ("tổng hợp báo cáo …") a bare period reads as the period reported on (grammar §13.3): "vào" keeps it a deadline. */
function labelJoin(p: DeadlineRule['parts'][number]): string {
  if (p.kind !== 'date' || p.bound !== 'by' || p.point.unit === 'day' || p.point.unit === 'month' || p.point.year === null) return '';
  return /(?:báo cáo|số liệu)/u.test(p.label ?? '') ? 'vào ' : '';
}

/** One occurrence as a line: "Hạn 04/02/2024 (trước ngày 05/02/2024) — báo cáo tháng 01/2024", plus the working-day adjustment. */
export function formatOccurrence(o: Occurrence): string {
  const head = o.kind === 'check_in' ? 'Cập nhật' : 'Hạn';
  let line = `${head} ${formatViDate(o.nominalDue)} (${o.basis}) — ${o.label}`;
  if (o.adjustment === 'earlier_working_day') {
    line += `; ${formatViDate(o.nominalDue)} là ngày nghỉ, nhắc nộp trước ${weekdayNameVi(o.due)} ${formatViDate(o.due)}`;
  } else if (o.adjustment === 'next_working_day') {
    line += `; ${formatViDate(o.nominalDue)} là ngày nghỉ, hạn lùi đến hết ${weekdayNameVi(o.due)} ${formatViDate(o.due)} (BLDS 2015 điều 148.5)`;
  }
  if (o.kind === 'check_in') line += ' (việc thường xuyên, không tính quá hạn)';
  if (o.flags?.includes('before_period')) line += ' [trước kỳ kế hoạch]';
  if (o.flags?.includes('after_period')) line += ' [sau kỳ kế hoạch]';
  return line;
}
