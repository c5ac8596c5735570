/**
 * Typed errors for files that cannot be imported at all. Problems inside a readable plan (an unknown agency,
 * an unreadable deadline) are values (`ImportProblem`), not errors.
 */

/** Why a file was refused. */
export type ImportErrorCode =
  | 'file-not-found'
  | 'file-empty'
  | 'file-too-large'
  | 'binary-file'
  | 'unsupported-format'
  | 'unreadable-docx'
  | 'unreadable-xlsx'
  | 'unreadable-csv'
  | 'archive-too-large'
  | 'unreadable-pdf'
  | 'pdf-no-text'
  | 'no-task-table'
  | 'missing-columns'
  | 'no-tasks'
  | 'unknown-province'
  | 'province-merged'
  | 'bad-period';

/** A file that cannot be imported. `message` is Vietnamese and meant for the coordinator. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** Extra facts for `--json` output (e.g. the columns found). */
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
