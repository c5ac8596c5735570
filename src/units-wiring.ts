/**
 * Wiring of the unit directory and the invitations over PostgreSQL (composition, beside src/main.ts): the
 * `nhacviec units …` commands call src/app/units.ts and the bot's onboarding use cases through the ports these
 * stores implement.
 */
import type { Config } from '../config/env.js';
import { ServiceCore } from './app/bot/context.js';
import { createInvite, type CreateInviteInput, type CreateInviteOutcome } from './app/bot/onboarding.js';
import type { UnitDirectoryStore } from './app/units.js';
import { PostgresBotStore } from './db/bot-store.js';
import type { Database } from './db/client.js';
import { PostgresUnitDirectoryStore } from './db/unit-store.js';
import type { Clock } from './domain/clock.js';
import { createCalendar } from './domain/deadline.js';

/** The unit directory over `database`. */
export function unitDirectoryOn(database: Pick<Database, 'db' | 'sql'>): UnitDirectoryStore {
  return new PostgresUnitDirectoryStore(database);
}

/** `createInvite` over `database`: a single-use invitation to a unit, its token returned once. */
export function invitesOn(database: Pick<Database, 'sql'>, clock: Clock, config: Config): (input: CreateInviteInput) => Promise<CreateInviteOutcome> {
  // Invites use only the store and the clock; the calendar is never consulted here.
  const core = new ServiceCore({
    store: new PostgresBotStore(database.sql),
    clock,
    calendar: createCalendar(),
    timeZone: config.domain.timeZone,
    completionNeedsApproval: config.domain.completionNeedsApproval,
    afterDueItemsChanged: async () => {},
  });
  return (input) => createInvite(core, input);
}

/**
 * The bot's username, asked of Telegram (`getMe`) with `TELEGRAM_BOT_TOKEN`; null without a token. Rejects when
 * Telegram does not answer. grammY is loaded only when there is a token to ask with.
 */
export function botUsernameFromTelegram(config: Config): () => Promise<string | null> {
  return async () => {
    const token = config.telegram.token;
    if (token === undefined) return null;
    const { Api } = await import('grammy');
    return (await new Api(token, { apiRoot: config.telegram.apiRoot, timeoutSeconds: 15 }).getMe()).username;
  };
}
