/**
 * Draws the held-back quarter of a batch of corpus ids (README.md beside this file): shuffle the batch's ids with
 * mulberry32, keep the first ⌈n/4⌉, print them sorted.
 *
 * The seed of a draw is 11 mixed with a hash of the batch's texts (`contentSeed`), so which rows are held back
 * cannot be known while the batch is being written: with the bare seed 11 every batch of the same size held back
 * the same positions (the 6th, 15th, 16th, … row), which an annotator could learn. Draws made before 2026-12-03
 * 22:10 UTC (c001–c999) used the bare seed; `--position-seed` reproduces them.
 *
 *   npx tsx tests/golden/corpus/draw-holdout.ts --range c041 c080 [--append] [--position-seed]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { HOLDOUT_PATH, loadCorpus } from './corpus.js';

/** mulberry32: a small, seedable generator. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The held-back quarter of `ids`: each id (in file order) takes the next mulberry32(seed) number as its key, ids
 * are ordered by key, the first ⌈n/4⌉ are kept (printed sorted). This reproduces the three draws already in
 * holdout.json (c001–c012, c013–c029, c030–c040).
 */
export function drawHoldout(ids: readonly string[], seed = 11): string[] {
  const next = mulberry32(seed);
  return ids
    .map((id) => ({ id, key: next() }))
    .sort((x, y) => x.key - y.key)
    .slice(0, Math.ceil(ids.length / 4))
    .map((x) => x.id)
    .sort();
}

/** FNV-1a (32 bit) of the batch's texts in id order, xor 11: the seed of a content-seeded draw. */
export function contentSeed(texts: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(texts.join('\n'), 'utf8')) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h ^ 11) >>> 0;
}

function main(argv: string[]): void {
  const append = argv.includes('--append');
  const positionSeed = argv.includes('--position-seed');
  const args = argv.filter((a) => a !== '--append' && a !== '--position-seed');
  const corpus = loadCorpus();
  let ids: string[];
  if (args[0] === '--range') {
    const [lo, hi] = [args[1]!, args[2]!];
    ids = corpus.map((r) => r.id).filter((id) => id >= lo && id <= hi);
  } else ids = args;
  if (ids.length === 0) throw new Error('no ids: give ids or --range FROM TO');
  const texts = ids.map((id) => {
    const row = corpus.find((r) => r.id === id);
    if (!row) throw new Error(`no row ${id} in corpus.jsonl: append the batch before drawing`);
    return row.text;
  });
  const drawn = drawHoldout(ids, positionSeed ? 11 : contentSeed(texts));
  console.log(drawn.join(' '));
  if (append) {
    const h = JSON.parse(readFileSync(HOLDOUT_PATH, 'utf8')) as { seed: number; prng: string; ids: string[] };
    for (const id of drawn) if (!h.ids.includes(id)) h.ids.push(id);
    writeFileSync(HOLDOUT_PATH, JSON.stringify(h, null, 1) + '\n');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
