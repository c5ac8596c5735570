/**
 * Whether the database has every migration this build ships: the readiness check (`/readyz`, `nhacviec health`).
 * drizzle records each applied migration in `drizzle.__drizzle_migrations` with the journal's `when` as
 * `created_at`; a migration of the journal newer than the newest applied one is pending.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import { MIGRATIONS_DIR } from './client.js';

interface Journal {
  entries: { tag: string; when: number }[];
}

let journal: Journal | undefined;

/** The tags of the shipped migrations the database has not applied yet (empty when it is up to date). */
export async function pendingMigrations(sql: postgres.Sql, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  journal ??= JSON.parse(readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as Journal;
  const [table] = await sql<{ exists: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`;
  if (!table?.exists) return journal.entries.map((e) => e.tag);
  const [row] = await sql<{ last: string | null }[]>`select max(created_at)::text as last from drizzle.__drizzle_migrations`;
  const last = row?.last === null || row?.last === undefined ? -Infinity : Number(row.last);
  return journal.entries.filter((e) => e.when > last).map((e) => e.tag);
}
