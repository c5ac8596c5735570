import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../../config/holidays/load.js';
import { createDeadlineAdapter } from '../../../src/app/deadline-adapter.js';
import { deadlineCellSegments } from '../../../src/app/plan-review.js';

const deadline = createDeadlineAdapter({ calendar: loadWorkingCalendar() });
const period = { from: '2024-01-01', to: '2024-12-31' };

describe('deadlineCellSegments (the review page highlights what the engine read)', () => {
  it('marks the spans the rule read, and gives back the whole cell in order', () => {
    const cell = 'Trước ngày 20/01/2024';
    const segments = deadlineCellSegments(deadline.read(cell, period).rule, cell);
    expect(segments.map((s) => s.text).join('')).toBe(cell);
    expect(segments.filter((s) => s.kind === 'read').map((s) => s.text).join('')).toContain('20/01/2024');
    expect(segments.some((s) => s.kind === 'unread')).toBe(false);
  });

  it('marks what the engine could not read, with its reason', () => {
    const cell = 'Quý II/2024; khi nào thuận tiện';
    const reading = deadline.read(cell, period);
    expect(reading.unparsed.length).toBeGreaterThan(0);
    const segments = deadlineCellSegments(reading.rule, cell);
    expect(segments.map((s) => s.text).join('')).toBe(cell);
    const unread = segments.filter((s) => s.kind === 'unread');
    expect(unread.map((s) => s.text).join(' ')).toContain('thuận tiện');
    expect(unread.every((s) => (s.reason ?? '').length > 0)).toBe(true);
    expect(segments.find((s) => s.kind === 'read')?.text).toContain('Quý II/2024');
  });

  it('shows a cell without a rule as plain text, and nothing for no cell', () => {
    expect(deadlineCellSegments(null, 'Theo chỉ đạo')).toEqual([{ text: 'Theo chỉ đạo', kind: 'plain' }]);
    expect(deadlineCellSegments(null, null)).toEqual([]);
  });
});
