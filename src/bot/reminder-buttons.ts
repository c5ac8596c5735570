/**
 * The buttons under every reminder message (the reminder worker calls this while rendering a reminder):
 * ✅ Hoàn thành / ⏳ Xin gia hạn on the first row, 🔄 Đang thực hiện / 📄 Chi tiết on the second. Each button's
 * callback data is a fresh random token (16 characters) stored with the action, the due item and the reminder
 * id; a press is authorised against the presser's memberships when it arrives, so a forwarded keyboard grants
 * nothing.
 */
import type { Config } from '../../config/env.js';
import { ServiceCore } from '../app/bot/context.js';
import type { BotStore } from '../app/bot/store.js';
import type { MessageButton, ReminderButtons } from '../app/ports.js';
import type { Clock } from '../domain/clock.js';
import { createCalendar } from '../domain/deadline.js';
import { createTranslator } from '../i18n/translator.js';
import { trFor, type Translator } from './notify.js';
import { buttonLabel } from './render/common.js';

/** Reminder kinds that concern one due item and get buttons. */
export const KINDS_WITH_BUTTONS: ReadonlySet<string> = new Set(['reminder', 'nudge', 'escalation']);

/** Options of {@link createReminderButtons}. */
export interface ReminderButtonsOptions {
  /** The bot's use-case core (token issuing, clock, token lifetime: default 90 days). */
  core: ServiceCore;
  /** Labels in the recipient's locale (the bot's `I18n`, or anything with `t(locale, key)`). */
  i18n: Translator;
}

/** Builds the {@link ReminderButtons} port the reminder pipeline renders reminders with. */
export function createReminderButtons(options: ReminderButtonsOptions): ReminderButtons {
  return {
    async forReminder({ reminderId, dueItemId, recipientChatId, locale, kind }): Promise<MessageButton[][]> {
      if (!KINDS_WITH_BUTTONS.has(kind)) return [];
      const payload = { reminderId, recipientChatId };
      const buttons = await options.core.issue([
        { action: 'done', dueItemId, payload },
        { action: 'extend', dueItemId, payload },
        { action: 'progress', dueItemId, payload },
        { action: 'detail', dueItemId, payload },
      ]);
      const t = trFor(options.i18n, locale);
      const row = (from: number) => buttons.slice(from, from + 2).map((b) => ({ text: buttonLabel(b, t), callbackData: b.token }));
      return [row(0), row(2)];
    },
  };
}

/**
 * The same port for a process that does not run the bot (`--role worker`): tokens go to the same table, so the
 * presses reach whichever process runs the bot. Labels come from the same catalogs (src/i18n/locales).
 */
export function createStandaloneReminderButtons(deps: { store: BotStore; clock: Clock; config: Config }): ReminderButtons {
  const translate = createTranslator();
  const core = new ServiceCore({
    store: deps.store,
    clock: deps.clock,
    // Issuing tokens needs neither the calendar nor the replan callback.
    calendar: createCalendar(),
    timeZone: deps.config.domain.timeZone,
    completionNeedsApproval: deps.config.domain.completionNeedsApproval,
    afterDueItemsChanged: async () => {},
  });
  return createReminderButtons({ core, i18n: { t: (locale, key, args) => translate(locale, key, args) } });
}
