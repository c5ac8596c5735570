/**
 * ✅ Hoàn thành end to end (approval off, the default): from a reminder's button or a detail view, with a document
 * number, a file or a photo, by replying to the reminder; a support unit's confirmation seen by the lead unit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

describe('bot: reporting completion with evidence', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('completion');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('closes an item from the reminder: number and date read, reminder acknowledged and edited, coordinator told', async () => {
    const { reminderId, message } = await h.remind(h.world.items.leadA, USERS.focalA);
    const before = await dueItem(h.db, h.world.items.leadA);
    const changed = h.changed.calls;

    const messages = h.fake.sentMessages(USERS.focalA.id).length;
    await h.press(USERS.focalA, h.button(message, '✅'), message);
    // In a private chat the question is the answer to the press: an alert, no new message.
    const asked = h.fake.calls('answerCallbackQuery').at(-1)!;
    expect(asked.params).toMatchObject({ show_alert: true });
    expect(String(asked.params.text)).toContain('Gửi số, ngày văn bản kết quả');
    expect(h.fake.sentMessages(USERS.focalA.id)).toHaveLength(messages);
    const [ack] = await h.db.sql<{ acknowledged_at: Date | null }[]>`select acknowledged_at from reminders where id = ${reminderId}`;
    expect(ack!.acknowledged_at).toEqual(h.clock.now());

    await h.say(USERS.focalA, 'Đã ban hành QĐ số 123/QĐ-UBND ngày 15/3/2024');

    const after = await dueItem(h.db, h.world.items.leadA);
    expect(after.state).toBe('done');
    expect(after.evidence).toMatchObject({ documentNumber: '123/QĐ-UBND', documentDate: '2024-03-15' });
    expect(after.evidence).not.toHaveProperty('late');
    expect(after.done_by_person_id).toBe(h.world.persons.focalA);
    expect(after.revision).toBe(before.revision + 1);
    expect(h.changed.calls).toBe(changed + 1);

    const edited = h.fake.sentMessages(USERS.focalA.id).find((m) => m.message_id === message.message_id)!;
    expect(edited.text).toContain('ĐÃ BÁO HOÀN THÀNH — số 123/QĐ-UBND ngày 15/03/2024');
    expect(edited.reply_markup).toBeUndefined();
    expect(h.last(USERS.focalA.id).text).toContain('Đã ghi nhận hoàn thành nhiệm vụ 1');

    const notice = h.last(USERS.coordinator.id);
    expect(notice.text).toContain('Sở Tư pháp báo hoàn thành');
    expect(notice.text).toContain('số 123/QĐ-UBND ngày 15/03/2024');
    expect(notice.reply_markup).toBeUndefined();
    expect((await audits(h.db, 'item.done')).at(-1)).toMatchObject({ outcome: 'ok', entity_id: String(h.world.items.leadA) });
  });

  it('says so when the item is already done, and changes nothing', async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.focalA);
    const before = await dueItem(h.db, h.world.items.leadA);
    await h.press(USERS.focalA, h.button(message, '✅'), message);
    const answerCall = h.fake.calls('answerCallbackQuery').at(-1)!;
    expect(answerCall.params).toMatchObject({ show_alert: true });
    expect(String(answerCall.params.text)).toContain('đã hoàn thành');
    expect(await dueItem(h.db, h.world.items.leadA)).toEqual(before);
  });

  it('closes an item from the detail view with a file; evidence dated after the due date is marked late', async () => {
    await h.say(USERS.focalA, '/viec');
    const list = h.last(USERS.focalA.id);
    expect(list.text).toContain('🔴 [2] Báo cáo tình hình thực hiện cải cách hành chính quý I');
    expect(list.text).toContain('quá hạn');
    await h.press(USERS.focalA, h.button(list, '📄 1'), list);
    const detail = h.last(USERS.focalA.id);
    expect(detail.text).toContain('CHI TIẾT NHIỆM VỤ 2');
    expect(detail.text).toContain('Thời hạn ghi trong kế hoạch: Tháng 02/2024');
    await h.press(USERS.focalA, h.button(detail, '✅'), detail);
    // Pressing twice (a double tap) asks once more and still closes the item once.
    await h.press(USERS.focalA, h.button(detail, '✅'), detail);
    const changed = h.changed.calls;

    const doc = h.fake.documentMessageUpdate(USERS.focalA, {
      fileName: 'bao-cao-quy-1.pdf',
      mimeType: 'application/pdf',
      bytes: '%PDF-1.4 test',
      caption: 'Báo cáo số 45/BC-STP ngày 05/3/2024',
    });
    await h.push(doc);

    const item = await dueItem(h.db, h.world.items.overdueA);
    expect(item.state).toBe('done');
    expect(item.evidence).toMatchObject({
      documentNumber: '45/BC-STP',
      documentDate: '2024-03-05',
      fileName: 'bao-cao-quy-1.pdf',
      late: true,
      fileId: (doc.message as { document: { file_id: string } }).document.file_id,
    });
    expect(h.changed.calls).toBe(changed + 1);
    // The file is queued for a copy in PostgreSQL (the evidence archiver downloads it on the next tick).
    const files = await h.db.sql`select telegram_file_id, file_name, status from evidence_files where due_item_id = ${h.world.items.overdueA}`;
    expect(files).toEqual([{ telegram_file_id: (doc.message as { document: { file_id: string } }).document.file_id, file_name: 'bao-cao-quy-1.pdf', status: 'pending' }]);
    expect(h.last(USERS.focalA.id).text).toContain('sau hạn 29/02/2024');
    expect(h.last(USERS.coordinator.id).text).toContain('sau hạn 29/02/2024');
    // A second file finds no open question: nothing is recorded twice.
    await h.push(h.fake.documentMessageUpdate(USERS.focalA, { fileName: 'lan-2.pdf', bytes: 'x' }));
    expect((await dueItem(h.db, h.world.items.overdueA)).evidence).toMatchObject({ fileName: 'bao-cao-quy-1.pdf' });
    expect((await audits(h.db, 'item.done')).filter((r) => r.entity_id === String(h.world.items.overdueA))).toHaveLength(1);
  });

  it("asks again when the answer has neither a number nor a file; a support unit's report reaches the lead unit", async () => {
    const { message } = await h.remind(h.world.items.supportB, USERS.focalB);
    await h.press(USERS.focalB, h.button(message, '✅'), message);
    await h.say(USERS.focalB, 'xong rồi');
    expect(h.last(USERS.focalB.id).text).toContain('Chưa đọc được số văn bản');
    expect((await dueItem(h.db, h.world.items.supportB)).state).toBe('open');

    // A photo of the document is evidence too.
    const file = h.fake.addFile('jpeg-bytes', 'photos/cv.jpg');
    const chat = { id: USERS.focalB.id, type: 'private' as const, first_name: USERS.focalB.first_name };
    await h.push({
      update_id: 0,
      message: {
        message_id: 9001,
        date: Math.floor(h.clock.now().getTime() / 1000),
        chat,
        from: { id: USERS.focalB.id, is_bot: false, first_name: USERS.focalB.first_name },
        photo: [
          { file_id: `${file.file_id}-small`, file_unique_id: 's', width: 90, height: 90 },
          { file_id: file.file_id, file_unique_id: file.file_unique_id, width: 1280, height: 960 },
        ],
        caption: 'CV số 88/STC-NS ngày 12/3/2024',
      },
    } as never);

    const support = await dueItem(h.db, h.world.items.supportB);
    expect(support.state).toBe('done');
    expect(support.evidence).toMatchObject({ documentNumber: '88/STC-NS', fileId: file.file_id, fileName: 'photo.jpg' });
    const leadNotice = h.last(USERS.focalA.id);
    expect(leadNotice.text).toContain('Đơn vị phối hợp Sở Tài chính đã gửi kết quả nhiệm vụ 1');
    expect(h.last(USERS.coordinator.id).text).toContain('(Đơn vị phối hợp)');
  });

  it('reads a reply to a reminder message as evidence, without pressing a button', async () => {
    const [row] = await h.db.sql<{ id: string }[]>`
      insert into task_assignments (task_id, unit_id, role)
      select task_id, unit_id, role from task_assignments where id = (select assignment_id from due_items where id = ${h.world.items.leadA})
      on conflict do nothing returning id`;
    expect(row).toBeUndefined();
    const [item] = await h.db.sql<{ id: string }[]>`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, state)
      select assignment_id, 'p1-2024-06-28', 'trước ngày 30/06/2024', '2024-06-28', '2024-06-28', 'open' from due_items where id = ${h.world.items.leadA}
      returning id`;
    const itemId = Number(item!.id);
    const { reminderId, message } = await h.remind(itemId, USERS.focalA);
    await h.say(USERS.focalA, 'Kế hoạch số 12/KH-STP ngày 5 tháng 3 năm 2024', { replyTo: message });
    expect(await dueItem(h.db, itemId)).toMatchObject({ state: 'done', evidence: { documentNumber: '12/KH-STP', documentDate: '2024-03-05' } });
    const [ack] = await h.db.sql<{ acknowledged_at: Date | null }[]>`select acknowledged_at from reminders where id = ${reminderId}`;
    expect(ack!.acknowledged_at).not.toBeNull();
    expect(h.fake.sentMessages(USERS.focalA.id).find((m) => m.message_id === message.message_id)!.text).toContain('ĐÃ BÁO HOÀN THÀNH');
  });

  it('asks with a reply-opening message in a group chat (the bot only reads replies there)', async () => {
    const group = { id: -4_002_001, type: 'group' as const, title: 'Nhóm Sở Tư pháp' };
    h.fake.addChat(group);
    const [item] = await h.db.sql<{ id: string }[]>`
      insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, state)
      select assignment_id, 'p2-2024-09-30', 'tháng 9/2024', '2024-09-30', '2024-09-30', 'open' from due_items where id = ${h.world.items.leadA}
      returning id`;
    const itemId = Number(item!.id);
    const { message } = await h.remind(itemId, USERS.focalA, group.id);
    await h.press(USERS.focalA, h.button(message, '✅'), message);
    const prompt = h.last(group.id);
    expect(prompt.text).toContain('Nhiệm vụ 1: Xây dựng kế hoạch kiểm soát thủ tục hành chính năm 2024');
    const sent = h.fake.calls('sendMessage').at(-1)!;
    expect(sent.params.reply_markup).toMatchObject({ force_reply: true });
    await h.say(USERS.focalA, 'QĐ số 301/QĐ-STP ngày 1/9/2024', { chat: group, replyTo: prompt });
    expect(await dueItem(h.db, itemId)).toMatchObject({ state: 'done', evidence: { documentNumber: '301/QĐ-STP' } });
    expect(h.last(group.id).text).toContain('Đã ghi nhận hoàn thành nhiệm vụ 1');
  });

  it('shows the lead unit who has delivered, and answered every press', async () => {
    const { message } = await h.remind(h.world.items.leadA, USERS.headA);
    await h.press(USERS.headA, h.button(message, '📄'), message);
    const detail = h.last(USERS.headA.id);
    expect(detail.text).toContain('Đơn vị chủ trì: Sở Tư pháp');
    expect(detail.text).toContain('✅ Sở Tài chính — đã hoàn thành');
    expect(detail.text).toContain('Kết quả đã gửi: số 123/QĐ-UBND ngày 15/03/2024');
    // Done: no action buttons any more.
    expect(detail.reply_markup).toBeUndefined();
    const presses = h.fake.calls('getUpdates').flatMap((c) => ((c.response as { result?: { callback_query?: unknown }[] })?.result ?? []).filter((u) => u.callback_query));
    expect(h.fake.calls('answerCallbackQuery').length).toBe(presses.length);
    expect(h.errors).toEqual([]);
  });
});
