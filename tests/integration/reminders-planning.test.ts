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
import { PostgresBotStore } from '../../src/db/bot-store.js';
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

  describe('replanning costs what changed (plan fingerprints, replan marks)', () => {
    /** A service over the real store that counts the store calls that read items or reminder rows. */
    function countingService() {
      const calls = { existingReminders: 0, itemsRead: 0 };
      const real = new PostgresReminderStore(h.db.sql);
      const store = new Proxy(real, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
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

    /** Row versions (xmin, ctid) of items and their reminder rows: equal before and after = nothing was written. */
    async function versions(ids: readonly number[]) {
      const items = await h.db.sql`select id, xmin::text as x, ctid::text as c from due_items where id = any(${ids as number[]}::bigint[]) order by id`;
      const rows = await h.db.sql`select id, xmin::text as x, ctid::text as c from reminders where due_item_id = any(${ids as number[]}::bigint[]) order by id`;
      return { items, rows };
    }

    /**
     * What waits: unit marks, and items of published plans marked or never planned (a draft's items wait until it
     * is published).
     */
    const marks = async () =>
      (
        await h.db.sql<{ n: number }[]>`
          select (select count(*) from replan_units) + (select count(*) from due_items d
            join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id join plans pl on pl.id = t.plan_id
            where pl.status = 'published'
              and (d.plan_fingerprint is null or exists (select 1 from replan_items r where r.due_item_id = d.id))) as n`
      )[0]!.n;
    const audit = { action: 'test', outcome: 'ok' as const };

    it('an unchanged replan writes no due_items row and no reminder row, whether items or units were marked', async () => {
      const [a, b] = await seedPlan(h.db.sql, p, [
        { unitId: p.units.a, dueDate: '2024-08-30', task: 'fp1' },
        { unitId: p.units.b, dueDate: '2024-08-30', task: 'fp2' },
      ]);
      await h.reminders.service.replan();
      expect(Number(await marks())).toBe(0);
      const before = await versions([a!, b!]);
      expect(before.rows.length).toBeGreaterThan(20);

      // Items marked (a change that moves nothing): read and compared, not planned, and their rows not even read.
      await h.db.sql`update due_items set revision = revision + 1 where id in (${a!}, ${b!})`;
      const items = countingService();
      expect(await items.service.replan()).toMatchObject({ items: 2, unchanged: 2, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0 });
      expect(items.calls).toEqual({ itemsRead: 2, existingReminders: 0 });
      // The revision bump itself wrote the items; the replan wrote nothing more.
      const bumped = await versions([a!, b!]);
      expect(bumped.rows).toEqual(before.rows);

      // Every unit of the province marked (what a coordinator or a leader joining writes): no item is even read.
      await h.db.sql`insert into replan_units (unit_id) select id from units where province = ${p.province}`;
      const units = countingService();
      expect(await units.service.replan()).toMatchObject({ inserted: 0, rescheduled: 0, cancelled: 0, stale: 0 });
      expect(units.calls).toEqual({ itemsRead: 0, existingReminders: 0 });
      expect(await versions([a!, b!])).toEqual(bumped);
      expect(Number(await marks())).toBe(0);
    });

    it('a membership change marks exactly the items whose plan it changes, and only those are planned', async () => {
      const [a, b] = await seedPlan(h.db.sql, p, [
        { unitId: p.units.a, dueDate: '2024-10-31', task: 'fm1' },
        { unitId: p.units.b, dueDate: '2024-10-31', task: 'fm2' },
      ]);
      await h.reminders.service.replan();
      const untouched = await versions([a!]);
      // A second focal point for unit B, whose private chat comes back to life (the bot store marks the unit).
      const chatId = 870_000_000 + Math.floor(Math.random() * 1_000_000);
      const [person] = await h.db.sql<{ id: number }[]>`insert into people (name, telegram_user_id) values ('Đầu mối B3', ${chatId}) returning id`;
      await h.db.sql`insert into chats (telegram_chat_id, kind, person_id, active) values (${chatId}, 'private', ${person!.id}, false)`;
      await h.db.sql`insert into memberships (person_id, unit_id, role) values (${person!.id}, ${p.units.b}, 'focal')`;
      const bots = new PostgresBotStore(h.db.sql);
      expect(await bots.reactivateChat(String(chatId), audit)).toMatchObject({ changed: true });
      const [unitMark] = await h.db.sql<{ unit_id: number }[]>`select unit_id from replan_units`;
      expect(unitMark!.unit_id).toBe(p.units.b);
      expect(Number(await marks())).toBe(1);

      const joined = countingService();
      const report = await joined.service.replan();
      // Unit B's chased, dated items of published plans: b and those of earlier cases of this file.
      const [ofB] = await h.db.sql<{ n: number }[]>`
        select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
        join plans pl on pl.id = t.plan_id
        where a.unit_id = ${p.units.b} and pl.status = 'published' and d.due_date is not null and d.state in ('open', 'overdue', 'extended')`;
      expect(joined.calls.itemsRead).toBe(ofB!.n);
      expect(joined.calls.existingReminders).toBe(ofB!.n);
      expect(report.inserted).toBeGreaterThan(0);
      expect((await h.db.sql`select 1 from reminders where due_item_id = ${b!} and recipient_chat_id = ${chatId} and status = 'planned'`).length).toBeGreaterThan(0);
      expect(await versions([a!])).toEqual(untouched);

      // Leaving: the same items again, and their rows for that chat cancelled.
      expect((await bots.leave(person!.id, audit)).bumped).toBe(1);
      const left = countingService();
      const after = await left.service.replan();
      expect(left.calls.itemsRead).toBe(ofB!.n);
      expect(after.cancelled).toBeGreaterThan(0);
      expect((await h.db.sql`select 1 from reminders where recipient_chat_id = ${chatId} and status = 'planned'`).length).toBe(0);
      expect(await versions([a!])).toEqual(untouched);
      expect(Number(await marks())).toBe(0);
    });

    it('one changed item: only it is read, planned and written', async () => {
      const [a, b, c] = await seedPlan(h.db.sql, p, [
        { unitId: p.units.a, dueDate: '2024-11-15', task: 'oc1' },
        { unitId: p.units.a, dueDate: '2024-11-15', task: 'oc2' },
        { unitId: p.units.b, dueDate: '2024-11-15', task: 'oc3' },
      ]);
      await h.reminders.service.replan();
      const others = await versions([b!, c!]);
      await h.db.sql`update due_items set due_date = '2024-11-22', revision = revision + 1 where id = ${a!}`;
      const one = countingService();
      const report = await one.service.replan();
      expect(one.calls).toEqual({ itemsRead: 1, existingReminders: 1 });
      expect(report).toMatchObject({ items: 1, unchanged: 0, inserted: 0, cancelled: 0, stale: 0 });
      expect(report.rescheduled).toBe((await rowsOf(a!)).filter((r) => r.status === 'planned').length);
      expect(await versions([b!, c!])).toEqual(others);
    });

    it('marks items by trigger: revision changed, deleted; a new item or a change without a revision bump marks nothing', async () => {
      const [a] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-12-13', task: 'tr1' }]);
      const mark = async () => (await h.db.sql<{ revision: number }[]>`select revision from replan_items where due_item_id = ${a!}`)[0]?.revision ?? null;
      // A new item has no mark: it waits as never planned (no fingerprint).
      expect(await mark()).toBeNull();
      expect((await new PostgresReminderStore(h.db.sql).dueItemsToPlan(1000)).filter((i) => i.id === a)).toMatchObject([{ revision: 0, planFingerprint: null }]);
      await h.reminders.service.replan();
      expect(await mark()).toBeNull();
      expect((await new PostgresReminderStore(h.db.sql).dueItemsToPlan(1000)).map((i) => i.id)).not.toContain(a);
      await h.db.sql`update due_items set state = 'overdue' where id = ${a!}`;
      expect(await mark()).toBeNull();
      await h.db.sql`update due_items set revision = revision + 1 where id = ${a!}`;
      expect(await mark()).toBe(1);
      // A stale plan (computed at an older revision) does not consume the newer mark.
      const store = new PostgresReminderStore(h.db.sql);
      expect(await store.applyPlan([{ itemId: a!, revision: 0, diff: { insert: [], reschedule: [], cancel: [] }, fingerprint: 'x' }])).toMatchObject({ stale: 1 });
      expect(await mark()).toBe(1);
      await h.db.sql`update due_items set revision = revision + 1 where id = ${a!}`;
      expect(await mark()).toBe(2);
      await h.db.sql`delete from due_items where id = ${a!}`;
      expect((await h.db.sql`select 1 from replan_items where due_item_id = ${a!}`).length).toBe(0);
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

    describe('new items wait without a mark (found by their missing fingerprint)', () => {
      const store = () => new PostgresReminderStore(h.db.sql);
      const waiting = async () => (await store().dueItemsToPlan(100_000)).map((i) => i.id);
      const noDiff = { insert: [], reschedule: [], cancel: [] };

      it('a published item is planned by the next replan without any mark, once; a deleted one leaves nothing', async () => {
        const [a, b] = await seedPlan(h.db.sql, p, [
          { unitId: p.units.a, dueDate: '2024-10-18', task: 'nm1' },
          { unitId: p.units.b, dueDate: '2024-10-18', task: 'nm2' },
        ]);
        expect((await h.db.sql`select 1 from replan_items where due_item_id = any(${[a!, b!]}::bigint[])`).length).toBe(0);
        expect(await waiting()).toEqual(expect.arrayContaining([a, b]));
        await h.db.sql`delete from due_items where id = ${b!}`;
        expect(await waiting()).not.toContain(b);
        const { service, calls } = countingService();
        const report = await service.replan();
        expect(calls.itemsRead).toBe(1);
        expect(report).toMatchObject({ items: 1, unchanged: 0, stale: 0 });
        expect(report.inserted).toBe((await rowsOf(a!)).length);
        expect(report.inserted).toBeGreaterThan(5);
        const [fp] = await h.db.sql<{ plan_fingerprint: string | null }[]>`select plan_fingerprint from due_items where id = ${a!}`;
        expect(fp!.plan_fingerprint).not.toBeNull();
        // Planned: nothing waits, nothing is read or written again.
        expect(Number(await marks())).toBe(0);
        const before = await versions([a!]);
        const again = countingService();
        expect(await again.service.replan()).toMatchObject({ items: 0, inserted: 0 });
        expect(again.calls).toEqual({ itemsRead: 0, existingReminders: 0 });
        expect(await versions([a!])).toEqual(before);
        expect((await h.db.sql`select 1 from replan_items where due_item_id = any(${[a!, b!]}::bigint[])`).length).toBe(0);
        expect((await h.db.sql`select 1 from reminders where due_item_id = ${b!}`).length).toBe(0);
      });

      it('a draft’s items wait until it is published, then are planned', async () => {
        const [d] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-10-25', task: 'nm3' }], 'draft');
        await h.reminders.service.replan();
        expect(await waiting()).not.toContain(d);
        expect(await rowsOf(d!)).toEqual([]);
        await h.db.sql`update plans set status = 'published' where id = (select t.plan_id from due_items i join task_assignments a on a.id = i.assignment_id join tasks t on t.id = a.task_id where i.id = ${d!})`;
        expect(await waiting()).toContain(d);
        expect((await h.reminders.service.replan()).inserted).toBe((await rowsOf(d!)).length);
        expect((await rowsOf(d!)).length).toBeGreaterThan(5);
        expect(await waiting()).not.toContain(d);
      });

      it('fenced: a plan read before a change, or applied second, is dropped and the item stays waiting', async () => {
        const [a, b] = await seedPlan(h.db.sql, p, [
          { unitId: p.units.a, dueDate: '2024-11-08', task: 'nm4' },
          { unitId: p.units.a, dueDate: '2024-11-08', task: 'nm5' },
        ]);
        const read = (await store().dueItemsToPlan(100_000)).filter((i) => i.id === a || i.id === b);
        expect(read).toMatchObject([{ id: a, revision: 0 }, { id: b, revision: 0 }]);
        // a changes after it was read: its revision is marked, the plan read at revision 0 is dropped.
        await h.db.sql`update due_items set due_date = '2024-11-15', revision = revision + 1 where id = ${a!}`;
        expect(await store().applyPlan([{ itemId: a!, revision: 0, diff: noDiff, fingerprint: 'x' }])).toMatchObject({ stale: 1 });
        const [fpA] = await h.db.sql<{ plan_fingerprint: string | null }[]>`select plan_fingerprint from due_items where id = ${a!}`;
        expect(fpA!.plan_fingerprint).toBeNull();
        expect((await store().dueItemsToPlan(100_000)).filter((i) => i.id === a)).toMatchObject([{ revision: 1 }]);
        // b planned twice from the same read: the first applies, the second finds it planned.
        expect(await store().applyPlan([{ itemId: b!, revision: 0, diff: noDiff, fingerprint: 'first' }])).toMatchObject({ stale: 0 });
        expect(await store().applyPlan([{ itemId: b!, revision: 0, diff: noDiff, fingerprint: 'second' }])).toMatchObject({ stale: 1 });
        const [fpB] = await h.db.sql<{ plan_fingerprint: string | null }[]>`select plan_fingerprint from due_items where id = ${b!}`;
        expect(fpB!.plan_fingerprint).toBe('first');
        // Concurrently: the second planner waits for the first's row lock, then finds the item planned.
        const first = await h.db.sql.reserve();
        try {
          await first`begin`;
          await first`update due_items set plan_fingerprint = 'locked' where id = ${a!} and plan_fingerprint is null`;
          const second = store().applyPlan([{ itemId: a!, revision: 1, diff: noDiff, fingerprint: 'late' }]);
          await first`delete from replan_items where due_item_id = ${a!}`;
          await first`commit`;
          expect(await second).toMatchObject({ stale: 1 });
        } finally {
          first.release();
        }
        const [fpA2] = await h.db.sql<{ plan_fingerprint: string | null }[]>`select plan_fingerprint from due_items where id = ${a!}`;
        expect(fpA2!.plan_fingerprint).toBe('locked');
        // Put back for the planner: both planned in full by the next replan.
        await h.db.sql`update due_items set plan_fingerprint = null where id = any(${[a!, b!]}::bigint[])`;
        expect((await h.reminders.service.replan()).inserted).toBe((await rowsOf(a!)).length + (await rowsOf(b!)).length);
        expect(await waiting()).not.toEqual(expect.arrayContaining([a]));
      });

      it('a recipient change marks no never-planned item, and the replan still plans it', async () => {
        await h.reminders.service.replan();
        const [a] = await seedPlan(h.db.sql, p, [{ unitId: p.units.b, dueDate: '2024-12-06', task: 'nm6' }]);
        // Unit B's planned items (earlier cases) are marked, as their stored fingerprints differ; the new one is not.
        const [planned] = await h.db.sql<{ n: number }[]>`
          select count(*)::int as n from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
          join plans pl on pl.id = t.plan_id
          where a.unit_id = ${p.units.b} and pl.status = 'published' and d.due_date is not null
            and d.state in ('open', 'overdue', 'extended') and d.plan_fingerprint is not null
            and extract(year from d.due_date)::int = 2024`;
        expect(planned!.n).toBeGreaterThan(0);
        const n = await store().consumeRecipientChanges([], [{ unitId: p.units.b, province: p.province, year: 2024, fingerprint: 'other' }]);
        expect(n).toBe(planned!.n);
        expect((await h.db.sql`select 1 from replan_items where due_item_id = ${a!}`).length).toBe(0);
        const report = await h.reminders.service.replan();
        expect(report.items).toBe(planned!.n + 1);
        expect((await rowsOf(a!)).length).toBeGreaterThan(5);
        expect(Number(await marks())).toBe(0);
      });
    });

    it('plans in full again when the fingerprint is cleared (rows deleted behind the planner’s back come back)', async () => {
      const [a] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-11-29', task: 'fp5' }]);
      await h.reminders.service.replan();
      const n = (await rowsOf(a!)).length;
      await h.db.sql`delete from reminders where due_item_id = ${a!}`;
      await h.db.sql`update due_items set plan_fingerprint = null, revision = revision + 1 where id = ${a!}`;
      const report = await h.reminders.service.replan();
      expect(report.inserted).toBe(n);
    });
  });
});
