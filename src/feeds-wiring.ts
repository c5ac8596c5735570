/**
 * Composition of the calendar feed routes (src/http/ics.ts): the feed store over PostgreSQL, the working calendar
 * and the days-off data from config/holidays. Part of the composition root (it constructs stores).
 */
import type { Config } from '../config/env.js';
import { calendarForConfig, loadHolidayData } from '../config/holidays/load.js';
import { renderHolidayFeed } from './app/feeds/ics.js';
import { feedForToken, type FeedStore } from './app/feeds/service.js';
import type { Database } from './db/client.js';
import { PostgresFeedStore } from './db/feed-store.js';
import type { Clock } from './domain/clock.js';
import type { IcsRoutesDeps } from './http/ics.js';

export function icsRoutes(deps: { config: Config; database: Database; clock: Clock }): IcsRoutesDeps {
  const { config, clock } = deps;
  const store = new PostgresFeedStore(deps.database.sql);
  const calendar = calendarForConfig(config);
  const years = loadHolidayData();
  const context = {
    webBaseUrl: config.web.baseUrl,
    calendar,
    ladder: config.domain.ladder,
    sendTime: config.domain.reminderSendTime,
    zone: config.domain.timeZone,
  };
  return {
    feed: (token) => feedForToken(store, clock, context, token),
    holidays: () => renderHolidayFeed(years, { zone: config.domain.timeZone, now: clock.now() }),
  };
}

/** The calendar feeds' tokens and items over `database` (`nhacviec units feed` issues and revokes). */
export function feedStoreOn(database: Pick<Database, 'sql'>): FeedStore {
  return new PostgresFeedStore(database.sql);
}
