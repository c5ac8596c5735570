/**
 * The memory world's compact reminder rows (src/app/memory/world.ts): the planner's dedupe keys derived instead of
 * stored, other keys kept, uniqueness as `on conflict do nothing` gives it, instants kept exactly (null as null)
 * across the growth of their shared array, and shared payloads never changed through another row.
 */
import { describe, expect, it } from 'vitest';
import { MemoryWorld, type NewReminder, type WorldSnapshot } from '../../../src/app/memory/world.js';
import { reminderDedupeKey } from '../../../src/domain/reminders/plan.js';

function world(items = 1): MemoryWorld {
  const snapshot: WorldSnapshot = {
    units: [{ id: 1, province: 'p', name: 'U' }],
    people: [],
    chats: [],
    memberships: [],
    plans: [{ id: 1, province: 'p', title: 'P', status: 'published' }],
    tasks: [{ id: 1, planId: 1, number: '1', key: null, title: 'T', position: 1 }],
    assignments: [{ id: 1, taskId: 1, unitId: 1, role: 'lead' }],
    dueItems: Array.from({ length: items }, (_, i) => ({
      id: i + 1,
      assignmentId: 1,
      occurrenceKey: `k${i}`,
      occurrenceLabel: `k${i}`,
      dueDate: '2024-03-29',
      state: 'open' as const,
      doneAtMs: null,
      revision: 0,
      plannedRevision: null,
    })),
  };
  return new MemoryWorld(snapshot);
}

const planned = (dueItemId: number, step: string, chat = '100', plannedAtMs = 1_711_000_000_000): NewReminder => ({
  dueItemId,
  kind: 'reminder',
  step,
  recipientChatId: chat,
  dedupeKey: reminderDedupeKey(dueItemId, 'reminder', step, chat),
  plannedAtMs,
  payload: { audience: 'focal', offset: Number(step) },
});

describe('MemoryWorld reminder rows', () => {
  it("gives the planner's key back, refuses a second row with it, and accepts another step or chat", () => {
    const w = world();
    const r = w.insertReminder(planned(1, '-3'))!;
    expect(r.dedupeKey).toBe('1|reminder|-3|100');
    expect(w.insertReminder(planned(1, '-3'))).toBeNull();
    expect(w.insertReminder(planned(1, '-1'))).not.toBeNull();
    expect(w.insertReminder(planned(1, '-3', '200'))).not.toBeNull();
    expect(w.reminderWithKey('1|reminder|-3|100', 1)).toBe(r);
    expect(w.reminders.size).toBe(3);
  });

  it('keeps a key that is not the planner’s, and tells it apart from the derived one of the same fields', () => {
    const w = world();
    const own = w.insertReminder({ ...planned(1, '-3'), dedupeKey: 'custom|1' })!;
    expect(own.dedupeKey).toBe('custom|1');
    expect(w.insertReminder({ ...planned(1, '-3'), dedupeKey: 'custom|1' })).toBeNull();
    // Same kind, step and chat, but the planner's key: a different key, so a row of its own.
    const derived = w.insertReminder(planned(1, '-3'))!;
    expect(derived).not.toBeNull();
    expect(w.reminderWithKey('custom|1', 1)).toBe(own);
    expect(w.reminderWithKey('1|reminder|-3|100', 1)).toBe(derived);
    // A digest's key (no item) is kept and unique among item-less rows.
    const digest = { dueItemId: null, kind: 'digest', step: '1', recipientChatId: '100', dedupeKey: 'digest|unit|2024-W10|100|1', plannedAtMs: 0, payload: { text: 'x' } };
    expect(w.insertReminder(digest)!.dedupeKey).toBe(digest.dedupeKey);
    expect(w.insertReminder(digest)).toBeNull();
  });

  it('keeps every instant exactly, null as null, while the shared array grows past its first size', () => {
    const w = world(5000);
    const rows = Array.from({ length: 5000 }, (_, i) => w.insertReminder(planned(i + 1, '-3', '100', 1_711_000_000_000 + i * 7))!);
    const first = rows[0]!;
    expect(first.claimedAtMs).toBeNull();
    expect(first.sentAtMs).toBeNull();
    expect(first.enqueuedAtMs).toBeNull();
    expect(first.acknowledgedAtMs).toBeNull();
    w.setReminder(first, { status: 'sending', claimedAtMs: 1_711_000_000_123, enqueuedAtMs: 0 });
    w.setReminder(first, { status: 'sent', sentAtMs: 1_711_000_000_456, claimedAtMs: null });
    expect([first.claimedAtMs, first.sentAtMs, first.enqueuedAtMs, first.status]).toEqual([null, 1_711_000_000_456, 0, 'sent']);
    expect(rows.map((r) => r.plannedAtMs)).toEqual(rows.map((_, i) => 1_711_000_000_000 + i * 7));
    expect(rows[4999]!.sentAtMs).toBeNull();
    // The planned-rows index follows the instants: everything but the sent row, in (instant, id) order.
    const due = w.plannedRows(Number.MAX_SAFE_INTEGER, 10_000, false);
    expect(due.length).toBe(4999);
    expect(due[0]).toBe(rows[1]);
  });

  it('shares equal planner payloads, and a change of one row’s payload leaves the others as they were', () => {
    const w = world(2);
    const a = w.insertReminder(planned(1, '-3'))!;
    const b = w.insertReminder(planned(2, '-3'))!;
    expect(a.payload).toEqual({ audience: 'focal', offset: -3 });
    w.setReminder(a, { status: 'skipped', payload: { ...a.payload, skipped: 'superseded' } });
    expect(a.payload).toEqual({ audience: 'focal', offset: -3, skipped: 'superseded' });
    expect(b.payload).toEqual({ audience: 'focal', offset: -3 });
    expect(() => {
      (b.payload as { offset: number }).offset = 9;
    }).toThrow(TypeError);
  });
});
