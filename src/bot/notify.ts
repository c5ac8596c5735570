/**
 * Messages the bot sends outside the conversation that triggered them: notices to coordinators, lead units and
 * requesters, and stamps on earlier messages (the reminder that was answered, the coordinator's request). These
 * are best effort: a failure is logged and never fails the action that caused it (the action is already
 * committed). A blocked chat is marked inactive by the API transformer in src/bot/index.ts.
 */
import type { Api } from 'grammy';
import type { PressOrigin } from '../app/bot/callbacks.js';
import type { NotifyTarget } from '../app/bot/store.js';
import { isMessageNotModified } from '../telegram/classify-error.js';
import type { Logger } from '../infra/logger.js';
import type { Rendered, Tr } from './render/common.js';
import { stampedText } from './render/work.js';

/** What the notifier needs of @grammyjs/i18n's `I18n`. */
export interface Translator {
  t(locale: string, key: string, args?: Record<string, string | number>): string;
}

/** Translation in a recipient's locale (`vi` unless `en`). */
export function trFor(i18n: Translator, locale: string): Tr {
  const l = locale === 'en' ? 'en' : 'vi';
  return (key, args) => i18n.t(l, key, args);
}

export class BotNotifier {
  constructor(
    private readonly api: Api,
    private readonly i18n: Translator,
    private readonly logger: Logger,
  ) {}

  /** Translation in a recipient's locale. */
  tr(locale: string): Tr {
    return trFor(this.i18n, locale);
  }

  /** Renders per recipient locale and sends; returns how many were delivered. */
  async notify(targets: readonly NotifyTarget[], render: (t: Tr) => Rendered, exceptChatId?: string): Promise<number> {
    let sent = 0;
    for (const target of targets) {
      if (target.chatId === exceptChatId) continue;
      const rendered = render(this.tr(target.locale));
      try {
        await this.api.sendMessage(target.chatId, rendered.text, rendered.keyboard === undefined ? {} : { reply_markup: rendered.keyboard });
        sent += 1;
      } catch (error) {
        this.logger.warn('notice not delivered', { chatId: target.chatId, error });
      }
    }
    return sent;
  }

  /** Appends `stamp` to the message at `origin` and removes its buttons. */
  async stamp(origin: PressOrigin | null | undefined, stamp: string): Promise<void> {
    if (origin === null || origin === undefined) return;
    const text = stampedText(origin.text, stamp);
    try {
      // Editing without reply_markup removes the inline keyboard: the buttons of a finished item are gone.
      if (text !== null) await this.api.editMessageText(origin.chatId, origin.messageId, text);
      else await this.api.editMessageReplyMarkup(origin.chatId, origin.messageId);
    } catch (error) {
      if (!isMessageNotModified(error)) this.logger.warn('could not stamp message', { chatId: origin.chatId, messageId: origin.messageId, error });
    }
  }
}
