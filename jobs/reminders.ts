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
import type { ReminderPolicy } from '../src/domain/reminders/plan.js';
import { createTranslator } from '../src/i18n/translator.js';
import type { Logger } from '../src/infra/logger.js';
import { BullMqReminderQueue } from '../src/queue/reminder-queue.js';
import type { QueueRuntime } from '../src/queue/runtime.js';
import { PostgresChatPacer, RedisChatPacer } from '../src/telegram/chat-pacer.js';
import { createTelegramApi } from '../src/telegram/create-api.js';
import { createFileDownloader } from '../src/telegram/download.js';
import { EvidenceArchiver } from '../src/app/evidence/archive.js';
import { PostgresEvidenceStore } from '../src/db/evidence-store.js';
import { TelegramNotifier } from '../src/telegram/notifier.js';

export interface ReminderRuntimeDeps {
  config: Config;
  database: Database;
  queue: QueueRuntime;
  logger: Logger;
  clock: Clock;
  /** Overrides (tests, simulator). */
  notifier?: Notifier;
  pacer?: ChatPacer;
  globalPacer?: ChatPacer;
  buttons?: ReminderServiceDeps['buttons'];
  sleep?: ReminderServiceDeps['sleep'];
  sendLeaseMs?: number;
}

/** The overall send spacing (ms): Telegram allows 30 messages in any sliding second. */
export const GLOBAL_SEND_INTERVAL_MS = 35;

export interface ReminderRuntime {
  service: ReminderService;
  digests: DigestService;
  /** Copies evidence files into PostgreSQL; null without a Telegram token (nothing to download from). */
  evidence: EvidenceArchiver | null;
  calendar: WorkingCalendar;
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
  let globalPacer = deps.globalPacer;
  // Overall: one send every 35 ms (≈ 28.6/s), under Telegram's 30 in any sliding second.
  const overall = { privateIntervalMs: GLOBAL_SEND_INTERVAL_MS, groupIntervalMs: GLOBAL_SEND_INTERVAL_MS };
  if (config.queue.backend === 'redis' && (!pacer || !globalPacer)) {
    redis = new Redis(config.queue.url, { maxRetriesPerRequest: 3 });
    redis.on('error', (err) => deps.logger.warn('pacer redis error', { err }));
  }
  pacer ??= redis ? new RedisChatPacer(redis, { keyPrefix: `${config.queue.prefix}:` }) : new PostgresChatPacer(database.sql);
  globalPacer ??= redis
    ? new RedisChatPacer(redis, { keyPrefix: `${config.queue.prefix}:global:`, policy: overall })
    : new PostgresChatPacer(database.sql, { policy: overall });
  const api = config.telegram.token ? createTelegramApi({ token: config.telegram.token, apiRoot: config.telegram.apiRoot }) : null;
  const notifier = deps.notifier ?? (api ? new TelegramNotifier(api) : new OutboxNotifier(database.sql));
  const evidence =
    api && config.telegram.token
      ? new EvidenceArchiver({
          store: new PostgresEvidenceStore(database.sql),
          download: createFileDownloader({ api, token: config.telegram.token, ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}) }),
          clock: deps.clock,
        })
      : null;
  const calendar = calendarForConfig(config);
  const t = createTranslator();
  const service = new ReminderService({
    store: new PostgresReminderStore(database.sql),
    queue: new BullMqReminderQueue(deps.queue),
    notifier,
    pacer,
    globalPacer,
    calendar,
    policy: reminderPolicyFromConfig(config),
    workingHours: config.domain.workingHours,
    horizonMs: config.domain.planHorizonDays * 86_400_000,
    sendLeaseMs: deps.sendLeaseMs ?? config.domain.sendLeaseMs,
    clock: deps.clock,
    t,
    logger: deps.logger,
    ...(deps.buttons ? { buttons: deps.buttons } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const digests = new DigestService({
    store: new PostgresDigestStore(database.sql),
    calendar,
    clock: deps.clock,
    t,
    zone: config.domain.timeZone,
    renderPng: createPngRenderer(),
    sendWindow: (now) => service.sendWindow(now),
    enqueue: () => service.enqueueHorizon(),
  });
  return {
    service,
    digests,
    evidence,
    calendar,
    async close() {
      redis?.disconnect();
    },
  };
}
