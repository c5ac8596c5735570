/**
 * The web console's `/plans/:id/simulate` against a real PostgreSQL with seed 000 published: a coordinator starts a
 * preview (a POST with the CSRF token), follows its progress in the status fragment while it runs in the
 * background, and gets the chart, the tables and the downloads, equal to what `simulatePlan` (the CLI's use case)
 * gives for the same plan and period; reloading shows the kept result without running it again; a second start
 * joins the run under way; a failed run says why in Vietnamese and keeps the earlier result. Heads and focal points
 * are refused (403), and so is a post without its CSRF token.
 */
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { calendarForConfig } from '../../config/holidays/load.js';
import { reminderPolicyFromConfig } from '../../jobs/reminders.js';
import { createWebAuth, type WebSession } from '../../src/app/web/auth.js';
import type { MemberRole } from '../../src/app/bot/store.js';
import { simulatePlan, type SimulationEvent } from '../../src/app/simulate.js';
import { createWebSimulations, type SimulationSource } from '../../src/app/web/simulate.js';
import { loadPlanSnapshot } from '../../src/db/memory-world-loader.js';
import { PostgresWebAuthStore } from '../../src/db/web-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createHttpApp } from '../../src/http/app.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { silentLogger } from '../../src/infra/logger.js';
import { simulationSourceOn } from '../../src/simulate-wiring.js';
import { createWebConsoleOnDatabase } from '../../src/web-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let planId: number;
let unitId: number;
const clock = new ManualClock('2024-01-02T03:00:00Z');
const config = createConfig({ WEB_BASE_URL: 'http://localhost' });
const cli = cliRunner({ db: () => db, clock, deadline });
let app: ReturnType<typeof createHttpApp>;

/** A quarter: long enough to watch its progress, short enough for a test. */
const FROM = '2024-01-01';
const TO = '2024-03-31';

async function signIn(role: MemberRole): Promise<{ cookie: string; csrf: string; session: WebSession }> {
  const auth = createWebAuth({ store: new PostgresWebAuthStore(db.sql), clock });
  const { token } = await auth.issueLoginToken({ personId: null, unitId, role }, 'test');
  const r = await auth.signIn(token);
  if (r.kind !== 'signed_in') throw new Error(`sign-in refused: ${r.reason}`);
  const session = (await auth.session(r.sessionToken))!;
  return { cookie: `nv_session=${r.sessionToken}`, csrf: session.csrfToken, session };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function start(s: { cookie: string; csrf: string }, fields: Record<string, string>, htmx = true) {
  return app.request(`/plans/${planId}/simulate`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...(htmx ? { 'hx-request': 'true' } : {}) },
    body: form(fields),
  });
}

const status = async (cookie: string) => (await app.request(`/plans/${planId}/simulate/status`, { headers: { cookie } })).text();
const stateOf = (html: string) => /id="sim-status" data-state="(\w+)"/.exec(html)?.[1];

/** Polls the status fragment as the page does (every 50 ms here), until the run is over; the fragments seen. */
async function follow(cookie: string, timeoutMs = 240_000): Promise<string[]> {
  const seen: string[] = [];
  const until = Date.now() + timeoutMs;
  for (;;) {
    const html = await status(cookie);
    seen.push(html);
    const state = stateOf(html);
    if (state !== 'queued' && state !== 'running') return seen;
    if (Date.now() > until) throw new Error(`simulation still ${state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasSeeds)('web console /plans/:id/simulate', () => {
  beforeAll(async () => {
    db = await createTestDatabase('web_simulate');
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = JSON.parse(imported.out).plan.id;
    const published = await cli('plan', 'publish', String(planId), '--accept-problems', '--json');
    expect(published.code, published.err).toBe(0);
    unitId = (await db.sql<{ id: number }[]>`select id from units where code = 'so-noi-vu'`)[0]!.id;
    app = createHttpApp({ health: async () => ({ ok: true }) as never, mount: (a) => a.route('/', createWebConsoleOnDatabase({ database: db, clock, config, databaseUrl: db.url })) });
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('refuses heads and focal points (403), page and post alike, and starts nothing', async () => {
    for (const role of ['head', 'focal'] as const) {
      const s = await signIn(role);
      expect((await app.request(`/plans/${planId}/simulate`, { headers: { cookie: s.cookie } })).status).toBe(403);
      expect((await app.request(`/plans/${planId}/simulate/status`, { headers: { cookie: s.cookie } })).status).toBe(403);
      expect((await app.request(`/plans/${planId}/simulate/messages.csv`, { headers: { cookie: s.cookie } })).status).toBe(403);
      expect((await start(s, { _csrf: s.csrf, from: FROM, to: TO, rate: '70' })).status).toBe(403);
    }
    const c = await signIn('coordinator');
    expect(stateOf(await status(c.cookie))).toBe('none');
  });

  it('refuses a post without its CSRF token (403) and starts nothing', async () => {
    const s = await signIn('coordinator');
    expect((await start(s, { from: FROM, to: TO, rate: '70' })).status).toBe(403);
    expect((await start(s, { _csrf: 'x'.repeat(s.csrf.length), from: FROM, to: TO, rate: '70' })).status).toBe(403);
    expect(stateOf(await status(s.cookie))).toBe('none');
  });

  it('refuses a period that ends before it starts, in Vietnamese, at the field', async () => {
    const s = await signIn('coordinator');
    const res = await start(s, { _csrf: s.csrf, from: TO, to: FROM, rate: '70' }, false);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#sim-to"');
    expect(html).toContain('Ngày kết thúc không hợp lệ hoặc trước ngày bắt đầu.');
    expect(stateOf(await status(s.cookie))).toBe('none');
  });

  it('start → progress → result: the chart, the tables and the downloads, as simulatePlan gives them', async () => {
    const s = await signIn('coordinator');
    const page = await (await app.request(`/plans/${planId}`, { headers: { cookie: s.cookie } })).text();
    expect(page).toContain(`href="/plans/${planId}/simulate"`);
    expect((await app.request(`/plans/${planId}/simulate`, { headers: { cookie: s.cookie } })).status).toBe(200);

    const started = await start(s, { _csrf: s.csrf, from: FROM, to: TO, rate: '70' });
    expect(started.status).toBe(200);
    // The post answers before the simulation is over: the fragment polls itself.
    const first = await started.text();
    expect(['queued', 'running']).toContain(stateOf(first));
    expect(first).toContain('hx-trigger="every 1s"');
    // A second start while it runs joins it (the use case's test below shows it is the same run).
    expect(['queued', 'running']).toContain(stateOf(await (await start(s, { _csrf: s.csrf, from: FROM, to: TO, rate: '70' })).text()));
    const seen = await follow(s.cookie);
    const running = seen.filter((h) => stateOf(h) === 'running').map((h) => Number(/<progress id="sim-progress" max="(\d+)" value="(\d+)"/.exec(h)?.[2]));
    // Progress was seen moving while the simulation ran (the console kept answering between simulated days).
    expect(running.some((d) => d > 0 && d < 90)).toBe(true);
    expect(running).toEqual([...running].sort((a, b) => a - b));
    const done = seen.at(-1)!;
    expect(stateOf(done)).toBe('done');
    expect(done).not.toContain('hx-trigger');

    // The same simulation as the CLI's use case, for the same plan, period and rate.
    const events: SimulationEvent[] = [];
    const direct = await simulatePlan(
      {
        snapshot: await loadPlanSnapshot(db.sql, planId),
        clock: new ManualClock(`${FROM}T00:00:00+07:00`),
        calendar: calendarForConfig(config),
        policy: reminderPolicyFromConfig(config),
        workingHours: config.domain.workingHours,
        t: createTranslator(),
        logger: silentLogger,
        schedules: config.schedules,
      },
      { planId, from: FROM, to: TO, doneRate: 0.7, onEvent: (e) => void events.push(e) },
    );
    expect(direct.eventCount).toBeGreaterThan(100);
    expect(done).toContain(`data-messages="${direct.eventCount}"`);
    // The chart: three series of three months, bars as tall as their values say.
    expect(done).toContain('id="sim-chart"');
    for (const series of ['reminders', 'escalations', 'overdue']) expect(done).toContain(`data-series="${series}"`);
    const byMonth = direct.totals.byMonth;
    for (const m of ['2024-01', '2024-02', '2024-03']) {
      const k = byMonth[m] ?? {};
      const reminders = (k.reminder ?? 0) + (k.nudge ?? 0);
      expect(done).toContain(`data-month="${m}" data-value="${reminders}"`);
      const row = new RegExp(`<tr data-month="${m}"><td>[^<]+</td><td class="num">([\\d.]+)</td><td class="num">([\\d.]+)</td>`).exec(done);
      expect(row, m).not.toBeNull();
      expect(Number(row![1]!.replaceAll('.', ''))).toBe(reminders);
      expect(Number(row![2]!.replaceAll('.', ''))).toBe(k.escalation ?? 0);
    }
    // Overdue items were counted in a quarter where escalations went out.
    expect(direct.totals.byKind.escalation ?? 0).toBeGreaterThan(0);
    expect(/data-series="overdue".*?data-value="([1-9]\d*)"/s.test(done)).toBe(true);
    // The units' table: the unit with most escalations first.
    const topUnit = Object.entries(direct.totals.byUnit).sort(([, a], [, b]) => (b.escalation ?? 0) - (a.escalation ?? 0))[0]![0];
    expect(/<table class="sim-units"[\s\S]*?<tbody><tr><td>([^<]+)<\/td>/.exec(done)![1]).toBe(topUnit.replaceAll('&', '&amp;'));

    // Downloads: every message, as JSON lines (gzip for a client that takes it) and CSV.
    const gz = await app.request(`/plans/${planId}/simulate/messages.jsonl`, { headers: { cookie: s.cookie, 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-disposition')).toBe(`attachment; filename="mo-phong-ke-hoach-${planId}-${FROM}-${TO}.jsonl"`);
    const lines = gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBe(direct.eventCount);
    expect(JSON.parse(lines[0]!)).toEqual(events[0]);
    expect(JSON.parse(lines.at(-1)!)).toEqual(events.at(-1));
    const plain = await app.request(`/plans/${planId}/simulate/messages.jsonl`, { headers: { cookie: s.cookie } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()).trimEnd().split('\n').length).toBe(direct.eventCount);
    const csv = await app.request(`/plans/${planId}/simulate/messages.csv`, { headers: { cookie: s.cookie } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A byte order mark first, so that Excel reads the Vietnamese as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(direct.eventCount);
    expect(rows[0]).toMatchObject({ at: events[0]!.at, kind: events[0]!.kind, step: events[0]!.step, text: events[0]!.text });

    // Reloading shows the kept result at once: nothing runs again.
    const reloaded = await (await app.request(`/plans/${planId}/simulate`, { headers: { cookie: s.cookie } })).text();
    expect(stateOf(reloaded)).toBe('done');
    expect(reloaded).toContain(`data-messages="${direct.eventCount}"`);
    expect(reloaded).toContain('value="2024-03-31"');
    // A task changed since (a unit chosen, a reading…): the kept result says it is outdated.
    expect(reloaded).not.toContain('id="sim-outdated"');
    await db.sql`update tasks set updated_at = now() where id = (select min(id) from tasks where plan_id = ${planId})`;
    expect(await status(s.cookie)).toContain('id="sim-outdated"');

    // A leader may read and download it too.
    const leader = await signIn('leader');
    expect((await app.request(`/plans/${planId}/simulate/messages.csv`, { headers: { cookie: leader.cookie } })).status).toBe(200);
  }, 300_000);

  it('a failed run says why in Vietnamese and keeps the earlier result', async () => {
    const s = await signIn('coordinator');
    // The plan is archived meanwhile (a newer version replaced it): the preview is refused with the reason.
    await db.sql`update plans set status = 'archived', updated_at = now() where id = ${planId}`;
    try {
      const started = await start(s, { _csrf: s.csrf, from: FROM, to: TO, rate: '70' });
      expect(started.status).toBe(200);
      const done = (await follow(s.cookie)).at(-1)!;
      expect(stateOf(done)).toBe('failed');
      expect(done).toContain('Mô phỏng không thành công');
      expect(done).toContain('Kế hoạch đã được lưu trữ');
      expect(done).toContain('Kết quả của lần mô phỏng trước vẫn được giữ bên dưới.');
      expect(done).toContain('id="sim-chart"');
      // The plan changed since that result: it says so.
      expect(done).toContain('id="sim-outdated"');
      expect((await app.request(`/plans/${planId}/simulate/messages.jsonl`, { headers: { cookie: s.cookie } })).status).toBe(200);
    } finally {
      await db.sql`update plans set status = 'published' where id = ${planId}`;
    }
  }, 300_000);

  it('a second start while one runs joins it (the plan is read once); an unexpected error is logged, not shown', async () => {
    const base = simulationSourceOn(db, { config, clock });
    let reads = 0;
    let fail = false;
    const source: SimulationSource = {
      plan: (id) => base.plan(id),
      snapshot: async (id) => {
        reads++;
        if (fail) throw new Error('connection reset');
        return base.snapshot(id);
      },
    };
    const errors: string[] = [];
    const sims = createWebSimulations({
      source,
      clock,
      calendar: calendarForConfig(config),
      policy: reminderPolicyFromConfig(config),
      workingHours: config.domain.workingHours,
      schedules: config.schedules,
      t: createTranslator(),
      logger: { ...silentLogger, error: (m: string) => void errors.push(m) },
    });
    const { session } = await signIn('coordinator');
    const params = { from: FROM, to: '2024-01-31', doneRate: 0.7 };
    const a = await sims.start(session, planId, params);
    const b = await sims.start(session, planId, { ...params, doneRate: 0.2 });
    expect(a.kind === 'ok' && a.value.kind).toBe('started');
    expect(b.kind === 'ok' && b.value.kind).toBe('joined');
    expect(a.kind === 'ok' && b.kind === 'ok' && a.value.kind !== 'invalid' && b.value.kind !== 'invalid' && a.value.job === b.value.job).toBe(true);
    await sims.idle();
    expect(reads).toBe(1);
    const v = await sims.view(session, planId);
    expect(v.kind === 'ok' && v.value.job?.state).toBe('done');
    expect(v.kind === 'ok' && v.value.job?.params.doneRate).toBe(0.7);

    fail = true;
    await sims.start(session, planId, params);
    await sims.idle();
    const after = await sims.view(session, planId);
    if (after.kind !== 'ok') throw new Error(after.kind);
    expect(after.value.job?.state).toBe('failed');
    expect(after.value.job?.error).toBeNull();
    expect(after.value.lastDone?.state).toBe('done');
    expect(errors).toEqual(['web: simulation failed']);
  }, 300_000);
});
