/**
 * Planning against PostgreSQL: rows from published due items, idempotent replanning, and exactly the affected
 * rows replanned when an item changes (extension, done), escalation recipients from memberships.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingCalendar as loadCalendar } from '../../config/holidays/load.js';
import { createConfig } from '../../config/env.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { renderReminder } from '../../src/app/reminders/render.js';
import { ReminderService } from '../../src/app/reminders/service.js';
import type { ReminderStore } from '../../src/app/reminders/store.js';
import { PostgresReminderStore } from '../../src/db/reminder-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createHarness, type Harness } from '../helpers/reminder-harness.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';

const clock = new ManualClock('2024-01-02T01:00:00Z');
let h: Harness;
let p: Province;

beforeAll(async () => {
  h = await createHarness({ backend: 'postgres', clock });
  p = await seedProvince(h.db.sql);
});
afterAll(async () => {
  await h?.close();
});

async function rowsOf(itemId: number) {
  return h.db.sql<{ kind: string; step: string; chat: string; status: string; planned_at: Date }[]>`
    select kind, step, recipient_chat_id::text as chat, status, planned_at from reminders where due_item_id = ${itemId} order by planned_at, kind, recipient_chat_id`;
}

describe('reminder planning in PostgreSQL', () => {
  it('plans the ladder, escalations and nudges for a published item, on working days at 08:00', async () => {
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-02-16' }]);
    const report = await h.reminders.service.replan();
    expect(report.items).toBe(1);
    const rows = await rowsOf(item!);
    const reminders = rows.filter((r) => r.kind === 'reminder');
    expect(reminders.map((r) => r.step)).toEqual(['-7', '-3', '-1', '0', '+1', '+3', '+7']);
    expect(reminders.every((r) => r.chat === p.chats.focalA)).toBe(true);
    const escalations = rows.filter((r) => r.kind === 'escalation').map((r) => `${r.step}:${r.chat}`).sort();
    expect(escalations).toEqual(
      [`+3:${p.chats.headA}`, `+7:${p.chats.headA}`, `+7:${p.chats.coordinator}`, `+7:${p.chats.leader}`].sort(),
    );
    expect(rows.filter((r) => r.kind === 'nudge')).toHaveLength(4);
    const calendar = loadCalendar();
    for (const r of rows) {
      const local = new Date(r.planned_at.getTime() + 7 * 3600_000).toISOString();
      expect(local.slice(11, 16)).toBe('08:00');
      expect(calendar.isWorkingDay(local.slice(0, 10))).toBe(true);
    }
  });

  it('is idempotent: planning again changes nothing', async () => {
    const before = await h.db.sql`select count(*)::int as n from reminders`;
    const report = await h.reminders.service.replan();
    expect(report).toEqual({ items: 0, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0, unchanged: 0 });
    // Even a forced replan of an unchanged item (revision bumped, nothing else) moves nothing.
    await h.db.sql`update due_items set revision = revision + 1`;
    const forced = await h.reminders.service.replan();
    expect(forced.inserted + forced.rescheduled + forced.cancelled).toBe(0);
    const after = await h.db.sql`select count(*)::int as n from reminders`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('moves exactly the planned rows when an extension moves the due day, keeping sent history', async () => {
    const [item] = await seedPlan(h.db.sql, p, [{ unitId: p.units.b, dueDate: '2024-03-29' }]);
    await h.reminders.service.replan();
    // The -7 step went out already.
    await h.db.sql`update reminders set status = 'sent', sent_at = now(), telegram_message_id = 1 where due_item_id = ${item!} and kind = 'reminder' and step = '-7'`;
    await h.db.sql`update due_items set due_date = '2024-04-26', state = 'extended', revision = revision + 1 where id = ${item!}`;
    const report = await h.reminders.service.replan();
    expect(report.inserted).toBe(0);
    expect(report.cancelled).toBe(0);
    const rows = await rowsOf(item!);
    const sent = rows.filter((r) => r.status === 'sent');
    expect(sent.map((r) => r.step)).toEqual(['-7']);
    expect(sent[0]!.planned_at.toISOString()).toBe('2024-03-20T01:00:00.000Z');
    const zero = rows.find((r) => r.kind === 'reminder' && r.step === '0')!;
    expect(zero.status).toBe('planned');
    expect(zero.planned_at.toISOString()).toBe('2024-04-26T01:00:00.000Z');
  });

  it('cancels every planned row when the item is done, and plans nothing for draft plans or waiting items', async () => {
    const [item, waiting] = await seedPlan(h.db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-05-31', task: 'x' },
      { unitId: p.units.b, dueDate: null, state: 'waiting', task: 'y' },
    ]);
    await h.reminders.service.replan();
    expect((await rowsOf(item!)).length).toBeGreaterThan(0);
    expect(await rowsOf(waiting!)).toEqual([]);
    await h.db.sql`update due_items set state = 'done', done_at = now(), revision = revision + 1 where id = ${item!}`;
    const report = await h.reminders.service.replan();
    const rows = await rowsOf(item!);
    expect(report.cancelled).toBe(rows.length);
    expect(rows.every((r) => r.status === 'cancelled')).toBe(true);

    const [draftItem] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-06-28' }], 'draft');
    await h.reminders.service.replan();
    expect(await rowsOf(draftItem!)).toEqual([]);
  });

  it('gives a support unit its own rows at the internal due day and the lead is told who has not delivered', async () => {
    const [lead, support] = await seedPlan(h.db.sql, p, [
      { unitId: p.units.a, role: 'lead', dueDate: '2024-07-31', task: 'shared' },
      { unitId: p.units.b, role: 'support', dueDate: '2024-07-31', task: 'shared' },
    ]);
    await h.reminders.service.replan();
    const supportZero = (await rowsOf(support!)).find((r) => r.kind === 'reminder' && r.step === '0')!;
    // 5 working days before Wednesday 31/07/2024.
    expect(supportZero.planned_at.toISOString()).toBe('2024-07-24T01:00:00.000Z');
    expect(supportZero.chat).toBe(p.chats.focalB);
    const [leadZero] = await h.db.sql<{ id: string }[]>`select id from reminders where due_item_id = ${lead!} and kind = 'reminder' and step = '0'`;
    const { PostgresReminderStore } = await import('../../src/db/reminder-store.js');
    const model = await new PostgresReminderStore(h.db.sql).messageModel(Number(leadZero!.id));
    expect(model!.item!.supportMissing).toEqual(['Sở B']);

    // The support unit's reminder names the day its reminders are timed by (one rule), in a true sentence.
    const [supportRow] = await h.db.sql<{ id: string }[]>`select id from reminders where due_item_id = ${support!} and kind = 'reminder' and step = '0'`;
    const supportModel = await new PostgresReminderStore(h.db.sql).messageModel(Number(supportRow!.id));
    const text = renderReminder(supportModel!, {
      t: createTranslator(),
      calendar: loadCalendar(),
      today: '2024-07-24',
      zone: 'Asia/Ho_Chi_Minh',
      supportLeadDays: reminderPolicyFromConfig(h.config).supportLeadDays,
    });
    expect(text).toContain('Vai trò: phối hợp — hạn nội bộ 24/07/2024, 5 ngày làm việc trước hạn của đơn vị chủ trì (31/07/2024)');
  });

  describe('replanning costs what changed (plan fingerprints)', () => {
    /** A service over the real store that counts the store calls that read or write reminder rows. */
    function countingService(options: { setBased?: boolean } = {}) {
      const calls = { existingReminders: 0, itemsRead: 0 };
      const real = new PostgresReminderStore(h.db.sql);
      const store = new Proxy(real, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          // A store without the optional set-based fast path (as an in-memory store may be).
          if (options.setBased === false && (prop === 'planGroups' || prop === 'markUnchangedPlanned')) return undefined;
          if (prop === 'dueItemsToPlan')
            return async (limit: number) => {
              const items = await target.dueItemsToPlan(limit);
              calls.itemsRead += items.length;
              return items;
            };
          if (prop === 'existingReminders')
            return (ids: readonly number[]) => {
              calls.existingReminders += ids.length;
              return target.existingReminders(ids);
            };
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }) as ReminderStore;
      const config = createConfig({});
      const service = new ReminderService({
        store,
        queue: { enqueueSends: async (rows) => rows.length, generation: async () => 0, setGeneration: async () => {} },
        notifier: { kind: 'recording', send: async () => ({ messageId: 1 }) },
        pacer: { reserve: async () => 0 },
        calendar: loadCalendar(),
        policy: reminderPolicyFromConfig(config),
        workingHours: config.domain.workingHours,
        horizonMs: 0,
        clock,
        t: createTranslator(),
        logger: silentLogger,
      });
      return { service, calls };
    }

    it.each([
      ['in one statement (set-based)', true],
      ['batch by batch (a store without the fast path)', false],
    ])('marks an item whose inputs did not change as planned without reading or writing its rows, %s', async (_, setBased) => {
      const [a, b] = await seedPlan(h.db.sql, p, [
        { unitId: p.units.a, dueDate: '2024-08-30', task: `fp1${setBased}` },
        { unitId: p.units.b, dueDate: '2024-08-30', task: `fp2${setBased}` },
      ]);
      await h.reminders.service.replan();
      const before = await h.db.sql`select id, status, planned_at, updated_at from reminders where due_item_id in (${a!}, ${b!}) order by id`;
      // What a leader joining does today: every chased item of the province is bumped.
      await h.db.sql`update due_items set revision = revision + 1 where id in (${a!}, ${b!})`;
      const { service, calls } = countingService({ setBased });
      const report = await service.replan();
      expect(report).toMatchObject({ items: 2, unchanged: 2, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0 });
      expect(calls.existingReminders).toBe(0);
      // The set-based path leaves nothing for the batches; without it, the items are read and skipped one by one.
      expect(calls.itemsRead).toBe(setBased ? 0 : 2);
      const after = await h.db.sql`select id, status, planned_at, updated_at from reminders where due_item_id in (${a!}, ${b!}) order by id`;
      expect(after).toEqual(before);
      const [lag] = await h.db.sql<{ n: number }[]>`select count(*)::int as n from due_items where id in (${a!}, ${b!}) and planned_revision is distinct from revision`;
      expect(lag!.n).toBe(0);
    });

    it('plans in full exactly the items whose inputs changed: a new focal point, a moved due day', async () => {
      const [a, b] = await seedPlan(h.db.sql, p, [
        { unitId: p.units.a, dueDate: '2024-09-30', task: 'fp3' },
        { unitId: p.units.b, dueDate: '2024-09-30', task: 'fp4' },
      ]);
      await h.reminders.service.replan();
      // Unit B gets a second focal point; item a is re-dated. Both bumped, together with an unchanged item.
      const chatId = 880_000_000 + Math.floor(Math.random() * 1_000_000);
      const [person] = await h.db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values ('Đầu mối B2', ${chatId}) returning id`;
      await h.db.sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${person!.id})`;
      await h.db.sql`insert into memberships (person_id, unit_id, role) values (${person!.id}, ${p.units.b}, 'focal')`;
      await h.db.sql`update due_items set due_date = '2024-10-31', revision = revision + 1 where id = ${a!}`;
      await h.db.sql`update due_items set revision = revision + 1 where id = ${b!}`;
      const { service, calls } = countingService();
      const report = await service.replan();
      expect(report.unchanged).toBe(0);
      expect(calls.existingReminders).toBe(2);
      expect(report.rescheduled).toBeGreaterThan(0);
      const newRows = await h.db.sql`select kind from reminders where due_item_id = ${b!} and recipient_chat_id = ${chatId}`;
      expect(newRows.length).toBeGreaterThan(0);
      await h.db.sql`update memberships set active = false where person_id = ${person!.id}`;
    });

    it('plans in full again when the fingerprint is cleared (rows deleted behind the planner’s back come back)', async () => {
      const [a] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-11-29', task: 'fp5' }]);
      await h.reminders.service.replan();
      const n = (await rowsOf(a!)).length;
      await h.db.sql`delete from reminders where due_item_id = ${a!}`;
      await h.db.sql`update due_items set planned_revision = null, plan_fingerprint = null where id = ${a!}`;
      const report = await h.reminders.service.replan();
      expect(report.inserted).toBe(n);
    });
  });
});
