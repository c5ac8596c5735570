/**
 * `plan publish` progress on the Nghệ An 2024 seed plan: every stage's progress reaches its total, and the due
 * items' total is the one the summary reports (items outside a unit's effective dates are not counted).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });

beforeAll(async () => {
  db = await createTestDatabase('plan_publish_progress');
});
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!hasSeeds)('plan publish progress', () => {
  it('reaches every stage total, and counts the due items the summary counts', async () => {
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = String(JSON.parse(imported.out).plan.id);
    const r = await cli('plan', 'publish', planId, '--accept-problems');
    expect(r.code, r.err).toBe(0);

    const last = new Map<string, { done: number; total: number }>();
    for (const m of r.err.matchAll(/^(.+): (\d+)\/(\d+) \(\d+%\)$/gm)) last.set(m[1]!, { done: Number(m[2]), total: Number(m[3]) });
    expect([...last.keys()]).toEqual(expect.arrayContaining(['ghi phân công', 'ghi hạn']));
    for (const [stage, p] of last) expect(p.done, stage).toBe(p.total);

    const assignments = Number(/Phân công: (\d+)/.exec(r.out)![1]);
    const items = Number(/Hạn: (\d+)/.exec(r.out)![1]);
    expect(last.get('ghi phân công')!.total).toBe(assignments);
    expect(last.get('ghi hạn')!.total).toBe(items);
    const [stored] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items`;
    expect(stored!.n).toBe(items);
  }, 120_000);
});
