/**
 * The web console speaks to the bot's use cases (src/app/bot) as the signed-in person: a session becomes a `Who`
 * whose one membership is the session's unit and role, and audit rows say `web` instead of a Telegram chat.
 */
import { ServiceCore, type Who } from '../bot/context.js';
import type { AuditEntry } from '../bot/store.js';
import type { WebSession } from './auth.js';

/** The bot's use-case core, auditing as `web` (no Telegram user, no chat). */
export class WebCore extends ServiceCore {
  override entry(who: Who, action: string, outcome: AuditEntry['outcome'], extra: Partial<AuditEntry> = {}): AuditEntry {
    return { ...super.entry(who, action, outcome, extra), actor: 'web', actorTelegramId: null, chatId: null };
  }
}

/**
 * The person behind a session, as the bot's use cases see one. A session opened by a CLI link of a fresh install
 * has no person: it may read, but decisions (which name who decided) are refused as `not_registered`.
 */
export function webWho(session: WebSession): Who {
  const ref = `web-${session.id}`;
  return {
    actor:
      session.personId === null
        ? null
        : {
            personId: session.personId,
            name: session.personName ?? '',
            locale: session.locale,
            telegramUserId: '',
            memberships: [{ id: 0, unitId: session.unitId, unitName: session.unitName, province: session.province, role: session.role }],
          },
    user: { id: ref, firstName: session.personName ?? 'web' },
    chat: { id: ref, kind: 'private' },
  };
}
