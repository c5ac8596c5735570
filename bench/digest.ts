/**
 * `npm run bench:digest`: the leadership digest of a province with 10 000 overdue items (BENCH_OVERDUE), spread
 * over 800 units (BENCH_UNITS) and 100 tasks, on a fresh PostgreSQL database: the overview queries, the text, the
 * bar chart as a PNG and the rows for a leader and a coordinator — `DigestService.run('leadership', …)` as the
 * weekly cron runs it, each run with a period of its own so every run builds and writes. Enqueueing is left out
 * (a no-op: bench:queue measures the queue).
 *
 * "old" renders the chart with resvg's own text layout and system fonts on every call (`renderPng`); "new" with
 * `createPngRenderer()` (fonts parsed once, text outlined in JS). They alternate within each run, so both see the
 * same load. The PNG alone is also timed, old and new.
 *
 * PostgreSQL: TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres). BENCH_RUNS (default 9).
 * BENCH_STAGES=1 also times the store's queries alone; BENCH_KEEP=1 keeps the database.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadWorkingCalendar } from '../config/holidays/load.js';
import { barChartSvg } from '../src/app/digests/chart.js';
import { DigestService } from '../src/app/digests/service.js';
import { PostgresDigestStore } from '../src/db/digest-store.js';
import { ManualClock } from '../src/domain/clock.js';
import { createTranslator } from '../src/i18n/translator.js';
import { createPngRenderer, renderPng } from '../src/infra/png.js';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/db.js';
import { median, releaseBenchDatabase } from './stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const OVERDUE = Number(process.env.BENCH_OVERDUE ?? 10_000);
const UNITS = Number(process.env.BENCH_UNITS ?? 800);
const TASKS = 100;
const PROVINCE = 'bench-digest';

async function seed(db: TestDatabase): Promise<void> {
  const sql = db.sql;
  await sql`
    insert into units (province, code, name, kind)
    select ${PROVINCE}, 'xa-' || g, 'UBND xã Thử Nghiệm Đông Hưng số ' || g, 'commune'::unit_kind from generate_series(1, ${UNITS}) g`;
  const [plan] = await sql<{ id: number }[]>`
    insert into plans (province, title, period_start_year, period_end_year, status, version)
    values (${PROVINCE}, 'Kế hoạch CCHC năm 2024', 2024, 2024, 'published', 1) returning id`;
  await sql`
    insert into tasks (plan_id, number, position, title, deadline_text)
    select ${plan!.id}, g::text, g, 'Báo cáo kết quả thực hiện nhiệm vụ số ' || g, 'Quý I/2024' from generate_series(1, ${TASKS}) g`;
  // OVERDUE assignments (task k, unit k mod UNITS), one overdue item each, due dates spread over the first half.
  await sql`
    insert into task_assignments (task_id, unit_id, role)
    select t.id, u.id, 'lead'::assignment_role
    from generate_series(0, ${OVERDUE - 1}) g
    join tasks t on t.plan_id = ${plan!.id} and t.position = 1 + g % ${TASKS}
    join units u on u.province = ${PROVINCE} and u.code = 'xa-' || (1 + (g / ${TASKS} + g) % ${UNITS})
    on conflict do nothing`;
  await sql`
    insert into due_items (assignment_id, occurrence_key, occurrence_label, due_date, nominal_due, state)
    select a.id, 'q1', 'Quý I/2024', d, d, 'overdue'::due_state
    from task_assignments a join tasks t on t.id = a.task_id,
         lateral (select date '2024-01-15' + (a.id % 150) as d) x
    where t.plan_id = ${plan!.id}`;
  const [anchor] = await sql<{ id: number }[]>`select id from units where province = ${PROVINCE} order by id limit 1`;
  for (const [k, role] of (['leader', 'coordinator'] as const).entries()) {
    const chatId = 710_000_000 + k;
    const [p] = await sql<{ id: number }[]>`insert into people (name, telegram_user_id) values (${`Bench ${role}`}, ${chatId}) returning id`;
    await sql`insert into chats (telegram_chat_id, kind, person_id) values (${chatId}, 'private', ${p!.id})`;
    await sql`insert into memberships (person_id, unit_id, role) values (${p!.id}, ${anchor!.id}, ${role}::member_role)`;
  }
  await sql`analyze`;
}

async function main(): Promise<void> {
  const calendar = loadWorkingCalendar();
  const db = await createTestDatabase('bench_digest');
  try {
    await seed(db);
    const [{ n } = { n: 0 }] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where state = 'overdue'`;
    const clock = new ManualClock('2024-07-01T01:00:00Z');
    const t = createTranslator();
    const store = new PostgresDigestStore(db.sql);
    const service = (render: (svg: string) => Uint8Array) =>
      new DigestService({ store, calendar, clock, t, zone: 'Asia/Ho_Chi_Minh', renderPng: render, sendWindow: (now) => now, enqueue: async () => 0 });
    const fast = createPngRenderer();
    const renderers = { old: renderPng, new: fast };
    const services = { old: service(renderPng), new: service(fast) };
    const overview = await store.overview(PROVINCE, '2024-07-01', 5);
    const svg = barChartSvg(t('vi', 'digest-units-ranked'), overview.overdueByUnit.map((u) => ({ label: u.unitName, value: u.count })));

    let period = 0;
    const digest = async (which: 'old' | 'new') => {
      const t0 = performance.now();
      const report = await services[which].run('leadership', `2024-07-01-${which}-${++period}`);
      if (report.messages === 0) throw new Error('the digest wrote nothing');
      return performance.now() - t0;
    };
    const png = (which: 'old' | 'new') => {
      const t0 = performance.now();
      renderers[which](svg);
      return performance.now() - t0;
    };
    // Warm-up: JIT, connections, prepared statements, fonts.
    await digest('old');
    await digest('new');
    if (process.env.BENCH_STAGES) {
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        await store.overview(PROVINCE, '2024-07-01', 5);
        const t1 = performance.now();
        await store.provinceRecipients(PROVINCE, ['leader', 'coordinator']);
        const t2 = performance.now();
        await store.recordRun('leadership', `x${r}`, PROVINCE, { total: 1 });
        const t3 = performance.now();
        process.stdout.write(`overview ${(t1 - t0).toFixed(1)} recipients ${(t2 - t1).toFixed(1)} recordRun ${(t3 - t2).toFixed(1)}\n`);
      }
    }
    const samples = { digestOld: [] as number[], digestNew: [] as number[], pngOld: [] as number[], pngNew: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      samples.digestOld.push(await digest('old'));
      samples.digestNew.push(await digest('new'));
      samples.pngOld.push(png('old'));
      samples.pngNew.push(png('new'));
    }
    const fmt = (xs: number[]) => `${median(xs).toFixed(1).padStart(7)} ms  (${xs.map((x) => x.toFixed(0)).join(', ')})`;
    const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(1)}×`;
    process.stdout.write(
      `Leadership digest, ${n} overdue items over ${overview.overdueByUnit.length} units (Node ${process.version}, runs: ${RUNS}, ` +
        `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}):\n` +
        `digest incl. PNG  old ${fmt(samples.digestOld)}\n` +
        `                  new ${fmt(samples.digestNew)}   old/new ${ratio(samples.digestOld, samples.digestNew)}\n` +
        `PNG alone         old ${fmt(samples.pngOld)}\n` +
        `                  new ${fmt(samples.pngNew)}   old/new ${ratio(samples.pngOld, samples.pngNew)}\n`,
    );
  } finally {
    await releaseBenchDatabase(db);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:digest failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
