/**
 * The overall send gate (issue #16, point 8) on real Redis and PostgreSQL, with time as an input: however many
 * workers ask at once, the admitted sends never exceed Telegram's 30 in any sliding second, wherever the second
 * starts (a fixed window of 30 per 1000 ms lets 60 through across a window edge). And every HTTP request of a send
 * passes it, retries after a 429 included, through the real grammY Api against the fake Bot API.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/app/ports.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { GLOBAL_SEND_INTERVAL_MS, PostgresSendGate, RedisSendGate, type SendGate } from '../../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../../src/telegram/create-api.js';
import { TelegramNotifier } from '../../src/telegram/notifier.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

const TELEGRAM_MAX_PER_SECOND = 30;
const WORKERS = 4;

let db: TestDatabase;
const redisClients: Redis[] = [];
beforeAll(async () => {
  db = await createTestDatabase('send_gate');
  for (let i = 0; i < WORKERS; i += 1) redisClients.push(new Redis(TEST_REDIS_URL));
});
afterAll(async () => {
  for (const r of redisClients) r.disconnect();
  await db.drop();
});

/** The most admissions in any window [t, t + 1000 ms). */
function maxInSlidingSecond(admitted: number[]): number {
  const sorted = [...admitted].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (sorted[j]! < sorted[i]! - 999) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * Every `stepMs` of virtual time for `durationMs`, each of the workers asks the gate once, all at the same instant;
 * returns the instants admitted (ms from `base`).
 */
async function storm(gates: SendGate[], base: number, durationMs: number, stepMs: number): Promise<number[]> {
  const admitted: number[] = [];
  for (let t = 0; t < durationMs; t += stepMs) {
    const waits = await Promise.all(gates.map((g) => g.admit(new Date(base + t))));
    for (const w of waits) if (w === 0) admitted.push(t);
  }
  return admitted;
}

const backends: [string, () => SendGate[], (intervalMs: number) => SendGate][] = [
  [
    'redis',
    () => { const key = `gate${uniqueSuffix()}`; return redisClients.map((r) => new RedisSendGate(r, { key })); },
    (intervalMs) => new RedisSendGate(redisClients[0]!, { key: `gate${uniqueSuffix()}`, intervalMs }),
  ],
  ['postgres', () => Array.from({ length: WORKERS }, () => new PostgresSendGate(db.sql)), (intervalMs) => new PostgresSendGate(db.sql, { intervalMs })],
];

describe.each(backends)('the overall send gate on %s', (_name, makeGates, makeGate) => {
  it('never admits more than Telegram’s 30 in any sliding second, with 4 workers asking at once', async () => {
    const gates = makeGates();
    const base = Date.UTC(2031, 0, 1, 1, 0, 0);
    const admitted = await storm(gates, base, 3000, 4);
    expect(maxInSlidingSecond(admitted)).toBeLessThanOrEqual(Math.ceil(1000 / GLOBAL_SEND_INTERVAL_MS));
    expect(maxInSlidingSecond(admitted)).toBeLessThan(TELEGRAM_MAX_PER_SECOND);
    // And it is not needlessly strict: about one admission per interval over the whole storm.
    expect(admitted.length).toBeGreaterThanOrEqual(Math.floor(3000 / GLOBAL_SEND_INTERVAL_MS) - 1);
  });

  it('counts from the server’s clock when the caller’s reading is stale (a lagging event loop)', async () => {
    // A long interval, so that the machine's own delays cannot blur the figures.
    const gate = makeGate(60_000);
    // The PostgreSQL gate has one row; an earlier test left it in 2031.
    await db.sql`delete from chat_send_slots where chat_id = 0`;
    // A caller read its clock 30 s before its request reached the store, and is admitted. The next admission is
    // one interval after the real instant of that one, not after the stale reading (which would leave 30 s).
    expect(await gate.admit(new Date(Date.now() - 30_000))).toBe(0);
    expect(await gate.admit(new Date())).toBeGreaterThan(45_000);
    await db.sql`delete from chat_send_slots where chat_id = 0`;
  });

  it('refuses across a window edge what a fixed window would let through, and says how long to wait', async () => {
    const [gate] = makeGates();
    const base = Date.UTC(2031, 0, 2, 1, 0, 0);
    expect(await gate!.admit(new Date(base + 999))).toBe(0);
    // A fixed window starting at base + 1000 would admit at once; 1 ms after the last admission is too early.
    expect(await gate!.admit(new Date(base + 1000))).toBe(GLOBAL_SEND_INTERVAL_MS - 1);
    expect(await gate!.admit(new Date(base + 999 + GLOBAL_SEND_INTERVAL_MS))).toBe(0);
  });
});

/** A real Redis gate whose admissions are recorded (`performance.now()` instants, the fake's clock). */
function recordingGate(): { gate: SendGate; admitted: number[] } {
  const inner = new RedisSendGate(redisClients[0]!, { key: `gate${uniqueSuffix()}` });
  const admitted: number[] = [];
  return {
    admitted,
    gate: {
      async admit(now) {
        const wait = await inner.admit(now);
        if (wait === 0) admitted.push(performance.now());
        return wait;
      },
    },
  };
}

/** Asks `gate` until admitted or `maxWaitMs` passes, as the reminder service does. */
async function admitWithin(gate: SendGate, maxWaitMs: number): Promise<boolean> {
  for (let waited = 0; ; ) {
    const wait = await gate.admit(new Date());
    if (wait <= 0) return true;
    if (waited + wait > maxWaitMs) return false;
    await new Promise((r) => setTimeout(r, wait));
    waited += wait;
  }
}

describe('every request of a send passes the gate', () => {
  let fake: FakeTelegram;
  let h: Harness | undefined;
  beforeAll(async () => {
    fake = new FakeTelegram({ limits: false });
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(async () => {
    fake.reset();
    await h?.close();
    h = undefined;
  });

  it('a retry after a 429 is admitted by the gate before it is made, and the 429 is reported', async () => {
    const { gate, admitted } = recordingGate();
    const notifier = new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot }));
    fake.failNext(1, { kind: '429', retryAfterS: 1 }, { methods: ['sendMessage'] });
    const reported: number[] = [];
    // The caller admitted the first request itself; the notifier asks the gate for every further one.
    await notifier.send({ chatId: '4201', text: 'nhắc việc' }, { budgetMs: 10_000, admit: (ms) => admitWithin(gate, ms), onRateLimited: (s) => reported.push(s) });
    const calls = fake.calls('sendMessage');
    expect(calls.map((c) => c.response?.ok)).toEqual([false, true]);
    expect(admitted).toHaveLength(1);
    expect(admitted[0]!).toBeGreaterThan(calls[0]!.at);
    expect(admitted[0]!).toBeLessThanOrEqual(calls[1]!.at);
    expect(reported).toEqual([1]);
  });

  it('a retry the gate does not admit in time is not made: not sent, the claim can be given back', async () => {
    const notifier = new TelegramNotifier(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot }));
    fake.failNext(1, { kind: '429', retryAfterS: 1 }, { methods: ['sendMessage'] });
    const asked: number[] = [];
    const error = await notifier
      .send({ chatId: '4202', text: 'nhắc việc' }, { budgetMs: 10_000, admit: async (ms) => (asked.push(ms), false) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).failure.kind).toBe('not_sent');
    expect(asked).toHaveLength(1);
    // Never waits past the budget less the headroom the repeated request needs.
    expect(asked[0]!).toBeLessThanOrEqual(9000);
    expect(fake.calls('sendMessage')).toHaveLength(1);
    expect(fake.sentMessages()).toHaveLength(0);
  });

  it('through the reminder service: one admission per HTTP request, and every 429 counted, retried or not', async () => {
    const { gate, admitted } = recordingGate();
    let counted429 = 0;
    h = await createHarness({
      backend: 'redis',
      clock: systemClock,
      sendGate: gate,
      metrics: { planned: () => {}, sent: () => {}, failed: () => {}, rateLimited: () => (counted429 += 1) },
    });
    const p = await seedProvince(h.db.sql);
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2030-12-31' }]);
    await leaveUnplanned(h.db.sql, [item!]);
    const chats = ['8200001', '8200002', '8200003'];
    // Each chat's first send meets a 429 of 1 s, waited and retried in-process.
    for (const chat of chats) h.fake.failFor(chat, { kind: '429', retryAfterS: 1 }, { times: 1 });
    const ids = (
      await h.db.sql<{ id: string }[]>`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
        select ${item!}, 'reminder', '0', c::bigint, ${`g|${item!}|`} || c, ${new Date(Date.now() + 100)}, '{"audience":"focal"}'::jsonb
        from unnest(${chats}::text[]) as c returning id`
    ).map((r) => Number(r.id));
    await h.startWorker({ deliveryConcurrency: 3 });
    await h.reminders.service.enqueueHorizon();
    const harness = h;
    await eventually(
      async () => {
        const r = await harness.db.sql<{ status: string }[]>`select status from reminders where id = any(${ids}::bigint[])`;
        return r.every((x) => x.status === 'sent');
      },
      30_000,
      'every row sent',
    );
    const requests = h.fake.calls('sendMessage').filter((c) => chats.includes(String(c.params.chat_id)));
    expect(requests).toHaveLength(6);
    expect(h.fake.sentMessages().filter((m) => chats.includes(String(m.chat.id)))).toHaveLength(3);
    expect(admitted).toHaveLength(requests.length);
    expect(counted429).toBe(3);
  });
});
