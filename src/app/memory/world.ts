/**
 * The part of the database the reminder pipeline reads and writes, held in memory: units, people, chats,
 * memberships, plans, tasks, assignments, due items, reminder rows, digest runs and the queue generation.
 * `MemoryReminderStore` and `MemoryDigestStore` implement the same ports as the PostgreSQL stores over it, and the
 * simulator runs the real use cases on them (src/app/reminders/README.md, "Simulation").
 *
 * Rows are plain objects, except reminder rows (a simulated year holds hundreds of thousands): `ReminderRow` keeps
 * their instants in shared typed arrays, derives the planner's dedupe keys instead of storing them and shares the
 * planner's payloads. Every change of a reminder's status or planned instant goes through `setReminder`, which
 * keeps the index of planned rows by instant (what the planner, the catch-up and the sender ask for) current.
 */
import { type DueItemState, reminderDedupeKey } from '../../domain/reminders/plan.js';

export type MemberRole = 'focal' | 'head' | 'leader' | 'coordinator';
export type ChatKind = 'private' | 'group' | 'supergroup' | 'channel';
export type ReminderStatus = 'planned' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'unknown' | 'skipped';

export interface WorldUnit {
  id: number;
  province: string;
  name: string;
}
export interface WorldPerson {
  id: number;
  name: string;
  locale: string;
  active: boolean;
}
export interface WorldChat {
  id: number;
  /** Telegram chat id, decimal string. */
  telegramChatId: string;
  kind: ChatKind;
  personId: number | null;
  unitId: number | null;
  active: boolean;
  inactiveReason: string | null;
}
export interface WorldMembership {
  id: number;
  personId: number;
  unitId: number;
  role: MemberRole;
  active: boolean;
}
export interface WorldPlan {
  id: number;
  province: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
}
export interface WorldTask {
  id: number;
  planId: number;
  number: string;
  /** The task's full key ("VI.7"), or null for a plan without sections. */
  key: string | null;
  title: string;
  position: number;
}
export interface WorldAssignment {
  id: number;
  taskId: number;
  unitId: number;
  role: 'lead' | 'support';
}
export interface WorldDueItem {
  id: number;
  assignmentId: number;
  occurrenceKey: string;
  occurrenceLabel: string;
  /** 'YYYY-MM-DD' or null (waiting for an event). */
  dueDate: string | null;
  state: DueItemState;
  doneAtMs: number | null;
  revision: number;
  plannedRevision: number | null;
}
export interface WorldReminder {
  id: number;
  dueItemId: number | null;
  kind: string;
  step: string;
  recipientChatId: string;
  dedupeKey: string;
  plannedAtMs: number;
  status: ReminderStatus;
  attempt: number;
  claimToken: string | null;
  claimedAtMs: number | null;
  messageId: number | null;
  sentAtMs: number | null;
  lastError: string | null;
  payload: Record<string, unknown>;
  enqueuedAtMs: number | null;
  acknowledgedAtMs: number | null;
  possibleDuplicate: boolean;
  updatedAtMs: number;
}

/** Everything a world starts from (the loader reads it from PostgreSQL: src/db/memory-world-loader.ts). */
export interface WorldSnapshot {
  units: WorldUnit[];
  people: WorldPerson[];
  chats: WorldChat[];
  memberships: WorldMembership[];
  plans: WorldPlan[];
  tasks: WorldTask[];
  assignments: WorldAssignment[];
  dueItems: WorldDueItem[];
}

export interface ItemContext {
  readonly assignment: WorldAssignment;
  readonly unit: WorldUnit;
  readonly task: WorldTask;
  readonly plan: WorldPlan;
}

export type NewReminder = Pick<WorldReminder, 'dueItemId' | 'kind' | 'step' | 'recipientChatId' | 'dedupeKey' | 'plannedAtMs' | 'payload'>;

export class MemoryWorld {
  readonly units = new Map<number, WorldUnit>();
  readonly people = new Map<number, WorldPerson>();
  readonly chats = new Map<number, WorldChat>();
  readonly chatByTelegramId = new Map<string, WorldChat>();
  readonly chatsByPerson = new Map<number, WorldChat[]>();
  readonly memberships: WorldMembership[] = [];
  readonly plans = new Map<number, WorldPlan>();
  readonly tasks = new Map<number, WorldTask>();
  readonly assignments = new Map<number, WorldAssignment>();
  /** Due items in id order (what `order by d.id` gives). */
  readonly dueItems: WorldDueItem[] = [];
  readonly dueItemById = new Map<number, WorldDueItem>();
  /** Due items of each assignment, and assignments of each task (the lead/support lookups of message models). */
  readonly dueItemsByAssignment = new Map<number, WorldDueItem[]>();
  readonly assignmentsByTask = new Map<number, WorldAssignment[]>();

  /** Reminder rows by id (ids are dense: an array, not a map; a simulated plan holds up to a million rows). */
  readonly reminders = new RowsById();
  /**
   * Rows without a due item (digests, notices, late notices) by dedupe key. A row of an item has a key that starts
   * with the item's id (`reminderDedupeKey`), so its uniqueness is checked among its item's rows instead: a map of
   * every key would cost about a tenth of the world's memory.
   */
  readonly itemlessByKey = new Map<string, WorldReminder>();
  readonly remindersByItem = new Map<number, WorldReminder[]>();
  /** Planned rows per due item, for items with any. */
  readonly plannedCountByItem = new Map<number, number>();
  /**
   * Items no longer chased that still have planned rows: what the closed-item sweep cancels (instead of looking
   * at every item). Item states change only through `completeItems` here, and `markOverdue` keeps items chased.
   */
  readonly closedWithPlanned = new Set<number>();
  readonly digestRuns = new Map<string, { kind: string; periodKey: string; province: string; stats: Record<string, unknown> }>();
  queueGeneration = 0;

  /** Rows in the transient states the reconciler sweeps (few at any time; it asks at every tick). */
  readonly #transient = { sending: new Set<WorldReminder>(), unknown: new Set<WorldReminder>() };
  /** Planned rows by planned instant; `#instants` holds the instants in ascending order (empty buckets linger). */
  readonly #plannedAt = new Map<number, Set<WorldReminder>>();
  #instants: number[] = [];
  readonly #contexts = new WeakMap<WorldDueItem, ItemContext>();
  readonly #steps = new Map<string, string>();
  readonly #payloads = new Map<string, Readonly<Record<string, unknown>>>();
  readonly #times = new RowInstants();
  #byOccurrence: Map<string, { a: WorldAssignment; d: WorldDueItem }[]> | undefined;
  #nextReminderId = 1;
  #nextPersonId = 1;
  #nextChatId = 1;
  #nextMembershipId = 1;
  /** The instant written into `updatedAtMs` (the simulator's clock); 0 when not set. */
  now: () => number = () => 0;

  constructor(snapshot: WorldSnapshot) {
    for (const u of snapshot.units) this.units.set(u.id, { ...u });
    for (const p of snapshot.people) this.people.set(p.id, { ...p });
    for (const c of snapshot.chats) this.#addChat({ ...c });
    for (const m of snapshot.memberships) this.memberships.push({ ...m });
    for (const p of snapshot.plans) this.plans.set(p.id, { ...p });
    for (const t of snapshot.tasks) this.tasks.set(t.id, { ...t });
    for (const a of snapshot.assignments) {
      this.assignments.set(a.id, { ...a });
      push(this.assignmentsByTask, a.taskId, this.assignments.get(a.id)!);
    }
    for (const d of [...snapshot.dueItems].sort((a, b) => a.id - b.id)) {
      const item = { ...d };
      this.dueItems.push(item);
      this.dueItemById.set(item.id, item);
      push(this.dueItemsByAssignment, item.assignmentId, item);
    }
    this.#nextPersonId = Math.max(0, ...snapshot.people.map((p) => p.id)) + 1;
    this.#nextChatId = Math.max(0, ...snapshot.chats.map((c) => c.id)) + 1;
    this.#nextMembershipId = Math.max(0, ...snapshot.memberships.map((m) => m.id)) + 1;
  }

  #addChat(chat: WorldChat): void {
    this.chats.set(chat.id, chat);
    this.chatByTelegramId.set(chat.telegramChatId, chat);
    if (chat.personId !== null) push(this.chatsByPerson, chat.personId, chat);
  }

  /** The person's active private chats, in row order. */
  privateChatsOf(personId: number): WorldChat[] {
    return (this.chatsByPerson.get(personId) ?? []).filter((c) => c.active && c.kind === 'private');
  }

  /** A person with a private chat and one membership (the simulator's stand-in recipients). */
  addPerson(args: { name: string; telegramChatId: string; unitId: number; role: MemberRole }): WorldPerson {
    const person: WorldPerson = { id: this.#nextPersonId++, name: args.name, locale: 'vi', active: true };
    this.people.set(person.id, person);
    this.#addChat({ id: this.#nextChatId++, telegramChatId: args.telegramChatId, kind: 'private', personId: person.id, unitId: null, active: true, inactiveReason: null });
    this.memberships.push({ id: this.#nextMembershipId++, personId: person.id, unitId: args.unitId, role: args.role, active: true });
    return person;
  }

  /**
   * The item's unit, task and plan (read-only; the same object on every call: a simulated year asks millions of
   * times, and an item never changes assignment).
   */
  itemContext(item: WorldDueItem): ItemContext {
    let ctx = this.#contexts.get(item);
    if (!ctx) {
      const assignment = this.assignments.get(item.assignmentId)!;
      const task = this.tasks.get(assignment.taskId)!;
      ctx = { assignment, unit: this.units.get(assignment.unitId)!, task, plan: this.plans.get(task.planId)! };
      this.#contexts.set(item, ctx);
    }
    return ctx;
  }

  /**
   * The due items of the same task and occurrence as `item` (its own included) with their assignments, in
   * assignment then item order: a lead's message names the support units still missing, a support's the lead's
   * due day. Indexed once, on first use (assignments and due items are not added after loading).
   */
  sameOccurrence(item: WorldDueItem): readonly { a: WorldAssignment; d: WorldDueItem }[] {
    if (!this.#byOccurrence) {
      const index = new Map<string, { a: WorldAssignment; d: WorldDueItem }[]>();
      for (const [taskId, assignments] of this.assignmentsByTask) {
        for (const a of assignments) {
          for (const d of this.dueItemsByAssignment.get(a.id) ?? []) push(index, `${taskId}|${d.occurrenceKey}`, { a, d });
        }
      }
      this.#byOccurrence = index;
    }
    return this.#byOccurrence.get(`${this.itemContext(item).task.id}|${item.occurrenceKey}`) ?? [];
  }

  /** Inserts a reminder row unless one with the same dedupe key exists (`on conflict do nothing`). */
  insertReminder(row: NewReminder): WorldReminder | null {
    // An item's row whose key is the usual `reminderDedupeKey` (the planner's) does not keep it: it is derived
    // from the row's fields when asked. Its uniqueness is then a match on those fields among the item's rows.
    const derived = row.dueItemId !== null && row.dedupeKey === reminderDedupeKey(row.dueItemId, row.kind, row.step, row.recipientChatId);
    if (derived ? this.#itemRowLike(row) !== undefined : this.reminderWithKey(row.dedupeKey, row.dueItemId) !== undefined) return null;
    const r = new ReminderRow(
      this.#times,
      this.#nextReminderId++,
      row.dueItemId,
      this.#intern(row.kind),
      this.#intern(row.step),
      row.recipientChatId,
      derived ? null : row.dedupeKey,
      row.plannedAtMs,
      this.#sharedPayload(row.payload),
      this.now(),
    );
    this.reminders.add(r);
    if (r.dueItemId !== null) push(this.remindersByItem, r.dueItemId, r);
    else this.itemlessByKey.set(r.dedupeKey, r);
    this.#index(r, +1);
    return r;
  }

  /** The row with this dedupe key; `dueItemId` is the item the key belongs to (null for digests and notices). */
  reminderWithKey(dedupeKey: string, dueItemId: number | null): WorldReminder | undefined {
    if (dueItemId === null) return this.itemlessByKey.get(dedupeKey);
    for (const r of this.remindersByItem.get(dueItemId) ?? []) if (r.dedupeKey === dedupeKey) return r;
    return undefined;
  }

  /** The item's row with the same kind, step and recipient whose key is derived, or whose stored key is the same. */
  #itemRowLike(row: NewReminder): WorldReminder | undefined {
    for (const r of this.remindersByItem.get(row.dueItemId!) ?? []) {
      if ((r as ReminderRow).storesKey ? r.dedupeKey === row.dedupeKey : r.kind === row.kind && r.step === row.step && r.recipientChatId === row.recipientChatId) return r;
    }
    return undefined;
  }

  /**
   * The planner's payloads are `{ audience, offset }`: a few dozen distinct ones for a million rows, shared (frozen:
   * a change of a row's payload replaces the object, as every writer here does). Other payloads are kept as given.
   */
  #sharedPayload(payload: Record<string, unknown>): Record<string, unknown> {
    const keys = Object.keys(payload);
    if (keys.length !== 2 || typeof payload.audience !== 'string' || typeof payload.offset !== 'number') return payload;
    const key = `${payload.audience}|${payload.offset}`;
    let shared = this.#payloads.get(key);
    if (!shared) this.#payloads.set(key, (shared = Object.freeze({ audience: payload.audience, offset: payload.offset })));
    return shared;
  }

  /** One string per distinct step label ('-7', '+3n' …) or kind: a million rows share a few dozen. */
  #intern(step: string): string {
    const known = this.#steps.get(step);
    if (known !== undefined) return known;
    this.#steps.set(step, step);
    return step;
  }

  /** Changes a row; the planned-rows index follows its status and instant. */
  setReminder(r: WorldReminder, change: Partial<Omit<WorldReminder, 'id' | 'dedupeKey' | 'dueItemId'>>): void {
    const wasPlanned = r.status === 'planned';
    const moves = wasPlanned && change.plannedAtMs !== undefined && change.plannedAtMs !== r.plannedAtMs;
    const leaves = wasPlanned && change.status !== undefined && change.status !== 'planned';
    if (moves || leaves) this.#index(r, -1);
    if (r.status === 'sending' || r.status === 'unknown') this.#transient[r.status].delete(r);
    Object.assign(r, change, { updatedAtMs: this.now() });
    if (r.status === 'sent' && (r.payload.text !== undefined || r.payload.png !== undefined)) {
      // Retention: a sent row's text (digests, notices) is never read again — only a planned row is claimed, and
      // `sent` is final. PostgreSQL keeps it for the record; here it would be a tenth of a simulated year's memory.
      const { text: _text, png: _png, ...rest } = r.payload;
      r.payload = rest;
    }
    if (r.status === 'sending' || r.status === 'unknown') this.#transient[r.status].add(r);
    if (r.status === 'planned' && (!wasPlanned || moves)) this.#index(r, +1);
  }

  #index(r: WorldReminder, delta: 1 | -1): void {
    if (r.status !== 'planned') return;
    let bucket = this.#plannedAt.get(r.plannedAtMs);
    if (delta > 0) {
      if (!bucket) {
        this.#plannedAt.set(r.plannedAtMs, (bucket = new Set()));
        this.#insertInstant(r.plannedAtMs);
      }
      bucket.add(r);
    } else bucket?.delete(r);
    if (r.dueItemId !== null) {
      const count = (this.plannedCountByItem.get(r.dueItemId) ?? 0) + delta;
      if (count === 0) {
        this.plannedCountByItem.delete(r.dueItemId);
        this.closedWithPlanned.delete(r.dueItemId);
      } else {
        this.plannedCountByItem.set(r.dueItemId, count);
        const item = this.dueItemById.get(r.dueItemId);
        if (delta > 0 && item && !CHASED.has(item.state)) this.closedWithPlanned.add(item.id);
      }
    }
  }

  #insertInstant(ms: number): void {
    const a = this.#instants;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    a.splice(lo, 0, ms);
  }

  /**
   * Planned rows with an instant `≤ untilMs` (or `< untilMs` with `strict`), ordered by (instant, id), at most
   * `limit` after `filter`. Empty instants met on the way are dropped from the index.
   */
  plannedRows(untilMs: number, limit: number, strict: boolean, filter: (r: WorldReminder) => boolean = () => true): WorldReminder[] {
    const out: WorldReminder[] = [];
    let emptyPrefix = 0;
    for (let i = 0; i < this.#instants.length && out.length < limit; i++) {
      const at = this.#instants[i]!;
      if (strict ? at >= untilMs : at > untilMs) break;
      const bucket = this.#plannedAt.get(at)!;
      if (bucket.size === 0 && i === emptyPrefix) {
        emptyPrefix++;
        continue;
      }
      const rows = [...bucket].filter(filter).sort((a, b) => a.id - b.id);
      for (const r of rows) {
        if (out.length >= limit) break;
        out.push(r);
      }
    }
    if (emptyPrefix > 0) {
      for (const at of this.#instants.slice(0, emptyPrefix)) this.#plannedAt.delete(at);
      this.#instants = this.#instants.slice(emptyPrefix);
    }
    return out;
  }

  /** Rows now `sending` or `unknown`, by id. */
  rowsIn(status: 'sending' | 'unknown'): WorldReminder[] {
    return [...this.#transient[status]].sort((a, b) => a.id - b.id);
  }

  /** Marks items done at `atMs` (a unit reporting completion), bumping their revision as the database does. */
  completeItems(ids: readonly number[], atMs: number): number {
    let n = 0;
    for (const id of ids) {
      const item = this.dueItemById.get(id);
      if (!item || !CHASED.has(item.state)) continue;
      item.state = 'done';
      item.doneAtMs = atMs;
      item.revision++;
      if (this.plannedCountByItem.has(id)) this.closedWithPlanned.add(id);
      n++;
    }
    return n;
  }
}

/**
 * The nullable instants of every reminder row, by row id, six to a row in one growable Float64Array (NaN = null).
 * As object fields, epoch milliseconds are boxed heap numbers (16 B each, and garbage at every change).
 */
class RowInstants {
  a = new Float64Array(6 * 4096);

  ensure(id: number): void {
    if ((id + 1) * 6 <= this.a.length) return;
    const next = new Float64Array(Math.max(this.a.length * 2, (id + 1) * 6));
    next.set(this.a);
    this.a = next;
  }
}

const T_PLANNED = 0;
const T_CLAIMED = 1;
const T_SENT = 2;
const T_ENQUEUED = 3;
const T_ACKNOWLEDGED = 4;
const T_UPDATED = 5;
const orNull = (v: number): number | null => (v !== v ? null : v);
const orNaN = (v: number | null): number => (v === null ? NaN : v);

/**
 * A reminder row of the memory world: the fields of `WorldReminder`, with the instants in the world's `RowInstants`
 * (accessors) and the dedupe key derived from the row when it is the planner's (`reminderDedupeKey`, which an
 * item's key always is here; `storedKey` holds any other).
 */
export class ReminderRow implements WorldReminder {
  status: ReminderStatus = 'planned';
  attempt = 0;
  claimToken: string | null = null;
  messageId: number | null = null;
  lastError: string | null = null;
  possibleDuplicate = false;
  readonly #t: RowInstants;
  readonly #key: string | null;

  constructor(
    times: RowInstants,
    readonly id: number,
    readonly dueItemId: number | null,
    public kind: string,
    public step: string,
    public recipientChatId: string,
    storedKey: string | null,
    plannedAtMs: number,
    public payload: Record<string, unknown>,
    updatedAtMs: number,
  ) {
    this.#t = times;
    this.#key = storedKey;
    times.ensure(id);
    const a = times.a;
    const base = 6 * id;
    a[base + T_PLANNED] = plannedAtMs;
    a[base + T_CLAIMED] = NaN;
    a[base + T_SENT] = NaN;
    a[base + T_ENQUEUED] = NaN;
    a[base + T_ACKNOWLEDGED] = NaN;
    a[base + T_UPDATED] = updatedAtMs;
  }

  /** Whether the row keeps a key of its own (a digest's, a notice's) rather than the planner's derived one. */
  get storesKey(): boolean {
    return this.#key !== null;
  }
  get dedupeKey(): string {
    return this.#key ?? reminderDedupeKey(this.dueItemId!, this.kind, this.step, this.recipientChatId);
  }
  get plannedAtMs(): number {
    return this.#t.a[6 * this.id + T_PLANNED]!;
  }
  set plannedAtMs(v: number) {
    this.#t.a[6 * this.id + T_PLANNED] = v;
  }
  get claimedAtMs(): number | null {
    return orNull(this.#t.a[6 * this.id + T_CLAIMED]!);
  }
  set claimedAtMs(v: number | null) {
    this.#t.a[6 * this.id + T_CLAIMED] = orNaN(v);
  }
  get sentAtMs(): number | null {
    return orNull(this.#t.a[6 * this.id + T_SENT]!);
  }
  set sentAtMs(v: number | null) {
    this.#t.a[6 * this.id + T_SENT] = orNaN(v);
  }
  get enqueuedAtMs(): number | null {
    return orNull(this.#t.a[6 * this.id + T_ENQUEUED]!);
  }
  set enqueuedAtMs(v: number | null) {
    this.#t.a[6 * this.id + T_ENQUEUED] = orNaN(v);
  }
  get acknowledgedAtMs(): number | null {
    return orNull(this.#t.a[6 * this.id + T_ACKNOWLEDGED]!);
  }
  set acknowledgedAtMs(v: number | null) {
    this.#t.a[6 * this.id + T_ACKNOWLEDGED] = orNaN(v);
  }
  get updatedAtMs(): number {
    return this.#t.a[6 * this.id + T_UPDATED]!;
  }
  set updatedAtMs(v: number) {
    this.#t.a[6 * this.id + T_UPDATED] = v;
  }
}

/** Reminder rows by id, ids being 1, 2, 3 … in insertion order: what a Map would give, in an array. */
export class RowsById {
  readonly #rows: (WorldReminder | undefined)[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  get(id: number): WorldReminder | undefined {
    return this.#rows[id];
  }

  add(r: WorldReminder): void {
    if (this.#rows[r.id] === undefined) this.#size++;
    this.#rows[r.id] = r;
  }

  /** In id order (= insertion order). */
  *values(): IterableIterator<WorldReminder> {
    for (const r of this.#rows) if (r !== undefined) yield r;
  }
}

export const CHASED: ReadonlySet<string> = new Set(['open', 'overdue', 'extended']);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
