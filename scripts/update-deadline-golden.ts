/**
 * Regenerates tests/golden/deadline-seeds.json from the current engine: one entry per distinct deadline cell of
 * each seed plan, with the rule's parts and the occurrences over the plan period.
 *
 * The golden file is a reviewed expectation, not a snapshot to refresh blindly: after running this, read the diff
 * (`git diff tests/golden/deadline-seeds.json`) and check every changed date against the text and the law.
 *
 * Usage: npx tsx scripts/update-deadline-golden.ts [seedDir]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { explainDeadline, type DeadlineExplanation } from '../src/domain/deadline.js';
import { DEFAULT_SEED_DIR, extractSeedDeadlineCells, type SeedDeadlineCell } from './extract-seed-deadlines.js';

/** The golden record of one distinct cell. */
export interface GoldenCell {
  seed: string;
  /** TT and line of every row with this exact cell text. */
  rows: string[];
  text: string;
  period: { from: string; to: string };
  kind: DeadlineExplanation['kind'];
  parts: Array<Omit<DeadlineExplanation['parts'][number], 'phrase'> & { phrase: string }>;
  occurrences: Array<Pick<DeadlineExplanation['occurrences'][number], 'label' | 'kind' | 'start' | 'nominalDue' | 'due' | 'adjustment' | 'flags'>>;
  unparsed: DeadlineExplanation['unparsed'];
}

export const GOLDEN_PATH = fileURLToPath(new URL('../tests/golden/deadline-seeds.json', import.meta.url));

/** Groups the seed cells by (seed, text), keeping file order. */
export function groupCells(cells: SeedDeadlineCell[]): Array<{ seed: string; text: string; period: { from: string; to: string }; rows: string[] }> {
  const byKey = new Map<string, { seed: string; text: string; period: { from: string; to: string }; rows: string[] }>();
  for (const c of cells) {
    const key = `${c.seed}\u0000${c.text}`;
    let g = byKey.get(key);
    if (!g) {
      g = { seed: c.seed, text: c.text, period: c.period, rows: [] };
      byKey.set(key, g);
    }
    g.rows.push(`${c.tt} (dòng ${c.line})`);
  }
  return [...byKey.values()];
}

/** The golden view of an explanation (stable fields only). */
export function goldenView(e: DeadlineExplanation): Pick<GoldenCell, 'kind' | 'parts' | 'occurrences' | 'unparsed'> {
  return {
    kind: e.kind,
    parts: e.parts,
    occurrences: e.occurrences.map((o) => ({
      label: o.label,
      kind: o.kind,
      start: o.start,
      nominalDue: o.nominalDue,
      due: o.due,
      adjustment: o.adjustment,
      ...(o.flags ? { flags: o.flags } : {}),
    })),
    unparsed: e.unparsed,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const calendar = loadWorkingCalendar();
  const groups = groupCells(extractSeedDeadlineCells(process.argv[2] ?? DEFAULT_SEED_DIR));
  const golden: GoldenCell[] = groups.map((g) => ({
    seed: g.seed,
    rows: g.rows,
    text: g.text,
    period: g.period,
    ...goldenView(explainDeadline(g.text, g.period, calendar)),
  }));
  writeFileSync(GOLDEN_PATH, JSON.stringify(golden, null, 1) + '\n');
  process.stdout.write(`${golden.length} cells written to ${GOLDEN_PATH}\n`);
}
