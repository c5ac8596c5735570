/**
 * `simulate` names tasks by their full label (section and number, "VI.7"), in its events and in the messages it
 * would send, as the CLI and the bot do. A few days of the Nghệ An 2024 seed plan.
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
import { hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

const config = createConfig({});
const calendar = loadWorkingCalendar();
let db: TestDatabase;
let planId: number;

beforeAll(async () => {
  if (!hasSeeds) return;
  db = await createTestDatabase('simlabels');
  const clock = new ManualClock('2023-12-28T03:00:00Z');
  const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
  // Without the 460 communes: their 9 tasks would multiply the items (and the minutes) without exercising
  // anything the departments and districts do not (the full province is measured by bench:import).
  const full = loadUnitDirectory('nghe-an');
  await db.db.transaction((tx) => saveDirectory(tx, { ...full, units: full.units.filter((u) => u.kind !== 'commune') }).then(() => undefined));
  await importPlan(planPortsOn(db), clock, { file: path.join(seedsDir, SEEDS.na2024), province: 'nghe-an', deadline, actor: 'test' });
  const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
  planId = plan!.id;
  const published = await publishPlan(planPortsOn(db), clock, { planId, acceptProblems: true, deadline, actor: 'test' });
  expect(published.status).toBe('published');
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!hasSeeds)('simulate names tasks as the CLI does', () => {
  it('labels every event and message with the task\'s section and number', async () => {
    const scratch = await createScratchCopy(db.url);
    try {
      const events: SimulationEvent[] = [];
      await simulatePlan(
        {
          snapshot: await loadPlanSnapshot(scratch.sql, planId),
          clock: new ManualClock('2024-01-02T00:00:00+07:00'),
          calendar,
          policy: reminderPolicyFromConfig(config),
          workingHours: config.domain.workingHours,
          t: createTranslator(),
          logger: silentLogger,
          schedules: config.schedules,
        },
        { planId, from: '2024-01-02', to: '2024-01-05', doneRate: 0.7, onEvent: (e) => void events.push(e) },
      );
      const reminders = events.filter((e) => e.kind === 'reminder' && e.task !== null);
      expect(reminders.length).toBeGreaterThan(0);
      expect(reminders.some((e) => /^[IVX]+\.\d/.test(e.task!))).toBe(true);
      for (const e of reminders) expect(e.text).toContain(`Nhiệm vụ ${e.task}: `);
    } finally {
      await scratch.drop();
    }
  }, 300_000);
});
