import { Redis } from 'ioredis';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureChatPacerSchema,
  PostgresChatPacer,
  RedisChatPacer,
  type ChatPacer,
  type ChatPacingPolicy,
} from '../../src/telegram/chat-pacer.js';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL, uniqueSuffix, withDatabase } from '../helpers/services.js';

const T0 = new Date('2024-03-15T01:00:00.000Z');
const PRIVATE_CHAT = 1_234_567_890;
const GROUP_CHAT = -1_001_234_567_890n;

/** Two stores' worth of pacers, each pair sharing one store through separate connections ("two processes"). */
interface Backend {
  name: string;
  pacers(policy?: Partial<ChatPacingPolicy>): [ChatPacer, ChatPacer];
}

/** Reserves `count` slots for `chatId` through alternating pacers, all at once; returns the absolute slot times. */
async function hammer(pacers: readonly ChatPacer[], chatId: bigint | number, count: number, nowOf: (i: number) => Date) {
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const now = nowOf(i);
      const pacer = pacers[i % pacers.length] as ChatPacer;
      const waitMs = await pacer.reserve(chatId, now);
      return { now: now.getTime(), waitMs, slot: now.getTime() + waitMs };
    }),
  );
  return results.sort((a, b) => a.slot - b.slot);
}

function gaps(slots: readonly number[]): number[] {
  return slots.slice(1).map((slot, i) => slot - (slots[i] as number));
}

let redisA: Redis;
let redisB: Redis;
let admin: Sql;
let sqlA: Sql;
let sqlB: Sql;
let databaseName: string;
const keyPrefix = `nhacviec-test-pacer-${uniqueSuffix()}:`;

function redisClient(): Redis {
  // Fail fast instead of reconnecting forever: a missing Redis must fail the tests, not hang them.
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3000 });
  // Connection errors surface through connect() and the commands; the event would only duplicate them.
  client.on('error', () => {});
  return client;
}

let setupError: Error | undefined;

beforeAll(async () => {
  try {
    redisA = redisClient();
    redisB = redisClient();
    await Promise.all([redisA.connect(), redisB.connect()]);
  } catch (error) {
    setupError = new Error(`Redis at ${TEST_REDIS_URL} is required for the chat pacer tests: ${String(error)}`, { cause: error });
    return;
  }
  try {
    databaseName = `nhacviec_test_pacer_${uniqueSuffix()}`;
    admin = postgres(TEST_PG_ADMIN_URL, { max: 1, connect_timeout: 5, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${databaseName}"`);
  } catch (error) {
    setupError = new Error(`PostgreSQL at ${TEST_PG_ADMIN_URL} is required for the chat pacer tests: ${String(error)}`, { cause: error });
    return;
  }
  const url = withDatabase(TEST_PG_ADMIN_URL, databaseName);
  sqlA = postgres(url, { max: 10, onnotice: () => {} });
  sqlB = postgres(url, { max: 10, onnotice: () => {} });
  await ensureChatPacerSchema(sqlA);
});

// A missing service fails every test (rather than leaving them reported as skipped).
beforeEach(() => {
  if (setupError !== undefined) throw setupError;
});

afterAll(async () => {
  await sqlA?.end({ timeout: 5 });
  await sqlB?.end({ timeout: 5 });
  if (admin !== undefined) {
    if (databaseName !== undefined && setupError === undefined) {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    }
    await admin.end({ timeout: 5 });
  }
  if (redisA?.status === 'ready') {
    const keys = await redisA.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redisA.del(...keys);
  }
  redisA?.disconnect();
  redisB?.disconnect();
});

let prefixSeq = 0;
const backends: Backend[] = [
  {
    name: 'Redis',
    pacers: (policy) => {
      // A fresh prefix per scenario, so scenarios never see each other's slots.
      prefixSeq += 1;
      const options = { keyPrefix: `${keyPrefix}${prefixSeq}:`, ...(policy === undefined ? {} : { policy }) };
      return [new RedisChatPacer(redisA, options), new RedisChatPacer(redisB, options)];
    },
  },
  {
    name: 'PostgreSQL',
    pacers: (policy) => {
      const options = policy === undefined ? {} : { policy };
      return [new PostgresChatPacer(sqlA, options), new PostgresChatPacer(sqlB, options)];
    },
  },
];

describe.each(backends)('$name chat pacer', (backend) => {
  // Each scenario uses its own chat ids so the PostgreSQL table can be shared within the file.
  let chatSeq = 0;
  const nextPrivate = (): number => PRIVATE_CHAT + 1000 * (backend.name === 'Redis' ? 1 : 2) + (chatSeq += 1);
  const nextGroup = (): bigint => GROUP_CHAT - BigInt(1000 * (backend.name === 'Redis' ? 1 : 2) + (chatSeq += 1));

  it('hands two processes hammering one private chat slots exactly 1 s apart, none lost or shared', async () => {
    const chat = nextPrivate();
    const results = await hammer(backend.pacers(), chat, 60, () => T0);
    expect(results.map((r) => r.slot - T0.getTime())).toEqual(Array.from({ length: 60 }, (_, i) => i * 1000));
  });

  it('never hands slots closer than the interval when the callers’ clocks differ', async () => {
    const chat = nextPrivate();
    // Callers arrive with `now` spread over 20 s in random order, as workers picking up jobs would.
    const offsets = Array.from({ length: 80 }, (_, i) => (i * 7919) % 20_000);
    const results = await hammer(backend.pacers(), chat, offsets.length, (i) => new Date(T0.getTime() + (offsets[i] ?? 0)));
    for (const gap of gaps(results.map((r) => r.slot))) expect(gap).toBeGreaterThanOrEqual(1000);
    for (const r of results) expect(r.slot).toBeGreaterThanOrEqual(r.now);
    expect(results).toHaveLength(80);
  });

  it('paces a group at 20 per minute: 3 s apart, never more than 20 in any 60 s window', async () => {
    const chat = nextGroup();
    const results = await hammer(backend.pacers(), chat, 45, () => T0);
    const slots = results.map((r) => r.slot);
    expect(gaps(slots).every((gap) => gap === 3000)).toBe(true);
    for (const start of slots) {
      expect(slots.filter((s) => s >= start && s < start + 60_000).length).toBeLessThanOrEqual(20);
    }
  });

  it('keeps chats independent and lets an idle chat send at once', async () => {
    const [a, b] = backend.pacers();
    const first = nextPrivate();
    const second = nextPrivate();
    expect(await a.reserve(first, T0)).toBe(0);
    expect(await b.reserve(second, T0)).toBe(0);
    expect(await b.reserve(first, T0)).toBe(1000);
    expect(await a.reserve(first, new Date(T0.getTime() + 400))).toBe(1600);
    // Long after the last reserved slot, the chat is free again.
    expect(await a.reserve(first, new Date(T0.getTime() + 10_000))).toBe(0);
  });

  it('takes configurable intervals', async () => {
    const [a, b] = backend.pacers({ privateIntervalMs: 250, groupIntervalMs: 10_000 });
    const privateChat = nextPrivate();
    const groupChat = nextGroup();
    expect(await Promise.all([a.reserve(privateChat, T0), b.reserve(privateChat, T0)]).then((w) => w.sort())).toEqual([0, 250]);
    expect(await Promise.all([a.reserve(groupChat, T0), b.reserve(groupChat, T0)]).then((w) => w.sort((x, y) => x - y))).toEqual([
      0, 10_000,
    ]);
  });
});

describe('store details', () => {
  it('Redis keys expire once their slot has passed (plus slack)', async () => {
    const pacer = new RedisChatPacer(redisA, { keyPrefix: `${keyPrefix}ttl:`, expirySlackMs: 5000 });
    await pacer.reserve(GROUP_CHAT, T0);
    await pacer.reserve(GROUP_CHAT, T0);
    const ttl = await redisA.pttl(pacer.keyFor(GROUP_CHAT));
    // Next slot is 6 s after T0: the key lives 6 s + 5 s slack from the last reservation.
    expect(ttl).toBeGreaterThan(10_000);
    expect(ttl).toBeLessThanOrEqual(11_000);
    expect(await redisA.get(pacer.keyFor(GROUP_CHAT))).toBe(String(T0.getTime() + 6000));
  });

  it('PostgreSQL keeps one row per chat and prunes rows whose slot has passed', async () => {
    const pacer = new PostgresChatPacer(sqlA);
    const chat = -999_001;
    await pacer.reserve(chat, T0);
    await pacer.reserve(chat, T0);
    const rows = await sqlA<{ nextSlotAt: Date }[]>`
      SELECT next_slot_at AS "nextSlotAt" FROM chat_send_slots WHERE chat_id = ${chat}
    `;
    expect(rows.map((r) => r.nextSlotAt.toISOString())).toEqual([new Date(T0.getTime() + 6000).toISOString()]);
    expect(await pacer.prune(new Date(T0.getTime() + 6001))).toBeGreaterThanOrEqual(1);
    expect(await sqlA`SELECT 1 FROM chat_send_slots WHERE chat_id = ${chat}`).toHaveLength(0);
  });

  it('ensureChatPacerSchema is idempotent', async () => {
    await expect(ensureChatPacerSchema(sqlB)).resolves.toBeUndefined();
  });
});
