/**
 * The JSON API's use cases (issue #14 §3): reads of plans, tasks, due items, units, events and completions, and
 * recording an event with the rules of the bot's `/sukien` (src/app/bot/coordination.ts, `applyEvent`). The HTTP
 * layer (src/http/api.ts) validates requests with zod and renders these results; nothing here sees HTTP or SQL.
 */
import { applyEvent, type EventRecorded } from '../bot/coordination.js';
import type { ServiceCore } from '../bot/context.js';
import type { ApiReadStore, ApiTokenRecord } from './ports.js';

export interface ApiServiceDeps {
  store: ApiReadStore;
  /** The bot's use-case core (its store, clock, calendar and the replan hook): events are recorded through it. */
  core: ServiceCore;
}

export interface RecordEventRequest {
  province: string;
  type: string;
  date: string;
  reference?: string | null;
}

export type RecordEventResult =
  | { kind: 'unknown_event'; types: string[] }
  | { kind: 'invalid_date' }
  | EventRecorded;

export interface ApiService {
  readonly store: ApiReadStore;
  recordEvent(token: ApiTokenRecord, input: RecordEventRequest): Promise<RecordEventResult>;
}

/** A real calendar day 'YYYY-MM-DD' (the zod schema checks the shape; this checks the day exists). */
export function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function createApiService(deps: ApiServiceDeps): ApiService {
  return {
    store: deps.store,
    async recordEvent(token, input) {
      if (!isCalendarDay(input.date)) return { kind: 'invalid_date' };
      // As `/sukien`: only a type some published task of the province counts from.
      const types = await deps.core.store.eventTypes(input.province);
      const slug = input.type.toLowerCase();
      if (!types.some((t) => t.slug === slug)) return { kind: 'unknown_event', types: types.map((t) => t.slug) };
      const reference = input.reference?.trim() ? input.reference.trim() : null;
      return applyEvent(deps.core, {
        province: input.province,
        slug,
        date: input.date,
        reference,
        recordedBy: `api:${token.name}`,
        audit: (details) => ({ actor: `api:${token.name}`, action: 'event.record', outcome: 'ok', entity: 'event', details: { ...details, tokenId: token.id } }),
      });
    },
  };
}
