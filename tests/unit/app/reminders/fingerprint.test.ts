/**
 * Plan fingerprints: equal exactly when planReminders would produce the same rows from the same stored state.
 */
import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../../../config/holidays/load.js';
import { EMPTY_PLAN_FINGERPRINT, PlanFingerprints } from '../../../../src/app/reminders/fingerprint.js';
import { DEFAULT_REMINDER_POLICY, planReminders, type DueItemState, type Recipients } from '../../../../src/domain/reminders/plan.js';

const calendar = loadWorkingCalendar();
interface Item {
  id: number;
  state: DueItemState;
  dueDate: string | null;
  role: 'lead' | 'support';
  unitId: number;
  province: string;
}
const item: Item = { id: 1, state: 'open', dueDate: '2024-03-29', role: 'lead', unitId: 7, province: 'nghe-an' };
const recipients: Recipients = {
  focal: [{ chatId: '11' }],
  unitChats: [],
  head: [{ chatId: '12' }],
  coordinator: [{ chatId: '13' }],
  leadership: [{ chatId: '14' }],
};
const fp = (overrides: Partial<Item> = {}, r: Recipients = recipients, f = new PlanFingerprints(calendar, DEFAULT_REMINDER_POLICY)) =>
  f.of({ ...item, ...overrides }, r);

describe('plan fingerprints', () => {
  it('are equal for equal inputs, also across instances, and for open and overdue (planned alike)', () => {
    expect(fp()).toBe(fp());
    expect(fp({ state: 'overdue' })).toBe(fp());
    expect(fp({ state: 'extended' })).toBe(fp());
    // The item id is not an input: the rows' keys carry it, the desired set per item does not depend on it.
    expect(fp({ id: 2 })).toBe(fp());
  });

  it('differ when the due day, the role or any recipient list changes, or its order', () => {
    const base = fp();
    expect(fp({ dueDate: '2024-03-28' })).not.toBe(base);
    expect(fp({ role: 'support' })).not.toBe(base);
    expect(fp({}, { ...recipients, focal: [{ chatId: '11' }, { chatId: '15' }] })).not.toBe(base);
    expect(fp({}, { ...recipients, unitChats: [{ chatId: '-100' }] })).not.toBe(base);
    expect(fp({}, { ...recipients, head: [] })).not.toBe(base);
    expect(fp({}, { ...recipients, leadership: [{ chatId: '14' }, { chatId: '13' }] })).not.toBe(base);
    expect(fp({}, { ...recipients, coordinator: [], leadership: [{ chatId: '13' }, { chatId: '14' }] })).not.toBe(base);
  });

  it('differ when the policy or the working calendar changes', () => {
    const base = fp();
    expect(fp({}, recipients, new PlanFingerprints(calendar, { ...DEFAULT_REMINDER_POLICY, sendTime: '08:30' }))).not.toBe(base);
    expect(fp({}, recipients, new PlanFingerprints(calendar, { ...DEFAULT_REMINDER_POLICY, ladder: [-3, 0, 3] }))).not.toBe(base);
    const sixDays = loadWorkingCalendar(undefined, { workingWeekdays: [1, 2, 3, 4, 5, 6] });
    expect(fp({}, recipients, new PlanFingerprints(sixDays, DEFAULT_REMINDER_POLICY))).not.toBe(base);
  });

  it('are the empty fingerprint exactly when planReminders plans nothing', () => {
    const none: Recipients = { focal: [], unitChats: [], head: [], coordinator: [], leadership: [] };
    const cases: [Partial<Item>, Recipients][] = [
      [{ state: 'done' }, recipients],
      [{ state: 'waiting', dueDate: null }, recipients],
      [{}, none],
      [{}, recipients],
    ];
    for (const [overrides, r] of cases) {
      const empty = planReminders({ ...item, ...overrides }, r, calendar, DEFAULT_REMINDER_POLICY).length === 0;
      expect(fp(overrides, r) === EMPTY_PLAN_FINGERPRINT).toBe(empty);
    }
  });
});
