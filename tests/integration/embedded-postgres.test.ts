/**
 * The embedded default, for real: start PostgreSQL from the npm binaries in a temporary DATA_DIR, migrate,
 * enqueue and process one job on BullMQ's PostgreSQL backend, stop; start again and find the data kept.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { openDatabase } from '../../src/main.js';
import { createQueueRuntime } from '../../src/queue/runtime.js';
import { silentLogger } from '../../src/infra/logger.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nhacviec-embedded-'));
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL + BullMQ PostgreSQL backend', () => {
  it('starts, migrates, runs one job, stops, and reuses its data on the next start', async () => {
    const config = createConfig({ DATA_DIR: dataDir });
    expect(config.database.mode).toBe('embedded');

    const first = await openDatabase(config, silentLogger);
    try {
      expect(first.embedded?.created).toBe(true);
      const tables = await first.database.sql<{ n: string }[]>`
        select count(*)::text as n from information_schema.tables where table_schema = 'public' and table_name in ('units', 'reminders', 'due_items')`;
      expect(tables[0]!.n).toBe('3');
      await first.database.sql`insert into events (province, type, date, recorded_by) values ('nghe-an', 'cong-bo-tthc', '2024-03-01', 'test')`;

      const rt = createQueueRuntime({ backend: 'postgres', databaseUrl: first.url, logger: silentLogger });
      try {
        const processed = new Promise<unknown>((resolve) => rt.worker('maintenance', async (job) => resolve(job.data)));
        await rt.queue('maintenance').add('reminders.reconcile', { v: 1, reason: 'manual' }, { jobId: 'reconcile-embedded-test' });
        expect(await processed).toEqual({ v: 1, reason: 'manual' });
      } finally {
        await rt.close();
      }
    } finally {
      await first.close();
    }
    // The server is gone once stopped.
    await expect(fetchPostgres(first.url)).rejects.toThrow();

    const second = await openDatabase(config, silentLogger);
    try {
      expect(second.embedded?.created).toBe(false);
      const rows = await second.database.sql`select type from events`;
      expect(rows.map((r) => r.type)).toEqual(['cong-bo-tthc']);
    } finally {
      await second.close();
    }
  });
});

async function fetchPostgres(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, connect_timeout: 2 });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
