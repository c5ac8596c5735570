/**
 * Receiving Zalo updates (README §4): long polling, or a webhook route that checks `X-Bot-Api-Secret-Token`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Logger } from '../infra/logger.js';
import type { ZaloBotApi, ZaloMessage, ZaloUpdate } from './api.js';

/** What handles one update (src/zalo/conversation.ts). */
export interface ZaloUpdateHandler {
  handleUpdate(update: ZaloUpdate): Promise<unknown>;
}

/** The header Zalo sends with each webhook request. */
export const ZALO_SECRET_HEADER = 'x-bot-api-secret-token';

/**
 * Where polled updates are kept until handled (src/db/zalo-inbox.ts). getUpdates has no offset to acknowledge (README
 * §1): once it has answered an update, Zalo will not hand it out again, so the update is stored before it is handled
 * and stays stored until it was. Idempotent by the update's `message_id`.
 */
export interface ZaloInbox {
  /** Stores an update that is about to be handled (a replay of a stored one changes nothing). */
  store(update: ZaloUpdate & { message: ZaloMessage }, at: Date): Promise<void>;
  /** Stored updates not yet handled whose retry time has come, oldest first. */
  due(at: Date, limit: number): Promise<(ZaloUpdate & { message: ZaloMessage })[]>;
  handled(messageId: string, at: Date): Promise<void>;
  /**
   * Handling failed at `at`: counts the attempt and sets the next one `baseMs · 2^(attempts − 1)` later (at most
   * `maxMs`). Returns the number of attempts so far.
   */
  failed(messageId: string, error: string, at: Date, backoff: { baseMs: number; maxMs: number }): Promise<number>;
}

/** Options of {@link startZaloPolling}. */
export interface ZaloPollingOptions {
  /** Seconds one `getUpdates` waits for an update. Default 30. */
  pollTimeoutS?: number;
  /** First wait after a failed poll, doubling up to `maxBackoffMs`. Default 1000. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /**
   * The durable store of polled updates. Without it, an update whose handling fails is retried in memory only (the
   * poll waits for it), and is lost if the process stops meanwhile.
   */
  inbox?: ZaloInbox;
  /** Wall clock of the inbox's retry times. Default `() => new Date()`. */
  now?: () => Date;
}

export interface ZaloPollingHandle {
  /** Stops polling: the pending request is aborted; resolves when the loop has ended. */
  stop(): Promise<void>;
}

function hasMessage(update: ZaloUpdate): update is ZaloUpdate & { message: ZaloMessage } {
  return typeof update.message?.message_id === 'string' && update.message.message_id !== '';
}

/**
 * Polls `getUpdates` one request at a time and hands each update to `handler` in order; a poll failure waits with
 * exponential backoff.
 *
 * Durability: getUpdates has no offset, so "acknowledging" an update means having it safe before asking for the
 * next. An update is stored in the inbox (retried with backoff, holding the poll, while the database is away)
 * before it is handled; a handling failure leaves it there, and it is handled again after a backoff of its own
 * (1 s doubling, up to `maxBackoffMs`), before each poll — also after a restart. The handler is replay-safe by
 * `message_id` (src/zalo/conversation.ts), so an update handled but not yet marked handled is answered once.
 */
export function startZaloPolling(api: ZaloBotApi, handler: ZaloUpdateHandler, logger: Logger, options: ZaloPollingOptions = {}): ZaloPollingHandle {
  const abort = new AbortController();
  const pollTimeoutS = options.pollTimeoutS ?? 30;
  const baseBackoff = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  const inbox = options.inbox;

  const handleStored = async (update: ZaloUpdate & { message: ZaloMessage }) => {
    try {
      await handler.handleUpdate(update);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = await inbox!.failed(update.message.message_id, message.slice(0, 500), now(), { baseMs: baseBackoff, maxMs: maxBackoff });
      const wait = Math.min(maxBackoff, baseBackoff * 2 ** Math.max(0, attempts - 1));
      logger.warn(`zalo: update not handled; kept, next try in ${Math.round(wait / 1000)} s`, { error, attempts });
      return;
    }
    await inbox!.handled(update.message.message_id, now());
  };

  /** Handles the stored updates whose retry time has come. A database failure here is logged; the poll goes on. */
  const drain = async () => {
    if (!inbox) return;
    try {
      for (const update of await inbox.due(now(), 50)) {
        if (abort.signal.aborted) return;
        await handleStored(update);
      }
    } catch (error) {
      logger.warn('zalo: stored updates could not be read', { error });
    }
  };

  /** Without an inbox: retries in memory until handled (the poll waits), or until stopped (the update is lost). */
  const handleInMemory = async (update: ZaloUpdate) => {
    let backoff = baseBackoff;
    while (!abort.signal.aborted) {
      try {
        await handler.handleUpdate(update);
        return;
      } catch (error) {
        logger.warn(`zalo: update not handled; next try in ${Math.round(backoff / 1000)} s`, { error });
        await sleep(backoff, abort.signal);
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    }
    logger.error('zalo: stopped with an update not handled; it is lost', { messageId: update.message?.message_id });
  };

  const loop = (async () => {
    let backoff = baseBackoff;
    while (!abort.signal.aborted) {
      await drain();
      if (abort.signal.aborted) break;
      let update: ZaloUpdate | null;
      try {
        update = await api.getUpdates(pollTimeoutS, { signal: abort.signal });
        backoff = baseBackoff;
      } catch (error) {
        if (abort.signal.aborted) break;
        logger.warn(`zalo: getUpdates failed; next try in ${Math.round(backoff / 1000)} s`, { error });
        await sleep(backoff, abort.signal);
        backoff = Math.min(maxBackoff, backoff * 2);
        continue;
      }
      if (update === null) continue;
      if (!inbox || !hasMessage(update)) {
        await handleInMemory(update);
        continue;
      }
      // Safe before anything else: the next poll is not asked for until the update is stored.
      let storeBackoff = baseBackoff;
      let stored = false;
      while (!stored) {
        try {
          await inbox.store(update, now());
          stored = true;
        } catch (error) {
          if (abort.signal.aborted) break;
          logger.warn(`zalo: update could not be stored; next try in ${Math.round(storeBackoff / 1000)} s`, { error });
          await sleep(storeBackoff, abort.signal);
          storeBackoff = Math.min(maxBackoff, storeBackoff * 2);
        }
      }
      if (!stored) {
        logger.error('zalo: stopped with an update not stored; it is lost', { messageId: update.message.message_id });
        break;
      }
      await handleStored(update);
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}

/** Whether `given` equals `secret`, in constant time. */
export function secretMatches(given: string | undefined, secret: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The webhook route's handler: 403 without the right secret, 400 for a body that is not an update, 200 once the
 * update is handled (500 when handling failed, so Zalo may deliver it again; the replay is then answered once).
 */
export function createZaloWebhookHandler(handler: ZaloUpdateHandler, secret: string, logger: Logger): (c: Context) => Promise<Response> {
  return async (c) => {
    if (!secretMatches(c.req.header(ZALO_SECRET_HEADER), secret)) return c.json({ ok: false, error: 'forbidden' }, 403);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ ok: false, error: 'bad request' }, 400);
    }
    const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : null;
    // Updates come bare; accept the `{ ok, result }` envelope too (README §1).
    const update = (record?.ok === true && typeof record.result === 'object' ? record.result : record) as ZaloUpdate | null;
    if (update === null || typeof update.event_name !== 'string') return c.json({ ok: false, error: 'bad request' }, 400);
    try {
      await handler.handleUpdate(update);
    } catch (error) {
      logger.warn('zalo: webhook update not handled', { error });
      return c.json({ ok: false, error: 'not handled' }, 500);
    }
    return c.json({ ok: true });
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
