/**
 * Where a simulation's plan comes from (`nhacviec simulate`, src/app/simulate.ts): a published plan is read as it
 * stands; a draft is first published in a throw-away copy of the database and read from there, so a coordinator
 * can preview a plan before going live without changing anything real.
 */
import type { Clock } from '../domain/clock.js';
import type { DeadlinePort } from '../import/deadline-port.js';
import type { WorldSnapshot } from './memory/world.js';
import type { PlanPorts } from './plan-ports.js';
import { publishPlan } from './plan-publish.js';

/** The plan cannot be simulated: there is no such plan, or it is neither published nor a draft. */
export class PlanNotSimulableError extends Error {
  override name = 'PlanNotSimulableError';
}

export type SimulatedPlanStatus = 'draft' | 'published' | 'archived';

/** A database's plans as a simulation reads them (src/db/memory-world-loader.ts). */
export interface PlanSnapshotReader {
  /** The plan's status; null when there is no such plan. */
  planStatus(planId: number): Promise<SimulatedPlanStatus | null>;
  /** A published plan and the people it reminds, read once; throws {@link PlanNotSimulableError} otherwise. */
  snapshot(planId: number): Promise<WorldSnapshot>;
}

/** The database of a simulation, and throw-away copies of it for drafts (src/simulate-wiring.ts). */
export interface SimulationSource extends PlanSnapshotReader {
  /** Runs `work` on a new copy of the database, dropped afterwards whatever happens. */
  withScratchCopy<T>(work: (copy: { plans: PlanPorts; reader: PlanSnapshotReader }) => Promise<T>): Promise<T>;
}

export interface SimulationSnapshotOptions {
  planId: number;
  /** The deadline engine a draft is published with. */
  deadline: DeadlinePort;
  /** Called before a draft is published in a scratch copy (which takes a while). */
  onDraft?: () => void;
}

/** The snapshot `simulatePlan` starts from. Never writes to the source's own database. */
export async function snapshotForSimulation(source: SimulationSource, clock: Clock, options: SimulationSnapshotOptions): Promise<WorldSnapshot> {
  const { planId } = options;
  const status = await source.planStatus(planId);
  if (status === null) throw new PlanNotSimulableError(`Không có kế hoạch mã ${planId}.`);
  if (status !== 'draft') return source.snapshot(planId);
  // A draft has no due items yet: it is published in a throw-away copy of the database, read from there.
  options.onDraft?.();
  return source.withScratchCopy(async (copy) => {
    await publishPlan(copy.plans, clock, { planId, acceptProblems: true, deadline: options.deadline, actor: 'simulate' });
    return copy.reader.snapshot(planId);
  });
}
