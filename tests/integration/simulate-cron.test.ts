/**
 * Issue #16.13 in the simulator: digest schedules run at the instants node-cron would fire them, also off the
 * simulator's 15-minute grid and with day names (the old matcher missed 09:07 and threw on `mon`).
 * A small plan (tests/fixtures/import/ke-hoach-mau.txt), nothing completed, two weeks of February 2024.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { loadUnitDirectory } from '../../config/units/load.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { createDeadlineAdapter } from '../../src/app/deadline-adapter.js';
import { importPlan } from '../../src/app/plan-import.js';
import { publishPlan } from '../../src/app/plan-publish.js';
import { planPortsOn } from '../../src/plan-wiring.js';
import { simulatePlan, type SimulationEvent } from '../../src/app/simulate.js';
import { loadPlanSnapshot } from '../../src/db/memory-world-loader.js';
import { createScratchCopy } from '../../src/db/scratch.js';
import { saveDirectory } from '../../src/db/unit-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const config = createConfig({});
const calendar = loadWorkingCalendar();
let db: TestDatabase;
let planId: number;

beforeAll(async () => {
  db = await createTestDatabase('simcron');
  const clock = new ManualClock('2024-01-05T03:00:00Z');
  const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
  const full = loadUnitDirectory('nghe-an');
  await db.db.transaction((tx) => saveDirectory(tx, { ...full, units: full.units.filter((u) => u.kind !== 'commune') }).then(() => undefined));
  await importPlan(planPortsOn(db), clock, { file: path.resolve(import.meta.dirname, '../fixtures/import/ke-hoach-mau.txt'), province: 'nghe-an', deadline, actor: 'test' });
  const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
  planId = plan!.id;
  expect((await publishPlan(planPortsOn(db), clock, { planId, acceptProblems: true, deadline, actor: 'test' })).status).toBe('published');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe('simulated digests follow node-cron (#16.13)', () => {
  it('runs a digest scheduled off the quarter-hour grid with named weekdays', async () => {
    const scratch = await createScratchCopy(db.url);
    try {
      const events: SimulationEvent[] = [];
      await simulatePlan(
        {
          snapshot: await loadPlanSnapshot(scratch.sql, planId),
          clock: new ManualClock('2024-02-01T00:00:00+07:00'),
          calendar,
          policy: reminderPolicyFromConfig(config),
          workingHours: config.domain.workingHours,
          t: createTranslator(),
          logger: silentLogger,
          schedules: { digestLeadership: '7 9 * * mon', digestCoordinator: '52 15 * * MON-FRI', digestUnit: '7 9 * * mon' },
        },
        { planId, from: '2024-02-01', to: '2024-02-14', doneRate: 0, onEvent: (e) => void events.push(e) },
      );
      const coordinator = events.filter((e) => e.kind === 'digest' && e.step.startsWith('coordinator:'));
      // 15:52 on working days falls in the 15:45 quarter hour; 08–14/02/2024 is the Tết holiday (nothing goes out).
      expect(coordinator.map((e) => e.at)).toEqual(['2024-02-01 15:45', '2024-02-02 15:45', '2024-02-05 15:45', '2024-02-06 15:45', '2024-02-07 15:45']);
    } finally {
      await scratch.drop();
    }
  }, 300_000);
});
