/**
 * A fresh, migrated PostgreSQL database per test file (isolation without truncation races).
 */
import postgres from 'postgres';
import { createDatabase, migrateDatabase, type Database } from '../../src/db/client.js';
import { TEST_PG_ADMIN_URL, uniqueSuffix, withDatabase } from './services.js';

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `nv_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${uniqueSuffix()}`.slice(0, 63);
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } catch (err) {
    throw new Error(`PostgreSQL at ${TEST_PG_ADMIN_URL} is required for integration tests: ${String(err)}`, { cause: err });
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(TEST_PG_ADMIN_URL, name);
  await migrateDatabase(url);
  const database = createDatabase(url, { max: 5 });
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      const a = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end({ timeout: 5 });
      }
    },
  };
}
