/**
 * Deadline policy per province and per plan, layered over the engine's documented defaults
 * (`DEFAULT_DEADLINE_POLICY`, src/domain/expansion/policy.ts — each default names its source).
 *
 * A province's own reporting calendar (e.g. internal report days earlier than the 20th set by 581/BNV-CCHC) is data:
 * add it here under the province's code once it is known from the province's documents. No province override is
 * recorded yet: the seed plans write their own days where they have them ("trước ngày 05 của tháng sau").
 */
import { DEFAULT_DEADLINE_POLICY, mergeDeadlinePolicy, type DeadlinePolicy } from '../src/domain/deadline.js';

/** Overrides by province code (the code used in config/units). Empty until a province's calendar is sourced. */
export const PROVINCE_DEADLINE_POLICIES: Readonly<Record<string, Partial<DeadlinePolicy>>> = Object.freeze({});

/** The policy for a plan: engine defaults, then the province's overrides, then the plan's own. */
export function deadlinePolicyFor(province?: string, plan?: Partial<DeadlinePolicy>): DeadlinePolicy {
  return mergeDeadlinePolicy(DEFAULT_DEADLINE_POLICY, province ? PROVINCE_DEADLINE_POLICIES[province] : undefined, plan);
}
