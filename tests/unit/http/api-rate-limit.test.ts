import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../../../src/app/api/service.js';
import { API_TOKEN_PATTERN, hashApiToken, scopeAllows } from '../../../src/app/api/tokens.js';
import { MemoryApiRateLimitStore, RedisApiRateLimitStore } from '../../../src/http/api-rate-limit.js';

describe('API rate-limit windows', () => {
  it('memory: counts per key inside an epoch-aligned window and starts again in the next', async () => {
    let now = 120_000 + 15_000;
    const store = new MemoryApiRateLimitStore(() => now);
    expect(await store.hit('1', 60_000)).toEqual({ count: 1, resetInMs: 45_000 });
    expect(await store.hit('1', 60_000)).toEqual({ count: 2, resetInMs: 45_000 });
    expect((await store.hit('2', 60_000)).count).toBe(1);
    now = 179_999;
    expect(await store.hit('1', 60_000)).toEqual({ count: 3, resetInMs: 1 });
    now = 180_000;
    expect(await store.hit('1', 60_000)).toEqual({ count: 1, resetInMs: 60_000 });
  });

  it('redis: one key per token and window, expiring after two windows, set on the first hit only', async () => {
    const counts = new Map<string, number>();
    const expiries: [string, number][] = [];
    const redis = {
      incr: async (k: string) => {
        counts.set(k, (counts.get(k) ?? 0) + 1);
        return counts.get(k)!;
      },
      pexpire: async (k: string, ms: number) => {
        expiries.push([k, ms]);
        return 1;
      },
    };
    const store = new RedisApiRateLimitStore(redis, { keyPrefix: 'nv:', now: () => 61_000 });
    expect(await store.hit('7', 60_000)).toEqual({ count: 1, resetInMs: 59_000 });
    expect(await store.hit('7', 60_000)).toEqual({ count: 2, resetInMs: 59_000 });
    expect([...counts.keys()]).toEqual(['nv:api:rl:7:1']);
    expect(expiries).toEqual([['nv:api:rl:7:1', 120_000]]);
  });
});

describe('API tokens and requests', () => {
  it('read tokens may only read; write tokens may post', () => {
    expect(scopeAllows('read', 'GET')).toBe(true);
    expect(scopeAllows('read', 'HEAD')).toBe(true);
    expect(scopeAllows('read', 'POST')).toBe(false);
    expect(scopeAllows('read', 'DELETE')).toBe(false);
    expect(scopeAllows('write', 'POST')).toBe(true);
    expect(scopeAllows('write', 'GET')).toBe(true);
  });

  it('token shape and hash', () => {
    expect(API_TOKEN_PATTERN.test(`nv_${'a'.repeat(43)}`)).toBe(true);
    expect(API_TOKEN_PATTERN.test(`nv_${'a'.repeat(42)}`)).toBe(false);
    expect(API_TOKEN_PATTERN.test(`xx_${'a'.repeat(43)}`)).toBe(false);
    expect(hashApiToken('nv_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken('nv_x')).not.toBe(hashApiToken('nv_y'));
  });

  it('calendar days: real days only', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2023-02-29')).toBe(false);
    expect(isCalendarDay('2024-04-31')).toBe(false);
    expect(isCalendarDay('2024-4-1')).toBe(false);
  });
});
