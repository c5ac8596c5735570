/**
 * Keeps a copy of every file sent as evidence of completion in PostgreSQL. A Telegram `file_id` works only for the
 * bot that received it, so evidence kept as a file_id alone is lost with a new bot token; the archiver downloads
 * each file once, after the fact (on the reconciler's tick), and records its size and SHA-256.
 *
 * Attempts back off (1, 5, 30 min, 2 h, 12 h); after the last one the row is `failed` with the error. A file above
 * the Bot API's download limit (20 MB) is `too_large` at once (its file_id stays on the due item).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../domain/clock.js';

/** A pending evidence file (claimed for one attempt). */
export interface PendingEvidenceFile {
  id: number;
  telegramFileId: string;
  fileName: string;
  attempts: number;
}

/** Where archived evidence lives (PostgreSQL: src/db/evidence-store.ts). */
export interface EvidenceStore extends EvidenceWriter {
  /**
   * Claims up to `limit` pending rows due for an attempt: each is pushed `leaseMs` into the future in the same
   * statement, so other archivers skip it, and a worker that dies mid-download leaves it due again after the lease.
   * No transaction stays open during downloads.
   */
  claim(now: Date, limit: number, leaseMs: number): Promise<PendingEvidenceFile[]>;
}

export interface EvidenceWriter {
  stored(id: number, content: Uint8Array, sha256: string, now: Date): Promise<void>;
  tooLarge(id: number, error: string): Promise<void>;
  retry(id: number, error: string, nextAttemptAt: Date): Promise<void>;
  failed(id: number, error: string): Promise<void>;
}

/** The result of a download: the bytes, or the file is above what the Bot API lets a bot download. */
export type DownloadResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too_large'; error: string };

/** Fetches a file by its Telegram file_id (src/telegram/download.ts). Throws on any other failure. */
export type FileDownloader = (fileId: string) => Promise<DownloadResult>;

/** Minutes to wait after attempt n (1-based); the attempt after the last one marks the row failed. */
export const EVIDENCE_BACKOFF_MINUTES = [1, 5, 30, 120, 720] as const;

export interface ArchiveReport {
  stored: number;
  tooLarge: number;
  retried: number;
  failed: number;
}

export class EvidenceArchiver {
  constructor(
    private readonly deps: {
      store: EvidenceStore;
      download: FileDownloader;
      clock: Clock;
      /** Most files per pass (each is one download). Default 20. */
      batch?: number;
      /** How long a claimed row is left to this archiver before another may take it. Default 10 minutes. */
      leaseMs?: number;
      /**
       * No new download starts after this long (the pass runs on the maintenance queue, before the next
       * reconciliation): what is left waits for the next tick. Default 30 s.
       */
      budgetMs?: number;
    },
  ) {}

  /** Downloads the pending files due for an attempt (at most `batch`, within `budgetMs`). */
  async archivePending(): Promise<ArchiveReport> {
    const report: ArchiveReport = { stored: 0, tooLarge: 0, retried: 0, failed: 0 };
    const { store, clock } = this.deps;
    const start = clock.now().getTime();
    for (let n = 0; n < (this.deps.batch ?? 20) && clock.now().getTime() - start < (this.deps.budgetMs ?? 30_000); n++) {
      // One row at a time, so that rows not reached within the budget stay free for the next pass.
      const now = clock.now();
      const [row] = await store.claim(now, 1, this.deps.leaseMs ?? 10 * 60_000);
      if (row === undefined) break;
      try {
        const result = await this.deps.download(row.telegramFileId);
        if (result.kind === 'too_large') {
          await store.tooLarge(row.id, result.error);
          report.tooLarge++;
          continue;
        }
        const sha256 = createHash('sha256').update(result.bytes).digest('hex');
        await store.stored(row.id, result.bytes, sha256, clock.now());
        report.stored++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const wait = EVIDENCE_BACKOFF_MINUTES[row.attempts];
        if (wait === undefined) {
          await store.failed(row.id, message);
          report.failed++;
        } else {
          await store.retry(row.id, message, new Date(now.getTime() + wait * 60_000));
          report.retried++;
        }
      }
    }
    return report;
  }
}
