/** Loader and types of the open deadline corpus (schema: README.md beside this file). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The expected reading of a phrase. */
export type CorpusExpectation =
  | { kind: 'dates'; dates: string[] }
  /** `before`: the period is counted back from the event ("45 ngày trước ngày khai mạc kỳ họp"); absent = after. */
  | {
      kind: 'event';
      event: string;
      offset: { amount: number; unit: 'day' | 'working_day' | 'week' | 'month' };
      before?: true;
    }
  | { kind: 'no_date' };

/** One annotated phrase. */
export interface CorpusRow {
  id: string;
  text: string;
  source: { url?: string; repo?: string; path?: string };
  sourceKind: string;
  province?: string;
  category: string;
  planYear: number;
  expect: CorpusExpectation;
  ambiguous?: boolean;
  alternatives?: CorpusExpectation[];
  note?: string;
}

export const CORPUS_PATH = fileURLToPath(new URL('./corpus.jsonl', import.meta.url));
export const HOLDOUT_PATH = fileURLToPath(new URL('./holdout.json', import.meta.url));

/** Reads every row of corpus.jsonl (one JSON object per non-empty line). */
export function loadCorpus(path = CORPUS_PATH): CorpusRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusRow);
}

/** Reads the held-back ids. */
export function loadHoldout(path = HOLDOUT_PATH): { seed: number; prng: string; ids: string[] } {
  return JSON.parse(readFileSync(path, 'utf8')) as { seed: number; prng: string; ids: string[] };
}
