/**
 * Completions that need the coordinator's approval (per-plan setting on): approve, send back, a second press, a
 * press by someone who is not a coordinator, and /duyet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

describe('bot: completion with approval', () => {
  let h: BotHarness;
  beforeAll(async () => {
    // The service default says no approval; the plan's own setting wins.
    h = await createBotHarness('approval', { completionNeedsApproval: true, env: { COMPLETION_NEEDS_APPROVAL: 'false' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const report = async (itemId: number, text: string) => {
    const { message } = await h.remind(itemId, USERS.focalA);
    await h.press(USERS.focalA, h.button(message, '✅'), message);
    await h.say(USERS.focalA, text);
    return message;
  };

  it('holds a report for approval; the coordinator approves once; the unit hears it', async () => {
    const reminder = await report(h.world.items.leadA, 'QĐ số 200/QĐ-STP ngày 18/3/2024');
    const pending = await dueItem(h.db, h.world.items.leadA);
    expect(pending.state).toBe('pending_approval');
    expect(h.last(USERS.focalA.id).text).toContain('chờ Sở Nội vụ duyệt');
    expect(h.fake.sentMessages(USERS.focalA.id).find((m) => m.message_id === reminder.message_id)!.text).toContain('CHỜ DUYỆT');

    const notice = h.last(USERS.coordinator.id);
    expect(notice.text).toContain('cần duyệt');
    const approve = h.button(notice, '✅ Đồng ý');

    // A focal point pressing the coordinator's button (e.g. a forwarded message) is refused and audited.
    await h.press(USERS.focalA, approve, notice);
    expect((await dueItem(h.db, h.world.items.leadA)).state).toBe('pending_approval');
    expect((await audits(h.db, 'item.approve')).at(-1)).toMatchObject({ outcome: 'refused', actor_telegram_id: String(USERS.focalA.id) });

    const changed = h.changed.calls;
    await h.press(USERS.coordinator, approve, notice);
    const done = await dueItem(h.db, h.world.items.leadA);
    expect(done.state).toBe('done');
    expect(done.revision).toBe(pending.revision + 1);
    expect(h.changed.calls).toBe(changed + 1);
    const stamped = h.fake.sentMessages(USERS.coordinator.id).find((m) => m.message_id === notice.message_id)!;
    expect(stamped.text).toContain('Đã duyệt (Sơn SNV)');
    expect(stamped.reply_markup).toBeUndefined();
    expect(h.last(USERS.focalA.id).text).toContain('đã được Sở Nội vụ duyệt');
    expect(h.last(USERS.headA.id).text).toContain('đã được Sở Nội vụ duyệt');

    // The same button again (a double tap, a retried update) takes no effect.
    await h.press(USERS.coordinator, approve, notice);
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(done);
    expect(String(h.fake.calls('answerCallbackQuery').at(-1)!.params.text)).toContain('đã được thực hiện');
    expect((await audits(h.db, 'item.approve')).filter((r) => r.outcome === 'ok')).toHaveLength(1);
  });

  it('sends a report back: the item is chased again and the evidence is cleared', async () => {
    await report(h.world.items.overdueA, 'BC số 9/BC-STP ngày 10/3/2024');
    const notice = h.last(USERS.coordinator.id);
    await h.press(USERS.coordinator, h.button(notice, '↩️'), notice);
    const item = await dueItem(h.db, h.world.items.overdueA);
    expect(item).toMatchObject({ state: 'open', evidence: null, done_by_person_id: null });
    expect(h.last(USERS.focalA.id).text).toContain('chưa được chấp nhận');
  });

  it('lists what awaits approval in /duyet and decides from the list', async () => {
    await report(h.world.items.overdueA, 'BC số 10/BC-STP ngày 11/3/2024');
    await h.say(USERS.coordinator, '/duyet');
    const list = h.last(USERS.coordinator.id);
    expect(list.text).toContain('Việc chờ duyệt (1)');
    expect(list.text).toContain('Sở Tư pháp báo hoàn thành [2]');
    await h.press(USERS.coordinator, h.button(list, '✅ 1'), list);
    expect((await dueItem(h.db, h.world.items.overdueA)).state).toBe('done');
    // The list keeps its other buttons; the decision is confirmed in a message of its own.
    expect(h.fake.sentMessages(USERS.coordinator.id).find((m) => m.message_id === list.message_id)!.reply_markup).toBeDefined();
    await h.say(USERS.focalA, '/duyet');
    expect(h.last(USERS.focalA.id).text).toContain('không có quyền');
    expect(h.errors).toEqual([]);
  });
});
