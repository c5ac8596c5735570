/**
 * Integrity of the open deadline corpus (tests/golden/corpus/README.md). This checks the file, not the engine's
 * score: the score is measured by `npm run bench:corpus` and recorded in BENCHMARKS.md.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadHoldout, type CorpusExpectation } from './corpus/corpus.js';
import { contentSeed, drawHoldout } from './corpus/draw-holdout.js';

const rows = loadCorpus();
const holdout = loadHoldout();
const CATEGORIES = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'other']);
const SOURCE_KINDS = new Set(['national', 'cchc', 'province-reporting', 'procedure', 'office-rules']);

function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkExpectation(e: CorpusExpectation, planYear: number): void {
  if (e.kind === 'dates') {
    expect(e.dates.length).toBeGreaterThan(0);
    expect(new Set(e.dates).size).toBe(e.dates.length);
    for (const d of e.dates) {
      expect(isValidIsoDate(d), d).toBe(true);
      expect(d.slice(0, 4), `${d} lies in the plan year`).toBe(String(planYear));
    }
  } else if (e.kind === 'event') {
    expect(e.event).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(Number.isInteger(e.offset.amount) && e.offset.amount > 0).toBe(true);
    expect(['day', 'working_day', 'week', 'month']).toContain(e.offset.unit);
    if ('before' in e) expect(e.before).toBe(true);
  } else {
    expect(e.kind).toBe('no_date');
  }
}

describe('deadline corpus: schema and integrity', () => {
  it('has unique ids of the form cNNN', () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^c\d{3,}$/);
  });

  it('gives every row a non-empty phrase, a source (URL, or repository + path), a category and a plan year', () => {
    for (const r of rows) {
      expect(r.text.trim().length, r.id).toBeGreaterThan(0);
      const hasUrl = typeof r.source.url === 'string' && /^https?:\/\/\S+$/.test(r.source.url);
      const hasRepo = typeof r.source.repo === 'string' && typeof r.source.path === 'string';
      expect(hasUrl || hasRepo, r.id).toBe(true);
      expect(CATEGORIES.has(r.category), `${r.id}: ${r.category}`).toBe(true);
      expect(SOURCE_KINDS.has(r.sourceKind), `${r.id}: ${r.sourceKind}`).toBe(true);
      expect(Number.isInteger(r.planYear) && r.planYear >= 2015 && r.planYear <= 2030, r.id).toBe(true);
    }
  });

  it('annotates every row with valid expectations; ambiguous rows carry their other reading', () => {
    for (const r of rows) {
      checkExpectation(r.expect, r.planYear);
      for (const alt of r.alternatives ?? []) checkExpectation(alt, r.planYear);
      if (r.ambiguous) expect(r.alternatives?.length ?? 0, r.id).toBeGreaterThan(0);
    }
  });

  it('holds back about a quarter of the rows, all of them existing ids', () => {
    const ids = new Set(rows.map((r) => r.id));
    for (const id of holdout.ids) expect(ids.has(id), id).toBe(true);
    expect(new Set(holdout.ids).size).toBe(holdout.ids.length);
    expect(holdout.ids.length).toBeGreaterThanOrEqual(Math.floor(rows.length / 4));
  });

  it('the draws of c600–c999 were made with the bare seed and are all in holdout.json', () => {
    // Batches drawn before the content seed existed, each of its own range (README "Batches").
    const batches: [string, string][] = [
      ['c600', 'c630'], ['c631', 'c661'], ['c662', 'c692'], ['c693', 'c723'], ['c724', 'c754'], ['c755', 'c784'],
      ['c785', 'c799'], ['c800', 'c829'], ['c830', 'c859'], ['c860', 'c889'], ['c890', 'c919'],
      ['c920', 'c949'], ['c950', 'c979'], ['c980', 'c999'],
    ];
    const held = new Set(holdout.ids);
    for (const [lo, hi] of batches) {
      const ids = rows.map((r) => r.id).filter((id) => id >= lo && id <= hi);
      for (const id of drawHoldout(ids, 11)) expect(held.has(id), `${lo}–${hi}: ${id}`).toBe(true);
    }
  });

  it('a content-seeded draw depends on every text of the batch, so its positions cannot be known in advance', () => {
    const texts = rows.slice(0, 30).map((r) => r.text);
    const ids = rows.slice(0, 30).map((r) => r.id);
    expect(contentSeed(texts)).toBe(contentSeed([...texts]));
    const edited = [...texts];
    edited[29] = `${edited[29]!} `;
    expect(contentSeed(edited)).not.toBe(contentSeed(texts));
    // Same batch size, different seeds: not the fixed positions of the bare seed.
    expect(drawHoldout(ids, contentSeed(texts))).not.toEqual(drawHoldout(ids, 11));
    expect(drawHoldout(ids, contentSeed(texts))).toHaveLength(8);
  });
});
