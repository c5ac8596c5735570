/**
 * Cross-cutting middleware: update de-duplication with the error boundary, the sender's identity, and the
 * per-user rate limit.
 */
import { GrammyError, HttpError, type MiddlewareFn } from 'grammy';
import type { BotService } from '../app/bot/service.js';
import type { Logger } from '../infra/logger.js';
import { classifyTelegramError } from '../telegram/classify-error.js';
import { answer, type BotContext } from './context.js';
import { trFor, type Translator } from './notify.js';

/**
 * Handles each `update_id` once (a replayed or redelivered update is dropped and audited). When handling fails,
 * the id is forgotten again so that Telegram's redelivery (webhook mode) gets another chance, and the callback
 * query, if any, is answered. A failure to write to a chat the bot may no longer use (blocked, kicked, not found)
 * ends the update quietly: the chat was marked inactive by the API transformer.
 */
export function dedupeUpdates(service: BotService, logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const updateId = ctx.update.update_id;
    if (!(await service.markUpdateProcessed(updateId))) {
      logger.info('update already handled; skipped', { updateId });
      await service.audit({
        actorTelegramId: ctx.from === undefined ? null : String(ctx.from.id),
        chatId: ctx.chat === undefined ? null : String(ctx.chat.id),
        action: 'update.replay',
        outcome: 'refused',
        details: { updateId },
      });
      return;
    }
    try {
      await next();
    } catch (error) {
      if (error instanceof GrammyError || error instanceof HttpError) {
        const failure = classifyTelegramError(error);
        if (failure.kind === 'blocked' || failure.kind === 'chat_not_found') {
          logger.info('chat unreachable while handling an update', { updateId, kind: failure.kind });
          return;
        }
      }
      await service.forgetUpdate(updateId).catch(() => {});
      await answer(ctx, ctx.t === undefined ? undefined : ctx.t('bot-error'), true).catch(() => {});
      throw error;
    }
  };
}

/** Loads the sender's person and memberships into `ctx.who`. */
export function loadSender(service: BotService): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from === undefined || from.is_bot) {
      ctx.who = null;
      return next();
    }
    const chat = ctx.chat ?? { id: from.id, type: 'private' as const };
    ctx.who = {
      actor: await service.findActor(String(from.id)),
      user: {
        id: String(from.id),
        firstName: from.first_name,
        ...(from.last_name === undefined ? {} : { lastName: from.last_name }),
        ...(from.username === undefined ? {} : { username: from.username }),
        ...(from.language_code === undefined ? {} : { languageCode: from.language_code }),
      },
      chat: {
        id: String(chat.id),
        kind: chat.type,
        ...('title' in chat && typeof chat.title === 'string' ? { title: chat.title } : {}),
      },
    };
    await next();
  };
}

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Updates one user may send per window. Default 20. */
  max: number;
  /** Default 10 000 ms. */
  windowMs: number;
  /** Monotonic milliseconds (memory store). Default `performance.now`. */
  now?: () => number;
  /**
   * Where windows are counted. Default: this process's memory. With several bot processes (webhook behind a load
   * balancer), a shared store (`RedisRateLimitStore`) makes the limit hold across them.
   */
  store?: RateLimitStore;
}

/** Counts a user's updates in the current window. */
export interface RateLimitStore {
  /** Counts one update of `userId`; returns the count in its window so far (1 = the first). */
  hit(userId: number, windowMs: number): Promise<number>;
}

/** Windows in this process's memory (one bot process). */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<number, { start: number; count: number }>();
  #lastSweep: number;
  constructor(private readonly now: () => number = () => performance.now()) {
    this.#lastSweep = now();
  }

  async hit(userId: number, windowMs: number): Promise<number> {
    const t = this.now();
    if (t - this.#lastSweep > windowMs) {
      for (const [id, w] of this.#windows) if (t - w.start >= windowMs) this.#windows.delete(id);
      this.#lastSweep = t;
    }
    let w = this.#windows.get(userId);
    if (w === undefined || t - w.start >= windowMs) {
      w = { start: t, count: 0 };
      this.#windows.set(userId, w);
    }
    return ++w.count;
  }
}

/** Minimal Redis client surface (ioredis). */
export interface RedisLike {
  incr(key: string): Promise<number>;
  pexpire(key: string, ms: number): Promise<number>;
}

/**
 * Windows in Redis, shared by every bot process: fixed windows aligned on the epoch (`<prefix><user>:<window
 * number>`), INCR then PEXPIRE on the first hit. A window boundary may let one user through up to twice `max` in
 * a short span, as any fixed-window counter.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: RedisLike,
    private readonly options: { keyPrefix: string; now?: () => number },
  ) {}

  async hit(userId: number, windowMs: number): Promise<number> {
    const now = this.options.now?.() ?? Date.now();
    const key = `${this.options.keyPrefix}rl:${userId}:${Math.floor(now / windowMs)}`;
    const count = await this.redis.incr(key);
    if (count === 1) await this.redis.pexpire(key, windowMs * 2);
    return count;
  }
}

/** Default per-user rate limit: 20 updates per 10 seconds (a person tapping fast stays well below it). */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 20, windowMs: 10_000 };

/**
 * Per-user rate limit (see {@link RateLimitOptions.store} for where windows are counted). Over the limit, button
 * presses are answered with a short notice and messages are ignored; the first refusal of a window is audited.
 */
export function rateLimit(service: BotService, i18n: Translator, options: RateLimitOptions = DEFAULT_RATE_LIMIT): MiddlewareFn<BotContext> {
  const store = options.store ?? new MemoryRateLimitStore(options.now);
  return async (ctx, next) => {
    const from = ctx.from;
    if (from === undefined) return next();
    const count = await store.hit(from.id, options.windowMs);
    if (count <= options.max) return next();
    if (count === options.max + 1) {
      await service.audit({
        actorTelegramId: String(from.id),
        chatId: ctx.chat === undefined ? null : String(ctx.chat.id),
        action: 'rate_limit',
        outcome: 'refused',
        details: { max: options.max, windowMs: options.windowMs },
      });
    }
    if (ctx.callbackQuery !== undefined) {
      // Runs before the locale is negotiated (no database read for a flooding user): Telegram's language code.
      await ctx.answerCallbackQuery({ text: trFor(i18n, from.language_code?.startsWith('en') ? 'en' : 'vi')('bot-rate-limited') });
    }
  };
}
