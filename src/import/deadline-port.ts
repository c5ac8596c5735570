/**
 * What the importer needs from the deadline engine, as a port: reading a cell into a stored rule and expanding
 * a stored rule into occurrences. The adapter over `src/domain/deadline.ts` lives in
 * `src/app/deadline-adapter.ts`; tests may pass their own.
 */

/** The plan period a cell is read and expanded in. */
export interface DeadlinePeriod {
  /** 'YYYY-MM-DD', first day of the plan period. */
  from: string;
  /** 'YYYY-MM-DD', last day of the plan period. */
  to: string;
}

/** A recorded event (e.g. the publication of TTHC) that starts event-relative deadlines. */
export interface DeadlineEvent {
  type: string;
  date: string;
}

/** One due item to be: a dated deadline, or a duty waiting for an event or a person's date. */
export interface DeadlineOccurrence {
  /** Stable inside the task (same rule and period → same keys): makes publishing idempotent. */
  key: string;
  /** Vietnamese label ("Quý I/2024", "Báo cáo 6 tháng 2024"). */
  label: string;
  /** First day of the work window, when the rule has one. */
  start: string | null;
  /** Last permissible day as written. */
  nominalDue: string | null;
  /** The day reminders aim at (after the policy's working-day adjustment). */
  due: string | null;
  /** End of the due day as an ISO instant. */
  dueAt: string | null;
  /** Event slug for items waiting on an event. */
  waitingEvent: string | null;
  /** `waiting`: no date yet (event not recorded, on-demand); `open`: dated. */
  state: 'open' | 'waiting';
  /** Ongoing duty (check-ins, never overdue). */
  continuous?: boolean;
}

/** What reading one cell gives. */
export interface DeadlineReading {
  /** The rule JSON to store in `tasks.deadline_rule`. */
  rule: Record<string, unknown>;
  /** Vietnamese rendering of what was understood (`formatDeadline`). */
  explanation: string;
  /** Spans the engine could not read. */
  unparsed: { text: string; reason: string }[];
  /** Part kinds ("date", "periodic", "event", …). */
  kinds: string[];
  /** Part flags ("before_plan_period", "after_plan_period", …). */
  flags: string[];
  /**
   * Dates and periods taken from a default rather than from the text (the policy's report day, a bare "định kỳ",
   * a year from the plan, an event without a written period), said in Vietnamese with where each comes from.
   * Absent from ports that do not report them.
   */
  defaults?: { kind: string; message: string; source: string }[];
  /**
   * A cell with two or more defensible readings: every reading (1 = the rule's own `parts`, 2… its alternatives),
   * rendered in Vietnamese. Absent when the cell has one reading.
   */
  readings?: { reading: number; explanation: string; note: string }[];
  /** The reading the coordinator chose (`plan choose`); null while the choice is pending. Absent with one reading. */
  chosenReading?: number | null;
}

/** The coordinator's choice of reading, as stored with the task (`tasks.deadline_choice`). */
export interface DeadlineReadingChoice {
  reading: number;
  input: string;
}

/** The deadline engine as the importer uses it. */
export interface DeadlinePort {
  /** Stored in `tasks.deadline_rule_version`. */
  readonly ruleVersion: number;
  read(text: string, period: DeadlinePeriod): DeadlineReading;
  /**
   * The reading of a rule stored earlier (publishing uses the stored rule, not a fresh parse of the text). With the
   * coordinator's `choice` of reading, `rule` of the result is the chosen reading (what to expand).
   */
  describe(rule: Record<string, unknown>, choice?: DeadlineReadingChoice | null): DeadlineReading;
  expand(rule: Record<string, unknown>, period: DeadlinePeriod, events?: DeadlineEvent[]): DeadlineOccurrence[];
}
