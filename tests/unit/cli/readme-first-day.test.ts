/**
 * The README's "A coordinator's first day" is what a new coordinator types: it must show how to load the unit
 * directory of a province other than the default, and `plan assign` in the form the CLI parses (several units
 * after one `--support`, tested in tests/integration/plan-review.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listShippedProvinces } from '../../../config/units/load.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
const firstDay = readme.slice(readme.indexOf("## A coordinator's first day"), readme.indexOf('## Command line'));
const commands = firstDay
  .split('\n')
  .filter((l) => l.startsWith('npx nhacviec '))
  .map((l) => l.replace(/\s+#.*$/, ''));

describe("README: a coordinator's first day", () => {
  it('loads the default directory, and says how to load another shipped province', () => {
    expect(commands).toContain('npx nhacviec units import');
    const other = commands.map((c) => /^npx nhacviec units import --province (\S+)$/.exec(c)?.[1]).find(Boolean);
    expect(other).toBeDefined();
    expect(listShippedProvinces()).toContain(other);
    expect(other).not.toBe('nghe-an');
  });

  it('names several support units after one --support', () => {
    expect(commands.some((c) => /^npx nhacviec plan assign \d+ \S+ --lead \S+ --support \S+ \S+/.test(c))).toBe(true);
  });
});
