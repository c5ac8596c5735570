/**
 * The importer's deadline port over the deadline engine (`src/domain/deadline.ts`): parse a cell into the stored
 * rule, render it back, expand it over the plan period. Event parts without a recorded event and on-demand parts
 * expand to nothing in the engine; here they become `waiting` occurrences so that publishing lists them.
 */
import {
  DEFAULT_DEADLINE_POLICY,
  type DeadlinePolicy,
  type DeadlineRule,
  defaultsOf,
  expandRule,
  formatDeadline,
  parseDeadline,
  readingInEffect,
  type WorkingCalendar,
} from '../domain/deadline.js';
import type { DeadlineEvent, DeadlineOccurrence, DeadlinePeriod, DeadlinePort, DeadlineReading, DeadlineReadingChoice } from '../import/deadline-port.js';

/** Options of {@link createDeadlineAdapter}. */
export interface DeadlineAdapterOptions {
  calendar: WorkingCalendar;
  /** IANA zone of due instants. Default 'Asia/Ho_Chi_Minh'. */
  zone?: string;
  /** Default `DEFAULT_DEADLINE_POLICY`. */
  policy?: DeadlinePolicy;
}

/** The primary reading's note when a cell has alternatives (they carry their own). */
const PRIMARY_READING_NOTE = 'cách đọc thứ nhất của máy';

function describe(stored: DeadlineRule, policy: DeadlinePolicy, choice?: DeadlineReadingChoice | null): DeadlineReading {
  if (!Array.isArray(stored.parts)) return { rule: stored as unknown as Record<string, unknown>, explanation: '', unparsed: [], kinds: [], flags: [] };
  const inEffect = readingInEffect(stored, choice);
  const rule = inEffect.rule;
  const reading: DeadlineReading = {
    rule: rule as unknown as Record<string, unknown>,
    explanation: formatDeadline(rule),
    unparsed: (rule.unparsed ?? []).map((u) => ({ text: u.text, reason: u.reason })),
    kinds: [...new Set(rule.parts.map((p) => p.kind))],
    flags: [...new Set(rule.parts.flatMap((p) => p.flags ?? []))],
    defaults: defaultsOf(rule.parts, policy).map((d) => ({ kind: d.kind, message: d.message, source: d.source })),
  };
  if (inEffect.readings > 1) {
    const readingOf = (parts: DeadlineRule['parts']) => formatDeadline({ ...stored, parts });
    reading.readings = [
      { reading: 1, explanation: readingOf(stored.parts), note: PRIMARY_READING_NOTE },
      ...(stored.alternatives ?? []).map((a, i) => ({ reading: i + 2, explanation: readingOf(a.parts), note: a.note })),
    ];
    reading.chosenReading = inEffect.chosen;
  }
  return reading;
}

/** The deadline engine as a `DeadlinePort`. */
export function createDeadlineAdapter(options: DeadlineAdapterOptions): DeadlinePort {
  const zone = options.zone ?? 'Asia/Ho_Chi_Minh';
  const policy = options.policy ?? DEFAULT_DEADLINE_POLICY;
  return {
    ruleVersion: 1,
    read(text: string, period: DeadlinePeriod): DeadlineReading {
      return describe(parseDeadline(text, { from: period.from, to: period.to }), policy);
    },
    describe(stored: Record<string, unknown>, choice?: DeadlineReadingChoice | null): DeadlineReading {
      return describe(stored as unknown as DeadlineRule, policy, choice);
    },

    expand(stored: Record<string, unknown>, period: DeadlinePeriod, events: DeadlineEvent[] = []): DeadlineOccurrence[] {
      const rule = stored as unknown as DeadlineRule;
      if (!Array.isArray(rule.parts)) return [];
      const occ = expandRule(rule, { periodStart: period.from, periodEnd: period.to, zone, calendar: options.calendar, policy, events });
      const out: DeadlineOccurrence[] = [];
      const used = new Map<string, number>();
      const keyOf = (base: string) => {
        const n = (used.get(base) ?? 0) + 1;
        used.set(base, n);
        return n === 1 ? base : `${base}-${n}`;
      };
      const dated = new Set<number>();
      for (const o of occ) {
        dated.add(o.partIndex);
        out.push({
          key: keyOf(`p${o.partIndex}-${o.nominalDue}`),
          label: o.label,
          start: o.start,
          nominalDue: o.nominalDue,
          due: o.due,
          dueAt: o.dueAt,
          waitingEvent: null,
          state: 'open',
          ...(o.kind === 'check_in' ? { continuous: true } : {}),
        });
      }
      rule.parts.forEach((part, index) => {
        if (dated.has(index)) return;
        if (part.kind === 'event' || part.kind === 'on_demand') {
          out.push({
            key: keyOf(`p${index}-waiting`),
            label: part.kind === 'event' ? `Chờ sự kiện: ${part.eventText}` : `Khi có yêu cầu (${part.basis})`,
            start: null,
            nominalDue: null,
            due: null,
            dueAt: null,
            waitingEvent: part.kind === 'event' ? part.event : null,
            state: 'waiting',
          });
        }
      });
      return out;
    },
  };
}
