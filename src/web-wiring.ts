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
import { createWebApprovals, type DecisionNotices } from './app/web/approvals.js';
import { renderCompletionDecisionNotice, renderExtensionDecisionNotice } from './bot/render/work.js';
import type { Tr } from './bot/render/common.js';
import { PostgresReminderStore } from './db/reminder-store.js';
import { WebCore } from './app/web/who.js';
import { PostgresWebPagesStore } from './db/web-pages-store.js';
import { createDeadlineAdapter } from './app/deadline-adapter.js';
import { createWebPlans } from './app/web/plans.js';
import { planPortsOn } from './plan-wiring.js';
import type { Database } from './db/client.js';
import { PostgresBotStore } from './db/bot-store.js';
import { PostgresDashboardStore, PostgresWebAuthStore, PostgresWebItemStore } from './db/web-store.js';
import type { Clock } from './domain/clock.js';
import { createTranslator, type Translate } from './i18n/translator.js';
import type { Logger } from './infra/logger.js';
import { createWebConsole } from './web/console.js';
import { createOneTap } from './app/channels/one-tap.js';
import { PostgresChannelStore } from './db/channel-store.js';
import { mountOneTap } from './web/one-tap.js';
import { mountPeoplePages } from './web/people.js';

import { COMPLETION_SCORE_RULES, DEFAULT_COMPLETION_SCORE_RULE } from '../config/report-scoring.js';
import { createWebExports } from './app/web/exports.js';
import { PostgresExportsCatalog } from './db/exports-store.js';
import { PostgresFeedStore } from './db/feed-store.js';
import { PostgresReportStore } from './db/report-store.js';
import { approvalsPages } from './web/approvals-page.js';
import { itemPages } from './web/item-page.js';
import { unitsPages } from './web/units-page.js';
import { eventsPages } from './web/events-page.js';
import { calendarPages } from './web/calendar-page.js';
import { createWebCalendar } from './app/web/calendar.js';
import { createWebEvents } from './app/web/events.js';
import { createWebDirectory } from './app/web/directory.js';
import { PostgresUnitDirectoryStore } from './db/unit-store.js';
import { Api } from 'grammy';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { createWebSimulations } from './app/web/simulate.js';
import { silentLogger } from './infra/logger.js';
import { simulationSourceOn } from './simulate-wiring.js';
import { simulatePages } from './web/simulate-page.js';

/** The bot's username for invite links, asked of Telegram once (null without a token or when it does not answer). */
function botUsernameOf(config: Config): () => Promise<string | null> {
  let asked: Promise<string | null> | undefined;
  return () => {
    const token = config.telegram.token;
    if (token === undefined) return Promise.resolve(null);
    asked ??= new Api(token, { apiRoot: config.telegram.apiRoot, timeoutSeconds: 15 })
      .getMe()
      .then((me) => me.username)
      .catch(() => {
        asked = undefined;
        return null;
      });
    return asked;
  };
}

export function createWebConsoleOnDatabase(input: {
  database: Pick<Database, 'sql' | 'db'>;
  clock: Clock;
  config: Config;
  logger?: Logger;
  /** Called after a decision moved due items (the reminder pipeline's replan); default: the reconciler catches up. */
  afterDueItemsChanged?: () => Promise<void>;
  /** The database's URL, for previews of draft plans in a throw-away copy (`/plans/:id/simulate`); absent: refused. */
  databaseUrl?: string;
}) {
  const { sql } = input.database;
  const calendar = calendarForConfig(input.config);
  const zone = input.config.domain.timeZone;
  const auth = createWebAuth({ store: new PostgresWebAuthStore(sql), clock: input.clock });
  const botStore = new PostgresBotStore(sql);
  const pagesStore = new PostgresWebPagesStore(sql);
  // The bot's use cases, as the web console calls them (audited as `web`).
  const core = new WebCore({
    store: botStore,
    clock: input.clock,
    calendar,
    timeZone: input.config.domain.timeZone,
    completionNeedsApproval: input.config.domain.completionNeedsApproval,
    afterDueItemsChanged: input.afterDueItemsChanged ?? (async () => {}),
    ...(input.logger ? { onError: (message: string, error: unknown) => input.logger!.warn(message, { error }) } : {}),
  });
  const translate = createTranslator();
  const channelStore = new PostgresChannelStore(sql);
  const mount = [mountPeoplePages({ store: channelStore, clock: input.clock, mailConfigured: input.config.mail !== undefined, zaloConfigured: input.config.zalo !== undefined })];
  const secret = input.config.channels.linkSecret;
  // One-tap links (e-mail, Zalo) complete through the same use cases as the console.
  if (secret) mount.push(mountOneTap(createOneTap({ store: channelStore, core, secret })));
  return createWebConsole({
    mount,
    auth,
    exports: createWebExports({
      catalog: new PostgresExportsCatalog(sql),
      reports: new PostgresReportStore(sql),
      feeds: new PostgresFeedStore(sql),
      clock: input.clock,
      zone: input.config.domain.timeZone,
      rule: COMPLETION_SCORE_RULES[DEFAULT_COMPLETION_SCORE_RULE]!,
      webBaseUrl: input.config.web.baseUrl,
    }),
    dashboard: createDashboardService({ store: new PostgresDashboardStore(sql), clock: input.clock, calendar, timeZone: input.config.domain.timeZone }),
    pages: [
      approvalsPages(createWebApprovals({ core, store: pagesStore, notices: decisionNotices(sql, translate) })),
      unitsPages(createWebDirectory({ store: new PostgresUnitDirectoryStore(input.database), core, botUsername: botUsernameOf(input.config) })),
      calendarPages(createWebCalendar({ store: pagesStore, calendar, clock: input.clock, timeZone: input.config.domain.timeZone })),
      eventsPages(createWebEvents({ core, store: pagesStore })),
      itemPages(createWebItems({ details: botStore, store: new PostgresWebItemStore(sql), history: pagesStore })),
      simulatePages(
        createWebSimulations({
          source: simulationSourceOn(input.database, { config: input.config, clock: input.clock, ...(input.databaseUrl !== undefined ? { databaseUrl: input.databaseUrl } : {}) }),
          clock: input.clock,
          calendar,
          policy: reminderPolicyFromConfig(input.config),
          workingHours: input.config.domain.workingHours,
          schedules: input.config.schedules,
          t: createTranslator(),
          logger: input.logger ?? silentLogger,
        }),
      ),
    ],
    plans: createWebPlans({ ports: planPortsOn(input.database), clock: input.clock, deadline: createDeadlineAdapter({ calendar, zone }), calendar, zone }),
    translate,
    clock: input.clock,
    web: input.config.web,
    ...(input.logger ? { logger: input.logger } : {}),
  });
}

/** Web decisions announced as the bot announces its own: the bot's text, queued on the reminder pipeline. */
function decisionNotices(sql: Database['sql'], translate: Translate): DecisionNotices {
  const reminders = new PostgresReminderStore(sql);
  return {
    insertNotices: (rows, at) => reminders.insertNotices(rows, at),
    render(outcome, locale) {
      const t: Tr = (key, args) => translate(locale === 'en' ? 'en' : 'vi', key, args);
      return 'decision' in outcome ? renderExtensionDecisionNotice(outcome, t).text : renderCompletionDecisionNotice(outcome, t).text;
    },
  };
}

/** The bot's `/dangnhap`: a sign-in link on WEB_BASE_URL for the asking person's unit and role. */
export function webLoginLinkFor(database: Pick<Database, 'sql'>, clock: Clock, config: Config): WebLoginLink {
  const auth = webAuthOn(database, clock);
  return async (identity) => {
    const { token } = await auth.issueLoginToken(identity, 'bot');
    return { url: `${config.web.baseUrl}/login/${token}`, minutes: LOGIN_LINK_TTL_MS / 60_000 };
  };
}

/** Sign-in links and sessions of the web console over `database` (`nhacviec web link` issues the first link). */
export function webAuthOn(database: Pick<Database, 'sql'>, clock: Clock) {
  return createWebAuth({ store: new PostgresWebAuthStore(database.sql), clock });
}
