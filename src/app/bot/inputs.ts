/**
 * Messages that answer the bot: the pending question of this user in this chat decides what a message means.
 * Without a pending question, a reply to a reminder message is read as evidence for that reminder's item
 * ("Trả lời … hoặc gửi số, ngày văn bản khi hoàn thành").
 */
import type { PressOrigin } from './callbacks.js';
import { submitEvidence, submitProgress, type CompletionOutcome, type ProgressOutcome } from './completion.js';
import type { ServiceCore, Who } from './context.js';
import { submitEventDetails, submitManualDate, type ManualDateOutcome, type RecordEventOutcome } from './coordination.js';
import type { EvidenceFile } from './evidence.js';
import {
  submitCounterDate,
  submitExtensionDate,
  submitExtensionReason,
  type DecideExtensionOutcome,
  type ReasonOutcome,
  type RequestOutcome,
} from './extensions.js';

/** A message from a user, as the use cases need it. */
export interface IncomingMessage {
  text?: string;
  file?: EvidenceFile;
  /** The bot message this one replies to. */
  replyTo?: { messageId: number; text?: string };
}

export type InputOutcome =
  | { kind: 'none' }
  | { kind: 'evidence'; outcome: CompletionOutcome }
  | { kind: 'progress'; outcome: ProgressOutcome }
  | { kind: 'extension_reason'; outcome: ReasonOutcome }
  | { kind: 'extension_date'; outcome: RequestOutcome }
  | { kind: 'counter_date'; outcome: DecideExtensionOutcome; origin: PressOrigin | null }
  | { kind: 'event_details'; outcome: RecordEventOutcome }
  | { kind: 'manual_date'; outcome: ManualDateOutcome };

function originOf(payload: Record<string, unknown>): PressOrigin | null {
  const o = payload.origin as Partial<PressOrigin> | undefined;
  if (o === undefined || typeof o.chatId !== 'string' || typeof o.messageId !== 'number') return null;
  return { chatId: o.chatId, messageId: o.messageId, ...(typeof o.text === 'string' ? { text: o.text } : {}) };
}

export async function handleMessage(core: ServiceCore, who: Who, message: IncomingMessage): Promise<InputOutcome> {
  if (who.actor === null) return { kind: 'none' };
  const pending = await core.store.getPendingInput(who.chat.id, who.user.id, core.now());
  if (pending === null) return replyToReminder(core, who, message);
  switch (pending.kind) {
    case 'evidence':
      return {
        kind: 'evidence',
        outcome: await submitEvidence(core, who, pending.dueItemId, { ...pickEvidence(message) }, originOf(pending.payload)),
      };
    case 'progress':
      return { kind: 'progress', outcome: await submitProgress(core, who, pending.dueItemId, message.text) };
    case 'extension_reason':
      return { kind: 'extension_reason', outcome: await submitExtensionReason(core, who, pending, message.text) };
    case 'extension_date':
      return { kind: 'extension_date', outcome: await submitExtensionDate(core, who, pending, message.text) };
    case 'counter_date':
      return { kind: 'counter_date', outcome: await submitCounterDate(core, who, pending, message.text), origin: originOf(pending.payload) };
    case 'event_details':
      return { kind: 'event_details', outcome: await submitEventDetails(core, who, pending, message.text) };
    case 'manual_date':
      return { kind: 'manual_date', outcome: await submitManualDate(core, who, pending, message.text) };
  }
}

async function replyToReminder(core: ServiceCore, who: Who, message: IncomingMessage): Promise<InputOutcome> {
  if (message.replyTo === undefined) return { kind: 'none' };
  const reminder = await core.store.reminderItemByMessage(who.chat.id, message.replyTo.messageId);
  if (reminder === null || reminder.dueItemId === null) return { kind: 'none' };
  await core.store.acknowledgeReminder({ reminderId: reminder.reminderId, chatId: who.chat.id, now: core.now() });
  const origin: PressOrigin = {
    chatId: who.chat.id,
    messageId: message.replyTo.messageId,
    ...(message.replyTo.text === undefined ? {} : { text: message.replyTo.text }),
  };
  return { kind: 'evidence', outcome: await submitEvidence(core, who, reminder.dueItemId, pickEvidence(message), origin) };
}

function pickEvidence(message: IncomingMessage): { text?: string; file?: EvidenceFile } {
  return {
    ...(message.text === undefined ? {} : { text: message.text }),
    ...(message.file === undefined ? {} : { file: message.file }),
  };
}

/** `/huy`: forgets the pending question. */
export async function cancelInput(core: ServiceCore, who: Who): Promise<{ kind: 'cancelled' | 'nothing' }> {
  const pending = await core.store.getPendingInput(who.chat.id, who.user.id, core.now());
  if (pending === null) return { kind: 'nothing' };
  await core.store.clearPendingInput(who.chat.id, who.user.id);
  return { kind: 'cancelled' };
}
