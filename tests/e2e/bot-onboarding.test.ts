/**
 * Onboarding by deep link through the real bot (long polling against the fake Bot API): valid, reused, expired
 * and malformed tokens, a group bound to a unit, /start without a token, and /roi.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audits, createBotHarness, dueItem, USERS, type BotHarness } from './bot-harness.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

describe('bot onboarding', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await createBotHarness('onboarding');
  });
  afterAll(async () => {
    await h?.close();
  });

  const invite = async (unitRef: string, role: 'focal' | 'head' | 'leader' | 'coordinator', ttlMs = WEEK_MS) => {
    const created = await h.handle.service.createInvite({ province: h.world.province, unitRef, role, ttlMs, createdBy: 'cli:test' });
    if (created.kind !== 'created') throw new Error('invite not created');
    return created.token;
  };

  it('binds a new person to the unit and role of a valid link, stores only the hash, and replans the unit', async () => {
    const token = await invite('so-a', 'focal');
    const before = await dueItem(h.db, h.world.items.leadA);
    const changedBefore = h.changed.calls;

    await h.say(USERS.newcomer, `/start ${token}`);

    expect(h.last(USERS.newcomer.id).text).toContain('cán bộ đầu mối của Sở Tư pháp');
    const [member] = await h.db.sql<{ role: string; active: boolean; unit_id: number; locale: string }[]>`
      select m.role::text as role, m.active, m.unit_id, p.locale from memberships m join people p on p.id = m.person_id
      where p.telegram_user_id = ${USERS.newcomer.id}`;
    expect(member).toMatchObject({ role: 'focal', active: true, unit_id: h.world.units.a, locale: 'vi' });
    const [chat] = await h.db.sql<{ kind: string; active: boolean }[]>`select kind::text as kind, active from chats where telegram_chat_id = ${USERS.newcomer.id}`;
    expect(chat).toEqual({ kind: 'private', active: true });
    const [stored] = await h.db.sql<{ token_hash: string; used_at: Date | null }[]>`select token_hash, used_at from invites order by id desc limit 1`;
    expect(stored!.token_hash).not.toContain(token);
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.used_at).not.toBeNull();
    // The unit's recipients changed: the unit is marked for the planner, which replans what this changes; no
    // due item is written.
    const marked = await h.db.sql<{ unit_id: number }[]>`select unit_id from replan_units`;
    expect(marked.map((m) => m.unit_id)).toContain(h.world.units.a);
    expect((await dueItem(h.db, h.world.items.leadA)).revision).toBe(before.revision);
    expect(h.changed.calls).toBe(changedBefore + 1);
    const rows = await audits(h.db, 'invite.redeem');
    expect(rows.at(-1)).toMatchObject({ outcome: 'ok', actor_telegram_id: String(USERS.newcomer.id) });
    // The audit never holds the token itself.
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses a link that was already used, and audits the refusal', async () => {
    const token = await invite('so-b', 'focal');
    await h.say(USERS.newcomer, `/start ${token}`);
    await h.say(USERS.stranger, `/start ${token}`);
    expect(h.last(USERS.stranger.id).text).toContain('đã được sử dụng');
    const [count] = await h.db.sql<{ n: number }[]>`
      select count(*)::int as n from people where telegram_user_id = ${USERS.stranger.id}`;
    expect(count!.n).toBe(0);
    const refused = (await audits(h.db, 'invite.redeem')).filter((r) => r.outcome === 'refused');
    expect(refused.at(-1)).toMatchObject({ actor_telegram_id: String(USERS.stranger.id), details: expect.objectContaining({ reason: 'used' }) });
  });

  it('refuses an expired link', async () => {
    const token = await invite('so-a', 'head', 3600 * 1000);
    h.clock.advance(2 * 3600 * 1000);
    await h.say(USERS.stranger, `/start ${token}`);
    expect(h.last(USERS.stranger.id).text).toContain('đã hết hạn');
    const [count] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from people where telegram_user_id = ${USERS.stranger.id}`;
    expect(count!.n).toBe(0);
  });

  it('refuses a malformed or unknown token and explains how to get a link without one', async () => {
    await h.say(USERS.stranger, '/start abc');
    expect(h.last(USERS.stranger.id).text).toContain('không hợp lệ');
    await h.say(USERS.stranger, '/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(h.last(USERS.stranger.id).text).toContain('không hợp lệ');
    await h.say(USERS.stranger, '/start');
    expect(h.last(USERS.stranger.id).text).toContain('đường dẫn mời');
  });

  it('binds a group chat to a unit as its fallback recipient, only when a group administrator sends the invite', async () => {
    const token = await invite('so-b', 'focal');
    const group = { id: -4_001_234, type: 'group' as const, title: 'Nhóm Sở Tài chính' };
    // An ordinary member: refused, nothing bound, and the invite stays usable.
    await h.say(USERS.focalB, `/start@${h.fake.botInfo.username} ${token}`, { chat: group });
    expect(h.last(group.id).text).toContain('Chỉ quản trị viên của nhóm');
    expect(await h.db.sql`select 1 from chats where telegram_chat_id = ${group.id} and unit_id is not null`).toHaveLength(0);
    expect((await audits(h.db, 'invite.redeem')).at(-1)).toMatchObject({ outcome: 'refused' });
    h.fake.setMemberStatus(group.id, USERS.focalB.id, 'administrator');
    await h.say(USERS.focalB, `/start@${h.fake.botInfo.username} ${token}`, { chat: group });
    expect(h.last(group.id).text).toContain('Nhóm này đã được gắn với Sở Tài chính');
    const [chat] = await h.db.sql<{ kind: string; unit_id: number; person_id: number | null }[]>`
      select kind::text as kind, unit_id, person_id from chats where telegram_chat_id = ${group.id}`;
    expect(chat).toEqual({ kind: 'group', unit_id: h.world.units.b, person_id: null });
  });

  it('lets a person leave with /roi after confirming; only they may confirm', async () => {
    await h.say(USERS.newcomer, '/roi');
    const question = h.last(USERS.newcomer.id);
    expect(question.text).toContain('thôi nhận nhắc việc');
    const confirm = h.button(question, 'Xác nhận');
    // Someone else pressing the same button (a forwarded keyboard) changes nothing.
    await h.press(USERS.focalA, confirm, question);
    let [active] = await h.db.sql<{ n: number }[]>`
      select count(*)::int as n from memberships m join people p on p.id = m.person_id where p.telegram_user_id = ${USERS.newcomer.id} and m.active`;
    expect(active!.n).toBe(2);
    await h.press(USERS.newcomer, confirm, question);
    [active] = await h.db.sql<{ n: number }[]>`
      select count(*)::int as n from memberships m join people p on p.id = m.person_id where p.telegram_user_id = ${USERS.newcomer.id} and m.active`;
    expect(active!.n).toBe(0);
    expect(h.last(USERS.newcomer.id).text).toContain('Đã dừng');
    expect(h.last(USERS.newcomer.id).reply_markup).toBeUndefined();
    expect((await audits(h.db, 'membership.leave')).map((r) => r.outcome)).toEqual(['refused', 'ok']);
  });

  it('answered every callback query and logged no error', async () => {
    const queries = h.fake.calls().filter((c) => c.method === 'getUpdates').length;
    expect(queries).toBeGreaterThan(0);
    expect(h.fake.calls('answerCallbackQuery')).toHaveLength(2);
    expect(h.errors).toEqual([]);
  });
});
