/**
 * Telegram as a channel (src/app/channels/port.ts): the same sends as the Telegram notifier (which it wraps), with
 * the port's string addresses and message ids.
 */
import type { Api } from 'grammy';
import type { ChannelAdapter, ChannelMessage, ChannelSent } from '../app/channels/port.js';
import { DeliveryError, type DeliveryFailure, type SendOptions } from '../app/ports.js';
import { classifyTelegramError } from './classify-error.js';
import { TelegramNotifier } from './notifier.js';

export class TelegramChannel implements ChannelAdapter {
  readonly kind = 'telegram' as const;
  readonly #notifier: TelegramNotifier;
  constructor(private readonly api: Api) {
    this.#notifier = new TelegramNotifier(api);
  }

  async send(message: ChannelMessage, options: SendOptions = {}): Promise<ChannelSent> {
    const sent = await this.#notifier.send(
      {
        chatId: message.to,
        text: message.text,
        ...(message.buttons ? { buttons: message.buttons } : {}),
        ...(message.photo ? { photo: message.photo } : {}),
      },
      options,
    );
    return { messageId: String(sent.messageId), telegramMessageId: sent.messageId, response: `message_id ${sent.messageId}` };
  }

  async followUp(to: string, messageId: string, text: string, options: SendOptions = {}): Promise<ChannelSent> {
    void options;
    try {
      const sent = await this.api.sendMessage(to, text, { reply_parameters: { message_id: Number(messageId), allow_sending_without_reply: true } });
      return { messageId: String(sent.message_id), telegramMessageId: sent.message_id };
    } catch (err) {
      throw new DeliveryError(classifyTelegramError(err), { cause: err });
    }
  }

  classify(error: unknown): DeliveryFailure {
    return classifyTelegramError(error);
  }

  validAddress(to: string): boolean {
    return /^-?\d{1,16}$/.test(to);
  }
}
