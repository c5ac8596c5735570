/**
 * Where `nhacviec simulate` reads its plan (src/app/simulate-source.ts, wired in src/simulate-wiring.ts), against a
 * real PostgreSQL (fails, never skips, without one): a draft is published in a scratch copy and read from there,
 * and the real database is left as it was; a published plan is read as it stands.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlanNotSimulableError, snapshotForSimulation } from '../../src/app/simulate-source.js';
import { ManualClock } from '../../src/domain/clock.js';
import { simulationSourceAt } from '../../src/simulate-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, fixturesDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let dir: string;
let planId: number;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const cli = cliRunner({ db: () => db, clock, deadline });
const count = async (table: string): Promise<number> => Number((await db.sql.unsafe(`select count(*)::int as n from ${table}`))[0]!.n);

beforeAll(async () => {
  db = await createTestDatabase('simulate_source');
  dir = mkdtempSync(path.join(tmpdir(), 'nhacviec-simulate-source-'));
  copyFileSync(path.join(fixturesDir, 'ke-hoach-mau.txt'), path.join(dir, 'ke-hoach.txt'));
  const imported = await cli('plan', 'import', path.join(dir, 'ke-hoach.txt'), '--province', 'nghe-an', '--year', '2024', '--yes');
  expect(imported.code, imported.err).toBe(0);
  [{ id: planId }] = await db.sql<{ id: number }[]>`select id from plans`;
});

afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function snapshotOf(id: number) {
  const source = simulationSourceAt(db.url);
  let drafts = 0;
  try {
    const snapshot = await snapshotForSimulation(source, clock, { planId: id, deadline, onDraft: () => drafts++ });
    return { snapshot, drafts };
  } finally {
    await source.close();
  }
}

describe('the snapshot a simulation starts from', () => {
  it('publishes a draft in a scratch copy only: the real plan stays a draft, with no due items', async () => {
    const { snapshot, drafts } = await snapshotOf(planId);
    expect(drafts).toBe(1);
    expect(snapshot.plans).toMatchObject([{ id: planId, status: 'published' }]);
    expect(snapshot.tasks.length).toBeGreaterThan(0);
    expect(snapshot.dueItems.length).toBeGreaterThan(0);
    const [plan] = await db.sql<{ status: string }[]>`select status from plans where id = ${planId}`;
    expect(plan!.status).toBe('draft');
    expect(await count('due_items')).toBe(0);
  });

  it('reads a published plan as it stands, with the same due items the draft preview showed', async () => {
    const preview = (await snapshotOf(planId)).snapshot;
    const published = await cli('plan', 'publish', String(planId), '--accept-problems');
    expect(published.code, published.err).toBe(0);
    const { snapshot, drafts } = await snapshotOf(planId);
    expect(drafts).toBe(0);
    expect(snapshot.dueItems).toHaveLength(await count('due_items'));
    const key = (d: { occurrenceKey: string; dueDate: string | null }) => `${d.occurrenceKey} ${d.dueDate}`;
    expect(snapshot.dueItems.map(key).sort()).toEqual(preview.dueItems.map(key).sort());
  });

  it('refuses a plan that does not exist, or is archived', async () => {
    await expect(snapshotOf(planId + 1000)).rejects.toThrow(PlanNotSimulableError);
    await db.sql`update plans set status = 'archived' where id = ${planId}`;
    await expect(snapshotOf(planId)).rejects.toThrow(/chưa công bố \(trạng thái archived\)/);
  });
});
