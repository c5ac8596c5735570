/**
 * The web console's `/plans/:id/simulate` (issue #13 §3): a plan's year preview, run by `simulatePlan`
 * (src/app/simulate.ts, the same use case as `nhacviec simulate`) as a background job of the api process.
 *
 * How it runs:
 * - `start` returns at once; the simulation runs after the HTTP request, one at a time in this process (a queue:
 *   a second plan waits for the first), and yields to the event loop after every simulated day, so the console keeps
 *   answering while a year is simulated (about 6 s of CPU for seed 000).
 * - A second start for a plan whose run is queued or running joins that run (same job, nothing started).
 * - Progress is the simulated day out of the period's days (`onProgress`), read by the page every second.
 *
 * Where the result is kept: a bounded in-process cache, not PostgreSQL. The result is a pure function of the plan
 * and the parameters (the simulation is deterministic), so losing it on a restart costs one re-run; the full message
 * list (over 100,000 messages a year for a province) is tens of megabytes of text that does not belong in the
 * database, and keeping it here needs no migration. The cache holds the latest run per plan, for at most
 * `maxPlans` plans and `maxBytes` of compressed messages (oldest finished runs dropped first). A run is tied to the
 * plan's version and last change (`fingerprint`: the plan, its tasks or its due items): once the plan changes,
 * the old result is shown as outdated.
 *
 * Roles: coordinators and leaders may run and read it; heads and focal points are refused (`forbidden`). A plan of
 * another province is `not_found`.
 */
import { createGzip, type Gzip } from 'node:zlib';
import { ManualClock, type Clock } from '../../domain/clock.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import type { ReminderPolicy } from '../../domain/reminders/plan.js';
import type { Translate } from '../../i18n/translator.js';
import type { Logger } from '../../infra/logger.js';
import type { WorldSnapshot } from '../memory/world.js';
import { simulatePlan, type SimulationEvent, type SimulationResult } from '../simulate.js';
import type { WebSession } from './auth.js';
import { canReadPlans, type Access } from './plans.js';

/** What the page needs to know of a plan before simulating it. */
export interface SimulationPlanInfo {
  id: number;
  province: string;
  title: string;
  status: 'draft' | 'published' | 'archived';
  version: number;
  periodStartYear: number;
  periodEndYear: number;
  /** When anything the simulation reads of the plan last changed (the plan, its tasks, its due items). */
  changedAt: Date;
}

/** A plan that cannot be simulated, with the reason in Vietnamese for the coordinator. */
export class SimulationRefusedError extends Error {
  override name = 'SimulationRefusedError';
}

/** The simulation's port to the stored plans (PostgreSQL: src/simulate-wiring.ts). */
export interface SimulationSource {
  plan(planId: number): Promise<SimulationPlanInfo | null>;
  /**
   * The plan and its people as the simulator reads them. A draft is first published in a throw-away copy of the
   * database. Throws `SimulationRefusedError` for a plan that cannot be simulated (archived, gone).
   */
  snapshot(planId: number): Promise<WorldSnapshot>;
}

export interface WebSimulationsDeps {
  source: SimulationSource;
  clock: Clock;
  calendar: WorkingCalendar;
  policy: ReminderPolicy;
  workingHours: { start: string; end: string };
  schedules: { digestLeadership: string; digestCoordinator: string; digestUnit: string };
  t: Translate;
  logger: Logger;
  /** Plans whose latest run is kept. Default 8. */
  maxPlans?: number;
  /** Compressed messages kept in all, bytes. Default 64 MiB. */
  maxBytes?: number;
}

export interface SimulationParams {
  /** First and last simulated day, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** Share of due items the units complete, 0–1. */
  doneRate: number;
}

/** One month of the preview: messages by kind and the items overdue. */
export interface SimulationMonth {
  month: string;
  /** Reminders and nudges. */
  reminders: number;
  escalations: number;
  /** Due items that were past their due day (messages with a step after the due day) during the month. */
  overdue: number;
  /** Every message of the month (digests and notices included). */
  total: number;
}

export interface SimulationUnitRow {
  unit: string;
  reminders: number;
  escalations: number;
  total: number;
}

/** What the page shows of a finished run. */
export interface SimulationSummary {
  result: Omit<SimulationResult, 'events'>;
  months: SimulationMonth[];
  /** Units by escalations, then by messages (the first `TOP_UNITS`), and how many units there are in all. */
  topUnits: SimulationUnitRow[];
  unitCount: number;
}

export interface SimulationJob {
  planId: number;
  /** The plan's version and last change when the run started. */
  fingerprint: string;
  params: SimulationParams;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** The simulated day being run, and days done of the period's days. */
  day: string | null;
  done: number;
  total: number;
  startedAt: Date;
  finishedAt: Date | null;
  summary: SimulationSummary | null;
  /** Every message, one JSON object a line, gzip-compressed (the CLI's `--json` events). */
  messages: Buffer | null;
  /** Why the run failed, in Vietnamese. */
  error: string | null;
}

export interface SimulationView {
  plan: SimulationPlanInfo;
  /** The latest run (queued, running, done or failed). */
  job: SimulationJob | null;
  /** The latest finished run, when the latest run failed or is under way (so nothing is lost meanwhile). */
  lastDone: SimulationJob | null;
  /** Whether the latest finished run was made on an earlier state of the plan. */
  outdated: boolean;
  /** The parameters the form offers: the latest run's, else the plan's whole period at 70 %. */
  defaults: SimulationParams;
}

/** Units listed in the page's table. */
export const TOP_UNITS = 15;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
/** The longest period simulated from the console (a plan of several years). */
const MAX_DAYS = 5 * 366;

export type StartInput = SimulationParams;

/** Why parameters were refused: a key of the form's error messages. */
export type InvalidParam = 'from' | 'to' | 'too-long' | 'rate';

export type StartOutcome = { kind: 'started' | 'joined'; job: SimulationJob } | { kind: 'invalid'; field: 'from' | 'to' | 'doneRate'; reason: InvalidParam };

const fingerprintOf = (p: SimulationPlanInfo) => `${p.status}:${p.version}:${p.changedAt.getTime()}`;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const validDate = (s: string) => ISO.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Counts for the page, gathered from the stream of messages and the result's totals. */
class MonthCounter {
  readonly #overdue = new Map<string, Set<string>>();
  add(e: SimulationEvent): void {
    // A step after the due day ('+1', '+3n'…) is sent about an overdue item.
    if ((e.kind === 'reminder' || e.kind === 'nudge' || e.kind === 'escalation') && e.step.startsWith('+') && e.task !== null) {
      const month = e.at.slice(0, 7);
      let set = this.#overdue.get(month);
      if (!set) this.#overdue.set(month, (set = new Set()));
      set.add(`${e.task}\u0000${e.unit ?? ''}`);
    }
  }
  summary(result: SimulationResult): SimulationSummary {
    const { events: _events, ...rest } = result;
    const months = Object.keys(result.totals.byMonth)
      .concat([...this.#overdue.keys()])
      .filter((m, i, all) => all.indexOf(m) === i)
      .sort()
      .map((month) => {
        const k = result.totals.byMonth[month] ?? {};
        return {
          month,
          reminders: (k.reminder ?? 0) + (k.nudge ?? 0),
          escalations: k.escalation ?? 0,
          overdue: this.#overdue.get(month)?.size ?? 0,
          total: Object.values(k).reduce((a, n) => a + n, 0),
        };
      });
    const units = Object.entries(result.totals.byUnit).map(([unit, k]) => ({
      unit,
      reminders: (k.reminder ?? 0) + (k.nudge ?? 0),
      escalations: k.escalation ?? 0,
      total: Object.values(k).reduce((a, n) => a + n, 0),
    }));
    units.sort((a, b) => b.escalations - a.escalations || b.total - a.total || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
    return { result: rest, months, topUnits: units.slice(0, TOP_UNITS), unitCount: units.length };
  }
}

/** Collects gzip output in memory; `write` waits when the compressor is behind. */
class CompressedLines {
  // The fastest level: a year of seed 000 (120,000 messages) still compresses to a few megabytes, its texts being
  // much alike, and the compression runs beside the simulation in the api process.
  readonly #gzip: Gzip = createGzip({ level: 1 });
  readonly #chunks: Buffer[] = [];
  readonly #ended: Promise<void>;
  constructor() {
    this.#gzip.on('data', (c: Buffer) => this.#chunks.push(c));
    this.#ended = new Promise((resolve, reject) => {
      this.#gzip.once('end', resolve);
      this.#gzip.once('error', reject);
    });
  }
  async write(line: string): Promise<void> {
    if (!this.#gzip.write(line)) await new Promise<void>((resolve) => this.#gzip.once('drain', resolve));
  }
  async end(): Promise<Buffer> {
    this.#gzip.end();
    await this.#ended;
    return Buffer.concat(this.#chunks);
  }
  destroy(): void {
    this.#gzip.destroy();
  }
}

export function createWebSimulations(deps: WebSimulationsDeps) {
  const maxPlans = deps.maxPlans ?? 8;
  const maxBytes = deps.maxBytes ?? 64 * 1024 * 1024;
  /** The latest run and the latest finished run of each plan, in order of last use (oldest first). */
  const runs = new Map<number, { latest: SimulationJob; lastDone: SimulationJob | null }>();
  /** Runs one simulation at a time in this process. */
  let queue: Promise<void> = Promise.resolve();

  function touch(planId: number, entry: { latest: SimulationJob; lastDone: SimulationJob | null }): void {
    runs.delete(planId);
    runs.set(planId, entry);
    // Oldest first; never a plan whose run is under way.
    const bytes = () => [...runs.values()].reduce((a, r) => a + (r.lastDone?.messages?.length ?? 0) + (r.latest !== r.lastDone ? (r.latest.messages?.length ?? 0) : 0), 0);
    for (const [id, r] of runs) {
      if (runs.size <= maxPlans && bytes() <= maxBytes) break;
      if (id === planId || r.latest.state === 'queued' || r.latest.state === 'running') continue;
      runs.delete(id);
    }
  }

  async function guard(session: WebSession, planId: number): Promise<Access<SimulationPlanInfo>> {
    if (!canReadPlans(session)) return { kind: 'forbidden' };
    const plan = await deps.source.plan(planId);
    if (!plan || plan.province !== session.province) return { kind: 'not_found' };
    return { kind: 'ok', value: plan };
  }

  async function run(job: SimulationJob): Promise<void> {
    job.state = 'running';
    const counter = new MonthCounter();
    const lines = new CompressedLines();
    try {
      const snapshot = await deps.source.snapshot(job.planId);
      const result = await simulatePlan(
        {
          snapshot,
          clock: new ManualClock(`${job.params.from}T00:00:00+07:00`),
          calendar: deps.calendar,
          policy: deps.policy,
          workingHours: deps.workingHours,
          t: deps.t,
          logger: deps.logger,
          schedules: deps.schedules,
          // No digest charts: the preview keeps texts only (as the CLI).
        },
        {
          planId: job.planId,
          from: job.params.from,
          to: job.params.to,
          doneRate: job.params.doneRate,
          keepEvents: 0,
          onEvent: (e) => {
            counter.add(e);
            return lines.write(`${JSON.stringify(e)}\n`);
          },
          onProgress: async (day, done, total) => {
            job.day = day;
            job.done = done;
            job.total = total;
            // Let the console answer (the page's progress among others) between simulated days. An unref'd timer:
            // a run under way never holds up the process once the service has shut down (its result is only kept
            // in memory anyway).
            await new Promise<void>((resolve) => setTimeout(resolve, 0).unref());
          },
        },
      );
      job.messages = await lines.end();
      job.summary = counter.summary(result);
      job.done = job.total;
      job.state = 'done';
    } catch (err) {
      lines.destroy();
      job.state = 'failed';
      if (err instanceof SimulationRefusedError) job.error = err.message;
      else {
        deps.logger.error('web: simulation failed', { planId: job.planId, error: err });
        job.error = null;
      }
    } finally {
      job.finishedAt = deps.clock.now();
      const entry = runs.get(job.planId);
      if (entry && entry.latest === job) touch(job.planId, { latest: job, lastDone: job.state === 'done' ? job : entry.lastDone });
    }
  }

  return {
    /** The page: the plan, its latest run and the form's defaults. */
    async view(session: WebSession, planId: number): Promise<Access<SimulationView>> {
      const g = await guard(session, planId);
      if (g.kind !== 'ok') return g;
      const plan = g.value;
      const entry = runs.get(planId);
      const job = entry?.latest ?? null;
      const lastDone = entry?.lastDone ?? null;
      return {
        kind: 'ok',
        value: {
          plan,
          job,
          lastDone,
          outdated: lastDone !== null && lastDone.fingerprint !== fingerprintOf(plan),
          defaults: job?.params ?? { from: `${plan.periodStartYear}-01-01`, to: `${plan.periodEndYear}-12-31`, doneRate: 0.7 },
        },
      };
    },

    /**
     * Starts a run, or joins the one queued or running for the plan (with that run's parameters). Reading the page
     * never starts one: only this does.
     */
    async start(session: WebSession, planId: number, input: StartInput): Promise<Access<StartOutcome>> {
      const g = await guard(session, planId);
      if (g.kind !== 'ok') return g;
      const entry = runs.get(planId);
      if (entry && (entry.latest.state === 'queued' || entry.latest.state === 'running')) return { kind: 'ok', value: { kind: 'joined', job: entry.latest } };
      if (!validDate(input.from)) return { kind: 'ok', value: { kind: 'invalid', field: 'from', reason: 'from' } };
      if (!validDate(input.to) || input.to < input.from) return { kind: 'ok', value: { kind: 'invalid', field: 'to', reason: 'to' } };
      if (daysBetween(input.from, input.to) > MAX_DAYS) return { kind: 'ok', value: { kind: 'invalid', field: 'to', reason: 'too-long' } };
      if (!(input.doneRate >= 0 && input.doneRate <= 1)) return { kind: 'ok', value: { kind: 'invalid', field: 'doneRate', reason: 'rate' } };
      const job: SimulationJob = {
        planId,
        fingerprint: fingerprintOf(g.value),
        params: { from: input.from, to: input.to, doneRate: input.doneRate },
        state: 'queued',
        day: null,
        done: 0,
        total: daysBetween(input.from, input.to),
        startedAt: deps.clock.now(),
        finishedAt: null,
        summary: null,
        messages: null,
        error: null,
      };
      touch(planId, { latest: job, lastDone: entry?.lastDone ?? null });
      queue = queue.then(() => run(job));
      return { kind: 'ok', value: { kind: 'started', job } };
    },

    /** Every message of the latest finished run (gzip-compressed JSON lines), or null when there is none. */
    async messages(session: WebSession, planId: number): Promise<Access<{ plan: SimulationPlanInfo; job: SimulationJob } | null>> {
      const g = await guard(session, planId);
      if (g.kind !== 'ok') return g;
      const done = runs.get(planId)?.lastDone ?? null;
      return { kind: 'ok', value: done && done.messages ? { plan: g.value, job: done } : null };
    },

    /** Waits for every queued run (tests, shutdown). */
    idle(): Promise<void> {
      return queue;
    },
  };
}
export type WebSimulations = ReturnType<typeof createWebSimulations>;
