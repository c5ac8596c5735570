/**
 * Items dated or created by `/sukien` must carry the occurrence key that publishing gives the same event
 * occurrence (the deadline adapter's `p<part>-<nominal due>`): otherwise publishing the plan again, or amending it,
 * would add a second item for an event already handled.
 */
import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../../config/holidays/load.js';
import { createDeadlineAdapter } from '../../../src/app/deadline-adapter.js';
import { dateForEvent, occurrencesForEvent } from '../../../src/app/bot/coordination.js';
import type { ServiceCore } from '../../../src/app/bot/context.js';

const calendar = loadWorkingCalendar();
const zone = 'Asia/Ho_Chi_Minh';
const adapter = createDeadlineAdapter({ calendar, zone });
const core = { deps: { calendar, timeZone: zone } } as unknown as ServiceCore;
const period = { from: '2024-01-01', to: '2024-12-31' };

describe('event occurrence keys', () => {
  const cases = ['05 ngày làm việc kể từ ngày công bố TTHC', 'Quý I/2024; 10 ngày kể từ ngày công bố TTHC', 'Trong vòng 03 ngày sau khi có Quyết định công bố TTHC'];
  it.each(cases)('"%s": /sukien keys = publish keys', (text) => {
    const reading = adapter.read(text, period);
    const rule = reading.rule as unknown as Record<string, unknown>;
    const parts = rule.parts as { kind: string; event?: string }[];
    const eventIndex = parts.findIndex((p) => p.kind === 'event');
    const slug = parts[eventIndex]?.event as string;
    expect(slug).toBeTruthy();
    const events = [
      { type: slug, date: '2024-03-11' },
      { type: slug, date: '2024-06-20' },
    ];
    const published = adapter.expand(rule, period, events).filter((o) => o.key.startsWith(`p${eventIndex}-`));
    expect(published).toHaveLength(2);
    const fromBot = events.flatMap((e) => occurrencesForEvent({ deadlineRule: rule, periodStartYear: 2024, periodEndYear: 2024 }, slug, e.date, null, core));
    expect(fromBot.map((o) => [o.key, o.due])).toEqual(published.map((o) => [o.key, o.due]));
    // The first event dates the waiting placeholder with the same key.
    const waiting = adapter.expand(rule, period).find((o) => o.state === 'waiting')!;
    const dating = dateForEvent(
      { id: 1, revision: 0, occurrenceKey: waiting.key, occurrenceLabel: waiting.label, taskId: 1, taskNumber: '1', taskTitle: 't', unitId: 1, deadlineRule: rule, periodStartYear: 2024, periodEndYear: 2024 },
      slug,
      '2024-03-11',
      null,
      core,
    )!;
    expect(dating.occurrenceKey).toBe(published[0]!.key);
  });
});
