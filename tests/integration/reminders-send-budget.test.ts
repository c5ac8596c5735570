/**
 * A send is bounded by its claim's lease (issue #16, points 7 and 9): a 429 storm never keeps a claim past the
 * lease (the reconciler would resend while the original goes through), and a send whose answer never comes frees
 * its delivery slot after SEND_TIMEOUT_SECONDS instead of the HTTP client's timeout.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/infra/system-clock.js';
import { QUEUE_NAMES } from '../../src/queue/jobs.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function insertRows(harness: Harness, dueItemId: number, chats: string[], plannedAt: Date): Promise<number[]> {
  await leaveUnplanned(harness.db.sql, [dueItemId]);
  const rows = await harness.db.sql<{ id: string }[]>`
    insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
    select ${dueItemId}, 'reminder'::reminder_kind, '0', c::bigint, ${`t|${dueItemId}|reminder|`} || c, ${plannedAt}, '{"audience":"focal"}'::jsonb
    from unnest(${chats}::text[]) as c
    returning id`;
  return rows.map((r) => Number(r.id));
}

async function rows(harness: Harness, ids: number[]) {
  return harness.db.sql<{ status: string; possible_duplicate: boolean; chat: string }[]>`
    select status, possible_duplicate, recipient_chat_id::text as chat from reminders where id = any(${ids}::bigint[]) order by id`;
}

describe('a send stays inside its lease', () => {
  it('a 429 storm with a short lease gives the claim back instead of waiting past the lease: 0 duplicates', async () => {
    const leaseMs = 3000;
    h = await createHarness({ backend: 'redis', clock: systemClock, sendLeaseMs: leaseMs });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    const ids = await insertRows(h, item!, [p.chats.focalA], new Date(Date.now() + 100));
    // Three 429s of 2 s each: waited in-process, they would hold the claim for 6 s, twice the lease.
    h.fake.failNext(3, { kind: '429', retryAfterS: 2 }, { methods: ['sendMessage'] });
    await h.startWorker();
    await h.reminders.service.enqueueHorizon();
    const harness = h;
    // The reconciler ticks all along, as often as it likes: it must never find the claim past its lease.
    let reconciles = 0;
    let staleSending = 0;
    await eventually(
      async () => {
        const report = await harness.reminders.service.reconcile();
        reconciles += 1;
        staleSending += report.staleSending;
        return harness.fake.sentMessages(p.chats.focalA).length > 0;
      },
      40_000,
      'the message through',
    );
    // Settle: no delivery job left running, then one more reconciliation.
    const delivery = h.queue.queue(QUEUE_NAMES.delivery);
    await eventually(async () => (await delivery.getJobCounts('active')).active === 0, 10_000, 'no active send');
    staleSending += (await h.reminders.service.reconcile()).staleSending;
    expect(reconciles).toBeGreaterThan(1);
    expect(h.fake.stats().faults).toBe(3);
    expect(staleSending).toBe(0);
    const [row] = await eventually(async () => {
      const r = await rows(harness, ids);
      return r[0]!.status === 'sent' ? r : undefined;
    }, 10_000, 'row sent');
    expect(row!.possible_duplicate).toBe(false);
    expect(h.fake.sentMessages(p.chats.focalA)).toHaveLength(1);
  });

  it('sends whose answers never come free their slots after SEND_TIMEOUT_SECONDS and stay unknown', async () => {
    // The HTTP client would wait 30 s (the production default); the send budget is 1 s.
    h = await createHarness({ backend: 'redis', clock: systemClock, apiTimeoutSeconds: 30, env: { SEND_TIMEOUT_SECONDS: '1' } });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    // Both slots of the worker get a send that Telegram accepts but never answers.
    h.fake.failNext(2, { kind: 'timeout', deliver: true }, { methods: ['sendMessage'] });
    const ids = await insertRows(h, item!, [p.chats.focalA, p.chats.focalB, p.chats.headA], new Date(Date.now() + 100));
    await h.startWorker({ deliveryConcurrency: 2 });
    await h.reminders.service.enqueueHorizon();
    const harness = h;
    const final = await eventually(
      async () => {
        const r = await rows(harness, ids);
        return r.filter((x) => x.status === 'unknown').length === 2 && r.some((x) => x.status === 'sent') ? r : undefined;
      },
      20_000,
      'two unknown and one sent, long before the client timeout',
    );
    expect(final.map((r) => r.status).sort()).toEqual(['sent', 'unknown', 'unknown']);
    // Nothing was resent blindly: one message per chat.
    for (const chat of [p.chats.focalA, p.chats.focalB, p.chats.headA]) expect(h.fake.sentMessages(chat)).toHaveLength(1);
  });
});
