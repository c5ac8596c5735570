/**
 * `plan show` on a draft lists the tasks whose items will wait for a date or an event, as publishing will create
 * them: before publishing, the same tasks and counts that `plan show` finds in the published plan's due items.
 * The Nghệ An 2024 seed plan, against a real PostgreSQL.
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

interface Decision {
  task: string;
  kind: string;
  message: string;
  hint: string;
}

beforeAll(async () => {
  db = await createTestDatabase('plan_show_waiting');
});
afterAll(async () => {
  await db?.drop();
});

const undated = (r: { decisions: Decision[] }) =>
  r.decisions
    .filter((d) => d.kind === 'date' || d.kind === 'event')
    .map((d) => `${d.kind} ${d.task} ${/\d+/.exec(d.message)![0]}`)
    .sort();

describe.skipIf(!hasSeeds)('plan show: items waiting for a date or an event', () => {
  it('are listed on the draft, as publishing then creates them', async () => {
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--province', 'nghe-an', '--year', '2024', '--json');
    expect(imported.code, imported.err).toBe(0);
    const planId = String(JSON.parse(imported.out).plan.id);

    const draft = JSON.parse((await cli('plan', 'show', planId, '--json')).out) as { status: string; decisions: Decision[] };
    expect(draft.status).toBe('draft');
    const before = undated(draft);
    expect(before.some((d) => d.startsWith('date '))).toBe(true);
    expect(before.some((d) => d.startsWith('event '))).toBe(true);
    const onDemand = draft.decisions.find((d) => d.kind === 'date')!;
    expect(onDemand.hint).toBe(`nhacviec plan set-date ${planId} ${onDemand.task} <ngày> sau khi công bố`);
    // The text form says so too, instead of "nothing is waiting".
    const text = (await cli('plan', 'show', planId)).out;
    expect(text).toContain(`[ngày] `);
    expect(text).toContain(`[sự kiện] `);

    expect((await cli('plan', 'publish', planId, '--accept-problems')).code).toBe(0);
    const published = JSON.parse((await cli('plan', 'show', planId, '--json')).out) as { status: string; decisions: Decision[] };
    expect(published.status).toBe('published');
    expect(undated(published)).toEqual(before);
    const [stored] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where state = 'waiting'`;
    const listed = published.decisions.filter((d) => d.kind === 'date' || d.kind === 'event').reduce((a, d) => a + Number(/\d+/.exec(d.message)![0]), 0);
    expect(listed).toBe(stored!.n);
  }, 120_000);
});
