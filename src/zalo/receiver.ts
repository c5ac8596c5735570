/**
 * Receiving Zalo updates (README §4): long polling, or a webhook route that checks `X-Bot-Api-Secret-Token`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Logger } from '../infra/logger.js';
import type { ZaloBotApi, ZaloUpdate } from './api.js';

/** What handles one update (src/zalo/conversation.ts). */
export interface ZaloUpdateHandler {
  handleUpdate(update: ZaloUpdate): Promise<unknown>;
}

/** The header Zalo sends with each webhook request. */
export const ZALO_SECRET_HEADER = 'x-bot-api-secret-token';

/** Options of {@link startZaloPolling}. */
export interface ZaloPollingOptions {
  /** Seconds one `getUpdates` waits for an update. Default 30. */
  pollTimeoutS?: number;
  /** First wait after a failed poll, doubling up to `maxBackoffMs`. Default 1000. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
}

export interface ZaloPollingHandle {
  /** Stops polling: the pending request is aborted; resolves when the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Polls `getUpdates` one request at a time and hands each update to `handler` in order. A handler failure is logged
 * (the update's mark is forgotten by the handler, but getUpdates does not hand it out twice: it is lost to polling,
 * as with Zalo's own SDK); a poll failure waits with exponential backoff.
 */
export function startZaloPolling(api: ZaloBotApi, handler: ZaloUpdateHandler, logger: Logger, options: ZaloPollingOptions = {}): ZaloPollingHandle {
  const abort = new AbortController();
  const pollTimeoutS = options.pollTimeoutS ?? 30;
  const baseBackoff = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const loop = (async () => {
    let backoff = baseBackoff;
    while (!abort.signal.aborted) {
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
      try {
        await handler.handleUpdate(update);
      } catch (error) {
        logger.warn('zalo: update not handled', { error });
      }
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
