/**
 * A fake Zalo Bot Platform API server on loopback HTTP, written like tests/helpers/fake-telegram.ts. The real client
 * (src/zalo/api.ts) talks to it through `ZALO_API_ROOT`; nothing is mocked:
 *
 * ```ts
 * const fake = new FakeZalo();
 * await fake.start();
 * const api = new ZaloBotApi({ token: fake.token, apiRoot: fake.apiRoot });
 * await api.sendMessage('e4ea2cd5189df1c3a88c', 'xin chào');
 * expect(fake.sentMessages('e4ea2cd5189df1c3a88c')).toHaveLength(1);
 * await fake.close();
 * ```
 *
 * What it models (src/zalo/README.md §1):
 * - `POST /bot<token>/<method>` with a JSON body; `{ ok, result }` / `{ ok: false, error_code, description }`. A wrong
 *   token answers 401, an unknown method 404.
 * - `getUpdates` answers **one** update per call, holds the request up to `timeout` seconds, then answers 408; it is
 *   refused (409) while a webhook is set. `setWebhook` checks the secret (8–256 characters) and the URL (HTTPS, or
 *   http on loopback for tests); webhook deliveries carry `X-Bot-Api-Secret-Token`.
 * - `sendMessage` text of 1 to 2 000 characters (400 otherwise); `sendPhoto` needs a `photo` URL.
 * - Rate limits on `sendMessage` / `sendPhoto` only (not documented by Zalo, README §2): per chat and overall,
 *   sliding windows; a refused send does not consume capacity and answers 429 with `parameters.retry_after`.
 * - Faults on purpose: 5xx, timeouts (optionally after delivering), 429, 403 blocked, 400 chat not found.
 * - Replays: the same update can be queued or posted again (Zalo's updates carry no sequence number).
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ZaloMessage, ZaloUpdate } from '../../src/zalo/api.js';

export type ZaloEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** Send limits of the fake: each `*Max` counts accepted sends inside a sliding `*WindowMs`. */
export interface FakeZaloLimits {
  /** Default 30. */
  globalMax: number;
  /** Default 1000. */
  globalWindowMs: number;
  /** Default 1. */
  chatMax: number;
  /** Default 1000. */
  chatWindowMs: number;
}

export const FAKE_ZALO_LIMITS: Readonly<FakeZaloLimits> = Object.freeze({ globalMax: 30, globalWindowMs: 1000, chatMax: 1, chatWindowMs: 1000 });

/** Methods that create a message: the only ones counted against the limits. */
export const ZALO_SENDING_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'sendPhoto']);

/**
 * - `5xx`: 502 (or `status`), nothing delivered.
 * - `timeout`: held unanswered until the client gives up; with `deliver: true` the message is recorded first.
 * - `429`: `retry_after` = `retryAfterS` (default 5), regardless of the limits.
 * - `blocked`: 403 "user blocked the bot" (undocumented wording, README §2).
 * - `chat_not_found`: 400 "chat not found".
 */
export type ZaloFaultKind = '5xx' | 'timeout' | '429' | 'blocked' | 'chat_not_found';

export interface ZaloFaultSpec {
  kind: ZaloFaultKind;
  retryAfterS?: number;
  deliver?: boolean;
  status?: number;
}

export type ZaloFault = ZaloFaultKind | ZaloFaultSpec;

/** One recorded API call. */
export interface ZaloRecordedCall {
  method: string;
  token: string;
  params: Record<string, unknown>;
  /** Arrival, in ms of the fake's `now()`. */
  at: number;
  chatId?: string;
  response?: ZaloEnvelope;
  fault?: ZaloFaultSpec;
}

/** A message the bot created. */
export interface ZaloSent {
  message_id: string;
  chat_id: string;
  method: 'sendMessage' | 'sendPhoto';
  text?: string;
  photo?: string;
  caption?: string;
  /** Milliseconds since the epoch. */
  date: number;
}

export interface FakeZaloStats {
  accepted: number;
  rejected429: number;
  faults: number;
}

/** A Zalo user as tests describe one. */
export interface ZaloUserInput {
  id: string;
  display_name?: string;
}

export interface FakeZaloOptions {
  /** Default `'1459232241454765289:TEST-fake-zalo-token'`. */
  token?: string;
  /** Merged over {@link FAKE_ZALO_LIMITS}; `false` disables them. */
  limits?: Partial<FakeZaloLimits> | false;
  /** Monotonic milliseconds for the windows. Default `performance.now`. */
  now?: () => number;
  /** Wall-clock milliseconds for `date` fields. Default `Date.now`. */
  wallClock?: () => number;
}

export interface ZaloWebhookDelivery {
  status: number;
  body: string;
}

const DEFAULT_TOKEN = '1459232241454765289:TEST-fake-zalo-token';
const TEXT_LIMIT = 2000;

interface PollWaiter {
  call: ZaloRecordedCall;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

interface ActiveFault {
  fault: ZaloFaultSpec;
  remaining: number;
  matches: (call: ZaloRecordedCall) => boolean;
}

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

export class FakeZalo {
  readonly token: string;
  readonly botId: string;
  readonly #now: () => number;
  readonly #wall: () => number;
  readonly #events = new EventEmitter();
  #limits: FakeZaloLimits | false;
  #server: Server | undefined;
  #apiRoot: string | undefined;

  #calls: ZaloRecordedCall[] = [];
  #sent: ZaloSent[] = [];
  #messageSeq = 0;
  #updates: ZaloUpdate[] = [];
  #poll: PollWaiter | undefined;
  #held = new Set<ServerResponse>();
  #webhook: { url: string; secretToken: string; updatedAt: number } | undefined;
  #globalWindow: number[] = [];
  #chatWindows = new Map<string, number[]>();
  #stats: FakeZaloStats = { accepted: 0, rejected429: 0, faults: 0 };
  #chatFaults: ActiveFault[] = [];
  #nextFaults: ActiveFault[] = [];

  constructor(options: FakeZaloOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.botId = this.token.split(':')[0] ?? '1';
    this.#limits = options.limits === false ? false : { ...FAKE_ZALO_LIMITS, ...options.limits };
    this.#now = options.now ?? (() => performance.now());
    this.#wall = options.wallClock ?? (() => Date.now());
  }

  /** `http://127.0.0.1:<port>`, to pass as `ZALO_API_ROOT`. */
  get apiRoot(): string {
    if (this.#apiRoot === undefined) throw new Error('FakeZalo is not started');
    return this.#apiRoot;
  }

  async start(port = 0): Promise<void> {
    if (this.#server !== undefined) throw new Error('FakeZalo already started');
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        console.error('FakeZalo internal error', error);
        send(res, { ok: false, error_code: 500, description: `FakeZalo internal error: ${String(error)}` });
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Answers a pending poll with 408, drops held requests, closes connections. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    if (this.#poll !== undefined) this.#answerPoll(this.#poll, { ok: false, error_code: 408, description: 'Request Timeout' });
    for (const res of this.#held) res.destroy();
    this.#held.clear();
    this.#events.emit('change');
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setImmediate(() => server.closeAllConnections());
    });
  }

  setLimits(limits: Partial<FakeZaloLimits> | false): void {
    this.#limits = limits === false ? false : { ...FAKE_ZALO_LIMITS, ...limits };
  }

  // ---- Inspection ----

  calls(method?: string): ZaloRecordedCall[] {
    return method === undefined ? [...this.#calls] : this.#calls.filter((c) => c.method === method);
  }

  /** Messages the bot created, in order, optionally for one chat. */
  sentMessages(chatId?: string): ZaloSent[] {
    return this.#sent.filter((m) => chatId === undefined || m.chat_id === chatId).map((m) => ({ ...m }));
  }

  stats(): FakeZaloStats {
    return { ...this.#stats };
  }

  webhook(): { url: string; secretToken: string } | undefined {
    return this.#webhook === undefined ? undefined : { url: this.#webhook.url, secretToken: this.#webhook.secretToken };
  }

  /** Updates queued for `getUpdates` and not yet handed out. */
  pendingUpdates(): ZaloUpdate[] {
    return structuredClone(this.#updates);
  }

  /** Resolves once `check` returns a value other than `undefined`/`false`; rejects after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const first = check();
    if (first !== undefined && first !== false) return first;
    return new Promise<T>((resolve, reject) => {
      const onChange = (): void => {
        const value = check();
        if (value === undefined || value === false) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`FakeZalo.waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#events.off('change', onChange);
      };
      this.#events.on('change', onChange);
    });
  }

  /** Waits until at least `count` messages were created (in `chatId`, if given). */
  async waitForMessages(count: number, chatId?: string, timeoutMs?: number): Promise<ZaloSent[]> {
    return this.waitFor(() => {
      const messages = this.sentMessages(chatId);
      return messages.length >= count ? messages : undefined;
    }, timeoutMs);
  }

  /** Waits until at least `count` calls to `method` were answered (or held by a fault). */
  async waitForCalls(method: string, count = 1, timeoutMs?: number): Promise<ZaloRecordedCall[]> {
    return this.waitFor(() => {
      const done = this.#calls.filter((c) => c.method === method && (c.response !== undefined || c.fault !== undefined));
      return done.length >= count ? done : undefined;
    }, timeoutMs);
  }

  // ---- Faults ----

  /** Fails the next `n` calls to `methods` (default: any call with a `chat_id`). */
  failNext(n: number, fault: ZaloFault, methods?: readonly string[]): void {
    const set = methods === undefined ? undefined : new Set(methods);
    this.#nextFaults.push({ fault: toSpec(fault), remaining: n, matches: (c) => (set === undefined ? c.chatId !== undefined : set.has(c.method)) });
  }

  /** Fails every call to `chatId` until cleared (or `times` times). */
  failFor(chatId: string, fault: ZaloFault, times = Number.POSITIVE_INFINITY): void {
    this.#chatFaults.push({ fault: toSpec(fault), remaining: times, matches: (c) => c.chatId === chatId });
  }

  clearFaults(): void {
    this.#chatFaults = [];
    this.#nextFaults = [];
  }

  // ---- Updates ----

  /** Builds (without queueing) a text message update from `from` in their private chat. */
  textUpdate(from: ZaloUserInput, text: string): ZaloUpdate {
    this.#messageSeq += 1;
    const message: ZaloMessage = {
      message_id: `in${this.#messageSeq.toString(16).padStart(18, '0')}`,
      date: this.#wall(),
      text,
      chat: { id: from.id, chat_type: 'PRIVATE' },
      from: { id: from.id, display_name: from.display_name ?? `Người dùng ${from.id.slice(0, 4)}`, is_bot: false },
    };
    return { event_name: 'message.text.received', message };
  }

  /** Queues an update for `getUpdates` (the same update twice is a replay); answers a waiting poll. */
  pushUpdate(update: ZaloUpdate): ZaloUpdate {
    this.#updates.push(structuredClone(update));
    if (this.#poll !== undefined) this.#answerPoll(this.#poll, { ok: true, result: this.#updates.shift() });
    this.#events.emit('change');
    return update;
  }

  /** Builds and queues a text message. */
  pushText(from: ZaloUserInput, text: string): ZaloUpdate {
    return this.pushUpdate(this.textUpdate(from, text));
  }

  /**
   * POSTs `update` to `url` (default: the webhook set) as Zalo would. `secretToken`: `undefined` uses the one given to
   * `setWebhook`; `null` sends no header.
   */
  async postWebhook(update: ZaloUpdate, options: { url?: string; secretToken?: string | null } = {}): Promise<ZaloWebhookDelivery> {
    const url = options.url ?? this.#webhook?.url;
    if (url === undefined) throw new Error('FakeZalo.postWebhook: no webhook set and no url given');
    const secret = options.secretToken === undefined ? this.#webhook?.secretToken : (options.secretToken ?? undefined);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== undefined) headers['x-bot-api-secret-token'] = secret;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
    return { status: res.status, body: await res.text() };
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const match = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    if (match === null || req.method !== 'POST') {
      send(res, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    let params: Record<string, unknown> = {};
    if (body.length > 0) {
      try {
        const parsed: unknown = JSON.parse(body.toString('utf8'));
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as Record<string, unknown>;
      } catch {
        send(res, { ok: false, error_code: 400, description: 'Bad Request: body is not JSON' });
        return;
      }
    }
    const token = decodeURIComponent(match[1] ?? '');
    const method = match[2] ?? '';
    const call: ZaloRecordedCall = {
      method,
      token,
      params,
      at: this.#now(),
      ...(typeof params.chat_id === 'string' ? { chatId: params.chat_id } : {}),
    };
    this.#calls.push(call);
    let reply: ZaloEnvelope | 'held';
    if (token !== this.token) reply = { ok: false, error_code: 401, description: 'Unauthorized' };
    else if (!METHODS.has(method)) reply = { ok: false, error_code: 404, description: 'Not Found' };
    else {
      const fault = this.#faultFor(call);
      if (fault !== undefined) {
        call.fault = fault;
        this.#stats.faults += 1;
        reply = this.#applyFault(fault, call, res);
      } else reply = this.#dispatch(call, res);
    }
    if (reply !== 'held') this.#respond(call, res, reply);
    this.#events.emit('change');
  }

  #respond(call: ZaloRecordedCall, res: ServerResponse, envelope: ZaloEnvelope): void {
    call.response = envelope;
    send(res, envelope);
  }

  #dispatch(call: ZaloRecordedCall, res: ServerResponse): ZaloEnvelope | 'held' {
    try {
      if (call.method === 'getUpdates') return this.#getUpdates(call, res);
      return { ok: true, result: this.#call(call) };
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      return {
        ok: false,
        error_code: error.code,
        description: error.description,
        ...(error.retryAfter === undefined ? {} : { parameters: { retry_after: error.retryAfter } }),
      };
    }
  }

  #call(call: ZaloRecordedCall): unknown {
    const p = call.params;
    switch (call.method) {
      case 'getMe':
        return { id: this.botId, account_name: 'bot.NhacViecTest', account_type: 'BASIC', can_join_groups: false };
      case 'setWebhook': {
        const url = typeof p.url === 'string' ? p.url : '';
        const secret = typeof p.secret_token === 'string' ? p.secret_token : '';
        if (!isAcceptableWebhookUrl(url)) throw new ApiFailure(400, 'Bad Request: url must be HTTPS');
        if (secret.length < 8 || secret.length > 256) throw new ApiFailure(400, 'Bad Request: secret_token must be 8 to 256 characters');
        this.#webhook = { url, secretToken: secret, updatedAt: this.#wall() };
        return { url, updated_at: this.#webhook.updatedAt };
      }
      case 'deleteWebhook':
        this.#webhook = undefined;
        return { url: '', updated_at: this.#wall() };
      case 'getWebhookInfo':
        return { url: this.#webhook?.url ?? '', updated_at: this.#webhook?.updatedAt ?? 0 };
      case 'sendChatAction':
        requireChat(p);
        return true;
      case 'sendMessage': {
        const chatId = requireChat(p);
        const text = typeof p.text === 'string' ? p.text : '';
        if (text.length < 1 || text.length > TEXT_LIMIT) throw new ApiFailure(400, `Bad Request: text must be 1 to ${TEXT_LIMIT} characters`);
        this.#admit(call, chatId);
        return this.#store({ chat_id: chatId, method: 'sendMessage', text });
      }
      case 'sendPhoto': {
        const chatId = requireChat(p);
        const photo = typeof p.photo === 'string' ? p.photo : '';
        if (!/^https?:\/\//.test(photo)) throw new ApiFailure(400, 'Bad Request: photo must be a URL');
        const caption = typeof p.caption === 'string' ? p.caption : undefined;
        if (caption !== undefined && caption.length > TEXT_LIMIT) throw new ApiFailure(400, `Bad Request: caption must be at most ${TEXT_LIMIT} characters`);
        this.#admit(call, chatId);
        return this.#store({ chat_id: chatId, method: 'sendPhoto', photo, ...(caption === undefined ? {} : { caption }) });
      }
      default:
        throw new ApiFailure(404, 'Not Found');
    }
  }

  #store(content: Omit<ZaloSent, 'message_id' | 'date'>): { message_id: string; date: number } {
    this.#messageSeq += 1;
    const sent: ZaloSent = { ...content, message_id: `out${this.#messageSeq.toString(16).padStart(17, '0')}`, date: this.#wall() };
    this.#sent.push(sent);
    return { message_id: sent.message_id, date: sent.date };
  }

  #getUpdates(call: ZaloRecordedCall, res: ServerResponse): ZaloEnvelope | 'held' {
    if (this.#webhook !== undefined) throw new ApiFailure(409, 'Conflict: getUpdates is not available while a webhook is set');
    const next = this.#updates.shift();
    if (next !== undefined) return { ok: true, result: next };
    const timeoutS = Math.max(0, Number(call.params.timeout ?? 30) || 0);
    if (timeoutS === 0) return { ok: false, error_code: 408, description: 'Request Timeout' };
    if (this.#poll !== undefined) this.#answerPoll(this.#poll, { ok: false, error_code: 409, description: 'Conflict: terminated by another getUpdates request' });
    const waiter: PollWaiter = {
      call,
      res,
      timer: setTimeout(() => this.#answerPoll(waiter, { ok: false, error_code: 408, description: 'Request Timeout' }), timeoutS * 1000),
    };
    this.#poll = waiter;
    res.once('close', () => {
      if (this.#poll === waiter) {
        clearTimeout(waiter.timer);
        this.#poll = undefined;
      }
    });
    return 'held';
  }

  #answerPoll(waiter: PollWaiter, envelope: ZaloEnvelope): void {
    clearTimeout(waiter.timer);
    if (this.#poll === waiter) this.#poll = undefined;
    this.#respond(waiter.call, waiter.res, envelope);
  }

  #admit(call: ZaloRecordedCall, chatId: string): void {
    const limits = this.#limits;
    if (limits !== false) {
      const now = call.at;
      this.#globalWindow = this.#globalWindow.filter((t) => t > now - limits.globalWindowMs);
      const chatWindow = (this.#chatWindows.get(chatId) ?? []).filter((t) => t > now - limits.chatWindowMs);
      this.#chatWindows.set(chatId, chatWindow);
      const waitMs = Math.max(waitFor(this.#globalWindow, limits.globalMax, limits.globalWindowMs, now), waitFor(chatWindow, limits.chatMax, limits.chatWindowMs, now));
      if (waitMs > 0) {
        this.#stats.rejected429 += 1;
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        throw new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
      }
      this.#globalWindow.push(now);
      chatWindow.push(now);
    }
    this.#stats.accepted += 1;
  }

  #faultFor(call: ZaloRecordedCall): ZaloFaultSpec | undefined {
    for (const list of [this.#chatFaults, this.#nextFaults]) {
      const active = list.find((f) => f.remaining > 0 && f.matches(call));
      if (active !== undefined) {
        active.remaining -= 1;
        return active.fault;
      }
    }
    return undefined;
  }

  #applyFault(fault: ZaloFaultSpec, call: ZaloRecordedCall, res: ServerResponse): ZaloEnvelope | 'held' {
    switch (fault.kind) {
      case '5xx':
        return { ok: false, error_code: fault.status ?? 502, description: 'Bad Gateway' };
      case '429': {
        const retryAfter = fault.retryAfterS ?? 5;
        return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } };
      }
      case 'blocked':
        return { ok: false, error_code: 403, description: 'Forbidden: user blocked the bot' };
      case 'chat_not_found':
        return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
      case 'timeout':
        if (fault.deliver === true && ZALO_SENDING_METHODS.has(call.method)) this.#dispatch(call, res);
        this.#held.add(res);
        res.once('close', () => this.#held.delete(res));
        return 'held';
    }
  }
}

const METHODS = new Set(['getMe', 'getUpdates', 'setWebhook', 'deleteWebhook', 'getWebhookInfo', 'sendMessage', 'sendPhoto', 'sendChatAction']);

function requireChat(p: Record<string, unknown>): string {
  if (typeof p.chat_id !== 'string' || p.chat_id === '') throw new ApiFailure(400, 'Bad Request: chat_id is required');
  return p.chat_id;
}

function isAcceptableWebhookUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
  } catch {
    return false;
  }
}

function waitFor(window: readonly number[], max: number, windowMs: number, now: number): number {
  if (window.length < max) return 0;
  const oldest = window[window.length - max] ?? now;
  return oldest + windowMs - now;
}

function toSpec(fault: ZaloFault): ZaloFaultSpec {
  return typeof fault === 'string' ? { kind: fault } : fault;
}

function send(res: ServerResponse, envelope: ZaloEnvelope): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(envelope);
  res.writeHead(envelope.ok ? 200 : envelope.error_code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
