/**
 * The dashboard's pre-aggregated counts (issue #13 §5): whatever happens to the items — completed on time or late,
 * extended, deleted with their task or assignment, new ones published — and whatever day the clock says, the
 * dashboard read through `dashboard_counts` equals the one computed from the items alone, for every period, a unit
 * group and a single unit. On the real PostgreSQL with the migrations' triggers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardService, type DashboardRequest } from '../../src/app/web/dashboard.js';
import type { WebSession } from '../../src/app/web/auth.js';
import { PostgresDashboardScratchStore, PostgresDashboardStore, dashboardSplit } from '../../src/db/web-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { createConfig } from '../../config/env.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const PROVINCE = 'dash-counts';
let db: TestDatabase;
let planId: number;
let unitIds: number[];
let groupId: number;

beforeAll(async () => {
  db = await createTestDatabase('dash_counts');
  const sql = db.sql;
  unitIds = (
    await sql<{ id: number }[]>`
      insert into units (province, code, name, kind)
      select ${PROVINCE}, 'u-' || g, 'Đơn vị ' || g, (case when g <= 4 then 'department' else 'commune' end)::unit_kind
      from generate_series(1, 12) g returning id`
  ).map((r) => r.id);
  const [plan] = await sql<{ id: number }[]>`
    insert into plans (province, title, period_start_year, period_end_year, status, version, published_at)
    values (${PROVINCE}, 'Kế hoạch 2024', 2024, 2024, 'published', 1, now()) returning id`;
  planId = plan!.id;
  const [group] = await sql<{ id: number }[]>`insert into unit_groups (province, code, name, kinds) values (${PROVINCE}, 'cac-xa', 'Các xã', '["commune"]'::jsonb) returning id`;
  groupId = group!.id;
  await sql`
    insert into tasks (plan_id, number, position, title, deadline_text)
    select ${planId}, g::text, g, 'Nhiệm vụ ' || g, 'Hằng tháng' from generate_series(1, 6) g`;
  await sql`
    insert into task_assignments (task_id, unit_id, role)
    select t.id, u.id, 'lead'::assignment_role from tasks t join units u on u.province = ${PROVINCE} and (u.id + t.position) % 3 = 0
    where t.plan_id = ${planId}`;
  await publishItems('a', 0);
});
afterAll(async () => {
  await db?.drop();
});

/** Inserts 12 monthly items per assignment (one statement, as publishing does), states mixed by a hash. */
async function publishItems(prefix: string, salt: number): Promise<void> {
  await db.sql`
    with o as (
      select a.id as assignment_id, k, date '2024-01-01' + (k * 30 + (a.id * 7 + k * 3 + ${salt}) % 28) as due, (a.id * 31 + k * 17 + ${salt}) % 10 as r
      from task_assignments a join tasks t on t.id = a.task_id, generate_series(0, 11) k where t.plan_id = ${planId})
    insert into due_items (assignment_id, occurrence_key, occurrence_label, nominal_due, due_date, due_at, state, done_at)
    select assignment_id, ${prefix} || k, 'Kỳ ' || k, due,
           case when r = 9 then null else due end,
           case when r = 9 then null else (due + time '17:00') at time zone 'Asia/Ho_Chi_Minh' end,
           (case r when 9 then 'waiting' when 8 then 'waived' when 0 then 'done' when 1 then 'done' when 2 then 'pending_approval'
                   when 3 then 'extended' when 4 then 'overdue' else 'open' end)::due_state,
           case r when 0 then (due - 2 + time '10:00') at time zone 'Asia/Ho_Chi_Minh'
                  when 1 then (due + 3 + time '10:00') at time zone 'Asia/Ho_Chi_Minh'
                  when 2 then (due + time '09:00') at time zone 'Asia/Ho_Chi_Minh' end
    from o`;
}

const config = createConfig({});
const clock = new ManualClock('2024-07-01T02:00:00Z');
const service = (store: PostgresDashboardStore) => createDashboardService({ store, clock, calendar: calendarForConfig(config), timeZone: config.domain.timeZone });

function session(unitId: number, role: 'coordinator' | 'focal'): WebSession {
  return {
    id: 1, csrfToken: 'x', expiresAt: new Date('2099-01-01'), personId: null, unitId, role, personName: null,
    unitName: 'x', unitCode: 'x', province: PROVINCE, locale: 'vi',
  };
}

/** Every period, a group and one unit: the pre-aggregated dashboard equals the one counted from the items. */
async function expectSameAsScratch(): Promise<void> {
  const fast = service(new PostgresDashboardStore(db.sql));
  const scratch = service(new PostgresDashboardScratchStore(db.sql));
  const requests: [WebSession, DashboardRequest][] = [];
  for (const period of [undefined, 'q1', 'q2', 'q3', 'q4', 'year']) {
    requests.push([session(unitIds[0]!, 'coordinator'), { ...(period ? { period } : {}) }]);
    requests.push([session(unitIds[0]!, 'coordinator'), { ...(period ? { period } : {}), groupId }]);
    requests.push([session(unitIds[5]!, 'focal'), { ...(period ? { period } : {}) }]);
  }
  for (const [s, r] of requests) {
    const [a, b] = [await fast.dashboard(s, r), await scratch.dashboard(s, r)];
    expect(a, `${s.role} ${JSON.stringify(r)} on ${a.today}`).toEqual(b);
  }
  // The store itself over ranges that cut months (the port allows any range), around today.
  const today = (await fast.dashboard(session(unitIds[0]!, 'coordinator'), {})).today;
  const [soonUntil] = [today.slice(0, 8) + '28'];
  for (const [from, to] of [['2024-01-15', '2024-06-20'], ['2024-02-10', '2024-02-20'], ['2024-03-31', '2024-11-01']] as const) {
    const scope = { province: PROVINCE, planId, from, to, today, soonUntil: soonUntil! > today ? soonUntil! : today };
    const byUnit = (f: Awaited<ReturnType<PostgresDashboardStore['figures']>>) => ({ ...f, units: [...f.units].sort((x, y) => x.unitId - y.unitId) });
    const [a, b] = [await new PostgresDashboardStore(db.sql).figures(scope, 10), await new PostgresDashboardScratchStore(db.sql).figures(scope, 10)];
    expect(byUnit(a), `${from}…${to} on ${today}`).toEqual(byUnit(b));
  }
}

async function storedCounts() {
  return db.sql`select plan_id, unit_id, month::text, done, done_late, open from dashboard_counts where plan_id = ${planId} and (done, done_late, open) <> (0, 0, 0) order by 1, 2, 3`;
}

/** The counts rebuilt from the items, as the migration's backfill computes them. */
async function rebuiltCounts() {
  return db.sql`
    select t.plan_id, a.unit_id, date_trunc('month', d.due_date)::date::text as month,
           count(*) filter (where nv_dashboard_kind(d.state, d.done_at, d.due_at) = 0)::int as done,
           count(*) filter (where nv_dashboard_kind(d.state, d.done_at, d.due_at) = 1)::int as done_late,
           count(*) filter (where nv_dashboard_kind(d.state, d.done_at, d.due_at) = 2)::int as open
    from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
    where t.plan_id = ${planId} and d.due_date is not null and d.state not in ('waiting', 'waived')
    group by 1, 2, 3 order by 1, 2, 3`;
}

describe('the dashboard read through pre-aggregated counts', () => {
  it('splits months: aggregated when the colour does not depend on the day, counted from items otherwise', () => {
    expect(dashboardSplit({ from: '2024-01-01', to: '2024-12-31', today: '2024-07-01', soonUntil: '2024-07-04' })).toEqual({
      aggFrom: '2024-01-01', aggTo: '2024-12-01', liveFrom: '2024-07-01', liveTo: '2024-07-31',
    });
    // "Due soon" reaching into the next month keeps both months live; partial edge months are never aggregated.
    expect(dashboardSplit({ from: '2024-01-15', to: '2024-06-20', today: '2024-03-29', soonUntil: '2024-04-03' })).toEqual({
      aggFrom: '2024-02-01', aggTo: '2024-05-01', liveFrom: '2024-03-01', liveTo: '2024-04-30',
    });
  });

  it('equals the count from the items as published, on several days', async () => {
    expect(await storedCounts()).toEqual(await rebuiltCounts());
    for (const day of ['2024-01-02T02:00:00Z', '2024-03-29T02:00:00Z', '2024-07-01T02:00:00Z', '2024-12-30T02:00:00Z', '2025-02-01T02:00:00Z']) {
      clock.set(new Date(day), true);
      await expectSameAsScratch();
    }
  });

  it('stays equal after completions (on time and late), an extension, and the clock passing a due date', async () => {
    clock.set(new Date('2024-05-10T02:00:00Z'), true);
    // Complete an open item on time, another late; approve one awaiting approval.
    const open = await db.sql<{ id: number }[]>`
      select d.id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and d.state = 'open' order by d.id limit 2`;
    await db.sql`update due_items set state = 'done', done_at = due_at - interval '1 day' where id = ${open[0]!.id}`;
    await db.sql`update due_items set state = 'done', done_at = due_at + interval '5 days' where id = ${open[1]!.id}`;
    await db.sql`update due_items set state = 'done' where id = (select id from due_items where state = 'pending_approval' order by id limit 1)`;
    // An extension moves an overdue item into another month.
    await db.sql`
      update due_items set state = 'extended', due_date = due_date + 40, due_at = due_at + interval '40 days'
      where id = (select id from due_items where state = 'overdue' order by id limit 1)`;
    // A waiting item gets its date; a waived one is reopened.
    await db.sql`update due_items set state = 'open', due_date = date '2024-05-14', due_at = timestamptz '2024-05-14 17:00+07' where id = (select id from due_items where state = 'waiting' order by id limit 1)`;
    await db.sql`update due_items set state = 'open' where id = (select id from due_items where state = 'waived' and due_date is not null order by id limit 1)`;
    // Something unrelated to the counts (a replan's fingerprint) changes nothing.
    await db.sql`update due_items set plan_fingerprint = 'x' where id in (select id from due_items order by id limit 50)`;
    expect(await storedCounts()).toEqual(await rebuiltCounts());
    await expectSameAsScratch();
    // Time passes over due dates: items turn overdue without any write.
    for (const day of ['2024-05-13T02:00:00Z', '2024-05-15T11:00:00Z', '2024-05-31T02:00:00Z', '2024-06-03T02:00:00Z']) {
      clock.set(new Date(day), true);
      await expectSameAsScratch();
    }
  });

  it('stays equal after deleting an item, an assignment and a task (cascades), and publishing more items', async () => {
    clock.set(new Date('2024-08-20T02:00:00Z'), true);
    await db.sql`delete from due_items where id = (select min(id) from due_items)`;
    await db.sql`delete from task_assignments where id = (select min(a.id) from task_assignments a join tasks t on t.id = a.task_id where t.plan_id = ${planId})`;
    await db.sql`delete from tasks where id = (select max(id) from tasks where plan_id = ${planId})`;
    expect(await storedCounts()).toEqual(await rebuiltCounts());
    await expectSameAsScratch();
    await publishItems('b', 5);
    expect(await storedCounts()).toEqual(await rebuiltCounts());
    await expectSameAsScratch();
    // A task never moves to another plan (its counts would stay behind).
    await expect(db.sql`update tasks set plan_id = plan_id + 1000 where plan_id = ${planId}`).rejects.toThrow(/plan_id cannot change/);
  });

  it('deleting the plan deletes its counts', async () => {
    await db.sql`delete from plans where id = ${planId}`;
    expect(await db.sql`select 1 from dashboard_counts where plan_id = ${planId}`).toHaveLength(0);
  });
});
