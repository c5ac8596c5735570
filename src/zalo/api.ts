/**
 * A small typed client for the Zalo Bot Platform API (see README.md §1 for what each method does and where that is
 * documented). Global `fetch`, JSON bodies, one timeout per request. Failures are thrown as {@link ZaloApiError}
 * (Zalo answered and refused) or {@link ZaloHttpError} (no usable answer); `classifyZaloError` maps both to a
 * delivery outcome. Nothing is retried here: the caller decides (a send may not be repeated blindly).
 */

/** Default API root (documented base URL). */
export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';
/** Longest text `sendMessage` accepts, and longest `sendPhoto` caption. */
export const ZALO_TEXT_LIMIT = 2000;
/** Default per-request timeout, in milliseconds. */
export const DEFAULT_ZALO_TIMEOUT_MS = 30_000;

/** Options of {@link ZaloBotApi}. */
export interface ZaloBotApiOptions {
  /** `<bot_id>:<secret>` from Zalo Bot Creator (env `ZALO_BOT_TOKEN`; never logged). */
  token: string;
  /** API root without a trailing slash (env `ZALO_API_ROOT`). Default {@link ZALO_API_ROOT}. */
  apiRoot?: string;
  /** Milliseconds before one request is abandoned. Default {@link DEFAULT_ZALO_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** The fetch to use. Default: global `fetch`. */
  fetch?: typeof fetch;
}

/** `getMe`. */
export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type?: string;
  can_join_groups?: boolean;
}

/** A message as updates carry it. */
export interface ZaloMessage {
  message_id: string;
  /** Milliseconds since the epoch. */
  date: number;
  text?: string;
  chat: { id: string; chat_type: 'PRIVATE' | 'GROUP' };
  from: { id: string; display_name?: string; first_name?: string; is_bot?: boolean };
  photo_url?: string;
  caption?: string;
  sticker?: string;
}

/** One update (getUpdates answers one per call; a webhook receives one per request). */
export interface ZaloUpdate {
  event_name: 'message.text.received' | 'message.image.received' | 'message.sticker.received' | 'message.unsupported.received' | (string & {});
  message?: ZaloMessage;
}

/** What `sendMessage` / `sendPhoto` answer. */
export interface ZaloSentMessage {
  message_id: string;
  /** Milliseconds since the epoch. */
  date: number;
}

/** `setWebhook`, `deleteWebhook`, `getWebhookInfo`. */
export interface ZaloWebhookInfo {
  url: string;
  updated_at?: number;
}

/** Zalo answered `{ ok: false }` (or a non-2xx status with such a body). */
export class ZaloApiError extends Error {
  override name = 'ZaloApiError';
  constructor(
    readonly method: string,
    /** `error_code` of the answer, else the HTTP status. */
    readonly errorCode: number,
    readonly description: string,
    /** Seconds to wait, from `parameters.retry_after` or a `Retry-After` header, when Zalo said so. */
    readonly retryAfterS?: number,
  ) {
    super(`zalo ${method}: ${errorCode} ${description}`);
  }
}

/** No usable answer: the request failed on the network, timed out, was aborted, or the answer was not JSON. */
export class ZaloHttpError extends Error {
  override name = 'ZaloHttpError';
  constructor(
    readonly method: string,
    message: string,
    /** `timeout` when our own deadline ran out; `aborted` when the caller's signal fired. */
    readonly reason: 'network' | 'timeout' | 'aborted' | 'unreadable',
    options?: { cause?: unknown },
  ) {
    super(`zalo ${method}: ${message}`, options);
  }
}

/** Per-call options. */
export interface ZaloCallOptions {
  /** Aborts the request (budget of a send, shutdown of a poll). */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (long polls). */
  timeoutMs?: number;
}

interface Envelope {
  ok?: unknown;
  result?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

export class ZaloBotApi {
  readonly apiRoot: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: ZaloBotApiOptions) {
    this.#token = options.token;
    this.apiRoot = (options.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_ZALO_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
  }

  getMe(options?: ZaloCallOptions): Promise<ZaloBotInfo> {
    return this.call<ZaloBotInfo>('getMe', {}, options);
  }

  /**
   * One long poll: resolves with the next update, or `null` when none arrived within `timeoutS` (Zalo answers 408
   * then). The request's own timeout is `timeoutS` plus 5 s.
   */
  async getUpdates(timeoutS = 30, options: ZaloCallOptions = {}): Promise<ZaloUpdate | null> {
    try {
      const result = await this.call<ZaloUpdate | ZaloUpdate[] | null>('getUpdates', { timeout: String(timeoutS) }, {
        ...options,
        timeoutMs: options.timeoutMs ?? (timeoutS + 5) * 1000,
      });
      // Documented as one update per call; tolerate an array or an empty answer.
      if (Array.isArray(result)) return result[0] ?? null;
      return result !== null && typeof result === 'object' && 'event_name' in result ? result : null;
    } catch (error) {
      if (error instanceof ZaloApiError && error.errorCode === 408) return null;
      throw error;
    }
  }

  setWebhook(url: string, secretToken: string, options?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    return this.call<ZaloWebhookInfo>('setWebhook', { url, secret_token: secretToken }, options);
  }

  deleteWebhook(options?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    return this.call<ZaloWebhookInfo>('deleteWebhook', {}, options);
  }

  getWebhookInfo(options?: ZaloCallOptions): Promise<ZaloWebhookInfo> {
    return this.call<ZaloWebhookInfo>('getWebhookInfo', {}, options);
  }

  /** Sends a text of 1 to {@link ZALO_TEXT_LIMIT} characters (split longer ones with `splitZaloText`). */
  sendMessage(chatId: string, text: string, options?: ZaloCallOptions): Promise<ZaloSentMessage> {
    return this.call<ZaloSentMessage>('sendMessage', { chat_id: chatId, text }, options);
  }

  /** Sends the picture at `photoUrl` (Zalo fetches it) with an optional caption. */
  sendPhoto(chatId: string, photoUrl: string, caption?: string, options?: ZaloCallOptions): Promise<ZaloSentMessage> {
    return this.call<ZaloSentMessage>('sendPhoto', { chat_id: chatId, photo: photoUrl, ...(caption === undefined ? {} : { caption }) }, options);
  }

  async sendChatAction(chatId: string, action: 'typing' | 'upload_photo' = 'typing', options?: ZaloCallOptions): Promise<void> {
    await this.call<unknown>('sendChatAction', { chat_id: chatId, action }, options);
  }

  /** Calls `method` with a JSON body; resolves with `result`. */
  async call<T>(method: string, params: Record<string, unknown>, options: ZaloCallOptions = {}): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#timeoutMs);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    let response: Response;
    let body: string;
    try {
      response = await this.#fetch(`${this.apiRoot}/bot${this.#token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal,
      });
      body = await response.text();
    } catch (error) {
      const reason = options.signal?.aborted ? 'aborted' : timeout.aborted ? 'timeout' : 'network';
      throw new ZaloHttpError(method, reason === 'network' ? describe(error) : `request ${reason === 'timeout' ? 'timed out' : 'aborted'}`, reason, {
        cause: error,
      });
    }
    let envelope: Envelope;
    try {
      envelope = JSON.parse(body) as Envelope;
    } catch (error) {
      // An HTML error page from a proxy: the request may have been handled.
      if (response.status === 429) throw new ZaloApiError(method, 429, 'Too Many Requests', retryAfterHeader(response));
      throw new ZaloHttpError(method, `unreadable answer (HTTP ${response.status})`, 'unreadable', { cause: error });
    }
    if (envelope.ok === true && response.ok) return envelope.result as T;
    const code = typeof envelope.error_code === 'number' ? envelope.error_code : response.status;
    const description = typeof envelope.description === 'string' ? envelope.description : `HTTP ${response.status}`;
    const retryAfter = typeof envelope.parameters?.retry_after === 'number' ? envelope.parameters.retry_after : retryAfterHeader(response);
    throw new ZaloApiError(method, code, description, retryAfter);
  }
}

function retryAfterHeader(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = typeof cause === 'object' && cause !== null && typeof (cause as { code?: unknown }).code === 'string' ? ` [${(cause as { code: string }).code}]` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

/** The client for the configured bot (`config.zalo`). Composition roots only. */
export function createZaloApi(config: { token: string; apiRoot: string }, options: Omit<ZaloBotApiOptions, 'token' | 'apiRoot'> = {}): ZaloBotApi {
  return new ZaloBotApi({ ...options, token: config.token, apiRoot: config.apiRoot });
}
