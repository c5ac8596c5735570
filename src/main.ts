/**
 * Composition root of the long-running service: reads nothing from the environment itself (the CLI passes a
 * Config), builds every client, starts the roles this process runs, and shuts them down in order.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Config, Role } from '../config/env.js';
import { redactedUrl } from '../config/env.js';
import { createDatabase, migrateDatabase, type Database } from './db/client.js';
import { pendingMigrations } from './db/migration-status.js';
import { PostgresBotStore } from './db/bot-store.js';
import type { Clock } from './domain/clock.js';
import { buildHealthReport, buildReadinessReport, createHttpApp } from './http/app.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './infra/embedded-postgres.js';
import type { Logger } from './infra/logger.js';
import { checkRedisDurability, createQueueRuntime, migrateQueueSchema, type QueueRuntime } from './queue/runtime.js';
import { startWorkers, type WorkerHandle } from '../jobs/worker.js';
import { startScheduler, tickJobId, type SchedulerHandle } from '../jobs/scheduler.js';
import { createReminderRuntime, type ReminderRuntime } from '../jobs/reminders.js';
import { QUEUE_NAMES, jobOptions } from './queue/jobs.js';
import cron, { type ScheduledTask } from 'node-cron';
import type { RunnerHandle } from '@grammyjs/runner';
import { connectBot, createBot, createWebhookHandler, keepConnecting, pruneBotState, TelegramLink, trackReachability, type NhacviecBot } from './bot/index.js';
import { createStandaloneReminderButtons } from './bot/reminder-buttons.js';
import { DEFAULT_RATE_LIMIT, RedisRateLimitStore } from './bot/middleware.js';
import { Redis } from 'ioredis';
import { createWebConsoleOnDatabase, webLoginLinkFor } from './web-wiring.js';
import { mountIcsRoutes } from './http/ics.js';
import { icsRoutes } from './feeds-wiring.js';
import { mountMetricsRoute } from './http/metrics.js';
import { createServiceMetrics } from './metrics-wiring.js';
import { createApiOnDatabase } from './api-wiring.js';
import { RedisApiRateLimitStore } from './http/api-rate-limit.js';
import { createZaloRuntime, type ZaloRuntime } from './zalo-wiring.js';
import { startBounceIntake } from './channels-wiring.js';
import type { BounceServer } from './mail/bounce.js';
import { createTelegramApi } from './telegram/create-api.js';
import { TelegramNotifier } from './telegram/notifier.js';
import { OutboxNotifier } from './db/outbox-notifier.js';

/** How long shutdown waits for the bot's long poll to stop. */
const SHUTDOWN_TELEGRAM_GRACE_MS = 2000;
/** How long shutdown waits for running jobs (sends waiting on Telegram) before dropping them. */
const SHUTDOWN_DRAIN_MS = 4000;

/** Waits for `promise` at most `ms`; resolves whether it settled in time. */
async function withinMs(promise: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  if (!promise) return true;
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]);
  clearTimeout(timer);
  return settled;
}

export interface ServiceDeps {
  logger: Logger;
  clock: Clock;
}

export interface Service {
  config: Config;
  database: Database;
  databaseUrl: string;
  queue: QueueRuntime;
  /** The HTTP address, when this process runs the `api` role. */
  httpUrl?: string;
  roles: Role[];
  close(): Promise<void>;
}

/** Opens the database the configuration names (starting the embedded server when needed) and migrates it. */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: { migrate?: boolean } = {},
): Promise<{ url: string; database: Database; embedded?: EmbeddedPostgresHandle; close(): Promise<void> }> {
  let embedded: EmbeddedPostgresHandle | undefined;
  let url: string;
  if (config.database.mode === 'embedded') {
    embedded = await startEmbeddedPostgres({ dataDir: config.database.dataDir, logger: logger.child('embedded-postgres') });
    url = embedded.url;
  } else {
    url = config.database.url;
  }
  try {
    if (options.migrate ?? true) {
      await migrateDatabase(url);
      if (config.queue.backend === 'postgres') await migrateQueueSchema(url);
    }
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const database = createDatabase(url);
  return {
    url,
    database,
    ...(embedded ? { embedded } : {}),
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}

/** The configured database, not migrated, and the shipped migrations it has not applied yet (`nhacviec health`). */
export async function openDatabaseForHealth(config: Config, logger: Logger): Promise<{ url: string; pendingMigrations(): Promise<string[]>; close(): Promise<void> }> {
  const opened = await openDatabase(config, logger, { migrate: false });
  return { url: opened.url, pendingMigrations: () => pendingMigrations(opened.database.sql), close: opened.close };
}

export async function startService(config: Config, deps: ServiceDeps): Promise<Service> {
  const log = deps.logger;
  const opened = await openDatabase(config, log);
  const { database, url: databaseUrl, embedded } = opened;
  log.info(
    embedded
      ? `database: embedded PostgreSQL at 127.0.0.1:${embedded.port}, data in ${embedded.clusterDir}${
          embedded.sharedWith ? ` (shared with running process ${embedded.sharedWith})` : embedded.created ? ' (new)' : ' (reused)'
        }`
      : `database: external PostgreSQL ${redactedUrl(databaseUrl)}`,
  );

  const queue = createQueueRuntime(
    config.queue.backend === 'redis'
      ? { backend: 'redis', url: config.queue.url, prefix: config.queue.prefix, logger: log.child('queue') }
      : { backend: 'postgres', databaseUrl, logger: log.child('queue') },
  );
  log.info(`queue: ${queue.description}`);
  if (config.queue.backend === 'redis') {
    for (const w of await checkRedisDurability(config.queue.url).catch((e: unknown) => [`could not read Redis config: ${String(e)}`]))
      log.warn(`queue: WARNING ${w}`);
  }
  log.info(
    config.telegram.token
      ? `telegram: configured (${config.telegram.webhook ? 'webhook' : 'long polling'})`
      : 'telegram: not configured (TELEGRAM_BOT_TOKEN unset) — outgoing messages are recorded in the outbox table',
  );

  const roles = config.roles;
  let workers: WorkerHandle | undefined;
  let reminders: ReminderRuntime | undefined;
  let bot: NhacviecBot | undefined;
  let polling: RunnerHandle | undefined;
  let pruneTask: ScheduledTask | undefined;
  let scheduler: SchedulerHandle | undefined;
  let server: ServerType | undefined;
  let httpUrl: string | undefined;
  let botRedis: Redis | undefined;
  let apiRedis: Redis | undefined;
  let zalo: ZaloRuntime | undefined;
  let bounces: BounceServer | null = null;
  // The bot connects in the background; shutdown aborts its attempts whatever Telegram does.
  const telegramLink = new TelegramLink();
  const botAbort = new AbortController();
  let botConnecting: Promise<boolean> | undefined;
  const closeAll = async () => {
    // Order: stop taking work (HTTP, cron), drain workers, then close queues, pools and the embedded server.
    // Waits on Telegram are bounded, so shutdown ends within SHUTDOWN_TELEGRAM_GRACE_MS + SHUTDOWN_DRAIN_MS of them.
    botAbort.abort();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await botConnecting;
    await withinMs(polling?.stop(), SHUTDOWN_TELEGRAM_GRACE_MS);
    await withinMs(zalo?.stop(), SHUTDOWN_TELEGRAM_GRACE_MS);
    await bounces?.close();
    await pruneTask?.stop();
    await scheduler?.stop();
    const handle = workers;
    // Sends still waiting on Telegram after the drain are dropped: their rows stay `sending` and the lease turns
    // them into `unknown`, reconciled as usual.
    if (handle && !(await withinMs(handle.close(), SHUTDOWN_DRAIN_MS))) await Promise.allSettled(handle.workers.map((w) => w.close(true)));
    await reminders?.close();
    botRedis?.disconnect();
    apiRedis?.disconnect();
    await queue.close();
    await opened.close();
  };

  // One registry per process: counters from this process's reminder service, gauges read when scraped.
  const metrics = createServiceMetrics({ config, database, queue, clock: deps.clock });
  try {
    const token = config.telegram.token;
    if (roles.includes('worker') || (roles.includes('bot') && (token || config.zalo))) {
      reminders = createReminderRuntime({
        config,
        database,
        queue,
        logger: log.child('reminders'),
        clock: deps.clock,
        metrics,
        // Buttons only where a bot answers them; their tokens live in PostgreSQL, so any bot process does.
        ...(token ? { buttons: createStandaloneReminderButtons({ store: new PostgresBotStore(database.sql), clock: deps.clock, config }) } : {}),
      });
    }
    if (roles.includes('worker') && reminders) {
      workers = await startWorkers({ config, database, queue, logger: log.child('worker'), clock: deps.clock, reminders: reminders.service, digests: reminders.digests, evidence: reminders.evidence });
      log.info(`worker: started (${workers.description})`);
      const runtime = reminders;
      bounces = await startBounceIntake({
        config,
        database,
        clock: deps.clock,
        adapters: runtime.adapters,
        sendWindow: (now) => runtime.service.sendWindow(now),
        logger: log.child('bounces'),
      });
      if (bounces) {
        const listener = config.mail!.bounceListener!;
        const security = `${listener.tls ? 'STARTTLS offered' : 'no TLS'}, ${listener.allow ? `clients ${listener.allow.map((c) => `${c.address}/${c.prefix}`).join(', ')}` : 'any client'}`;
        log.info(`bounces: SMTP listener on ${listener.host}:${bounces.port} (DSNs for ${config.mail!.bounceAddress ?? 'MAIL_FROM'}; ${security})`);
      }
      // The start-up path of reconciliation: whatever happened while no worker ran is caught up now.
      await queue
        .queue(QUEUE_NAMES.maintenance)
        .add('reminders.reconcile', { v: 1, reason: 'startup' }, { ...jobOptions('reminders.reconcile'), jobId: tickJobId('reminders.reconcile', deps.clock.now(), config.domain.timeZone, 'startup'), removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
    }
    if (roles.includes('scheduler')) {
      scheduler = startScheduler({ config, queue, logger: log.child('scheduler'), clock: deps.clock });
      log.info(`scheduler: started (${scheduler.description})`);
    }
    if (roles.includes('bot') && token && reminders) {
      const runtime = reminders;
      // With Redis, the per-user rate limit is counted there, so it holds across several bot processes.
      if (config.queue.backend === 'redis') {
        botRedis = new Redis(config.queue.url, { maxRetriesPerRequest: 3 });
        botRedis.on('error', (err) => log.warn('bot rate-limit redis error', { err }));
      }
      bot = createBot({
        ...(botRedis ? { rateLimit: { ...DEFAULT_RATE_LIMIT, store: new RedisRateLimitStore(botRedis, { keyPrefix: `${config.queue.prefix}:bot:` }) } } : {}),
        token,
        apiRoot: config.telegram.apiRoot,
        store: new PostgresBotStore(database.sql),
        clock: deps.clock,
        logger: log.child('bot'),
        config,
        calendar: runtime.calendar,
        afterDueItemsChanged: () => runtime.service.afterDueItemsChanged(),
        sendDigestNow: (kind, chatId) => runtime.digests.sendNow(kind, chatId),
        webLoginLink: webLoginLinkFor(database, deps.clock, config),
      });
      const handle = bot;
      // Housekeeping of processed update ids, expired buttons and abandoned questions, daily at 03:00.
      pruneTask = cron.schedule('0 3 * * *', () => void pruneBotState(handle, deps.clock).catch((err: unknown) => log.warn('bot prune failed', { err })), {
        timezone: config.domain.timeZone,
      });
      const webhook = config.telegram.webhook;
      if (webhook && !roles.includes('api')) log.warn('bot: webhook mode needs the api role in the same process (the webhook is an HTTP route)');
      handle.bot.api.config.use(trackReachability(telegramLink));
      // Not awaited: HTTP, the worker and the scheduler run while Telegram is unreachable.
      botConnecting = keepConnecting(
        async (signal) => {
          polling = await connectBot(handle, { webhook, signal });
          log.info(`bot: @${handle.bot.botInfo.username} receives updates by ${webhook ? 'webhook' : 'long polling'}`);
        },
        {
          signal: botAbort.signal,
          onFailure: (err, retryInMs) => log.warn(`bot: Telegram unreachable (${err instanceof Error ? err.message : String(err)}); next try in ${Math.round(retryInMs / 1000)} s`),
        },
      );
    } else if (roles.includes('bot')) {
      log.info('bot: idle (TELEGRAM_BOT_TOKEN unset)');
    }
    if (roles.includes('bot') && config.zalo && reminders) {
      const runtime = reminders;
      // Coordinators hear of Zalo reports where they work: their Telegram chats (or the outbox without a token).
      const staff = config.telegram.token
        ? new TelegramNotifier(createTelegramApi({ token: config.telegram.token, apiRoot: config.telegram.apiRoot }))
        : new OutboxNotifier(database.sql);
      zalo = createZaloRuntime({
        config,
        database,
        clock: deps.clock,
        calendar: runtime.calendar,
        logger: log,
        afterDueItemsChanged: () => runtime.service.afterDueItemsChanged(),
        staff,
      });
      if (config.zalo.webhook && !roles.includes('api')) log.warn('zalo: webhook mode needs the api role in the same process');
      // Zalo unreachable at start-up must not stop the service: polling retries on its own, a webhook is logged.
      await zalo?.start().catch((err: unknown) => log.warn(`zalo: could not start (${err instanceof Error ? err.message : String(err)})`));
    }
    if (roles.includes('api')) {
      const app = createHttpApp({
        health: () =>
          buildHealthReport({
            databaseMode: config.database.mode,
            queueBackend: config.queue.backend,
            telegramConfigured: Boolean(config.telegram.token),
            ...(bot ? { telegram: () => telegramLink.state } : {}),
            pingDatabase: async () => {
              await database.sql`select 1`;
            },
            pingQueue: () => queue.ping(),
          }),
        ready: () =>
          buildReadinessReport({
            queueBackend: config.queue.backend,
            telegramConfigured: Boolean(config.telegram.token),
            ...(bot ? { telegram: () => telegramLink.state } : {}),
            pendingMigrations: () => pendingMigrations(database.sql),
            pingQueue: () => queue.ping(),
          }),
        mount: (app) => {
          const webhook = config.telegram.webhook;
          if (bot && webhook) app.post(new URL(webhook.url).pathname, createWebhookHandler(bot.bot, webhook.secret, { logger: log }));
          zalo?.mount(app);
          mountIcsRoutes(app, icsRoutes({ config, database, clock: deps.clock }));
          mountMetricsRoute(app, metrics);
          // The JSON API: bearer tokens, its own errors; per-token limits counted in Redis when the queue uses it.
          if (config.queue.backend === 'redis') {
            apiRedis = new Redis(config.queue.url, { maxRetriesPerRequest: 3 });
            apiRedis.on('error', (err) => log.warn('api rate-limit redis error', { err }));
          }
          app.route(
            '/',
            createApiOnDatabase({
              database,
              clock: deps.clock,
              config,
              afterDueItemsChanged: async () => {
                await reminders?.service.afterDueItemsChanged();
              },
              ...(apiRedis ? { rateLimitStore: new RedisApiRateLimitStore(apiRedis, { keyPrefix: `${config.queue.prefix}:` }) } : {}),
              metrics,
              logger: log.child('api'),
            }),
          );
          // The web console last: its middleware (sessions, CSRF) covers its own pages, never the routes above.
          // A decision on the web moves due items: replan here when this process plans reminders, else ask a worker.
          const runtime = reminders;
          const afterDueItemsChanged = runtime
            ? () => runtime.service.afterDueItemsChanged()
            : async () => {
                await queue.queue(QUEUE_NAMES.maintenance).add('reminders.reconcile', { v: 1, reason: 'manual' }, { ...jobOptions('reminders.reconcile'), removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
              };
          app.route('/', createWebConsoleOnDatabase({ database, clock: deps.clock, config, logger: log.child('web'), afterDueItemsChanged, databaseUrl }));
        },
      });
      const addr = await new Promise<AddressInfo>((resolve, reject) => {
        server = serve({ fetch: app.fetch, hostname: config.http.host, port: config.http.port }, (info) => resolve(info));
        server.once('error', reject);
      });
      httpUrl = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
      log.info(`http: listening on ${httpUrl} (web console at ${config.web.baseUrl}/; GET /healthz, /livez, /readyz, /metrics, /ics/…, /api/v1, /api/openapi.json)`);
    }
  } catch (err) {
    await closeAll().catch(() => {});
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    config,
    database,
    databaseUrl,
    queue,
    roles,
    ...(httpUrl ? { httpUrl } : {}),
    close() {
      closing ??= closeAll();
      return closing;
    },
  };
}
