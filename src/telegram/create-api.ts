import { autoRetry } from '@grammyjs/auto-retry';
import { performance } from 'node:perf_hooks';
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
 * What a send asked of every HTTP request it makes (see {@link createSendSignal}), keyed by the send's signal: the
 * transformers find it through the signal grammY hands them with each request, the first and every retry alike.
 */
interface SendState {
  /** `performance.now()` instant by which the send must be settled; undefined = no budget. */
  deadline: number | undefined;
  admit: ((maxWaitMs: number) => Promise<boolean>) | undefined;
  onRateLimited: ((retryAfterS: number) => void) | undefined;
  /** HTTP requests made so far for this send (a picture and its text, retries after a 429). */
  requests: number;
}

const sendStates = new WeakMap<AbortSignal, SendState>();

/**
 * Time left for the repeated request itself: a 429 is waited in-process only when, after `retry_after`, at least
 * this much of the budget remains. Otherwise the 429 goes back to the caller, who gives the claim back. The same
 * headroom bounds a wait at the send gate before a repeated request.
 */
export const RETRY_HEADROOM_MS = 1000;

/** Longest wait at the send gate before a repeated request of a send without a budget. */
const DEFAULT_ADMIT_WAIT_MS = 2000;

/** What {@link createSendSignal} attaches to one send. */
export interface SendSignalOptions {
  /** Milliseconds within which the send must be settled (see {@link createSendBudgetSignal}); none when omitted. */
  budgetMs?: number;
  /**
   * The overall send gate, asked before every HTTP request of the send except the first, which the caller admitted
   * before the budget started: a retry after a 429 and the text sent after a picture are messages Telegram counts
   * too. Resolves whether the request was admitted within `maxWaitMs`; a request not admitted is not made, and the
   * send fails with {@link SendNotAdmittedError} (nothing more went out).
   */
  admit?: (maxWaitMs: number) => Promise<boolean>;
  /** Called for every 429 answer, including those retried in-process and never seen by the caller. */
  onRateLimited?: (retryAfterS: number) => void;
}

/**
 * An `AbortSignal` for one send: pass it as the last argument of each grammY method the send calls. It carries the
 * options to the transformers of {@link createTelegramApi}, and aborts the request when the budget runs out.
 */
export function createSendSignal(options: SendSignalOptions): AbortSignal {
  const ms = options.budgetMs === undefined ? undefined : Math.max(0, Math.floor(options.budgetMs));
  const signal = ms === undefined ? new AbortController().signal : AbortSignal.timeout(ms);
  sendStates.set(signal, {
    deadline: ms === undefined ? undefined : performance.now() + ms,
    admit: options.admit,
    onRateLimited: options.onRateLimited,
    requests: 0,
  });
  return signal;
}

/**
 * An `AbortSignal` for one send that must be settled within `budgetMs`: pass it as the last argument of a grammY
 * method. It aborts the request when the budget runs out (the call fails with an `HttpError`, an 'unknown'
 * outcome), and {@link createTelegramRetryTransformer} never waits a 429's `retry_after` past it.
 */
export function createSendBudgetSignal(budgetMs: number): AbortSignal {
  return createSendSignal({ budgetMs });
}

/** A repeated request of a send (a retry, the text after a picture) that the overall send gate did not admit in time. */
export class SendNotAdmittedError extends Error {
  constructor(method: string) {
    super(`${method}: not admitted by the overall send limit in time; not sent`);
    this.name = 'SendNotAdmittedError';
  }
}

/**
 * The innermost transformer, run right before each HTTP request of a message-creating method: a request other than
 * the send's first passes the send gate first, and every 429 answer is reported, whoever handles it afterwards.
 */
function sendHooks(): Transformer {
  return async (prev, method, payload, grammySignal) => {
    const state = grammySignal === undefined ? undefined : sendStates.get(grammySignal as unknown as AbortSignal);
    if (state === undefined || !MESSAGE_CREATING_METHODS.has(method)) return prev(method, payload, grammySignal);
    state.requests += 1;
    if (state.requests > 1 && state.admit !== undefined) {
      const maxWaitMs = state.deadline === undefined ? DEFAULT_ADMIT_WAIT_MS : state.deadline - performance.now() - RETRY_HEADROOM_MS;
      if (maxWaitMs < 0 || !(await state.admit(Math.floor(maxWaitMs)))) throw new SendNotAdmittedError(method);
    }
    const result = await prev(method, payload, grammySignal);
    if (!result.ok && result.error_code === 429) state.onRateLimited?.(result.parameters?.retry_after ?? 0);
    return result;
  };
}

/** Waits `ms` unless `signal` aborts first; resolves whether the whole wait passed. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The 429 handling of message-creating methods. Unlike auto-retry it knows the send's budget (a signal from
 * {@link createSendBudgetSignal}): a `retry_after` that would end past the budget is not waited, the 429 is
 * returned at once (nothing was sent) so the worker gives its claim back before the lease runs out. A 5xx and a
 * network error are never repeated (the message may already be out).
 */
function retrySendsOn429(policy: TelegramRetryOptions): Transformer {
  return async (prev, method, payload, grammySignal) => {
    // grammY types its signals with the abort-controller polyfill's class; at run time they are Node's.
    const signal = grammySignal as unknown as AbortSignal | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const result = await prev(method, payload, grammySignal);
      const retryAfterS = result.ok ? undefined : result.parameters?.retry_after;
      if (retryAfterS === undefined || retryAfterS > policy.maxDelaySeconds || attempt >= policy.maxRetryAttempts) return result;
      const deadline = signal === undefined ? undefined : sendStates.get(signal)?.deadline;
      if (deadline !== undefined && performance.now() + retryAfterS * 1000 + RETRY_HEADROOM_MS > deadline) return result;
      if (!(await pause(retryAfterS * 1000, signal))) return result;
    }
  };
}

/**
 * The retry transformer nhacviec installs on every grammY `Api` (also `bot.api.config.use(...)` in the bot):
 * - 429 with `retry_after` ≤ `maxDelaySeconds`: waited and retried, up to `maxRetryAttempts` (nothing was sent).
 *   For message-creating methods, never past the send's budget ({@link createSendBudgetSignal}): the 429 is
 *   returned instead.
 * - 5xx: retried with auto-retry's backoff only for methods outside {@link MESSAGE_CREATING_METHODS} (edits,
 *   answers, settings are idempotent); returned for sends.
 * - Network errors (`HttpError`): always rethrown. auto-retry would retry them without bound and, for a send,
 *   a request that timed out may well have been delivered.
 */
export function createTelegramRetryTransformer(options: Partial<TelegramRetryOptions> = {}): Transformer {
  const policy = { ...DEFAULT_TELEGRAM_RETRY, ...options };
  const forSends = retrySendsOn429(policy);
  const forOthers = autoRetry({ ...policy, rethrowInternalServerErrors: false, rethrowHttpErrors: true });
  return (prev, method, payload, signal) =>
    (MESSAGE_CREATING_METHODS.has(method) ? forSends : forOthers)(prev, method, payload, signal);
}

/**
 * Builds the grammY `Api` the reminder worker sends with: {@link createTelegramRetryTransformer} outside, and inside
 * it the hooks of {@link createSendSignal} (the send gate and the 429 report), so that every HTTP request, retries
 * included, passes them. Errors it throws are meant for `classifyTelegramError`.
 */
export function createTelegramApi(options: TelegramApiOptions): Api {
  const api = new Api(options.token, {
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TELEGRAM_TIMEOUT_S,
    ...(options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot }),
  });
  // grammY wraps the call with each transformer in turn: the first installed runs last, right before the request.
  api.config.use(sendHooks());
  api.config.use(createTelegramRetryTransformer(options.retry));
  return api;
}
