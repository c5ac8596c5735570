/**
 * The web console's plan pages (`/plans`, `/plans/:id`): the same use cases as `nhacviec plan import|show|assign|
 * proposals|choose|set-date|publish` (src/app/plan-*.ts), for the signed-in person's province.
 *
 * Who may do what: coordinators everything; leaders read; heads and focal points nothing (`forbidden`, HTTP 403).
 * A plan of another province is `not_found`. Every decision is written to the audit log as `web:<person>`.
 */
import type { Clock } from '../../domain/clock.js';
import type { WorkingCalendar } from '../../domain/deadline.js';
import type { DeadlinePort } from '../../import/deadline-port.js';
import { importPlan, type ImportPlanResult } from '../plan-import.js';
import type { PlanPorts, PlanRow } from '../plan-ports.js';
import { publishPlan, type PublishPlanResult } from '../plan-publish.js';
import {
  assignUnits,
  type AssignResult,
  chooseReading,
  type ChooseReadingResult,
  decideProposals,
  type PlanOverview,
  type ProposalsResult,
  setManualDate,
  type SetDateResult,
  showPlan,
} from '../plan-review.js';
import type { WebSession } from './auth.js';
import { listPlanAmendments, type PlanAmendmentView } from '../plan-amendments.js';

/** The review page's model: the plan as `plan show --tasks` gives it, and its amendments (newest first). */
export type PlanReview = PlanOverview & { amendments: PlanAmendmentView[] };

export interface WebPlansDeps {
  ports: PlanPorts;
  clock: Clock;
  deadline: DeadlinePort;
  calendar: WorkingCalendar;
  /** IANA zone of "today" for on-demand dates (config `domain.timeZone`). */
  zone: string;
  /** Largest upload accepted, bytes (default: the importer's). */
  maxBytes?: number;
}

/** Outcome of a read or a decision: the result, or why the person may not have it. */
export type Access<T> = { kind: 'ok'; value: T } | { kind: 'forbidden' } | { kind: 'not_found' };

/** Whether the role may see plans (coordinators and leaders). */
export function canReadPlans(session: Pick<WebSession, 'role'>): boolean {
  return session.role === 'coordinator' || session.role === 'leader';
}

/** Whether the role may import, decide and publish (coordinators). */
export function canChangePlans(session: Pick<WebSession, 'role'>): boolean {
  return session.role === 'coordinator';
}

const actorOf = (s: WebSession) => (s.personId === null ? `web:session-${s.id}` : `web:person-${s.personId}`);

export function createWebPlans(deps: WebPlansDeps) {
  const { ports, clock, deadline } = deps;

  /** The plan when the session may act on it (`write`: change it). */
  async function guard(session: WebSession, planId: number, write: boolean): Promise<Access<PlanRow>> {
    if (!(write ? canChangePlans(session) : canReadPlans(session))) return { kind: 'forbidden' };
    const stored = await ports.plans.loadPlanRow(planId);
    if (!stored || stored.province !== session.province) return { kind: 'not_found' };
    return { kind: 'ok', value: stored };
  }

  async function decide<T>(session: WebSession, planId: number, run: () => Promise<T>): Promise<Access<T>> {
    const g = await guard(session, planId, true);
    if (g.kind !== 'ok') return g;
    return { kind: 'ok', value: await run() };
  }

  return {
    /** The province's plans, newest first. */
    async list(session: WebSession): Promise<Access<PlanRow[]>> {
      if (!canReadPlans(session)) return { kind: 'forbidden' };
      return { kind: 'ok', value: await ports.plans.listPlans(session.province) };
    },

    /**
     * Imports an uploaded file (already saved at `file` under its own name) into the session's province. Throws
     * `ImportError` for a file that cannot be imported (nothing is written then).
     */
    async importFile(
      session: WebSession,
      input: { file: string; year?: number; yes: boolean; acceptProblems?: boolean; onProgress?: (stage: string, done: number, total: number) => void },
    ): Promise<Access<ImportPlanResult>> {
      if (!canChangePlans(session)) return { kind: 'forbidden' };
      const result = await importPlan(ports, clock, {
        file: input.file,
        province: session.province,
        ...(input.year !== undefined ? { period: { startYear: input.year, endYear: input.year } } : {}),
        yes: input.yes,
        acceptProblems: input.acceptProblems ?? false,
        ...(deps.maxBytes !== undefined ? { maxBytes: deps.maxBytes } : {}),
        deadline,
        actor: actorOf(session),
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      });
      return { kind: 'ok', value: result };
    },

    /**
     * The review of a plan: everything `plan show --tasks` gives, what each row needs on screen, and the amendments
     * applied to it (each with its diff against the version it replaced), newest first.
     */
    async review(session: WebSession, planId: number): Promise<Access<PlanReview>> {
      const g = await guard(session, planId, false);
      if (g.kind !== 'ok') return g;
      const [overview, amendments] = await Promise.all([showPlan(ports, { planId, deadline, tasks: true, review: true }), listPlanAmendments(ports, planId)]);
      return { kind: 'ok', value: { ...overview, amendments } };
    },

    assign(session: WebSession, input: { planId: number; task: string; lead: string[]; support: string[]; clear: boolean }): Promise<Access<AssignResult>> {
      return decide(session, input.planId, () => assignUnits(ports, clock, { ...input, deadline, actor: actorOf(session) }));
    },

    proposals(session: WebSession, input: { planId: number; accept: string[]; reject: string[] }): Promise<Access<ProposalsResult>> {
      return decide(session, input.planId, () => decideProposals(ports, clock, { ...input, deadline, actor: actorOf(session) }));
    },

    choose(session: WebSession, input: { planId: number; task: string; reading: number | null }): Promise<Access<ChooseReadingResult>> {
      return decide(session, input.planId, () => chooseReading(ports, clock, { ...input, deadline, actor: actorOf(session) }));
    },

    setDate(session: WebSession, input: { planId: number; task: string; date: string }): Promise<Access<SetDateResult>> {
      return decide(session, input.planId, () => setManualDate(ports, clock, { ...input, calendar: deps.calendar, zone: deps.zone, actor: actorOf(session) }));
    },

    publish(session: WebSession, input: { planId: number; acceptProblems: boolean; includeProposals: boolean }): Promise<Access<PublishPlanResult>> {
      return decide(session, input.planId, () => publishPlan(ports, clock, { ...input, deadline, actor: actorOf(session) }));
    },
  };
}
export type WebPlans = ReturnType<typeof createWebPlans>;
