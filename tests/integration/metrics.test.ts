/**
 * `/metrics` through the real pipeline: BullMQ on Redis → worker → grammY → the fake Bot API. The counters move
 * when a reminder is sent, fails or meets a 429; replanning counts the rows it writes; the gauges read the queue
 * and PostgreSQL when scraped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.js';
import { mountMetricsRoute } from '../../src/http/metrics.js';
import type { Metrics } from '../../src/infra/metrics.js';
import { systemClock } from '../../src/infra/system-clock.js';
import { createServiceMetrics } from '../../src/metrics-wiring.js';
import { createHarness, eventually, type Harness } from '../helpers/reminder-harness.js';
import { leaveUnplanned, seedPlan, seedProvince } from '../helpers/reminder-fixtures.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function insertRows(harness: Harness, dueItemId: number, chats: string[], plannedAt: Date): Promise<number[]> {
  await leaveUnplanned(harness.db.sql, [dueItemId]);
  const rows = await harness.db.sql<{ id: string }[]>`
    insert into reminders (due_item_id, kind, step, recipient_chat_id, dedupe_key, planned_at, payload)
    select ${dueItemId}, 'reminder', '0', c::bigint, ${`m|${dueItemId}|`} || c, ${plannedAt}, '{"audience":"focal"}'::jsonb
    from unnest(${chats}::text[]) as c
    returning id`;
  return rows.map((r) => Number(r.id));
}

async function scrape(metrics: Metrics): Promise<string> {
  const app = createHttpApp({ health: async () => ({ ok: true }) as never, mount: (a) => mountMetricsRoute(a, metrics) });
  const res = await app.request('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  return res.text();
}

/** The value of one series (`name{labels}`), or undefined. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('counters move when reminders are sent, fail or meet a 429; gauges read the queue and the plans', async () => {
    // The harness wants the counters before the registry (which reads the harness's queue) exists.
    const ref: { metrics?: Metrics } = {};
    h = await createHarness({
      backend: 'redis',
      clock: systemClock,
      fake: { now: () => Date.now() },
      // The reminder service gets the same object the endpoint reads.
      metrics: {
        planned: (n) => ref.metrics?.planned(n),
        sent: (o) => ref.metrics?.sent(o),
        failed: (r) => ref.metrics?.failed(r),
        rateLimited: () => ref.metrics?.rateLimited(),
      },
    });
    const metrics = createServiceMetrics({ config: h.config, database: h.db, queue: h.queue, clock: systemClock });
    ref.metrics = metrics;
    const p = await seedProvince(h.db.sql);
    const [item, other, late] = await seedPlan(h.db.sql, p, [
      { unitId: p.units.a, dueDate: '2030-12-31' },
      { unitId: p.units.b, dueDate: '2030-12-31' },
      { unitId: p.units.b, dueDate: '2020-01-15' },
    ]);

    const before = await scrape(metrics);
    expect(value(before, 'nhacviec_reminders_sent_total')).toBe(0);
    expect(value(before, 'nhacviec_telegram_429_total')).toBe(0);
    const [planRow] = await h.db.sql<{ plan_id: number }[]>`select t.plan_id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id where d.id = ${item!}`;
    expect(value(before, `nhacviec_items_open{plan="${planRow!.plan_id}"}`)).toBe(3);
    expect(value(before, `nhacviec_items_overdue{plan="${planRow!.plan_id}"}`)).toBe(1);

    // Three sends, one to a chat that blocked the bot, one that meets a 429 longer than any in-process wait.
    const chats = ['8100001', '8100002', '8100003', '8100004', '8100005'];
    h.fake.failFor(chats[3]!, 'blocked');
    h.fake.failFor(chats[4]!, { kind: '429', retryAfterS: 120 });
    const ids = await insertRows(h, item!, chats, new Date(Date.now() + 1000));
    const queued = await h.reminders.service.enqueueHorizon();
    expect(queued).toBe(5);
    const depth = await scrape(metrics);
    expect(value(depth, 'nhacviec_queue_depth{queue="delivery",state="delayed"}')).toBeGreaterThanOrEqual(5);
    expect(depth).toMatch(/^bullmq_job_count\{/m);

    await h.startWorker();
    // Three of ours; the blocked chat also makes a notice to the coordinator, sent at once in working hours. That
    // notice may go out while this test reads, so the figures are taken between two equal counts of sent rows.
    const countSent = async () => Number((await h!.db.sql`select count(*)::int as n from reminders where status = 'sent'`)[0]!.n);
    let after = '';
    let sentRows = -1;
    await eventually(
      async () => {
        const r = await h!.db.sql<{ status: string }[]>`select status from reminders where id = any(${ids}::bigint[]) order by id`;
        if (r.filter((x) => x.status === 'sent').length !== 3 || r[3]!.status !== 'failed') return false;
        const sentBefore = await countSent();
        after = await scrape(metrics);
        sentRows = await countSent();
        return sentBefore === sentRows && value(after, 'nhacviec_telegram_429_total') === 1 && value(after, 'nhacviec_reminders_sent_total') === sentRows;
      },
      20_000,
      'three sent, one failed, one 429, and the sent counter read between two equal counts',
    );
    expect(sentRows).toBeGreaterThanOrEqual(3);
    expect(value(after, 'nhacviec_reminders_sent_total')).toBe(sentRows);
    expect(value(after, 'nhacviec_reminders_failed_total{reason="blocked"}')).toBe(1);
    expect(value(after, 'nhacviec_telegram_429_total')).toBe(1);
    expect(value(after, 'nhacviec_reminders_duplicated_total')).toBe(0);
    expect(value(after, 'nhacviec_delivery_lateness_seconds_count')).toBe(sentRows);
    expect(value(after, 'nhacviec_delivery_lateness_seconds_bucket{le="+Inf"}')).toBe(sentRows);

    // Replanning counts the rows it writes. The blocked chat also started a pass of its own (its items' revisions
    // were bumped), so the total is compared with every row a planner wrote: all but ours and the notices.
    const [fresh] = await seedPlan(h.db.sql, p, [{ unitId: p.units.a, dueDate: '2024-02-16' }]);
    await h.reminders.service.replan();
    expect(Number((await h.db.sql`select count(*)::int as n from reminders where due_item_id = ${fresh!}`)[0]!.n)).toBeGreaterThan(0);
    await eventually(
      async () => {
        const written = Number((await h!.db.sql`select count(*)::int as n from reminders where kind <> 'notice' and not (id = any(${ids}::bigint[]))`)[0]!.n);
        return written > 0 && value(await scrape(metrics), 'nhacviec_reminders_planned_total') === written;
      },
      10_000,
      'planned total = rows written by planners',
    );

    // Done items leave the open gauge.
    await h.db.sql`update due_items set state = 'done' where id = any(${[other!, late!]}::bigint[])`;
    const final = await scrape(metrics);
    expect(value(final, `nhacviec_items_open{plan="${planRow!.plan_id}"}`)).toBe(1);
    expect(value(final, `nhacviec_items_overdue{plan="${planRow!.plan_id}"}`)).toBe(0);
  });
});
