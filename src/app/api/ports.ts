/**
 * What the JSON API's use cases need from the database (src/db/api-store.ts implements it). Resources are plain
 * records: days as 'YYYY-MM-DD', instants as `Date`, ids as numbers. Lists are pages in id order: `after` is the
 * last id of the previous page.
 */

/** Scopes of an API token: `read` may GET, `write` may also POST. */
export type ApiScope = 'read' | 'write';

export interface ApiTokenRecord {
  id: number;
  name: string;
  scope: ApiScope;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiTokenStore {
  /** Stores a live token; `null` when the name already has a live token. */
  createToken(input: { name: string; scope: ApiScope; tokenHash: string; createdBy: string; now: Date }): Promise<ApiTokenRecord | null>;
  listTokens(options: { includeRevoked: boolean }): Promise<ApiTokenRecord[]>;
  /** Revokes the live token of `name` (or with id `id`); resolves with it, or null when none was live. */
  revokeToken(ref: { name: string } | { id: number }, now: Date): Promise<ApiTokenRecord | null>;
  /** The live token with this hash (and records its use at `now`), or null. */
  useToken(tokenHash: string, now: Date): Promise<ApiTokenRecord | null>;
}

/** A page request: at most `limit` rows with id greater than `after`. */
export interface PageRequest {
  limit: number;
  after?: number;
}

export interface Page<T> {
  data: T[];
  /** The `after` of the next page; null on the last page. */
  next: number | null;
}

export interface ApiPlan {
  id: number;
  province: string;
  title: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  periodStartYear: number;
  periodEndYear: number;
  status: 'draft' | 'published' | 'archived';
  version: number;
  publishedAt: Date | null;
  updatedAt: Date;
}

export interface ApiTask {
  id: number;
  planId: number;
  /** As people cite it ("I/4"). */
  label: string;
  number: string;
  title: string;
  output: string | null;
  leadText: string | null;
  supportText: string | null;
  deadlineText: string | null;
  withdrawnAt: Date | null;
  assignments: { unitId: number; role: 'lead' | 'support' }[];
  updatedAt: Date;
}

export type ApiDueState = 'waiting' | 'open' | 'overdue' | 'extended' | 'pending_approval' | 'done' | 'waived';

export interface ApiDueItem {
  id: number;
  planId: number;
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
  occurrenceKey: string;
  label: string;
  windowStart: string | null;
  nominalDue: string | null;
  dueDate: string | null;
  waitingEvent: string | null;
  state: ApiDueState;
  doneAt: Date | null;
  updatedAt: Date;
}

export interface DueItemFilter {
  planId?: number;
  unitId?: number;
  states?: ApiDueState[];
  dueFrom?: string;
  dueTo?: string;
  updatedSince?: Date;
}

export interface ApiUnit {
  id: number;
  province: string;
  code: string;
  name: string;
  kind: 'province' | 'department' | 'district' | 'commune' | 'other';
  parentId: number | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
}

export interface ApiEvent {
  id: number;
  province: string;
  type: string;
  date: string;
  reference: string | null;
  recordedBy: string;
  createdAt: Date;
}

export interface ApiCompletion {
  dueItemId: number;
  planId: number;
  taskId: number;
  unitId: number;
  /** `done`, or `pending_approval` while the coordinator has not approved it. */
  state: 'done' | 'pending_approval';
  doneAt: Date;
  documentNumber: string | null;
  documentDate: string | null;
  /** The document is dated after the item's due day. */
  late: boolean;
}

export interface ApiReadStore {
  plans(filter: { province?: string; status?: ApiPlan['status'] }, page: PageRequest): Promise<Page<ApiPlan>>;
  plan(id: number): Promise<ApiPlan | null>;
  tasks(filter: { planId?: number; updatedSince?: Date }, page: PageRequest): Promise<Page<ApiTask>>;
  task(id: number): Promise<ApiTask | null>;
  dueItems(filter: DueItemFilter, page: PageRequest): Promise<Page<ApiDueItem>>;
  dueItem(id: number): Promise<ApiDueItem | null>;
  units(filter: { province?: string }, page: PageRequest): Promise<Page<ApiUnit>>;
  unit(id: number): Promise<ApiUnit | null>;
  events(filter: { province?: string; type?: string }, page: PageRequest): Promise<Page<ApiEvent>>;
  /** Items reported done (approved or awaiting approval), in due item id order. */
  completions(filter: { planId?: number; unitId?: number; since?: Date }, page: PageRequest): Promise<Page<ApiCompletion>>;
}
