/**
 * The coordinator's commands: `/sukien` (record an event; items waiting for it get their dates from the deadline
 * engine's event offsets), `/dathan` (set a date for an on-demand task), `/duyet` (pending approvals),
 * `/tongquan` (province overview); and the leaders' `/baocao`.
 */
import { expandRule, type DeadlineRule, type EventPart } from '../../domain/deadline.js';
import { provinceRole, type ActionButton, type Refused, type ServiceCore, type Who } from './context.js';
import { plusDays, readDate, type ReadDateFailure } from './dates.js';
import { parseEvidenceText } from './evidence.js';
import type {
  AuditEntry,
  CallbackTokenRecord,
  EventRepeatTarget,
  ItemDating,
  NewEventItem,
  PendingApprovals,
  PendingInput,
  ProvinceOverview,
  WaitingEventType,
  WaitingItem,
  WaitingManualTask,
} from './store.js';

// ---------------------------------------------------------------- events

export type EventTypesOutcome = Refused | { kind: 'event_types'; types: WaitingEventType[]; buttons: ActionButton[] };

/** `/sukien` without arguments: the event types items are waiting for, each with a button. */
export async function listEventTypes(core: ServiceCore, who: Who): Promise<EventTypesOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'event.list');
  const types = await core.store.eventTypes(coordinator.province);
  const buttons = await core.issue(types.slice(0, 20).map((t, i) => ({ action: 'event_pick' as const, payload: { slug: t.slug }, index: i + 1 })));
  return { kind: 'event_types', types, buttons };
}

export type BeginEventOutcome = Refused | { kind: 'prompt_event'; slug: string; eventText: string | null };

/** An event type was picked: ask for its date and reference. */
export async function beginEvent(core: ServiceCore, who: Who, token: CallbackTokenRecord): Promise<BeginEventOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  const slug = typeof token.payload.slug === 'string' ? token.payload.slug : null;
  if (coordinator === undefined || slug === null) return core.refuse(who, 'event.start');
  const types = await core.store.eventTypes(coordinator.province);
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'event_details',
    dueItemId: null,
    payload: { slug },
    expiresAt: core.pendingExpiry(),
  });
  return { kind: 'prompt_event', slug, eventText: types.find((t) => t.slug === slug)?.eventText ?? null };
}

export type RecordEventOutcome =
  | Refused
  | { kind: 'usage'; types: WaitingEventType[] }
  | { kind: 'unknown_event'; ref: string; types: WaitingEventType[] }
  | { kind: 'event_date_missing' }
  | {
      kind: 'event_recorded';
      slug: string;
      eventText: string | null;
      date: string;
      reference: string | null;
      dated: number;
      /** New items for assignments an earlier event of the type had dated already (the event happened again). */
      created: number;
      /** Waiting items the event did not date (no period written, or the event lies outside the plan period). */
      undated: number;
      /** The same type and day had been recorded already: nothing changed. */
      duplicate: boolean;
      /** Dated items by due day (first few), for the confirmation. */
      sample: { taskNumber: string; taskTitle: string; dueDate: string }[];
    };

/** `/sukien <loại|số> <ngày> [số hiệu văn bản]`. */
export async function recordEventCommand(core: ServiceCore, who: Who, args: string): Promise<RecordEventOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'event.record');
  const types = await core.store.eventTypes(coordinator.province);
  const [ref = '', ...rest] = args.trim().split(/\s+/);
  if (ref === '' || rest.length === 0) return { kind: 'usage', types };
  const byIndex = /^\d{1,2}$/.test(ref) ? types[Number(ref) - 1] : undefined;
  const type = byIndex ?? types.find((t) => t.slug === ref.toLowerCase());
  if (type === undefined) return { kind: 'unknown_event', ref, types };
  return recordEvent(core, who, coordinator.province, type.slug, rest.join(' '));
}

/** The details typed after picking an event type. */
export async function submitEventDetails(core: ServiceCore, who: Who, pending: PendingInput, text: string | undefined): Promise<RecordEventOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  const slug = typeof pending.payload.slug === 'string' ? pending.payload.slug : null;
  if (coordinator === undefined || slug === null) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return core.refuse(who, 'event.record');
  }
  const outcome = await recordEvent(core, who, coordinator.province, slug, text ?? '');
  if (outcome.kind !== 'event_date_missing') await core.store.clearPendingInput(who.chat.id, who.user.id);
  return outcome;
}

/** Reads "15/3/2024 QĐ 123/QĐ-UBND" (or "QĐ số 123/QĐ-UBND ngày 15/3/2024") into a date and a reference. */
export function readEventDetails(text: string, options: { today: string; calendar: ServiceCore['deps']['calendar']; zone: string }): { date: string; reference: string | null } | null {
  const parsed = parseEvidenceText(text);
  let date = parsed.documentDate;
  let reference = text;
  if (date !== undefined && parsed.dateSpan !== undefined) {
    reference = text.slice(0, parsed.dateSpan.start) + ' ' + text.slice(parsed.dateSpan.end);
  } else {
    const read = readDate(text, { ...options, allowPast: true });
    if (!read.ok) return null;
    date = read.date.nominalDue;
    reference = '';
  }
  const cleaned = reference.replace(/\s+/g, ' ').replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '').trim();
  return { date, reference: cleaned === '' ? null : cleaned };
}

/** What recording an event would change: the waiting items it dates and the new items of a repeated event. */
export interface EventPlan {
  /** Waiting items of the type (dated or not). */
  waiting: number;
  datings: ItemDating[];
  inserts: NewEventItem[];
  /** Every dated item (in the store's order), then every new item: task, occurrence and new due day. */
  changes: { dueItemId: number | null; taskNumber: string; taskTitle: string; unitId: number | null; label: string; dueDate: string }[];
  eventText: string | null;
}

/**
 * Pure of writes: the items an event of `slug` on `date` would date (and, when the event happened before, the new
 * items it would add), from the deadline engine's expansion. `/sukien` records it at once; the web console shows it
 * first and records after a confirmation.
 */
export async function planEvent(core: ServiceCore, province: string, slug: string, date: string, reference: string | null): Promise<EventPlan> {
  const items = await core.store.waitingForEvent(province, slug);
  const datings: ItemDating[] = [];
  const changes: EventPlan['changes'] = [];
  for (const item of items) {
    const dating = dateForEvent(item, slug, date, reference, core);
    if (dating === null) continue;
    datings.push(dating);
    changes.push({ dueItemId: item.id, taskNumber: item.taskNumber, taskTitle: item.taskTitle, unitId: item.unitId, label: dating.label, dueDate: dating.dueDate });
  }
  // The event happened again: assignments dated by an earlier one get a new item for this one.
  const inserts: NewEventItem[] = [];
  for (const target of await core.store.eventRepeatTargets(province, slug)) {
    for (const o of occurrencesForEvent(target, slug, date, reference, core)) {
      if ((target.unitEffectiveFrom !== null && o.due < target.unitEffectiveFrom) || (target.unitEffectiveTo !== null && o.due > target.unitEffectiveTo)) continue;
      inserts.push({ assignmentId: target.assignmentId, occurrenceKey: o.key, label: o.label, windowStart: o.start, nominalDue: o.nominalDue, dueDate: o.due, dueAt: o.dueAt });
      changes.push({ dueItemId: null, taskNumber: target.taskNumber, taskTitle: target.taskTitle, unitId: null, label: o.label, dueDate: o.due });
    }
  }
  const types = await core.store.eventTypes(province);
  return { waiting: items.length, datings, inserts, changes, eventText: types.find((t) => t.slug === slug)?.eventText ?? eventTextOf(items, slug) };
}

async function recordEvent(core: ServiceCore, who: Who, province: string, slug: string, details: string): Promise<RecordEventOutcome> {
  const read = readEventDetails(details, { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone });
  if (read === null) return { kind: 'event_date_missing' };
  return applyEvent(core, {
    province,
    slug,
    date: read.date,
    reference: read.reference,
    recordedBy: `telegram:${who.user.id}`,
    audit: (details) => core.entry(who, 'event.record', 'ok', { entity: 'event', details }),
  });
}

/** Records an event of `slug` on `date` (the province's coordinator only; `/sukien` and the web console's /events). */
export async function recordEventAs(core: ServiceCore, who: Who, slug: string, date: string, reference: string | null, recordedBy: string): Promise<RecordEventOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'event.record');
  return applyEvent(core, {
    province: coordinator.province,
    slug,
    date,
    reference,
    recordedBy,
    audit: (details) => core.entry(who, 'event.record', 'ok', { entity: 'event', details }),
  });
}

/** An event to record, from any front end (the bot's `/sukien`, the web console's /events, `POST /api/v1/events`). */
export interface EventRecording {
  province: string;
  /** An event type of the province's published plans (see `BotStore.eventTypes`). */
  slug: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  reference: string | null;
  /** Who recorded it, as stored in `events.recorded_by` (`telegram:<id>`, `web:<person>`, `api:<integration>`). */
  recordedBy: string;
  /** The audit entry of the recording, given the details the use case adds. */
  audit(details: Record<string, unknown>): AuditEntry;
}

export type EventRecorded = Extract<RecordEventOutcome, { kind: 'event_recorded' }> & { eventId: number };

/**
 * Records an event and dates what waits for it ({@link planEvent}): items waiting for the type get their dates from
 * the deadline engine's event offsets, and assignments an earlier event of the type dated get a new item. The same
 * type and day recorded twice changes nothing the second time (`duplicate`). The rules of `/sukien`, for every
 * front end.
 */
export async function applyEvent(core: ServiceCore, input: EventRecording): Promise<EventRecorded> {
  const { province, slug, date, reference } = input;
  const plan = await planEvent(core, province, slug, date, reference);
  const sample: { taskNumber: string; taskTitle: string; dueDate: string }[] = [];
  for (const c of plan.changes.filter((c) => c.dueItemId !== null)) if (sample.length < 10) sample.push({ taskNumber: c.taskNumber, taskTitle: c.taskTitle, dueDate: c.dueDate });
  for (const c of plan.changes.filter((c) => c.dueItemId === null))
    if (sample.length < 10 && !sample.some((s) => s.taskNumber === c.taskNumber && s.dueDate === c.dueDate)) sample.push({ taskNumber: c.taskNumber, taskTitle: c.taskTitle, dueDate: c.dueDate });
  const result = await core.store.recordEvent({
    province,
    slug,
    date,
    reference,
    recordedBy: input.recordedBy,
    datings: plan.datings,
    inserts: plan.inserts,
    audit: input.audit({ slug, date, reference, waiting: plan.waiting, dated: plan.datings.length, repeated: plan.inserts.length }),
  });
  if (result.dated > 0 || result.created > 0) await core.changed();
  return {
    kind: 'event_recorded',
    eventId: result.eventId,
    slug,
    eventText: plan.eventText,
    date,
    reference,
    dated: result.dated,
    created: result.created,
    undated: result.duplicate ? 0 : plan.waiting - result.dated,
    duplicate: result.duplicate,
    sample: result.duplicate ? [] : sample,
  };
}

function eventTextOf(items: readonly WaitingItem[], slug: string): string | null {
  for (const item of items) {
    const part = eventParts(item.deadlineRule).find((p) => p.event === slug);
    if (part !== undefined) return part.eventText;
  }
  return null;
}

function eventParts(stored: Record<string, unknown> | null): EventPart[] {
  const parts = (stored as { parts?: unknown } | null)?.parts;
  return Array.isArray(parts) ? (parts as EventPart[]).filter((p) => p.kind === 'event') : [];
}

/**
 * The date of one waiting item once its event happened, from the engine's expansion of the task's rule with the
 * event record. The item's occurrence key (`p<part>-waiting`, as the importer writes it) names the rule part.
 */
export function dateForEvent(item: WaitingItem, slug: string, date: string, reference: string | null, core: ServiceCore): ItemDating | null {
  const rule = item.deadlineRule as DeadlineRule | null;
  if (rule === null || !Array.isArray(rule.parts)) return null;
  const keyed = /^p(\d+)-waiting/.exec(item.occurrenceKey);
  const partIndex = keyed !== null ? Number(keyed[1]) : rule.parts.findIndex((p) => p.kind === 'event' && p.event === slug);
  const part = rule.parts[partIndex];
  if (part === undefined || part.kind !== 'event' || part.event !== slug) return null;
  const occurrences = expandRule(rule, {
    periodStart: `${item.periodStartYear}-01-01`,
    periodEnd: `${item.periodEndYear}-12-31`,
    zone: core.deps.timeZone,
    calendar: core.deps.calendar,
    events: [{ type: slug, date, ...(reference === null ? {} : { reference }) }],
  });
  const o = occurrences.find((x) => x.partIndex === partIndex);
  if (o === undefined) return null;
  return {
    id: item.id,
    revision: item.revision,
    nominalDue: o.nominalDue,
    dueDate: o.due,
    dueAt: o.dueAt,
    windowStart: o.start,
    label: o.label,
    occurrenceKey: `p${partIndex}-${o.nominalDue}`,
  };
}

/**
 * The occurrences one event gives a task (every event part of its rule for that type), keyed as the deadline
 * adapter keys them when publishing (`p<part>-<nominal due>`), so that publishing again finds them.
 */
export function occurrencesForEvent(
  target: Pick<EventRepeatTarget, 'deadlineRule' | 'periodStartYear' | 'periodEndYear'>,
  slug: string,
  date: string,
  reference: string | null,
  core: ServiceCore,
): { key: string; label: string; start: string | null; nominalDue: string; due: string; dueAt: string }[] {
  const rule = target.deadlineRule as DeadlineRule | null;
  if (rule === null || !Array.isArray(rule.parts)) return [];
  const parts = new Set(rule.parts.flatMap((p, i) => (p.kind === 'event' && p.event === slug ? [i] : [])));
  if (parts.size === 0) return [];
  return expandRule(rule, {
    periodStart: `${target.periodStartYear}-01-01`,
    periodEnd: `${target.periodEndYear}-12-31`,
    zone: core.deps.timeZone,
    calendar: core.deps.calendar,
    events: [{ type: slug, date, ...(reference === null ? {} : { reference }) }],
  })
    .filter((o) => parts.has(o.partIndex))
    .map((o) => ({ key: `p${o.partIndex}-${o.nominalDue}`, label: o.label, start: o.start, nominalDue: o.nominalDue, due: o.due, dueAt: o.dueAt }));
}

// ---------------------------------------------------------------- on-demand tasks

export type ManualTasksOutcome = Refused | { kind: 'manual_tasks'; tasks: WaitingManualTask[]; buttons: ActionButton[] };

/** `/dathan`: on-demand tasks waiting for a date, each with a button. */
export async function listManualTasks(core: ServiceCore, who: Who): Promise<ManualTasksOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'manual_date.list');
  const tasks = await core.store.waitingManualTasks(coordinator.province);
  const buttons = await core.issue(tasks.slice(0, 20).map((t, i) => ({ action: 'manual_pick' as const, payload: { taskId: t.taskId }, index: i + 1 })));
  return { kind: 'manual_tasks', tasks, buttons };
}

export type BeginManualOutcome = Refused | { kind: 'prompt_manual'; task: WaitingManualTask };

export async function beginManualDate(core: ServiceCore, who: Who, token: CallbackTokenRecord): Promise<BeginManualOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  const taskId = typeof token.payload.taskId === 'number' ? token.payload.taskId : null;
  const task = coordinator === undefined || taskId === null ? undefined : (await core.store.waitingManualTasks(coordinator.province)).find((t) => t.taskId === taskId);
  if (coordinator === undefined || task === undefined) return core.refuse(who, 'manual_date.start', { entity: 'task', entityId: String(taskId) });
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'manual_date',
    dueItemId: null,
    payload: { taskId },
    expiresAt: core.pendingExpiry(),
  });
  return { kind: 'prompt_manual', task };
}

export type ManualDateOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'date_invalid'; reason: ReadDateFailure }
  | { kind: 'manual_dated'; task: WaitingManualTask; dueDate: string; nominalDue: string; dated: number };

export async function submitManualDate(core: ServiceCore, who: Who, pending: PendingInput, text: string | undefined): Promise<ManualDateOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  const taskId = typeof pending.payload.taskId === 'number' ? pending.payload.taskId : null;
  if (coordinator === undefined || taskId === null) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return core.refuse(who, 'manual_date.set');
  }
  const task = (await core.store.waitingManualTasks(coordinator.province)).find((t) => t.taskId === taskId);
  if (task === undefined) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return { kind: 'not_found' };
  }
  const read = readDate(text ?? '', { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone });
  if (!read.ok) return { kind: 'date_invalid', reason: read.reason };
  const items = await core.store.waitingManualItems(coordinator.province, taskId);
  const datings: ItemDating[] = items.map((i) => ({
    id: i.id,
    revision: i.revision,
    nominalDue: read.date.nominalDue,
    dueDate: read.date.dueDate,
    dueAt: read.date.dueAt,
    windowStart: null,
    label: i.occurrenceLabel,
  }));
  const result = await core.store.setManualDate({
    taskId,
    date: read.date.nominalDue,
    datings,
    audit: core.entry(who, 'manual_date.set', 'ok', { entity: 'task', entityId: taskId, details: { date: read.date.nominalDue } }),
  });
  await core.store.clearPendingInput(who.chat.id, who.user.id);
  if (result.dated > 0) await core.changed();
  return { kind: 'manual_dated', task, dueDate: read.date.dueDate, nominalDue: read.date.nominalDue, dated: result.dated };
}

// ---------------------------------------------------------------- approvals, overview, digests

/** Items listed by `/duyet`. */
export const APPROVALS_LIMIT = 10;

export type ApprovalsOutcome =
  | Refused
  | {
      kind: 'approvals';
      today: string;
      pending: PendingApprovals;
      /** Per completion: approve, reject. */
      completionButtons: ActionButton[][];
      /** Per extension: approve, reject, counter. */
      extensionButtons: ActionButton[][];
    };

export async function listApprovals(core: ServiceCore, who: Who): Promise<ApprovalsOutcome> {
  const coordinator = provinceRole(who.actor, 'coordinator');
  if (coordinator === undefined) return core.refuse(who, 'approvals.list');
  const pending = await core.store.pendingApprovals(coordinator.province, APPROVALS_LIMIT);
  const specs = [
    // `list`: the press comes from this list, whose other buttons must stay (no stamping of the message).
    ...pending.completions.flatMap((item, i) => [
      { action: 'approve_done' as const, dueItemId: item.id, payload: { list: true }, index: i + 1 },
      { action: 'reject_done' as const, dueItemId: item.id, payload: { list: true }, index: i + 1 },
    ]),
    ...pending.extensions.flatMap((e, i) => {
      const n = pending.completions.length + i + 1;
      const payload = { requestId: e.id, list: true };
      return [
        { action: 'ext_approve' as const, dueItemId: e.dueItemId, payload, index: n },
        { action: 'ext_reject' as const, dueItemId: e.dueItemId, payload, index: n },
        { action: 'ext_counter' as const, dueItemId: e.dueItemId, payload, index: n },
      ];
    }),
  ];
  const buttons = await core.issue(specs);
  const completionButtons: ActionButton[][] = [];
  const extensionButtons: ActionButton[][] = [];
  let at = 0;
  for (let i = 0; i < pending.completions.length; i += 1, at += 2) completionButtons.push(buttons.slice(at, at + 2));
  for (let i = 0; i < pending.extensions.length; i += 1, at += 3) extensionButtons.push(buttons.slice(at, at + 3));
  return { kind: 'approvals', today: core.today(), pending, completionButtons, extensionButtons };
}

export type OverviewOutcome = Refused | { kind: 'overview'; province: string; today: string; overview: ProvinceOverview };

export async function showOverview(core: ServiceCore, who: Who): Promise<OverviewOutcome> {
  const member = provinceRole(who.actor, 'coordinator') ?? provinceRole(who.actor, 'leader');
  if (member === undefined) return core.refuse(who, 'overview');
  const today = core.today();
  const overview = await core.store.overview(member.province, today, plusDays(today, 7));
  return { kind: 'overview', province: member.province, today, overview };
}

/** The digest a member asks for with `/baocao`. */
export type DigestKind = 'leadership' | 'coordinator' | 'unit';

export type DigestOutcome = Refused | { kind: 'digest'; digest: DigestKind };

/** `/baocao`: leaders get the leadership digest, coordinators theirs, focal points and heads their unit's list. */
export async function requestDigest(core: ServiceCore, who: Who): Promise<DigestOutcome> {
  const roles = new Set(who.actor?.memberships.map((m) => m.role) ?? []);
  const digest: DigestKind | null = roles.has('leader') ? 'leadership' : roles.has('coordinator') ? 'coordinator' : roles.has('focal') || roles.has('head') ? 'unit' : null;
  if (digest === null) return core.refuse(who, 'digest.now');
  await core.store.audit(core.entry(who, 'digest.now', 'ok', { details: { digest } }));
  return { kind: 'digest', digest };
}
