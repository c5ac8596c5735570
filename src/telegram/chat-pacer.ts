import type { Redis } from 'ioredis';
import type { Sql } from 'postgres';

/**
 * Per-chat send pacing that holds across processes. Before sending to a chat, a worker reserves the chat's next
 * free send slot and waits until it; reservations are atomic in a store every worker shares, so two processes can
 * never be handed slots closer than the chat's interval.
 *
 * Pacing is smooth (no bursts): consecutive slots of one chat are at least `privateIntervalMs` (chat id > 0) or
 * `groupIntervalMs` (chat id < 0) apart. With the defaults this gives at most 1 message per second to a private
 * chat and at most 20 per minute (and at most 1 per second) to a group, in any sliding window.
 */
export interface ChatPacer {
  /**
   * Reserves the next send slot of `chatId` and returns how many milliseconds after `now` it starts (0 = send now).
   * The reservation is spent whether or not the caller then sends.
   */
  reserve(chatId: bigint | number, now: Date): Promise<number>;
}

/** Intervals between consecutive sends to one chat. */
export interface ChatPacingPolicy {
  /** Private chats (id > 0). Default 1000 ms: Telegram's 1 message per second per chat. */
  privateIntervalMs: number;
  /** Groups, supergroups and channels (id < 0). Default 3000 ms: Telegram's 20 messages per minute per group. */
  groupIntervalMs: number;
}

/** Telegram's per-chat limits as intervals. */
export const DEFAULT_CHAT_PACING: Readonly<ChatPacingPolicy> = Object.freeze({
  privateIntervalMs: 1000,
  groupIntervalMs: 3000,
});

/** The interval between two sends to `chatId` under `policy`. */
export function chatIntervalMs(chatId: bigint | number, policy: ChatPacingPolicy): number {
  return BigInt(chatId) > 0n ? policy.privateIntervalMs : policy.groupIntervalMs;
}

function resolvePolicy(policy: Partial<ChatPacingPolicy> | undefined): ChatPacingPolicy {
  const resolved = { ...DEFAULT_CHAT_PACING, ...policy };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return resolved;
}

// ---- Redis ----

/** Options of {@link RedisChatPacer}. */
export interface RedisChatPacerOptions {
  /** Prefix of the per-chat keys (`<prefix>chat-slot:<chatId>`). Default `'nhacviec:'`. */
  keyPrefix?: string;
  /** Pacing intervals; defaults as in {@link DEFAULT_CHAT_PACING}. */
  policy?: Partial<ChatPacingPolicy>;
  /**
   * Extra lifetime of a key after its next slot has passed, covering clock differences between workers and
   * Redis. Default 60 000 ms.
   */
  expirySlackMs?: number;
}

/**
 * KEYS[1] = the chat's key; ARGV = now (ms since epoch), interval (ms), expiry slack (ms).
 * The key holds the chat's next free slot; the script hands out max(now, next) and moves next one interval on.
 * Redis runs a script atomically, so concurrent reservations are serialised.
 */
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local slack = tonumber(ARGV[3])
local next_slot = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, next_slot)
local new_next = slot + interval
redis.call('SET', KEYS[1], string.format('%d', new_next), 'PX', math.max(1, new_next - now + slack))
return string.format('%d', slot)
`;

/** A {@link ChatPacer} on Redis: one key per chat holding its next free slot, updated by a Lua script. */
export class RedisChatPacer implements ChatPacer {
  readonly #redis: Redis;
  readonly #keyPrefix: string;
  readonly #policy: ChatPacingPolicy;
  readonly #expirySlackMs: number;

  constructor(redis: Redis, options: RedisChatPacerOptions = {}) {
    this.#redis = redis;
    this.#keyPrefix = options.keyPrefix ?? 'nhacviec:';
    this.#policy = resolvePolicy(options.policy);
    this.#expirySlackMs = options.expirySlackMs ?? 60_000;
  }

  /** The Redis key of `chatId`'s next slot. */
  keyFor(chatId: bigint | number): string {
    return `${this.#keyPrefix}chat-slot:${BigInt(chatId)}`;
  }

  async reserve(chatId: bigint | number, now: Date): Promise<number> {
    const nowMs = now.getTime();
    const slot = await this.#redis.eval(
      RESERVE_SCRIPT,
      1,
      this.keyFor(chatId),
      String(nowMs),
      String(chatIntervalMs(chatId, this.#policy)),
      String(this.#expirySlackMs),
    );
    return Math.max(0, Number(slot) - nowMs);
  }
}

// ---- PostgreSQL ----

/** Options of {@link PostgresChatPacer}. */
export interface PostgresChatPacerOptions {
  /** Pacing intervals; defaults as in {@link DEFAULT_CHAT_PACING}. */
  policy?: Partial<ChatPacingPolicy>;
}

/**
 * Creates `chat_send_slots` if it does not exist. Temporary: the DDL is to move into the drizzle schema and
 * migrations, after which this function goes away.
 */
export async function ensureChatPacerSchema(sql: Sql): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS chat_send_slots (
      chat_id bigint PRIMARY KEY,
      next_slot_at timestamptz NOT NULL
    )
  `;
}

/**
 * A {@link ChatPacer} on PostgreSQL: one row per chat in `chat_send_slots` holding its next free slot, moved by a
 * single `INSERT … ON CONFLICT DO UPDATE … RETURNING`. The row lock taken by the upsert serialises concurrent
 * reservations of one chat; different chats do not contend.
 */
export class PostgresChatPacer implements ChatPacer {
  readonly #sql: Sql;
  readonly #policy: ChatPacingPolicy;

  constructor(sql: Sql, options: PostgresChatPacerOptions = {}) {
    this.#sql = sql;
    this.#policy = resolvePolicy(options.policy);
  }

  async reserve(chatId: bigint | number, now: Date): Promise<number> {
    const intervalMs = chatIntervalMs(chatId, this.#policy);
    // The slot handed out is the new next_slot_at minus one interval; RETURNING sees the row after the update.
    const rows = await this.#sql<{ slotMs: string }[]>`
      INSERT INTO chat_send_slots AS s (chat_id, next_slot_at)
      VALUES (${String(BigInt(chatId))}::bigint, ${now}::timestamptz + ${intervalMs}::integer * interval '1 millisecond')
      ON CONFLICT (chat_id) DO UPDATE
        SET next_slot_at = greatest(s.next_slot_at, ${now}::timestamptz) + ${intervalMs}::integer * interval '1 millisecond'
      RETURNING (extract(epoch FROM s.next_slot_at) * 1000)::bigint - ${intervalMs}::integer AS "slotMs"
    `;
    const slotMs = Number(rows[0]?.slotMs);
    if (!Number.isFinite(slotMs)) throw new Error(`chat_send_slots upsert returned no slot for chat ${chatId}`);
    return Math.max(0, slotMs - now.getTime());
  }

  /** Deletes rows whose next slot is older than `before`: they no longer constrain anything. Returns the count. */
  async prune(before: Date): Promise<number> {
    const result = await this.#sql`DELETE FROM chat_send_slots WHERE next_slot_at < ${before}::timestamptz`;
    return result.count;
  }
}

// ---- The global send gate ----

/**
 * Telegram's overall limit (30 messages in any sliding second) as an admission test taken at the instant of
 * sending, shared by every worker process. It is a GCRA with no burst tolerance: one stored instant, the earliest
 * next admission; a caller is admitted only when that instant has passed, and moves it `intervalMs` on. Admitted
 * sends are therefore at least `intervalMs` apart, so any window of `windowMs` holds at most
 * `ceil(windowMs / intervalMs)` of them, wherever the window starts: a sliding-window guarantee, unlike a fixed
 * window of 30 per 1000 ms (which lets 30 pass at the end of one window and 30 more at the start of the next).
 *
 * Unlike {@link ChatPacer.reserve}, nothing is reserved in the future: a refused caller is told how long to wait and
 * asks again, so a send's admission and its request are never far apart, whatever happened between them.
 */
export interface SendGate {
  /** Admits one send now (resolves 0, and the admission counts), or resolves the milliseconds to wait before asking again. */
  admit(now: Date): Promise<number>;
}

/**
 * The overall spacing of admissions (ms): 25 a second. Telegram counts a message when it arrives, and the time from
 * admission to arrival varies (the worker's event loop, the network, the server's own queue): admissions spaced by
 * 40 ms keep any second of arrivals at 30 or fewer as long as that variation stays under 200 ms
 * (30 × 40 ms = 1000 ms + 200 ms). 36 ms (28 a second) left 80 ms, and a 10,000-message burst on a loaded machine
 * met 429s (BENCHMARKS.md, Chaos).
 */
export const GLOBAL_SEND_INTERVAL_MS = 40;

/**
 * KEYS[1] = the gate's key; ARGV = now (ms since epoch), interval (ms), expiry slack (ms).
 * The key holds the earliest next admission; the script admits (returns 0) and moves it on, or returns the wait.
 * "Now" is the later of the caller's reading and Redis' own clock (`TIME`): the caller reads its clock before the
 * round trip, and a worker whose event loop lagged between the two would otherwise be admitted with an instant
 * already past, moving the next admission less than one interval after the real instant of this one.
 */
const ADMIT_SCRIPT = `
local t = redis.call('TIME')
local now = math.max(tonumber(ARGV[1]), tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
local interval = tonumber(ARGV[2])
local slack = tonumber(ARGV[3])
local next_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if next_at > now then return string.format('%d', next_at - now) end
redis.call('SET', KEYS[1], string.format('%d', now + interval), 'PX', interval + slack)
return '0'
`;

/** A {@link SendGate} on Redis: one key, moved by a Lua script (atomic across every worker). */
export class RedisSendGate implements SendGate {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #intervalMs: number;

  constructor(redis: Redis, options: { key?: string; intervalMs?: number } = {}) {
    this.#redis = redis;
    this.#key = options.key ?? 'nhacviec:send-gate';
    this.#intervalMs = options.intervalMs ?? GLOBAL_SEND_INTERVAL_MS;
  }

  async admit(now: Date): Promise<number> {
    const wait = await this.#redis.eval(ADMIT_SCRIPT, 1, this.#key, String(now.getTime()), String(this.#intervalMs), '60000');
    return Number(wait);
  }
}

/**
 * A {@link SendGate} on PostgreSQL: the row of chat id 0 in `chat_send_slots` (no Telegram chat has id 0) holds the
 * earliest next admission; a conditional upsert admits, and its row lock orders concurrent callers.
 */
export class PostgresSendGate implements SendGate {
  readonly #sql: Sql;
  readonly #intervalMs: number;

  constructor(sql: Sql, options: { intervalMs?: number } = {}) {
    this.#sql = sql;
    this.#intervalMs = options.intervalMs ?? GLOBAL_SEND_INTERVAL_MS;
  }

  async admit(now: Date): Promise<number> {
    // As on Redis, "now" is the later of the caller's reading and the server's clock at the statement.
    const admitted = await this.#sql`
      INSERT INTO chat_send_slots AS s (chat_id, next_slot_at)
      VALUES (0, greatest(${now}::timestamptz, clock_timestamp()) + ${this.#intervalMs}::integer * interval '1 millisecond')
      ON CONFLICT (chat_id) DO UPDATE
        SET next_slot_at = excluded.next_slot_at
        WHERE s.next_slot_at <= greatest(${now}::timestamptz, clock_timestamp())
      RETURNING 1`;
    if (admitted.length > 0) return 0;
    const [row] = await this.#sql<{ waitMs: string }[]>`
      SELECT greatest(1, ceil(extract(epoch FROM next_slot_at - greatest(${now}::timestamptz, clock_timestamp())) * 1000))::bigint AS "waitMs"
      FROM chat_send_slots WHERE chat_id = 0`;
    return Math.max(1, Number(row?.waitMs ?? 1));
  }
}
