/**
 * A fresh, migrated PostgreSQL database per test file (isolation without truncation races).
 */
import type { Database } from '../../src/db/client.js';
import { createMigratedDatabase } from '../../src/db/scratch.js';
import { TEST_PG_ADMIN_URL, uniqueSuffix } from './services.js';

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `nv_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${uniqueSuffix()}`.slice(0, 63);
  try {
    return await createMigratedDatabase(TEST_PG_ADMIN_URL, name, 5);
  } catch (err) {
    throw new Error(`PostgreSQL at ${TEST_PG_ADMIN_URL} is required for integration tests: ${String(err)}`, { cause: err });
  }
}
