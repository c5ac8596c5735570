/**
 * A fake Telegram Bot API server on loopback HTTP, for delivery and bot tests.
 *
 * The real grammY client talks to it through `apiRoot`; nothing in grammY is mocked:
 *
 * ```ts
 * const fake = new FakeTelegram();
 * await fake.start();
 * const api = new Api(fake.token, { apiRoot: fake.apiRoot });
 * await api.sendMessage(42, 'xin chào');
 * expect(fake.sentMessages(42)).toHaveLength(1);
 * await fake.close();
 * ```
 *
 * What it models (and what it deliberately does not):
 * - Routes `/bot<token>/<method>` (method names case-insensitive, as Telegram does) and
 *   `/file/bot<token>/<file_path>` for downloads. A wrong token answers 401, an unknown method 404.
 * - Parameters from the query string, JSON, `application/x-www-form-urlencoded` and `multipart/form-data`
 *   (including grammY's `attach://` uploads).
 * - Telegram's flood limits on message-creating methods only ({@link MESSAGE_SENDING_METHODS}); edits,
 *   `answerCallbackQuery`, `sendChatAction` and everything else are never rate limited. Requests rejected by
 *   a limit do not consume capacity. Windows are sliding: a send at `t` counts until `t + windowMs` (exclusive).
 * - `parse_mode: 'HTML'` is validated (unsupported or unbalanced tags answer 400 "can't parse entities", as
 *   Telegram does) and the returned `text` has the markup stripped; Markdown modes are accepted unchecked.
 * - `allowed_updates` is recorded but not used to filter updates.
 * - Updates pushed while a webhook is set stay queued; deliver them with {@link FakeTelegram.postWebhook}.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  Document,
  File as TelegramFile,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from 'grammy/types';
import type { Clock } from '../../src/domain/clock.js';
import { systemClock } from '../../src/infra/system-clock.js';

/** The JSON envelope every Bot API answer uses. */
export type ApiEnvelope =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number; migrate_to_chat_id?: number };
    };

/** Flood limits the fake enforces. Each `*Max` counts accepted sends inside a sliding `*WindowMs` window. */
export interface FakeTelegramLimits {
  /** Messages across all chats per `globalWindowMs`. Default 30 (Telegram: about 30 messages per second). */
  globalMax: number;
  /** Default 1000. */
  globalWindowMs: number;
  /** Messages to one private chat (chat id > 0) per `privateWindowMs`. Default 1. */
  privateMax: number;
  /** Default 1000. */
  privateWindowMs: number;
  /** Messages to one group, supergroup or channel (chat id < 0 or `@username`) per `groupWindowMs`. Default 20. */
  groupMax: number;
  /** Default 60 000. */
  groupWindowMs: number;
}

/** Telegram's published limits; the fake's defaults. */
export const TELEGRAM_LIMITS: Readonly<FakeTelegramLimits> = Object.freeze({
  globalMax: 30,
  globalWindowMs: 1000,
  privateMax: 1,
  privateWindowMs: 1000,
  groupMax: 20,
  groupWindowMs: 60_000,
});

/** Methods that create a message in a chat: the only ones counted against the flood limits. */
export const MESSAGE_SENDING_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

/**
 * What can go wrong on purpose:
 * - `5xx`: 502 Bad Gateway (or `status`); nothing is delivered.
 * - `timeout`: the request is held unanswered until the client gives up or the fake closes. With
 *   `deliver: true` the message is accepted and recorded first, which models "sent, but the response was lost".
 * - `blocked`: 403 "Forbidden: bot was blocked by the user" (for a group: "bot was kicked from the group chat").
 * - `chat_not_found`: 400 "Bad Request: chat not found".
 * - `migrated`: 400 "Bad Request: group chat was upgraded to a supergroup chat" with `migrate_to_chat_id`.
 * - `429`: 429 "Too Many Requests: retry after N" with `parameters.retry_after`, regardless of the limits.
 * - `slow`: the call is handled normally (a message is created at once) but answered only after `delayMs`:
 *   the window in which a killed sender has sent without knowing it.
 */
export type FaultKind = '5xx' | 'timeout' | 'blocked' | 'chat_not_found' | 'migrated' | '429' | 'slow';

/** A fault with its details. */
export interface FaultSpec {
  kind: FaultKind;
  /** For `429`: seconds in `parameters.retry_after`. Default 5. */
  retryAfterS?: number;
  /** For `timeout`: accept (record) the message before never answering. Default false. */
  deliver?: boolean;
  /** For `5xx`: the status code. Default 502. */
  status?: number;
  /** For `migrated`: the new supergroup id. Default `-100` followed by the old id's digits. */
  migrateToChatId?: number;
  /** For `slow`: milliseconds between handling the call and answering it. Default 200. */
  delayMs?: number;
}

/** A fault kind (with default details) or a full spec. */
export type Fault = FaultKind | FaultSpec;

/** Limits which calls `failNext` counts. */
export interface FailNextOptions {
  /** Method names the fault applies to. Default: any method called with a `chat_id`. */
  methods?: readonly string[];
}

/** Options for `failFor`. */
export interface FailForOptions {
  /** How many calls to fail before the chat works again. Default: until `clearFaults()` or `reset()`. */
  times?: number;
}

/** A file uploaded through multipart/form-data. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

/** One recorded API call. */
export interface RecordedCall {
  /** Canonical method name (as in the Bot API docs), or the path segment as sent when unknown. */
  method: string;
  /** The token from the URL path (recorded even when it was wrong). */
  token: string;
  /** Parameters after decoding; uploaded files appear as {@link UploadedFile}. */
  params: Record<string, unknown>;
  /** When the request arrived, in ms from the fake's `now()`. */
  at: number;
  /** The `chat_id` parameter, if any (numeric strings become numbers). */
  chatId?: number | string;
  /** The answer; `undefined` while held, or forever for a `timeout` fault. */
  response?: ApiEnvelope;
  /** The injected fault applied to this call, if any. */
  fault?: FaultSpec;
}

/** Per-chat counters of message sends. */
export interface ChatStats {
  accepted: number;
  rejected429: number;
}

/** Counters since start or the last `reset()`. */
export interface FakeTelegramStats {
  /** Messages accepted (created) by message-sending methods, including `timeout` faults with `deliver`. */
  accepted: number;
  /** 429 answers caused by the flood limits (forced `429` faults are counted in `faults`). */
  rejected429: number;
  /** Calls answered (or held) by an injected fault. */
  faults: number;
  /** Message-send counters per chat id. */
  byChat: Map<number | string, ChatStats>;
}

/** A user as tests describe one; missing names are filled in. */
export interface UserInput {
  id: number;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** Construction options. */
export interface FakeTelegramOptions {
  /** The only token accepted. Default `'123456:TEST-fake-telegram-token'`. */
  token?: string;
  /** Overrides for the bot described by `getMe`. Default id 123456, username `nhacviec_test_bot`. */
  botInfo?: Partial<UserFromGetMe>;
  /** Flood limits, merged over {@link TELEGRAM_LIMITS}; `false` disables them. */
  limits?: Partial<FakeTelegramLimits> | false;
  /** Monotonic milliseconds for `RecordedCall.at` and the flood windows. Default `performance.now`. */
  now?: () => number;
  /** Wall clock for message `date` fields. Default the system clock. */
  clock?: Clock;
}

/** Options for the text message builder. */
export interface TextMessageOptions {
  /** The chat the message is in. Default: the sender's private chat. */
  chat?: Chat;
  /** The message this one replies to. */
  replyTo?: Message;
}

/** Options for the document message builder. */
export interface DocumentMessageOptions {
  fileName: string;
  mimeType?: string;
  bytes: Buffer | Uint8Array | string;
  caption?: string;
  chat?: Chat;
  replyTo?: Message;
}

/** Options for the callback query builder. */
export interface CallbackQueryOptions {
  /** The bot message carrying the button; omitted from the update when absent. */
  message?: Message;
}

/** The answer of `postWebhook`. */
export interface WebhookDelivery {
  status: number;
  body: string;
}

const DEFAULT_TOKEN = '123456:TEST-fake-telegram-token';
const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
const DEFAULT_FORCED_RETRY_AFTER_S = 5;
const SUPERGROUP_ID_THRESHOLD = -1_000_000_000_000;
const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const NUMERIC_PARAMS = new Set([
  'chat_id',
  'from_chat_id',
  'message_id',
  'message_thread_id',
  'reply_to_message_id',
  'offset',
  'limit',
  'timeout',
  'cache_time',
  'max_connections',
  'user_id',
]);
const FREE_TEXT_PARAMS = new Set(['text', 'caption', 'data', 'url', 'secret_token', 'callback_query_id', 'file_id']);

interface StoredFile {
  file: TelegramFile;
  bytes: Buffer;
}

interface PollWaiter {
  limit: number;
  call: RecordedCall;
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

interface HeldRequest {
  res: ServerResponse;
}

interface ActiveFault {
  fault: FaultSpec;
  remaining: number;
  matches: (call: RecordedCall) => boolean;
}

type Reply = ApiEnvelope | 'held';

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
  }
}

/** A fake Telegram Bot API server. See the module comment for what it models. */
export class FakeTelegram {
  readonly token: string;
  readonly botInfo: UserFromGetMe;

  readonly #now: () => number;
  readonly #clock: Clock;
  readonly #events = new EventEmitter();
  #limits: FakeTelegramLimits | false;
  #server: Server | undefined;
  #apiRoot: string | undefined;

  #calls: RecordedCall[] = [];
  #messages: Message[] = [];
  #messageIndex = new Map<string, number>();
  #nextMessageId = new Map<string, number>();
  #chats = new Map<string, Chat>();
  #memberStatus = new Map<string, string>();
  #files = new Map<string, StoredFile>();
  #fileSeq = 0;
  #callbackSeq = 0;

  #updates: Update[] = [];
  #lastUpdateId = 0;
  #poll: PollWaiter | undefined;
  #held = new Set<HeldRequest>();
  #webhook: { url: string; secretToken?: string } | undefined;
  #commands: BotCommand[] = [];

  #globalWindow: number[] = [];
  #chatWindows = new Map<string, number[]>();
  #stats: FakeTelegramStats = { accepted: 0, rejected429: 0, faults: 0, byChat: new Map() };
  #injectors = new Set<(call: RecordedCall) => Fault | undefined>();
  #chatFaults: ActiveFault[] = [];
  #nextFaults: ActiveFault[] = [];

  constructor(options: FakeTelegramOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    const botId = Number(this.token.split(':')[0]) || 123456;
    this.botInfo = {
      id: botId,
      is_bot: true,
      first_name: 'Nhắc việc (test)',
      username: 'nhacviec_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
      ...options.botInfo,
    };
    this.#limits = options.limits === false ? false : { ...TELEGRAM_LIMITS, ...options.limits };
    this.#now = options.now ?? (() => performance.now());
    this.#clock = options.clock ?? systemClock;
  }

  /** `http://127.0.0.1:<port>`, to pass as grammY's `apiRoot`. Throws before `start()`. */
  get apiRoot(): string {
    if (this.#apiRoot === undefined) throw new Error('FakeTelegram is not started');
    return this.#apiRoot;
  }

  /** Listens on 127.0.0.1 on `port`, by default a random free one. */
  async start(listenPort = 0): Promise<void> {
    if (this.#server !== undefined) throw new Error('FakeTelegram already started');
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        // A bug in the fake must not pass for a network error: say so in the answer and on stderr.
        console.error('FakeTelegram internal error', error);
        send(res, { ok: false, error_code: 500, description: `FakeTelegram internal error: ${String(error)}` });
      });
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.#apiRoot = `http://127.0.0.1:${port}`;
  }

  /**
   * Stops the server: a pending long poll is answered with no updates, held (`timeout`) requests are
   * dropped without an answer, open connections are closed. Leaves no timers running.
   */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    if (this.#poll !== undefined) this.#answerPoll(this.#poll, { ok: true, result: [] });
    for (const held of this.#held) held.res.destroy();
    this.#held.clear();
    this.#events.emit('change');
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Answered polls need a moment to flush before their keep-alive sockets are cut.
      setImmediate(() => server.closeAllConnections());
    });
  }

  /** Forgets calls, messages, files, counters, windows, faults, queued updates and the webhook. Ids keep growing. */
  reset(): void {
    this.#calls = [];
    this.#messages = [];
    this.#messageIndex.clear();
    this.#files.clear();
    this.#updates = [];
    this.#webhook = undefined;
    this.#commands = [];
    this.#globalWindow = [];
    this.#chatWindows.clear();
    this.#stats = { accepted: 0, rejected429: 0, faults: 0, byChat: new Map() };
    this.clearFaults();
  }

  /** Replaces the flood limits (merged over {@link TELEGRAM_LIMITS}); `false` disables them. */
  setLimits(limits: Partial<FakeTelegramLimits> | false): void {
    this.#limits = limits === false ? false : { ...TELEGRAM_LIMITS, ...limits };
  }

  // ---- Inspection ----

  /** Recorded calls in arrival order, optionally only those to `method`. */
  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.#calls] : this.#calls.filter((c) => c.method === method);
  }

  /** Messages the bot created (current state after edits), in send order, optionally for one chat. */
  sentMessages(chatId?: number | string): Message[] {
    const all = this.#messages.filter((m) => chatId === undefined || chatKey(m.chat.id) === chatKey(chatId));
    return all.map((m) => structuredClone(m));
  }

  /** Counters since start or the last `reset()`. */
  stats(): FakeTelegramStats {
    const byChat = new Map<number | string, ChatStats>();
    for (const [k, v] of this.#stats.byChat) byChat.set(k, { ...v });
    return { ...this.#stats, byChat };
  }

  /** The webhook set through `setWebhook`, if any. */
  webhook(): { url: string; secretToken?: string } | undefined {
    return this.#webhook === undefined ? undefined : { ...this.#webhook };
  }

  /** Commands set through `setMyCommands`. */
  commands(): BotCommand[] {
    return structuredClone(this.#commands);
  }

  /** Updates queued and not yet confirmed by a `getUpdates` offset. */
  pendingUpdates(): Update[] {
    return structuredClone(this.#updates);
  }

  /** Resolves once `check` returns a value other than `undefined`/`false`; rejects after `timeoutMs` (default 5000). */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
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
        reject(new Error(`FakeTelegram.waitFor timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#events.off('change', onChange);
      };
      this.#events.on('change', onChange);
    });
  }

  /** Waits until at least `count` calls to `method` have been answered (or held by a fault). */
  async waitForCalls(method: string, count = 1, timeoutMs?: number): Promise<RecordedCall[]> {
    return this.waitFor(() => {
      const done = this.#calls.filter((c) => c.method === method && (c.response !== undefined || c.fault));
      return done.length >= count ? done : undefined;
    }, timeoutMs);
  }

  /** Waits until the bot has created at least `count` messages (in `chatId`, if given). */
  async waitForMessages(count: number, chatId?: number | string, timeoutMs?: number): Promise<Message[]> {
    return this.waitFor(() => {
      const messages = this.sentMessages(chatId);
      return messages.length >= count ? messages : undefined;
    }, timeoutMs);
  }

  // ---- Fault injection ----

  /** Fails the next `n` calls matching `options` (default: any call with a `chat_id`). */
  failNext(n: number, fault: Fault, options: FailNextOptions = {}): void {
    const methods = options.methods === undefined ? undefined : new Set(options.methods);
    this.#nextFaults.push({
      fault: toSpec(fault),
      remaining: n,
      matches: (call) => (methods === undefined ? call.chatId !== undefined : methods.has(call.method)),
    });
  }

  /** Fails every call addressed to `chatId` (any method) until cleared, or `options.times` times. */
  failFor(chatId: number | string, fault: Fault, options: FailForOptions = {}): void {
    const key = chatKey(chatId);
    this.#chatFaults.push({
      fault: toSpec(fault),
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      matches: (call) => call.chatId !== undefined && chatKey(call.chatId) === key,
    });
  }

  /** Adds a predicate consulted for every authorised call to a known method; returns a remover. */
  inject(decide: (call: RecordedCall) => Fault | undefined): () => void {
    this.#injectors.add(decide);
    return () => {
      this.#injectors.delete(decide);
    };
  }

  /** Removes every fault set by `failNext`, `failFor` and `inject`. */
  clearFaults(): void {
    this.#injectors.clear();
    this.#chatFaults = [];
    this.#nextFaults = [];
  }

  // ---- Updates ----

  /** Queues an update for `getUpdates`, assigning the next `update_id` when missing; returns it. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.#nextUpdateId() } as Update;
    this.#lastUpdateId = Math.max(this.#lastUpdateId, full.update_id);
    this.#updates.push(full);
    this.#updates.sort((a, b) => a.update_id - b.update_id);
    if (this.#poll !== undefined) this.#answerPoll(this.#poll, { ok: true, result: this.#updates.slice(0, this.#poll.limit) });
    this.#events.emit('change');
    return structuredClone(full);
  }

  /** Builds (without queueing) a text message update from `from`, by default in their private chat. */
  textMessageUpdate(from: UserInput, text: string, options: TextMessageOptions = {}): Update {
    const user = toUser(from);
    const chat = options.chat ?? this.#privateChatOf(user);
    const entities = commandEntities(text);
    const message = {
      message_id: this.#nextMessageIdFor(chat.id),
      from: user,
      chat,
      date: this.#unixNow(),
      text,
      ...(entities.length > 0 ? { entities } : {}),
      ...(options.replyTo === undefined ? {} : { reply_to_message: options.replyTo }),
    } as Message & Update.NonChannel;
    return { update_id: this.#nextUpdateId(), message };
  }

  /** Builds (without queueing) a message update carrying a document; the file is downloadable via `getFile`. */
  documentMessageUpdate(from: UserInput, options: DocumentMessageOptions): Update {
    const user = toUser(from);
    const chat = options.chat ?? this.#privateChatOf(user);
    const stored = this.#storeFile(Buffer.from(options.bytes), `documents/${options.fileName}`);
    const document: Document = {
      file_id: stored.file.file_id,
      file_unique_id: stored.file.file_unique_id,
      file_name: options.fileName,
      ...(options.mimeType === undefined ? {} : { mime_type: options.mimeType }),
      file_size: stored.bytes.length,
    };
    const message = {
      message_id: this.#nextMessageIdFor(chat.id),
      from: user,
      chat,
      date: this.#unixNow(),
      document,
      ...(options.caption === undefined ? {} : { caption: options.caption }),
      ...(options.replyTo === undefined ? {} : { reply_to_message: options.replyTo }),
    } as Message & Update.NonChannel;
    return { update_id: this.#nextUpdateId(), message };
  }

  /** Builds (without queueing) a callback query update: `from` pressed a button carrying `data`. */
  callbackQueryUpdate(from: UserInput, data: string, options: CallbackQueryOptions = {}): Update {
    const user = toUser(from);
    this.#callbackSeq += 1;
    const callbackQuery: CallbackQuery = {
      id: `${user.id}${String(this.#callbackSeq).padStart(6, '0')}`,
      from: user,
      chat_instance: String(options.message?.chat.id ?? user.id),
      data,
      ...(options.message === undefined ? {} : { message: options.message }),
    };
    return { update_id: this.#nextUpdateId(), callback_query: callbackQuery };
  }

  /** Builds and queues a private text message from `from`. */
  pushText(from: UserInput, text: string, options?: TextMessageOptions): Update {
    return this.pushUpdate(this.textMessageUpdate(from, text, options));
  }

  /** Builds and queues a button press by `from`. */
  pushCallbackQuery(from: UserInput, data: string, options?: CallbackQueryOptions): Update {
    return this.pushUpdate(this.callbackQueryUpdate(from, data, options));
  }

  /**
   * POSTs `update` to a webhook endpoint as Telegram would. `secretToken`: `undefined` uses the one given to
   * `setWebhook` (if any); `null` sends no secret header.
   */
  async postWebhook(
    url: string,
    update: Omit<Update, 'update_id'> & { update_id?: number },
    secretToken?: string | null,
  ): Promise<WebhookDelivery> {
    const full = { ...update, update_id: update.update_id ?? this.#nextUpdateId() };
    const secret = secretToken === undefined ? this.#webhook?.secretToken : (secretToken ?? undefined);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(full) });
    return { status: res.status, body: await res.text() };
  }

  /** Registers a file (as if a user had uploaded it) and returns its `File` object. */
  addFile(bytes: Buffer | Uint8Array | string, filePath: string): TelegramFile {
    return { ...this.#storeFile(Buffer.from(bytes), filePath).file };
  }

  /** Describes a chat, so that sent messages carry its title or names. */
  addChat(chat: Chat): void {
    this.#chats.set(chatKey(chat.id), chat);
  }

  /** What `getChatMember` answers for a user in a group (default: "member"; in a private chat: the user's own). */
  setMemberStatus(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked'): void {
    this.#memberStatus.set(`${chatKey(chatId)}:${userId}`, status);
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch !== null) {
      this.#serveFile(fileMatch[1] ?? '', decodeURIComponent(fileMatch[2] ?? ''), res);
      return;
    }
    const match = /^\/bot([^/]*)\/([^/]+)$/.exec(url.pathname);
    const body = await readBody(req);
    if (match === null) {
      send(res, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const token = decodeURIComponent(match[1] ?? '');
    const rawMethod = match[2] ?? '';
    const handler = HANDLERS.get(rawMethod.toLowerCase());
    const params = decodeParams(url.searchParams, req.headers['content-type'], body);
    const call: RecordedCall = {
      method: handler?.name ?? rawMethod,
      token,
      params,
      at: this.#now(),
      ...(params.chat_id === undefined ? {} : { chatId: params.chat_id as number | string }),
    };
    this.#calls.push(call);

    let reply: Reply;
    if (token !== this.token) reply = { ok: false, error_code: 401, description: 'Unauthorized' };
    else if (handler === undefined) reply = { ok: false, error_code: 404, description: 'Not Found' };
    else {
      const fault = this.#faultFor(call);
      if (fault !== undefined) {
        call.fault = fault;
        this.#stats.faults += 1;
        reply = this.#applyFault(fault, call, res);
      } else {
        reply = this.#dispatch(handler.name, call, res);
      }
    }
    if (reply !== 'held') this.#respond(call, res, reply);
    this.#events.emit('change');
  }

  #respond(call: RecordedCall, res: ServerResponse, envelope: ApiEnvelope): void {
    call.response = envelope;
    send(res, envelope);
  }

  #dispatch(method: string, call: RecordedCall, res: ServerResponse): Reply {
    try {
      if (method === 'getUpdates') return this.#getUpdates(call, res);
      return { ok: true, result: this.#call(method, call) };
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      return {
        ok: false,
        error_code: error.code,
        description: error.description,
        ...(error.parameters === undefined ? {} : { parameters: error.parameters }),
      };
    }
  }

  #call(method: string, call: RecordedCall): unknown {
    const p = call.params;
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'sendMessage':
        return this.#sendMessage(call);
      case 'sendPhoto':
      case 'sendDocument':
        return this.#sendFile(method, call);
      case 'editMessageText':
        return this.#editMessageText(p);
      case 'editMessageReplyMarkup':
        return this.#editMessageReplyMarkup(p);
      case 'deleteMessage':
        return this.#deleteMessage(p);
      case 'answerCallbackQuery':
        requireString(p, 'callback_query_id', 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        return true;
      case 'sendChatAction':
        requireChatId(p);
        requireString(p, 'action', 'Bad Request: wrong parameter action in request');
        return true;
      case 'getFile':
        return this.#getFile(p);
      case 'getChatMember': {
        const chatId = requireChatId(p);
        const userId = Number(p.user_id);
        if (!Number.isSafeInteger(userId) || userId <= 0) throw new ApiFailure(400, 'Bad Request: invalid user_id specified');
        const status = this.#memberStatus.get(`${chatKey(chatId)}:${userId}`) ?? (Number(chatId) > 0 ? 'creator' : 'member');
        const user = { id: userId, is_bot: false, first_name: `User ${userId}` };
        return status === 'administrator' ? { status, user, can_be_edited: false } : { status, user };
      }
      case 'setWebhook':
        return this.#setWebhook(p);
      case 'deleteWebhook':
        this.#webhook = undefined;
        if (p.drop_pending_updates === true) this.#updates = [];
        return true;
      case 'getWebhookInfo': {
        const info: WebhookInfo = {
          url: this.#webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.#updates.length,
        };
        return info;
      }
      case 'setMyCommands':
        return this.#setMyCommands(p);
      case 'getMyCommands':
        return this.commands();
      default:
        throw new Error(`no handler for ${method}`);
    }
  }

  // ---- Methods ----

  #sendMessage(call: RecordedCall): Message {
    const p = call.params;
    const chatId = requireChatId(p);
    const raw = typeof p.text === 'string' ? p.text : typeof p.text === 'number' ? String(p.text) : '';
    const text = applyParseMode(raw, p.parse_mode);
    if (text.trim().length === 0) throw new ApiFailure(400, 'Bad Request: message text is empty');
    if (text.length > MAX_TEXT_LENGTH) throw new ApiFailure(400, 'Bad Request: message is too long');
    this.#admit(call, chatId);
    return this.#storeMessage(chatId, { text, ...inlineMarkup(p.reply_markup) });
  }

  #sendFile(method: 'sendPhoto' | 'sendDocument', call: RecordedCall): Message {
    const p = call.params;
    const chatId = requireChatId(p);
    const field = method === 'sendPhoto' ? 'photo' : 'document';
    const input = p[field];
    const caption = typeof p.caption === 'string' ? applyParseMode(p.caption, p.parse_mode) : undefined;
    if (caption !== undefined && caption.length > MAX_CAPTION_LENGTH) {
      throw new ApiFailure(400, 'Bad Request: message caption is too long');
    }
    let stored: StoredFile;
    if (isUploadedFile(input)) {
      stored = this.#storeFile(input.bytes, `${field === 'photo' ? 'photos' : 'documents'}/${input.fileName}`);
    } else if (typeof input === 'string' && input.length > 0) {
      const known = this.#files.get(input);
      if (known !== undefined) stored = known;
      else if (/^https?:\/\//.test(input)) stored = this.#storeFile(Buffer.alloc(0), `${field}s/remote`);
      else throw new ApiFailure(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    } else {
      throw new ApiFailure(400, `Bad Request: there is no ${field} in the request`);
    }
    this.#admit(call, chatId);
    const media =
      method === 'sendPhoto'
        ? {
            photo: [
              {
                file_id: stored.file.file_id,
                file_unique_id: stored.file.file_unique_id,
                width: 1280,
                height: 720,
                file_size: stored.bytes.length,
              } satisfies PhotoSize,
            ],
          }
        : {
            document: {
              file_id: stored.file.file_id,
              file_unique_id: stored.file.file_unique_id,
              file_name: stored.file.file_path?.split('/').pop() ?? 'file',
              file_size: stored.bytes.length,
            } satisfies Document,
          };
    return this.#storeMessage(chatId, {
      ...media,
      ...(caption === undefined ? {} : { caption }),
      ...inlineMarkup(p.reply_markup),
    });
  }

  #editMessageText(p: Record<string, unknown>): Message | true {
    const raw = typeof p.text === 'string' ? p.text : '';
    const text = applyParseMode(raw, p.parse_mode);
    if (text.trim().length === 0) throw new ApiFailure(400, 'Bad Request: message text is empty');
    if (text.length > MAX_TEXT_LENGTH) throw new ApiFailure(400, 'Bad Request: MESSAGE_TOO_LONG');
    if (typeof p.inline_message_id === 'string') return true;
    const index = this.#findMessage(p, 'Bad Request: message to edit not found');
    const current = this.#messages[index] as Message;
    if (current.text === undefined) throw new ApiFailure(400, 'Bad Request: there is no text in the message to edit');
    const markup = inlineMarkup(p.reply_markup);
    if (current.text === text && sameJson(current.reply_markup, markup.reply_markup)) {
      throw new ApiFailure(400, NOT_MODIFIED);
    }
    const { reply_markup: _dropped, ...rest } = current;
    const edited = { ...rest, text, ...markup, edit_date: this.#unixNow() } as Message;
    this.#messages[index] = edited;
    return structuredClone(edited);
  }

  #editMessageReplyMarkup(p: Record<string, unknown>): Message | true {
    if (typeof p.inline_message_id === 'string') return true;
    const index = this.#findMessage(p, 'Bad Request: message to edit not found');
    const current = this.#messages[index] as Message;
    const markup = inlineMarkup(p.reply_markup);
    if (sameJson(current.reply_markup, markup.reply_markup)) throw new ApiFailure(400, NOT_MODIFIED);
    const { reply_markup: _dropped, ...rest } = current;
    const edited = { ...rest, ...markup, edit_date: this.#unixNow() } as Message;
    this.#messages[index] = edited;
    return structuredClone(edited);
  }

  #deleteMessage(p: Record<string, unknown>): true {
    const index = this.#findMessage(p, 'Bad Request: message to delete not found');
    const [removed] = this.#messages.splice(index, 1);
    if (removed !== undefined) this.#messageIndex.delete(messageKey(removed.chat.id, removed.message_id));
    this.#reindex();
    return true;
  }

  #getFile(p: Record<string, unknown>): TelegramFile {
    const fileId = typeof p.file_id === 'string' ? p.file_id : '';
    const stored = this.#files.get(fileId);
    if (stored === undefined) throw new ApiFailure(400, 'Bad Request: invalid file_id');
    return { ...stored.file };
  }

  #setWebhook(p: Record<string, unknown>): true {
    const url = typeof p.url === 'string' ? p.url : '';
    if (url === '') {
      this.#webhook = undefined;
      return true;
    }
    if (!/^https?:\/\//.test(url)) throw new ApiFailure(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
    const secret = typeof p.secret_token === 'string' ? p.secret_token : undefined;
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
      throw new ApiFailure(400, 'Bad Request: bad webhook: secret token contains unallowed characters');
    }
    this.#webhook = { url, ...(secret === undefined ? {} : { secretToken: secret }) };
    if (p.drop_pending_updates === true) this.#updates = [];
    return true;
  }

  #setMyCommands(p: Record<string, unknown>): true {
    const commands = p.commands;
    if (!Array.isArray(commands)) throw new ApiFailure(400, "Bad Request: can't parse commands JSON object");
    for (const c of commands as BotCommand[]) {
      if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        throw new ApiFailure(400, 'Bad Request: BOT_COMMAND_INVALID');
      }
      if (typeof c.description !== 'string' || c.description.length === 0 || c.description.length > 256) {
        throw new ApiFailure(400, 'Bad Request: command description is empty');
      }
    }
    this.#commands = structuredClone(commands as BotCommand[]);
    return true;
  }

  #getUpdates(call: RecordedCall, res: ServerResponse): Reply {
    const p = call.params;
    if (this.#webhook !== undefined) {
      throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = typeof p.offset === 'number' ? p.offset : 0;
    const limit = Math.min(100, Math.max(1, typeof p.limit === 'number' ? p.limit : 100));
    const timeoutS = Math.max(0, typeof p.timeout === 'number' ? p.timeout : 0);
    if (offset > 0) this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.#updates = this.#updates.slice(offset);
    if (this.#updates.length > 0 || timeoutS === 0) return { ok: true, result: this.#updates.slice(0, limit) };

    if (this.#poll !== undefined) {
      this.#answerPoll(this.#poll, {
        ok: false,
        error_code: 409,
        description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    const waiter: PollWaiter = {
      limit,
      call,
      res,
      timer: setTimeout(() => this.#answerPoll(waiter, { ok: true, result: [] }), timeoutS * 1000),
    };
    this.#poll = waiter;
    // A client that gives up (grammY aborts the poll on bot.stop()) must not be answered later.
    res.once('close', () => {
      if (this.#poll === waiter) {
        clearTimeout(waiter.timer);
        this.#poll = undefined;
      }
    });
    return 'held';
  }

  #answerPoll(waiter: PollWaiter, envelope: ApiEnvelope): void {
    clearTimeout(waiter.timer);
    if (this.#poll === waiter) this.#poll = undefined;
    this.#respond(waiter.call, waiter.res, envelope);
  }

  // ---- Limits and faults ----

  /** Checks the flood limits for a message about to be created; records it or throws 429. */
  #admit(call: RecordedCall, chatId: number | string): void {
    const key = chatKey(chatId);
    const chatStats = this.#chatStats(chatId);
    const limits = this.#limits;
    if (limits !== false) {
      const now = call.at;
      const isPrivate = typeof chatId === 'number' && chatId > 0;
      const chatMax = isPrivate ? limits.privateMax : limits.groupMax;
      const chatWindowMs = isPrivate ? limits.privateWindowMs : limits.groupWindowMs;
      this.#globalWindow = pruneWindow(this.#globalWindow, now - limits.globalWindowMs);
      const chatWindow = pruneWindow(this.#chatWindows.get(key) ?? [], now - chatWindowMs);
      this.#chatWindows.set(key, chatWindow);
      const waitMs = Math.max(
        waitForCapacity(this.#globalWindow, limits.globalMax, limits.globalWindowMs, now),
        waitForCapacity(chatWindow, chatMax, chatWindowMs, now),
      );
      if (waitMs > 0) {
        this.#stats.rejected429 += 1;
        chatStats.rejected429 += 1;
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        throw new ApiFailure(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
      this.#globalWindow.push(now);
      chatWindow.push(now);
    }
    this.#stats.accepted += 1;
    chatStats.accepted += 1;
  }

  #chatStats(chatId: number | string): ChatStats {
    let stats = this.#stats.byChat.get(chatId);
    if (stats === undefined) {
      stats = { accepted: 0, rejected429: 0 };
      this.#stats.byChat.set(chatId, stats);
    }
    return stats;
  }

  #faultFor(call: RecordedCall): FaultSpec | undefined {
    for (const decide of this.#injectors) {
      const fault = decide(call);
      if (fault !== undefined) return toSpec(fault);
    }
    for (const list of [this.#chatFaults, this.#nextFaults]) {
      const active = list.find((f) => f.remaining > 0 && f.matches(call));
      if (active !== undefined) {
        active.remaining -= 1;
        return active.fault;
      }
    }
    return undefined;
  }

  #applyFault(fault: FaultSpec, call: RecordedCall, res: ServerResponse): Reply {
    switch (fault.kind) {
      case '5xx': {
        const status = fault.status ?? 502;
        return { ok: false, error_code: status, description: STATUS_TEXT[status] ?? 'Internal Server Error' };
      }
      case '429': {
        const retryAfter = fault.retryAfterS ?? DEFAULT_FORCED_RETRY_AFTER_S;
        return {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        };
      }
      case 'blocked': {
        const isGroup = call.chatId !== undefined && !(typeof call.chatId === 'number' && call.chatId > 0);
        const description = isGroup
          ? `Forbidden: bot was kicked from the ${isSupergroup(call.chatId) ? 'supergroup' : 'group'} chat`
          : 'Forbidden: bot was blocked by the user';
        return { ok: false, error_code: 403, description };
      }
      case 'chat_not_found':
        return { ok: false, error_code: 400, description: 'Bad Request: chat not found' };
      case 'migrated': {
        const migrateTo = fault.migrateToChatId ?? Number(`-100${String(Math.abs(Number(call.chatId ?? 1)))}`);
        return {
          ok: false,
          error_code: 400,
          description: 'Bad Request: group chat was upgraded to a supergroup chat',
          parameters: { migrate_to_chat_id: migrateTo },
        };
      }
      case 'slow': {
        const reply = this.#dispatch(call.method, call, res);
        if (reply === 'held') return reply;
        const held: HeldRequest = { res };
        this.#held.add(held);
        const timer = setTimeout(() => {
          this.#held.delete(held);
          if (!res.writableEnded && !res.destroyed) this.#respond(call, res, reply);
        }, fault.delayMs ?? 200);
        res.once('close', () => {
          clearTimeout(timer);
          this.#held.delete(held);
        });
        return 'held';
      }
      case 'timeout': {
        // The message is created (limits permitting) and only the answer is lost.
        if (fault.deliver === true && call.method !== 'getUpdates') this.#dispatch(call.method, call, res);
        const held: HeldRequest = { res };
        this.#held.add(held);
        res.once('close', () => this.#held.delete(held));
        return 'held';
      }
    }
  }

  // ---- Storage ----

  #storeMessage(chatId: number | string, content: Partial<Message>): Message {
    const chat = this.#chatFor(chatId);
    const message = {
      message_id: this.#nextMessageIdFor(chat.id),
      from: { id: this.botInfo.id, is_bot: true, first_name: this.botInfo.first_name, username: this.botInfo.username },
      chat,
      date: this.#unixNow(),
      ...content,
    } as Message;
    this.#messageIndex.set(messageKey(chat.id, message.message_id), this.#messages.length);
    this.#messages.push(message);
    return structuredClone(message);
  }

  #findMessage(p: Record<string, unknown>, notFound: string): number {
    const chatId = requireChatId(p);
    const messageId = typeof p.message_id === 'number' ? p.message_id : Number.NaN;
    const index = this.#messageIndex.get(messageKey(chatId, messageId));
    if (index === undefined) throw new ApiFailure(400, notFound);
    return index;
  }

  #reindex(): void {
    this.#messageIndex.clear();
    this.#messages.forEach((m, i) => this.#messageIndex.set(messageKey(m.chat.id, m.message_id), i));
  }

  #storeFile(bytes: Buffer, filePath: string): StoredFile {
    this.#fileSeq += 1;
    const seq = String(this.#fileSeq);
    const [dir, ...rest] = filePath.split('/');
    const file: TelegramFile = {
      file_id: `BQACAgIAAxkBAAI${seq.padStart(6, '0')}`,
      file_unique_id: `AgAD${seq.padStart(4, '0')}`,
      file_size: bytes.length,
      file_path: `${dir ?? 'documents'}/file_${seq}_${rest.join('_') || 'upload'}`,
    };
    const stored = { file, bytes };
    this.#files.set(file.file_id, stored);
    return stored;
  }

  #serveFile(token: string, filePath: string, res: ServerResponse): void {
    const stored = [...this.#files.values()].find((f) => f.file.file_path === filePath);
    if (token !== this.token || stored === undefined) {
      send(res, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': stored.bytes.length });
    res.end(stored.bytes);
  }

  #chatFor(chatId: number | string): Chat {
    const known = this.#chats.get(chatKey(chatId));
    if (known !== undefined) return structuredClone(known);
    if (typeof chatId === 'string') {
      return { id: -1_000_000_000_001, type: 'channel', title: chatId, username: chatId.replace(/^@/, '') };
    }
    if (chatId > 0) return { id: chatId, type: 'private', first_name: `User ${chatId}` };
    if (chatId <= SUPERGROUP_ID_THRESHOLD) return { id: chatId, type: 'supergroup', title: `Group ${chatId}` };
    return { id: chatId, type: 'group', title: `Group ${chatId}` };
  }

  #privateChatOf(user: User): Chat.PrivateChat {
    const chat: Chat.PrivateChat = {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
      ...(user.username === undefined ? {} : { username: user.username }),
    };
    this.#chats.set(chatKey(user.id), chat);
    return chat;
  }

  #nextMessageIdFor(chatId: number | string): number {
    const key = chatKey(chatId);
    const next = (this.#nextMessageId.get(key) ?? 0) + 1;
    this.#nextMessageId.set(key, next);
    return next;
  }

  #nextUpdateId(): number {
    this.#lastUpdateId += 1;
    return this.#lastUpdateId;
  }

  #unixNow(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }
}

// ---- Method table ----

const HANDLERS = new Map(
  [
    'getMe',
    'getUpdates',
    'sendMessage',
    'sendPhoto',
    'sendDocument',
    'editMessageText',
    'editMessageReplyMarkup',
    'deleteMessage',
    'answerCallbackQuery',
    'sendChatAction',
    'getFile',
    'getChatMember',
    'setWebhook',
    'deleteWebhook',
    'getWebhookInfo',
    'setMyCommands',
    'getMyCommands',
  ].map((name) => [name.toLowerCase(), { name }] as const),
);

const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// ---- Pure helpers ----

function toSpec(fault: Fault): FaultSpec {
  return typeof fault === 'string' ? { kind: fault } : fault;
}

function chatKey(chatId: number | string): string {
  return String(chatId);
}

function messageKey(chatId: number | string, messageId: number): string {
  return `${chatKey(chatId)}/${messageId}`;
}

function isSupergroup(chatId: number | string | undefined): boolean {
  return typeof chatId === 'number' && chatId <= SUPERGROUP_ID_THRESHOLD;
}

function pruneWindow(window: number[], cutoff: number): number[] {
  const firstLive = window.findIndex((t) => t > cutoff);
  return firstLive === -1 ? [] : firstLive === 0 ? window : window.slice(firstLive);
}

/** Milliseconds until one more send fits into a sorted, pruned window; 0 when it fits now. */
function waitForCapacity(window: readonly number[], max: number, windowMs: number, now: number): number {
  if (window.length < max) return 0;
  const mustExpire = window[window.length - max] ?? now;
  return Math.max(1, mustExpire + windowMs - now);
}

function toUser(input: UserInput): User {
  return {
    id: input.id,
    is_bot: false,
    first_name: input.first_name ?? `User ${input.id}`,
    ...(input.last_name === undefined ? {} : { last_name: input.last_name }),
    ...(input.username === undefined ? {} : { username: input.username }),
    ...(input.language_code === undefined ? {} : { language_code: input.language_code }),
  };
}

/** Telegram marks a leading `/command` (optionally `@bot`) with a bot_command entity; grammY relies on it. */
function commandEntities(text: string): MessageEntity[] {
  const match = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
  return match === null ? [] : [{ type: 'bot_command', offset: 0, length: match[0].length }];
}

function inlineMarkup(value: unknown): { reply_markup?: InlineKeyboardMarkup } {
  if (typeof value === 'object' && value !== null && Array.isArray((value as InlineKeyboardMarkup).inline_keyboard)) {
    return { reply_markup: structuredClone(value as InlineKeyboardMarkup) };
  }
  return {};
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function requireChatId(p: Record<string, unknown>): number | string {
  const chatId = p.chat_id;
  if (typeof chatId === 'number' && Number.isInteger(chatId) && chatId !== 0) return chatId;
  if (typeof chatId === 'string' && /^@[A-Za-z0-9_]{4,}$/.test(chatId)) return chatId;
  if (chatId === undefined || chatId === '') throw new ApiFailure(400, 'Bad Request: chat_id is empty');
  throw new ApiFailure(400, 'Bad Request: chat not found');
}

function requireString(p: Record<string, unknown>, key: string, description: string): string {
  const value = p[key];
  if (typeof value !== 'string' || value.length === 0) throw new ApiFailure(400, description);
  return value;
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).bytes);
}

function send(res: ServerResponse, envelope: ApiEnvelope): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(envelope);
  res.writeHead(envelope.ok ? 200 : envelope.error_code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// ---- Parameter decoding ----

function decodeParams(query: URLSearchParams, contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of query) params[key] = coerce(key, value);
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return params;
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) Object.assign(params, parsed);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = coerce(key, value);
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const parts = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? '');
    const files = new Map(parts.filter((p) => p.fileName !== undefined).map((p) => [p.name, p]));
    for (const part of parts) {
      if (part.fileName !== undefined) continue;
      const value = part.data.toString('utf8');
      const attached = /^attach:\/\/(.+)$/.exec(value);
      const file = attached === null ? undefined : files.get(attached[1] ?? '');
      params[part.name] =
        file === undefined ? coerce(part.name, value) : ({ fileName: file.fileName ?? 'file', bytes: file.data } satisfies UploadedFile);
    }
  }
  if (typeof params.chat_id === 'string' && /^-?\d+$/.test(params.chat_id)) params.chat_id = Number(params.chat_id);
  return params;
}

function coerce(key: string, value: string): unknown {
  if (FREE_TEXT_PARAMS.has(key)) return value;
  if (NUMERIC_PARAMS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

interface MultipartPart {
  name: string;
  fileName?: string;
  data: Buffer;
}

/** A small multipart/form-data reader; grammY writes headers without spaces and unquoted file names. */
function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  if (boundary === '') return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Part content sits between the CRLF after the delimiter and the CRLF before the next one.
    const part = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename=(?:"([^"]*)"|([^;\r\n]*))/i.exec(headers);
      if (name !== undefined) {
        parts.push({
          name,
          ...(fileName === null ? {} : { fileName: (fileName[1] ?? fileName[2] ?? '').trim() }),
          data: Buffer.from(part.subarray(headerEnd + 4)),
        });
      }
    }
    start = next;
  }
  return parts;
}

// ---- HTML parse mode ----

const HTML_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-emoji',
]);

function applyParseMode(text: string, parseMode: unknown): string {
  return typeof parseMode === 'string' && parseMode.toLowerCase() === 'html' ? parseHtml(text) : text;
}

/** Strips Telegram HTML to plain text, failing like Telegram on unsupported or unbalanced tags. */
function parseHtml(html: string): string {
  const open: string[] = [];
  let out = '';
  let i = 0;
  const byteOffset = (at: number): number => Buffer.byteLength(html.slice(0, at));
  const fail = (reason: string): never => {
    throw new ApiFailure(400, `Bad Request: can't parse entities: ${reason}`);
  };
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?>/.exec(html.slice(i));
      if (tag === null) fail(`Unsupported start tag "" at byte offset ${byteOffset(i)}`);
      const [whole, slash, rawName] = tag as RegExpExecArray;
      const name = (rawName ?? '').toLowerCase();
      if (slash === '/') {
        const expected = open.pop();
        if (expected !== name) {
          fail(`Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${expected ?? ''}>", found "</${name}>"`);
        }
      } else {
        if (!HTML_TAGS.has(name)) fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(i)}`);
        open.push(name);
      }
      i += whole.length;
      continue;
    }
    if (ch === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (entity !== null) {
        out += decodeEntity(entity[1] ?? '');
        i += entity[0].length;
        continue;
      }
    }
    out += ch;
    i += 1;
  }
  if (open.length > 0) fail(`Can't find end tag corresponding to start tag "${open[open.length - 1] ?? ''}"`);
  return out;
}

function decodeEntity(name: string): string {
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    default:
      return String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
  }
}
