/**
 * The Telegram bot: `createBot(deps)` wires grammY, the i18n catalogs (src/i18n/locales, `## Bot` sections), the
 * bot's use cases (src/app/bot) over the store the composition root passes, and one Composer per feature. Run it by
 * long polling (`startPolling`, @grammyjs/runner, sequential per chat and per user) or behind the HTTP server
 * (`createWebhookHandler`, hono, `secret_token` checked). See src/bot/README.md.
 */
import { I18n } from '@grammyjs/i18n';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, webhookCallback, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Context as HonoContext } from 'hono';
import type { Config } from '../../config/env.js';
import { createBotService, type BotService } from '../app/bot/service.js';
import type { BotStore } from '../app/bot/store.js';
import type { ReminderButtons } from '../app/ports.js';
import type { Clock } from '../domain/clock.js';
import type { WorkingCalendar } from '../domain/deadline.js';
import { LOCALES_DIR } from '../i18n/translator.js';
import type { Logger } from '../infra/logger.js';
import { classifyTelegramError } from '../telegram/classify-error.js';
import { createTelegramRetryTransformer } from '../telegram/create-api.js';
import type { BotContext, FeatureDeps, SendDigestNow, WebLoginLink } from './context.js';
import { createCallbackResolver } from './features/callbacks.js';
import { createChatMemberFeature } from './features/chat-member.js';
import { createCoordinatorFeature } from './features/coordinator.js';
import { createInputsFeature } from './features/inputs.js';
import { createItemsFeature } from './features/items.js';
import { createOnboardingFeature } from './features/onboarding.js';
import { createWorkFeature } from './features/work.js';
import { DEFAULT_RATE_LIMIT, dedupeUpdates, loadSender, rateLimit, type RateLimitOptions } from './middleware.js';
import { BotNotifier } from './notify.js';
import { createReminderButtons } from './reminder-buttons.js';

/** Dependencies of {@link createBot}. */
export interface CreateBotDeps {
  /** The bot token (from env only; never logged). */
  token: string;
  /** Bot API root. Default `config.telegram.apiRoot`. */
  apiRoot?: string;
  /** The bot's persistence port (src/db/bot-store.ts over PostgreSQL), built by the composition root. */
  store: BotStore;
  clock: Clock;
  logger: Logger;
  config: Config;
  /**
   * Called after due items changed (revision bumped in the same transaction): the composition root wires the
   * reminder pipeline's replan + enqueue here. Tests pass a spy.
   */
  afterDueItemsChanged(): Promise<void>;
  calendar: WorkingCalendar;
  /** `/baocao`: sends a digest now. Absent → the bot answers that digests are not configured. */
  sendDigestNow?: SendDigestNow;
  /** `/dangnhap` (`/login`): sign-in links to the web console. Absent → the bot says the console is not enabled. */
  webLoginLink?: WebLoginLink;
  /** Preset bot identity (tests; skips `getMe`). Default: fetched by `bot.init()`. */
  botInfo?: UserFromGetMe;
  /** Per-user rate limit, or `false` to disable it (benchmarks). Default {@link DEFAULT_RATE_LIMIT}. */
  rateLimit?: RateLimitOptions | false;
  /** Seconds before one Bot API request is abandoned. Default 60 (above the 30 s long-poll timeout). */
  timeoutSeconds?: number;
}

/** The running pieces {@link createBot} builds. */
export interface NhacviecBot {
  bot: Bot<BotContext>;
  service: BotService;
  /** The port the reminder worker renders reminder buttons with. */
  reminderButtons: ReminderButtons;
  i18n: I18n<BotContext>;
}

/** Bot API requests are abandoned after this many seconds. */
export const DEFAULT_BOT_TIMEOUT_S = 60;
/** Long-poll timeout of `getUpdates`, in seconds. */
export const LONG_POLL_TIMEOUT_S = 30;
/** Update types the bot handles. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/** The catalogs of src/i18n/locales through @grammyjs/i18n; the locale is the person's, else Telegram's. */
export function createBotI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: 'vi',
    directory: LOCALES_DIR,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.who?.actor?.locale ?? (ctx.from?.language_code?.startsWith('en') ? 'en' : 'vi'),
  });
}

/** Builds the bot (not started). */
export function createBot(deps: CreateBotDeps): NhacviecBot {
  const logger = deps.logger.child('bot');
  const bot = new Bot<BotContext>(deps.token, {
    client: { apiRoot: deps.apiRoot ?? deps.config.telegram.apiRoot, timeoutSeconds: deps.timeoutSeconds ?? DEFAULT_BOT_TIMEOUT_S },
    ...(deps.botInfo === undefined ? {} : { botInfo: deps.botInfo }),
  });
  const i18n = createBotI18n();
  const service = createBotService({
    store: deps.store,
    clock: deps.clock,
    calendar: deps.calendar,
    timeZone: deps.config.domain.timeZone,
    completionNeedsApproval: deps.config.domain.completionNeedsApproval,
    afterDueItemsChanged: deps.afterDueItemsChanged,
    onError: (message, error) => logger.warn(message, { error }),
  });

  bot.api.config.use(createTelegramRetryTransformer());
  bot.api.config.use(markUnreachableChats(service, logger));

  const featureDeps: FeatureDeps = {
    service,
    notifier: new BotNotifier(bot.api, i18n, logger),
    i18n,
    calendar: deps.calendar,
    logger,
    ...(deps.sendDigestNow === undefined ? {} : { sendDigestNow: deps.sendDigestNow }),
    ...(deps.webLoginLink === undefined ? {} : { webLoginLink: deps.webLoginLink }),
  };

  // One chat's (and one user's) updates are handled in order; different chats run concurrently.
  bot.use(sequentialize<BotContext>((ctx) => [ctx.chat && `c${ctx.chat.id}`, ctx.from && `u${ctx.from.id}`].filter((k): k is string => Boolean(k))));
  bot.use(dedupeUpdates(service, logger));
  if (deps.rateLimit !== false) bot.use(rateLimit(service, i18n, deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  bot.use(loadSender(service));
  bot.use(i18n.middleware());
  bot.use(createChatMemberFeature(featureDeps));
  // Everything below needs a sender.
  const withSender = bot.filter((ctx) => ctx.who !== null);
  // Button presses are resolved (token, expiry, acknowledgement) before any feature sees them.
  withSender.use(createCallbackResolver(featureDeps));
  withSender.use(createOnboardingFeature(featureDeps));
  withSender.use(createItemsFeature(featureDeps));
  withSender.use(createCoordinatorFeature(featureDeps));
  withSender.use(createWorkFeature(featureDeps));
  withSender.use(createInputsFeature(featureDeps));

  bot.catch((err) => {
    logger.error('update failed', { updateId: err.ctx.update.update_id, error: err.error });
  });

  return { bot, service, reminderButtons: createReminderButtons({ core: service.core, i18n }), i18n };
}

/**
 * A Bot API transformer: when Telegram answers that the bot may not write to a chat (blocked by the user, kicked
 * from the group, chat not found), the chat is marked inactive and what it was to receive is replanned.
 */
function markUnreachableChats(service: BotService, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!result.ok && (typeof chatId === 'number' || typeof chatId === 'string')) {
      const failure = classifyTelegramError(new GrammyError(`Call to '${method}' failed!`, result, method, payload));
      if (failure.kind === 'blocked' || failure.kind === 'chat_not_found') {
        await service
          .chatUnreachable(String(chatId), failure.kind === 'blocked' ? 'blocked' : 'chat_not_found')
          .catch((error: unknown) => logger.error('could not mark chat inactive', { chatId: String(chatId), error }));
      }
    }
    return result;
  };
}

/** Commands shown in Telegram's menu, Vietnamese and English descriptions from the catalogs. */
export const MENU_COMMANDS = ['viec', 'quahan', 'lich', 'duyet', 'sukien', 'dathan', 'tongquan', 'baocao', 'dangnhap', 'roi', 'huy', 'help'] as const;

/** grammY types its signals with the abort-controller polyfill's class; at run time Node's are used. */
type GrammySignal = Parameters<Bot['init']>[0];
const grammySignal = (signal: AbortSignal | undefined) => signal as GrammySignal;

/** Sets the command menu (Vietnamese by default, English for English-speaking clients). */
export async function setBotCommands(handle: Pick<NhacviecBot, 'bot' | 'i18n'>, signal?: AbortSignal): Promise<void> {
  for (const locale of ['vi', 'en'] as const) {
    const commands = MENU_COMMANDS.map((command) => ({ command, description: handle.i18n.t(locale, `bot-cmd-${command}`) }));
    await handle.bot.api.setMyCommands(commands, locale === 'vi' ? {} : { language_code: 'en' }, grammySignal(signal));
  }
}

/** Options of {@link startPolling}. */
export interface PollingOptions {
  /** Long-poll timeout in seconds. Default {@link LONG_POLL_TIMEOUT_S}. */
  timeoutSeconds?: number;
  /** Set the command menu at start. Default true. */
  setCommands?: boolean;
  /** Aborts the start-up calls (`getMe`, `deleteWebhook`, the menu): the service is shutting down. */
  signal?: AbortSignal;
}

/**
 * Starts long polling with @grammyjs/runner (concurrent across chats, sequential inside one). Removes a webhook
 * first (Telegram refuses getUpdates while one is set). Stop with `handle.stop()`.
 */
export async function startPolling(handle: NhacviecBot, options: PollingOptions = {}): Promise<RunnerHandle> {
  await handle.bot.init(grammySignal(options.signal));
  await handle.bot.api.deleteWebhook({}, grammySignal(options.signal));
  if (options.setCommands ?? true) await setBotCommands(handle, options.signal).catch(() => {});
  return run(handle.bot, {
    runner: {
      fetch: { timeout: options.timeoutSeconds ?? LONG_POLL_TIMEOUT_S, allowed_updates: ALLOWED_UPDATES },
      retryInterval: 'exponential',
      silent: true,
    },
  });
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions {
  /** Where a refused (malformed) request is logged, once. Default: not logged. */
  logger?: Logger;
}

/**
 * Connects the bot to Telegram: `getMe`, then the webhook registered (webhook mode, resolves `undefined`) or long
 * polling started (resolves the runner). Rejects when Telegram cannot be reached; `signal` aborts the calls.
 */
export async function connectBot(
  handle: NhacviecBot,
  options: { webhook?: { url: string; secret: string } | undefined; signal?: AbortSignal },
): Promise<RunnerHandle | undefined> {
  // getMe directly: `bot.init()` would retry a network failure forever, on grammY's schedule, and never report it.
  if (!handle.bot.isInited()) handle.bot.botInfo = await handle.bot.api.getMe(grammySignal(options.signal));
  if (options.webhook) {
    await configureWebhook(handle.bot, options.webhook, options.signal);
    return undefined;
  }
  return startPolling(handle, options.signal ? { signal: options.signal } : {});
}

/**
 * The hono handler for webhook mode: mount it with `app.post(path, handler)`. Requests whose
 * `X-Telegram-Bot-Api-Secret-Token` header differs from `secret` (or lacks it) are answered 401 and never reach
 * the bot. A request with the right secret whose body is not a JSON object with an integer `update_id` is
 * answered 400 and logged once (grammY would throw on it, and hono answer 500).
 */
export function createWebhookHandler(bot: Bot<BotContext>, secret: string, options: WebhookHandlerOptions = {}): (c: HonoContext) => Promise<Response> {
  // A slow update is answered 200 after 10 s and finishes in the background: Telegram would redeliver otherwise
  // (the update_id de-duplication would drop the redelivery anyway).
  const handle = webhookCallback(bot, 'hono', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 10_000 }) as (c: HonoContext) => Promise<Response>;
  return async (c) => {
    // The secret is checked first (by grammY), so a caller without it learns nothing about the body rules.
    if (c.req.header('X-Telegram-Bot-Api-Secret-Token') !== secret) return handle(c);
    // hono caches the body text, so grammY's own `c.req.json()` reads the same bytes again.
    const text = await c.req.text();
    const reason = malformedUpdateReason(text);
    if (reason) {
      options.logger?.warn('webhook: malformed update refused', { reason, bytes: Buffer.byteLength(text) });
      return c.json({ ok: false, error: 'malformed update' }, 400);
    }
    return handle(c);
  };
}

/** Why a webhook body is not a Telegram update, or undefined when it is one. */
function malformedUpdateReason(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const id = (body as { update_id?: unknown }).update_id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return 'update_id is missing or not an integer';
  return undefined;
}

/** Registers the webhook with Telegram (`url`, `secret_token`, the update types the bot handles). */
export async function configureWebhook(bot: Bot<BotContext>, webhook: { url: string; secret: string }, signal?: AbortSignal): Promise<void> {
  await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES }, grammySignal(signal));
}

/** Deletes processed update ids and expired tokens and questions older than `maxAgeMs` (default 30 days). */
export async function pruneBotState(handle: Pick<NhacviecBot, 'service'>, clock: Clock, maxAgeMs = 30 * 24 * 3600 * 1000): Promise<{ updates: number; tokens: number; inputs: number }> {
  return handle.service.prune(new Date(clock.now().getTime() - maxAgeMs));
}

export type { BotContext, SendDigestNow } from './context.js';
export { keepConnecting, TelegramLink, trackReachability, type TelegramReachability } from './connect.js';
export type { RateLimitOptions } from './middleware.js';
