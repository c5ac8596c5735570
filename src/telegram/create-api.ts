import { autoRetry } from '@grammyjs/auto-retry';
import { Api, type Transformer } from 'grammy';

/** Retry policy for Bot API calls. */
export interface TelegramRetryOptions {
  /**
   * How many times one call is retried after a 429 (and, for methods that cannot duplicate a message, after a
   * 5xx). Default 3.
   */
  maxRetryAttempts: number;
  /**
   * The longest `retry_after` (seconds) waited in-process. A longer one is rethrown as the 429 `GrammyError`, so the
   * caller can reschedule the delivery instead of holding a worker slot. Default 30.
   */
  maxDelaySeconds: number;
}

/** Options of {@link createTelegramApi}. */
export interface TelegramApiOptions {
  /** The bot token (from env only; never logged). */
  token: string;
  /** Bot API server root without a trailing slash. Default `https://api.telegram.org`. */
  apiRoot?: string;
  /**
   * Seconds before one HTTP request is abandoned; an abandoned send is an 'unknown' delivery. Must exceed the
   * long-poll `timeout` if this `Api` is used for `getUpdates`. Default 30.
   */
  timeoutSeconds?: number;
  /** Retry policy; defaults as in {@link TelegramRetryOptions}. */
  retry?: Partial<TelegramRetryOptions>;
}

/** Default per-request timeout of {@link createTelegramApi}, in seconds. */
export const DEFAULT_TELEGRAM_TIMEOUT_S = 30;

/** Defaults of {@link TelegramRetryOptions}. */
export const DEFAULT_TELEGRAM_RETRY: Readonly<TelegramRetryOptions> = Object.freeze({
  maxRetryAttempts: 3,
  maxDelaySeconds: 30,
});

/**
 * Methods whose repetition creates another message. After a 5xx or a network failure such a call may already have
 * taken effect, so it is never repeated automatically: the caller records an 'unknown' delivery instead.
 */
export const MESSAGE_CREATING_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'sendAnimation',
  'sendAudio',
  'sendVideo',
  'sendVideoNote',
  'sendVoice',
  'sendSticker',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendInvoice',
  'sendPaidMedia',
  'copyMessage',
  'copyMessages',
  'forwardMessage',
  'forwardMessages',
]);

/**
 * The retry transformer nhacviec installs on every grammY `Api` (also `bot.api.config.use(...)` in the bot):
 * - 429 with `retry_after` ≤ `maxDelaySeconds`: waited and retried, up to `maxRetryAttempts` (nothing was sent).
 * - 5xx: retried with auto-retry's backoff only for methods outside {@link MESSAGE_CREATING_METHODS} (edits,
 *   answers, settings are idempotent); rethrown for sends.
 * - Network errors (`HttpError`): always rethrown. auto-retry would retry them without bound and, for a send,
 *   a request that timed out may well have been delivered.
 */
export function createTelegramRetryTransformer(options: Partial<TelegramRetryOptions> = {}): Transformer {
  const policy = { ...DEFAULT_TELEGRAM_RETRY, ...options };
  const forSends = autoRetry({ ...policy, rethrowInternalServerErrors: true, rethrowHttpErrors: true });
  const forOthers = autoRetry({ ...policy, rethrowInternalServerErrors: false, rethrowHttpErrors: true });
  return (prev, method, payload, signal) =>
    (MESSAGE_CREATING_METHODS.has(method) ? forSends : forOthers)(prev, method, payload, signal);
}

/**
 * Builds the grammY `Api` the reminder worker sends with, with {@link createTelegramRetryTransformer} installed.
 * Errors it throws are meant for `classifyTelegramError`.
 */
export function createTelegramApi(options: TelegramApiOptions): Api {
  const api = new Api(options.token, {
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TELEGRAM_TIMEOUT_S,
    ...(options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot }),
  });
  api.config.use(createTelegramRetryTransformer(options.retry));
  return api;
}
