/**
 * ⏳ Xin gia hạn round trip: reason → date read by the deadline engine → the coordinator approves, counter-proposes
 * or rejects → the due item moves (revision bumped, pipeline told) and the unit hears the result; history kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

describe('bot: extension requests', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('extension');
  });
  afterAll(async () => {
    await h?.close();
  });

  const ask = async (itemId: number, reason: string, date: string) => {
    const { message } = await h.remind(itemId, USERS.focalA);
    await h.press(USERS.focalA, h.button(message, '⏳'), message);
    await h.say(USERS.focalA, reason);
    await h.say(USERS.focalA, date);
  };

  it('round trip: approved extension moves the due item and replans it', async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.focalA);
    await h.press(USERS.focalA, h.button(message, '⏳'), message);
    expect(String(h.fake.calls('answerCallbackQuery').at(-1)!.params.text)).toContain('Hạn hiện tại 20/03/2024');
    await h.say(USERS.focalA, 'Chờ ý kiến thẩm định của Sở Tư pháp');
    expect(h.last(USERS.focalA.id).text).toContain('đề xuất hạn mới');

    // Dates the engine cannot use are asked again.
    await h.say(USERS.focalA, 'sớm nhất có thể');
    expect(h.last(USERS.focalA.id).text).toContain('Chưa đọc được ngày');
    await h.say(USERS.focalA, '15/3/2024');
    expect(h.last(USERS.focalA.id).text).toContain('không sau hạn hiện tại 20/03/2024');

    const before = await dueItem(h.db, h.world.items.leadA);
    await h.say(USERS.focalA, 'ngày 15 tháng 4');
    expect(h.last(USERS.focalA.id).text).toContain('Đã gửi đề nghị gia hạn nhiệm vụ 1 đến ngày 15/04/2024');
    // Asking is not yet a change of the item.
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(before);

    const notice = h.last(USERS.coordinator.id);
    expect(notice.text).toContain('ĐỀ NGHỊ GIA HẠN — Sở Tư pháp');
    expect(notice.text).toContain('Lý do: Chờ ý kiến thẩm định của Sở Tư pháp');
    expect(notice.text).toContain('Đề nghị gia hạn đến: 15/04/2024');
    const labels = notice.reply_markup!.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual(['✅ Đồng ý', '❌ Từ chối', '📅 Đề xuất ngày khác']);

    const changed = h.changed.calls;
    await h.press(USERS.coordinator, h.button(notice, '✅'), notice);
    const moved = await dueItem(h.db, h.world.items.leadA);
    expect(moved).toMatchObject({ state: 'extended', due_date: '2024-04-15', nominal_due: '2024-04-15', revision: before.revision + 1 });
    expect(h.changed.calls).toBe(changed + 1);
    const [dueAt] = await h.db.sql<{ due_at: Date }[]>`select due_at from due_items where id = ${h.world.items.leadA}`;
    expect(dueAt!.due_at.toISOString()).toBe('2024-04-15T16:59:59.999Z');
    expect(h.last(USERS.focalA.id).text).toContain('đồng ý gia hạn nhiệm vụ 1 đến ngày 15/04/2024');
    expect(h.fake.sentMessages(USERS.coordinator.id).find((m) => m.message_id === notice.message_id)!.text).toContain(
      'Đã đồng ý gia hạn đến 15/04/2024',
    );
    const [request] = await h.db.sql<{ status: string; proposed_date: string; previous_due_date: string; decided_by_person_id: number }[]>`
      select status::text as status, proposed_date::text as proposed_date, previous_due_date::text as previous_due_date, decided_by_person_id
      from extension_requests where due_item_id = ${h.world.items.leadA}`;
    expect(request).toEqual({ status: 'approved', proposed_date: '2024-04-15', previous_due_date: '2024-03-20', decided_by_person_id: h.world.persons.coordinator });

    // A second press of the same decision changes nothing.
    await h.press(USERS.coordinator, h.button(notice, '✅'), notice);
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(moved);
  });

  it('counter-proposal: the coordinator sets another date, the unit is told; history is shown', async () => {
    await ask(h.world.items.leadA, 'Thiếu kinh phí', '30/4/2024');
    const notice = h.last(USERS.coordinator.id);
    expect(notice.text).toContain('Các lần gia hạn trước');
    await h.press(USERS.coordinator, h.button(notice, '📅'), notice);
    expect(h.last(USERS.coordinator.id).text).toContain('Sở Tư pháp đề nghị 30/04/2024');
    await h.say(USERS.coordinator, '10/5/2024');
    const item = await dueItem(h.db, h.world.items.leadA);
    expect(item).toMatchObject({ state: 'extended', due_date: '2024-05-10', nominal_due: '2024-05-10' });
    expect(h.last(USERS.focalA.id).text).toContain('đến ngày 10/05/2024 (đơn vị đề nghị 30/04/2024)');
    expect((await audits(h.db, 'extension.counter')).map((r) => r.outcome)).toEqual(['ok']);

    await h.say(USERS.focalA, '/viec');
    await h.press(USERS.focalA, h.button(h.last(USERS.focalA.id), '📄 2'), h.last(USERS.focalA.id));
    const detail = h.last(USERS.focalA.id);
    expect(detail.text).toContain('Lịch sử gia hạn:');
    expect(detail.text).toContain('đề nghị đến 15/04/2024 — đã đồng ý');
    expect(detail.text).toContain('đề nghị đến 30/04/2024 — đồng ý đến 10/05/2024');
  });

  it('rejection keeps the due date; one pending request per item; the engine reads "cuối tháng"', async () => {
    await ask(h.world.items.overdueA, 'Chờ số liệu của các huyện', 'cuối tháng 5');
    const before = await dueItem(h.db, h.world.items.overdueA);
    // Asking again while the first request is pending is refused.
    const { message } = await h.remind(h.world.items.overdueA, USERS.focalA);
    await h.press(USERS.focalA, h.button(message, '⏳'), message);
    expect(String(h.fake.calls('answerCallbackQuery').at(-1)!.params.text)).toContain('đến ngày 31/05/2024 chờ Sở Nội vụ duyệt');

    const notice = h.last(USERS.coordinator.id);
    await h.press(USERS.coordinator, h.button(notice, '❌'), notice);
    expect(await dueItem(h.db, h.world.items.overdueA)).toEqual(before);
    expect(h.last(USERS.focalA.id).text).toContain('không đồng ý gia hạn nhiệm vụ 2. Hạn vẫn là 29/02/2024');
    expect(h.errors).toEqual([]);
  });
});
