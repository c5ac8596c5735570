/**
 * Wiring of the evidence use cases over PostgreSQL (composition, beside src/main.ts): the CLI reads the stored
 * copies through the port src/db/evidence-store.ts implements.
 */
import type { EvidenceFileReader } from './app/evidence/export.js';
import type { Database } from './db/client.js';
import { PostgresEvidenceStore } from './db/evidence-store.js';

/** The evidence files of due items, over `database`. */
export function evidenceFilesOn(database: Pick<Database, 'sql'>): EvidenceFileReader {
  return new PostgresEvidenceStore(database.sql);
}
