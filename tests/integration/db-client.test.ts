/**
 * The reminder store's batch statements are planned with their actual parameters. postgres.js prepares each
 * statement once per connection; after five runs PostgreSQL may keep a generic plan made from the table's size at
 * that time, so a batch lookup first run while `reminders` was empty went on scanning the whole grown table and
 * comparing each row with each id (a province's replan: 1 s became 19 s; bench:replan, BENCHMARKS.md).
 * `pg_prepared_statements` counts the generic and custom plans each prepared statement used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.js';
import { PostgresReminderStore } from '../../src/db/reminder-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let one: Database;
beforeAll(async () => {
  db = await createTestDatabase('dbclient');
  // One connection, as a long-running worker reuses its own: every call below runs the same prepared statements.
  one = createDatabase(db.url, { max: 1 });
});
afterAll(async () => {
  await one?.close();
  await db?.drop();
});

interface PlanCounts {
  statement: string;
  generic: number;
  custom: number;
}

async function plans(pattern: string): Promise<PlanCounts[]> {
  return one.sql<PlanCounts[]>`
    select statement, generic_plans::int as generic, custom_plans::int as custom
    from pg_prepared_statements where statement like ${`%${pattern}%`} and statement not like '%pg_prepared_statements%'`;
}

describe('batch statements of the reminder store', () => {
  it('never run on a generic plan, however often they ran while the table was small', async () => {
    const store = new PostgresReminderStore(one.sql);
    for (let k = 0; k < 8; k++) {
      expect(await store.existingReminders([1, 2, 3])).toEqual([]);
      await store.markEnqueued([1, 2, 3], new Date());
    }
    await one.sql`
      insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at)
      select null, 'notice', '0', g, 'k' || g, now() from generate_series(1, 20000) g`;
    expect(await store.existingReminders([1, 2, 3])).toEqual([]);
    await store.markEnqueued([1, 2, 3], new Date());

    const lookups = [...(await plans('where due_item_id = any')), ...(await plans('set enqueued_at'))];
    expect(lookups).toHaveLength(2);
    for (const p of lookups) {
      expect(p.generic, p.statement).toBe(0);
      expect(p.custom, p.statement).toBe(9);
    }
  });

  it('leave the per-message statements to the plan cache (a control: the counter sees generic plans)', async () => {
    const store = new PostgresReminderStore(one.sql);
    for (let k = 0; k < 8; k++) await store.claim(1_000_000 + k, 'token', new Date());
    const [claim] = await plans("set status = 'sending'");
    expect(claim!.generic).toBeGreaterThan(0);
  });
});
