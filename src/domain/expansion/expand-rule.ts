/**
 * Expansion: a rule plus a plan period, calendar and policy → dated occurrences. Pure: never reads the clock, never
 * does I/O; event parts expand only from the event records passed in.
 */
import { DateTime } from 'luxon';
import {
  addMonths,
  dayNumber,
  daysInMonth,
  formatViDate,
  fromDayNumber,
  isoFromDayNumber,
  isoToDayNumber,
  weekdayOfDayNumber,
  type IsoDate,
} from '../calendar/iso-date.js';
import { dayNumberCalendar, type DayNumberCalendar, type WorkingCalendar } from '../calendar/working-calendar.js';
import type {
  ContinuousPart,
  DatePart,
  DeadlinePart,
  DeadlineRule,
  DueDay,
  EventPart,
  PeriodicPart,
  PeriodUnit,
  TimePoint,
  WindowPart,
} from '../grammar/types.js';
import {
  datePhrase,
  eventPhrase,
  offsetPhrase,
  pad2,
  pointPhrase,
  reportPeriodName,
  windowPhrase,
} from '../format/phrases.js';
import { DEFAULT_DEADLINE_POLICY, type DeadlinePolicy, type NonWorkingDayAdjustment } from './policy.js';

/** Something that happened and starts an event-relative period ("Quyết định công bố TTHC số … ngày …"). */
export interface EventRecord {
  /** The event slug of the part (`EventPart.event`). */
  type: string;
  /** The day the event happened, 'YYYY-MM-DD'. */
  date: IsoDate;
  /** Document number or note shown in the occurrence label. */
  reference?: string;
}

/** Inputs of {@link expandRule}. */
export interface ExpandOptions {
  /** First day of the plan period, 'YYYY-MM-DD'. */
  periodStart: IsoDate;
  /** Last day of the plan period, 'YYYY-MM-DD'. */
  periodEnd: IsoDate;
  /** IANA zone of the deadline instant. Default 'Asia/Ho_Chi_Minh' (UTC+7). */
  zone?: string;
  calendar: WorkingCalendar;
  /** Default {@link DEFAULT_DEADLINE_POLICY}. */
  policy?: DeadlinePolicy;
  /** Event records for event parts; none = event parts yield nothing. */
  events?: readonly EventRecord[];
  /**
   * Reuse expansions of the same rule object over the same period, zone, calendar and policy (e.g. one plan's rules
   * for each of its units). With a cache the result is frozen and shared: treat it as read-only. Calls with event
   * records are never cached. Default: no cache.
   */
  cache?: ExpansionCache;
}

/** A memo of expansions keyed by (rule object, period, zone, calendar, policy); see {@link createExpansionCache}. */
export interface ExpansionCache {
  /** Number of cached expansions. */
  readonly size: number;
  clear(): void;
}

class ExpansionMemo implements ExpansionCache {
  #byRule = new WeakMap<DeadlineRule, Map<string, Occurrence[]>>();
  #ids = new WeakMap<object, number>();
  #nextId = 1;
  #size = 0;
  get size(): number {
    return this.#size;
  }
  clear(): void {
    this.#byRule = new WeakMap();
    this.#size = 0;
  }
  #id(o: object): number {
    let id = this.#ids.get(o);
    if (id === undefined) {
      id = this.#nextId++;
      this.#ids.set(o, id);
    }
    return id;
  }
  key(options: ExpandOptions, policy: DeadlinePolicy): string {
    return `${options.periodStart}|${options.periodEnd}|${options.zone ?? DEFAULT_ZONE}|${this.#id(options.calendar)}|${this.#id(policy)}`;
  }
  get(rule: DeadlineRule, key: string): Occurrence[] | undefined {
    return this.#byRule.get(rule)?.get(key);
  }
  set(rule: DeadlineRule, key: string, value: Occurrence[]): void {
    let m = this.#byRule.get(rule);
    if (!m) this.#byRule.set(rule, (m = new Map()));
    m.set(key, value);
    this.#size++;
  }
}

/** A cache to pass as `ExpandOptions.cache`. Holds rules weakly: it never keeps a rule alive. */
export function createExpansionCache(): ExpansionCache {
  return new ExpansionMemo();
}

function deepFreeze(list: Occurrence[]): Occurrence[] {
  for (const o of list) {
    if (o.reportsOn) Object.freeze(o.reportsOn);
    if (o.flags) Object.freeze(o.flags);
    Object.freeze(o);
  }
  return Object.freeze(list) as Occurrence[];
}

/** How `due` was derived from `nominalDue`. */
export type Adjustment = 'none' | 'earlier_working_day' | 'next_working_day';

/** Warnings on an occurrence. */
export type OccurrenceFlag =
  /** The deadline lies before the plan period (kept, as written). */
  | 'before_period'
  /** The deadline lies after the plan period. */
  | 'after_period'
  /** `due` was computed on a provisional (law-generated) holiday schedule. */
  | 'provisional_calendar'
  /** The due day is the policy's default, not written in the plan. */
  | 'day_from_policy';

/** One dated duty. Dates are 'YYYY-MM-DD'. */
export interface Occurrence {
  /** Index of the rule part it comes from. */
  partIndex: number;
  /** `check_in` for continuous duties: a prompt to report progress, never "overdue". */
  kind: 'deadline' | 'check_in';
  /** Vietnamese: the duty and the period ("báo cáo tháng 01/2024"). */
  label: string;
  /** When the work may begin (window start, reporting period start, event day); null when not known. */
  start: IsoDate | null;
  /** The last permissible calendar day as written. */
  nominalDue: IsoDate;
  /** The day after the policy's working-day adjustment. */
  due: IsoDate;
  adjustment: Adjustment;
  /** The end of `due` in the zone (BLDS 2015 điều 148.6: the last day ends at 24:00), e.g. '2024-02-02T23:59:59.999+07:00'. */
  dueAt: string;
  /** Vietnamese: how `nominalDue` follows from the text ("trước ngày 05/02/2024", "hết quý I/2024"). */
  basis: string;
  /** The reporting period a periodic occurrence reports on. */
  reportsOn?: { unit: PeriodUnit; start: IsoDate; end: IsoDate };
  flags?: OccurrenceFlag[];
}

const DEFAULT_ZONE = 'Asia/Ho_Chi_Minh';

const offsetCache = new Map<string, string>();

/** The end of an ISO day in a zone, memoised per (zone, day): pure, and the zone rules do not change at run time. */
function endOfDayIn(zone: string, iso: IsoDate): string {
  if (zone === DEFAULT_ZONE) return `${iso}T23:59:59.999+07:00`; // Vietnam: UTC+7, no daylight saving
  const key = zone + iso;
  let v = offsetCache.get(key);
  if (v === undefined) {
    const dt = DateTime.fromISO(iso, { zone }).endOf('day');
    v = dt.isValid ? dt.toISO({ includeOffset: true })! : `${iso}T23:59:59.999Z`;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, v);
  }
  return v;
}

interface Ctx {
  startN: number;
  endN: number;
  startYear: number;
  endYear: number;
  zone: string;
  calendar: WorkingCalendar;
  days: DayNumberCalendar;
  policy: DeadlinePolicy;
  events: readonly EventRecord[];
  out: Occurrence[];
}

function firstDay(p: TimePoint, year: number): number {
  switch (p.unit) {
    case 'day':
      return dayNumber(year, p.month, p.day);
    case 'month':
      return dayNumber(year, p.month, p.position === 'middle' ? 15 : 1);
    case 'quarter':
      return dayNumber(year, p.quarter * 3 - 2, 1);
    case 'half_year':
      return dayNumber(year, p.half === 1 ? 1 : 7, 1);
    case 'nine_months':
      return dayNumber(year, 1, 1);
    case 'year':
      return p.position === 'middle' ? dayNumber(year, 6, 30) : dayNumber(year, 1, 1);
  }
}

/** Last day of a unit; positions per BLDS 2015 điều 146 (giữa tháng = 15th, giữa năm = 30/6). */
function lastDay(p: TimePoint, year: number): number {
  switch (p.unit) {
    case 'day':
      return dayNumber(year, p.month, p.day);
    case 'month':
      if (p.position === 'start') return dayNumber(year, p.month, 1);
      if (p.position === 'middle') return dayNumber(year, p.month, 15);
      return dayNumber(year, p.month, daysInMonth(year, p.month));
    case 'quarter':
      return dayNumber(year, p.quarter * 3, daysInMonth(year, p.quarter * 3));
    case 'half_year':
      return p.half === 1 ? dayNumber(year, 6, 30) : dayNumber(year, 12, 31);
    case 'nine_months':
      return dayNumber(year, 9, 30);
    case 'year':
      if (p.position === 'start') return dayNumber(year, 1, 1);
      if (p.position === 'middle') return dayNumber(year, 6, 30);
      return dayNumber(year, 12, 31);
  }
}

/** "trước X" = the day before X begins; otherwise the last day of X (or its start/middle day). */
function nominalOf(p: TimePoint, year: number, bound: 'by' | 'before'): number {
  const positioned = (p.unit === 'month' || p.unit === 'year') && p.position !== undefined;
  if (bound === 'before') return (positioned ? lastDay(p, year) : firstDay(p, year)) - 1;
  return lastDay(p, year);
}


function push(
  ctx: Ctx,
  partIndex: number,
  kind: Occurrence['kind'],
  label: string,
  start: number | null,
  nominal: number,
  mode: NonWorkingDayAdjustment,
  basis: string,
  reportsOn?: Occurrence['reportsOn'],
  extraFlags?: readonly 'day_from_policy'[],
): void {
  let dueN = nominal;
  let adjustment: Adjustment = 'none';
  if (mode !== 'none' && !ctx.days.isWorking(nominal)) {
    if (mode === 'earlier_working_day') {
      dueN = ctx.days.previousOnOrBefore(nominal);
      adjustment = 'earlier_working_day';
    } else {
      dueN = ctx.days.nextOnOrAfter(nominal);
      adjustment = 'next_working_day';
    }
  }
  const nominalDue = isoFromDayNumber(nominal);
  const due = dueN === nominal ? nominalDue : isoFromDayNumber(dueN);
  let flags: OccurrenceFlag[] | undefined;
  if (!reportsOn && (nominal < ctx.startN || nominal > ctx.endN)) (flags ??= []).push(nominal < ctx.startN ? 'before_period' : 'after_period');
  if (ctx.days.isProvisional(yearOfIso(due))) (flags ??= []).push('provisional_calendar');
  if (extraFlags) (flags ??= []).push(...extraFlags);
  const o: Occurrence = {
    partIndex,
    kind,
    label,
    start: start === null ? null : isoFromDayNumber(start),
    nominalDue,
    due,
    adjustment,
    dueAt: endOfDayIn(ctx.zone, due),
    basis,
  };
  if (reportsOn) o.reportsOn = reportsOn;
  if (flags) o.flags = flags;
  ctx.out.push(o);
}

function yearOfIso(iso: IsoDate): number {
  return (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
}

function withLabel(label: string | undefined, text: string): string {
  return label ? `${label} ${text}` : text;
}

/** The year a yearless point takes: the plan's, when the plan is one calendar year; else none. */
function yearFor(ctx: Ctx, p: TimePoint): number | null {
  if (p.year !== null) return p.year;
  return ctx.startYear === ctx.endYear ? ctx.startYear : null;
}

function expandDate(ctx: Ctx, part: DatePart, index: number): void {
  const year = yearFor(ctx, part.point);
  if (year === null) return;
  const point = part.point.year === null ? { ...part.point, year } : part.point;
  const nominal = nominalOf(point, year, part.bound);
  const basis = part.bound === 'before' ? `trước ${pointPhrase(point)}` : byBasis(point);
  push(ctx, index, 'deadline', withLabel(part.label, datePhrase(point, part.bound)), null, nominal, ctx.policy.writtenDateAdjustment, basis);
}

/** How an inclusive unit gives its last day: "hết tháng 02/2024", "chậm nhất ngày 16/09/2021", "giữa năm 2024 (BLDS 2015 điều 146)". */
function byBasis(p: TimePoint): string {
  if (p.unit === 'day') return `chậm nhất ${pointPhrase(p)}`;
  if ((p.unit === 'month' || p.unit === 'year') && p.position) return `${pointPhrase(p)} (BLDS 2015 điều 146)`;
  return `hết ${pointPhrase(p)}`;
}

function expandWindow(ctx: Ctx, part: WindowPart, index: number): void {
  const fy = yearFor(ctx, part.from);
  const ty = yearFor(ctx, part.to);
  if (fy === null || ty === null) return;
  const from = { ...part.from, year: fy } as TimePoint;
  const to = { ...part.to, year: ty } as TimePoint;
  const nominal = lastDay(to, ty);
  push(ctx, index, 'deadline', withLabel(part.label, windowPhrase({ from, to })), firstDay(from, fy), nominal, ctx.policy.writtenDateAdjustment, byBasis(to));
}

/** The bounds of a reporting period. */
function reportBounds(unit: PeriodUnit, year: number, index: number): [number, number] {
  switch (unit) {
    case 'month':
      return [dayNumber(year, index, 1), dayNumber(year, index, daysInMonth(year, index))];
    case 'quarter':
      return [dayNumber(year, index * 3 - 2, 1), dayNumber(year, index * 3, daysInMonth(year, index * 3))];
    case 'half_year':
      return index === 1 ? [dayNumber(year, 1, 1), dayNumber(year, 6, 30)] : [dayNumber(year, 7, 1), dayNumber(year, 12, 31)];
    case 'nine_months':
      return [dayNumber(year, 1, 1), dayNumber(year, 9, 30)];
    case 'year':
      return [dayNumber(year, 1, 1), dayNumber(year, 12, 31)];
    case 'week':
      throw new RangeError('weeks are not month-based');
  }
}

/** The due day of a report on a period ending in `endYear`/`endMonth` (clamped to the month, cf. BLDS 2015 điều 148.3). */
function dueOfReport(d: DueDay, endYear: number, endMonth: number): number {
  let y = endYear;
  let m = endMonth;
  if (d.month === 'following') {
    m += d.monthsAfter ?? 1;
    while (m > 12) {
      m -= 12;
      y++;
    }
  }
  const n = dayNumber(y, m, Math.min(d.day, daysInMonth(y, m)));
  return d.bound === 'before' ? n - 1 : n;
}

function reportBasis(d: DueDay, nominal: number, fromPolicy: boolean): string {
  if (d.bound === 'before') return `trước ngày ${formatViDate(isoFromDayNumber(nominal + 1))}`;
  if (!fromPolicy && (d.month === 'following' ? (d.monthsAfter ?? 1) !== 1 : false)) return `chậm nhất ngày ${formatViDate(isoFromDayNumber(nominal))}`;
  const where = d.month === 'following' ? 'tháng sau' : 'tháng cuối kỳ';
  return fromPolicy ? `ngày ${pad2(d.day)} của ${where} theo mặc định của kế hoạch` : `chậm nhất ngày ${pad2(d.day)} của ${where}`;
}

/** Largest first: when several reports end in the same month, the largest stands in for the others. */
const SUPERSEDE: readonly PeriodUnit[] = ['year', 'nine_months', 'half_year', 'quarter', 'month'];

type ReportSlot = { unit: PeriodUnit; index: number } | null;
const reportCalendars = new Map<string, ReportSlot[]>();

/** For months 1–12 (index 0–11), the report due for the period ending that month, if any (memoised per unit set). */
function reportCalendar(units: ReadonlySet<PeriodUnit>): ReportSlot[] {
  let key = '';
  for (const u of PERIOD_KEYS) if (units.has(u)) key += u[0]! + u[1]!;
  let out = reportCalendars.get(key);
  if (!out) {
    out = [];
    for (let m = 1; m <= 12; m++) out.push(reportsEndingIn(units, m));
    reportCalendars.set(key, out);
  }
  return out;
}

const QUARTER_ONLY: ReadonlySet<PeriodUnit> = new Set<PeriodUnit>(['quarter']);
const PERIOD_KEYS: readonly PeriodUnit[] = ['week', 'month', 'quarter', 'half_year', 'nine_months', 'year'];

/** For each month of a year, which selected report (if any) is due for the period ending then. */
function reportsEndingIn(units: ReadonlySet<PeriodUnit>, month: number): { unit: PeriodUnit; index: number } | null {
  for (const u of SUPERSEDE) {
    if (!units.has(u)) continue;
    if (u === 'year' && month === 12) return { unit: u, index: 1 };
    if (u === 'nine_months' && month === 9) return { unit: u, index: 1 };
    if (u === 'half_year' && (month === 6 || month === 12)) return { unit: u, index: month / 6 };
    if (u === 'quarter' && month % 3 === 0) return { unit: u, index: month / 3 };
    if (u === 'month') return { unit: u, index: month };
  }
  return null;
}

function yearRange(ctx: Ctx, years: { from: number; to?: number } | undefined): [number, number] {
  const from = Math.max(ctx.startYear, years?.from ?? ctx.startYear);
  const to = Math.min(ctx.endYear, years?.to ?? ctx.endYear);
  return [from, to];
}

function expandPeriodic(ctx: Ctx, part: PeriodicPart, index: number): void {
  const [y0, y1] = yearRange(ctx, part.years);
  const mode = ctx.policy.writtenDateAdjustment;
  const who = part.label ?? (part.following ? 'tiếp tục' : 'định kỳ');
  if (part.anchor) {
    for (let y = y0; y <= y1; y++) {
      let start: number;
      let end: number;
      let name: string;
      let unit: PeriodUnit;
      if (part.anchor.unit === 'month') {
        const p: TimePoint = { unit: 'month', year: y, month: part.anchor.month };
        start = firstDay(p, y);
        end = lastDay(p, y);
        name = pointPhrase(p);
        unit = 'month';
      } else if (part.anchor.unit === 'quarter') {
        const p: TimePoint = { unit: 'quarter', year: y, quarter: part.anchor.quarter };
        start = firstDay(p, y);
        end = lastDay(p, y);
        name = pointPhrase(p);
        unit = 'quarter';
      } else {
        start = dayNumber(y, 1, 1);
        end = dayNumber(y, 12, 31);
        name = `năm ${y}`;
        unit = 'year';
      }
      if (end < ctx.startN || end > ctx.endN) continue;
      const reportsOn = { unit, start: isoFromDayNumber(start), end: isoFromDayNumber(end) };
      if (part.afterEnd) {
        // §13.7: "45 ngày kể từ ngày kết thúc 6 tháng đầu năm" — counted from the day after the unit ends.
        const nominal = addOffset(ctx, isoFromDayNumber(end), part.afterEnd);
        push(ctx, index, 'deadline', `${who} ${name}`, start, nominal, ctx.policy.eventPeriodAdjustment, `${offsetPhrase(part.afterEnd)} kể từ hết ${name} (BLDS 2015 điều 147)`, reportsOn);
      } else if (part.dueDay && part.anchor.unit === 'month') {
        // §13.1: "trước ngày 20/11 hằng năm" — the written day of the anchored month.
        const nominal = dueOfReport(part.dueDay, y, part.anchor.month);
        push(ctx, index, 'deadline', `${who} ${name}`, start, nominal, mode, reportBasis(part.dueDay, nominal, false), reportsOn);
      } else {
        push(ctx, index, 'deadline', `${who} ${name}`, start, end, mode, `hết ${name}`, reportsOn);
      }
    }
    return;
  }
  const reports = part.reports === 'policy' ? ctx.policy.reportingRegime : part.reports;
  const units = new Set(reports);
  const fromPolicy = !part.dueDay && !part.afterEnd;
  const dueDay = part.dueDay ?? ctx.policy.periodicDefaultDue;
  const policyFlag = fromPolicy ? (['day_from_policy'] as const) : undefined;
  const fixedBasis = dueDay.bound === 'before' ? null : reportBasis(dueDay, 0, fromPolicy);
  if (units.has('week')) expandWeeks(ctx, index, y0, y1, who, part.weekday);
  const byMonth = reportCalendar(units);
  for (let y = y0; y <= y1; y++) {
    for (let m = 1; m <= 12; m++) {
      const r = byMonth[m - 1];
      if (!r) continue;
      const [start, end] = reportBounds(r.unit, y, r.index);
      if (end < ctx.startN || end > ctx.endN) continue;
      const name = reportPeriodName(r.unit, y, r.index);
      if (part.afterEnd) {
        // §13.7: "90 ngày kể từ ngày kết thúc quý" — counted from the day after the period ends (BLDS 2015 điều 147).
        const nominal = addOffset(ctx, isoFromDayNumber(end), part.afterEnd);
        push(ctx, index, 'deadline', `${who} ${name}`, start, nominal, ctx.policy.eventPeriodAdjustment, `${offsetPhrase(part.afterEnd)} kể từ hết ${name} (BLDS 2015 điều 147)`, {
          unit: r.unit,
          start: isoFromDayNumber(start),
          end: isoFromDayNumber(end),
        });
        continue;
      }
      const nominal = dueOfReport(dueDay, y, m);
      push(ctx, index, 'deadline', `${who} ${name}`, start, nominal, mode, fixedBasis ?? reportBasis(dueDay, nominal, fromPolicy), {
        unit: r.unit,
        start: isoFromDayNumber(start),
        end: isoFromDayNumber(end),
      }, policyFlag);
    }
  }
}

/** ISO weeks (Monday–Sunday) that belong to the period by their Thursday (ISO 8601); due on the policy's weekday. */
const WEEKDAY_VI = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

function expandWeeks(ctx: Ctx, index: number, y0: number, y1: number, who: string, written?: number): void {
  const lo = Math.max(ctx.startN, dayNumber(y0, 1, 1));
  const hi = Math.min(ctx.endN, dayNumber(y1, 12, 31));
  // A weekday written in the phrase ("thứ Tư hằng tuần") beats the policy's.
  const weekday = Math.min(7, Math.max(1, Math.trunc(written ?? ctx.policy.weeklyDueWeekday)));
  let thursday = lo + ((4 - weekdayOfDayNumber(lo) + 7) % 7);
  for (; thursday <= hi; thursday += 7) {
    const monday = thursday - 3;
    const sunday = thursday + 3;
    const nominal = monday + weekday - 1;
    const { year } = fromDayNumber(thursday);
    const week = Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1;
    const range = `${formatViDate(isoFromDayNumber(monday)).slice(0, 5)}–${formatViDate(isoFromDayNumber(sunday))}`;
    const basis = written === undefined ? `${WEEKDAY_VI[weekday - 1]} của tuần, mặc định của kế hoạch` : `${WEEKDAY_VI[weekday - 1]} hằng tuần`;
    push(ctx, index, 'deadline', `${who} ${reportPeriodName('week', year, week)} (${range})`, monday, nominal, ctx.policy.writtenDateAdjustment, basis, {
      unit: 'week',
      start: isoFromDayNumber(monday),
      end: isoFromDayNumber(sunday),
    }, written === undefined ? ['day_from_policy'] : undefined);
  }
}

function expandContinuous(ctx: Ctx, part: ContinuousPart, index: number): void {
  const every = ctx.policy.continuous.checkInEvery;
  if (every === null) return;
  const [y0, y1] = yearRange(ctx, part.years);
  const due = ctx.policy.periodicDefaultDue;
  const who = part.label ?? 'thường xuyên';
  const byMonth = reportCalendar(every === 'quarter' ? QUARTER_ONLY : new Set<PeriodUnit>([every]));
  const dayText = `, ngày ${pad2(due.day)} của tháng cuối kỳ theo mặc định của kế hoạch`;
  for (let y = y0; y <= y1; y++) {
    for (let m = 1; m <= 12; m++) {
      const r = byMonth[m - 1];
      if (!r) continue;
      const [start, end] = reportBounds(r.unit, y, r.index);
      if (end < ctx.startN || end > ctx.endN) continue;
      const nominal = dueOfReport(due, y, m);
      const name = reportPeriodName(r.unit, y, r.index);
      push(ctx, index, 'check_in', `${who}: cập nhật kết quả ${name}`, start, nominal, ctx.policy.writtenDateAdjustment, `cùng kỳ báo cáo ${name}${dayText}`, {
        unit: r.unit,
        start: isoFromDayNumber(start),
        end: isoFromDayNumber(end),
      }, ['day_from_policy']);
    }
  }
}

/** BLDS 2015 điều 147: counting from an event starts the next day; N days later is the last day. */
function addOffset(ctx: Ctx, eventIso: IsoDate, offset: NonNullable<EventPart['offset']>, sign: 1 | -1 = 1): number {
  const e = isoToDayNumber(eventIso);
  const n = sign * offset.amount;
  switch (offset.unit) {
    case 'day':
      return e + n;
    case 'week':
      return e + 7 * n;
    case 'working_day':
      // Counted back: the N-th working day strictly before the event.
      return isoToDayNumber(ctx.calendar.addWorkingDays(eventIso, n));
    case 'month':
      // BLDS 2015 điều 148.3: a month period ending on a day the month lacks ends on its last day.
      return isoToDayNumber(addMonths(eventIso, n));
  }
}

function expandEvent(ctx: Ctx, part: EventPart, index: number): void {
  const offset = part.offset ?? (ctx.policy.eventWithoutOffsetDays === null ? null : { amount: ctx.policy.eventWithoutOffsetDays, unit: 'day' as const });
  if (offset === null) return;
  const records: EventRecord[] = part.eventDate
    ? [{ type: part.event, date: part.eventDate }]
    : ctx.events.filter((e) => e.type === part.event && e.date >= isoFromDayNumber(ctx.startN) && e.date <= isoFromDayNumber(ctx.endN));
  for (const r of records) {
    const nominal = addOffset(ctx, r.date, offset, part.before ? -1 : 1);
    const when = r.reference ? `${r.reference}, ${formatViDate(r.date)}` : formatViDate(r.date);
    const basis = offset.amount === 0 ? `ngay khi có sự kiện ${formatViDate(r.date)}` : `${eventPhrase({ offset, eventText: formatViDate(r.date), ...(part.before ? { before: true as const } : {}) })} (BLDS 2015 điều 147)`;
    const label = `${withLabel(part.label, eventPhrase({ offset: part.offset, eventText: part.eventText, ...(part.before ? { before: true as const } : {}) }))} (${when})`;
    // Counted back from an event, the last day must never move past the limit towards the event: aim earlier.
    const adjustment = part.before ? 'earlier_working_day' : ctx.policy.eventPeriodAdjustment;
    push(ctx, index, 'deadline', label, part.before ? null : isoToDayNumber(r.date), nominal, adjustment, basis);
  }
}

function isSorted(list: Occurrence[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareOccurrences(list[i - 1]!, list[i]!) > 0) return false;
  return true;
}

function compareOccurrences(a: Occurrence, b: Occurrence): number {
  if (a.due !== b.due) return a.due < b.due ? -1 : 1;
  if (a.nominalDue !== b.nominalDue) return a.nominalDue < b.nominalDue ? -1 : 1;
  if (a.partIndex !== b.partIndex) return a.partIndex - b.partIndex;
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}

/**
 * Expands a rule over a plan period into occurrences sorted by `due`, without duplicates.
 *
 * Periodic reports belong to the period they report on: every reporting period that ends inside the plan period is
 * included even when its report is due after the plan ends. Dates written outside the plan period are kept and
 * flagged. Yearless parts take the plan's year when the plan is one calendar year, else yield nothing.
 */
export function expandRule(rule: DeadlineRule, options: ExpandOptions): Occurrence[] {
  const memo = options.cache instanceof ExpansionMemo && !(options.events && options.events.length > 0) ? options.cache : undefined;
  if (!memo) return expandUncached(rule, options);
  const key = memo.key(options, options.policy ?? DEFAULT_DEADLINE_POLICY);
  const hit = memo.get(rule, key);
  if (hit) return hit;
  const value = deepFreeze(expandUncached(rule, options));
  memo.set(rule, key, value);
  return value;
}

/** The last period parsed: callers expand many rules over one period, so its bounds are parsed once. */
let lastPeriod = { start: '', end: '', startN: 0, endN: 0, startYear: 0, endYear: 0 };

function periodBounds(start: IsoDate, end: IsoDate): typeof lastPeriod {
  if (lastPeriod.start !== start || lastPeriod.end !== end) {
    lastPeriod = { start, end, startN: isoToDayNumber(start), endN: isoToDayNumber(end), startYear: yearOfIso(start), endYear: yearOfIso(end) };
  }
  return lastPeriod;
}

function expandUncached(rule: DeadlineRule, options: ExpandOptions): Occurrence[] {
  const { startN, endN, startYear, endYear } = periodBounds(options.periodStart, options.periodEnd);
  if (endN < startN) return [];
  const ctx: Ctx = {
    startN,
    endN,
    startYear,
    endYear,
    zone: options.zone ?? DEFAULT_ZONE,
    calendar: options.calendar,
    days: dayNumberCalendar(options.calendar),
    policy: options.policy ?? DEFAULT_DEADLINE_POLICY,
    events: options.events ?? [],
    out: [],
  };
  const parts: readonly DeadlinePart[] = rule.parts;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    switch (part.kind) {
      case 'date':
        expandDate(ctx, part, index);
        break;
      case 'window':
        expandWindow(ctx, part, index);
        break;
      case 'periodic':
        expandPeriodic(ctx, part, index);
        break;
      case 'continuous':
        expandContinuous(ctx, part, index);
        break;
      case 'event':
        expandEvent(ctx, part, index);
        break;
      case 'on_demand':
        break;
    }
  }
  const sorted = isSorted(ctx.out) ? ctx.out : ctx.out.sort(compareOccurrences);
  return sorted.length < 2 ? sorted : withoutDuplicates(sorted);
}

/** Drops repeated occurrences ("Năm 2012; Năm 2012"). Equal occurrences share `due`, so only runs of one due are compared. */
function withoutDuplicates(sorted: Occurrence[]): Occurrence[] {
  let out: Occurrence[] | null = null;
  let runStart = 0;
  for (let i = 0; i < sorted.length; i++) {
    const o = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.due !== o.due) runStart = i;
    let dup = false;
    for (let j = runStart; j < i && !dup; j++) {
      const p = sorted[j]!;
      dup = p.nominalDue === o.nominalDue && p.label === o.label && p.start === o.start && p.kind === o.kind;
    }
    if (dup) out ??= sorted.slice(0, i);
    else if (out) out.push(o);
  }
  return out ?? sorted;
}

