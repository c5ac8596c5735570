/**
 * A simulated year of the Nghệ An 2024 seed plan: imported and published for real, then simulated twice, each
 * on its own scratch copy of the database. The output must be identical (deterministic), and must look like the
 * product: reminders only on working days at the send time, escalations after the due day, digests, and the
 * real database untouched.
 */
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { loadUnitDirectory } from '../../config/units/load.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { createDeadlineAdapter } from '../../src/app/deadline-adapter.js';
import { importPlan } from '../../src/app/plan-import.js';
import { publishPlan } from '../../src/app/plan-publish.js';
import { simulatePlan, type SimulationResult } from '../../src/app/simulate.js';
import { createScratchCopy } from '../../src/db/scratch.js';
import { saveDirectory } from '../../src/db/unit-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

const config = createConfig({});
const calendar = loadWorkingCalendar();
let db: TestDatabase;
let planId: number;

beforeAll(async () => {
  if (!hasSeeds) return;
  db = await createTestDatabase('simseed');
  const clock = new ManualClock('2023-12-28T03:00:00Z');
  const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
  // Without the 460 communes: their 9 tasks would multiply the items (and the minutes) without exercising
  // anything the departments and districts do not (the full province is measured by bench:import).
  const full = loadUnitDirectory('nghe-an');
  await db.db.transaction((tx) => saveDirectory(tx, { ...full, units: full.units.filter((u) => u.kind !== 'commune') }).then(() => undefined));
  await importPlan(db, clock, { file: path.join(seedsDir, SEEDS.na2024), province: 'nghe-an', deadline, actor: 'test' });
  const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
  planId = plan!.id;
  const published = await publishPlan(db, clock, { planId, acceptProblems: true, deadline, actor: 'test' });
  expect(published.status).toBe('published');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

async function simulateOnce(): Promise<SimulationResult> {
  const scratch = await createScratchCopy(db.url);
  try {
    return await simulatePlan(
      {
        database: scratch,
        clock: new ManualClock('2024-01-01T00:00:00+07:00'),
        calendar,
        policy: reminderPolicyFromConfig(config),
        workingHours: config.domain.workingHours,
        t: createTranslator(),
        logger: silentLogger,
        schedules: config.schedules,
      },
      { planId, from: '2024-01-01', to: '2024-12-31', doneRate: 0.7 },
    );
  } finally {
    await scratch.drop();
  }
}

describe.skipIf(!hasSeeds)('simulating a year of the Nghệ An 2024 seed plan', () => {
  it('is deterministic and behaves like the product', async () => {
    const first = await simulateOnce();
    const second = await simulateOnce();
    expect(second).toEqual(first);

    expect(first.dueItems).toBeGreaterThan(1000);
    expect(first.completed / first.dueItems).toBeGreaterThan(0.5);
    expect(first.totals.byKind.reminder).toBeGreaterThan(1000);
    expect(first.totals.byKind.escalation).toBeGreaterThan(100);
    expect(first.totals.byKind.digest).toBeGreaterThan(50);
    for (const e of first.events) {
      const day = e.at.slice(0, 10);
      // Nothing goes out on weekends or holidays, nor outside working hours.
      expect(calendar.isWorkingDay(day), `${e.kind} on ${e.at}`).toBe(true);
      expect(e.at.slice(11) >= '08:00' && e.at.slice(11) < '17:00', e.at).toBe(true);
    }
    // Escalations come only after the due day (they name the days overdue).
    const escalation = first.events.find((e) => e.kind === 'escalation')!;
    expect(escalation.text).toMatch(/QUÁ HẠN \d+ NGÀY LÀM VIỆC/);
    expect(DateTime.fromFormat(first.events[0]!.at, 'yyyy-LL-dd HH:mm').year).toBe(2024);

    // The real database saw none of it.
    const [rows] = await db.sql<{ n: number }[]>`select count(*)::int as n from reminders`;
    expect(rows!.n).toBe(0);
  }, 600_000);
});
