/**
 * Composition of the JSON API (src/http/api.ts) over PostgreSQL: the API store, the bot's use-case core for
 * recording events (the rules of `/sukien`), and the per-token rate limit. Part of the composition root.
 */
import type { Config } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { ServiceCore } from './app/bot/context.js';
import type { ApiTokenStore } from './app/api/ports.js';
import { createApiService } from './app/api/service.js';
import { authenticateApiToken } from './app/api/tokens.js';
import { PostgresApiStore } from './db/api-store.js';
import { PostgresBotStore } from './db/bot-store.js';
import type { Database } from './db/client.js';
import type { Clock } from './domain/clock.js';
import type { ApiRateLimitOptions, ApiRateLimitStore } from './http/api-rate-limit.js';
import { createApiRoutes } from './http/api.js';
import type { Logger } from './infra/logger.js';

export interface ApiWiringInput {
  database: Pick<Database, 'sql'>;
  clock: Clock;
  config: Config;
  /** The reminder pipeline's replan after an event dated items. Default: none (the reconciler replans marked items). */
  afterDueItemsChanged?: () => Promise<void>;
  rateLimit?: ApiRateLimitOptions;
  rateLimitStore?: ApiRateLimitStore;
  /** Counts 429 answers (`nhacviec_api_429_total`). */
  metrics?: { apiRateLimited(token: string): void };
  logger?: Logger;
}

export function createApiOnDatabase(input: ApiWiringInput) {
  const { sql } = input.database;
  const store = new PostgresApiStore(sql);
  const core = new ServiceCore({
    store: new PostgresBotStore(sql),
    clock: input.clock,
    calendar: calendarForConfig(input.config),
    timeZone: input.config.domain.timeZone,
    completionNeedsApproval: input.config.domain.completionNeedsApproval,
    afterDueItemsChanged: input.afterDueItemsChanged ?? (async () => {}),
    onError: (message, error) => input.logger?.warn(message, { error }),
  });
  return createApiRoutes({
    service: createApiService({ store, core }),
    authenticate: (bearer) => authenticateApiToken(store, input.clock, bearer),
    defaultProvince: input.config.domain.defaultProvince,
    ...(input.rateLimit ? { rateLimit: input.rateLimit } : {}),
    ...(input.rateLimitStore ? { rateLimitStore: input.rateLimitStore } : {}),
    onRateLimited: (token) => {
      input.metrics?.apiRateLimited(token.name);
      input.logger?.debug('api: rate limited', { token: token.name });
    },
  });
}

/** The API's bearer tokens over `database`, as `nhacviec api token` manages them. */
export function apiTokensOn(database: Pick<Database, 'sql'>): ApiTokenStore {
  return new PostgresApiStore(database.sql);
}
