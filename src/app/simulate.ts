/**
 * `nhacviec simulate`: runs the real planning, escalation, catch-up and digest logic of one plan over a virtual
 * clock, and sends nothing: a recording notifier keeps every message. A coordinator previews what going live would
 * do; tests use it to check a whole year deterministically.
 *
 * The plan is read once (a `WorldSnapshot`, src/db/memory-world-loader.ts); the simulation then runs the live
 * service's own use cases — `ReminderService` (replan, reconcile with overdue marking and catch-up, deliver) and
 * `DigestService` — on the in-memory stores of src/app/memory, which implement the same ports as the PostgreSQL
 * stores and are contract-tested against them. No database is written. See src/app/reminders/README.md
 * ("Simulation").
 *
 * Time advances in 15-minute steps. At the reminder send time of each working day, and whenever a digest schedule
 * matches, the reconciler runs and every row due by then is delivered through the real `deliver` path.
 * Completions follow `doneRate`: a seeded generator decides, per due item, whether the unit finishes it and on
 * which day (0–3 working days before its due day, at 10:00), so two runs of the same plan give the same output.
 *
 * Messages are streamed: each step's messages go to `onEvent` as soon as the step is over, in output order, and
 * are then forgotten; the result keeps counts and the first `keepEvents` messages only. A year of a province
 * sends over a hundred thousand messages, whose texts were most of the memory when they were all kept.
 */
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.js';
import type { ManualClock } from '../domain/clock.js';
import { taskLabel } from '../domain/format/task-label.js';
import { memoize } from '../domain/memo.js';
import type { ReminderPolicy } from '../domain/reminders/plan.js';
import type { Translate } from '../i18n/translator.js';
import { cronRuns } from '../infra/cron.js';
import type { Logger } from '../infra/logger.js';
import { DigestService, type DigestKind } from './digests/service.js';
import { MemoryDigestStore } from './memory/digest-store.js';
import { byCodePoint, MemoryReminderStore } from './memory/reminder-store.js';
import { MemoryWorld, type WorldReminder, type WorldSnapshot } from './memory/world.js';
import type { Notifier, OutgoingMessage, SentMessage } from './ports.js';
import { ReminderService } from './reminders/service.js';

export interface SimulateOptions {
  planId: number;
  /** First and last simulated day ('YYYY-MM-DD', inclusive). */
  from: string;
  to: string;
  /** Share of due items the units complete (0–1). Default 0.7. */
  doneRate?: number;
  /** Seed of the completion generator. Default: the plan id. */
  seed?: number;
  /**
   * Called at the start of every simulated day (`done` days of `total` are over). May return a promise, which the
   * simulation waits for: a caller running the simulation beside other work (the web console) yields there.
   * Nothing it does changes the result.
   */
  onProgress?: (day: string, done: number, total: number) => void | Promise<void>;
  /**
   * Every message, in output order (sent_at, recipient chat, kind, step, task position, unit name, dedupe key), as
   * soon as the step that sent it is over. May return a promise (a slow output): the simulation waits for it.
   */
  onEvent?: (event: SimulationEvent) => void | Promise<void>;
  /** How many of the first messages the result keeps, texts included. Default 20. */
  keepEvents?: number;
}

export interface SimulateDeps {
  /** The plan and its people, read once (src/db/memory-world-loader.ts). Not modified. */
  snapshot: WorldSnapshot;
  clock: ManualClock;
  calendar: WorkingCalendar;
  policy: ReminderPolicy;
  workingHours: { start: string; end: string };
  t: Translate;
  logger: Logger;
  schedules: { digestLeadership: string; digestCoordinator: string; digestUnit: string };
  renderPng?: (svg: string) => Uint8Array;
}

export interface SimulatedRecipient {
  chatId: string;
  name: string;
  unit: string | null;
  role: string | null;
  /** A stand-in created for the preview because the unit has nobody registered yet. */
  simulated: boolean;
}

export interface SimulationEvent {
  /** Local time, 'YYYY-MM-DD HH:mm'. */
  at: string;
  kind: string;
  step: string;
  recipient: SimulatedRecipient;
  task: string | null;
  unit: string | null;
  text: string;
}

export interface SimulationResult {
  plan: { id: number; title: string; province: string };
  from: string;
  to: string;
  doneRate: number;
  dueItems: number;
  completed: number;
  /** The first `keepEvents` messages (every message went to `onEvent`). */
  events: SimulationEvent[];
  /** How many messages were sent in all. */
  eventCount: number;
  totals: {
    byKind: Record<string, number>;
    /** By the task's unit, else the recipient's unit, else '—'. */
    byUnit: Record<string, Record<string, number>>;
    /** By month of sending ('YYYY-MM'). */
    byMonth: Record<string, Record<string, number>>;
  };
}

/** Keeps messages instead of sending them. */
export class RecordingNotifier implements Notifier {
  readonly kind = 'recording' as const;
  readonly sent = new Map<number, OutgoingMessage>();
  #next = 1;
  async send(message: OutgoingMessage): Promise<SentMessage> {
    const messageId = this.#next++;
    this.sent.set(messageId, message);
    return { messageId };
  }
}

/**
 * The simulator's notifier: hands out a message id and keeps the text only until the step that sent it is over
 * (`take`), so no text outlives its step.
 */
class StepNotifier implements Notifier {
  readonly kind = 'recording' as const;
  readonly #pending = new Map<number, string>();
  #next = 1;
  async send(message: OutgoingMessage): Promise<SentMessage> {
    const messageId = this.#next++;
    this.#pending.set(messageId, message.text);
    return { messageId };
  }
  take(messageId: number): string {
    const text = this.#pending.get(messageId) ?? '';
    this.#pending.delete(messageId);
    return text;
  }
  get pending(): number {
    return this.#pending.size;
  }
}

/**
 * The translator with its answers remembered: Fluent formats the same few hundred lines (a unit's header, a
 * task's line, "due in 3 working days") for every message of a year. Pure, so the texts are the same. Only calls
 * whose arguments are plain strings and numbers are remembered, in one map by a key made of the message and each
 * argument's name, type and value (a year of seed 000: about a million calls, 30,000 distinct). A flat map: a tree
 * of maps by argument, which avoided building the key, held three times the memory (16 MB for seed 000).
 * Two generations of at most `max` entries: when the newer is full it becomes the older, and the older is dropped
 * (hot lines survive; a year of seed 000 runs as fast with 2,000 as with 50,000, at 12 MB less).
 */
function rememberingTranslator(t: Translate, max = 2_000): Translate {
  let texts = new Map<string, string>();
  let older = new Map<string, string>();
  return (locale, key, args) => {
    let k = `${locale}\u0000${key}`;
    if (args) {
      for (const name in args) {
        const v = args[name];
        if (typeof v === 'string') k += `\u0001${name}\u0002${v}`;
        else if (typeof v === 'number' && !Object.is(v, -0)) k += `\u0001${name}\u0003${v}`;
        else return t(locale, key, args);
      }
    }
    let text = texts.get(k);
    if (text === undefined) {
      text = older.get(k) ?? t(locale, key, args);
      if (texts.size >= max) {
        older = texts;
        texts = new Map();
      }
      texts.set(k, text);
    }
    return text;
  };
}

/** mulberry32: a small, seedable generator (deterministic previews). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIM_CHAT_BASE = 900_000_000_000n;
/** Orders of the database enums the output is sorted by (PostgreSQL sorts enums by declaration). */
const KIND_ORDER: Record<string, number> = { reminder: 0, nudge: 1, escalation: 2, late_notice: 3, digest: 4, notice: 5 };
const ROLE_ORDER: Record<string, number> = { focal: 0, head: 1, leader: 2, coordinator: 3 };

export async function simulatePlan(deps: SimulateDeps, options: SimulateOptions): Promise<SimulationResult> {
  const { clock, calendar, policy } = deps;
  const zone = policy.zone;
  const doneRate = options.doneRate ?? 0.7;
  const world = new MemoryWorld(deps.snapshot);
  world.now = () => clock.now().getTime();
  const plan = world.plans.get(options.planId);
  if (!plan) throw new Error(`Không có kế hoạch mã ${options.planId}.`);
  if (plan.status !== 'published') throw new Error(`Kế hoạch ${plan.id} chưa công bố (trạng thái ${plan.status}).`);
  // Only this plan is chased, from a clean slate of deliveries.
  for (const other of world.plans.values()) if (other.id !== plan.id && other.status === 'published') other.status = 'archived';
  const simulated = ensureRecipients(world, plan.id, plan.province);

  const notifier = new StepNotifier();
  const t = rememberingTranslator(deps.t);
  const store = new MemoryReminderStore(world);
  const service = new ReminderService({
    store,
    // No queue: the simulator delivers due rows itself, step by step.
    queue: { enqueueSends: async (rows) => rows.length, generation: async () => 0, setGeneration: async () => {} },
    notifier,
    pacer: { reserve: async () => 0 },
    calendar,
    policy,
    workingHours: deps.workingHours,
    horizonMs: 0,
    clock,
    t,
    logger: deps.logger,
  });
  const digests = new DigestService({
    store: new MemoryDigestStore(world),
    calendar,
    clock,
    t,
    zone,
    ...(deps.renderPng ? { renderPng: deps.renderPng } : {}),
    sendWindow: (now) => service.sendWindow(now),
    enqueue: async () => 0,
  });

  // Completions, decided up front from a seeded generator.
  const items = world.dueItems.filter((d) => world.itemContext(d).plan.id === plan.id);
  const random = rng(options.seed ?? plan.id);
  const completions: { id: number; atMs: number }[] = [];
  const tenOClock = memoize((day: string) => DateTime.fromISO(`${day}T10:00`, { zone }).toMillis());
  for (const item of items) {
    const r1 = random();
    const r2 = random();
    if (!item.dueDate || r1 >= doneRate) continue;
    const day = calendar.addWorkingDays(calendar.previousWorkingDayOnOrBefore(item.dueDate), -Math.floor(r2 * 4));
    completions.push({ id: item.id, atMs: tenOClock(day) });
  }
  completions.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  let nextCompletion = 0;

  const output = new EventOutput(world, recipientNames(world, simulated), zone, options);
  // Rows go out one after the other in (instant, id) order; those of one item keep their order, which matters
  // since an escalation lists the reminders already sent for its item. What a step sent is then output at once.
  const deliverDue = async () => {
    await service.reconcile();
    const sent: Sent[] = [];
    for (const row of await store.plannedUntil(clock.now().getTime(), Number.MAX_SAFE_INTEGER)) {
      const outcome = await service.deliver(row.id);
      if (outcome.outcome === 'sent') sent.push({ r: world.reminders.get(row.id)!, text: notifier.take(outcome.messageId) });
    }
    if (notifier.pending > 0) throw new Error(`simulate: ${notifier.pending} messages sent outside a delivery step`);
    await output.step(sent);
  };

  const start = DateTime.fromISO(options.from, { zone }).startOf('day');
  const end = DateTime.fromISO(options.to, { zone }).endOf('day');
  const totalDays = Math.round(end.diff(start, 'days').days);
  const [sendH, sendM] = policy.sendTime.split(':').map(Number);
  const digestKinds: [DigestKind, string][] = [
    ['leadership', deps.schedules.digestLeadership],
    ['coordinator', deps.schedules.digestCoordinator],
    ['unit', deps.schedules.digestUnit],
  ];
  const STEP_MS = 15 * 60_000;
  // The digest schedules' runs, by the quarter hour they fall in (node-cron's semantics, any minute: src/infra/cron.ts).
  const stepOf = (at: Date) => start.toMillis() + Math.floor((at.getTime() - start.toMillis()) / STEP_MS) * STEP_MS;
  const digestSteps = digestKinds.map(([kind, expr]) => {
    const runs = cronRuns(expr, start.toJSDate(), end.plus({ milliseconds: 1 }).toJSDate(), zone);
    return [kind, new Set(runs.map(stepOf))] as const;
  });
  // Days are walked with luxon (local midnights, working days); the 15-minute steps inside a day are plain
  // arithmetic on the local wall time, which is exact in a zone without daylight saving inside the day.
  for (let day = start; day <= end; day = day.plus({ days: 1 })) {
    const iso = day.toISODate()!;
    const progressed = options.onProgress?.(iso, Math.round(day.diff(start, 'days').days), totalDays);
    if (progressed) await progressed;
    const working = calendar.isWorkingDay(iso);
    const dayEnd = Math.min(day.plus({ days: 1 }).toMillis(), end.toMillis() + 1);
    for (let ms = day.toMillis(); ms < dayEnd; ms += STEP_MS) {
      const minutesOfDay = Math.round((ms - day.toMillis()) / 60_000);
      const hour = Math.floor(minutesOfDay / 60);
      const minute = minutesOfDay % 60;
      clock.set(new Date(ms), true);
      const done: number[] = [];
      while (nextCompletion < completions.length && completions[nextCompletion]!.atMs <= ms) done.push(completions[nextCompletion++]!.id);
      if (done.length > 0) world.completeItems(done, ms);
      const digestsNow = digestSteps.filter(([, steps]) => steps.has(ms));
      // Messages go out at the send time of working days; digests due meanwhile wait for the next one.
      const sendTime = hour === sendH && minute === sendM && working;
      if (!sendTime && digestsNow.length === 0) continue;
      for (const [kind] of digestsNow) await digests.run(kind, iso);
      if (sendTime || (digestsNow.length > 0 && service.sendWindow(clock.now()).getTime() === ms)) await deliverDue();
    }
  }

  return {
    plan: { id: plan.id, title: plan.title, province: plan.province },
    from: options.from,
    to: options.to,
    doneRate,
    dueItems: items.length,
    completed: items.filter((d) => d.state === 'done').length,
    events: output.kept,
    eventCount: output.count,
    totals: output.totals,
  };
}

interface Sent {
  r: WorldReminder;
  text: string;
}

/** Orders, counts and hands out the messages of each step; keeps the first few. */
class EventOutput {
  readonly kept: SimulationEvent[] = [];
  readonly totals: SimulationResult['totals'] = { byKind: {}, byUnit: {}, byMonth: {} };
  count = 0;
  readonly #keep: number;
  readonly #localTime: (ms: string) => string;

  constructor(
    private readonly world: MemoryWorld,
    private readonly people: Map<string, SimulatedRecipient>,
    zone: string,
    private readonly options: Pick<SimulateOptions, 'onEvent' | 'keepEvents'>,
  ) {
    this.#keep = options.keepEvents ?? 20;
    this.#localTime = memoize((ms: string) => DateTime.fromMillis(Number(ms), { zone }).toFormat('yyyy-LL-dd HH:mm'));
  }

  async step(sent: Sent[]): Promise<void> {
    const w = this.world;
    const rows = sent.map(({ r, text }) => {
      const item = r.dueItemId === null ? undefined : w.dueItemById.get(r.dueItemId);
      const ctx = item ? w.itemContext(item) : undefined;
      return { r, text, task: ctx?.task ?? null, unit: ctx?.unit ?? null };
    });
    // As `order by sent_at, recipient_chat_id, kind, step, t.position nulls first, u.name nulls first, dedupe_key`.
    rows.sort(
      (a, b) =>
        a.r.sentAtMs! - b.r.sentAtMs! ||
        compareBigint(a.r.recipientChatId, b.r.recipientChatId) ||
        KIND_ORDER[a.r.kind]! - KIND_ORDER[b.r.kind]! ||
        byCodePoint(a.r.step, b.r.step) ||
        nullsFirst(a.task?.position, b.task?.position, (x, y) => x - y) ||
        nullsFirst(a.unit?.name, b.unit?.name, byCodePoint) ||
        byCodePoint(a.r.dedupeKey, b.r.dedupeKey),
    );
    const { byKind, byUnit, byMonth } = this.totals;
    for (const { r, text, task, unit } of rows) {
      const e: SimulationEvent = {
        at: this.#localTime(String(r.sentAtMs)),
        kind: r.kind,
        step: r.step,
        recipient: this.people.get(r.recipientChatId) ?? { chatId: r.recipientChatId, name: r.recipientChatId, unit: null, role: null, simulated: false },
        task: task ? taskLabel(task) : null,
        unit: unit?.name ?? null,
        text,
      };
      this.count++;
      byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
      const u = e.unit ?? e.recipient.unit ?? '—';
      const perUnit = (byUnit[u] ??= {});
      perUnit[e.kind] = (perUnit[e.kind] ?? 0) + 1;
      const perMonth = (byMonth[e.at.slice(0, 7)] ??= {});
      perMonth[e.kind] = (perMonth[e.kind] ?? 0) + 1;
      if (this.kept.length < this.#keep) this.kept.push(e);
      if (this.options.onEvent) await this.options.onEvent(e);
    }
  }
}

function compareBigint(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function nullsFirst<T>(a: T | null | undefined, b: T | null | undefined, cmp: (x: T, y: T) => number): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  return cmp(a, b);
}

/**
 * Units of the plan with nobody registered get stand-in recipients (a focal point and a head), and the province
 * a stand-in coordinator and leader, so the preview shows who would be reminded and escalated to.
 */
function ensureRecipients(world: MemoryWorld, planId: number, province: string): Set<string> {
  const simulated = new Set<string>();
  const unitIds = [...new Set([...world.assignments.values()].filter((a) => world.tasks.get(a.taskId)?.planId === planId).map((a) => a.unitId))].sort((a, b) => a - b);
  // Roles held per unit by a member with an active chat (any kind), decided before any stand-in is added: a
  // stand-in only fills its own unit's role, and stand-ins are never coordinators or leaders of another unit.
  const rolesByUnit = new Map<number, Set<string>>();
  for (const m of world.memberships) {
    if (!m.active || !(world.chatsByPerson.get(m.personId) ?? []).some((c) => c.active)) continue;
    const roles = rolesByUnit.get(m.unitId) ?? new Set<string>();
    roles.add(m.role);
    rolesByUnit.set(m.unitId, roles);
  }
  const provinceRoles = new Set([...rolesByUnit].filter(([u]) => world.units.get(u)?.province === province).flatMap(([, roles]) => [...roles]));
  const add = (unitId: number, role: 'focal' | 'head' | 'coordinator' | 'leader', name: string, offset: bigint) => {
    const chatId = String(SIM_CHAT_BASE + offset);
    world.addPerson({ name, telegramChatId: chatId, unitId, role });
    simulated.add(chatId);
  };
  // Which roles are missing is decided before any stand-in is added, unit by unit as the units come.
  for (const id of unitIds) {
    const name = world.units.get(id)!.name;
    const has = rolesByUnit.get(id) ?? new Set<string>();
    if (!has.has('focal')) add(id, 'focal', `Đầu mối ${name} (mô phỏng)`, BigInt(id) * 10n + 1n);
    if (!has.has('head')) add(id, 'head', `Lãnh đạo ${name} (mô phỏng)`, BigInt(id) * 10n + 2n);
  }
  const anchor = unitIds[0];
  if (anchor !== undefined) {
    if (!provinceRoles.has('coordinator')) add(anchor, 'coordinator', 'Sở Nội vụ — đầu mối CCHC (mô phỏng)', 1n);
    if (!provinceRoles.has('leader')) add(anchor, 'leader', 'Lãnh đạo UBND tỉnh (mô phỏng)', 2n);
  }
  return simulated;
}

/** Who each chat is: the person's name, and the unit and role of their first active membership. */
function recipientNames(world: MemoryWorld, simulated: Set<string>): Map<string, SimulatedRecipient> {
  const map = new Map<string, SimulatedRecipient>();
  const membershipsOf = new Map<number, typeof world.memberships>();
  for (const m of world.memberships) {
    if (!m.active) continue;
    const list = membershipsOf.get(m.personId) ?? [];
    list.push(m);
    membershipsOf.set(m.personId, list);
  }
  for (const c of world.chats.values()) {
    const person = c.personId === null ? undefined : world.people.get(c.personId);
    const m = person ? (membershipsOf.get(person.id) ?? []).sort((a, b) => ROLE_ORDER[a.role]! - ROLE_ORDER[b.role]! || a.id - b.id)[0] : undefined;
    const unitId = m?.unitId ?? c.unitId;
    map.set(c.telegramChatId, {
      chatId: c.telegramChatId,
      name: person?.name ?? c.telegramChatId,
      unit: unitId === null ? null : (world.units.get(unitId)?.name ?? null),
      role: m?.role ?? null,
      simulated: simulated.has(c.telegramChatId),
    });
  }
  return map;
}
