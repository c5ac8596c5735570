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
import { COMPLETION_SCORE_RULES, DEFAULT_COMPLETION_SCORE_RULE } from '../config/report-scoring.js';
import { createWebExports } from './app/web/exports.js';
import { PostgresExportsCatalog } from './db/exports-store.js';
import { PostgresFeedStore } from './db/feed-store.js';
import { PostgresReportStore } from './db/report-store.js';

export function createWebConsoleOnDatabase(input: { database: Pick<Database, 'sql'>; clock: Clock; config: Config; logger?: Logger }) {
  const { sql } = input.database;
  const auth = createWebAuth({ store: new PostgresWebAuthStore(sql), clock: input.clock });
  return createWebConsole({
    auth,
    dashboard: createDashboardService({ store: new PostgresDashboardStore(sql), clock: input.clock, calendar: calendarForConfig(input.config), timeZone: input.config.domain.timeZone }),
    items: createWebItems({ details: new PostgresBotStore(sql), store: new PostgresWebItemStore(sql) }),
    exports: createWebExports({
      catalog: new PostgresExportsCatalog(sql),
      reports: new PostgresReportStore(sql),
      feeds: new PostgresFeedStore(sql),
      clock: input.clock,
      zone: input.config.domain.timeZone,
      rule: COMPLETION_SCORE_RULES[DEFAULT_COMPLETION_SCORE_RULE]!,
      webBaseUrl: input.config.web.baseUrl,
    }),
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
