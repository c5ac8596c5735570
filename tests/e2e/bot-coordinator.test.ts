/**
 * The coordinator's and leaders' commands: /sukien dates the items waiting for an event through the deadline
 * engine, /dathan dates an on-demand task, /tongquan, /baocao; refusals for everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigestKind } from '../../src/app/bot/coordination.js';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

describe('bot: coordinator and leaders', () => {
  let h: BotHarness;
  const digests: { kind: DigestKind; chatId: string }[] = [];
  beforeAll(async () => {
    h = await createBotHarness('coordinator', {
      sendDigestNow: async (kind, chatId) => {
        digests.push({ kind, chatId });
        // A unit's list of two pages of which only the first could go out at once.
        if (kind === 'unit') return { messages: 2, deliveredNow: 1 };
        return kind !== 'coordinator';
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records an event: every item waiting for it gets its date from the event offset, and is replanned', async () => {
    await h.say(USERS.coordinator, '/sukien');
    const list = h.last(USERS.coordinator.id);
    expect(list.text).toContain('1. ngày công bố tthc — 1 nhiệm vụ, 2 mục đang chờ (mã: cong-bo-tthc)');
    await h.press(USERS.coordinator, h.button(list, '1'), list);
    expect(h.last(USERS.coordinator.id).text).toContain('sự kiện “ngày công bố tthc”');
    const before = [await dueItem(h.db, h.world.items.waitingA), await dueItem(h.db, h.world.items.waitingB)];
    const changed = h.changed.calls;

    await h.say(USERS.coordinator, 'QĐ số 123/QĐ-UBND ngày 11/3/2024');

    // 05 working days counted from Monday 11/03/2024 (BLDS 2015 điều 147: counting starts the next day).
    for (const [i, id] of [h.world.items.waitingA, h.world.items.waitingB].entries()) {
      const item = await dueItem(h.db, id);
      expect(item).toMatchObject({ state: 'open', due_date: '2024-03-18', nominal_due: '2024-03-18', revision: before[i]!.revision + 1 });
      expect(item.occurrence_label).toContain('QĐ số 123/QĐ-UBND');
    }
    expect(h.changed.calls).toBe(changed + 1);
    const [event] = await h.db.sql<{ type: string; date: string; reference: string; province: string }[]>`
      select type, date::text as date, reference, province from events`;
    expect(event).toEqual({ type: h.world.eventSlug, date: '2024-03-11', reference: 'QĐ số 123/QĐ-UBND', province: h.world.province });
    const reply = h.last(USERS.coordinator.id).text!;
    expect(reply).toContain('Đã tính hạn cho 2 mục');
    expect(reply).toContain('3 Công khai thủ tục hành chính trên Cổng dịch vụ công — hạn 18/03/2024');

    // The dated items took the key publishing gives an event occurrence, so a re-publish finds them.
    expect((await dueItem(h.db, h.world.items.waitingA)).occurrence_key).toBe('p0-2024-03-18');

    // The event happens again (another publication of TTHC): every unit gets a new item for it; the first stay.
    await h.say(USERS.coordinator, '/sukien');
    expect(h.last(USERS.coordinator.id).text).toContain('1. ngày công bố tthc — 1 nhiệm vụ, 0 mục đang chờ (mã: cong-bo-tthc)');
    await h.say(USERS.coordinator, '/sukien 1 20/3/2024 QĐ 130/QĐ-UBND');
    const again = h.last(USERS.coordinator.id).text!;
    expect(again).toContain('tạo thêm 2 mục mới');
    expect(again).toContain('hạn 27/03/2024');
    const repeated = await h.db.sql<{ unit_id: number; key: string; due: string; state: string; label: string }[]>`
      select a.unit_id, d.occurrence_key as key, d.due_date::text as due, d.state::text as state, d.occurrence_label as label
      from due_items d join task_assignments a on a.id = d.assignment_id
      where d.occurrence_key = 'p0-2024-03-27' order by a.unit_id`;
    expect(repeated.map((r) => [r.unit_id, r.due, r.state])).toEqual([
      [h.world.units.a, '2024-03-27', 'open'],
      [h.world.units.b, '2024-03-27', 'open'],
    ]);
    expect(repeated[0]!.label).toContain('QĐ 130/QĐ-UBND');
    expect((await dueItem(h.db, h.world.items.waitingA)).due_date).toBe('2024-03-18');
    // Recording the same event again changes nothing.
    const itemsBefore = (await h.db.sql`select count(*)::int as n from due_items`)[0]!.n;
    await h.say(USERS.coordinator, '/sukien cong-bo-tthc 20/3/2024 QĐ 130/QĐ-UBND');
    expect(h.last(USERS.coordinator.id).text).toContain('đã được ghi nhận trước đó');
    expect((await h.db.sql`select count(*)::int as n from due_items`)[0]!.n).toBe(itemsBefore);
    expect((await h.db.sql`select count(*)::int as n from events`)[0]!.n).toBe(2);
    await h.say(USERS.focalA, '/viec');
    expect(h.last(USERS.focalA.id).text).toContain('[3] Công khai thủ tục hành chính');
  });

  it('sets a date for an on-demand task with /dathan', async () => {
    await h.say(USERS.coordinator, '/dathan');
    const list = h.last(USERS.coordinator.id);
    expect(list.text).toContain('[4] Rà soát quy định theo yêu cầu của Bộ Tư pháp');
    await h.press(USERS.coordinator, h.button(list, '1'), list);
    await h.say(USERS.coordinator, '25/4/2024');
    expect(await dueItem(h.db, h.world.items.manualA)).toMatchObject({ state: 'open', due_date: '2024-04-25' });
    const [task] = await h.db.sql<{ manual_due_date: string }[]>`
      select t.manual_due_date::text as manual_due_date from tasks t where t.number = '4'`;
    expect(task!.manual_due_date).toBe('2024-04-25');
    expect(h.last(USERS.coordinator.id).text).toContain('Đã đặt hạn 25/04/2024 cho 1 mục của nhiệm vụ 4');
  });

  it('refuses coordinator commands to others, politely, and audits it', async () => {
    await h.say(USERS.focalA, '/sukien');
    expect(h.last(USERS.focalA.id).text).toContain('không có quyền');
    await h.say(USERS.stranger, '/dathan');
    expect(h.last(USERS.stranger.id).text).toContain('chưa đăng ký');
    await h.say(USERS.stranger, '/viec');
    expect(h.last(USERS.stranger.id).text).toContain('chưa đăng ký');
    expect((await audits(h.db, 'event.list')).map((r) => [r.outcome, r.actor_telegram_id])).toEqual([['refused', String(USERS.focalA.id)]]);
    expect((await audits(h.db, 'manual_date.list')).at(-1)).toMatchObject({ outcome: 'refused', actor_telegram_id: String(USERS.stranger.id) });
  });

  it('shows the province overview', async () => {
    await h.say(USERS.leader, '/tongquan');
    const text = h.last(USERS.leader.id).text!;
    expect(text).toContain('TỔNG QUAN — bot-test (11/03/2024)');
    expect(text).toContain('Quá hạn: 1');
    expect(text).toContain('1. Sở Tư pháp: 1');
  });

  it('sends the digest now for leaders, and says when there is nothing to report', async () => {
    await h.say(USERS.leader, '/baocao');
    expect(digests).toEqual([{ kind: 'leadership', chatId: String(USERS.leader.id) }]);
    await h.say(USERS.coordinator, '/baocao');
    expect(digests.at(-1)).toEqual({ kind: 'coordinator', chatId: String(USERS.coordinator.id) });
    expect(h.last(USERS.coordinator.id).text).toContain('không có nội dung');
    await h.say(USERS.focalA, '/baocao');
    expect(digests.at(-1)).toEqual({ kind: 'unit', chatId: String(USERS.focalA.id) });
    expect(h.last(USERS.focalA.id).text).toBe('Báo cáo đã được xếp hàng gửi và sẽ đến trong vài phút.');
    expect(h.errors).toEqual([]);
  });
});

describe('bot: /baocao without digests configured', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('nodigest');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says digests are not configured', async () => {
    await h.say(USERS.leader, '/baocao');
    expect(h.last(USERS.leader.id).text).toContain('chưa được cấu hình');
  });
});
