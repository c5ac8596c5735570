/**
 * ✅ Hoàn thành: the unit reports an item done with evidence (a document number and date, or a file); the
 * coordinator is told and, when the plan says so, approves or rejects. 🔄 Đang thực hiện: a progress note.
 */
import type { PressOrigin } from './callbacks.js';
import { spendToken } from './callbacks.js';
import {
  canActOn,
  canDecide,
  isActionable,
  type ActionButton,
  type Refused,
  type ServiceCore,
  type Who,
} from './context.js';
import { buildEvidence, type Evidence, type EvidenceFile } from './evidence.js';
import type { CallbackTokenRecord, DueItemView, DueState, NotifyTarget } from './store.js';

export type BeginOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_actionable'; item: DueItemView }
  | { kind: 'prompt'; item: DueItemView };

/** Loads the item behind a token and checks that the presser may act on it. */
async function actionableItem(
  core: ServiceCore,
  who: Who,
  dueItemId: number | null,
  action: string,
): Promise<Refused | { kind: 'not_found' } | { kind: 'not_actionable'; item: DueItemView } | { kind: 'ok'; item: DueItemView }> {
  const item = dueItemId === null ? null : await core.store.loadItem(dueItemId);
  if (item === null) {
    await core.refuse(who, action, { entity: 'due_item', entityId: String(dueItemId) });
    return { kind: 'not_found' };
  }
  if (!canActOn(who.actor, item)) return core.refuse(who, action, { entity: 'due_item', entityId: item.id });
  if (!isActionable(item)) return { kind: 'not_actionable', item };
  return { kind: 'ok', item };
}

/** ✅ pressed: ask for the evidence. */
export async function beginCompletion(core: ServiceCore, who: Who, token: CallbackTokenRecord, origin: PressOrigin | null): Promise<BeginOutcome> {
  const found = await actionableItem(core, who, token.dueItemId, 'item.done.start');
  if (found.kind !== 'ok') return found;
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'evidence',
    dueItemId: found.item.id,
    payload: { ...(origin === null ? {} : { origin }), ...(typeof token.payload.reminderId === 'number' ? { reminderId: token.payload.reminderId } : {}) },
    expiresAt: core.pendingExpiry(),
  });
  await core.store.audit(core.entry(who, 'item.done.start', 'ok', { entity: 'due_item', entityId: found.item.id }));
  return { kind: 'prompt', item: found.item };
}

/** A message that may carry evidence. */
export interface IncomingEvidence {
  text?: string;
  file?: EvidenceFile;
}

export type CompletionOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_actionable'; item: DueItemView }
  | { kind: 'evidence_missing'; item: DueItemView }
  | {
      kind: 'completed';
      item: DueItemView;
      state: 'done' | 'pending_approval';
      evidence: Evidence;
      /** The reminder message the report started from: edited to show it is done. */
      origin: PressOrigin | null;
      reporterName: string;
      coordinators: NotifyTarget[];
      /** Approve / reject buttons for the coordinators (approval needed only). */
      approvalButtons: ActionButton[];
      /** For a support unit's report: the lead unit's focal points, who learn that it was delivered. */
      leadTargets: NotifyTarget[];
    };

/** The evidence arrived (an answer to the bot's question, or a reply to a reminder message). */
export async function submitEvidence(
  core: ServiceCore,
  who: Who,
  dueItemId: number | null,
  message: IncomingEvidence,
  origin: PressOrigin | null,
): Promise<CompletionOutcome> {
  const found = await actionableItem(core, who, dueItemId, 'item.done');
  if (found.kind !== 'ok') {
    if (found.kind !== 'refused') await core.clearPendingInput(who);
    return found;
  }
  const { item } = found;
  const built = buildEvidence(message, item.dueDate);
  if (!built.ok) return { kind: 'evidence_missing', item };
  const needsApproval = core.needsApproval(item);
  const result = await core.store.completeItem({
    itemId: item.id,
    personId: who.actor!.personId,
    evidence: built.evidence,
    needsApproval,
    now: core.now(),
    audit: core.entry(who, 'item.done', 'ok', {
      entity: 'due_item',
      entityId: item.id,
      details: { needsApproval, evidence: built.evidence },
    }),
  });
  await core.clearPendingInput(who);
  if (result.status !== 'ok') return { kind: 'not_actionable', item: { ...item, state: result.state } };
  await core.changed();
  const coordinators = await core.store.provinceTargets(item.province, 'coordinator');
  const approvalButtons =
    result.state === 'pending_approval'
      ? await core.issue([
          { action: 'approve_done', dueItemId: item.id },
          { action: 'reject_done', dueItemId: item.id },
        ])
      : [];
  let leadTargets: NotifyTarget[] = [];
  if (item.role === 'support') {
    const detail = await core.store.itemDetail(item.id);
    const leads = detail?.siblings.filter((s) => s.role === 'lead') ?? [];
    for (const lead of leads) leadTargets.push(...(await core.store.unitTargets(lead.unitId, ['focal'], false)));
    leadTargets = uniqueTargets(leadTargets);
  }
  return {
    kind: 'completed',
    item: result.item,
    state: result.state,
    evidence: built.evidence,
    origin,
    reporterName: who.actor!.name,
    coordinators,
    approvalButtons,
    leadTargets,
  };
}

export type DecideCompletionOutcome =
  | Refused
  | { kind: 'not_found' }
  | { kind: 'not_pending'; state: DueState }
  | { kind: 'decided'; approved: boolean; item: DueItemView; deciderName: string; unitTargets: NotifyTarget[] };

/** The coordinator's ✅ / ❌ on a reported completion. */
export async function decideCompletion(core: ServiceCore, who: Who, token: CallbackTokenRecord, approve: boolean): Promise<DecideCompletionOutcome> {
  return decideCompletionOf(core, who, token.dueItemId, approve, () => spendToken(core, token.token));
}

/**
 * A decision on a reported completion by item id (the bot's buttons and the web console's /approvals): only the
 * province's coordinators and leaders decide, and only an item waiting for approval. `onDecided` runs before the
 * reminder pipeline is told (the bot spends its button there).
 */
export async function decideCompletionOf(
  core: ServiceCore,
  who: Who,
  dueItemId: number | null,
  approve: boolean,
  onDecided?: () => Promise<void>,
): Promise<DecideCompletionOutcome> {
  const action = approve ? 'item.approve' : 'item.reject';
  const item = dueItemId === null ? null : await core.store.loadItem(dueItemId);
  if (item === null) {
    await core.refuse(who, action, { entity: 'due_item', entityId: String(dueItemId) });
    return { kind: 'not_found' };
  }
  if (!canDecide(who.actor, item.province)) return core.refuse(who, action, { entity: 'due_item', entityId: item.id });
  const result = await core.store.decideCompletion({
    itemId: item.id,
    approve,
    personId: who.actor!.personId,
    now: core.now(),
    audit: core.entry(who, action, 'ok', { entity: 'due_item', entityId: item.id }),
  });
  if (result.status !== 'ok') return { kind: 'not_pending', state: result.state };
  await onDecided?.();
  await core.changed();
  const unitTargets = await core.store.unitTargets(item.unitId, ['focal', 'head'], false);
  return { kind: 'decided', approved: approve, item: result.item, deciderName: who.actor!.name, unitTargets };
}

/** 🔄 pressed: ask for the note. */
export async function beginProgress(core: ServiceCore, who: Who, token: CallbackTokenRecord): Promise<BeginOutcome> {
  const found = await actionableItem(core, who, token.dueItemId, 'item.progress.start');
  if (found.kind !== 'ok') return found;
  await core.store.setPendingInput({
    chatId: who.chat.id,
    userId: who.user.id,
    kind: 'progress',
    dueItemId: found.item.id,
    payload: {},
    expiresAt: core.pendingExpiry(),
  });
  return { kind: 'prompt', item: found.item };
}

/** Longest progress note kept. */
export const NOTE_MAX = 1000;

export type ProgressOutcome = Refused | { kind: 'not_found' } | { kind: 'not_actionable'; item: DueItemView } | { kind: 'empty' } | { kind: 'noted'; item: DueItemView };

export async function submitProgress(core: ServiceCore, who: Who, dueItemId: number | null, text: string | undefined): Promise<ProgressOutcome> {
  const found = await actionableItem(core, who, dueItemId, 'item.progress');
  if (found.kind !== 'ok') {
    if (found.kind !== 'refused') await core.store.clearPendingInput(who.chat.id, who.user.id);
    return found;
  }
  const note = (text ?? '').trim();
  if (note === '') return { kind: 'empty' };
  await core.store.addNote({
    itemId: found.item.id,
    personId: who.actor!.personId,
    text: note.slice(0, NOTE_MAX),
    now: core.now(),
    audit: core.entry(who, 'item.progress', 'ok', { entity: 'due_item', entityId: found.item.id }),
  });
  await core.store.clearPendingInput(who.chat.id, who.user.id);
  return { kind: 'noted', item: found.item };
}

/** Targets without repeated chats. */
export function uniqueTargets(targets: readonly NotifyTarget[]): NotifyTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => (seen.has(t.chatId) ? false : (seen.add(t.chatId), true)));
}
