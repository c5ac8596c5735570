/**
 * The Telegram notifier: sends through grammY's `Api` (the same Api the bot uses, with the safe retry
 * transformer installed) and turns failures into `DeliveryError`s the reminder pipeline decides on.
 */
import { InputFile, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { DeliveryError, type Notifier, type OutgoingMessage, type SendOptions, type SentMessage } from '../app/ports.js';
import { classifyTelegramError } from './classify-error.js';
import { createSendSignal } from './create-api.js';

type GrammySignal = Parameters<Api['sendMessage']>[3];

/** Telegram's caption limit: longer digest texts go as a separate message after the picture. */
const CAPTION_LIMIT = 1024;

export class TelegramNotifier implements Notifier {
  readonly kind = 'telegram' as const;
  constructor(private readonly api: Api) {}

  async send(message: OutgoingMessage, options: SendOptions = {}): Promise<SentMessage> {
    // One budget for the picture and the text after it: the whole send settles within it. The same signal carries
    // the send gate and the 429 report to every request of the send, retries included.
    // grammY types signals with the abort-controller polyfill's class; Node's AbortSignal is what it uses.
    const hooked = options.budgetMs !== undefined || options.admit !== undefined || options.onRateLimited !== undefined;
    const signal = (
      hooked
        ? createSendSignal({
            ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
            ...(options.admit === undefined ? {} : { admit: options.admit }),
            ...(options.onRateLimited === undefined ? {} : { onRateLimited: options.onRateLimited }),
          })
        : undefined
    ) as GrammySignal;
    const reply_markup: InlineKeyboardMarkup | undefined = message.buttons
      ? { inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.callbackData }))) }
      : undefined;
    try {
      if (message.photo) {
        const fits = message.text.length <= CAPTION_LIMIT;
        const photo = await this.api.sendPhoto(message.chatId, new InputFile(message.photo.png, message.photo.fileName), {
          ...(fits ? { caption: message.text } : {}),
          ...(reply_markup && fits ? { reply_markup } : {}),
        }, signal);
        if (fits) return { messageId: photo.message_id };
      }
      const sent = await this.api.sendMessage(message.chatId, message.text, {
        ...(reply_markup ? { reply_markup } : {}),
        link_preview_options: { is_disabled: true },
      }, signal);
      return { messageId: sent.message_id };
    } catch (err) {
      throw new DeliveryError(classifyTelegramError(err), { cause: err });
    }
  }
}
