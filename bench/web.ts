/**
 * `npm run bench:web`: the web console's dashboard (`GET /`) of a province with 100,000 due items (issue #13 §5:
 * p95 ≤ 150 ms of server time), on a fresh PostgreSQL database.
 *
 * The province has 800 units (BENCH_UNITS) and one published plan for 2024 with 125 tasks; each task is assigned
 * to every 8th unit and each assignment has 8 occurrences over the year, so 100,000 due items (BENCH_ITEMS rounds
 * to a multiple of the assignment count). Their states are mixed as on 1 July: of the items due before then most
 * are done (some late, some awaiting approval), some overdue, a few waived; of the later ones most are open, some
 * waiting on an event (no date), a few done early. Rows are generated with `insert … select generate_series`.
 *
 * Timed: the full request through the hono app (`createWebConsoleOnDatabase`, `app.request('/')`, with a session
 * cookie from a real sign-in link), for a coordinator (whole province) and a focal point (one unit), for the whole
 * plan and for Q1; and, separately, the dashboard use case alone (the store's queries), so the rest of the request
 * (session lookup, rendering) is the difference of the medians. The use case also runs on the store that counts
 * from the items alone (`PostgresDashboardScratchStore`, the one-statement store before the pre-aggregated counts),
 * alternating with the new one, for an old/new ratio; the two must give the same dashboard.
 *
 * Then the review page of a 77-task plan (issue #13 §5: ≤ 300 ms): seed 002 (Đắk Nông 2021, 77 tasks) imported
 * with the plan use case into its own database, `GET /plans/:id` for a coordinator, as a draft and once published
 * (problems accepted).
 *
 * PostgreSQL: TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). BENCH_RUNS (default 30) after a
 * warm-up of 3. BENCH_KEEP=1 keeps the database. BENCH_ONLY=dashboard|review runs one part.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConfig } from '../config/env.js';
import { calendarForConfig } from '../config/holidays/load.js';
import { createDeadlineAdapter } from '../src/app/deadline-adapter.js';
import { importPlan } from '../src/app/plan-import.js';
import { publishPlan } from '../src/app/plan-publish.js';
import { createWebAuth } from '../src/app/web/auth.js';
import { planPortsOn } from '../src/plan-wiring.js';
import { createDashboardService } from '../src/app/web/dashboard.js';
import { PostgresDashboardScratchStore, PostgresDashboardStore, PostgresWebAuthStore } from '../src/db/web-store.js';
import { ManualClock } from '../src/domain/clock.js';
import type { MemberRole } from '../src/app/bot/store.js';
import { SESSION_COOKIE } from '../src/web/console.js';
import { createWebConsoleOnDatabase } from '../src/web-wiring.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { median, releaseBenchDatabase } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const UNITS = Number(process.env.BENCH_UNITS ?? 800);
const TASKS = 125;
const STRIDE = 8; // a task goes to every 8th unit
const OCCURRENCES = Math.max(1, Math.round(Number(process.env.BENCH_ITEMS ?? 100_000) / (TASKS * Math.ceil(UNITS / STRIDE))));
const PROVINCE = 'bench-web';

async function seed(db: TestDatabase): Promise<void> {
  const sql = db.sql;
  await sql`
    insert into units (province, code, name, kind)
    select ${PROVINCE}, 'xa-' || g, 'UBND xã Thử Nghiệm Đông Hưng số ' || g, (case when g <= 40 then 'department' when g <= 60 then 'district' else 'commune' end)::unit_kind
    from generate_series(1, ${UNITS}) g`;
  const [plan] = await sql<{ id: number }[]>`
    insert into plans (province, title, period_start_year, period_end_year, status, version, published_at)
    values (${PROVINCE}, 'Kế hoạch cải cách hành chính năm 2024', 2024, 2024, 'published', 1, now()) returning id`;
  await sql`
    insert into tasks (plan_id, number, position, title, deadline_text)
    select ${plan!.id}, g::text, g, 'Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính số ' || g, 'Hằng quý' from generate_series(1, ${TASKS}) g`;
  await sql`
    insert into task_assignments (task_id, unit_id, role)
    select t.id, u.id, (case when u.id % 5 = 0 then 'support' else 'lead' end)::assignment_role
    from tasks t join units u on u.province = ${PROVINCE} and (u.id + t.position) % ${STRIDE} = 0
    where t.plan_id = ${plan!.id}`;
  // Occurrence k of an assignment is due in [k·365/OCC, (k+1)·365/OCC) days after 1 January; r picks the state.
  await sql`
    with o as (
      select a.id as assignment_id, k, date '2024-01-01' + (k * 366 / ${OCCURRENCES} + (a.id * 13 + k * 7) % (366 / ${OCCURRENCES}))::int as due,
             (a.id * 7919 + k * 104729) % 100 as r
      from task_assignments a join tasks t on t.id = a.task_id, generate_series(0, ${OCCURRENCES - 1}) k
      where t.plan_id = ${plan!.id}),
    s as (
      select o.*, case
        when due < date '2024-07-01' then case when r < 55 then 'done' when r < 70 then 'done_late' when r < 78 then 'pending_approval'
                                              when r < 95 then 'overdue' else 'waived' end
        else case when r < 8 then 'done' when r < 18 then 'waiting' when r < 20 then 'waived' when r < 25 then 'extended' else 'open' end
      end as st
      from o)
    insert into due_items (assignment_id, occurrence_key, occurrence_label, window_start, nominal_due, due_date, due_at, state, done_at)
    select assignment_id, 'k' || k, 'Kỳ ' || (k + 1) || '/2024', due - 30,
           case when st = 'waiting' then null else due end,
           case when st = 'waiting' then null else due end,
           case when st = 'waiting' then null else (due + time '17:00') at time zone 'Asia/Ho_Chi_Minh' end,
           (case when st in ('done_late') then 'done' else st end)::due_state,
           case when st = 'done' then (due - (r % 10) + time '10:00') at time zone 'Asia/Ho_Chi_Minh'
                when st = 'done_late' then (due + 1 + r % 20 + time '10:00') at time zone 'Asia/Ho_Chi_Minh'
                when st = 'pending_approval' then (due - 1 + 2 * (r % 2) + time '10:00') at time zone 'Asia/Ho_Chi_Minh'
           end
    from s`;
  await sql`analyze`;
}

const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const p95 = s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
  return `median ${median(xs).toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms  max ${s[s.length - 1]!.toFixed(1).padStart(6)} ms`;
};

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_web');
  try {
    const t0 = performance.now();
    await seed(db);
    const [counts] = await db.sql<{ items: number; units: number; dated: number }[]>`
      select count(*)::int as items, count(distinct a.unit_id)::int as units, count(d.due_date)::int as dated
      from due_items d join task_assignments a on a.id = d.assignment_id`;
    process.stdout.write(`seeded ${counts!.items} due items (${counts!.dated} with a date) over ${counts!.units} units in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const config = createConfig({ WEB_BASE_URL: 'http://127.0.0.1:8080' });
    const clock = new ManualClock('2024-07-01T02:00:00Z'); // 09:00 on Monday 01/07/2024 in Hà Nội
    const app = createWebConsoleOnDatabase({ database: db, clock, config });
    const auth = createWebAuth({ store: new PostgresWebAuthStore(db.sql), clock });
    const service = (store: PostgresDashboardStore) => createDashboardService({ store, clock, calendar: calendarForConfig(config), timeZone: config.domain.timeZone });
    const dashboards = { new: service(new PostgresDashboardStore(db.sql)), old: service(new PostgresDashboardScratchStore(db.sql)) };

    const [unit] = await db.sql<{ id: number }[]>`select id from units where province = ${PROVINCE} and kind = 'commune' order by id limit 1 offset 17`;
    const signIn = async (role: MemberRole) => {
      const { token } = await auth.issueLoginToken({ personId: null, unitId: unit!.id, role }, 'bench');
      const r = await auth.signIn(token);
      if (r.kind !== 'signed_in') throw new Error(`sign-in refused: ${r.reason}`);
      const session = await auth.session(r.sessionToken);
      if (session === null) throw new Error('no session');
      return { cookie: `${SESSION_COOKIE}=${r.sessionToken}`, session };
    };
    const who = { coordinator: await signIn('coordinator'), focal: await signIn('focal') };

    const cases = (['coordinator', 'focal'] as const).flatMap((role) => (['plan', 'q1'] as const).map((period) => ({ role, period })));
    const request = async (c: (typeof cases)[number]) => {
      const s = performance.now();
      const res = await app.request(`/?period=${c.period}`, { headers: { Cookie: who[c.role].cookie } });
      const body = await res.text();
      const ms = performance.now() - s;
      if (res.status !== 200 || !body.includes('</html>')) throw new Error(`GET / answered ${res.status}`);
      return { ms, bytes: body.length };
    };
    const store = async (c: (typeof cases)[number], which: 'old' | 'new') => {
      const s = performance.now();
      const d = await dashboards[which].dashboard(who[c.role].session, { period: c.period });
      const ms = performance.now() - s;
      if (d.units.length === 0) throw new Error('empty dashboard');
      return { ms, units: d.units.length, items: d.units.reduce((n, u) => n + u.total, 0) };
    };

    for (let w = 0; w < 3; w++)
      for (const c of cases) {
        await request(c);
        await store(c, 'new');
        await store(c, 'old');
        // The pre-aggregated store must give the same dashboard as the one counting from the items.
        const [a, b] = [await dashboards.new.dashboard(who[c.role].session, { period: c.period }), await dashboards.old.dashboard(who[c.role].session, { period: c.period })];
        if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`old and new dashboards differ (${c.role}, ${c.period})`);
        if (w === 0 && c.role === 'coordinator') process.stdout.write(`${c.period}: ${a.months.length} months, ${a.worstOverdue.length} worst overdue, totals ${JSON.stringify(a.totals)}\n`);
      }
    const samples = cases.map(() => ({ request: [] as number[], store: [] as number[], old: [] as number[], bytes: 0, units: 0, items: 0 }));
    const before = loadavg();
    for (let r = 0; r < RUNS; r++) {
      for (const [i, c] of cases.entries()) {
        const q = await request(c);
        const d = await store(c, 'new');
        const o = await store(c, 'old');
        if (o.items !== d.items || o.units !== d.units) throw new Error(`old and new stores disagree: ${o.items}/${o.units} vs ${d.items}/${d.units}`);
        samples[i]!.request.push(q.ms);
        samples[i]!.store.push(d.ms);
        samples[i]!.old.push(o.ms);
        Object.assign(samples[i]!, { bytes: q.bytes, units: d.units, items: d.items });
      }
    }
    const after = loadavg();
    const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    process.stdout.write(`GET / of a province with ${counts!.items} due items (Node ${process.version}, runs: ${RUNS}, load average before ${la(before)}, after ${la(after)}):\n`);
    for (const [i, c] of cases.entries()) {
      const s = samples[i]!;
      const label = `${c.role.padEnd(11)} ${c.period.padEnd(4)} (${s.units} units, ${s.items} items, ${(s.bytes / 1024).toFixed(0)} KiB)`;
      process.stdout.write(
        `${label}\n  request       ${fmt(s.request)}\n  use case      ${fmt(s.store)}   rest of the request (median difference) ${(median(s.request) - median(s.store)).toFixed(1)} ms\n` +
          `  use case old  ${fmt(s.old)}   old/new ${(median(s.old) / median(s.store)).toFixed(1)}×\n`,
      );
    }
  } finally {
    await releaseBenchDatabase(db);
  }
}

/** `GET /plans/:id` of seed 002 (77 tasks), draft and published. */
async function review(): Promise<void> {
  const seedsDir = path.resolve(import.meta.dirname, '../../shared/seeds');
  const file = path.join(seedsDir, '002_591ff2b9d60f55ba.txt');
  if (!existsSync(file)) throw new Error(`seed 002 not found in ${seedsDir}`);
  const db = await createTestDatabase('bench_web_review');
  try {
    const config = createConfig({ WEB_BASE_URL: 'http://127.0.0.1:8080' });
    const clock = new ManualClock('2021-01-04T02:00:00Z');
    const deadline = createDeadlineAdapter({ calendar: calendarForConfig(config), zone: config.domain.timeZone });
    const ports = planPortsOn(db);
    const imported = await importPlan(ports, clock, { file, deadline, actor: 'bench' });
    const planId = imported.review.plan.id!;
    const [unit] = await db.sql<{ id: number }[]>`select id from units where province = ${imported.review.plan.province} order by id limit 1`;
    const app = createWebConsoleOnDatabase({ database: db, clock, config });
    const auth = createWebAuth({ store: new PostgresWebAuthStore(db.sql), clock });
    const { token } = await auth.issueLoginToken({ personId: null, unitId: unit!.id, role: 'coordinator' }, 'bench');
    const signed = await auth.signIn(token);
    if (signed.kind !== 'signed_in') throw new Error('sign-in refused');
    const cookie = `${SESSION_COOKIE}=${signed.sessionToken}`;
    const get = async () => {
      const s = performance.now();
      const res = await app.request(`/plans/${planId}`, { headers: { Cookie: cookie } });
      const body = await res.text();
      const ms = performance.now() - s;
      if (res.status !== 200 || (body.match(/<article class="task/g) ?? []).length < 77) throw new Error(`GET /plans/${planId} answered ${res.status}`);
      return { ms, bytes: body.length };
    };
    const measure = async (label: string) => {
      for (let w = 0; w < 3; w++) await get();
      const xs: number[] = [];
      let bytes = 0;
      const before = loadavg();
      for (let r = 0; r < RUNS; r++) {
        const q = await get();
        xs.push(q.ms);
        bytes = q.bytes;
      }
      const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
      process.stdout.write(`GET /plans/:id, ${label} (${(bytes / 1024).toFixed(0)} KiB; runs ${RUNS}, load average before ${la(before)}, after ${la(loadavg())}):
  request       ${fmt(xs)}
`);
    };
    process.stdout.write(`review page of seed 002: ${imported.review.summary.tasks} tasks, ${imported.review.summary.proposals} proposals (Node ${process.version})\n`);
    await measure('draft');
    const published = await publishPlan(ports, clock, { planId, acceptProblems: true, deadline, actor: 'bench' });
    process.stdout.write(`published: ${published.dueItems.total} due items\n`);
    await measure('published');
  } finally {
    await releaseBenchDatabase(db);
  }
}

async function all(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only !== 'review') await main();
  if (only !== 'dashboard') await review();
}

all().catch((err: unknown) => {
  process.stderr.write(`bench:web failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
