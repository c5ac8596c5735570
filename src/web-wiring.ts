/**
 * Wiring of the web console over PostgreSQL (composition, beside src/main.ts, which calls it for the `api` role):
 * src/web and src/app/web see the database only through the ports these stores implement.
 */
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { createWebAuth, LOGIN_LINK_TTL_MS } from './app/web/auth.js';
import type { WebLoginLink } from './bot/context.js';
import { createDashboardService } from './app/web/dashboard.js';
import { createWebItems } from './app/web/items.js';
import type { Database } from './db/client.js';
import { PostgresBotStore } from './db/bot-store.js';
import { PostgresDashboardStore, PostgresWebAuthStore, PostgresWebItemStore } from './db/web-store.js';
import type { Clock } from './domain/clock.js';
import { createTranslator } from './i18n/translator.js';
import type { Logger } from './infra/logger.js';
import { createWebConsole } from './web/console.js';
import { ServiceCore } from './app/bot/context.js';
import { createOneTap } from './app/channels/one-tap.js';
import { PostgresChannelStore } from './db/channel-store.js';
import { mountOneTap } from './web/one-tap.js';
import { mountPeoplePages } from './web/people.js';

export function createWebConsoleOnDatabase(input: {
  database: Pick<Database, 'sql'>;
  clock: Clock;
  config: Config;
  logger?: Logger;
  /** The reminder pipeline's replan after a completion from a one-tap link; default: left to the reconciler. */
  afterDueItemsChanged?: () => Promise<void>;
}) {
  const { sql } = input.database;
  const auth = createWebAuth({ store: new PostgresWebAuthStore(sql), clock: input.clock });
  const channelStore = new PostgresChannelStore(sql);
  const calendar = calendarForConfig(input.config);
  const mount = [mountPeoplePages({ store: channelStore, clock: input.clock, mailConfigured: input.config.mail !== undefined })];
  const secret = input.config.channels.linkSecret;
  if (secret) {
    const core = new ServiceCore({
      store: new PostgresBotStore(sql),
      clock: input.clock,
      calendar,
      timeZone: input.config.domain.timeZone,
      completionNeedsApproval: input.config.domain.completionNeedsApproval,
      afterDueItemsChanged: input.afterDueItemsChanged ?? (async () => {}),
      ...(input.logger ? { onError: (message: string, error: unknown) => input.logger!.warn(message, { err: error }) } : {}),
    });
    mount.push(mountOneTap(createOneTap({ store: channelStore, core, secret })));
  }
  return createWebConsole({
    mount,
    auth,
    dashboard: createDashboardService({ store: new PostgresDashboardStore(sql), clock: input.clock, calendar, timeZone: input.config.domain.timeZone }),
    items: createWebItems({ details: new PostgresBotStore(sql), store: new PostgresWebItemStore(sql) }),
    translate: createTranslator(),
    clock: input.clock,
    web: input.config.web,
    ...(input.logger ? { logger: input.logger } : {}),
  });
}

/** The bot's `/dangnhap`: a sign-in link on WEB_BASE_URL for the asking person's unit and role. */
export function webLoginLinkFor(database: Pick<Database, 'sql'>, clock: Clock, config: Config): WebLoginLink {
  const auth = createWebAuth({ store: new PostgresWebAuthStore(database.sql), clock });
  return async (identity) => {
    const { token } = await auth.issueLoginToken(identity, 'bot');
    return { url: `${config.web.baseUrl}/login/${token}`, minutes: LOGIN_LINK_TTL_MS / 60_000 };
  };
}
