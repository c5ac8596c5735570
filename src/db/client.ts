/**
 * Database client: postgres.js underneath, drizzle on top. Constructed only by composition roots and tests.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema.js';
import { projectPath } from '../infra/project-root.js';

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

export interface Database {
  /** Raw postgres.js client for bulk statements (UNNEST, COPY) and advisory locks. */
  sql: Sql;
  db: Db;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** Pool size. Default 10. */
  max?: number;
  /** Application name shown in pg_stat_activity. Default `nhacviec`. */
  applicationName?: string;
}

export function createDatabase(url: string, options: CreateDatabaseOptions = {}): Database {
  const make = (max: number) =>
    postgres(url, { max, onnotice: () => {}, connection: { application_name: options.applicationName ?? 'nhacviec' } });
  const sql = make(options.max ?? 10);
  // drizzle replaces the date/timestamp serializers and parsers of the client it is given (it wants strings),
  // which breaks Date and timestamp-array parameters in raw SQL: it gets a client of its own.
  const drizzleSql = make(Math.max(2, Math.ceil((options.max ?? 10) / 2)));
  const db = drizzle(drizzleSql, { schema });
  return {
    sql,
    db,
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), drizzleSql.end({ timeout: 5 })]);
    },
  };
}

const MIGRATION_LOCK_KEY = 7243101;

export const MIGRATIONS_DIR = projectPath('migrations');

/**
 * Applies drizzle migrations (forward-only, idempotent). A session advisory lock on a dedicated single
 * connection serialises processes that start at the same time (drizzle's migrator alone is not safe for that).
 */
export async function migrateDatabase(url: string): Promise<void> {
  const conn = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle(conn, { schema }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await conn.end({ timeout: 5 });
  }
}
