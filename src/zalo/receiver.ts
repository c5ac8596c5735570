/**
 * Receiving Zalo updates (README §4): long polling, or a webhook route that checks `X-Bot-Api-Secret-Token`; either
 * way, each update is stored in the inbox before it is acknowledged, and handled from there.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { Logger } from '../infra/logger.js';
import type { ZaloBotApi, ZaloUpdate } from './api.js';

/** What handles one update (src/zalo/conversation.ts). */
export interface ZaloUpdateHandler {
  handleUpdate(update: ZaloUpdate): Promise<unknown>;
}

/** The header Zalo sends with each webhook request. */
export const ZALO_SECRET_HEADER = 'x-bot-api-secret-token';

/** A stored update with the key it is stored under (see {@link zaloInboxKey}). */
export interface ZaloInboxEntry {
  key: string;
  update: ZaloUpdate;
}

/**
 * Where received updates are kept until handled (src/db/zalo-inbox.ts). getUpdates has no offset to acknowledge
 * (README §1): once it has answered an update, Zalo will not hand it out again; a webhook request answered 200 is not
 * delivered again either. So the update is stored before it is acknowledged and stays stored until it was handled.
 * Idempotent by key ({@link zaloInboxKey}).
 */
export interface ZaloInbox {
  /** Stores an update that is about to be handled (a replay of a stored key changes nothing). */
  store(key: string, update: ZaloUpdate, at: Date): Promise<void>;
  /**
   * Claims stored updates not yet handled whose retry time has come, oldest first: they are not handed out again
   * (to this or another process) before `leaseMs` has passed, so a process that died while handling them leaves
   * them to the next claim after the lease.
   */
  due(at: Date, limit: number, leaseMs: number): Promise<ZaloInboxEntry[]>;
  handled(key: string, at: Date): Promise<void>;
  /**
   * Handling failed at `at`: counts the attempt and sets the next one `baseMs · 2^(attempts − 1)` later (at most
   * `maxMs`). Returns the number of attempts so far.
   */
  failed(key: string, error: string, at: Date, backoff: { baseMs: number; maxMs: number }): Promise<number>;
}

/** How long a claimed update is not handed out again (a handler that takes longer may see it handled twice — replay-safe). */
export const ZALO_INBOX_LEASE_MS = 120_000;

/**
 * The inbox key of an update: its `message_id`, or, for an update without one, `sha256:` and the hex SHA-256 of its
 * JSON (a redelivery of the same body gets the same key).
 */
export function zaloInboxKey(update: ZaloUpdate): string {
  const id = update.message?.message_id;
  if (typeof id === 'string' && id !== '') return id;
  return `sha256:${createHash('sha256').update(JSON.stringify(update)).digest('hex')}`;
}

/** Options of {@link startZaloPolling}. */
export interface ZaloPollingOptions {
  /** Seconds one `getUpdates` waits for an update. Default 30. */
  pollTimeoutS?: number;
  /** First wait after a failed poll or a failed handling, doubling up to `maxBackoffMs`. Default 1000. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /**
   * The durable store of polled updates. Without it, an update whose handling fails is retried in memory only (the
   * poll waits for it), and is lost if the process stops meanwhile.
   */
  inbox?: ZaloInbox;
  /** How long a claimed stored update is not handed out again. Default {@link ZALO_INBOX_LEASE_MS}. */
  leaseMs?: number;
  /** Wall clock of the inbox's retry times. Default `() => new Date()`. */
  now?: () => Date;
}

export interface ZaloPollingHandle {
  /** Stops polling: the pending request is aborted; resolves when the loop has ended. */
  stop(): Promise<void>;
}

interface DrainOptions {
  baseBackoff: number;
  maxBackoff: number;
  leaseMs: number;
  now: () => Date;
  signal: AbortSignal;
}

/**
 * Claims the stored updates whose time has come and hands each to `handler`: handled ones are marked, a failure is
 * counted and retried after a backoff of its own. Resolves with the number claimed (0: nothing was due). A database
 * failure is logged and counts as nothing due.
 */
async function drainInbox(inbox: ZaloInbox, handler: ZaloUpdateHandler, logger: Logger, o: DrainOptions): Promise<number> {
  let entries: ZaloInboxEntry[];
  try {
    entries = await inbox.due(o.now(), 20, o.leaseMs);
  } catch (error) {
    logger.warn('zalo: stored updates could not be read', { error });
    return 0;
  }
  for (const { key, update } of entries) {
    // A stop leaves the rest claimed: they are handed out again when the lease ends (also to another process).
    if (o.signal.aborted) break;
    try {
      await handler.handleUpdate(update);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      try {
        const attempts = await inbox.failed(key, message.slice(0, 500), o.now(), { baseMs: o.baseBackoff, maxMs: o.maxBackoff });
        const wait = Math.min(o.maxBackoff, o.baseBackoff * 2 ** Math.max(0, attempts - 1));
        logger.warn(`zalo: update not handled; kept, next try in ${Math.round(wait / 1000)} s`, { error, attempts });
      } catch (recordError) {
        logger.warn('zalo: update not handled; kept, retried when its lease ends', { error, recordError });
      }
      continue;
    }
    try {
      await inbox.handled(key, o.now());
    } catch (error) {
      // Handled but not marked: handed out again after the lease, and then answered as a replay (by message_id).
      logger.warn('zalo: update handled but not marked handled', { error });
    }
  }
  return entries.length;
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
  const drainOptions: DrainOptions = { baseBackoff, maxBackoff, leaseMs: options.leaseMs ?? ZALO_INBOX_LEASE_MS, now, signal: abort.signal };

  /** Handles the stored updates whose retry time has come. */
  const drain = async () => {
    if (inbox) while ((await drainInbox(inbox, handler, logger, drainOptions)) > 0 && !abort.signal.aborted);
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
      if (!inbox) {
        await handleInMemory(update);
        continue;
      }
      // Safe before anything else: the next poll is not asked for until the update is stored.
      const key = zaloInboxKey(update);
      let storeBackoff = baseBackoff;
      let stored = false;
      while (!stored) {
        try {
          await inbox.store(key, update, now());
          stored = true;
        } catch (error) {
          if (abort.signal.aborted) break;
          logger.warn(`zalo: update could not be stored; next try in ${Math.round(storeBackoff / 1000)} s`, { error });
          await sleep(storeBackoff, abort.signal);
          storeBackoff = Math.min(maxBackoff, storeBackoff * 2);
        }
      }
      if (!stored) {
        logger.error('zalo: stopped with an update not stored; it is lost', { key });
        break;
      }
      // Handled by the drain at the top of the loop, through the same claim as any stored update.
    }
  })();
  return {
    async stop() {
      abort.abort();
      await loop;
    },
  };
}

/** Options of {@link startZaloInboxWorker}. */
export interface ZaloInboxWorkerOptions {
  /** First wait after a failed handling, doubling up to `maxBackoffMs`. Default 1000. */
  backoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /** How often the inbox is looked at when nothing was stored here (updates retried, or stored by another process). Default 2000. */
  idleMs?: number;
  /** Default {@link ZALO_INBOX_LEASE_MS}. */
  leaseMs?: number;
  /** Default `() => new Date()`. */
  now?: () => Date;
}

export interface ZaloInboxWorkerHandle {
  /** Something was stored: look now rather than at the next idle tick. */
  nudge(): void;
  /** Stops: an update being handled is finished; resolves when the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Handles the updates the webhook stored: claims due rows (several processes may run one: a claimed row is not
 * handed out again before its lease ends), hands each to `handler`, marks it handled or retries it with backoff.
 * Rows left by a process that stopped are handled after the restart, or by another process once their lease ended.
 */
export function startZaloInboxWorker(inbox: ZaloInbox, handler: ZaloUpdateHandler, logger: Logger, options: ZaloInboxWorkerOptions = {}): ZaloInboxWorkerHandle {
  const abort = new AbortController();
  const idleMs = options.idleMs ?? 2000;
  const drainOptions: DrainOptions = {
    baseBackoff: options.backoffMs ?? 1000,
    maxBackoff: options.maxBackoffMs ?? 30_000,
    leaseMs: options.leaseMs ?? ZALO_INBOX_LEASE_MS,
    now: options.now ?? (() => new Date()),
    signal: abort.signal,
  };
  let nudged = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!abort.signal.aborted) {
      nudged = false;
      if ((await drainInbox(inbox, handler, logger, drainOptions)) > 0) continue;
      if (nudged || abort.signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, idleMs);
        function done() {
          clearTimeout(timer);
          abort.signal.removeEventListener('abort', done);
          wake = undefined;
          resolve();
        }
        wake = done;
        abort.signal.addEventListener('abort', done, { once: true });
      });
    }
  })();
  return {
    nudge() {
      nudged = true;
      wake?.();
    },
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

/** What the webhook route needs (src/zalo-wiring.ts). */
export interface ZaloWebhookOptions {
  /** The `secret_token` given to `setWebhook`, compared with `X-Bot-Api-Secret-Token`. */
  secret: string;
  inbox: ZaloInbox;
  /** Called once the update is stored (the inbox worker's `nudge`). */
  onStored(): void;
  logger: Logger;
  /** Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * The webhook route's handler: 403 without the right secret (checked before anything is read or stored), 400 for a
 * body that is not an update, 200 once the update is committed to the inbox — it is handled afterwards by the inbox
 * worker ({@link startZaloInboxWorker}), also after a crash. 500 when it could not be stored, so Zalo may deliver it
 * again; a redelivery of a stored update is stored once (by {@link zaloInboxKey}) and answered 200.
 */
export function createZaloWebhookHandler(options: ZaloWebhookOptions): (c: Context) => Promise<Response> {
  const now = options.now ?? (() => new Date());
  return async (c) => {
    if (!secretMatches(c.req.header(ZALO_SECRET_HEADER), options.secret)) return c.json({ ok: false, error: 'forbidden' }, 403);
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
      await options.inbox.store(zaloInboxKey(update), update, now());
    } catch (error) {
      options.logger.warn('zalo: webhook update could not be stored', { error });
      return c.json({ ok: false, error: 'not stored' }, 500);
    }
    options.onStored();
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
