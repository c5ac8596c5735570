/**
 * The deadline rule: plain, versioned JSON (`v: 1`) that is stored with a task and shown back to people.
 * The grammar that produces it is specified in ./README.md (§ numbers below refer to it).
 */

/** Reporting / recurrence units (§3). */
export type PeriodUnit = 'week' | 'month' | 'quarter' | 'half_year' | 'nine_months' | 'year';

/** A calendar unit as written: a day, a month, a quarter, the first 6 or 9 months, a year (§2). */
export type TimePoint =
  | { unit: 'day'; year: number | null; month: number; day: number }
  /** `position`: "đầu tháng" = 1st, "giữa tháng" = 15th (BLDS 2015 điều 146.2); absent = the whole month. */
  | { unit: 'month'; year: number | null; month: number; position?: 'start' | 'middle' }
  | { unit: 'quarter'; year: number | null; quarter: number }
  /** `half` 1 = "6 tháng đầu năm" (1/1–30/6), 2 = "6 tháng cuối năm" (1/7–31/12). */
  | { unit: 'half_year'; year: number | null; half: 1 | 2 }
  /** "9 tháng (đầu năm)": 1/1–30/9. */
  | { unit: 'nine_months'; year: number | null }
  /** `position`: "đầu năm" = 1/1, "giữa năm" = 30/6 (BLDS 2015 điều 146.3); absent = the whole year. */
  | { unit: 'year'; year: number | null; position?: 'start' | 'middle' };

/** `by`: the last day of the unit is still in time ("chậm nhất", "đến hết", plain "tháng 02/2024").
 *  `before`: "trước X" excludes X, so the last permissible day is the day before X begins. */
export type Bound = 'by' | 'before';

/** Where a part's year came from: written in the phrase, borrowed from a later item of the same list, or the plan. */
export type YearSource = 'text' | 'list' | 'context';

/** Warnings attached to a part. */
export type PartFlag =
  /** The date lies before the plan period (kept, e.g. Đắk Nông's "Tháng 12/2020" in its 2021 plan). */
  | 'before_plan_period'
  /** The work starts before the plan period but ends inside or after it ("giai đoạn 2011-2015" in a 2012–2015 plan). */
  | 'starts_before_plan_period'
  /** The date lies after the plan period. */
  | 'after_plan_period'
  /** The year was not written; it was taken from the plan period. */
  | 'year_from_plan';

/** A [start, end) range of UTF-16 offsets into the original input. */
export interface Span {
  start: number;
  end: number;
}

interface PartBase {
  /** The input text the part was read from (its spans joined with " … "). */
  text: string;
  spans: Span[];
  /** The duty the part belongs to, normalised ("xây dựng kế hoạch", "báo cáo"); absent when the cell names none. */
  label?: string;
  flags?: PartFlag[];
}

/** §2: one deadline on a calendar unit. */
export interface DatePart extends PartBase {
  kind: 'date';
  point: TimePoint;
  bound: Bound;
  yearSource?: YearSource;
}

/** §4: work between two calendar units, due at the end of the second (inclusive). */
export interface WindowPart extends PartBase {
  kind: 'window';
  from: TimePoint;
  to: TimePoint;
  yearSource?: YearSource;
}

/** §3: the day a periodic report is due, when written. */
export interface DueDay {
  /** Day of month, 1–31 (clamped to the month's length, as BLDS 2015 điều 148.3 does for month periods). */
  day: number;
  /** `period_last`: in the period's last month ("ngày 20 của tháng cuối quý");
   *  `following`: in the month after the period ("trước ngày 05 của tháng sau"). */
  month: 'period_last' | 'following';
  bound: Bound;
  /**
   * With `month: 'following'`: how many months after the period's last month (default 1, "tháng sau").
   * "trước ngày 31/3 năm sau (năm báo cáo)" on a yearly report = 3 (March of the next year, §13.4).
   */
  monthsAfter?: number;
}

/** §3: a recurring duty. */
export interface PeriodicPart extends PartBase {
  kind: 'periodic';
  /** The reports, finest first; `'policy'` when the cell only says "định kỳ" (the plan's reporting regime). */
  reports: PeriodUnit[] | 'policy';
  /** Yearly duties pinned to a unit of each year: "tháng 12 hàng năm", "quý IV hàng năm";
   *  `{ unit: 'year' }` = by the end of each year ("các năm tiếp theo"). */
  anchor?: { unit: 'month'; month: number } | { unit: 'quarter'; quarter: number } | { unit: 'year' };
  /** The written due day; absent = the policy's default (`DeadlinePolicy.periodicDefaultDue`). With a month
   *  `anchor` (`period_last`): that day of the anchored month each year ("trước ngày 20/11 hằng năm", §13.1). */
  dueDay?: DueDay;
  /** Due a period after each report period ends, counted as from an event (BLDS 2015 điều 147):
   *  "90 ngày kể từ ngày kết thúc quý" (§13.7). Replaces `dueDay`. */
  afterEnd?: EventOffset;
  /** Only these years (inclusive); `to` absent = up to the end of the plan. */
  years?: { from: number; to?: number };
  /** True for "(các|những) năm tiếp theo": years run from the year after the previous part. */
  following?: boolean;
  /** Weekly duties on a written weekday ("vào thứ Tư hằng tuần", §13.11): ISO weekday, 1 = Monday … 7 = Sunday.
   *  Absent = the policy's `weeklyDueWeekday`. */
  weekday?: number;
}

/** A period counted from an event: calendar days, working days, weeks or months (BLDS 2015 điều 147–148). */
export interface EventOffset {
  amount: number;
  unit: 'day' | 'working_day' | 'week' | 'month';
}

/** §5: a period counted from an event ("05 ngày làm việc kể từ ngày công bố TTHC"). */
export interface EventPart extends PartBase {
  kind: 'event';
  /** Stable slug of the event phrase (ASCII, dash-separated); event records use it as `type`. */
  event: string;
  /** The event phrase as read (normalised). */
  eventText: string;
  /** `null` when no period is written ("sau khi có Nghị định …"): no due date until a person sets one. */
  offset: EventOffset | null;
  /** Set when the event is itself a written date ("05 ngày kể từ ngày 10/3/2024"). */
  eventDate?: string;
  /**
   * The sign of the offset (§13.7): `true` when the period is counted back from the event ("chậm nhất 45 ngày trước
   * ngày khai mạc kỳ họp", "Trước khi khởi công dự án 15 ngày"): due `offset` before the event. Absent = after it.
   */
  before?: true;
}

/** §6: ongoing duties; they get check-ins, never "overdue". */
export interface ContinuousPart extends PartBase {
  kind: 'continuous';
  years?: { from: number; to?: number };
  following?: boolean;
}

/** §7: no date can be computed; a person must set one. */
export interface OnDemandPart extends PartBase {
  kind: 'on_demand';
  /** The governing phrase, normalised ("theo yêu cầu", "theo kế hoạch số 160/kh-ubnd ngày 28/10/2022"). */
  basis: string;
}

export type DeadlinePart = DatePart | WindowPart | PeriodicPart | EventPart | ContinuousPart | OnDemandPart;
export type DeadlinePartKind = DeadlinePart['kind'];

/** A span of the input that no part consumed and that is not a separator. */
export interface UnparsedSpan extends Span {
  text: string;
  /** Vietnamese, for the coordinator. */
  reason: string;
}

/** The rule read from one deadline cell. */
export interface DeadlineRule {
  v: 1;
  input: string;
  parts: DeadlinePart[];
  unparsed: UnparsedSpan[];
  /** Separators, list markup, whitespace: everything of the input that is neither in a part nor unparsed. */
  ignored: Span[];
  /**
   * Other defensible readings of the whole cell (issue #11, "confidence is visible"). `parts` above is the
   * reading used until the coordinator chooses; each alternative is a complete replacement for `parts`.
   * Absent when the cell has one reading.
   */
  alternatives?: RuleReading[];
}

/** One complete reading of a cell, offered beside the primary one when two readings are defensible. */
export interface RuleReading {
  parts: DeadlinePart[];
  /** Vietnamese, for the coordinator: what this reading assumes ("năm tài chính trùng năm dương lịch"). */
  note: string;
}

/** The plan period a phrase is read in: years missing from a phrase come from it (single-year plans only). */
export interface ParseContext {
  /** First day of the plan period, 'YYYY-MM-DD'. */
  from?: string;
  /** Last day of the plan period, 'YYYY-MM-DD'. */
  to?: string;
}
