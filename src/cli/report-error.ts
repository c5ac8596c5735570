/**
 * What the CLI prints when a command fails with an unexpected error. A person gets one short line (Vietnamese,
 * English second); a database error never shows its SQL or parameters (drizzle's message quotes the whole
 * statement: 2.7 MB for a large plan, issue #16.4). The full error (message, SQL, stack, cause) goes to the log
 * at debug level, which `LOG_LEVEL=debug` shows.
 */
import type { Logger } from '../infra/logger.js';

/** Longest message printed as it is; longer ones are cut (the log keeps them whole). */
export const MAX_PRINTED_MESSAGE_CHARS = 300;

/** The line printed for `err` (without a trailing newline). */
export function describeCliError(err: unknown): string {
  const e = err as { name?: string; message?: string; query?: unknown; cause?: unknown } | null;
  const db = databaseCause(err);
  if (db) {
    const code = db.code ? ` (mã / code ${db.code})` : '';
    return `Lỗi cơ sở dữ liệu / Database error: ${cut(db.message)}${code}. Chi tiết: chạy lại với LOG_LEVEL=debug / Details: rerun with LOG_LEVEL=debug.`;
  }
  const lines = [`Lỗi / Error: ${cut(e?.message ?? String(err))}`];
  if (e?.cause) lines.push(`  nguyên nhân / cause: ${cut(String((e.cause as Error)?.message ?? e.cause))}`);
  return lines.join('\n');
}

/** Prints the short line to `stderr` and logs the whole error at debug level. */
export function reportCliError(err: unknown, stderr: Pick<NodeJS.WritableStream, 'write'>, logger: Logger): void {
  stderr.write(`${describeCliError(err)}\n`);
  const e = err as { message?: string; stack?: string; query?: unknown; params?: unknown; cause?: unknown };
  logger.debug('command failed', { message: e?.message, query: e?.query, params: e?.params, stack: e?.stack, cause: e?.cause });
}

/** The database's own error behind `err` (drizzle wraps postgres.js's), if it is one. */
function databaseCause(err: unknown): { message: string; code?: string } | undefined {
  for (let e = err as { name?: string; message?: string; code?: unknown; query?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.name === 'PostgresError' || (typeof e.code === 'string' && 'severity' in e)) return { message: String(e.message ?? ''), code: e.code as string };
    if (e.name === 'DrizzleQueryError' || (typeof e.query === 'string' && 'params' in e)) {
      const inner = e.cause as { message?: string; code?: unknown } | undefined;
      if (inner?.message) return { message: inner.message, ...(typeof inner.code === 'string' ? { code: inner.code } : {}) };
      return { message: 'câu lệnh thất bại / a statement failed' };
    }
  }
  return undefined;
}

function cut(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_PRINTED_MESSAGE_CHARS ? oneLine : `${oneLine.slice(0, MAX_PRINTED_MESSAGE_CHARS)}… (${oneLine.length} ký tự / chars)`;
}
