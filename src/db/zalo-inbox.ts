/**
 * PostgreSQL side of the Zalo receiver's inbox (src/zalo/receiver.ts `ZaloInbox`): polled updates kept in
 * `zalo_inbox` until handled.
 */
import type { ZaloMessage, ZaloUpdate } from '../zalo/api.js';
import type { ZaloInbox } from '../zalo/receiver.js';
import type { Sql } from './client.js';

type Stored = ZaloUpdate & { message: ZaloMessage };

export class PostgresZaloInbox implements ZaloInbox {
  constructor(private readonly sql: Sql) {}

  async store(update: Stored, at: Date): Promise<void> {
    await this.sql`
      insert into zalo_inbox (message_id, update, received_at, next_attempt_at)
      values (${update.message.message_id}, ${JSON.stringify(update)}::text::jsonb, ${at}, ${at})
      on conflict (message_id) do nothing`;
  }

  async due(at: Date, limit: number): Promise<Stored[]> {
    const rows = await this.sql<{ update: Stored }[]>`
      select update from zalo_inbox where handled_at is null and next_attempt_at <= ${at}
      order by received_at, message_id limit ${limit}`;
    return rows.map((r) => r.update);
  }

  async handled(messageId: string, at: Date): Promise<void> {
    await this.sql`update zalo_inbox set handled_at = ${at}, last_error = null where message_id = ${messageId} and handled_at is null`;
  }

  async failed(messageId: string, error: string, at: Date, backoff: { baseMs: number; maxMs: number }): Promise<number> {
    const [row] = await this.sql<{ attempts: number }[]>`
      update zalo_inbox
      set attempts = attempts + 1, last_error = ${error},
          next_attempt_at = ${at}::timestamptz + least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, attempts)) * interval '1 millisecond'
      where message_id = ${messageId}
      returning attempts`;
    return row?.attempts ?? 0;
  }

  /** Handled rows older than `before` are deleted (the daily prune). */
  async prune(before: Date): Promise<number> {
    const res = await this.sql`delete from zalo_inbox where handled_at is not null and handled_at < ${before}`;
    return res.count;
  }
}
