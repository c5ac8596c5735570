/**
 * `nhacviec units members`: who each unit's reminders reach, and which units with open items reach nobody —
 * against a real PostgreSQL (fails, never skips, without it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';
import { deadline } from '../unit/import/helpers.js';

let db: TestDatabase;
let p: Province;
const clock = new ManualClock('2024-03-01T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });

beforeAll(async () => {
  db = await createTestDatabase('units_members');
  p = await seedProvince(db.sql);
  // Sở A and Sở B have open items; a third unit has one too and nobody registered; a done item does not count.
  const [c] = await db.sql<{ id: number }[]>`insert into units (province, code, name, kind) values (${p.province}, 'so-c', 'Sở C', 'department') returning id`;
  await seedPlan(db.sql, p, [
    { unitId: p.units.a, dueDate: '2024-03-29', task: 't1' },
    { unitId: p.units.b, dueDate: '2024-03-29', task: 't1', role: 'support' },
    { unitId: c!.id, dueDate: '2024-03-29', task: 't2' },
    { unitId: c!.id, dueDate: '2024-02-29', task: 't3', state: 'done' },
  ]);
  // Sở B's focal point blocked the bot.
  await db.sql`update chats set active = false where telegram_chat_id = ${Number(p.chats.focalB)}`;
});
afterAll(async () => {
  await db?.drop();
});

describe('units members', () => {
  it('lists who is reached per unit and the units with work that reach nobody', async () => {
    const rows = JSON.parse((await cli('units', 'members', '--province', p.province, '--json')).out) as {
      code: string;
      openItems: number;
      covered: boolean;
      members: { name: string; role: string; reachable: boolean }[];
    }[];
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode['so-a']).toMatchObject({ openItems: 1, covered: true });
    expect(byCode['so-a']!.members.map((m) => `${m.role}:${m.reachable}`).sort()).toEqual(['focal:true', 'head:true']);
    expect(byCode['so-b']).toMatchObject({ openItems: 1, covered: false, members: [{ name: 'Đầu mối B', role: 'focal', reachable: false }] });
    expect(byCode['so-c']).toMatchObject({ openItems: 1, covered: false, members: [] });

    const missing = JSON.parse((await cli('units', 'members', '--province', p.province, '--missing', '--json')).out);
    expect(missing.map((r: { code: string }) => r.code).sort()).toEqual(['so-b', 'so-c']);
    const text = (await cli('units', 'members', '--province', p.province)).out;
    expect(text).toMatch(/^2 đơn vị còn việc mà chưa có ai nhận nhắc/);
    expect(text).toMatch(/✗ so-c +Sở C — 1 mục đang theo dõi; chưa có ai/);
    expect(text).toMatch(/Đầu mối B \(đầu mối, không liên lạc được\)/);

    // A group chat bound to the unit covers it.
    await db.sql`insert into chats (telegram_chat_id, kind, unit_id) select -4009001, 'group', id from units where province = ${p.province} and code = 'so-c'`;
    const after = JSON.parse((await cli('units', 'members', '--province', p.province, '--unit', 'so-c', '--json')).out);
    expect(after).toMatchObject([{ code: 'so-c', covered: true, groupChat: true }]);
    expect((await cli('units', 'members', '--province', p.province, '--unit', 'khong-co')).err).toMatch(/không có đơn vị mã "khong-co"/);
  });

  it('shows each person’s channels and which one last worked (issue #15)', async () => {
    // Sở B's focal point blocked the bot but has an official e-mail: reachable again, through it.
    await db.sql`insert into person_channels (person_id, kind, address, rank, created_by) values (${p.persons.focalB}, 'email', 'daumoi.b@sob.gov.vn', 10, 'test')`;
    const [r] = await db.sql<{ id: string }[]>`
      insert into reminders (kind, step, recipient_chat_id, dedupe_key, planned_at, status, sent_at)
      values ('notice', 'notice', ${p.chats.focalB}::bigint, 'units-members-test', now(), 'sent', '2024-02-27T03:00:00Z') returning id`;
    await db.sql`
      insert into channel_deliveries (reminder_id, person_id, kind, address, rank, message_id, sent_at)
      values (${r!.id}, ${p.persons.focalB}, 'email', 'daumoi.b@sob.gov.vn', 10, '<m@x>', '2024-02-27T03:00:00Z')`;
    const rows = JSON.parse((await cli('units', 'members', '--province', p.province, '--unit', 'so-b', '--json')).out);
    expect(rows[0]).toMatchObject({
      covered: true,
      members: [
        {
          name: 'Đầu mối B',
          reachable: true,
          telegram: 'inactive',
          channels: [{ kind: 'email', address: 'daumoi.b@sob.gov.vn', usable: true, reason: null }],
          lastWorked: { kind: 'email' },
        },
      ],
    });
    const text = (await cli('units', 'members', '--province', p.province, '--unit', 'so-b')).out;
    expect(text).toContain('Đầu mối B (đầu mối; kênh: telegram ✗ (inactive), email daumoi.b@sob.gov.vn; gần nhất: email 27/02/2024)');
  });
});
