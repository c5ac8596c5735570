/**
 * The web console's `/events`: record "công bố TTHC" and the other events deadlines count from, with a date and a
 * reference — first a preview of every item the event will date (the bot's `planEvent`, nothing written), then
 * the recording itself after confirmation (the bot's `/sukien` use case). Coordinators record; leaders read.
 */
import { planEvent, recordEventAs, type RecordEventOutcome } from '../bot/coordination.js';
import type { ServiceCore } from '../bot/context.js';
import { readDate, type ReadDateFailure } from '../bot/dates.js';
import type { WaitingEventType } from '../bot/store.js';
import { seesProvince, type WebSession } from './auth.js';
import { webWho } from './who.js';

/** An event recorded earlier. */
export interface RecordedEvent {
  id: number;
  type: string;
  date: string;
  reference: string | null;
  recordedBy: string;
  createdAt: Date;
}

/** The events port (PostgreSQL: src/db/web-pages-store.ts). */
export interface RecordedEventStore {
  recentEvents(province: string, limit: number): Promise<RecordedEvent[]>;
  /** Unit names by id (for the preview). */
  unitNames(ids: readonly number[]): Promise<Map<number, string>>;
}

export interface EventsView {
  types: WaitingEventType[];
  recent: RecordedEvent[];
  mayRecord: boolean;
}

export interface EventPreviewRow {
  taskNumber: string;
  taskTitle: string;
  label: string;
  dueDate: string;
  /** Units whose item gets this date (names). */
  units: string[];
  /** New items of a repeated event (no item waited for it). */
  repeated: boolean;
}

export type EventPreview =
  | { kind: 'forbidden' }
  | { kind: 'invalid'; errors: { field: 'type' | 'date'; reason: 'unknown_type' | ReadDateFailure | 'missing' }[] }
  | { kind: 'preview'; slug: string; eventText: string | null; date: string; reference: string | null; rows: EventPreviewRow[]; items: number; waiting: number };

export type EventRecordOutcome = { kind: 'forbidden' } | { kind: 'invalid' } | RecordEventOutcome;

export function createWebEvents(deps: { core: ServiceCore; store: RecordedEventStore }) {
  const { core } = deps;

  /** Checks the form: a known type and a readable day (past days allowed: the event happened). */
  async function read(session: WebSession, input: { slug: string; date: string; reference: string }) {
    const types = await core.store.eventTypes(session.province);
    const errors: Extract<EventPreview, { kind: 'invalid' }>['errors'] = [];
    if (!types.some((t) => t.slug === input.slug)) errors.push({ field: 'type', reason: 'unknown_type' });
    let date: string | null = null;
    if (input.date.trim() === '') errors.push({ field: 'date', reason: 'missing' });
    else if (/^\d{4}-\d{2}-\d{2}$/.test(input.date.trim())) date = input.date.trim();
    else {
      const r = readDate(input.date, { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone, allowPast: true });
      if (r.ok) date = r.date.nominalDue;
      else errors.push({ field: 'date', reason: r.reason });
    }
    const reference = input.reference.trim().slice(0, 300) || null;
    return { errors, date, reference };
  }

  return {
    async view(session: WebSession): Promise<EventsView | null> {
      if (!seesProvince(session)) return null;
      return { types: await core.store.eventTypes(session.province), recent: await deps.store.recentEvents(session.province, 30), mayRecord: session.role === 'coordinator' };
    },

    /** The items the event would date, nothing written. */
    async preview(session: WebSession, input: { slug: string; date: string; reference: string }): Promise<EventPreview> {
      if (session.role !== 'coordinator') return { kind: 'forbidden' };
      const r = await read(session, input);
      if (r.errors.length > 0 || r.date === null) return { kind: 'invalid', errors: r.errors };
      const plan = await planEvent(core, session.province, input.slug, r.date, r.reference);
      const names = await deps.store.unitNames([...new Set(plan.changes.flatMap((c) => (c.unitId === null ? [] : [c.unitId])))]);
      const rows = new Map<string, EventPreviewRow>();
      for (const c of plan.changes) {
        const key = `${c.taskNumber}|${c.label}|${c.dueDate}|${c.dueItemId === null}`;
        const row = rows.get(key) ?? { taskNumber: c.taskNumber, taskTitle: c.taskTitle, label: c.label, dueDate: c.dueDate, units: [], repeated: c.dueItemId === null };
        if (c.unitId !== null) row.units.push(names.get(c.unitId) ?? String(c.unitId));
        rows.set(key, row);
      }
      const sorted = [...rows.values()].sort((x, y) => x.dueDate.localeCompare(y.dueDate) || x.taskNumber.localeCompare(y.taskNumber, 'vi', { numeric: true }));
      return { kind: 'preview', slug: input.slug, eventText: plan.eventText, date: r.date, reference: r.reference, rows: sorted, items: plan.changes.length, waiting: plan.waiting };
    },

    /** Records the event (after the preview was confirmed). */
    async record(session: WebSession, input: { slug: string; date: string; reference: string }): Promise<EventRecordOutcome> {
      if (session.role !== 'coordinator') return { kind: 'forbidden' };
      const r = await read(session, input);
      if (r.errors.length > 0 || r.date === null) return { kind: 'invalid' };
      return recordEventAs(core, webWho(session), input.slug, r.date, r.reference, `web:${session.personId ?? `session-${session.id}`}`);
    },
  };
}
export type WebEvents = ReturnType<typeof createWebEvents>;
