/**
 * Issue #16.16: readiness means every migration is applied and the queue answers; `nhacviec health` gives every
 * role a Docker health check (the api role asks its own /readyz, the others check the database and the queue).
 * Real PostgreSQL, Redis and HTTP.
 */
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { pendingMigrations } from '../../src/db/migration-status.js';
import { buildHealthReport, buildReadinessReport, createHttpApp } from '../../src/http/app.js';
import { createQueueRuntime, migrateQueueSchema, type QueueRuntime } from '../../src/queue/runtime.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL, uniqueSuffix, withDatabase } from '../helpers/services.js';

let db: TestDatabase;
let bare: { name: string; url: string };
const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });

beforeAll(async () => {
  db = await createTestDatabase('health');
  await migrateQueueSchema(db.url);
  const name = `nv_health_bare_${uniqueSuffix()}`;
  await admin.unsafe(`create database ${name}`);
  bare = { name, url: withDatabase(TEST_PG_ADMIN_URL, name) };
});
afterAll(async () => {
  await db?.drop();
  if (bare) await admin.unsafe(`drop database if exists ${bare.name} with (force)`);
  await admin.end();
});

async function run(env: Record<string, string>, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) });
  const code = await main(['node', 'nhacviec', ...args], { stdout: sink, stderr: sink, stdin: process.stdin, env });
  return { code, out };
}

describe('migration status (#16.16)', () => {
  it('is empty on a migrated database and names every migration of a bare one', async () => {
    expect(await pendingMigrations(db.sql)).toEqual([]);
    const sql = postgres(bare.url, { max: 1, onnotice: () => {} });
    try {
      const pending = await pendingMigrations(sql);
      expect(pending[0]).toBe('0000_init');
      expect(pending.length).toBeGreaterThan(5);
    } finally {
      await sql.end();
    }
  });

  it('names the newest migration when the database is one behind', async () => {
    const [last] = await db.sql<{ id: number; hash: string; created_at: string }[]>`
      select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`;
    await db.sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`;
    try {
      expect(await pendingMigrations(db.sql)).toHaveLength(1);
    } finally {
      await db.sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at}::bigint)`;
    }
    expect(await pendingMigrations(db.sql)).toEqual([]);
  });
});

describe('nhacviec health (#16.16)', () => {
  it('a worker on Redis is ready when the database is migrated and Redis answers', async () => {
    const res = await run({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, NHACVIEC_ROLE: 'worker' }, ['health']);
    expect(res.out).toContain('Sẵn sàng (vai trò: worker)');
    expect(res.out).toContain('Hàng đợi (redis): sẵn sàng');
    expect(res.code).toBe(0);
  });

  it('a worker on the PostgreSQL queue backend is ready, and not ready on an unmigrated database', async () => {
    const ok = await run({ DATABASE_URL: db.url }, ['health', '--role', 'worker,scheduler']);
    expect(ok.out).toContain('Hàng đợi (postgres): sẵn sàng');
    expect(ok.code).toBe(0);
    const behind = await run({ DATABASE_URL: bare.url }, ['health', '--role', 'worker']);
    expect(behind.code).toBe(1);
    expect(behind.out).toContain('CHƯA SẴN SÀNG');
    expect(behind.out).toMatch(/còn \d+ migration chưa áp dụng \(0000_init, /);
    expect(behind.out).toMatch(/Hàng đợi \(postgres\): lỗi \(.*bullmq/);
  });

  it('a worker whose Redis is unreachable is not ready', async () => {
    const res = await run({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1', NHACVIEC_ROLE: 'worker' }, ['health']);
    expect(res.code).toBe(1);
    expect(res.out).toContain('Hàng đợi (redis): lỗi');
  });

  it('the api role asks its own /readyz', async () => {
    const queue: QueueRuntime = createQueueRuntime({ backend: 'postgres', databaseUrl: db.url, logger: silentLogger });
    const app = createHttpApp({
      health: () => buildHealthReport({ databaseMode: 'external', queueBackend: 'postgres', telegramConfigured: false, pingDatabase: async () => {}, pingQueue: () => queue.ping() }),
      ready: () => buildReadinessReport({ queueBackend: 'postgres', pendingMigrations: () => pendingMigrations(db.sql), pingQueue: () => queue.ping() }),
    });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const port = (server.address() as AddressInfo).port;
    try {
      const res = await run({ DATABASE_URL: db.url, NHACVIEC_ROLE: 'api,scheduler', PORT: String(port) }, ['health']);
      expect(res.out).toContain(`HTTP http://127.0.0.1:${port}/readyz: sẵn sàng`);
      expect(res.out).toContain('Cơ sở dữ liệu: sẵn sàng');
      expect(res.code).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
      await queue.close();
    }
    const closed = await run({ DATABASE_URL: db.url, NHACVIEC_ROLE: 'api', PORT: String(port) }, ['health']);
    expect(closed.code).toBe(1);
    expect(closed.out).toContain('không kết nối được');
  });
});
