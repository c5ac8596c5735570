/**
 * The deadline engine's public API: read a Vietnamese deadline phrase into a rule, expand it over a plan period on
 * the official working-day calendar, and render both back in Vietnamese. Pure: no I/O, no clock.
 * The grammar is specified in ./grammar/README.md.
 */
export { parseDeadline, eventSlug, MAX_DEADLINE_CHARS, UNPARSED_REASONS } from './grammar/parse-deadline.js';
export { normalizeDeadlineText, wordsToNumber, type NormalizedText } from './grammar/normalize.js';
export type {
  Bound,
  ContinuousPart,
  DatePart,
  DeadlinePart,
  DeadlinePartKind,
  DeadlineRule,
  DueDay,
  EventOffset,
  EventPart,
  OnDemandPart,
  ParseContext,
  PartFlag,
  PeriodicPart,
  PeriodUnit,
  Span,
  TimePoint,
  UnparsedSpan,
  WindowPart,
  YearSource,
} from './grammar/types.js';
export {
  createExpansionCache,
  expandRule,
  type Adjustment,
  type ExpansionCache,
  type EventRecord,
  type ExpandOptions,
  type Occurrence,
  type OccurrenceFlag,
} from './expansion/expand-rule.js';
export {
  DEFAULT_DEADLINE_POLICY,
  mergeDeadlinePolicy,
  type ContinuousPolicy,
  type DeadlinePolicy,
  type NonWorkingDayAdjustment,
} from './expansion/policy.js';
export {
  defaultsOf,
  readingInEffect,
  type DefaultKind,
  type DefaultUse,
  type ReadingChoice,
  type ReadingInEffect,
} from './expansion/confidence.js';
export { formatDeadline, formatOccurrence } from './format/format-deadline.js';
export {
  explainDeadline,
  formatExplanation,
  ruleKind,
  type DeadlineExplanation,
  type ExplainedOccurrence,
  type ExplainedPart,
  type ExplainKind,
} from './format/explain.js';
export { createCalendar, type CalendarOptions, type WorkingCalendar } from './calendar/working-calendar.js';
export { provisionalHolidays, type HolidayEntry, type HolidayYearData } from './calendar/holidays.js';
export { hungKingsDay, lunarNewYear, lunarToSolar } from './calendar/lunar.js';
export {
  addDays,
  addMonths,
  formatViDate,
  isValidYmd,
  parseIso,
  weekdayOf,
  type IsoDate,
} from './calendar/iso-date.js';
