/**
 * Wiring of the Zalo channel over PostgreSQL (composition, beside src/main.ts): the conversation (reply commands
 * through the bot's use cases), its receiver (long polling, or the webhook route on the HTTP app), and the channel
 * adapter the reminder pipeline's router sends with.
 */
import type { Hono } from 'hono';
import type { Config } from '../config/env.js';
import { createBotService } from './app/bot/service.js';
import type { Notifier } from './app/ports.js';
import type { Database } from './db/client.js';
import { PostgresBotStore } from './db/bot-store.js';
import { PostgresChannelMemberStore, dueItemOfReminder } from './db/channel-member-store.js';
import { PostgresZaloInbox } from './db/zalo-inbox.js';
import type { Clock } from './domain/clock.js';
import type { WorkingCalendar } from './domain/deadline.js';
import { createTranslator, type Translate } from './i18n/translator.js';
import type { Logger } from './infra/logger.js';
import { createZaloApi, type ZaloBotApi } from './zalo/api.js';
import { ZaloChannel } from './zalo/channel.js';
import { ZaloConversation } from './zalo/conversation.js';
import {
  createZaloWebhookHandler,
  startZaloInboxWorker,
  startZaloPolling,
  type ZaloInboxWorkerHandle,
  type ZaloInboxWorkerOptions,
  type ZaloPollingHandle,
  type ZaloPollingOptions,
} from './zalo/receiver.js';

export interface ZaloRuntimeDeps {
  config: Config;
  database: Pick<Database, 'sql'>;
  clock: Clock;
  calendar: WorkingCalendar;
  logger: Logger;
  /** The reminder pipeline's replan + enqueue (as for the Telegram bot). */
  afterDueItemsChanged(): Promise<void>;
  /** Coordinators' notices (their Telegram chats, or the outbox). */
  staff?: Notifier;
  polling?: ZaloPollingOptions;
  /** Options of the inbox worker that handles webhook updates (webhook mode). */
  inboxWorker?: ZaloInboxWorkerOptions;
}

export interface ZaloRuntime {
  api: ZaloBotApi;
  conversation: ZaloConversation;
  /**
   * Long polling, or `setWebhook` and the inbox worker when ZALO_WEBHOOK_URL is set. The worker runs before
   * `setWebhook` is tried, so updates stored earlier are handled while Zalo is unreachable.
   */
  start(): Promise<void>;
  /** Mounts the webhook route (webhook mode only): it stores each update in the inbox and answers 200 then. */
  mount(app: Hono): void;
  stop(): Promise<void>;
}

/**
 * The Zalo channel adapter for the router (`ChannelAdapters.zalo`), or undefined without ZALO_BOT_TOKEN. Without a
 * database, reminders go out without the reply commands of their item (`nhacviec notify test` needs none).
 */
export function createZaloChannel(config: Config, database?: Pick<Database, 'sql'>, translate: Translate = createTranslator()): ZaloChannel | undefined {
  if (config.zalo === undefined) return undefined;
  return new ZaloChannel(createZaloApi(config.zalo), { translate, ...(database ? { dueItemOf: (id: number) => dueItemOfReminder(database.sql, id) } : {}) });
}

export function createZaloRuntime(deps: ZaloRuntimeDeps): ZaloRuntime | undefined {
  const zalo = deps.config.zalo;
  if (zalo === undefined) return undefined;
  const logger = deps.logger.child('zalo');
  const api = createZaloApi(zalo);
  const service = createBotService({
    store: new PostgresBotStore(deps.database.sql),
    clock: deps.clock,
    calendar: deps.calendar,
    timeZone: deps.config.domain.timeZone,
    completionNeedsApproval: deps.config.domain.completionNeedsApproval,
    afterDueItemsChanged: deps.afterDueItemsChanged,
    onError: (message, error) => logger.warn(message, { error }),
  });
  const conversation = new ZaloConversation({
    api,
    core: service.core,
    members: new PostgresChannelMemberStore(deps.database.sql),
    translate: createTranslator(),
    calendar: deps.calendar,
    ...(deps.staff ? { staff: deps.staff } : {}),
    logger,
  });
  let polling: ZaloPollingHandle | undefined;
  let worker: ZaloInboxWorkerHandle | undefined;
  // Updates are stored before they are acknowledged, and handled from there (src/zalo/receiver.ts).
  const inbox = new PostgresZaloInbox(deps.database.sql);
  return {
    api,
    conversation,
    async start() {
      await inbox.prune(new Date(Date.now() - 7 * 86_400_000)).catch((error: unknown) => logger.warn('zalo: inbox prune failed', { error }));
      if (zalo.webhook) {
        worker = startZaloInboxWorker(inbox, conversation, logger, deps.inboxWorker);
        await api.setWebhook(zalo.webhook.url, zalo.webhook.secret);
        logger.info('zalo: receives updates by webhook');
      } else {
        // getUpdates does not work while a webhook is set (README §1).
        await api.deleteWebhook().catch((error: unknown) => logger.warn('zalo: deleteWebhook failed', { error }));
        polling = startZaloPolling(api, conversation, logger, { ...deps.polling, inbox });
        logger.info('zalo: receives updates by long polling');
      }
    },
    mount(app) {
      const webhook = zalo.webhook;
      if (webhook === undefined) return;
      app.post(new URL(webhook.url).pathname, createZaloWebhookHandler({ secret: webhook.secret, inbox, onStored: () => worker?.nudge(), logger }));
    },
    async stop() {
      await polling?.stop();
      await worker?.stop();
    },
  };
}
