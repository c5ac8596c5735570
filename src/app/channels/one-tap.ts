/**
 * One-tap links (issue #15 §3) as use cases: a signed link (src/app/channels/links.ts) speaks for one person about
 * one item. Opening it (GET) only shows the item and a form: mail scanners and link previews fetch links, so nothing
 * changes then. Acting on it (POST) acknowledges the reminder it came with (no nudge, no channel fallback follows);
 * ✅ completes the item and ⏳ asks for an extension through the bot's own use cases (src/app/bot), with the same
 * checks, audit rows and replanning as a button press — so the item's later reminders stop the same way.
 */
import { submitEvidence, type CompletionOutcome } from '../bot/completion.js';
import type { ServiceCore, Who } from '../bot/context.js';
import { submitExtensionDate, type RequestOutcome } from '../bot/extensions.js';
import type { Actor, DueItemView } from '../bot/store.js';
import type { ChannelAdminStore } from './admin.js';
import { verifyOneTap, type OneTapClaim, type VerifyOutcome } from './links.js';

export interface OneTapDeps {
  store: Pick<ChannelAdminStore, 'actorForPerson' | 'acknowledge' | 'audit'>;
  /** The bot's use-case core (the same store, clock, calendar and replanning as the bot). */
  core: ServiceCore;
  secret: string;
}

export type OpenOutcome =
  | { kind: 'invalid'; reason: Extract<VerifyOutcome, { ok: false }>['reason'] | 'no_person' }
  | { kind: 'not_found' }
  | { kind: 'open'; claim: OneTapClaim; actor: Actor; item: DueItemView };

/** The Who of a link: the person, through their recipient key; no Telegram user is involved. */
function whoOf(actor: Actor): Who {
  return {
    actor,
    user: { id: actor.telegramUserId, firstName: actor.name },
    chat: { id: '0', kind: 'private' },
  };
}

export function createOneTap(deps: OneTapDeps) {
  const { core } = deps;

  async function open(token: string, acknowledge = false): Promise<OpenOutcome> {
    const now = core.now();
    const verified = verifyOneTap(deps.secret, token, now);
    if (!verified.ok) {
      await deps.store.audit({ at: now, actorPersonId: null, action: 'link.refused', entity: 'link', entityId: token.slice(0, 40), outcome: 'refused', details: { reason: verified.reason } });
      return { kind: 'invalid', reason: verified.reason };
    }
    const { claim } = verified;
    const actor = await deps.store.actorForPerson(claim.personId);
    if (!actor) return { kind: 'invalid', reason: 'no_person' };
    const item = await core.store.loadItem(claim.dueItemId);
    if (!item) return { kind: 'not_found' };
    if (acknowledge && claim.reminderId > 0) await deps.store.acknowledge(claim.reminderId, claim.personId, now);
    return { kind: 'open', claim, actor, item };
  }

  return {
    /** GET: verifies the link and loads the item; changes nothing. */
    open: (token: string) => open(token),
    /** POST of 📄: the reminder is acknowledged. */
    acknowledge: (token: string) => open(token, true),
    /** ✅ with the evidence typed on the page (a document number, optionally its date). */
    async complete(token: string, evidenceText: string): Promise<OpenOutcome | { kind: 'completion'; outcome: CompletionOutcome }> {
      const opened = await open(token, true);
      if (opened.kind !== 'open') return opened;
      if (opened.claim.action !== 'done') return { kind: 'invalid', reason: 'malformed' };
      const outcome = await submitEvidence(core, whoOf(opened.actor), opened.item.id, { text: evidenceText }, null);
      return { kind: 'completion', outcome };
    },
    /** ⏳ with the proposed date and the reason typed on the page. */
    async requestExtension(token: string, date: string, reason: string): Promise<OpenOutcome | { kind: 'extension'; outcome: RequestOutcome | { kind: 'empty_reason' } }> {
      const opened = await open(token, true);
      if (opened.kind !== 'open') return opened;
      if (opened.claim.action !== 'extend') return { kind: 'invalid', reason: 'malformed' };
      if (reason.trim() === '') return { kind: 'extension', outcome: { kind: 'empty_reason' } };
      const who = whoOf(opened.actor);
      const outcome = await submitExtensionDate(
        core,
        who,
        { chatId: who.chat.id, userId: who.user.id, kind: 'extension_date', dueItemId: opened.item.id, payload: { reason: reason.trim().slice(0, 500) }, expiresAt: core.now() },
        date,
      );
      return { kind: 'extension', outcome };
    },
  };
}
export type OneTap = ReturnType<typeof createOneTap>;
