/**
 * A fresh, migrated PostgreSQL database per test file (isolation without truncation races).
 *
 * The migrations run once per server and migration set, into a template database; each test database is a copy
 * of it (`CREATE DATABASE … TEMPLATE`, as graphile-worker's tests do): about 1 s instead of applying every
 * migration again in each of the ~40 files that need a database. The template's name carries a digest of the
 * migrations folder, so a changed migration builds a new template and never reuses a stale one; several test
 * processes (and several checkouts on one server) share it safely.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createDatabase, migrateDatabase, MIGRATIONS_DIR, type Database } from '../../src/db/client.js';
import { withDatabaseName } from '../../src/db/scratch.js';
import { TEST_PG_ADMIN_URL, uniqueSuffix } from './services.js';

export interface TestDatabase extends Database {
  url: string;
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Serialises the template builds of concurrent test processes (a session advisory lock on `postgres`). */
const TEMPLATE_LOCK_KEY = 7243102;

/** sha256 of every file under migrations/ (names and contents), so a changed migration means a new template. */
function migrationsDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else {
        hash.update(path.relative(MIGRATIONS_DIR, full)).update('\0').update(readFileSync(full)).update('\0');
      }
    }
  };
  walk(MIGRATIONS_DIR);
  return hash.digest('hex');
}

async function withAdmin<T>(run: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(withDatabaseName(TEST_PG_ADMIN_URL, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    return await run(admin);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Builds the migrated template if this server does not have it yet; returns its name. */
async function buildTemplate(): Promise<string> {
  const name = `nv_tpl_${migrationsDigest().slice(0, 24)}`;
  await withAdmin(async (admin) => {
    await admin`select pg_advisory_lock(${TEMPLATE_LOCK_KEY})`;
    try {
      const [found] = await admin`select 1 from pg_database where datname = ${name}`;
      if (found) return;
      // Built under another name and renamed when complete: an interrupted build never leaves a half-migrated
      // template under the name the other processes look for.
      const building = `nv_tplbuild_${uniqueSuffix()}`;
      await admin.unsafe(`create database "${building}"`);
      try {
        await migrateDatabase(withDatabaseName(TEST_PG_ADMIN_URL, building));
        await admin.unsafe(`alter database "${building}" rename to "${name}"`);
      } catch (err) {
        await admin.unsafe(`drop database if exists "${building}" with (force)`);
        throw err;
      }
    } finally {
      await admin`select pg_advisory_unlock(${TEMPLATE_LOCK_KEY})`;
    }
  });
  return name;
}

let template: Promise<string> | undefined;

/** The template's name, built at most once per test process. */
function migratedTemplate(): Promise<string> {
  template ??= buildTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  });
  return template;
}

export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `nv_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${uniqueSuffix()}`.slice(0, 63);
  try {
    const source = await migratedTemplate();
    // No session ever connects to the template after its build, so concurrent copies do not conflict.
    await withAdmin((admin) => admin.unsafe(`create database "${name}" template "${source}"`));
  } catch (err) {
    throw new Error(`PostgreSQL at ${TEST_PG_ADMIN_URL} is required for integration tests: ${String(err)}`, { cause: err });
  }
  const url = withDatabaseName(TEST_PG_ADMIN_URL, name);
  const database = createDatabase(url, { max: 5 });
  return {
    ...database,
    url,
    name,
    async drop() {
      await database.close();
      await withAdmin((admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}
