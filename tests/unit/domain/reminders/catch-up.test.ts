import { describe, expect, it } from 'vitest';
import { decideCatchUp, isMissed, CATCH_UP_GRACE_MS } from '../../../../src/domain/reminders/catch-up.js';

const day = 86_400_000;

describe('catch-up policy', () => {
  it('counts a row as missed only after the grace period', () => {
    expect(isMissed({ plannedAtMs: 1_000_000 }, 1_000_000 + CATCH_UP_GRACE_MS)).toBe(false);
    expect(isMissed({ plannedAtMs: 1_000_000 }, 1_000_001 + CATCH_UP_GRACE_MS)).toBe(true);
  });

  it('keeps only the latest missed step per item and recipient, skipping the rest as superseded', () => {
    const d = decideCatchUp([
      { id: 1, dueItemId: 10, kind: 'reminder', recipientChatId: 'a', plannedAtMs: 1 * day },
      { id: 2, dueItemId: 10, kind: 'reminder', recipientChatId: 'a', plannedAtMs: 3 * day },
      { id: 3, dueItemId: 10, kind: 'nudge', recipientChatId: 'a', plannedAtMs: 2 * day },
      { id: 4, dueItemId: 10, kind: 'escalation', recipientChatId: 'b', plannedAtMs: 3 * day },
    ]);
    expect([...d.superseded].sort((a, b) => a.id - b.id)).toEqual([
      { id: 1, supersededBy: 2 },
      { id: 3, supersededBy: null },
    ]);
    expect(d.sendLate.sort()).toEqual([2, 4]);
    expect(d.consolidate).toEqual([]);
  });

  it('consolidates several late items of one recipient into one notice instead of a burst', () => {
    const d = decideCatchUp([
      { id: 1, dueItemId: 10, kind: 'reminder', recipientChatId: 'a', plannedAtMs: 1 * day },
      { id: 2, dueItemId: 11, kind: 'reminder', recipientChatId: 'a', plannedAtMs: 2 * day },
      { id: 3, dueItemId: 12, kind: 'reminder', recipientChatId: 'a', plannedAtMs: 2 * day },
      { id: 4, dueItemId: 12, kind: 'reminder', recipientChatId: 'b', plannedAtMs: 2 * day },
    ]);
    expect(d.superseded).toEqual([]);
    expect(d.consolidate).toEqual([{ recipientChatId: 'a', rowIds: [1, 2, 3] }]);
    expect(d.sendLate).toEqual([4]);
  });
});
