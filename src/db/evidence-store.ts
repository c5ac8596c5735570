/**
 * Archived evidence files in PostgreSQL (`evidence_files`): claims pending rows with a lease (one UPDATE over a
 * FOR UPDATE SKIP LOCKED pick), so several worker processes archive different files and no transaction stays open
 * during a download; reads stored copies back for export.
 */
import type { EvidenceStore, PendingEvidenceFile } from '../app/evidence/archive.js';
import type { EvidenceFileReader, StoredEvidenceFile } from '../app/evidence/export.js';
import type { Sql } from './client.js';

export type { StoredEvidenceFile };

export class PostgresEvidenceStore implements EvidenceStore, EvidenceFileReader {
  constructor(private readonly sql: Sql) {}

  async claim(now: Date, limit: number, leaseMs: number): Promise<PendingEvidenceFile[]> {
    const rows = await this.sql<{ id: string; telegram_file_id: string; file_name: string; attempts: number }[]>`
      update evidence_files e set next_attempt_at = ${new Date(now.getTime() + leaseMs)}
      from (select id from evidence_files where status = 'pending' and next_attempt_at <= ${now}
            order by next_attempt_at, id limit ${limit} for update skip locked) c
      where e.id = c.id
      returning e.id, e.telegram_file_id, e.file_name, e.attempts`;
    return rows
      .map((r) => ({ id: Number(r.id), telegramFileId: r.telegram_file_id, fileName: r.file_name, attempts: r.attempts }))
      .sort((a, b) => a.id - b.id);
  }

  async stored(id: number, content: Uint8Array, sha256: string, at: Date): Promise<void> {
    await this.sql`update evidence_files set status = 'stored', content = ${Buffer.from(content)}, size_bytes = ${content.length}, sha256 = ${sha256},
                   stored_at = ${at}, attempts = attempts + 1, last_error = null where id = ${id} and status = 'pending'`;
  }

  async tooLarge(id: number, error: string): Promise<void> {
    await this.sql`update evidence_files set status = 'too_large', attempts = attempts + 1, last_error = ${error} where id = ${id} and status = 'pending'`;
  }

  async retry(id: number, error: string, next: Date): Promise<void> {
    await this.sql`update evidence_files set attempts = attempts + 1, last_error = ${error}, next_attempt_at = ${next} where id = ${id} and status = 'pending'`;
  }

  async failed(id: number, error: string): Promise<void> {
    await this.sql`update evidence_files set status = 'failed', attempts = attempts + 1, last_error = ${error} where id = ${id} and status = 'pending'`;
  }

  /** The evidence files of a due item, with their content when stored. */
  async filesOf(dueItemId: number): Promise<StoredEvidenceFile[]> {
    const rows = await this.sql<
      { id: string; due_item_id: string; file_name: string; status: StoredEvidenceFile['status']; size_bytes: number | null; sha256: string | null; last_error: string | null; content: Buffer | null }[]
    >`select id, due_item_id, file_name, status, size_bytes, sha256, last_error, content from evidence_files where due_item_id = ${dueItemId} order by id`;
    return rows.map((r) => ({
      id: Number(r.id),
      dueItemId: Number(r.due_item_id),
      fileName: r.file_name,
      status: r.status,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      lastError: r.last_error,
      content: r.content,
    }));
  }
}
