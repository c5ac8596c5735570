/**
 * The JSON API end to end against a real PostgreSQL: seed 000 (Nghệ An 2024) imported and published through the
 * CLI, tokens made with `nhacviec api token create`, requests through the service's hono app (the web console
 * mounted after it, as in src/main.ts). Checks authentication (401), scopes (403), the per-token limit (429 with
 * Retry-After), the resources and their filters and pages against SQL, `POST /api/v1/events` with the rules of
 * `/sukien`, and the OpenAPI 3.1 document: every route in it, valid for an independent validator.
 */
import { Command } from 'commander';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfig } from '../../config/env.js';
import { createApiOnDatabase } from '../../src/api-wiring.js';
import { registerApiCommand } from '../../src/cli/api-command.js';
import { PostgresBotStore } from '../../src/db/bot-store.js';
import { ManualClock } from '../../src/domain/clock.js';
import { MemoryApiRateLimitStore } from '../../src/http/api-rate-limit.js';
import { Metrics } from '../../src/infra/metrics.js';
import { API_ROUTES, CompletionSchema, DueItemSchema, EventRecordedSchema, PlanSchema, TaskSchema, UnitSchema } from '../../src/http/api.js';
import { createHttpApp } from '../../src/http/app.js';
import { createWebConsoleOnDatabase } from '../../src/web-wiring.js';
import { cliRunner } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deadline, hasSeeds, SEEDS, seedsDir } from '../unit/import/helpers.js';

let db: TestDatabase;
let planId: number;
const clock = new ManualClock('2024-01-08T02:00:00Z');
const config = createConfig({ DEFAULT_PROVINCE: 'nghe-an' });
const cli = cliRunner({ db: () => db, clock, deadline });

async function apiCli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  registerApiCommand(program, {
    openDatabase: async () => ({ ...db, close: async () => {} }),
    clock,
    config,
    stdout: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream,
    actor: 'cli:test',
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    const code = (e as { exitCode?: number }).exitCode;
    if (code === undefined) throw e;
    return { code, out, err };
  }
}

/** The service's app as src/main.ts mounts it: the API, then the web console. */
function serviceApp(options: { max?: number; nowMs?: () => number; metrics?: Metrics } = {}) {
  return createHttpApp({
    health: async () => ({ ok: true }) as never,
    mount: (app) => {
      app.route(
        '/',
        createApiOnDatabase({
          database: db,
          clock,
          config,
          rateLimit: { max: options.max ?? 10_000, windowMs: 60_000 },
          rateLimitStore: new MemoryApiRateLimitStore(options.nowMs ?? (() => clock.now().getTime())),
          ...(options.metrics ? { metrics: options.metrics } : {}),
        }),
      );
      app.route('/', createWebConsoleOnDatabase({ database: db, clock, config }));
    },
  });
}

let app: ReturnType<typeof serviceApp>;
let readToken: string;
let writeToken: string;

const get = (url: string, token?: string) => app.request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const post = (url: string, body: unknown, token?: string) =>
  app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

/** Every page of a list, following `next`. */
async function all<T>(url: string, token: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let after: number | null = null;
  do {
    const res = await get(`${url}${url.includes('?') ? '&' : '?'}${after === null ? '' : `after=${after}&`}limit=40`, token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: T[]; next: number | null };
    items.push(...body.data);
    after = body.next;
    pages += 1;
  } while (after !== null);
  return { items, pages };
}

describe.skipIf(!hasSeeds)('JSON API over seed 000', () => {
  beforeAll(async () => {
    db = await createTestDatabase('api');
    const imported = await cli('plan', 'import', path.join(seedsDir, SEEDS.na2024), '--json');
    expect(imported.code, imported.err).toBe(0);
    planId = JSON.parse(imported.out).plan.id;
    const published = await cli('plan', 'publish', String(planId), '--accept-problems', '--json');
    expect(published.code, published.err).toBe(0);
    const r = await apiCli('api', 'token', 'create', '--name', 'he-thong-doc', '--scope', 'read', '--json');
    expect(r.code, r.err).toBe(0);
    readToken = JSON.parse(r.out).token;
    const w = await apiCli('api', 'token', 'create', '--name', 'he-thong-ghi', '--scope', 'write', '--json');
    expect(w.code, w.err).toBe(0);
    writeToken = JSON.parse(w.out).token;
    app = serviceApp();
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('api token create/list/revoke: the token is printed once and only its hash is stored', async () => {
    expect(readToken).toMatch(/^nv_[A-Za-z0-9_-]{43}$/);
    const stored = await db.sql<{ token_hash: string }[]>`select token_hash from api_tokens`;
    expect(stored.map((s) => s.token_hash)).not.toContain(readToken);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
    const taken = await apiCli('api', 'token', 'create', '--name', 'he-thong-doc', '--scope', 'write');
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/đã có token/);
    expect((await apiCli('api', 'token', 'create', '--name', 'x', '--scope', 'admin')).code).not.toBe(0);
    const list = await apiCli('api', 'token', 'list');
    expect(list.out).toContain('he-thong-doc');
    expect(list.out).toContain('he-thong-ghi');
    expect(list.out).not.toContain(readToken);

    const temp = JSON.parse((await apiCli('api', 'token', 'create', '--name', 'tam-thoi', '--scope', 'read', '--json')).out).token as string;
    expect((await get('/api/v1/units?limit=1', temp)).status).toBe(200);
    expect((await apiCli('api', 'token', 'revoke', 'tam-thoi')).code).toBe(0);
    const refused = await get('/api/v1/units?limit=1', temp);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_token');
    expect((await apiCli('api', 'token', 'list')).out).not.toContain('tam-thoi');
    expect((await apiCli('api', 'token', 'list', '--all')).out).toMatch(/tam-thoi.*THU HỒI/);
    expect((await apiCli('api', 'token', 'revoke', 'tam-thoi')).code).toBe(1);
  });

  it('401 without a token or with a bad one, 403 for a read token that posts', async () => {
    const none = await get('/api/v1/plans');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { error: string }).error).toBe('unauthorized');
    expect((await get('/api/v1/plans', `nv_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await get('/api/v1/plans', 'garbage')).status).toBe(401);
    expect((await app.request('/api/v1/plans', { headers: { authorization: `Basic ${readToken}` } })).status).toBe(401);
    const forbidden = await post('/api/v1/events', { type: 'x', date: '2024-03-01' }, readToken);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: string }).error).toBe('insufficient_scope');
    // Unknown paths under the API are refused before anything is said about them.
    expect((await get('/api/v1/nothing')).status).toBe(401);
  });

  it('429 with Retry-After once a token passes its limit; other tokens and the next window are not affected', async () => {
    let now = Date.parse('2024-01-08T02:00:10Z');
    const metrics = new Metrics({}, { defaultMetrics: false });
    const limited = serviceApp({ max: 3, nowMs: () => now, metrics });
    const call = (token: string) => limited.request('/api/v1/units?limit=1', { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i += 1) expect((await call(readToken)).status).toBe(200);
    const over = await call(readToken);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('50');
    expect(((await over.json()) as { error: string }).error).toBe('rate_limited');
    expect(await metrics.text()).toMatch(/^nhacviec_api_429_total\{token="he-thong-doc"\} 1$/m);
    expect((await call(writeToken)).status).toBe(200);
    now += 50_000;
    expect((await call(readToken)).status).toBe(200);
  });

  it('plans, tasks, units: every row once across pages, as the database has them', async () => {
    const plans = await get('/api/v1/plans?province=nghe-an&status=published', readToken);
    const planPage = (await plans.json()) as { data: unknown[]; next: number | null };
    expect(planPage.data.map((p) => PlanSchema.parse(p).id)).toEqual([planId]);
    expect(planPage.next).toBeNull();
    expect(((await (await get('/api/v1/plans?status=draft', readToken)).json()) as { data: unknown[] }).data).toEqual([]);
    const one = PlanSchema.parse(await (await get(`/api/v1/plans/${planId}`, readToken)).json());
    expect(one.status).toBe('published');
    expect((await get('/api/v1/plans/999999', readToken)).status).toBe(404);

    const tasks = await all<unknown>(`/api/v1/tasks?plan=${planId}`, readToken);
    const [{ n: taskCount }] = await db.sql<{ n: number }[]>`select count(*)::int as n from tasks where plan_id = ${planId} and (not is_proposal or proposal_status = 'accepted')`;
    expect(tasks.items.length).toBe(taskCount);
    // A full last page says so: one row past the limit is read, so no empty page follows.
    expect(tasks.pages).toBe(Math.max(1, Math.ceil(taskCount / 40)));
    const parsed = tasks.items.map((t) => TaskSchema.parse(t));
    expect(new Set(parsed.map((t) => t.id)).size).toBe(taskCount);
    const withLead = parsed.find((t) => t.assignments.some((a) => a.role === 'lead'))!;
    const [{ n: leads }] = await db.sql<{ n: number }[]>`select count(*)::int as n from task_assignments where task_id = ${withLead.id} and role = 'lead'`;
    expect(withLead.assignments.filter((a) => a.role === 'lead').length).toBe(leads);

    const units = await all<unknown>('/api/v1/units?province=nghe-an', readToken);
    const [{ n: unitCount }] = await db.sql<{ n: number }[]>`select count(*)::int as n from units where province = 'nghe-an'`;
    expect(units.items.map((u) => UnitSchema.parse(u)).length).toBe(unitCount);
    expect((await get('/api/v1/tasks?limit=0', readToken)).status).toBe(400);
    expect((await get('/api/v1/tasks?plan=abc', readToken)).status).toBe(400);
  });

  it('due items: filters by unit, state, due range and updated since agree with SQL', async () => {
    const [unit] = await db.sql<{ unit_id: number }[]>`
      select a.unit_id from due_items d join task_assignments a on a.id = d.assignment_id
      group by a.unit_id order by count(*) desc limit 1`;
    const unitId = unit!.unit_id;
    const url = `/api/v1/due-items?plan=${planId}&unit=${unitId}&state=open,overdue&dueFrom=2024-03-01&dueTo=2024-09-30`;
    const got = (await all<unknown>(url, readToken)).items.map((d) => DueItemSchema.parse(d));
    const expected = await db.sql<{ id: string }[]>`
      select d.id from due_items d join task_assignments a on a.id = d.assignment_id join tasks t on t.id = a.task_id
      where t.plan_id = ${planId} and a.unit_id = ${unitId} and d.state in ('open', 'overdue')
        and d.due_date between '2024-03-01' and '2024-09-30' order by d.id`;
    expect(expected.length).toBeGreaterThan(0);
    expect(got.map((d) => d.id)).toEqual(expected.map((e) => Number(e.id)));
    expect(got.every((d) => d.unitId === unitId && d.dueDate! >= '2024-03-01' && d.dueDate! <= '2024-09-30')).toBe(true);

    const waiting = (await all<unknown>(`/api/v1/due-items?state=waiting`, readToken)).items.map((d) => DueItemSchema.parse(d));
    const [{ n: waitingCount }] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where state = 'waiting'`;
    expect(waiting.length).toBe(waitingCount);

    const future = await get('/api/v1/due-items?updatedSince=2999-01-01T00:00:00Z', readToken);
    expect(((await future.json()) as { data: unknown[] }).data).toEqual([]);
    expect((await get('/api/v1/due-items?state=finished', readToken)).status).toBe(400);
    const first = got[0]!;
    expect(DueItemSchema.parse(await (await get(`/api/v1/due-items/${first.id}`, readToken)).json())).toEqual(first);
  });

  it('POST /api/v1/events: dates the items waiting for the event, as /sukien; again → duplicate; unknown type → 422', async () => {
    const [type] = await db.sql<{ waiting_event: string; n: number }[]>`
      select waiting_event, count(*)::int as n from due_items where state = 'waiting' and waiting_event is not null
      group by waiting_event order by n desc, waiting_event limit 1`;
    expect(type, 'seed 000 has items waiting for an event').toBeDefined();
    const unknown = await post('/api/v1/events', { type: 'khong-co-su-kien', date: '2024-03-15' }, writeToken);
    expect(unknown.status).toBe(422);
    const u = (await unknown.json()) as { error: string; types: string[] };
    expect(u.error).toBe('unknown_event');
    expect(u.types).toContain(type!.waiting_event);
    expect((await post('/api/v1/events', { type: type!.waiting_event, date: '2024-02-30' }, writeToken)).status).toBe(400);
    expect((await post('/api/v1/events', { type: type!.waiting_event }, writeToken)).status).toBe(400);

    clock.set('2024-03-16T02:00:00Z', true);
    const res = await post('/api/v1/events', { type: type!.waiting_event, date: '2024-03-15', reference: 'QĐ 123/QĐ-UBND' }, writeToken);
    expect(res.status).toBe(201);
    const recorded = EventRecordedSchema.parse(await res.json());
    expect(recorded.duplicate).toBe(false);
    expect(recorded.dated).toBeGreaterThan(0);
    const [{ n: still }] = await db.sql<{ n: number }[]>`select count(*)::int as n from due_items where state = 'waiting' and waiting_event = ${type!.waiting_event}`;
    expect(still).toBe(type!.n - recorded.dated);
    const [event] = await db.sql<{ recorded_by: string; reference: string }[]>`select recorded_by, reference from events where id = ${recorded.eventId}`;
    expect(event).toEqual({ recorded_by: 'api:he-thong-ghi', reference: 'QĐ 123/QĐ-UBND' });
    const [audit] = await db.sql<{ actor: string; outcome: string }[]>`select actor, outcome from audit_log where action = 'event.record' and entity_id = ${String(recorded.eventId)}`;
    expect(audit).toEqual({ actor: 'api:he-thong-ghi', outcome: 'ok' });
    // Dated items are due on or after the event day (event-relative deadlines count forward).
    expect(recorded.sample.length).toBeGreaterThan(0);
    expect(recorded.sample.every((s) => s.dueDate >= '2024-03-15')).toBe(true);

    const again = await post('/api/v1/events', { type: type!.waiting_event, date: '2024-03-15' }, writeToken);
    expect(again.status).toBe(200);
    const dup = EventRecordedSchema.parse(await again.json());
    expect(dup).toMatchObject({ duplicate: true, dated: 0, created: 0, eventId: recorded.eventId });

    const listed = (await (await get(`/api/v1/events?type=${type!.waiting_event}`, readToken)).json()) as { data: { id: number; recordedBy: string; date: string }[] };
    expect(listed.data).toEqual([expect.objectContaining({ id: recorded.eventId, recordedBy: 'api:he-thong-ghi', date: '2024-03-15' })]);
  });

  it('completions: an item reported done appears with its evidence', async () => {
    const [item] = await db.sql<{ id: string; unit_id: number }[]>`
      select d.id, a.unit_id from due_items d join task_assignments a on a.id = d.assignment_id
      where d.state = 'open' and d.due_date is not null order by d.due_date, d.id limit 1`;
    const [person] = await db.sql<{ id: number }[]>`insert into people (name) values ('Cán bộ đầu mối') returning id`;
    clock.set('2024-03-20T03:00:00Z', true);
    const done = await new PostgresBotStore(db.sql).completeItem({
      itemId: Number(item!.id),
      personId: person!.id,
      evidence: { documentNumber: '77/BC-SNV', documentDate: '2024-03-19' },
      needsApproval: false,
      now: clock.now(),
      audit: { actor: 'test', action: 'item.done', outcome: 'ok' },
    });
    expect(done.status).toBe('ok');
    const res = await get(`/api/v1/completions?unit=${item!.unit_id}&since=2024-03-01T00:00:00Z`, readToken);
    const body = (await res.json()) as { data: unknown[] };
    const completions = body.data.map((c) => CompletionSchema.parse(c));
    expect(completions).toContainEqual(
      expect.objectContaining({ dueItemId: Number(item!.id), state: 'done', documentNumber: '77/BC-SNV', documentDate: '2024-03-19', doneAt: '2024-03-20T03:00:00.000Z' }),
    );
    const later = (await (await get(`/api/v1/completions?since=2024-03-21T00:00:00Z`, readToken)).json()) as { data: unknown[] };
    expect(later.data).toEqual([]);
  });

  it('OpenAPI 3.1 at /api/openapi.json: every route is in it, and an independent validator accepts it', async () => {
    const res = await app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(API_ROUTES.length).toBe(11);
    for (const route of API_ROUTES) {
      expect(doc.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
      expect(doc.paths[route.path]![route.method]!.security).toEqual([{ bearerAuth: [] }]);
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator is not a rubber stamp: a document missing its info is refused.
    const broken = structuredClone(doc) as Record<string, unknown>;
    delete broken.info;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('the web console mounted after the API does not see API requests (no CSRF or session on POST)', async () => {
    const res = await app.request('/api/v1/events', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', authorization: `Bearer ${writeToken}` },
      body: 'type=x',
    });
    // The API answers (415: its body must be JSON), not the console's CSRF refusal page (403).
    expect(res.status).toBe(415);
    expect(((await res.clone().json()) as { error: string }).error).toBe('http_415');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
  });
});
