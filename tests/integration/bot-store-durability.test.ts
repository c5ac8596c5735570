/**
 * Issue #16.17: an audit trail must not lose rows. Audit rows written on their own (refusals, replays) commit with
 * `synchronous_commit` on; only processed update ids and pending questions may skip the WAL flush.
 *
 * Probe: row triggers (installed in this test's database only) record `current_setting('synchronous_commit')` as
 * seen inside the very transaction that writes the row, which is the value PostgreSQL applies at its commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let store: PostgresBotStore;

beforeAll(async () => {
  db = await createTestDatabase('botsync');
  store = new PostgresBotStore(db.sql);
  await db.sql.unsafe(`
    create table sync_probe (tbl text not null, setting text not null);
    create function sync_probe() returns trigger language plpgsql as $$
      begin insert into sync_probe values (tg_table_name, current_setting('synchronous_commit')); return null; end $$;
    create trigger sync_probe after insert or update or delete on audit_log for each row execute function sync_probe();
    create trigger sync_probe after insert or update or delete on processed_updates for each row execute function sync_probe();
    create trigger sync_probe after insert or update or delete on bot_pending_inputs for each row execute function sync_probe();
  `);
});
afterAll(async () => {
  await db?.drop();
});

async function settingsFor(table: string): Promise<string[]> {
  const rows = await db.sql<{ setting: string }[]>`select setting from sync_probe where tbl = ${table}`;
  return rows.map((r) => r.setting);
}

describe('durability of the bot store (#16.17)', () => {
  it('commits a stand-alone audit row (a refusal) with synchronous_commit on', async () => {
    await db.sql`delete from sync_probe`;
    await store.audit({ action: 'callback.forged', outcome: 'refused', chatId: '1001', actorTelegramId: '1001', details: { reason: 'forged' } });
    await store.audit({ action: 'invite.redeem', outcome: 'refused', details: { reason: 'malformed' } });
    expect(await settingsFor('audit_log')).toEqual(['on', 'on']);
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where outcome = 'refused'`;
    expect(row!.n).toBe(2);
  });

  it('keeps processed update ids and pending questions asynchronous', async () => {
    await db.sql`delete from sync_probe`;
    expect(await store.markUpdateProcessed(424242)).toBe(true);
    const pending = { chatId: '1001', userId: '1001', kind: 'evidence' as const, dueItemId: null, payload: {}, expiresAt: new Date('2099-01-01T00:00:00Z') };
    await store.setPendingInput(pending);
    await store.clearPendingInput('1001', '1001');
    expect(await settingsFor('processed_updates')).toEqual(['off']);
    expect(await settingsFor('bot_pending_inputs')).toEqual(['off', 'off']);
  });
});
