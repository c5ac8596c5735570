/**
 * A simulated year of the Nghệ An 2024 seed plan: imported and published for real in PostgreSQL, read once, then
 * simulated in memory twice (each from a snapshot of its own). The output must be identical (deterministic), and
 * must look like the product: reminders only on working days at the send time, escalations only once items are
 * overdue, no reminder for an item after it was completed, catch-up notices when a simulation starts mid-year,
 * digests, and the real database untouched.
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
import { simulatePlan, type SimulationEvent, type SimulationResult } from '../../src/app/simulate.js';
import { loadPlanSnapshot } from '../../src/db/memory-world-loader.js';
import { saveDirectory } from '../../src/db/unit-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

const config = createConfig({});
const policy = reminderPolicyFromConfig(config);
const calendar = loadWorkingCalendar();
let db: TestDatabase;
let planId: number;

beforeAll(async () => {
  if (!hasSeeds) return;
  db = await createTestDatabase('simseed');
  const clock = new ManualClock('2023-12-28T03:00:00Z');
  const deadline = createDeadlineAdapter({ calendar, zone: 'Asia/Ho_Chi_Minh' });
  // Without the 460 communes: their 9 tasks would multiply the items without exercising anything the departments
  // and districts do not (the full province is measured by bench:simulate).
  const full = loadUnitDirectory('nghe-an');
  await db.db.transaction((tx) => saveDirectory(tx, { ...full, units: full.units.filter((u) => u.kind !== 'commune') }).then(() => undefined));
  await importPlan(planPortsOn(db), clock, { file: path.join(seedsDir, SEEDS.na2024), province: 'nghe-an', deadline, actor: 'test' });
  const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
  planId = plan!.id;
  const published = await publishPlan(planPortsOn(db), clock, { planId, acceptProblems: true, deadline, actor: 'test' });
  expect(published.status).toBe('published');
}, 180_000);
afterAll(async () => {
  await db?.drop();
});

interface Simulated {
  result: SimulationResult;
  /** Every message, as streamed to `onEvent`. */
  events: SimulationEvent[];
}

async function simulateOnce(from = '2024-01-01', to = '2024-12-31', doneRate = 0.7): Promise<Simulated> {
  const events: SimulationEvent[] = [];
  const result = await simulatePlan(
    {
      snapshot: await loadPlanSnapshot(db.sql, planId),
      clock: new ManualClock(`${from}T00:00:00+07:00`),
      calendar,
      policy,
      workingHours: config.domain.workingHours,
      t: createTranslator(),
      logger: silentLogger,
      schedules: config.schedules,
    },
    { planId, from, to, doneRate, onEvent: (e) => void events.push(e) },
  );
  return { result, events };
}

/** The working days overdue an escalation names. */
const overdueDays = (text: string) => Number(/QUÁ HẠN (\d+) NGÀY LÀM VIỆC/.exec(text)?.[1] ?? NaN);

describe.skipIf(!hasSeeds)('simulating a year of the Nghệ An 2024 seed plan', () => {
  let first: Simulated;

  it('is deterministic: two runs give identical output', async () => {
    first = await simulateOnce();
    const second = await simulateOnce();
    expect(second.result).toEqual(first.result);
    expect(second.events.length).toBe(first.events.length);
    // Compared message by message: one toEqual over 120,000 events costs more than the simulation.
    for (let i = 0; i < first.events.length; i++) if (JSON.stringify(second.events[i]) !== JSON.stringify(first.events[i])) expect(second.events[i]).toEqual(first.events[i]);
  }, 120_000);

  it('streams every message in output order, counts them all, and keeps the first ones', () => {
    const { result, events } = first;
    expect(result.eventCount).toBe(events.length);
    expect(result.events).toEqual(events.slice(0, 20));
    expect(Object.values(result.totals.byKind).reduce((a, n) => a + n, 0)).toBe(events.length);
    expect(Object.values(result.totals.byMonth).flatMap((k) => Object.values(k)).reduce((a, n) => a + n, 0)).toBe(events.length);
    expect(Object.keys(result.totals.byMonth).sort()).toEqual([...new Set(events.map((e) => e.at.slice(0, 7)))].sort());
    expect(events.filter((e, i) => i > 0 && events[i - 1]!.at > e.at).map((e) => e.at)).toEqual([]);
  });

  it('sends reminders, nudges, escalations and digests in plausible numbers', () => {
    const { result } = first;
    expect(result.dueItems).toBeGreaterThan(1000);
    expect(result.completed / result.dueItems).toBeGreaterThan(0.5);
    const k = result.totals.byKind;
    expect(k.reminder).toBeGreaterThan(result.dueItems);
    expect(k.nudge).toBeGreaterThan(1000);
    expect(k.escalation).toBeGreaterThan(100);
    expect(k.digest).toBeGreaterThan(50);
    // Steps planned before the first simulated day (late December) are missed; each goes out once, late, at the
    // first send window (Tuesday 02/01/2024: 01/01 is a holiday), and nothing else is late.
    const late = first.events.filter((e) => e.kind === 'late_notice' || e.text.includes('gửi muộn'));
    expect(late.length).toBeGreaterThan(0);
    for (const e of late) expect(e.at, e.text).toBe('2024-01-02 08:00');
  });

  it('sends only on working days, within working hours, reminders at the send time', () => {
    // Violations collected, then compared with none: 120,000 `expect` calls would cost more than the checks.
    const wrong: string[] = [];
    for (const e of first.events) {
      const time = e.at.slice(11);
      if (!calendar.isWorkingDay(e.at.slice(0, 10))) wrong.push(`${e.kind} on ${e.at}: not a working day`);
      if (!(time >= config.domain.workingHours.start && time < config.domain.workingHours.end)) wrong.push(`${e.kind} at ${e.at}: outside working hours`);
      if ((e.kind === 'reminder' || e.kind === 'nudge' || e.kind === 'escalation') && time !== policy.sendTime) wrong.push(`${e.kind} at ${e.at}: not at the send time`);
      if (!e.at.startsWith('2024-')) wrong.push(`${e.kind} at ${e.at}: outside the period`);
    }
    expect(wrong).toEqual([]);
  });

  it('escalates only overdue items: to the head from +3, to the coordinator and leadership from +7', () => {
    const escalations = first.events.filter((e) => e.kind === 'escalation');
    // Lead units' items only: a support unit's escalation counts from the lead's due day (issue #16 point 20).
    for (const e of escalations.filter((x) => x.text.includes('Vai trò: chủ trì'))) {
      const days = overdueDays(e.text);
      expect(days, e.text).toBeGreaterThanOrEqual(policy.escalateHeadFrom);
      if (e.recipient.role === 'coordinator' || e.recipient.role === 'leader') expect(days, e.text).toBeGreaterThanOrEqual(policy.escalateLeadershipFrom);
      expect(e.step.startsWith('+'), e.step).toBe(true);
    }
    const roles = new Set(escalations.map((e) => e.recipient.role));
    expect([...roles].sort()).toEqual(['coordinator', 'head', 'leader']);
    // Plain reminders after the due day say so; before it they count down.
    expect(first.events.some((e) => e.kind === 'reminder' && e.step.startsWith('+') && e.text.includes('quá hạn'))).toBe(true);
    expect(first.events.some((e) => e.kind === 'reminder' && e.step.startsWith('-') && e.text.includes('còn'))).toBe(true);
  });

  it('stops chasing an item once it is done: when every lead unit finishes before its due day, none is escalated', async () => {
    const allDone = await simulateOnce('2024-01-01', '2024-06-30', 1);
    expect(allDone.result.completed).toBeGreaterThan(allDone.result.dueItems / 3);
    expect(allDone.result.totals.byKind.reminder).toBeGreaterThan(1000);
    // Lead units finish by their due day: no escalation, no reminder after it. (Support units are chased from an
    // internal day 5 working days earlier, which the completion generator does not aim at.)
    const lead = allDone.events.filter((e) => !e.text.includes('Vai trò: phối hợp'));
    expect(lead.filter((e) => e.kind === 'escalation')).toEqual([]);
    expect(lead.filter((e) => e.kind === 'reminder' && e.step.startsWith('+') && e.at > '2024-01-02 08:00')).toEqual([]);
    const halfYear = first.events.filter((e) => e.at <= '2024-06-30 23:59');
    expect(halfYear.filter((e) => e.kind === 'escalation').length).toBeGreaterThan(100);
  }, 120_000);

  it('catches up when started mid-year: what was missed goes out once, late, at the first send window', async () => {
    const late = await simulateOnce('2024-03-04', '2024-03-08');
    const notices = late.events.filter((e) => e.kind === 'late_notice' || e.text.includes('gửi muộn'));
    expect(notices.length).toBeGreaterThan(0);
    // Monday 04/03/2024, 08:00: the first send window of the period; each recipient hears once about the backlog.
    for (const e of notices) expect(e.at).toBe('2024-03-04 08:00');
    const perRecipient = new Map<string, number>();
    for (const e of late.events.filter((x) => x.kind === 'late_notice')) perRecipient.set(e.recipient.chatId, (perRecipient.get(e.recipient.chatId) ?? 0) + 1);
    expect(Math.max(...perRecipient.values())).toBe(1);
  }, 60_000);

  it('changes nothing in the database', async () => {
    const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from reminders`;
    expect(r!.n).toBe(0);
    const [d] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from due_items d
      where state = 'done' or plan_fingerprint is not null or exists (select 1 from replan_items r where r.due_item_id = d.id)`;
    // Every published item is still waiting for the reminder planner (never planned, and never marked).
    expect(d!.n).toBe(0);
    const [p] = await db.sql<{ n: number }[]>`select count(*)::int as n from people`;
    expect(p!.n).toBe(0);
  });
});
