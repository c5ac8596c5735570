/**
 * Smoke: `nhacviec serve` in a child process with no configuration serves /healthz on the embedded default,
 * stops cleanly on SIGINT, and reuses its data on the next start; with DATABASE_URL and REDIS_URL it reports
 * the external services and serves the JSON API.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { bareEnv, startChildService } from '../helpers/child-service.js';
import { runMain } from '../helpers/cli.js';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL, uniqueSuffix, withDatabase } from '../helpers/services.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhacviec-smoke-'));
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('nhacviec serve', () => {
  it('runs on the embedded default with no configuration, stops cleanly, and restarts on the same data', async () => {
    const env = bareEnv({ DATA_DIR: dataDir, PORT: '0' });
    const first = await startChildService(['serve'], env);
    try {
      const h = await health(first.url);
      expect(h.status).toBe(200);
      expect(h.body).toMatchObject({
        ok: true,
        database: { mode: 'embedded' },
        queue: { backend: 'postgres' },
        telegram: { configured: false },
      });
      expect(first.log()).toMatch(/database: embedded PostgreSQL at 127\.0\.0\.1:\d+, data in .* \(new\)/);
      expect(first.log()).toMatch(/queue: postgres/);
      expect(first.log()).toMatch(/telegram: not configured/);
      // A CLI command in a second terminal shares the running embedded server instead of stopping it.
      const { spawnSync } = await import('node:child_process');
      const { BIN, REPO_ROOT } = await import('../helpers/child-service.js');
      const cli = spawnSync(process.execPath, [BIN, 'migrate'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
      expect(cli.status, cli.stderr).toBe(0);
      expect((await health(first.url)).status).toBe(200);
    } finally {
      expect(await first.stop('SIGINT')).toBe(0);
    }
    expect(first.log()).toMatch(/stopped cleanly/);

    const second = await startChildService(['serve'], env);
    try {
      expect((await health(second.url)).status).toBe(200);
      expect(second.log()).toMatch(/\(reused\)/);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  });

  it('reports external PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set', async () => {
    const name = `nv_smoke_${uniqueSuffix()}`;
    const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    try {
      const svc = await startChildService(
        ['serve'],
        bareEnv({ DATABASE_URL: withDatabase(TEST_PG_ADMIN_URL, name), REDIS_URL: TEST_REDIS_URL, PORT: '0', QUEUE_PREFIX: `s${uniqueSuffix()}` }),
      );
      try {
        const h = await health(svc.url);
        expect(h.status).toBe(200);
        expect(h.body).toMatchObject({ ok: true, database: { mode: 'external' }, queue: { backend: 'redis' } });
        expect(svc.log()).toMatch(/database: external PostgreSQL postgres:\/\/postgres@127\.0\.0\.1:5432\//);
        // The JSON API is mounted (its limit counted in Redis): its document is public, its routes need a token.
        expect((await fetch(`${svc.url}/api/openapi.json`)).status).toBe(200);
        expect((await fetch(`${svc.url}/api/v1/plans`)).status).toBe(401);
        const made = await runMain({ DATABASE_URL: withDatabase(TEST_PG_ADMIN_URL, name) }, 'api', 'token', 'create', '--name', 'smoke', '--scope', 'read', '--json');
        expect(made.code, made.err).toBe(0);
        const res = await fetch(`${svc.url}/api/v1/plans`, { headers: { authorization: `Bearer ${JSON.parse(made.out).token}` } });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ data: [], next: null });
      } finally {
        expect(await svc.stop()).toBe(0);
      }
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('answers 503 when the queue backend is unreachable', async () => {
    const name = `nv_smoke_${uniqueSuffix()}`;
    const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    try {
      // Port 1 on loopback: nothing listens there.
      const svc = await startChildService(
        ['serve', '--role', 'api'],
        bareEnv({ DATABASE_URL: withDatabase(TEST_PG_ADMIN_URL, name), REDIS_URL: 'redis://127.0.0.1:1', PORT: '0' }),
      );
      try {
        const h = await health(svc.url);
        expect(h.status).toBe(503);
        expect(h.body).toMatchObject({ ok: false, database: { ok: true }, queue: { backend: 'redis', ok: false } });
      } finally {
        await svc.stop();
      }
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('refuses invalid configuration with one readable error naming the variable', async () => {
    const { spawnSync } = await import('node:child_process');
    const { BIN, REPO_ROOT } = await import('../helpers/child-service.js');
    const res = spawnSync(process.execPath, [BIN, 'serve'], { cwd: REPO_ROOT, env: bareEnv({ PORT: 'eighty' }), encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/PORT:/);
  });
});
