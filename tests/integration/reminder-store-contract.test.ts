/**
 * Contract tests of the reminder and digest store ports: one test body, run against the PostgreSQL stores
 * (src/db) and the in-memory stores the simulator uses (src/app/memory, loaded from the same database by
 * src/db/memory-world-loader.ts). Each case starts from the same rows in PostgreSQL. A last case runs the real
 * ReminderService and DigestService for two months on each and requires the same messages, word for word.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { DigestService } from '../../src/app/digests/service.js';
import type { DigestStore } from '../../src/app/digests/store.js';
import { MemoryDigestStore } from '../../src/app/memory/digest-store.js';
import { MemoryReminderStore } from '../../src/app/memory/reminder-store.js';
import { MemoryWorld } from '../../src/app/memory/world.js';
import { ReminderService } from '../../src/app/reminders/service.js';
import type { ReminderStore } from '../../src/app/reminders/store.js';
import { RecordingNotifier } from '../../src/app/simulate.js';
import { PostgresDigestStore } from '../../src/db/digest-store.js';
import { loadPlanSnapshot } from '../../src/db/memory-world-loader.js';
import { PostgresReminderStore } from '../../src/db/reminder-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { seedPlan, seedProvince, type Province } from '../helpers/reminder-fixtures.js';

const config = createConfig({});
const policy = reminderPolicyFromConfig(config);
const calendar = loadWorkingCalendar();
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('store_contract');
});
afterAll(async () => {
  await db?.drop();
});

interface Stores {
  reminders: ReminderStore;
  digests: DigestStore;
  /** A unit reports the items done (what the bot's completion use case writes). */
  complete(ids: number[], at: Date): Promise<void>;
}

interface Backend {
  name: string;
  /** Stores over the database's current rows (the plan `planId` is published there). */
  open(planId: number): Promise<Stores>;
}

const backends: Backend[] = [
  {
    name: 'PostgreSQL',
    open: async () => ({
      reminders: new PostgresReminderStore(db.sql),
      digests: new PostgresDigestStore(db.sql),
      complete: async (ids, at) => {
        await db.sql`update due_items set state = 'done', done_at = ${at}, revision = revision + 1 where id = any(${ids}::bigint[]) and state in ('open', 'overdue', 'extended')`;
      },
    }),
  },
  {
    name: 'in-memory',
    open: async (planId) => {
      const world = new MemoryWorld(await loadPlanSnapshot(db.sql, planId));
      return {
        reminders: new MemoryReminderStore(world),
        digests: new MemoryDigestStore(world),
        complete: async (ids, at) => void world.completeItems(ids, at.getTime()),
      };
    },
  },
];

/** A fresh province: two units (A with a focal point and a head, B with a focal point), a coordinator, a leader. */
async function freshProvince(): Promise<Province> {
  await db.sql`truncate units, people, memberships, chats, plans, tasks, task_assignments, due_items, reminders, digest_runs, queue_state restart identity cascade`;
  return seedProvince(db.sql, 100_000);
}

function service(store: ReminderStore, clock: ManualClock, notifier = new RecordingNotifier()): ReminderService {
  return new ReminderService({
    store,
    queue: { enqueueSends: async (rows) => rows.length, generation: async () => 0, setGeneration: async () => {} },
    notifier,
    pacer: { reserve: async () => 0 },
    calendar,
    policy,
    workingHours: config.domain.workingHours,
    horizonMs: 0,
    clock,
    t: createTranslator(),
    logger: silentLogger,
  });
}

async function rowsOf(store: ReminderStore, itemId: number) {
  return (await store.existingReminders([itemId]))
    .map((r) => ({ key: r.dedupeKey, status: r.status, at: new Date(r.plannedAt).toISOString() }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Transcripts of the two-month run, by backend: compared after both ran. */
const transcripts = new Map<string, string[]>();

describe.each(backends)('the $name reminder and digest stores', (backend) => {
  let p: Province;
  beforeEach(async () => {
    p = await freshProvince();
  });

  it('plan the ladder, escalations and nudges, idempotently, and cancel what a completion makes moot', async () => {
    const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2024-02-16' }]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    const s = service(stores.reminders, clock);
    expect(await s.replan()).toEqual({ items: 1, inserted: 15, rescheduled: 0, cancelled: 0, stale: 0, unchanged: 0 });
    const rows = await rowsOf(stores.reminders, item!);
    expect(rows.filter((r) => r.key.includes('|reminder|')).map((r) => r.key.split('|')[2]).sort()).toEqual(['+1', '+3', '+7', '-1', '-3', '-7', '0']);
    expect(rows.filter((r) => r.key.includes('|escalation|')).map((r) => `${r.key.split('|')[2]}:${r.key.split('|')[3]}`).sort()).toEqual(
      [`+3:${p.chats.headA}`, `+7:${p.chats.coordinator}`, `+7:${p.chats.headA}`, `+7:${p.chats.leader}`].sort(),
    );
    expect(rows.filter((r) => r.key.includes('|nudge|'))).toHaveLength(4);
    expect(rows.find((r) => r.key === `${item}|reminder|0|${p.chats.focalA}`)!.at).toBe('2024-02-16T01:00:00.000Z');
    expect(await s.replan()).toEqual({ items: 0, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0, unchanged: 0 });

    await stores.complete([item!], clock.now());
    const report = await s.replan();
    expect(report).toEqual({ items: 1, inserted: 0, rescheduled: 0, cancelled: 15, stale: 0, unchanged: 0 });
    expect((await rowsOf(stores.reminders, item!)).every((r) => r.status === 'cancelled')).toBe(true);
    expect(await stores.reminders.cancelForClosedItems()).toBe(0);
  });

  it('replan only what changed: one changed item is planned alone, the others are not even read', async () => {
    const [a, b, c] = await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-02-16', task: 'x' },
      { unitId: p.units.a, dueDate: '2024-03-15', task: 'y' },
      { unitId: p.units.b, dueDate: '2024-02-16', task: 'z' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const read: number[] = [];
    const counting = new Proxy(stores.reminders, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'existingReminders')
          return (ids: readonly number[]) => {
            read.push(...ids);
            return target.existingReminders(ids);
          };
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as ReminderStore;
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    const s = service(counting, clock);
    expect(await s.replan()).toMatchObject({ items: 3, inserted: 15 + 15 + 13, unchanged: 0 });
    const before = await Promise.all([b!, c!].map((id) => rowsOf(stores.reminders, id)));
    read.length = 0;
    await stores.complete([a!], clock.now());
    expect(await s.replan()).toEqual({ items: 1, inserted: 0, rescheduled: 0, cancelled: 15, stale: 0, unchanged: 0 });
    expect(read).toEqual([a]);
    expect(await Promise.all([b!, c!].map((id) => rowsOf(stores.reminders, id)))).toEqual(before);
    // Nothing left waiting: the next replan reads no item.
    expect(await stores.reminders.dueItemsToPlan(100)).toEqual([]);
    expect(await s.replan()).toEqual({ items: 0, inserted: 0, rescheduled: 0, cancelled: 0, stale: 0, unchanged: 0 });
  });

  it('a plan computed at an older revision is dropped, and the item stays waiting', async () => {
    const [a] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2024-02-16' }]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const [waiting] = await stores.reminders.dueItemsToPlan(10);
    expect(waiting).toMatchObject({ id: a });
    await stores.complete([a!], new Date('2024-01-02T01:00:00Z'));
    const res = await stores.reminders.applyPlan([{ itemId: a!, revision: waiting!.revision, diff: { insert: [], reschedule: [], cancel: [] }, fingerprint: 'x' }]);
    expect(res.stale).toBe(1);
    const [again] = await stores.reminders.dueItemsToPlan(10);
    expect(again).toMatchObject({ id: a, revision: waiting!.revision + 1 });
    expect((await stores.reminders.applyPlan([{ itemId: a!, revision: again!.revision, diff: { insert: [], reschedule: [], cancel: [] }, fingerprint: 'x' }])).stale).toBe(0);
    expect(await stores.reminders.dueItemsToPlan(10)).toEqual([]);
  });

  it('claim only at the planned instant, once, and finish only with the claim token', async () => {
    const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.b, dueDate: '2024-02-16' }]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    await service(stores.reminders, clock).replan();
    const all = await stores.reminders.plannedUntil(Date.parse('2024-12-31T00:00:00Z'), 100);
    expect(all).toHaveLength(13);
    expect(all.map((r) => r.plannedAtMs)).toEqual([...all.map((r) => r.plannedAtMs)].sort((x, y) => x - y));
    const [first, second] = all as [(typeof all)[0], (typeof all)[0]];
    const at = new Date(first.plannedAtMs);
    expect(await stores.reminders.plannedUntil(first.plannedAtMs - 1, 100)).toEqual([]);
    expect(await stores.reminders.claim(first.id, 'early', new Date(first.plannedAtMs - 60_000))).toBeNull();
    const claimed = await stores.reminders.claim(first.id, 'tok', at);
    expect(claimed).toMatchObject({ id: first.id, kind: 'reminder', step: '-7', recipientChatId: p.chats.focalB, attempt: 1, possibleDuplicate: false });
    expect(await stores.reminders.claim(first.id, 'again', at)).toBeNull();
    expect(await stores.reminders.finish(first.id, 'wrong', 'sent', { messageId: 1 })).toBe(false);
    expect(await stores.reminders.finish(first.id, 'tok', 'sent', { messageId: 7, sentAt: at })).toBe(true);
    expect((await rowsOf(stores.reminders, item!)).find((r) => r.key === `${item}|reminder|-7|${p.chats.focalB}`)!.status).toBe('sent');

    // Enqueued rows are not "new" any more; a released claim goes back to planned.
    await stores.reminders.markEnqueued([second.id], clock.now());
    expect((await stores.reminders.plannedUntil(second.plannedAtMs, 100, true)).map((r) => r.id)).not.toContain(second.id);
    expect((await stores.reminders.plannedUntil(second.plannedAtMs, 100)).map((r) => r.id)).toContain(second.id);
    await stores.reminders.claim(second.id, 't2', new Date(second.plannedAtMs));
    expect((await stores.reminders.plannedUntil(second.plannedAtMs, 100)).map((r) => r.id)).not.toContain(second.id);
    expect(await stores.reminders.release(second.id, 't2')).toBe(true);
    expect((await stores.reminders.plannedUntil(second.plannedAtMs, 100)).map((r) => r.id)).toContain(second.id);
  });

  it('build message models: escalation history, support units missing, the lead’s due day', async () => {
    const [lead, support] = await seedPlan(db.sql, p, [
      { unitId: p.units.a, role: 'lead', dueDate: '2024-07-31', task: 'shared', taskNumber: 'VI.7' },
      { unitId: p.units.b, role: 'support', dueDate: '2024-07-31', task: 'shared', taskNumber: 'VI.7' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-07-01T01:00:00Z');
    await service(stores.reminders, clock).replan();
    const rows = await stores.reminders.existingReminders([lead!, support!]);
    const id = (key: string) => rows.find((r) => r.dedupeKey === key)!.id;
    const send = async (rowId: number, at: string) => {
      await stores.reminders.claim(rowId, `t${rowId}`, new Date(at));
      await stores.reminders.finish(rowId, `t${rowId}`, 'sent', { messageId: rowId, sentAt: new Date(at) });
    };
    await send(id(`${lead}|reminder|0|${p.chats.focalA}`), '2024-07-31T01:00:00Z');
    await send(id(`${lead}|reminder|+1|${p.chats.focalA}`), '2024-08-01T01:00:00Z');
    const escalation = await stores.reminders.messageModel(id(`${lead}|escalation|+3|${p.chats.headA}`));
    expect(escalation).toMatchObject({ kind: 'escalation', step: '+3', recipientChatId: p.chats.headA, locale: 'vi', late: false, precedingAcknowledged: false });
    expect(escalation!.item).toMatchObject({ id: lead, state: 'open', dueDate: '2024-07-31', role: 'lead', unitName: 'Sở A', taskNumber: 'VI.7', supportMissing: ['Sở B'] });
    expect(escalation!.history).toEqual([
      { sentAt: '2024-07-31T01:00:00.000Z', audience: 'focal' },
      { sentAt: '2024-08-01T01:00:00.000Z', audience: 'focal' },
    ]);
    const supportModel = await stores.reminders.messageModel(id(`${support}|reminder|0|${p.chats.focalB}`));
    expect(supportModel!.item).toMatchObject({ role: 'support', leadDueDate: '2024-07-31', supportMissing: [] });
    await stores.complete([support!], clock.now());
    expect((await stores.reminders.messageModel(id(`${lead}|reminder|-1|${p.chats.focalA}`)))!.item!.supportMissing).toEqual([]);
    expect(await stores.reminders.messageModel(999_999)).toBeNull();
  });

  it('catch up: supersede earlier missed rows, consolidate several per recipient into one late notice', async () => {
    const items = await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-03-08', task: 'x', taskNumber: '1' },
      { unitId: p.units.a, dueDate: '2024-03-11', task: 'y', taskNumber: '2' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    // Published late: at the reconcile of 12/03 the steps before it were missed.
    const clock = new ManualClock('2024-03-12T03:00:00Z');
    const report = await service(stores.reminders, clock).reconcile();
    expect(report.overdue).toBe(2);
    expect(report.lateNotices).toBe(1);
    expect(report.superseded).toBeGreaterThan(0);
    const due = await stores.reminders.plannedUntil(clock.now().getTime(), 100);
    const notices = [];
    for (const r of due) {
      const model = await stores.reminders.messageModel(r.id);
      if (model!.kind === 'late_notice') notices.push(model!);
    }
    expect(notices).toHaveLength(1);
    expect(notices[0]!.recipientChatId).toBe(p.chats.focalA);
    expect(notices[0]!.lateItems.map((i) => `${i.taskNumber} ${i.dueDate} ${i.state}`)).toEqual(['1 2024-03-08 overdue', '2 2024-03-11 overdue']);
    for (const id of items) expect((await rowsOf(stores.reminders, id)).filter((r) => r.status === 'planned' && r.at < '2024-03-12').length).toBe(0);
    expect(await stores.reminders.missedRows(clock.now(), 100)).toEqual([]);
  });

  it('rows a dead worker took but never claimed are planned again at once, and only those', async () => {
    const p = await seedProvince(db.sql);
    await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-02-16', task: 'x' },
      { unitId: p.units.b, dueDate: '2024-02-16', task: 'y' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    await service(stores.reminders, clock).replan();
    const firstAt = (await stores.reminders.plannedUntil(Date.parse('2024-12-31T00:00:00Z'), 1))[0]!.plannedAtMs;
    const [a, b] = await stores.reminders.plannedUntil(firstAt, 100);
    await stores.reminders.markEnqueued([a!.id, b!.id], new Date(firstAt));
    const later = firstAt + 60_000;
    // b was claimed (a live send): left alone; a future row is left alone too.
    await stores.reminders.claim(b!.id, 'tb', new Date(later));
    const future = (await stores.reminders.plannedUntil(Date.parse('2024-12-31T00:00:00Z'), 1000)).find((r) => r.plannedAtMs > later)!;
    // Due since 30 s before `later` at least: a, not b (claimed) nor the future row.
    const dueBefore = new Date(later - 30_000);
    expect(await stores.reminders.requeueUnclaimed([a!.id, b!.id, future.id, a!.id], new Date(later), dueBefore)).toBe(1);
    // Planned at `later` and not enqueued any more, so the next enqueue gives it a job of its own.
    expect(await stores.reminders.plannedUntil(later, 100, true)).toEqual([{ id: a!.id, plannedAtMs: later }]);
    // Planned again just now: not due since `dueBefore`, so the dead job listed again does not move it again.
    expect(await stores.reminders.requeueUnclaimed([a!.id], new Date(later + 2000), new Date(later + 2000 - 30_000))).toBe(0);
    expect(await stores.reminders.requeueUnclaimed([], new Date(later), dueBefore)).toBe(0);
  });

  it('resolve sends of unknown outcome: resent as possible duplicates, or cancelled once the item is closed', async () => {
    const [a, b] = await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-02-16', task: 'x' },
      { unitId: p.units.b, dueDate: '2024-02-16', task: 'y' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    await service(stores.reminders, clock).replan();
    const firstAt = (await stores.reminders.plannedUntil(Date.parse('2024-12-31T00:00:00Z'), 1))[0]!.plannedAtMs;
    clock.set(new Date(firstAt));
    const rows = await stores.reminders.plannedUntil(firstAt, 100);
    expect(rows).toHaveLength(2);
    for (const r of rows) await stores.reminders.claim(r.id, `t${r.id}`, clock.now());
    expect(await stores.reminders.markStaleSendingUnknown(new Date(firstAt))).toBe(0);
    expect(await stores.reminders.markStaleSendingUnknown(new Date(firstAt + 5 * 60_000))).toBe(2);
    await stores.complete([b!], clock.now());
    const later = new Date(firstAt + 3_600_000);
    const window = new Date(firstAt + 86_400_000);
    expect(await stores.reminders.resolveUnknown(later, window, 15 * 60_000)).toEqual({ requeued: 1, cancelled: 1 });
    // Beyond the grace period: resent at the next window, not at once.
    const ids = new Set(rows.map((r) => r.id));
    const requeued = (await stores.reminders.plannedUntil(window.getTime(), 100)).filter((r) => ids.has(r.id));
    expect(requeued.map((r) => r.plannedAtMs)).toEqual([window.getTime()]);
    expect((await stores.reminders.messageModel(requeued[0]!.id))!).toMatchObject({ possibleDuplicate: true, item: { id: a } });
  });

  it('deactivate a chat: its planned rows cancelled, its items replanned, the coordinator told', async () => {
    const [item] = await seedPlan(db.sql, p, [{ unitId: p.units.a, dueDate: '2024-02-16' }]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const clock = new ManualClock('2024-01-02T01:00:00Z');
    const s = service(stores.reminders, clock);
    await s.replan();
    expect(await stores.reminders.deactivateChat(p.chats.focalA, 'blocked')).toEqual({ affectedItems: 1, unitIds: [p.units.a] });
    expect((await rowsOf(stores.reminders, item!)).filter((r) => r.key.endsWith(`|${p.chats.focalA}`)).every((r) => r.status === 'cancelled')).toBe(true);
    expect(await stores.reminders.coordinatorChatsForUnits([p.units.a])).toEqual([{ chatId: p.chats.coordinator, personId: p.persons.coordinator }]);
    const ids = await stores.reminders.insertNotices([{ chatId: p.chats.coordinator, dedupeKey: 'notice|x', text: 'Chat ngừng hoạt động' }], new Date('2024-01-02T02:00:00Z'));
    expect(ids).toHaveLength(1);
    expect(await stores.reminders.insertNotices([{ chatId: p.chats.coordinator, dedupeKey: 'notice|x', text: 'again' }], new Date('2024-01-02T02:00:00Z'))).toEqual([]);
    // Replanned without the blocked focal point: the unit head and escalations remain, no reminder goes anywhere.
    const report = await s.replan();
    expect(report.items).toBe(1);
    const planned = (await rowsOf(stores.reminders, item!)).filter((r) => r.status === 'planned');
    expect(planned.every((r) => !r.key.endsWith(`|${p.chats.focalA}`))).toBe(true);
    expect(planned.some((r) => r.key.includes('|escalation|'))).toBe(true);
  });

  it('answer the digests’ questions: overview, unit weeks, recipients, runs, rows', async () => {
    await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-03-01', task: 'x', taskNumber: '1' },
      { unitId: p.units.b, dueDate: '2024-03-04', task: 'y', taskNumber: '2' },
      { unitId: p.units.b, dueDate: '2024-03-05', task: 'z', taskNumber: '3' },
      { unitId: p.units.a, dueDate: '2024-03-14', task: 'w', taskNumber: '4' },
      { unitId: p.units.b, dueDate: null, state: 'waiting', task: 'v', taskNumber: '5' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const [done] = await db.sql<{ id: string }[]>`select d.id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.number = '1'`;
    await stores.complete([Number(done!.id)], new Date('2024-03-10T17:30:00Z')); // 11/03 00:30 local
    const d = stores.digests;
    expect(await d.provinces()).toEqual([p.province]);
    const overview = await d.overview(p.province, '2024-03-11', 5);
    expect(overview.overdueByUnit).toEqual([{ unitId: p.units.b, unitName: 'Sở B', count: 2 }]);
    expect(overview.oldest.map((i) => `${i.taskNumber} ${i.dueDate}`)).toEqual(['2 2024-03-04', '3 2024-03-05']);
    expect(overview.totals).toEqual({ open: 1, overdue: 2, doneToday: 1, pending: 0, waiting: 1 });
    const weeks = await d.unitWeeks(p.province, '2024-03-11', '2024-03-17');
    expect(weeks.map((w) => [w.unitName, w.dueThisWeek.map((i) => i.taskNumber), w.overdue.map((i) => i.taskNumber)])).toEqual([
      ['Sở A', ['4'], []],
      ['Sở B', [], ['2', '3']],
    ]);
    expect(await d.provinceRecipients(p.province, ['leader', 'coordinator'])).toEqual(
      [
        { chatId: p.chats.coordinator, personId: p.persons.coordinator },
        { chatId: p.chats.leader, personId: p.persons.leader },
      ].sort((x, y) => (x.chatId < y.chatId ? -1 : 1)),
    );
    expect(await d.unitRecipients(p.units.a)).toEqual([{ chatId: p.chats.focalA, personId: p.persons.focalA }]);
    expect(await d.recordRun('leadership', '2024-03-04', p.province, { total: 3 })).toEqual({ fresh: true });
    expect(await d.recordRun('leadership', '2024-03-11', p.province, { total: 2 })).toEqual({ previous: { total: 3 }, fresh: true });
    expect(await d.recordRun('leadership', '2024-03-11', p.province, { total: 9 })).toEqual({ previous: { total: 3 }, fresh: false });
    const at = new Date('2024-03-11T01:00:00Z');
    const rows = [{ chatId: p.chats.leader, dedupeKey: 'digest|k|1', step: 'leadership:2024-03-11:p1', text: 'Tổng hợp' }];
    expect(await d.insertDigestRows(rows, at)).toBe(1);
    expect(await d.insertDigestRows(rows, at)).toBe(0);
    const [row] = await stores.reminders.plannedUntil(at.getTime(), 10);
    const claimed = await stores.reminders.claim(row!.id, 't', at);
    expect(claimed).toMatchObject({ kind: 'digest', step: 'leadership:2024-03-11:p1', recipientChatId: p.chats.leader, payload: { text: 'Tổng hợp' } });
  });

  it('run the real services for two months with the same messages', async () => {
    await seedPlan(db.sql, p, [
      { unitId: p.units.a, dueDate: '2024-01-19', task: 'x', taskNumber: 'I.1' },
      { unitId: p.units.a, dueDate: '2024-02-29', task: 'y', taskNumber: 'VI.7', occurrenceKey: 'q1' },
      { unitId: p.units.b, role: 'support', dueDate: '2024-02-29', task: 'y', taskNumber: 'VI.7', occurrenceKey: 'q1' },
      { unitId: p.units.b, dueDate: '2024-01-31', task: 'z', taskNumber: '3' },
      { unitId: p.units.b, dueDate: '2024-02-07', task: 'w', taskNumber: '4' },
    ]);
    const [plan] = await db.sql<{ id: number }[]>`select id from plans`;
    const stores = await backend.open(plan!.id);
    const [first] = await db.sql<{ id: string }[]>`select d.id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where t.number = '4'`;
    const clock = new ManualClock('2024-01-08T01:00:00Z');
    const notifier = new RecordingNotifier();
    const s = service(stores.reminders, clock, notifier);
    const digests = new DigestService({
      store: stores.digests,
      calendar,
      clock,
      t: createTranslator(),
      zone: policy.zone,
      sendWindow: (now) => s.sendWindow(now),
      enqueue: async () => 0,
    });
    const transcript: string[] = [];
    for (let day = Date.parse('2024-01-08T01:00:00Z'); day < Date.parse('2024-03-08T01:00:00Z'); day += 86_400_000) {
      clock.set(new Date(day));
      if (day === Date.parse('2024-02-05T01:00:00Z')) await stores.complete([Number(first!.id)], clock.now());
      if (new Date(day).getUTCDay() === 1) await digests.run('leadership', new Date(day).toISOString().slice(0, 10));
      await s.reconcile();
      for (const r of await stores.reminders.plannedUntil(day, 10_000)) {
        const outcome = await s.deliver(r.id);
        const sent = outcome.outcome === 'sent' ? notifier.sent.get(outcome.messageId)! : undefined;
        transcript.push(`${new Date(day).toISOString().slice(0, 10)} ${outcome.outcome} ${sent ? `${sent.chatId}: ${sent.text}` : ''}`);
      }
    }
    expect(transcript.filter((x) => x.includes(' sent ')).length).toBeGreaterThan(30);
    expect(transcript.some((x) => x.includes('QUÁ HẠN'))).toBe(true);
    transcripts.set(backend.name, transcript);
  });
});

describe('both implementations', () => {
  it('sent the same messages over the two months', () => {
    const [pg, memory] = backends.map((b) => transcripts.get(b.name));
    expect(pg).toBeDefined();
    const differ = pg!.findIndex((line, i) => memory![i] !== line);
    expect(differ === -1 ? null : { postgres: pg![differ], memory: memory![differ] }).toBeNull();
    expect(memory).toEqual(pg);
  });
});
