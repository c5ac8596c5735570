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
import { createDeadlineAdapter } from './app/deadline-adapter.js';
import { createWebPlans } from './app/web/plans.js';
import { planPortsOn } from './plan-wiring.js';
import type { Database } from './db/client.js';
import { PostgresBotStore } from './db/bot-store.js';
import { PostgresDashboardStore, PostgresWebAuthStore, PostgresWebItemStore } from './db/web-store.js';
import type { Clock } from './domain/clock.js';
import { createTranslator } from './i18n/translator.js';
import type { Logger } from './infra/logger.js';
import { createWebConsole } from './web/console.js';

export function createWebConsoleOnDatabase(input: { database: Database; clock: Clock; config: Config; logger?: Logger }) {
  const { sql } = input.database;
  const calendar = calendarForConfig(input.config);
  const zone = input.config.domain.timeZone;
  const auth = createWebAuth({ store: new PostgresWebAuthStore(sql), clock: input.clock });
  return createWebConsole({
    auth,
    dashboard: createDashboardService({ store: new PostgresDashboardStore(sql), clock: input.clock, calendar: calendarForConfig(input.config), timeZone: input.config.domain.timeZone }),
    items: createWebItems({ details: new PostgresBotStore(sql), store: new PostgresWebItemStore(sql) }),
    plans: createWebPlans({ ports: planPortsOn(input.database), clock: input.clock, deadline: createDeadlineAdapter({ calendar, zone }), calendar, zone }),
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
