/**
 * The overall send gate (issue #16, point 8) on real Redis and PostgreSQL, with time as an input: however many
 * workers ask at once, the admitted sends never exceed Telegram's 30 in any sliding second, wherever the second
 * starts (a fixed window of 30 per 1000 ms lets 60 through across a window edge).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_SEND_INTERVAL_MS, PostgresSendGate, RedisSendGate, type SendGate } from '../../src/telegram/chat-pacer.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
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

const backends: [string, () => SendGate[]][] = [
  ['redis', () => { const key = `gate${uniqueSuffix()}`; return redisClients.map((r) => new RedisSendGate(r, { key })); }],
  ['postgres', () => Array.from({ length: WORKERS }, () => new PostgresSendGate(db.sql))],
];

describe.each(backends)('the overall send gate on %s', (_name, makeGates) => {
  it('never admits more than Telegram’s 30 in any sliding second, with 4 workers asking at once', async () => {
    const gates = makeGates();
    const base = Date.UTC(2031, 0, 1, 1, 0, 0);
    const admitted = await storm(gates, base, 3000, 4);
    expect(maxInSlidingSecond(admitted)).toBeLessThanOrEqual(Math.ceil(1000 / GLOBAL_SEND_INTERVAL_MS));
    expect(maxInSlidingSecond(admitted)).toBeLessThan(TELEGRAM_MAX_PER_SECOND);
    // And it is not needlessly strict: about one admission per interval over the whole storm.
    expect(admitted.length).toBeGreaterThanOrEqual(Math.floor(3000 / GLOBAL_SEND_INTERVAL_MS) - 1);
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
