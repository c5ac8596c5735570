/**
 * Canonical Vietnamese phrases for rule pieces. They are what `formatDeadline` prints and what occurrence labels
 * are made of, and every phrase is itself readable by the grammar (reading back yields the same occurrences).
 */
import type {
  DeadlinePart,
  DueDay,
  EventPart,
  PeriodicPart,
  PeriodUnit,
  TimePoint,
  WindowPart,
} from '../grammar/types.js';

const ROMAN = ['I', 'II', 'III', 'IV'];

export function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function romanQuarter(q: number): string {
  return ROMAN[q - 1] ?? String(q);
}

function withYear(text: string, year: number | null, sep = '/'): string {
  return year === null ? text : `${text}${sep}${year}`;
}

/** "ngày 16/09/2021", "tháng 02/2024", "quý I/2024", "6 tháng đầu năm 2024", "năm 2024", "giữa năm 2024". */
export function pointPhrase(p: TimePoint): string {
  switch (p.unit) {
    case 'day':
      return `ngày ${withYear(`${pad2(p.day)}/${pad2(p.month)}`, p.year)}`;
    case 'month': {
      const pos = p.position === 'start' ? 'đầu ' : p.position === 'middle' ? 'giữa ' : '';
      return `${pos}tháng ${withYear(pad2(p.month), p.year)}`;
    }
    case 'quarter':
      return `quý ${withYear(romanQuarter(p.quarter), p.year)}`;
    case 'half_year':
      return `6 tháng ${p.half === 1 ? 'đầu' : 'cuối'} năm${p.year === null ? '' : ` ${p.year}`}`;
    case 'nine_months':
      return `9 tháng đầu năm${p.year === null ? '' : ` ${p.year}`}`;
    case 'year':
      if (p.position === 'start') return `đầu năm${p.year === null ? '' : ` ${p.year}`}`;
      if (p.position === 'middle') return `giữa năm${p.year === null ? '' : ` ${p.year}`}`;
      return p.year === null ? 'trong năm' : `năm ${p.year}`;
  }
}

/** A date part as written canonically: "trước tháng 11/2024", "chậm nhất ngày 16/09/2021", "quý I/2024". */
export function datePhrase(point: TimePoint, bound: 'by' | 'before'): string {
  if (bound === 'before') return `trước ${pointPhrase(point)}`;
  return point.unit === 'day' ? `chậm nhất ${pointPhrase(point)}` : pointPhrase(point);
}

export function windowPhrase(w: Pick<WindowPart, 'from' | 'to'>): string {
  const { from, to } = w;
  if (from.unit === 'year' && to.unit === 'year' && !from.position && !to.position && from.year !== null && to.year !== null) {
    return `giai đoạn ${from.year}-${to.year}`;
  }
  return `từ ${pointPhrase(from)} đến hết ${pointPhrase(to)}`;
}

const UNIT_WORD: Record<PeriodUnit, string> = {
  week: 'tuần',
  month: 'tháng',
  quarter: 'quý',
  half_year: '6 tháng',
  nine_months: '9 tháng',
  year: 'năm',
};

const WEEKDAY_WORD = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

export function dueDayPhrase(d: DueDay): string {
  const q = d.bound === 'before' ? 'trước' : 'chậm nhất';
  return `${q} ngày ${pad2(d.day)} của ${d.month === 'following' ? 'tháng sau' : 'tháng cuối kỳ'}`;
}

export function periodicPhrase(p: Omit<PeriodicPart, 'text' | 'spans'>): string {
  const q = p.dueDay?.bound === 'before' ? 'trước' : 'chậm nhất';
  if (p.afterEnd) {
    // §13.7: read back by the grammar as the same rule.
    const of = p.anchor?.unit === 'month'
      ? p.anchor.month === 6 ? '6 tháng đầu năm' : p.anchor.month === 9 ? '9 tháng đầu năm' : p.anchor.month === 12 ? 'năm' : `tháng ${pad2(p.anchor.month)} hàng năm`
      : p.reports === 'policy' ? 'kỳ báo cáo' : p.reports.length === 1 ? UNIT_WORD[p.reports[0]!] : null;
    if (of !== null) return `${offsetPhrase(p.afterEnd)} kể từ ngày kết thúc ${of}`;
    return `định kỳ ${(p.reports as PeriodUnit[]).map((u) => UNIT_WORD[u]).join(', ')} (${offsetPhrase(p.afterEnd)} kể từ ngày kết thúc kỳ báo cáo)`;
  }
  if (p.weekday !== undefined) return `vào ${WEEKDAY_WORD[p.weekday - 1]} hằng tuần`;
  if (p.anchor?.unit === 'month' && p.dueDay && p.dueDay.month === 'period_last') {
    return `${q} ngày ${pad2(p.dueDay.day)}/${pad2(p.anchor.month)} hàng năm`;
  }
  if (!p.anchor && p.dueDay?.month === 'following' && (p.dueDay.monthsAfter ?? 1) !== 1 && p.reports !== 'policy' && p.reports.length === 1 && p.reports[0] === 'year') {
    return `định kỳ hàng năm (${q} ngày ${pad2(p.dueDay.day)}/${pad2(p.dueDay.monthsAfter!)} năm sau)`;
  }
  let head: string;
  if (p.anchor?.unit === 'month') head = `tháng ${pad2(p.anchor.month)} hàng năm`;
  else if (p.anchor?.unit === 'quarter') head = `quý ${romanQuarter(p.anchor.quarter)} hàng năm`;
  else if (p.following) head = `các năm tiếp theo${p.years?.to !== undefined ? ` đến ${p.years.to}` : ''}`;
  else if (p.reports === 'policy') head = 'theo định kỳ';
  else if (p.reports.length === 1) head = `định kỳ hàng ${UNIT_WORD[p.reports[0]!]}`;
  else head = `định kỳ ${p.reports.map((u) => UNIT_WORD[u]).join(', ')}`;
  return p.dueDay ? `${head} (${dueDayPhrase(p.dueDay)})` : head;
}

export function offsetPhrase(o: NonNullable<EventPart['offset']>): string {
  const unit = o.unit === 'working_day' ? 'ngày làm việc' : o.unit === 'week' ? 'tuần' : o.unit === 'month' ? 'tháng' : 'ngày';
  return `${pad2(o.amount)} ${unit}`;
}

export function eventPhrase(e: Pick<EventPart, 'offset' | 'eventText' | 'before'>): string {
  if (e.offset === null) return `sau khi ${e.eventText}`;
  if (e.before) return `${offsetPhrase(e.offset)} trước ${e.eventText}`;
  if (e.offset.amount === 0 && e.offset.unit === 'day') return `ngay sau khi ${e.eventText}`;
  return `${offsetPhrase(e.offset)} kể từ ${e.eventText}`;
}

/** The canonical phrase of one part, without its label. */
export function partPhrase(part: DeadlinePart): string {
  switch (part.kind) {
    case 'date':
      return datePhrase(part.point, part.bound);
    case 'window':
      return windowPhrase(part);
    case 'periodic':
      return periodicPhrase(part);
    case 'event':
      return eventPhrase(part);
    case 'continuous': {
      if (part.following) return `các năm tiếp theo${part.years?.to !== undefined ? ` đến ${part.years.to}` : ''}`;
      if (!part.years) return 'thường xuyên';
      const { from, to } = part.years;
      return to === undefined || to === from ? `thường xuyên năm ${from}` : `thường xuyên giai đoạn ${from}-${to}`;
    }
    case 'on_demand':
      return part.basis;
  }
}

/** Name of a reporting period: "tháng 01/2024", "quý I/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "năm 2024". */
export function reportPeriodName(unit: PeriodUnit, year: number, index: number): string {
  switch (unit) {
    case 'week':
      return `tuần ${pad2(index)}/${year}`;
    case 'month':
      return `tháng ${pad2(index)}/${year}`;
    case 'quarter':
      return `quý ${romanQuarter(index)}/${year}`;
    case 'half_year':
      return `6 tháng ${index === 1 ? 'đầu' : 'cuối'} năm ${year}`;
    case 'nine_months':
      return `9 tháng năm ${year}`;
    case 'year':
      return `năm ${year}`;
  }
}
