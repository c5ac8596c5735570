/**
 * Builds the reminder pipeline for a process from its configuration: the store on PostgreSQL, the queue on the
 * selected BullMQ backend, Telegram (or the outbox without a token), and per-chat pacing shared by every worker
 * process (Redis when the queue runs on Redis, else PostgreSQL).
 */
import { Redis } from 'ioredis';
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import type { ChatPacer, Notifier } from '../src/app/ports.js';
import { DigestService } from '../src/app/digests/service.js';
import { ReminderService, type ReminderServiceDeps } from '../src/app/reminders/service.js';
import { PostgresDigestStore } from '../src/db/digest-store.js';
import { createPngRenderer } from '../src/infra/png.js';
import type { Database } from '../src/db/client.js';
import { OutboxNotifier } from '../src/db/outbox-notifier.js';
import { PostgresReminderStore } from '../src/db/reminder-store.js';
import type { WorkingCalendar } from '../src/domain/deadline.js';
import type { Clock } from '../src/domain/clock.js';
import { systemClock } from '../src/infra/system-clock.js';
import type { ReminderPolicy } from '../src/domain/reminders/plan.js';
import { createTranslator } from '../src/i18n/translator.js';
import type { Logger } from '../src/infra/logger.js';
import { BullMqReminderQueue } from '../src/queue/reminder-queue.js';
import type { QueueRuntime } from '../src/queue/runtime.js';
import { PostgresChatPacer, PostgresSendGate, RedisChatPacer, RedisSendGate, type SendGate } from '../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../src/telegram/create-api.js';
import { createFileDownloader } from '../src/telegram/download.js';
import { EvidenceArchiver } from '../src/app/evidence/archive.js';
import { PostgresEvidenceStore } from '../src/db/evidence-store.js';
import { TelegramNotifier } from '../src/telegram/notifier.js';
import type { ChannelAdapters } from '../src/app/channels/port.js';
import { ChannelRouter } from '../src/app/channels/router.js';
import { fallbackUnacknowledged } from '../src/app/channels/admin.js';
import { PostgresChannelStore } from '../src/db/channel-store.js';
import { createChannelAdapters, hasOtherChannels, linkBuilder, unsubscribeBuilder } from '../src/channels-wiring.js';

export interface ReminderRuntimeDeps {
  config: Config;
  database: Database;
  queue: QueueRuntime;
  logger: Logger;
  clock: Clock;
  /** Overrides (tests, simulator). */
  notifier?: Notifier;
  pacer?: ChatPacer;
  sendGate?: SendGate;
  buttons?: ReminderServiceDeps['buttons'];
  sleep?: ReminderServiceDeps['sleep'];
  sendLeaseMs?: number;
  enqueueSliceRows?: ReminderServiceDeps['enqueueSliceRows'];
  /** Counters for `/metrics` (src/infra/metrics.ts). */
  metrics?: ReminderServiceDeps['metrics'];
  /** Channel adapters (src/app/channels/port.ts); default: built from the config (jobs/channels.ts). */
  channelAdapters?: ChannelAdapters;
}

export interface ReminderRuntime {
  service: ReminderService;
  digests: DigestService;
  /** Copies evidence files into PostgreSQL; null without a Telegram token (nothing to download from). */
  evidence: EvidenceArchiver | null;
  calendar: WorkingCalendar;
  /** The channel adapters its sends go through (the bounce intake falls back on them). */
  adapters: ChannelAdapters;
  close(): Promise<void>;
}

export function reminderPolicyFromConfig(config: Config): ReminderPolicy {
  return {
    ladder: config.domain.ladder,
    escalateHeadFrom: config.domain.escalateHeadFrom,
    escalateLeadershipFrom: config.domain.escalateLeadershipFrom,
    sendTime: config.domain.reminderSendTime,
    zone: config.domain.timeZone,
    supportLeadDays: config.domain.supportLeadDays,
    nudges: true,
  };
}

export function createReminderRuntime(deps: ReminderRuntimeDeps): ReminderRuntime {
  const { config, database } = deps;
  let redis: Redis | undefined;
  let pacer = deps.pacer;
  let sendGate = deps.sendGate;
  if (config.queue.backend === 'redis' && (!pacer || !sendGate)) {
    redis = new Redis(config.queue.url, { maxRetriesPerRequest: 3 });
    redis.on('error', (err) => deps.logger.warn('pacer redis error', { err }));
  }
  pacer ??= redis ? new RedisChatPacer(redis, { keyPrefix: `${config.queue.prefix}:` }) : new PostgresChatPacer(database.sql);
  // Overall: one send admitted every 40 ms at most (25 a second, margin for arrival jitter), under Telegram's 30.
  sendGate ??= redis ? new RedisSendGate(redis, { key: `${config.queue.prefix}:send-gate` }) : new PostgresSendGate(database.sql);
  const api = config.telegram.token ? createTelegramApi({ token: config.telegram.token, apiRoot: config.telegram.apiRoot }) : null;
  const plain = deps.notifier ?? (api ? new TelegramNotifier(api) : new OutboxNotifier(database.sql));
  const t = createTranslator();
  // Channels beside Telegram: every send goes through the router, which keeps plain chats on `plain`.
  const adapters = deps.channelAdapters ?? createChannelAdapters(config, api, t, database);
  const channelStore = hasOtherChannels(adapters) ? new PostgresChannelStore(database.sql) : null;
  const links = linkBuilder(config, deps.clock);
  const unsubscribeUrl = unsubscribeBuilder(config, deps.clock);
  const notifier = channelStore
    ? new ChannelRouter({ store: channelStore, adapters, plain, clock: deps.clock, logger: deps.logger, ...(links ? { links } : {}), ...(unsubscribeUrl ? { unsubscribeUrl } : {}) })
    : plain;
  const evidence =
    api && config.telegram.token
      ? new EvidenceArchiver({
          store: new PostgresEvidenceStore(database.sql),
          download: createFileDownloader({ api, token: config.telegram.token, ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}) }),
          clock: deps.clock,
        })
      : null;
  const calendar = calendarForConfig(config);
  const service = new ReminderService({
    store: new PostgresReminderStore(database.sql),
    queue: new BullMqReminderQueue(deps.queue),
    notifier,
    pacer,
    sendGate,
    // Telegram's overall limit counts real seconds, also when the business clock is a test's or a simulation's.
    gateClock: systemClock,
    calendar,
    policy: reminderPolicyFromConfig(config),
    workingHours: config.domain.workingHours,
    horizonMs: config.domain.planHorizonDays * 86_400_000,
    sendLeaseMs: deps.sendLeaseMs ?? config.domain.sendLeaseMs,
    sendTimeoutMs: config.domain.sendTimeoutMs,
    clock: deps.clock,
    t,
    logger: deps.logger,
    ...(deps.buttons ? { buttons: deps.buttons } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.enqueueSliceRows !== undefined ? { enqueueSliceRows: deps.enqueueSliceRows } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(channelStore
      ? { channels: { fallbackUnacknowledged: (at: Date) => fallbackUnacknowledged({ store: channelStore, adapters, clock: deps.clock, fallbackAfterMs: config.channels.fallbackAfterMs }, at) } }
      : {}),
  });
  const digestStore = new PostgresDigestStore(database.sql);
  const digests = new DigestService({
    store: digestStore,
    calendar,
    clock: deps.clock,
    t,
    zone: config.domain.timeZone,
    renderPng: createPngRenderer(),
    sendWindow: (now) => service.sendWindow(now),
    enqueue: () => service.enqueueHorizon(),
    async deliverNow(dedupeKeys) {
      let sent = 0;
      for (const id of await digestStore.rowIds(dedupeKeys)) {
        if ((await service.deliver(id, { unpaced: true })).outcome === 'sent') sent++;
      }
      return sent;
    },
  });
  return {
    service,
    digests,
    evidence,
    calendar,
    adapters,
    async close() {
      redis?.disconnect();
      if (!deps.channelAdapters) for (const adapter of Object.values(adapters)) await adapter.close?.();
    },
  };
}
