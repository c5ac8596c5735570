/**
 * ⏳ Xin gia hạn: reason → proposed date (read by the deadline engine) → the coordinator approves, rejects or
 * counter-proposes a date. An approved (or counter-proposed) date moves the due item (state `extended`, revision
 * bumped) and its reminders are replanned. Every request stays in `extension_requests` as history.
 *
 * A counter-proposal is a decision, not a negotiation: the coordinator's date becomes the new due date at once
 * and the unit is told so (status `countered`).
 */
import type { PressOrigin } from './callbacks.js';
import { spendToken } from './callbacks.js';
import { uniqueTargets } from './completion.js';
import {
  canActOn,
  canDecide,
  isActionable,
  type ActionButton,
  type Refused,
  type ServiceCore,
  type Who,
} from './context.js';
import { readDate, readIsoDate, type ReadDate, type ReadDateFailure } from './dates.js';
import type { CallbackTokenRecord, DueItemView, ExtensionRecord, NotifyTarget, PendingInput } from './store.js';

export type BeginExtensionOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_actionable'; item: DueItemView }
  | { kind: 'already_pending'; item: DueItemView; request: ExtensionRecord }
  | { kind: 'prompt_reason'; item: DueItemView };

/** ⏳ pressed: ask for the reason. */
export async function beginExtension(core: ServiceCore, who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginExtensionOutcome> {
  const item = token.dueItemId === null ? null : await core.store.loadItem(token.dueItemId);
  if (item === null) {
    await core.refuse(who, 'extension.start', { entity: 'due_item', entityId: String(token.dueItemId) });
    return { kind: 'not_found' };
  }
  if (!canActOn(who.actor, item)) return core.refuse(who, 'extension.start', { entity: 'due_item', entityId: item.id });
  if (!isActionable(item)) return { kind: 'not_actionable', item };
  const pending = await core.store.pendingExtension(item.id);
  if (pending !== null) return { kind: 'already_pending', item, request: pending };
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'extension_reason',
    dueItemId: item.id,
    payload: origin === null ? {} : { origin },
    expiresAt: core.pendingExpiry(),
  });
  await core.store.audit(core.entry(who, 'extension.start', 'ok', { entity: 'due_item', entityId: item.id }));
  return { kind: 'prompt_reason', item };
}

/** Longest reason kept. */
export const REASON_MAX = 1000;

export type ReasonOutcome = { kind: 'empty' } | { kind: 'prompt_date'; item: DueItemView } | { kind: 'not_found' };

/** The reason arrived: ask for the date. */
export async function submitExtensionReason(core: ServiceCore, who: Who, pending: PendingInput, text: string | undefined): Promise<ReasonOutcome> {
  const reason = (text ?? '').trim();
  if (reason === '') return { kind: 'empty' };
  const item = pending.dueItemId === null ? null : await core.store.loadItem(pending.dueItemId);
  if (item === null) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return { kind: 'not_found' };
  }
  await core.store.setPendingInput({
    ...pending,
    kind: 'extension_date',
    payload: { ...pending.payload, reason: reason.slice(0, REASON_MAX) },
    expiresAt: core.pendingExpiry(),
  });
  return { kind: 'prompt_date', item };
}

export type RequestOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_actionable'; item: DueItemView }
  | { kind: 'date_invalid'; reason: ReadDateFailure }
  | { kind: 'date_not_later'; item: DueItemView; date: ReadDate }
  | { kind: 'already_pending'; item: DueItemView; request: ExtensionRecord }
  | {
      kind: 'requested';
      item: DueItemView;
      request: ExtensionRecord;
      date: ReadDate;
      /** Earlier requests for the same item, oldest first. */
      history: ExtensionRecord[];
      coordinators: NotifyTarget[];
      /** Approve / reject / counter-propose, for the coordinators. */
      buttons: ActionButton[];
    };

/** The proposed date arrived: file the request and tell the coordinators. */
export async function submitExtensionDate(core: ServiceCore, who: Who, pending: PendingInput, text: string | undefined): Promise<RequestOutcome> {
  const item = pending.dueItemId === null ? null : await core.store.loadItem(pending.dueItemId);
  if (item === null) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return { kind: 'not_found' };
  }
  if (!canActOn(who.actor, item)) return core.refuse(who, 'extension.request', { entity: 'due_item', entityId: item.id });
  if (!isActionable(item)) {
    await core.store.clearPendingInput(who.chat.id, who.user.id);
    return { kind: 'not_actionable', item };
  }
  const reason = typeof pending.payload.reason === 'string' ? pending.payload.reason : '';
  return fileExtensionRequest(core, who, item, reason, text);
}

/**
 * `giahan <mã việc> <ngày> <lý do>` (channels without buttons, src/app/bot/reply-commands.ts): the whole request in
 * one message. Same checks, same request and same notice to the coordinators as ⏳ followed by reason and date.
 */
export async function requestExtension(core: ServiceCore, who: Who, itemId: number, reason: string, dateText: string): Promise<RequestOutcome> {
  const item = await core.store.loadItem(itemId);
  if (item === null) {
    await core.refuse(who, 'extension.request', { entity: 'due_item', entityId: String(itemId) });
    return { kind: 'not_found' };
  }
  if (!canActOn(who.actor, item)) return core.refuse(who, 'extension.request', { entity: 'due_item', entityId: item.id });
  if (!isActionable(item)) return { kind: 'not_actionable', item };
  const pending = await core.store.pendingExtension(item.id);
  if (pending !== null) return { kind: 'already_pending', item, request: pending };
  return fileExtensionRequest(core, who, item, reason.trim().slice(0, REASON_MAX), dateText);
}

/** Reads the proposed date, files the request and prepares the coordinators' notice. */
async function fileExtensionRequest(core: ServiceCore, who: Who, item: DueItemView, reason: string, text: string | undefined): Promise<RequestOutcome> {
  const read = readDate(text ?? '', { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone });
  if (!read.ok) return { kind: 'date_invalid', reason: read.reason };
  const current = item.nominalDue ?? item.dueDate;
  if (current !== null && read.date.nominalDue <= current) return { kind: 'date_not_later', item, date: read.date };
  const created = await core.store.createExtensionRequest({
    itemId: item.id,
    personId: who.actor!.personId,
    reason,
    proposedDate: read.date.nominalDue,
    now: core.now(),
    audit: core.entry(who, 'extension.request', 'ok', {
      entity: 'due_item',
      entityId: item.id,
      details: { proposedDate: read.date.nominalDue, previousDueDate: item.dueDate },
    }),
  });
  await core.clearPendingInput(who);
  if (created.status === 'not_actionable') return { kind: 'not_actionable', item: { ...item, state: created.state } };
  if (created.status === 'already_pending') return { kind: 'already_pending', item, request: created.request };
  const detail = await core.store.itemDetail(item.id);
  const history = (detail?.extensions ?? []).filter((e) => e.id !== created.request.id);
  const coordinators = await core.store.provinceTargets(item.province, 'coordinator');
  const payload = { requestId: created.request.id };
  const buttons = await core.issue([
    { action: 'ext_approve', dueItemId: item.id, payload },
    { action: 'ext_reject', dueItemId: item.id, payload },
    { action: 'ext_counter', dueItemId: item.id, payload },
  ]);
  return { kind: 'requested', item, request: created.request, date: read.date, history, coordinators, buttons };
}

export type DecideExtensionOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_pending'; request: ExtensionRecord | null }
  | { kind: 'date_invalid'; reason: ReadDateFailure }
  | {
      kind: 'decided';
      decision: 'approve' | 'reject' | 'counter';
      request: ExtensionRecord;
      item: DueItemView;
      /** The new due day (approve, counter). */
      date: ReadDate | null;
      deciderName: string;
      /** The requester and the unit's focal points and head. */
      unitTargets: NotifyTarget[];
    };

async function loadRequest(core: ServiceCore, payload: Record<string, unknown>): Promise<{ request: ExtensionRecord; item: DueItemView } | null> {
  const id = typeof payload.requestId === 'number' ? payload.requestId : null;
  const request = id === null ? null : await core.store.loadExtension(id);
  if (request === null) return null;
  const item = await core.store.loadItem(request.dueItemId);
  return item === null ? null : { request, item };
}

async function decide(
  core: ServiceCore,
  who: Who,
  loaded: { request: ExtensionRecord; item: DueItemView },
  decision: 'approve' | 'reject' | 'counter',
  date: ReadDate | null,
): Promise<DecideExtensionOutcome> {
  const { request, item } = loaded;
  const result = await core.store.decideExtension({
    requestId: request.id,
    decision: decision === 'reject' || date === null ? { kind: 'reject' } : { kind: decision, nominalDue: date.nominalDue, dueDate: date.dueDate, dueAt: date.dueAt },
    personId: who.actor!.personId,
    now: core.now(),
    audit: core.entry(who, `extension.${decision}`, 'ok', {
      entity: 'extension_request',
      entityId: request.id,
      details: { dueItemId: item.id, ...(date === null ? {} : { newDueDate: date.dueDate, nominalDue: date.nominalDue }) },
    }),
  });
  if (result.status !== 'ok') return { kind: 'not_pending', request: result.request };
  if (result.moved) await core.changed();
  const targets: NotifyTarget[] = [];
  if (result.requestedByPersonId !== null) targets.push(...(await core.store.personTargets(result.requestedByPersonId)));
  targets.push(...(await core.store.unitTargets(item.unitId, ['focal', 'head'], false)));
  return {
    kind: 'decided',
    decision,
    request: result.request,
    item: result.item,
    date,
    deciderName: who.actor!.name,
    unitTargets: uniqueTargets(targets),
  };
}

/** The coordinator's ✅ (approve the proposed date) or ❌ (reject). */
export async function decideExtension(core: ServiceCore, who: Who, token: CallbackTokenRecord, approve: boolean): Promise<DecideExtensionOutcome> {
  const requestId = typeof token.payload.requestId === 'number' ? token.payload.requestId : null;
  const outcome = await decideExtensionRequest(core, who, requestId, approve ? 'approve' : 'reject');
  if (outcome.kind === 'decided') await spendToken(core, token.token);
  return outcome;
}

/**
 * A decision on one extension request by its id (the bot's buttons and the web console's /approvals): approve the
 * proposed date, reject, or counter with the decider's own date (`counterText`, read like the bot reads dates).
 * Only the province's coordinators and leaders decide, and only a pending request.
 */
export async function decideExtensionRequest(
  core: ServiceCore,
  who: Who,
  requestId: number | null,
  decision: 'approve' | 'reject' | 'counter',
  counterText?: string,
): Promise<DecideExtensionOutcome> {
  const action = `extension.${decision}`;
  const loaded = await loadRequest(core, { requestId });
  if (loaded === null) {
    await core.refuse(who, action, { entity: 'extension_request', entityId: String(requestId) });
    return { kind: 'not_found' };
  }
  if (!canDecide(who.actor, loaded.item.province)) return core.refuse(who, action, { entity: 'extension_request', entityId: loaded.request.id });
  if (loaded.request.status !== 'pending') return { kind: 'not_pending', request: loaded.request };
  let date: ReadDate | null = null;
  if (decision === 'approve') {
    date = readIsoDate(loaded.request.proposedDate, { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone });
    if (date === null) return { kind: 'date_invalid', reason: 'unreadable' };
  } else if (decision === 'counter') {
    const read = readDate(counterText ?? '', { today: core.today(), calendar: core.deps.calendar, zone: core.deps.timeZone });
    if (!read.ok) return { kind: 'date_invalid', reason: read.reason };
    date = read.date;
  }
  return decide(core, who, loaded, decision, date);
}

export type BeginCounterOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_pending'; request: ExtensionRecord | null }
  | { kind: 'prompt_counter'; request: ExtensionRecord; item: DueItemView };

/** 📅 pressed: ask the coordinator for their date. */
export async function beginCounter(core: ServiceCore, who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginCounterOutcome> {
  const loaded = await loadRequest(core, token.payload);
  if (loaded === null) {
    await core.refuse(who, 'extension.counter.start', { entity: 'extension_request', entityId: String(token.payload.requestId) });
    return { kind: 'not_found' };
  }
  if (!canDecide(who.actor, loaded.item.province)) {
    return core.refuse(who, 'extension.counter.start', { entity: 'extension_request', entityId: loaded.request.id });
  }
  if (loaded.request.status !== 'pending') return { kind: 'not_pending', request: loaded.request };
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'counter_date',
    dueItemId: loaded.item.id,
    payload: { requestId: loaded.request.id, ...(origin === null ? {} : { origin }) },
    expiresAt: core.pendingExpiry(),
  });
  return { kind: 'prompt_counter', request: loaded.request, item: loaded.item };
}

/** The coordinator's date arrived. */
export async function submitCounterDate(core: ServiceCore, who: Who, pending: PendingInput, text: string | undefined): Promise<DecideExtensionOutcome> {
  const requestId = typeof pending.payload.requestId === 'number' ? pending.payload.requestId : null;
  const outcome = await decideExtensionRequest(core, who, requestId, 'counter', text ?? '');
  // A date the bot could not read: the question stays open for another try.
  if (outcome.kind !== 'date_invalid' && outcome.kind !== 'refused') await core.store.clearPendingInput(who.chat.id, who.user.id);
  return outcome;
}
