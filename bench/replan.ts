/**
 * `npm run bench:replan`: how long the reminder planner takes over a whole province's year — what every reconcile
 * tick does after a publication, and what a leader joining costs before the bot answers. The Nghệ An 2024 seed
 * plan is imported and published against the shipped Nghệ An directory, communes included, on a fresh PostgreSQL
 * database; then the passes below are timed, RUNS times each, "old" and "new" alternately within each run:
 *
 *   old   every item of the pass marked (replan_items) with its plan fingerprint cleared: every item is read, its
 *         rows read, planned and diffed — the path every item took before plan fingerprints and replan marks
 *   new   what the change writes now: a unit mark per unit of the province for a recipient change
 *         (replan_units, as a coordinator or a leader joining writes), an item mark for a changed item
 *
 *   nobody            nobody has joined yet (no rows to write)
 *   everyone          a focal point and a head per unit, a coordinator and a leader joined (all rows inserted: the
 *                     database was emptied of reminders before each run); one figure
 *   unchanged         the province's recipients marked changed, and they are the same (nothing to write)
 *   every item marked every item marked, fingerprints kept, nothing changed (a change touching every item that
 *                     moves nothing, e.g. an amendment): items read and compared, rows not read
 *   one changed item  one item re-dated by a week (its rows move)
 *
 * PostgreSQL: TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). Seeds: ../shared/seeds
 * (BENCH_SEEDS_DIR to override).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConfig } from '../config/env.js';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { loadUnitDirectory } from '../config/units/load.js';
import { reminderPolicyFromConfig } from '../jobs/reminders.js';
import { createDeadlineAdapter } from '../src/app/deadline-adapter.js';
import { importPlan } from '../src/app/plan-import.js';
import { publishPlan } from '../src/app/plan-publish.js';
import { planPortsOn } from '../src/plan-wiring.js';
import { ReminderService } from '../src/app/reminders/service.js';
import { PostgresReminderStore } from '../src/db/reminder-store.js';
import { saveDirectory } from '../src/db/unit-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTranslator } from '../src/i18n/translator.js';
import { silentLogger } from '../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { median, releaseBenchDatabase } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const seedsDir = process.env.BENCH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../shared/seeds');
const SEED = '000_432df6ecbf3908af.txt';

interface Pass {
  ms: number;
  items: number;
  /** Rows inserted, moved or cancelled. */
  inserted: number;
  /** Items skipped by their plan fingerprint. */
  unchanged: number;
}

/** Stand-in people: a focal point and a head for every unit with items, a coordinator and a leader. */
async function joinEveryone(db: TestDatabase): Promise<void> {
  const units = await db.sql<{ id: number }[]>`select distinct unit_id as id from task_assignments order by 1`;
  const [anchor] = await db.sql<{ id: number }[]>`select id from units where code = 'so-noi-vu'`;
  const people: [number, string][] = units.flatMap((u) => [
    [u.id, 'focal'],
    [u.id, 'head'],
  ] as [number, string][]);
  people.push([anchor!.id, 'coordinator'], [anchor!.id, 'leader']);
  for (const [k, [unitId, role]] of people.entries()) {
    const chatId = 700_000_000 + k;
    const [p] = await db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${`Bench ${k}`}, ${chatId}) returning id`;
    await db.sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${p!.id})`;
    await db.sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${unitId}, ${role}::member_role)`;
  }
}

async function main(): Promise<void> {
  if (!existsSync(seedsDir)) throw new Error(`seeds not found at ${seedsDir} (set BENCH_SEEDS_DIR)`);
  const config = createConfig({});
  const calendar = loadWorkingCalendar();
  const db = await createTestDatabase('bench_replan');
  try {
    const clock = new ManualClock('2023-12-28T03:00:00Z');
    const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
    await db.db.transaction((tx) => saveDirectory(tx, loadUnitDirectory('nghe-an')).then(() => undefined));
    const imported = await importPlan(planPortsOn(db), clock, { file: path.join(seedsDir, SEED), province: 'nghe-an', deadline, actor: 'bench' });
    const published = await publishPlan(planPortsOn(db), clock, { planId: imported.review.plan.id!, acceptProblems: true, deadline, actor: 'bench' });
    if (published.status !== 'published') throw new Error(`publish: ${published.status}`);

    const service = new ReminderService({
      store: new PostgresReminderStore(db.sql),
      queue: { enqueueSends: async (rows) => rows.length, generation: async () => 0, setGeneration: async () => {} },
      notifier: { kind: 'recording', send: async () => ({ messageId: 1 }) },
      pacer: { reserve: async () => 0 },
      calendar,
      policy: reminderPolicyFromConfig(config),
      workingHours: config.domain.workingHours,
      horizonMs: 0,
      clock,
      t: createTranslator(),
      logger: silentLogger,
    });
    const [{ province } = { province: '' }] = await db.sql<{ province: string }[]>`select province from plans limit 1`;
    /**
     * One timed replan. `mark` chooses what is marked for planning, outside the timing: every item, the one
     * probe item, every unit of the province (a recipient change), or nothing more (the change marked it already).
     * `full` also clears the marked items' plan fingerprints, so they take the path every item took before
     * fingerprints (read the rows, plan, diff): that is the "old" column.
     */
    const pass = async (mark: 'items' | 'one' | 'units' | 'none', full: boolean): Promise<Pass> => {
      const where = mark === 'one' || mark === 'none' ? db.sql`id = ${probe}` : db.sql`true`;
      if (full) await db.sql`update due_items set plan_fingerprint = null where ${where}`;
      // Clean tables first, as autovacuum keeps them between ticks (the test server runs without it); then the mark
      // and the timed replan right after it, as the bot does.
      await db.sql`vacuum due_items, replan_items, replan_units`;
      if (mark === 'items' || mark === 'one')
        await db.sql`
          insert into replan_items (due_item_id, revision) select id, revision from due_items where ${where}
          on conflict (due_item_id) do update set revision = excluded.revision`;
      if (mark === 'units')
        await db.sql`insert into replan_units (unit_id) select id from units where province = ${province} on conflict (unit_id) do update set seq = excluded.seq`;
      const t0 = performance.now();
      const report = await service.replan();
      return { ms: performance.now() - t0, items: report.items, inserted: report.inserted + report.rescheduled + report.cancelled, unchanged: report.unchanged };
    };
    // The item "one changed item" moves: a chased lead item of a commune, re-dated by a week and back.
    const [probeRow] = await db.sql<{ id: string; due_date: string }[]>`
      select d.id, d.due_date::text as due_date from due_items d join task_assignments a on a.id = d.assignment_id
      where a.role = 'lead' and d.due_date is not null order by d.id desc limit 1`;
    const probe = Number(probeRow!.id);
    const dates = [probeRow!.due_date, new Date(Date.parse(probeRow!.due_date) + 7 * 86_400_000).toISOString().slice(0, 10)];
    let flip = 0;
    const changeOne = async (full: boolean): Promise<Pass> => {
      // The change marks the item (the revision trigger), as every change of an item does.
      await db.sql`update due_items set due_date = ${dates[++flip % 2]!}::date, revision = revision + 1 where id = ${probe}`;
      return pass('none', full);
    };

    type Name = 'nobody' | 'everyone' | 'unchanged' | 'every item marked' | 'one changed item';
    const samples: Record<Name, { old: Pass[]; new: Pass[] }> = {
      nobody: { old: [], new: [] },
      everyone: { old: [], new: [] },
      unchanged: { old: [], new: [] },
      'every item marked': { old: [], new: [] },
      'one changed item': { old: [], new: [] },
    };
    await pass('none', false); // the publication's own replan (every item was marked when inserted)
    await pass('items', true); // warm-up (JIT, connections)
    await pass('units', false);
    // Old and new alternate within each run, so both see the same load.
    for (let r = 0; r < RUNS; r++) {
      samples.nobody.old.push(await pass('items', true));
      samples.nobody.new.push(await pass('units', false));
    }
    await joinEveryone(db);
    for (let r = 0; r < RUNS; r++) {
      // Every row is new: both columns take the full path (there is nothing to skip); one figure.
      await db.sql`delete from reminders`;
      samples.everyone.new.push(await pass('items', true));
      samples.unchanged.old.push(await pass('items', true));
      samples.unchanged.new.push(await pass('units', false));
      samples['every item marked'].old.push(await pass('items', true));
      samples['every item marked'].new.push(await pass('items', false));
      samples['one changed item'].old.push(await changeOne(true));
      samples['one changed item'].new.push(await changeOne(false));
    }

    const fmt = (xs: Pass[]) => (xs.length ? `${median(xs.map((x) => x.ms)).toFixed(0).padStart(7)} (${xs.map((x) => x.ms.toFixed(0)).join(', ')})` : '—');
    const lines = [`pass               items  rows changed  skipped   old: median ms (runs)        new: median ms (runs)        old/new`];
    for (const [name, { old, new: now }] of Object.entries(samples)) {
      const ratio = old.length && now.length ? (median(old.map((x) => x.ms)) / median(now.map((x) => x.ms))).toFixed(1) + '×' : '';
      const x = now[0] ?? old[0]!;
      lines.push(
        `${name.padEnd(17)} ${String(x.items).padStart(6)}  ${String(x.inserted).padStart(12)}  ${String(x.unchanged).padStart(7)}   ${fmt(old).padEnd(28)} ${fmt(now).padEnd(28)} ${ratio}`,
      );
    }
    const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
    process.stdout.write(
      `Reminder replan of the Nghệ An 2024 plan with communes (Node ${process.version}, runs: ${RUNS}, load average ${load}):\n` +
        `old = every item marked, plan fingerprints cleared (read, planned and diffed, as before fingerprints and marks); new = what the change marks now (units for recipients, the item for an item)\n${lines.join('\n')}\n`,
    );
  } finally {
    await releaseBenchDatabase(db);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:replan failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
