/** How an amendment matches the occurrences of a task's existing due items to the occurrences of its new rule. */
import { describe, expect, it } from 'vitest';
import { pairOccurrences } from '../../../src/app/plan-amend.js';
import type { DeadlineOccurrence } from '../../../src/import/deadline-port.js';

const occ = (key: string, due: string | null): DeadlineOccurrence => ({
  key,
  label: key,
  start: null,
  nominalDue: due,
  due,
  dueAt: null,
  waitingEvent: due === null ? 'cong-bo-tthc' : null,
  state: due === null ? 'waiting' : 'open',
});
const item = (key: string, nominalDue: string | null, state = 'open') => ({ occurrenceKey: key, nominalDue, state: state as 'open' });
const pairs = (m: Map<string, DeadlineOccurrence>) => Object.fromEntries([...m].map(([k, o]) => [k, o.key]));

describe('pairOccurrences', () => {
  it('keeps the same keys, and pairs moved occurrences per rule part in date order', () => {
    const items = [item('p0-2024-03-31', '2024-03-31'), item('p0-2024-06-30', '2024-06-30'), item('p1-2024-12-31', '2024-12-31')];
    const next = [occ('p0-2024-02-29', '2024-02-29'), occ('p0-2024-06-30', '2024-06-30'), occ('p1-2024-11-30', '2024-11-30')];
    expect(pairs(pairOccurrences(items, next))).toEqual({ 'p0-2024-06-30': 'p0-2024-06-30', 'p0-2024-03-31': 'p0-2024-02-29', 'p1-2024-12-31': 'p1-2024-11-30' });
  });

  it('leaves old occurrences the new rule has no counterpart for unpaired (their items are waived)', () => {
    const items = [item('p0-2024-03-31', '2024-03-31'), item('p0-2024-06-30', '2024-06-30'), item('p1-2024-12-31', '2024-12-31')];
    expect(pairs(pairOccurrences(items, [occ('p0-2024-09-30', '2024-09-30')]))).toEqual({ 'p0-2024-03-31': 'p0-2024-09-30' });
  });

  it('pairs a waiting item with the dated occurrence of the same part, and never pairs keys whose items are all waived', () => {
    expect(pairs(pairOccurrences([item('p0-waiting', null, 'waiting')], [occ('p0-2024-05-31', '2024-05-31')]))).toEqual({ 'p0-waiting': 'p0-2024-05-31' });
    expect(pairs(pairOccurrences([item('p0-2024-03-31', '2024-03-31', 'waived')], [occ('p0-2024-04-30', '2024-04-30')]))).toEqual({});
    // …but a waived item whose key is still produced keeps it (it stays waived).
    expect(pairs(pairOccurrences([item('p0-2024-03-31', '2024-03-31', 'waived')], [occ('p0-2024-03-31', '2024-03-31')]))).toEqual({ 'p0-2024-03-31': 'p0-2024-03-31' });
  });

  it('does not pair keys that do not name a rule part', () => {
    expect(pairs(pairOccurrences([item('occ', '2024-03-31')], [occ('p0-2024-04-30', '2024-04-30')]))).toEqual({});
  });
});
