/**
 * The JSON API's reads and its tokens (`api_tokens`, hashed) over PostgreSQL (ports in src/app/api/ports.ts).
 * Every list is a keyset page in id order.
 */
import type postgres from 'postgres';
import type {
  ApiCompletion,
  ApiDueItem,
  ApiEvent,
  ApiPlan,
  ApiReadStore,
  ApiScope,
  ApiTask,
  ApiTokenRecord,
  ApiTokenStore,
  ApiUnit,
  DueItemFilter,
  Page,
  PageRequest,
} from '../app/api/ports.js';
import { taskLabel } from '../domain/format/task-label.js';
import type { Sql } from './client.js';

type Fragment = postgres.PendingQuery<postgres.Row[]>;

interface TokenRow {
  id: number;
  name: string;
  scope: ApiScope;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const tokenOf = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  scope: r.scope,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

const TOKEN_COLUMNS = 'id, name, scope, created_by, created_at, last_used_at, revoked_at';

/** Rows fetched one past the limit: a full page tells whether another follows. */
function pageOf<R, T>(rows: readonly R[], page: PageRequest, map: (r: R) => T, idOf: (t: T) => number): Page<T> {
  const data = rows.slice(0, page.limit).map(map);
  return { data, next: rows.length > page.limit ? idOf(data.at(-1)!) : null };
}

export class PostgresApiStore implements ApiReadStore, ApiTokenStore {
  constructor(private readonly sql: Sql) {}

  /** `true and a and b …` from optional conditions. */
  private where(conditions: (Fragment | null)[]): Fragment {
    return conditions.reduce<Fragment>((acc, c) => (c === null ? acc : this.sql`${acc} and ${c}`), this.sql`true`);
  }

  // ------------------------------------------------------------ tokens

  async createToken(input: { name: string; scope: ApiScope; tokenHash: string; createdBy: string; now: Date }): Promise<ApiTokenRecord | null> {
    return this.sql.begin(async (tx) => {
      const rows = await tx<TokenRow[]>`
        insert into api_tokens (name, scope, token_hash, created_by, created_at)
        values (${input.name}, ${input.scope}, ${input.tokenHash}, ${input.createdBy}, ${input.now})
        on conflict (name) where revoked_at is null do nothing
        returning ${tx.unsafe(TOKEN_COLUMNS)}`;
      if (rows[0] === undefined) return null;
      await tx`
        insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
        values (${input.now}, ${input.createdBy}, 'api_token.create', 'api_token', ${String(rows[0].id)}, 'ok', ${tx.json({ name: input.name, scope: input.scope })})`;
      return tokenOf(rows[0]);
    });
  }

  async listTokens(options: { includeRevoked: boolean }): Promise<ApiTokenRecord[]> {
    const rows = await this.sql<TokenRow[]>`
      select ${this.sql.unsafe(TOKEN_COLUMNS)} from api_tokens
      where ${options.includeRevoked} or revoked_at is null order by id`;
    return rows.map(tokenOf);
  }

  async revokeToken(ref: { name: string } | { id: number }, now: Date): Promise<ApiTokenRecord | null> {
    return this.sql.begin(async (tx) => {
      const match = 'id' in ref ? tx`id = ${ref.id}` : tx`name = ${ref.name}`;
      const [row] = await tx<TokenRow[]>`
        update api_tokens set revoked_at = ${now} where ${match} and revoked_at is null returning ${tx.unsafe(TOKEN_COLUMNS)}`;
      if (row === undefined) return null;
      await tx`
        insert into audit_log (at, actor, action, entity, entity_id, outcome, details)
        values (${now}, 'cli', 'api_token.revoke', 'api_token', ${String(row.id)}, 'ok', ${tx.json({ name: row.name })})`;
      return tokenOf(row);
    });
  }

  async useToken(tokenHash: string, now: Date): Promise<ApiTokenRecord | null> {
    // `last_used_at` at most once a minute per token: a busy integration must not turn every read into a write.
    const [row] = await this.sql<TokenRow[]>`
      with t as (select * from api_tokens where token_hash = ${tokenHash} and revoked_at is null),
      touched as (
        update api_tokens a set last_used_at = ${now} from t
        where a.id = t.id and (t.last_used_at is null or t.last_used_at < ${now}::timestamptz - interval '1 minute')
        returning a.id)
      select t.id, t.name, t.scope, t.created_by, t.created_at, t.last_used_at, t.revoked_at from t`;
    return row === undefined ? null : tokenOf(row);
  }

  // ------------------------------------------------------------ plans

  async plans(filter: { province?: string; status?: ApiPlan['status'] }, page: PageRequest): Promise<Page<ApiPlan>> {
    const rows = await this.sql<PlanRow[]>`
      select ${this.sql.unsafe(PLAN_COLUMNS)} from plans
      where ${this.where([
        filter.province === undefined ? null : this.sql`province = ${filter.province}`,
        filter.status === undefined ? null : this.sql`status = ${filter.status}`,
        page.after === undefined ? null : this.sql`id > ${page.after}`,
      ])}
      order by id limit ${page.limit + 1}`;
    return pageOf(rows, page, planOf, (p) => p.id);
  }

  async plan(id: number): Promise<ApiPlan | null> {
    const [row] = await this.sql<PlanRow[]>`select ${this.sql.unsafe(PLAN_COLUMNS)} from plans where id = ${id}`;
    return row === undefined ? null : planOf(row);
  }

  // ------------------------------------------------------------ tasks

  private taskQuery(where: Fragment, limit: number): Promise<TaskRow[]> {
    return this.sql<TaskRow[]>`
      select t.id, t.plan_id, t.number, t.key, t.title, t.output, t.lead_text, t.support_text, t.deadline_text,
             t.withdrawn_at, t.updated_at,
             coalesce((select jsonb_agg(jsonb_build_object('unitId', a.unit_id, 'role', a.role) order by a.role, a.unit_id)
                       from task_assignments a where a.task_id = t.id), '[]'::jsonb) as assignments
      from tasks t where ${where} and (not t.is_proposal or t.proposal_status = 'accepted')
      order by t.id limit ${limit}`;
  }

  async tasks(filter: { planId?: number; updatedSince?: Date }, page: PageRequest): Promise<Page<ApiTask>> {
    const rows = await this.taskQuery(
      this.where([
        filter.planId === undefined ? null : this.sql`t.plan_id = ${filter.planId}`,
        filter.updatedSince === undefined ? null : this.sql`t.updated_at >= ${filter.updatedSince}`,
        page.after === undefined ? null : this.sql`t.id > ${page.after}`,
      ]),
      page.limit + 1,
    );
    return pageOf(rows, page, taskOf, (t) => t.id);
  }

  async task(id: number): Promise<ApiTask | null> {
    const [row] = await this.taskQuery(this.sql`t.id = ${id}`, 1);
    return row === undefined ? null : taskOf(row);
  }

  // ------------------------------------------------------------ due items

  private dueItemQuery(where: Fragment, limit: number): Promise<DueItemRow[]> {
    return this.sql<DueItemRow[]>`
      select d.id, t.plan_id, t.id as task_id, a.unit_id, a.role, d.occurrence_key, d.occurrence_label,
             d.window_start::text, d.nominal_due::text, d.due_date::text, d.waiting_event, d.state, d.done_at, d.updated_at
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      where ${where}
      order by d.id limit ${limit}`;
  }

  async dueItems(filter: DueItemFilter, page: PageRequest): Promise<Page<ApiDueItem>> {
    const rows = await this.dueItemQuery(
      this.where([
        filter.planId === undefined ? null : this.sql`t.plan_id = ${filter.planId}`,
        filter.unitId === undefined ? null : this.sql`a.unit_id = ${filter.unitId}`,
        filter.states === undefined || filter.states.length === 0 ? null : this.sql`d.state::text = any(${filter.states}::text[])`,
        filter.dueFrom === undefined ? null : this.sql`d.due_date >= ${filter.dueFrom}::date`,
        filter.dueTo === undefined ? null : this.sql`d.due_date <= ${filter.dueTo}::date`,
        filter.updatedSince === undefined ? null : this.sql`d.updated_at >= ${filter.updatedSince}`,
        page.after === undefined ? null : this.sql`d.id > ${page.after}`,
      ]),
      page.limit + 1,
    );
    return pageOf(rows, page, dueItemOf, (d) => d.id);
  }

  async dueItem(id: number): Promise<ApiDueItem | null> {
    const [row] = await this.dueItemQuery(this.sql`d.id = ${id}`, 1);
    return row === undefined ? null : dueItemOf(row);
  }

  // ------------------------------------------------------------ units, events, completions

  async units(filter: { province?: string }, page: PageRequest): Promise<Page<ApiUnit>> {
    const rows = await this.sql<UnitRow[]>`
      select ${this.sql.unsafe(UNIT_COLUMNS)} from units
      where ${this.where([
        filter.province === undefined ? null : this.sql`province = ${filter.province}`,
        page.after === undefined ? null : this.sql`id > ${page.after}`,
      ])}
      order by id limit ${page.limit + 1}`;
    return pageOf(rows, page, unitOf, (u) => u.id);
  }

  async unit(id: number): Promise<ApiUnit | null> {
    const [row] = await this.sql<UnitRow[]>`select ${this.sql.unsafe(UNIT_COLUMNS)} from units where id = ${id}`;
    return row === undefined ? null : unitOf(row);
  }

  async events(filter: { province?: string; type?: string }, page: PageRequest): Promise<Page<ApiEvent>> {
    const rows = await this.sql<{ id: number; province: string; type: string; date: string; reference: string | null; recorded_by: string; created_at: Date }[]>`
      select id, province, type, date::text, reference, recorded_by, created_at from events
      where ${this.where([
        filter.province === undefined ? null : this.sql`province = ${filter.province}`,
        filter.type === undefined ? null : this.sql`type = ${filter.type}`,
        page.after === undefined ? null : this.sql`id > ${page.after}`,
      ])}
      order by id limit ${page.limit + 1}`;
    return pageOf(
      rows,
      page,
      (r) => ({ id: r.id, province: r.province, type: r.type, date: r.date, reference: r.reference, recordedBy: r.recorded_by, createdAt: r.created_at }),
      (e) => e.id,
    );
  }

  async completions(filter: { planId?: number; unitId?: number; since?: Date }, page: PageRequest): Promise<Page<ApiCompletion>> {
    const rows = await this.sql<
      { id: string; plan_id: number; task_id: number; unit_id: number; state: 'done' | 'pending_approval'; done_at: Date; document_number: string | null; document_date: string | null; late: boolean | null }[]
    >`
      select d.id, t.plan_id, t.id as task_id, a.unit_id, d.state, d.done_at,
             d.evidence ->> 'documentNumber' as document_number, d.evidence ->> 'documentDate' as document_date,
             (d.evidence ->> 'late')::boolean as late
      from due_items d
      join task_assignments a on a.id = d.assignment_id
      join tasks t on t.id = a.task_id
      where ${this.where([
        this.sql`d.state in ('done', 'pending_approval') and d.done_at is not null`,
        filter.planId === undefined ? null : this.sql`t.plan_id = ${filter.planId}`,
        filter.unitId === undefined ? null : this.sql`a.unit_id = ${filter.unitId}`,
        filter.since === undefined ? null : this.sql`d.done_at >= ${filter.since}`,
        page.after === undefined ? null : this.sql`d.id > ${page.after}`,
      ])}
      order by d.id limit ${page.limit + 1}`;
    return pageOf(
      rows,
      page,
      (r) => ({
        dueItemId: Number(r.id),
        planId: r.plan_id,
        taskId: r.task_id,
        unitId: r.unit_id,
        state: r.state,
        doneAt: r.done_at,
        documentNumber: r.document_number,
        documentDate: r.document_date,
        late: r.late === true,
      }),
      (c) => c.dueItemId,
    );
  }
}

const PLAN_COLUMNS =
  'id, province, title, decision_number, decision_date::text as decision_date, period_start_year, period_end_year, status, version, published_at, updated_at';

interface PlanRow {
  id: number;
  province: string;
  title: string;
  decision_number: string | null;
  decision_date: string | null;
  period_start_year: number;
  period_end_year: number;
  status: ApiPlan['status'];
  version: number;
  published_at: Date | null;
  updated_at: Date;
}

const planOf = (r: PlanRow): ApiPlan => ({
  id: r.id,
  province: r.province,
  title: r.title,
  decisionNumber: r.decision_number,
  decisionDate: r.decision_date,
  periodStartYear: r.period_start_year,
  periodEndYear: r.period_end_year,
  status: r.status,
  version: r.version,
  publishedAt: r.published_at,
  updatedAt: r.updated_at,
});

interface TaskRow {
  id: number;
  plan_id: number;
  number: string;
  key: string | null;
  title: string;
  output: string | null;
  lead_text: string | null;
  support_text: string | null;
  deadline_text: string | null;
  withdrawn_at: Date | null;
  updated_at: Date;
  assignments: { unitId: number; role: 'lead' | 'support' }[];
}

const taskOf = (r: TaskRow): ApiTask => ({
  id: r.id,
  planId: r.plan_id,
  label: taskLabel({ key: r.key, number: r.number }),
  number: r.number,
  title: r.title,
  output: r.output,
  leadText: r.lead_text,
  supportText: r.support_text,
  deadlineText: r.deadline_text,
  withdrawnAt: r.withdrawn_at,
  assignments: r.assignments,
  updatedAt: r.updated_at,
});

interface DueItemRow {
  id: string;
  plan_id: number;
  task_id: number;
  unit_id: number;
  role: 'lead' | 'support';
  occurrence_key: string;
  occurrence_label: string;
  window_start: string | null;
  nominal_due: string | null;
  due_date: string | null;
  waiting_event: string | null;
  state: ApiDueItem['state'];
  done_at: Date | null;
  updated_at: Date;
}

const dueItemOf = (r: DueItemRow): ApiDueItem => ({
  id: Number(r.id),
  planId: r.plan_id,
  taskId: r.task_id,
  unitId: r.unit_id,
  role: r.role,
  occurrenceKey: r.occurrence_key,
  label: r.occurrence_label,
  windowStart: r.window_start,
  nominalDue: r.nominal_due,
  dueDate: r.due_date,
  waitingEvent: r.waiting_event,
  state: r.state,
  doneAt: r.done_at,
  updatedAt: r.updated_at,
});

const UNIT_COLUMNS = 'id, province, code, name, kind, parent_id, effective_from::text as effective_from, effective_to::text as effective_to';

interface UnitRow {
  id: number;
  province: string;
  code: string;
  name: string;
  kind: ApiUnit['kind'];
  parent_id: number | null;
  effective_from: string | null;
  effective_to: string | null;
}

const unitOf = (r: UnitRow): ApiUnit => ({
  id: r.id,
  province: r.province,
  code: r.code,
  name: r.name,
  kind: r.kind,
  parentId: r.parent_id,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
});
