/**
 * Inline buttons: callback_data carries only a short random token; the action, the due item and the expiry live
 * in `callback_tokens`. Resolving a press checks the shape, existence, expiry and (for decisions) single use, and
 * acknowledges the reminder the button sits on. Authorisation happens in each action, on the presser's identity.
 */
import { CALLBACK_TOKEN_RE, type CallbackAction, type ServiceCore, type Who } from './context.js';
import type { CallbackTokenRecord } from './store.js';

/** Actions that take effect once; a second press of the same token is answered as already handled. */
export const SINGLE_USE_ACTIONS: ReadonlySet<CallbackAction> = new Set([
  'approve_done',
  'reject_done',
  'ext_approve',
  'ext_reject',
  'leave_confirm',
  'leave_cancel',
  'revoke',
]);

/** The message a button was pressed on. */
export interface PressOrigin {
  chatId: string;
  messageId: number;
  /** The message text at the time of the press (to edit it afterwards). */
  text?: string;
}

export type ResolveOutcome =
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'used' }
  | { kind: 'ok'; token: CallbackTokenRecord & { action: CallbackAction } };

const KNOWN: ReadonlySet<string> = new Set<CallbackAction>([
  'done',
  'extend',
  'progress',
  'detail',
  'approve_done',
  'reject_done',
  'ext_approve',
  'ext_reject',
  'ext_counter',
  'event_pick',
  'manual_pick',
  'leave_confirm',
  'leave_cancel',
  'revoke',
]);

export async function resolveCallback(core: ServiceCore, who: Who, data: string, origin: PressOrigin | null): Promise<ResolveOutcome> {
  // Forged or malformed data never reaches a query by value beyond the primary key lookup.
  const record = CALLBACK_TOKEN_RE.test(data) ? await core.store.readToken(data) : null;
  if (record === null || !KNOWN.has(record.action)) {
    await core.store.audit(core.entry(who, 'callback.forged', 'refused', { details: { length: data.length } }));
    return { kind: 'invalid' };
  }
  const token = record as CallbackTokenRecord & { action: CallbackAction };
  const entity = token.dueItemId === null ? {} : { entity: 'due_item', entityId: token.dueItemId };
  if (token.expiresAt.getTime() <= core.now().getTime()) {
    await core.store.audit(core.entry(who, `callback.${token.action}`, 'refused', { ...entity, details: { reason: 'expired' } }));
    return { kind: 'expired' };
  }
  if (SINGLE_USE_ACTIONS.has(token.action) && token.usedAt !== null) {
    await core.store.audit(core.entry(who, `callback.${token.action}`, 'refused', { ...entity, details: { reason: 'already_used' } }));
    return { kind: 'used' };
  }
  // Any press by a known person on a reminder message acknowledges that reminder (nudges for it are skipped).
  if (who.actor !== null) {
    const reminderId = typeof token.payload.reminderId === 'number' ? token.payload.reminderId : undefined;
    if (reminderId !== undefined || origin !== null) {
      await core.store.acknowledgeReminder({
        ...(reminderId === undefined ? {} : { reminderId }),
        chatId: origin?.chatId ?? who.chat.id,
        ...(origin === null ? {} : { messageId: origin.messageId }),
        now: core.now(),
      });
    }
  }
  return { kind: 'ok', token };
}

/** Marks a single-use token spent after its action took effect. */
export async function spendToken(core: ServiceCore, token: string): Promise<void> {
  await core.store.useToken(token, core.now());
}
