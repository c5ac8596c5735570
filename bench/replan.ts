/**
 * `npm run bench:replan`: how long the reminder planner takes over a whole province's year — what every reconcile
 * tick does after a publication, and what a leader joining costs (every chased item of the province is replanned
 * before the bot answers). The Nghệ An 2024 seed plan is imported and published against the shipped Nghệ An
 * directory, communes included, on a fresh PostgreSQL database; then three passes are timed, RUNS times each:
 *
 *   nobody     every item replanned while nobody has joined (no rows to write)
 *   everyone   every item replanned after a focal point and a head per unit, a coordinator and a leader joined
 *              (all rows inserted: the database was emptied of reminders before each run)
 *   unchanged  every item replanned again with the same recipients (the diff finds nothing to write)
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
import { ReminderService } from '../src/app/reminders/service.js';
import { PostgresReminderStore } from '../src/db/reminder-store.js';
import { saveDirectory } from '../src/db/unit-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTranslator } from '../src/i18n/translator.js';
import { silentLogger } from '../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { median } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const seedsDir = process.env.BENCH_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../shared/seeds');
const SEED = '000_432df6ecbf3908af.txt';

interface Pass {
  ms: number;
  items: number;
  inserted: number;
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
    const imported = await importPlan(db, clock, { file: path.join(seedsDir, SEED), province: 'nghe-an', deadline, actor: 'bench' });
    const published = await publishPlan(db, clock, { planId: imported.review.plan.id!, acceptProblems: true, deadline, actor: 'bench' });
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
    const pass = async (): Promise<Pass> => {
      await db.sql`update due_items set planned_revision = null`;
      const t0 = performance.now();
      const report = await service.replan();
      return { ms: performance.now() - t0, items: report.items, inserted: report.inserted };
    };

    const samples: Record<'nobody' | 'everyone' | 'unchanged', Pass[]> = { nobody: [], everyone: [], unchanged: [] };
    await pass(); // warm-up (JIT, connections)
    for (let r = 0; r < RUNS; r++) samples.nobody.push(await pass());
    await joinEveryone(db);
    for (let r = 0; r < RUNS; r++) {
      await db.sql`delete from reminders`;
      samples.everyone.push(await pass());
      samples.unchanged.push(await pass());
    }

    const lines = [`pass        items   rows written   median ms   items/s   (runs: ${RUNS}; all ms: …)`];
    for (const [name, xs] of Object.entries(samples)) {
      const ms = median(xs.map((x) => x.ms));
      lines.push(
        `${name.padEnd(10)} ${String(xs[0]!.items).padStart(6)}  ${String(xs[0]!.inserted).padStart(13)}  ${ms.toFixed(0).padStart(10)}  ${((xs[0]!.items / ms) * 1000).toFixed(0).padStart(8)}   (${xs.map((x) => x.ms.toFixed(0)).join(', ')})`,
      );
    }
    process.stdout.write(`Reminder replan of the Nghệ An 2024 plan with communes (Node ${process.version}):\n${lines.join('\n')}\n`);
  } finally {
    // BENCH_KEEP=1 keeps the database for a look at its plans afterwards.
    if (process.env.BENCH_KEEP) {
      process.stdout.write(`kept ${db.url}\n`);
      await db.close();
    } else await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:replan failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
