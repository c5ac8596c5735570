/**
 * The application's connections plan every statement with its actual parameters. postgres.js prepares each
 * statement once per connection; with PostgreSQL's default plan cache a statement run a few times while a table
 * was small keeps a generic plan (a sequential scan comparing every row with every element of an `any($1)`
 * array) after the table has grown, until the next ANALYZE. On the reminder planner that turned a 1 s replan of
 * a province into 19 s (bench:replan, BENCHMARKS.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('dbclient');
});
afterAll(async () => {
  await db?.drop();
});

describe('database connections', () => {
  it('use custom plans on both the raw and the drizzle client', async () => {
    const [raw] = await db.sql<{ plan_cache_mode: string }[]>`show plan_cache_mode`;
    expect(raw!.plan_cache_mode).toBe('force_custom_plan');
    const viaDrizzle = (await db.db.execute('show plan_cache_mode')) as unknown as { plan_cache_mode: string }[];
    expect(viaDrizzle[0]!.plan_cache_mode).toBe('force_custom_plan');
  });

  it('plan a statement prepared while a table was empty anew once the table has grown', async () => {
    // One connection, as a long-running worker holds it: the statement is prepared once and run many times.
    const conn = await db.sql.reserve();
    try {
      await conn.unsafe(`prepare by_items(bigint[]) as select id from reminders where due_item_id = any($1)`);
      for (let k = 0; k < 8; k++) expect(await conn.unsafe(`execute by_items('{1,2,3}')`)).toHaveLength(0);
      await conn`
        insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at)
        select null, 'notice', '0', g, 'k' || g, now() from generate_series(1, 50000) g`;
      const [row] = (await conn.unsafe(`explain (format json) execute by_items('{1,2,3}')`)) as unknown as { 'QUERY PLAN': unknown }[];
      // A cached generic plan would still scan the whole table, comparing each row with each element.
      expect(JSON.stringify(row!['QUERY PLAN'])).toContain('reminders_due_item_idx');
    } finally {
      await conn.unsafe('deallocate all');
      conn.release();
    }
  });
});
