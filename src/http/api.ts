/**
 * The JSON API for provincial systems (issue #14 §3), under `/api/v1`, with its OpenAPI 3.1 document at
 * `/api/openapi.json` generated from the zod schemas below (@hono/zod-openapi).
 *
 * - Bearer tokens per integration (`nhacviec api token create`): no token or an unknown/revoked one → 401;
 *   a `read` token asking to write → 403; over the per-token limit → 429 with `Retry-After` (seconds).
 * - Lists are keyset pages in id order: `limit` (1–1000, default 100) and `after` (the `next` of the previous
 *   page); `next` is null on the last page.
 * - Errors are `{ error, message }`: `error` a stable code, `message` Vietnamese then English.
 *
 * Thin: validates with zod, calls src/app/api, renders JSON. Mounted on the service's hono app before the web
 * console (src/main.ts), whose session and CSRF middleware never sees these routes.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ApiReadStore, ApiTokenRecord } from '../app/api/ports.js';
import type { ApiService } from '../app/api/service.js';
import { scopeAllows } from '../app/api/tokens.js';
import { DEFAULT_API_RATE_LIMIT, MemoryApiRateLimitStore, type ApiRateLimitOptions, type ApiRateLimitStore } from './api-rate-limit.js';

export interface ApiRoutesDeps {
  service: ApiService;
  /** The live token a bearer value stands for, or null. */
  authenticate(bearer: string): Promise<ApiTokenRecord | null>;
  /** Province of `POST /api/v1/events` when the body names none (config `domain.defaultProvince`). */
  defaultProvince: string;
  /** Per-token limit. Default {@link DEFAULT_API_RATE_LIMIT}. */
  rateLimit?: ApiRateLimitOptions;
  /** Where windows are counted. Default: this process's memory. */
  rateLimitStore?: ApiRateLimitStore;
  /** Called on every 429 answer (the metrics counter). */
  onRateLimited?: (token: ApiTokenRecord) => void;
}

type Env = { Variables: { token: ApiTokenRecord } };

export const API_PREFIX = '/api/v1';
export const OPENAPI_PATH = '/api/openapi.json';

// ---------------------------------------------------------------- schemas

const Id = z.number().int().positive();
const Day = z.iso.date().openapi({ example: '2024-07-01' });
const Instant = z.iso.datetime({ offset: true }).openapi({ example: '2024-07-01T02:00:00.000Z' });

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'unauthorized' }),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    types: z.array(z.string()).optional(),
  })
  .openapi('Error');

export const PlanSchema = z
  .object({
    id: Id,
    province: z.string().openapi({ example: 'nghe-an' }),
    title: z.string(),
    decisionNumber: z.string().nullable(),
    decisionDate: Day.nullable(),
    periodStartYear: z.number().int(),
    periodEndYear: z.number().int(),
    status: z.enum(['draft', 'published', 'archived']),
    version: z.number().int(),
    publishedAt: Instant.nullable(),
    updatedAt: Instant,
  })
  .openapi('Plan');

export const TaskSchema = z
  .object({
    id: Id,
    planId: Id,
    label: z.string().openapi({ example: 'I/4' }),
    number: z.string(),
    title: z.string(),
    output: z.string().nullable(),
    leadText: z.string().nullable(),
    supportText: z.string().nullable(),
    deadlineText: z.string().nullable(),
    withdrawnAt: Instant.nullable(),
    assignments: z.array(z.object({ unitId: Id, role: z.enum(['lead', 'support']) })),
    updatedAt: Instant,
  })
  .openapi('Task');

const DUE_STATES = ['waiting', 'open', 'overdue', 'extended', 'pending_approval', 'done', 'waived'] as const;

export const DueItemSchema = z
  .object({
    id: Id,
    planId: Id,
    taskId: Id,
    unitId: Id,
    role: z.enum(['lead', 'support']),
    occurrenceKey: z.string(),
    label: z.string(),
    windowStart: Day.nullable(),
    nominalDue: Day.nullable(),
    dueDate: Day.nullable().openapi({ description: 'The day reminders aim at (after working-day adjustment or an approved extension).' }),
    waitingEvent: z.string().nullable(),
    state: z.enum(DUE_STATES),
    doneAt: Instant.nullable(),
    updatedAt: Instant,
  })
  .openapi('DueItem');

export const UnitSchema = z
  .object({
    id: Id,
    province: z.string(),
    code: z.string().openapi({ example: 'so-noi-vu' }),
    name: z.string(),
    kind: z.enum(['province', 'department', 'district', 'commune', 'other']),
    parentId: Id.nullable(),
    effectiveFrom: Day.nullable(),
    effectiveTo: Day.nullable(),
  })
  .openapi('Unit');

export const EventSchema = z
  .object({
    id: Id,
    province: z.string(),
    type: z.string().openapi({ example: 'cong-bo-tthc' }),
    date: Day,
    reference: z.string().nullable(),
    recordedBy: z.string(),
    createdAt: Instant,
  })
  .openapi('Event');

export const CompletionSchema = z
  .object({
    dueItemId: Id,
    planId: Id,
    taskId: Id,
    unitId: Id,
    state: z.enum(['done', 'pending_approval']),
    doneAt: Instant,
    documentNumber: z.string().nullable(),
    documentDate: Day.nullable(),
    late: z.boolean(),
  })
  .openapi('Completion');

export const NewEventSchema = z
  .object({
    province: z.string().min(1).max(64).optional().openapi({ description: 'Default: the service\'s DEFAULT_PROVINCE.' }),
    type: z.string().min(1).max(100).openapi({ description: 'An event type some published task counts from (as /sukien lists them).', example: 'cong-bo-tthc' }),
    date: Day,
    reference: z.string().max(500).nullable().optional().openapi({ example: 'QĐ 123/QĐ-UBND' }),
  })
  .openapi('NewEvent');

export const EventRecordedSchema = z
  .object({
    eventId: Id,
    type: z.string(),
    eventText: z.string().nullable(),
    date: Day,
    reference: z.string().nullable(),
    dated: z.number().int().openapi({ description: 'Waiting items the event gave a date.' }),
    created: z.number().int().openapi({ description: 'New items for assignments an earlier event of the type had dated.' }),
    undated: z.number().int(),
    duplicate: z.boolean().openapi({ description: 'The same type and day had been recorded: nothing changed.' }),
    sample: z.array(z.object({ taskNumber: z.string(), taskTitle: z.string(), dueDate: Day })),
  })
  .openapi('EventRecorded');

const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ data: z.array(item), next: z.number().int().nullable().openapi({ description: 'Pass as `after` for the next page; null on the last.' }) }).openapi(name);

const PageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ param: { name: 'limit', in: 'query' }, example: 100 }),
  after: z.coerce.number().int().min(0).optional().openapi({ param: { name: 'after', in: 'query' } }),
};
const IdQuery = (name: string, description: string) => z.coerce.number().int().positive().optional().openapi({ param: { name, in: 'query' }, description });
const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
const STATE_LIST = new RegExp(`^(${DUE_STATES.join('|')})(,(${DUE_STATES.join('|')}))*$`);

// ---------------------------------------------------------------- routes

const errors = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'No bearer token, or an unknown or revoked one', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'The token\'s scope does not allow this', content: { 'application/json': { schema: ErrorSchema } } },
  429: {
    description: 'Too many requests for this token',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' as const } } },
    content: { 'application/json': { schema: ErrorSchema } },
  },
};
const notFound = { 404: { description: 'No such resource', content: { 'application/json': { schema: ErrorSchema } } } };
const security = [{ bearerAuth: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listRoute = <Q extends Record<string, z.ZodType>, T extends z.ZodType>(path: string, tag: string, summary: string, query: Q, item: T, pageName: string) =>
  createRoute({
    method: 'get',
    path: `${API_PREFIX}${path}`,
    tags: [tag],
    summary,
    security,
    request: { query: z.object({ ...query, ...PageQuery }) },
    responses: { 200: json(pageOf(item, pageName), 'One page'), ...errors },
  });

const oneRoute = <T extends z.ZodType>(path: string, tag: string, summary: string, item: T) =>
  createRoute({
    method: 'get',
    path: `${API_PREFIX}${path}/{id}`,
    tags: [tag],
    summary,
    security,
    request: { params: IdParam },
    responses: { 200: json(item, 'Found'), ...errors, ...notFound },
  });

const routes = {
  plans: listRoute(
    '/plans',
    'plans',
    'Plans',
    {
      province: z.string().optional().openapi({ param: { name: 'province', in: 'query' } }),
      status: z.enum(['draft', 'published', 'archived']).optional().openapi({ param: { name: 'status', in: 'query' } }),
    },
    PlanSchema,
    'PlanPage',
  ),
  plan: oneRoute('/plans', 'plans', 'One plan', PlanSchema),
  tasks: listRoute(
    '/tasks',
    'tasks',
    'Tasks (accepted proposals included, pending ones not)',
    { plan: IdQuery('plan', 'Only this plan\'s tasks'), updatedSince: Instant.optional().openapi({ param: { name: 'updatedSince', in: 'query' } }) },
    TaskSchema,
    'TaskPage',
  ),
  task: oneRoute('/tasks', 'tasks', 'One task', TaskSchema),
  dueItems: listRoute(
    '/due-items',
    'due items',
    'Due items: one per task, unit and occurrence',
    {
      plan: IdQuery('plan', 'Only this plan\'s items'),
      unit: IdQuery('unit', 'Only this unit\'s items'),
      state: z
        .string()
        .regex(STATE_LIST)
        .optional()
        .openapi({ param: { name: 'state', in: 'query' }, description: `One state or several, comma-separated: ${DUE_STATES.join(', ')}`, example: 'open,overdue' }),
      dueFrom: Day.optional().openapi({ param: { name: 'dueFrom', in: 'query' }, description: 'Due on or after this day' }),
      dueTo: Day.optional().openapi({ param: { name: 'dueTo', in: 'query' }, description: 'Due on or before this day' }),
      updatedSince: Instant.optional().openapi({ param: { name: 'updatedSince', in: 'query' }, description: 'Changed at or after this instant' }),
    },
    DueItemSchema,
    'DueItemPage',
  ),
  dueItem: oneRoute('/due-items', 'due items', 'One due item', DueItemSchema),
  units: listRoute('/units', 'units', 'Units (agencies)', { province: z.string().optional().openapi({ param: { name: 'province', in: 'query' } }) }, UnitSchema, 'UnitPage'),
  unit: oneRoute('/units', 'units', 'One unit', UnitSchema),
  events: listRoute(
    '/events',
    'events',
    'Recorded events',
    {
      province: z.string().optional().openapi({ param: { name: 'province', in: 'query' } }),
      type: z.string().optional().openapi({ param: { name: 'type', in: 'query' } }),
    },
    EventSchema,
    'EventPage',
  ),
  recordEvent: createRoute({
    method: 'post',
    path: `${API_PREFIX}/events`,
    tags: ['events'],
    summary: 'Record an event (as /sukien): items waiting for it get their dates',
    description: 'Needs a `write` token. The same type and day recorded again changes nothing (200, `duplicate: true`).',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: NewEventSchema } } } },
    responses: {
      201: json(EventRecordedSchema, 'Recorded'),
      415: json(ErrorSchema, 'The body is not JSON'),
      200: json(EventRecordedSchema, 'Already recorded (duplicate): nothing changed'),
      422: json(ErrorSchema, 'Unknown event type for the province (`types` lists the known ones), or a day that does not exist'),
      ...errors,
    },
  }),
  completions: listRoute(
    '/completions',
    'completions',
    'Items reported done (approved, or awaiting approval)',
    {
      plan: IdQuery('plan', 'Only this plan\'s items'),
      unit: IdQuery('unit', 'Only this unit\'s items'),
      since: Instant.optional().openapi({ param: { name: 'since', in: 'query' }, description: 'Reported at or after this instant' }),
    },
    CompletionSchema,
    'CompletionPage',
  ),
};

/** Every route of the API, for the test that each one is in the document. */
export const API_ROUTES: readonly { method: string; path: string }[] = Object.values(routes).map((r) => ({ method: r.method, path: r.path }));

// ---------------------------------------------------------------- app

/** Dates become ISO strings, as `JSON.stringify` writes them. */
type Jsonify<T> = T extends Date ? string : T extends readonly (infer U)[] ? Jsonify<U>[] : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;
const jsonify = <T>(value: T): Jsonify<T> => JSON.parse(JSON.stringify(value)) as Jsonify<T>;

function fail<S extends 400 | 401 | 403 | 404 | 422 | 429>(c: Context, status: S, error: string, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ error, message, ...extra }, status);
}

const page = (q: { limit: number; after?: number | undefined }) => ({ limit: q.limit, ...(q.after === undefined ? {} : { after: q.after }) });
const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };

export function createApiRoutes(deps: ApiRoutesDeps): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success)
        return fail(c, 400, 'invalid_request', 'Yêu cầu không hợp lệ. / Invalid request.', {
          issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        });
      return undefined;
    },
  });
  // Errors the validators throw (415 for a body that is not JSON) answer in the API's shape, not as text.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) return c.json({ error: 'http_' + String(err.status), message: err.message }, err.status);
    throw err;
  });
  const limits = deps.rateLimit ?? DEFAULT_API_RATE_LIMIT;
  const store = deps.rateLimitStore ?? new MemoryApiRateLimitStore();
  const read: ApiReadStore = deps.service.store;

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `nhacviec api token create --name N --scope read|write`.',
  });

  const guard: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) {
      c.header('WWW-Authenticate', 'Bearer realm="nhacviec"');
      return fail(c, 401, 'unauthorized', 'Cần token (Authorization: Bearer …). / A bearer token is required.');
    }
    const token = await deps.authenticate(match[1]!);
    if (token === null) {
      c.header('WWW-Authenticate', 'Bearer realm="nhacviec", error="invalid_token"');
      return fail(c, 401, 'invalid_token', 'Token không hợp lệ hoặc đã bị thu hồi. / The token is invalid or revoked.');
    }
    const hit = await store.hit(String(token.id), limits.windowMs);
    if (hit.count > limits.max) {
      deps.onRateLimited?.(token);
      c.header('Retry-After', String(Math.max(1, Math.ceil(hit.resetInMs / 1000))));
      return fail(c, 429, 'rate_limited', `Quá ${limits.max} yêu cầu trong ${Math.round(limits.windowMs / 1000)} giây; hãy thử lại sau. / Too many requests.`);
    }
    if (!scopeAllows(token.scope, c.req.method)) {
      c.header('WWW-Authenticate', 'Bearer realm="nhacviec", error="insufficient_scope", scope="write"');
      return fail(c, 403, 'insufficient_scope', 'Token chỉ có quyền đọc (read); cần quyền ghi (write). / This needs a write token.');
    }
    c.set('token', token);
    await next();
  };
  app.use(`${API_PREFIX}/*`, guard);

  const missing = (c: Context) => fail(c, 404, 'not_found', 'Không tìm thấy. / Not found.');

  app.openapi(routes.plans, async (c) => {
    const q = c.req.valid('query');
    return c.json(jsonify(await read.plans(defined({ province: q.province, status: q.status }), page(q))), 200);
  });
  app.openapi(routes.plan, async (c) => {
    const found = await read.plan(c.req.valid('param').id);
    return found === null ? missing(c) : c.json(jsonify(found), 200);
  });
  app.openapi(routes.tasks, async (c) => {
    const q = c.req.valid('query');
    return c.json(jsonify(await read.tasks(defined({ planId: q.plan, updatedSince: q.updatedSince === undefined ? undefined : new Date(q.updatedSince) }), page(q))), 200);
  });
  app.openapi(routes.task, async (c) => {
    const found = await read.task(c.req.valid('param').id);
    return found === null ? missing(c) : c.json(jsonify(found), 200);
  });
  app.openapi(routes.dueItems, async (c) => {
    const q = c.req.valid('query');
    const filter = defined({
      planId: q.plan,
      unitId: q.unit,
      states: q.state === undefined ? undefined : (q.state.split(',') as (typeof DUE_STATES)[number][]),
      dueFrom: q.dueFrom,
      dueTo: q.dueTo,
      updatedSince: q.updatedSince === undefined ? undefined : new Date(q.updatedSince),
    });
    return c.json(jsonify(await read.dueItems(filter, page(q))), 200);
  });
  app.openapi(routes.dueItem, async (c) => {
    const found = await read.dueItem(c.req.valid('param').id);
    return found === null ? missing(c) : c.json(jsonify(found), 200);
  });
  app.openapi(routes.units, async (c) => {
    const q = c.req.valid('query');
    return c.json(jsonify(await read.units(defined({ province: q.province }), page(q))), 200);
  });
  app.openapi(routes.unit, async (c) => {
    const found = await read.unit(c.req.valid('param').id);
    return found === null ? missing(c) : c.json(jsonify(found), 200);
  });
  app.openapi(routes.events, async (c) => {
    const q = c.req.valid('query');
    return c.json(jsonify(await read.events(defined({ province: q.province, type: q.type }), page(q))), 200);
  });
  app.openapi(routes.recordEvent, async (c) => {
    const body = c.req.valid('json');
    const province = body.province ?? deps.defaultProvince;
    const r = await deps.service.recordEvent(c.get('token'), { province, type: body.type, date: body.date, ...(body.reference === undefined ? {} : { reference: body.reference }) });
    if (r.kind === 'invalid_date') return fail(c, 422, 'invalid_date', `Ngày ${body.date} không tồn tại. / No such day.`);
    if (r.kind === 'unknown_event')
      return fail(c, 422, 'unknown_event', `Không có nhiệm vụ nào của ${province} tính hạn từ sự kiện "${body.type}". / No published task of the province counts from this event type.`, {
        types: r.types,
      });
    const out = {
      eventId: r.eventId,
      type: r.slug,
      eventText: r.eventText,
      date: r.date,
      reference: r.reference,
      dated: r.dated,
      created: r.created,
      undated: r.undated,
      duplicate: r.duplicate,
      sample: r.sample,
    };
    return r.duplicate ? c.json(out, 200) : c.json(out, 201);
  });
  app.openapi(routes.completions, async (c) => {
    const q = c.req.valid('query');
    return c.json(jsonify(await read.completions(defined({ planId: q.plan, unitId: q.unit, since: q.since === undefined ? undefined : new Date(q.since) }), page(q))), 200);
  });

  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Nhắc việc API',
      version: '1',
      description: 'Kế hoạch CCHC, nhiệm vụ, hạn, đơn vị, sự kiện và kết quả hoàn thành cho hệ thống của tỉnh. / CCHC plans, tasks, due items, units, events and completions for provincial systems.',
    },
  });
  return app;
}
