/**
 * Evidence files are copied into PostgreSQL through the real grammY client against the fake Bot API (getFile, then
 * the file endpoint): stored with size and SHA-256; a failed download backs off and ends `failed` after the last
 * attempt; a file above the Bot API's 20 MB limit is `too_large` at once; several archivers never take the same
 * row. Needs PostgreSQL (fails, never skips, without it).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { createConfig } from '../../config/env.js';
import { registerEvidenceCommand } from '../../src/cli/evidence-command.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceArchiver } from '../../src/app/evidence/archive.js';
import { PostgresEvidenceStore } from '../../src/db/evidence-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTelegramApi } from '../../src/telegram/create-api.js';
import { createFileDownloader } from '../../src/telegram/download.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';

let db: TestDatabase;
let fake: FakeTelegram;
let itemId: number;
const clock = new ManualClock('2024-04-01T03:00:00Z');

function archiver(batch = 20): EvidenceArchiver {
  const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, retry: { maxRetryAttempts: 0 } });
  return new EvidenceArchiver({ store: new PostgresEvidenceStore(db.sql), download: createFileDownloader({ api, token: fake.token, apiRoot: fake.apiRoot }), clock, batch });
}

async function addEvidence(fileId: string, fileName = 'bao-cao.pdf'): Promise<number> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into evidence_files (due_item_id, telegram_file_id, file_name, next_attempt_at) values (${itemId}, ${fileId}, ${fileName}, ${clock.now()}) returning id`;
  return Number(row!.id);
}

const rowOf = async (id: number) =>
  (
    await db.sql<{ status: string; attempts: number; size_bytes: number | null; sha256: string | null; content: Buffer | null; last_error: string | null; next_attempt_at: Date }[]>`
      select status, attempts, size_bytes, sha256, content, last_error, next_attempt_at from evidence_files where id = ${id}`
  )[0]!;

beforeAll(async () => {
  db = await createTestDatabase('evidence');
  fake = new FakeTelegram({ limits: false });
  await fake.start();
  const p = await seedProvince(db.sql);
  [itemId] = (await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2024-03-29', state: 'done' }])) as [number];
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  await db.sql`delete from evidence_files`;
  fake.clearFaults();
});

describe('evidence archiver', () => {
  it('stores the bytes of a sent file with their size and SHA-256', async () => {
    const bytes = Buffer.from('%PDF-1.4 báo cáo quý I năm 2024 '.repeat(200));
    const file = fake.addFile(bytes, 'documents/bao-cao.pdf');
    const id = await addEvidence(file.file_id);
    expect(await archiver().archivePending()).toEqual({ stored: 1, tooLarge: 0, retried: 0, failed: 0 });
    const row = await rowOf(id);
    expect(row).toMatchObject({ status: 'stored', attempts: 1, size_bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(Buffer.compare(row.content!, bytes)).toBe(0);
    // Nothing left to do.
    expect(await archiver().archivePending()).toEqual({ stored: 0, tooLarge: 0, retried: 0, failed: 0 });
    const store = new PostgresEvidenceStore(db.sql);
    expect((await store.filesOf(itemId)).map((f) => [f.fileName, f.status, f.sizeBytes])).toEqual([['bao-cao.pdf', 'stored', bytes.length]]);

    // `nhacviec evidence export` writes the copy out, byte for byte.
    const dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-evidence-'));
    try {
      let out = '';
      const program = new Command().exitOverride();
      registerEvidenceCommand(program, {
        openDatabase: async () => ({ ...db, close: async () => {} }),
        clock,
        config: createConfig({}),
        stdout: { write: (x: string) => ((out += x), true) } as unknown as NodeJS.WritableStream,
        stderr: { write: () => true } as unknown as NodeJS.WritableStream,
      });
      await program.parseAsync(['evidence', 'export', String(itemId), '--out', dir], { from: 'user' });
      expect(out).toMatch(/Đã ghi .*bao-cao\.pdf/);
      const [name] = readdirSync(dir);
      expect(Buffer.compare(readFileSync(path.join(dir, name!)), bytes)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backs off after a failed download and gives up after the last attempt', async () => {
    const id = await addEvidence('no-such-file-id');
    const minutes: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const before = clock.now().getTime();
      const report = await archiver().archivePending();
      const row = await rowOf(id);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toMatch(/invalid file_id/);
      if (attempt <= 5) {
        expect(report.retried).toBe(1);
        expect(row.status).toBe('pending');
        minutes.push((row.next_attempt_at.getTime() - before) / 60_000);
        // Not due yet: a pass before the back-off ends does nothing.
        expect((await archiver().archivePending()).retried).toBe(0);
        clock.set(row.next_attempt_at);
      } else {
        expect(report.failed).toBe(1);
        expect(row.status).toBe('failed');
      }
    }
    expect(minutes).toEqual([1, 5, 30, 120, 720]);
  });

  it('a 5xx is retried, then the file is stored', async () => {
    const file = fake.addFile('ảnh công văn', 'photos/cv.jpg');
    const id = await addEvidence(file.file_id, 'cv.jpg');
    fake.failNext(1, '5xx', { methods: ['getFile'] });
    expect((await archiver().archivePending()).retried).toBe(1);
    clock.set(new Date(clock.now().getTime() + 60_000));
    expect((await archiver().archivePending()).stored).toBe(1);
    expect((await rowOf(id)).status).toBe('stored');
  });

  it('a file above the 20 MB download limit is too_large at once, never retried', async () => {
    const file = fake.addFile(Buffer.alloc(20 * 1024 * 1024 + 1, 7), 'documents/scan-lon.pdf');
    const id = await addEvidence(file.file_id, 'scan-lon.pdf');
    expect((await archiver().archivePending()).tooLarge).toBe(1);
    expect(await rowOf(id)).toMatchObject({ status: 'too_large', content: null });
    expect(await archiver().archivePending()).toEqual({ stored: 0, tooLarge: 0, retried: 0, failed: 0 });
  });

  it('a file claimed by a worker that died is taken again after the lease, and no transaction is held meanwhile', async () => {
    const file = fake.addFile('công văn', 'documents/cv-lease.pdf');
    const id = await addEvidence(file.file_id, 'cv-lease.pdf');
    // A worker claims it, then dies before downloading.
    const claimed = await new PostgresEvidenceStore(db.sql).claim(clock.now(), 20, 10 * 60_000);
    expect(claimed.map((c) => c.id)).toEqual([id]);
    const open = await db.sql`select 1 from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`;
    expect(open).toHaveLength(0);
    expect((await archiver().archivePending()).stored).toBe(0);
    clock.set(new Date(clock.now().getTime() + 10 * 60_000));
    expect((await archiver().archivePending()).stored).toBe(1);
    expect((await rowOf(id)).status).toBe('stored');
  });

  it('stops starting downloads when its time budget is spent, leaving the rest free for the next pass', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push(await addEvidence(fake.addFile(`tệp chậm ${i}`, `documents/cham${i}.pdf`).file_id, `cham${i}.pdf`));
    fake.inject((call) => (call.method === 'getFile' ? { kind: 'slow', delayMs: 150 } : undefined));
    const realTime = { now: () => new Date(clock.now().getTime() + performance.now()) };
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, retry: { maxRetryAttempts: 0 } });
    const budgeted = new EvidenceArchiver({ store: new PostgresEvidenceStore(db.sql), download: createFileDownloader({ api, token: fake.token, apiRoot: fake.apiRoot }), clock: realTime, budgetMs: 100 });
    expect((await budgeted.archivePending()).stored).toBe(1);
    const rows = await db.sql<{ status: string; attempts: number; due: boolean }[]>`
      select status, attempts, next_attempt_at <= ${new Date(clock.now().getTime() + performance.now())} as due from evidence_files order by id`;
    expect(rows).toEqual([
      { status: 'stored', attempts: 1, due: false },
      { status: 'pending', attempts: 0, due: true },
      { status: 'pending', attempts: 0, due: true },
    ]);
  });

  it('two archivers at once never take the same file', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await addEvidence(fake.addFile(`tệp ${i}`, `documents/t${i}.pdf`).file_id, `t${i}.pdf`));
    fake.inject((call) => (call.method === 'getFile' ? { kind: 'slow', delayMs: 50 } : undefined));
    const before = fake.calls('getFile').length;
    const [a, b] = await Promise.all([archiver(3).archivePending(), archiver(3).archivePending()]);
    expect([a.stored, b.stored]).toEqual([3, 3]);
    const asked = fake.calls('getFile').slice(before).map((c) => c.params.file_id);
    expect(asked).toHaveLength(6);
    expect(new Set(asked).size).toBe(6);
    for (const id of ids) expect((await rowOf(id)).attempts).toBe(1);
  });
});
