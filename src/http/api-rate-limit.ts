/**
 * Per-token request limits of the JSON API: fixed windows, counted in this process's memory or, with several API
 * processes behind a load balancer, in Redis (windows aligned on the epoch, so every process agrees on them).
 * A window boundary may let a client through up to twice `max` in a short span; that is the usual trade of fixed
 * windows and is fine for a limit that only protects the database.
 */

export interface ApiRateLimitOptions {
  /** Requests one token may make per window. Default 120. */
  max: number;
  /** Default 60 000 ms. */
  windowMs: number;
}

/** Default: 120 requests a minute per token. */
export const DEFAULT_API_RATE_LIMIT: ApiRateLimitOptions = { max: 120, windowMs: 60_000 };

/** Counts a key's requests in the current window. */
export interface ApiRateLimitStore {
  /** Counts one request; resolves with the count in the window so far (1 = the first) and the ms until it ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
}

/** Windows in this process's memory. `now`: milliseconds (default `Date.now`; tests inject a clock). */
export class MemoryApiRateLimitStore implements ApiRateLimitStore {
  readonly #windows = new Map<string, { index: number; count: number }>();
  constructor(private readonly now: () => number = () => Date.now()) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const t = this.now();
    const index = Math.floor(t / windowMs);
    if (this.#windows.size > 10_000) for (const [k, w] of this.#windows) if (w.index < index) this.#windows.delete(k);
    let w = this.#windows.get(key);
    if (w === undefined || w.index !== index) {
      w = { index, count: 0 };
      this.#windows.set(key, w);
    }
    w.count += 1;
    return { count: w.count, resetInMs: (index + 1) * windowMs - t };
  }
}

/** Minimal Redis client surface (ioredis). */
export interface ApiRateLimitRedis {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

/** Windows in Redis, shared by every API process: `<prefix>api:rl:<key>:<window number>`, INCR then PEXPIRE. */
export class RedisApiRateLimitStore implements ApiRateLimitStore {
  constructor(
    private readonly redis: ApiRateLimitRedis,
    private readonly options: { keyPrefix: string; now?: () => number },
  ) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const t = this.options.now?.() ?? Date.now();
    const index = Math.floor(t / windowMs);
    const count = await this.redis.incr(`${this.options.keyPrefix}api:rl:${key}:${index}`);
    if (count === 1) await this.redis.pexpire(`${this.options.keyPrefix}api:rl:${key}:${index}`, windowMs * 2);
    return { count, resetInMs: (index + 1) * windowMs - t };
  }
}
