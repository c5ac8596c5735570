/**
 * Without TELEGRAM_BOT_TOKEN, messages are recorded in the `outbox` table instead of sent, so the embedded
 * default runs the whole pipeline and a coordinator can read what would have gone out.
 */
import type { Notifier, OutgoingMessage, SentMessage } from '../app/ports.js';
import type { Sql } from './client.js';

export class OutboxNotifier implements Notifier {
  readonly kind = 'outbox' as const;
  constructor(private readonly sql: Sql) {}

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const payload = {
      ...(message.buttons ? { buttons: message.buttons } : {}),
      ...(message.photo ? { photo: { fileName: message.photo.fileName, bytes: message.photo.png.byteLength } } : {}),
    };
    const [row] = await this.sql<{ id: string }[]>`
      insert into outbox (chat_id, method, text, payload)
      values (${message.chatId}::bigint, ${message.photo ? 'sendPhoto' : 'sendMessage'}, ${message.text}, ${this.sql.json(payload as Parameters<Sql["json"]>[0])})
      returning id`;
    return { messageId: Number(row!.id) };
  }
}
