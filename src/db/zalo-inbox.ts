/**
 * PostgreSQL side of the Zalo receiver's inbox (src/zalo/receiver.ts `ZaloInbox`): received updates (polled or by
 * webhook) kept in `zalo_inbox` until handled. The `message_id` column holds the inbox key (`zaloInboxKey`): the
 * update's message id, or `sha256:<hex>` for an update without one.
 */
import type { ZaloUpdate } from '../zalo/api.js';
import type { ZaloInbox, ZaloInboxEntry } from '../zalo/receiver.js';
import type { Sql } from './client.js';

export class PostgresZaloInbox implements ZaloInbox {
  constructor(private readonly sql: Sql) {}

  async store(key: string, update: ZaloUpdate, at: Date): Promise<void> {
    // One statement, committed when it returns (no transaction around it): the caller acknowledges only afterwards.
    await this.sql`
      insert into zalo_inbox (message_id, update, received_at, next_attempt_at)
      values (${key}, ${JSON.stringify(update)}::text::jsonb, ${at}, ${at})
      on conflict (message_id) do nothing`;
  }

  async due(at: Date, limit: number, leaseMs: number): Promise<ZaloInboxEntry[]> {
    // The claim moves next_attempt_at past the lease; `skip locked` lets two processes claim disjoint rows.
    const rows = await this.sql<ZaloInboxEntry[]>`
      with claimed as (
        update zalo_inbox set next_attempt_at = ${at}::timestamptz + ${leaseMs}::float8 * interval '1 millisecond'
        where message_id in (
          select message_id from zalo_inbox where handled_at is null and next_attempt_at <= ${at}
          order by received_at, message_id limit ${limit} for update skip locked)
        returning message_id, update, received_at)
      select message_id as key, update from claimed order by received_at, message_id`;
    return rows.map((r) => ({ key: r.key, update: r.update }));
  }

  async handled(key: string, at: Date): Promise<void> {
    await this.sql`update zalo_inbox set handled_at = ${at}, last_error = null where message_id = ${key} and handled_at is null`;
  }

  async failed(key: string, error: string, at: Date, backoff: { baseMs: number; maxMs: number }): Promise<number> {
    const [row] = await this.sql<{ attempts: number }[]>`
      update zalo_inbox
      set attempts = attempts + 1, last_error = ${error},
          next_attempt_at = ${at}::timestamptz + least(${backoff.maxMs}::float8, ${backoff.baseMs}::float8 * power(2, attempts)) * interval '1 millisecond'
      where message_id = ${key}
      returning attempts`;
    return row?.attempts ?? 0;
  }

  /** Handled rows older than `before` are deleted (the daily prune). */
  async prune(before: Date): Promise<number> {
    const res = await this.sql`delete from zalo_inbox where handled_at is not null and handled_at < ${before}`;
    return res.count;
  }
}
