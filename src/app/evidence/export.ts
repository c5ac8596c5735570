/**
 * Export of a due item's evidence files (`nhacviec evidence export`): the stored copies to write, each under a
 * name that is safe in any folder, and the files that are not stored (yet) with the reason. The front end writes.
 */
import path from 'node:path';

/** An evidence file as stored, with its content when a copy was kept. */
export interface StoredEvidenceFile {
  id: number;
  dueItemId: number;
  fileName: string;
  status: 'pending' | 'stored' | 'too_large' | 'failed';
  sizeBytes: number | null;
  sha256: string | null;
  lastError: string | null;
  content: Uint8Array | null;
}

/** What the export needs from the database (src/db/evidence-store.ts). */
export interface EvidenceFileReader {
  /** The evidence files of a due item, oldest first, with their content when stored. */
  filesOf(dueItemId: number): Promise<StoredEvidenceFile[]>;
}

/** One file of an export: `writeAs` is the name to write `content` under, null when there is no stored copy. */
export interface EvidenceExportEntry extends Omit<StoredEvidenceFile, 'content' | 'dueItemId'> {
  writeAs: string | null;
  content: Uint8Array | null;
}

const UNSAFE = '<>:"/\\|?*';

/** A name safe to write: no folders, no control characters; an id prefix keeps same-named files apart. */
export function safeEvidenceName(id: number, name: string): string {
  const base =
    [...path.posix.basename(name)]
      .map((c) => (c.charCodeAt(0) < 32 || UNSAFE.includes(c) ? '_' : c))
      .join('')
      .slice(0, 120) || 'tep';
  return `${id}-${base}`;
}

/** The evidence of a due item as an export: an empty list when it has none. */
export async function evidenceExport(store: EvidenceFileReader, dueItemId: number): Promise<EvidenceExportEntry[]> {
  const files = await store.filesOf(dueItemId);
  return files.map((f) => {
    const stored = f.status === 'stored' && f.content !== null;
    return {
      id: f.id,
      fileName: f.fileName,
      status: f.status,
      sizeBytes: f.sizeBytes,
      sha256: f.sha256,
      lastError: f.lastError,
      writeAs: stored ? safeEvidenceName(f.id, f.fileName) : null,
      content: stored ? f.content : null,
    };
  });
}
