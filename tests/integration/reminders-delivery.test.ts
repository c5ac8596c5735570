/**
 * Delivery through the real pipeline on both queue backends: BullMQ delayed jobs → worker → grammY → the fake
 * Telegram Bot API (which enforces Telegram's limits). Rows are inserted with planned instants a moment ahead so
 * the tests run in real time without waiting for 08:00.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/infra/system-clock.js';
import { OffsetClock, lastWorkingMorning } from '../helpers/clock.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * Hand-made rows for an item. The item is marked as planned at its current revision, so that reconciliation's
 * replanning leaves these rows alone (rows the planner did not produce are otherwise cancelled, by design).
 */
async function insertRows(harness: Harness, dueItemId: number, chats: string[], plannedAt: Date, kind = 'reminder'): Promise<number[]> {
  await markPlanned(harness, [dueItemId]);
  const rows = await harness.db.sql<{ id: string }[]>`
    insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
    select ${dueItemId}, ${kind}::reminder_kind, '0', c::bigint, ${`t|${dueItemId}|${kind}|`} || c, ${plannedAt}, '{"audience":"focal"}'::jsonb
    from unnest(${chats}::text[]) as c
    returning id`;
  return rows.map((r) => Number(r.id));
}

async function statuses(harness: Harness, ids: number[]) {
  return harness.db.sql<{ id: string; status: string; telegram_message_id: string | null; sent_at: Date | null; planned_at: Date; possible_duplicate: boolean; chat: string }[]>`
    select id, status, telegram_message_id, sent_at, planned_at, possible_duplicate, recipient_chat_id::text as chat from reminders where id = any(${ids}::bigint[]) order by id`;
}

async function markPlanned(harness: Harness, ids: number[]) {
  await leaveUnplanned(harness.db.sql, ids);
}

const chatsFrom = (base: number, n: number) => Array.from({ length: n }, (_, i) => String(base + i));

describe.each(['redis', 'postgres'] as const)('reminder delivery on %s', (backend) => {
  it('delivers each reminder at its planned instant and records the Telegram message id', async () => {
    h = await createHarness({ backend, clock: systemClock, fake: { now: () => Date.now() } });
    const p: Province = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    const plannedAt = new Date(Date.now() + 1500);
    const ids = await insertRows(h, item!, chatsFrom(7_000_000, 12), plannedAt);
    await h.startWorker();
    expect(await h.reminders.service.enqueueHorizon()).toBe(12);
    // Enqueueing twice (a second scheduler, a reconcile tick) adds nothing.
    await h.reminders.service.enqueueHorizon();
    await eventually(async () => (await statuses(h!, ids)).every((r) => r.status === 'sent'), 20_000, 'all sent');
    const rows = await statuses(h, ids);
    const sends = h.fake.calls('sendMessage').filter((c) => c.response?.ok);
    expect(sends).toHaveLength(12);
    for (const r of rows) {
      const call = sends.find((c) => String(c.chatId) === r.chat)!;
      const msg = (call.response as { result: { message_id: number } }).result;
      expect(Number(r.telegram_message_id)).toBe(msg.message_id);
      // Never early. How late depends on the machine's load, so it is not asserted here: bench:delivery measures it.
      expect(call.at).toBeGreaterThanOrEqual(plannedAt.getTime() - 5);
    }
    const text = String(sends[0]!.params.text);
    expect(text).toContain('NHẮC VIỆC — Sở A');
    expect(text).toContain('Hạn: 31/12/2030');
  });

  it('sends nothing for an item that was done before its reminder was due', async () => {
    h = await createHarness({ backend, clock: systemClock });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    const ids = await insertRows(h, item!, [p.chats.focalA], new Date(Date.now() + 800));
    await h.startWorker();
    await h.reminders.service.enqueueHorizon();
    await h.db.sql`update due_items set state = 'done', revision = revision + 1 where id = ${item!}`;
    await eventually(async () => (await statuses(h!, ids))[0]!.status === 'cancelled', 15_000, 'cancelled');
    expect(h.fake.sentMessages(p.chats.focalA)).toHaveLength(0);
  });
});

describe('reminder delivery under faults (Redis backend)', () => {
  it('a 429 storm delays but loses nothing', async () => {
    h = await createHarness({ backend: 'redis', clock: systemClock });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    const ids = await insertRows(h, item!, chatsFrom(7_100_000, 30), new Date(Date.now() + 300));
    h.fake.failNext(25, { kind: '429', retryAfterS: 1 }, { methods: ['sendMessage'] });
    await h.startWorker();
    await h.reminders.service.enqueueHorizon();
    await eventually(async () => (await statuses(h!, ids)).every((r) => r.status === 'sent'), 40_000, 'all sent');
    expect(h.fake.stats().faults).toBe(25);
    // Exactly one message per reminder reached Telegram.
    const perChat = new Map<string, number>();
    for (const m of h.fake.sentMessages()) perChat.set(String(m.chat.id), (perChat.get(String(m.chat.id)) ?? 0) + 1);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(perChat.size).toBe(30);
  });

  it('a blocked chat is marked inactive, its reminder fails, and the coordinator is told', async () => {
    // The coordinator's notice waits for working hours: the clock reads as a recent working morning.
    const clock = new OffsetClock(lastWorkingMorning());
    h = await createHarness({ backend: 'redis', clock });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    h.fake.failFor(p.chats.focalA, 'blocked');
    const ids = await insertRows(h, item!, [p.chats.focalA], new Date(clock.now().getTime() + 200));
    await h.startWorker();
    await h.reminders.service.enqueueHorizon();
    await eventually(async () => (await statuses(h!, ids))[0]!.status === 'failed', 15_000, 'failed');
    const [chat] = await h.db.sql`select active, inactive_reason from chats where telegram_chat_id = ${p.chats.focalA}::bigint`;
    expect(chat).toEqual({ active: false, inactive_reason: 'blocked' });
    const notice = await eventually(async () => h!.fake.sentMessages(p.chats.coordinator)[0], 15_000, 'coordinator notice');
    expect(notice.text).toContain(p.chats.focalA);
    expect(notice.text).toContain('ngừng hoạt động');
  });

  it('a send whose answer was lost is "unknown", never resent blindly, and reconciled into one flagged resend', async () => {
    h = await createHarness({ backend: 'redis', clock: systemClock });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    // Telegram accepts the message but the answer never comes back (the notifier's timeout is 3 s).
    h.fake.failNext(1, { kind: 'timeout', deliver: true }, { methods: ['sendMessage'] });
    const ids = await insertRows(h, item!, [p.chats.focalA], new Date(Date.now() + 100));
    await h.startWorker();
    await h.reminders.service.enqueueHorizon();
    await eventually(async () => (await statuses(h!, ids))[0]!.status === 'unknown', 20_000, 'unknown');
    // No blind retry happened: one message so far.
    expect(h.fake.sentMessages(p.chats.focalA)).toHaveLength(1);
    const report = await h.reminders.service.reconcile();
    expect(report.unknownRequeued).toBe(1);
    await eventually(async () => (await statuses(h!, ids))[0]!.status === 'sent', 15_000, 'resent');
    const [row] = await statuses(h, ids);
    expect(row!.possible_duplicate).toBe(true);
    const msgs = h.fake.sentMessages(p.chats.focalA);
    expect(msgs).toHaveLength(2);
    expect(msgs[1]!.text).toContain('Có thể anh/chị đã nhận tin này');
  });

  it('FLUSHDB of Redis followed by reconciliation restores every planned reminder from PostgreSQL', async () => {
    // A Redis database of its own: flushing it cannot disturb tests running in parallel on database 0.
    h = await createHarness({ backend: 'redis', clock: systemClock, redisDb: 7 });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    const ids = await insertRows(h, item!, chatsFrom(7_200_000, 20), new Date(Date.now() + 2500));
    expect(await h.reminders.service.enqueueHorizon()).toBe(20);
    await h.redis!.flushdb();
    const report = await h.reminders.service.reconcile();
    expect(report.enqueued).toBe(20);
    await h.startWorker();
    await eventually(async () => (await statuses(h!, ids)).every((r) => r.status === 'sent'), 20_000, 'all sent');
    expect(h.fake.sentMessages()).toHaveLength(20);
  });

  it('enqueues only new rows normally, and everything again when the queue comes back from older data', async () => {
    h = await createHarness({ backend: 'redis', clock: systemClock, redisDb: 6 });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    await insertRows(h, item!, chatsFrom(7_300_000, 10), new Date(Date.now() + 60_000));
    expect(await h.reminders.service.enqueueHorizon()).toBe(10);
    // Nothing new: nothing re-added.
    expect(await h.reminders.service.enqueueHorizon()).toBe(0);
    // A snapshot of the queue now...
    const snapshot = await h.redis!.keys(`${h.prefix}:*`);
    const dump = await Promise.all(snapshot.map(async (k) => [k, await h!.redis!.dumpBuffer(k)] as const));
    await insertRows(h, item!, chatsFrom(7_400_000, 5), new Date(Date.now() + 60_000));
    expect(await h.reminders.service.enqueueHorizon()).toBe(5);
    // ...restored later: the five newer jobs are gone, and the older marker says so.
    await h.redis!.flushdb();
    for (const [k, v] of dump) if (v) await h.redis!.restore(k, 0, v);
    expect(await h.reminders.service.enqueueHorizon()).toBe(15);
    const counts = await h.queue.queue('delivery').getJobCounts('delayed');
    expect(counts.delayed).toBe(16); // 15 reminders and the generation marker
  });

  it('downtime catch-up: one consolidated late notice per recipient, superseded steps skipped and recorded', async () => {
    // Late notices go out in working hours: the clock reads as a recent working morning.
    const clock = new OffsetClock(lastWorkingMorning());
    h = await createHarness({ backend: 'redis', clock });
    const p = await seedProvince(h.db.sql);
    const [one, two, three] = await seedPlan(h.db.sql, p, [
      { unitId: p.units.a, dueDate: '2030-12-31', task: 'one', taskNumber: '1' },
      { unitId: p.units.a, dueDate: '2030-11-30', task: 'two', taskNumber: '2' },
      { unitId: p.units.b, dueDate: '2030-10-31', task: 'three', taskNumber: '3' },
    ]);
    await markPlanned(h, [one!, two!, three!]);
    const day = 86_400_000;
    const now = clock.now().getTime();
    const insert = async (item: number, chat: string, step: string, kind: string, at: number) =>
      Number(
        (
          await h!.db.sql<{ id: string }[]>`
            insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
            values (${item}, ${kind}::reminder_kind, ${step}, ${chat}::bigint, ${`c|${item}|${kind}|${step}|${chat}`}, ${new Date(at)}, '{}')
            returning id`
        )[0]!.id,
      );
    const a1 = await insert(one!, p.chats.focalA, '-7', 'reminder', now - 3 * day);
    const a2 = await insert(one!, p.chats.focalA, '-3', 'reminder', now - 2 * day);
    const an = await insert(one!, p.chats.focalA, '-3n', 'nudge', now - 1.5 * day);
    const a3 = await insert(two!, p.chats.focalA, '-1', 'reminder', now - 1 * day);
    const b1 = await insert(three!, p.chats.focalB, '0', 'reminder', now - 1 * day);
    await h.startWorker();
    const report = await h.reminders.service.reconcile();
    expect(report).toMatchObject({ superseded: 2, late: 1, lateNotices: 1 });
    await eventually(async () => h!.fake.sentMessages().length >= 2, 15_000, 'two messages');
    // Settled: no reminder row is still to send or being sent, so no further message can follow.
    await eventually(
      async () => (await h!.db.sql<{ n: number }[]>`select count(*)::int as n from reminders where status in ('planned', 'sending')`)[0]!.n === 0,
      15_000,
      'every reminder settled',
    );
    const toA = h.fake.sentMessages(p.chats.focalA);
    const toB = h.fake.sentMessages(p.chats.focalB);
    expect(toA).toHaveLength(1);
    expect(toA[0]!.text).toContain('có 2 nhắc việc chưa gửi');
    expect(toB).toHaveLength(1);
    expect(toB[0]!.text).toContain('gửi muộn');
    const rows = await statuses(h, [a1, a2, an, a3, b1]);
    expect(rows.map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'sent']);
    const [skippedA1] = await h.db.sql`select payload from reminders where id = ${a1}`;
    expect(skippedA1!.payload).toMatchObject({ skipped: 'superseded', supersededBy: a2 });
    const [skippedA2] = await h.db.sql`select payload from reminders where id = ${a2}`;
    expect(skippedA2!.payload).toMatchObject({ skipped: 'consolidated' });
  });
});

describe('quiet hours', () => {
  it('defers a late notice found at night to the next working morning', async () => {
    // Saturday 21:00 in Hà Nội: the notice is planned for Monday 08:00, not sent now.
    const clock = new OffsetClock(new Date('2024-03-09T14:00:00Z'));
    h = await createHarness({ backend: 'redis', clock });
    const p = await seedProvince(h.db.sql);
    const [a, b] = await seedPlan(h.db.sql, p, [
      { unitId: p.units.a, dueDate: '2030-12-31', task: 'a' },
      { unitId: p.units.a, dueDate: '2030-12-31', task: 'b' },
    ]);
    await leaveUnplanned(h.db.sql, [a!, b!]);
    for (const [i, item] of [a!, b!].entries()) {
      await h.db.sql`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
        values (${item}, 'reminder', '0', ${p.chats.focalA}::bigint, ${`q|${i}`}, '2024-03-08T01:00:00Z', '{}')`;
    }
    const report = await h.reminders.service.reconcile();
    expect(report.lateNotices).toBe(1);
    const [notice] = await h.db.sql<{ planned_at: Date; status: string }[]>`select planned_at, status from reminders where kind = 'late_notice'`;
    expect(notice!.planned_at.toISOString()).toBe('2024-03-11T01:00:00.000Z');
    expect(notice!.status).toBe('planned');
  });
});
