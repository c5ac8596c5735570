/**
 * A throw-away copy of the application database on the same server, for previews that must run the real
 * pipeline against real tables without touching them (the simulator). Created from the migrations, filled
 * table by table through JSON (`json_agg` → `json_populate_recordset`, which restores enums, jsonb, bigint and
 * dates exactly), dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDatabase, migrateDatabase, type Database } from './client.js';

/** Tables copied, parents first. Delivery state (reminders, outbox, audit, bot state) is not copied. */
export const SCRATCH_TABLES = [
  'units',
  'unit_aliases',
  'unit_groups',
  'unit_group_members',
  'people',
  'memberships',
  'chats',
  'plans',
  'plan_sections',
  'tasks',
  'task_assignments',
  'due_items',
  'events',
] as const;

export interface ScratchDatabase extends Database {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** `url` with its database name replaced. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE cannot run in a pool session). */
async function onMaintenanceDb(serverUrl: string, statement: string): Promise<void> {
  const admin = postgres(withDatabaseName(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** A new, migrated database named `name` on the server of `serverUrl`, opened, with a `drop()` that removes it. */
export async function createMigratedDatabase(serverUrl: string, name: string, max = 4): Promise<Database & { url: string; name: string; drop(): Promise<void> }> {
  await onMaintenanceDb(serverUrl, `create database "${name}"`);
  const url = withDatabaseName(serverUrl, name);
  const drop = () => onMaintenanceDb(serverUrl, `drop database if exists "${name}" with (force)`);
  try {
    await migrateDatabase(url);
  } catch (err) {
    await drop();
    throw err;
  }
  const database = createDatabase(url, { max });
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      await drop();
    },
  };
}

export async function createScratchCopy(sourceUrl: string, onProgress?: (table: string, i: number, n: number) => void): Promise<ScratchDatabase> {
  const scratch = await createMigratedDatabase(sourceUrl, `nhacviec_scratch_${randomBytes(5).toString('hex')}`);
  try {
    const src = postgres(sourceUrl, { max: 1, onnotice: () => {} });
    const dst = postgres(scratch.url, { max: 1, onnotice: () => {} });
    try {
      for (const [i, table] of SCRATCH_TABLES.entries()) {
        onProgress?.(table, i, SCRATCH_TABLES.length);
        // Pages of 20,000 rows keep each JSON document small.
        for (let offset = 0; ; offset += 20_000) {
          const [page] = await src.unsafe<{ j: string; n: number }[]>(
            `select coalesce(json_agg(t), '[]')::text as j, count(*)::int as n
             from (select * from ${table} order by 1, 2 limit 20000 offset ${offset}) t`,
          );
          if (!page || page.n === 0) break;
          await dst.unsafe(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::text::json)`, [page.j]);
          if (page.n < 20_000) break;
        }
        const serial = await dst`
          select 1 from information_schema.columns
          where table_schema = 'public' and table_name = ${table} and column_name = 'id' and column_default like 'nextval%'`;
        if (serial.length > 0) {
          await dst.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`);
        }
      }
    } finally {
      await Promise.all([src.end({ timeout: 5 }), dst.end({ timeout: 5 })]);
    }
  } catch (err) {
    await scratch.drop();
    throw err;
  }
  return scratch;
}
