/**
 * The channel adapters of a process, built from its configuration (src/app/channels/port.ts, "How an adapter
 * plugs in"): Telegram with a bot token, Zalo with ZALO_BOT_TOKEN, e-mail with SMTP_URL. Another channel adds one line here.
 */
import { readFile } from 'node:fs/promises';
import type { Api } from 'grammy';
import type { Config } from '../config/env.js';
import type { ChannelAdapters, ChannelKind } from './app/channels/port.js';
import { recordBounce } from './app/channels/bounce.js';
import { PostgresChannelStore } from './db/channel-store.js';
import type { Logger } from './infra/logger.js';
import { startBounceServer, type BounceServer } from './mail/bounce.js';
import { oneTapLinks, unsubscribeLink } from './app/channels/links.js';
import type { Clock } from './domain/clock.js';
import type { Translate } from './i18n/translator.js';
import { createMailTransport, MailChannel } from './mail/channel.js';
import { TelegramChannel } from './telegram/channel.js';
import type { Database } from './db/client.js';
import { createZaloChannel } from './zalo-wiring.js';

/** `database`: where the Zalo adapter looks up a reminder's item, to list its reply commands. */
export function createChannelAdapters(config: Config, api: Api | null, t: Translate, database?: Pick<Database, 'sql'>): ChannelAdapters {
  const zalo = createZaloChannel(config, database, t);
  return {
    ...(api ? { telegram: new TelegramChannel(api) } : {}),
    ...(zalo ? { zalo } : {}),
    ...(config.mail
      ? {
          email: new MailChannel(createMailTransport(config.mail.url), {
            from: config.mail.from,
            t,
            domainIntervalMs: config.mail.domainIntervalMs,
            ...(config.mail.bounceAddress ? { bounceAddress: config.mail.bounceAddress } : {}),
          }),
        }
      : {}),
  };
}

/** Whether any channel beside Telegram is configured: only then do sends go through the channel router. */
export function hasOtherChannels(adapters: ChannelAdapters): boolean {
  return Object.keys(adapters).some((k) => k !== 'telegram');
}

/** The digests' unsubscribe link builder for the router, when links can be signed. */
export function unsubscribeBuilder(config: Config, clock: Clock) {
  const secret = config.channels.linkSecret;
  if (!secret) return undefined;
  // A year: an unsubscribe link in an old digest should still work.
  return (personId: number) => unsubscribeLink({ baseUrl: config.web.baseUrl, secret, ttlMs: 365 * 86_400_000, now: clock.now() }, personId);
}

/** The one-tap link builder for the router, when links can be signed. */
export function linkBuilder(config: Config, clock: Clock) {
  const secret = config.channels.linkSecret;
  if (!secret) return undefined;
  return (args: { dueItemId: number; personId: number; reminderId: number }) =>
    oneTapLinks({ baseUrl: config.web.baseUrl, secret, ttlMs: config.channels.linkTtlMs, now: clock.now() }, args);
}

/**
 * The bounce intake of a worker (BOUNCE_SMTP_PORT): an inbound SMTP listener whose DSNs mark bounced addresses
 * unreachable and put their reminders on the next channel (src/app/channels/bounce.ts). Null when not configured.
 */
export async function startBounceIntake(deps: {
  config: Config;
  database: Pick<Database, 'sql'>;
  clock: Clock;
  adapters: ChannelAdapters;
  sendWindow: (now: Date) => Date;
  logger: Logger;
}): Promise<BounceServer | null> {
  const listener = deps.config.mail?.bounceListener;
  if (!listener) return null;
  const store = new PostgresChannelStore(deps.database.sql);
  const bounceDeps = {
    store,
    clock: deps.clock,
    configured: (kind: ChannelKind) => kind === 'telegram' || deps.adapters[kind] !== undefined,
    sendWindow: deps.sendWindow,
  };
  // Read at start-up: a missing or unreadable file stops the worker with the file's name, not the first STARTTLS.
  const tls = listener.tls ? { key: await readFile(listener.tls.keyFile), cert: await readFile(listener.tls.certFile) } : undefined;
  return startBounceServer({
    host: listener.host,
    port: listener.port,
    ...(tls ? { tls } : {}),
    ...(listener.allow ? { allow: listener.allow } : {}),
    ...(deps.config.mail?.bounceAddress ? { bounceAddress: deps.config.mail.bounceAddress } : {}),
    record: (report) => recordBounce(bounceDeps, report),
    logger: deps.logger,
  });
}
