/**
 * The bot's per-user rate limit counted in Redis: two bot processes (two clients) share one window, a new window
 * starts from zero, and keys expire. Needs Redis (fails, never skips, without it).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisRateLimitStore } from '../../src/bot/middleware.js';
import { TEST_REDIS_URL, uniqueSuffix } from '../helpers/services.js';

let a: Redis;
let b: Redis;
const prefix = `nv-test-${uniqueSuffix()}:`;

beforeAll(async () => {
  a = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  b = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  await a.ping().catch((err: unknown) => {
    throw new Error(`Redis at ${TEST_REDIS_URL} is required for this test: ${String(err)}`);
  });
});
afterAll(async () => {
  const keys = await a.keys(`${prefix}*`);
  if (keys.length > 0) await a.del(...keys);
  a?.disconnect();
  b?.disconnect();
});

describe('RedisRateLimitStore', () => {
  it('two processes count one window together; the next window starts again; keys expire', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const one = new RedisRateLimitStore(a, { keyPrefix: prefix, now: clock });
    const two = new RedisRateLimitStore(b, { keyPrefix: prefix, now: clock });
    const counts: number[] = [];
    for (let i = 0; i < 6; i++) counts.push(await (i % 2 === 0 ? one : two).hit(42, 10_000));
    expect(counts).toEqual([1, 2, 3, 4, 5, 6]);
    // Another user has a window of their own.
    expect(await two.hit(43, 10_000)).toBe(1);
    const [key] = await a.keys(`${prefix}rl:42:*`);
    const ttl = await a.pttl(key!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(20_000);
    now += 10_000;
    expect(await one.hit(42, 10_000)).toBe(1);
  });
});
