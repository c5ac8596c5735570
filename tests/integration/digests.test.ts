/**
 * Digests end to end: built from the database, sent through the reminder pipeline to the fake Telegram, one
 * message per recipient within the limits, a chart for the leadership, nothing for empty digests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { RedisChatPacer } from '../../src/telegram/chat-pacer.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';

// Monday 24/06/2024, 08:00 in Hà Nội. The digest rows are planned at this instant; the test sends them at once.
const clock = new ManualClock('2024-06-24T01:00:00Z');
let h: Harness;
let p: Province;

beforeAll(async () => {
  h = await createHarness({ backend: 'redis', clock });
  p = await seedProvince(h.db.sql);
  await seedPlan(h.db.sql, p, [
    { unitId: p.units.a, dueDate: '2024-03-29', task: 'a1', taskNumber: '1' },
    { unitId: p.units.a, dueDate: '2024-05-31', task: 'a2', taskNumber: '2' },
    { unitId: p.units.b, dueDate: '2024-06-14', task: 'b1', taskNumber: '3' },
    { unitId: p.units.b, dueDate: '2024-06-27', task: 'b2', taskNumber: '4' },
    { unitId: p.units.b, dueDate: '2024-06-20', task: 'b3', taskNumber: '5', state: 'done' },
  ]);
});
afterAll(async () => {
  await h?.close();
});

async function deliverAll() {
  const rows = await h.db.sql<{ id: string }[]>`select id from reminders where kind = 'digest' and status = 'planned' order by id`;
  for (const r of rows) expect((await h.reminders.service.deliver(Number(r.id))).outcome).toBe('sent');
}

describe('digests', () => {
  it('sends the leadership a ranked overdue report with a chart, once per recipient', async () => {
    const report = await h.reminders.digests.run('leadership', '2024-06-24');
    expect(report.recipients).toBe(2); // the leader and the coordinator
    await deliverAll();
    const toLeader = h.fake.calls('sendPhoto').filter((c) => String(c.chatId) === p.chats.leader);
    expect(toLeader).toHaveLength(1);
    const caption = String(toLeader[0]!.params.caption);
    expect(caption).toContain('Tổng số nhiệm vụ quá hạn: 3');
    expect(caption.indexOf('1. Sở A: 2')).toBeLessThan(caption.indexOf('2. Sở B: 1'));
    expect(caption).toContain('hạn 29/03/2024');
    // The chart is a real PNG.
    const photo = toLeader[0]!.params.photo as { bytes?: Buffer } | undefined;
    expect(photo && Buffer.from(photo.bytes ?? []).subarray(1, 4).toString()).toBe('PNG');
    // Running the same period again sends nothing new.
    expect((await h.reminders.digests.run('leadership', '2024-06-24')).messages).toBe(0);
  });

  it('shows the trend against the previous week', async () => {
    await h.db.sql`update due_items set state = 'done', revision = revision + 1
      where id in (select d.id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.number = '1')`;
    clock.set('2024-07-01T01:00:00Z');
    await h.reminders.digests.run('leadership', '2024-07-01');
    await deliverAll();
    const last = h.fake.calls('sendPhoto').filter((c) => String(c.chatId) === p.chats.leader).at(-1)!;
    // Task 1 was done, task 4 fell overdue meanwhile: 3 again.
    expect(String(last.params.caption)).toContain('So với tuần trước: 0');
  });

  it('gives each unit its Monday list and the coordinator a daily summary', async () => {
    clock.set('2024-07-01T01:00:00Z');
    await h.reminders.digests.run('unit', '2024-07-01');
    await h.reminders.digests.run('coordinator', '2024-07-01');
    await deliverAll();
    const toB = h.fake.sentMessages(p.chats.focalB).map((m) => m.text ?? '');
    expect(toB).toHaveLength(1);
    expect(toB[0]).toContain('Sở B — VIỆC TRONG TUẦN');
    expect(toB[0]).toContain('Đã quá hạn:');
    expect(toB[0]).toContain('4 Nhiệm vụ thử nghiệm b2 — hạn 27/06/2024');
    const toCoordinator = h.fake.sentMessages(p.chats.coordinator).map((m) => m.text ?? '');
    expect(toCoordinator.some((t) => t.includes('TỔNG HỢP NGÀY 01/07/2024') && t.includes('Quá hạn: 3'))).toBe(true);
  });

  it('sends nothing when there is nothing to report', async () => {
    const empty = await seedProvince(h.db.sql);
    await seedPlan(h.db.sql, empty, [{ unitId: empty.units.a, dueDate: '2024-12-31', state: 'done' }]);
    clock.set('2024-07-08T01:00:00Z');
    await h.reminders.digests.run('leadership', '2024-07-08');
    await h.reminders.digests.run('unit', '2024-07-08');
    await deliverAll();
    expect(h.fake.sentMessages(empty.chats.leader)).toHaveLength(0);
    expect(h.fake.sentMessages(empty.chats.focalA)).toHaveLength(0);
    await eventually(async () => true);
  });

  it('answers /baocao at once, outside working hours and ahead of the chat\'s queued messages', async () => {
    // Tuesday 09/07/2024, 22:00 in Hà Nội: outside working hours, when scheduled digests would wait for morning.
    clock.set('2024-07-09T15:00:00Z');
    // The leader's pacing slots are taken far ahead, as a morning of escalations leaves them.
    const pacer = new RedisChatPacer(h.redis!, { keyPrefix: `${h.prefix}:` });
    for (let i = 0; i < 30; i++) await pacer.reserve(BigInt(p.chats.leader), clock.now());
    const report = await h.reminders.digests.sendNow('leadership', p.chats.leader);
    expect(report.messages).toBe(1);
    expect(report.deliveredNow).toBe(1);
    expect(report.plannedAt?.toISOString()).toBe('2024-07-09T15:00:00.000Z');
    // Sent when the call returns, without a worker.
    const photos = h.fake
      .calls('sendPhoto')
      .filter((c) => String(c.chatId) === p.chats.leader && c.response?.ok === true && String(c.params.caption).includes('NHIỆM VỤ QUÁ HẠN (09/07/2024)'));
    expect(photos).toHaveLength(1);
    const [row] = await h.db.sql<{ status: string }[]>`select status from reminders where kind = 'digest' order by id desc limit 1`;
    expect(row!.status).toBe('sent');
  });
});
