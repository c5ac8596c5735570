/**
 * The channel adapters of a process, built from its configuration (src/app/channels/port.ts, "How an adapter
 * plugs in"): Telegram with a bot token, Zalo with ZALO_BOT_TOKEN, e-mail with SMTP_URL. Another channel adds one line here.
 */
import type { Api } from 'grammy';
import type { Config } from '../config/env.js';
import type { ChannelAdapters } from './app/channels/port.js';
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
    ...(config.mail ? { email: new MailChannel(createMailTransport(config.mail.url), { from: config.mail.from, t, domainIntervalMs: config.mail.domainIntervalMs }) } : {}),
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
