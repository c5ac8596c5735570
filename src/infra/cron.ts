/**
 * Cron next-run times with node-cron's semantics, for the simulator and config validation (node-cron itself ticks
 * the scheduler but cannot list runs from a given instant). croner is configured to agree with node-cron 4:
 * - day-of-month AND day-of-week when both are restricted (`domAndDow`; Vixie cron and cron-parser OR them);
 * - five fields, or six with seconds first; names (`mon`, `JAN-MAR`), 0 and 7 = Sunday, `L`, `W`, `#`, `@daily`.
 * `tests/unit/infra/cron.test.ts` checks the agreement minute by minute against node-cron's own matcher.
 */
import { Cron } from 'croner';
import cron from 'node-cron';
import { CronSyntaxError, type CronRuns } from '../domain/cron.js';

/** Guard against a per-second expression over a long period: more runs than this is a caller's bug. */
export const MAX_CRON_RUNS = 500_000;

const cache = new Map<string, Cron>();

function compile(expr: string, zone: string): Cron {
  const key = `${zone}\u0000${expr}`;
  let c = cache.get(key);
  if (c) return c;
  const problem = cronProblem(expr);
  if (problem) throw new CronSyntaxError(problem);
  c = new Cron(expr, { timezone: zone, domAndDow: true, paused: true, mode: '5-or-6-parts' });
  cache.set(key, c);
  return c;
}

/**
 * Why `expr` is not a usable schedule, or null when both node-cron (which runs it) and croner (which lists its
 * runs) accept it. Config validation uses this, so nothing reaches the scheduler that the simulator cannot follow.
 */
export function cronProblem(expr: string): string | null {
  if (!cron.validate(expr)) return `not a valid cron expression: "${expr}"`;
  try {
    new Cron(expr, { domAndDow: true, paused: true, mode: '5-or-6-parts' });
  } catch (err) {
    return `not a valid cron expression: "${expr}" (${err instanceof Error ? err.message : String(err)})`;
  }
  return null;
}

export const cronRuns: CronRuns = (expr, from, to, zone) => {
  const c = compile(expr, zone);
  const runs: Date[] = [];
  // croner's nextRun is strictly after its argument; one millisecond back makes `from` itself a candidate.
  let at: Date | null = new Date(from.getTime() - 1);
  while ((at = c.nextRun(at)) !== null && at.getTime() < to.getTime()) {
    if (runs.length >= MAX_CRON_RUNS) throw new RangeError(`"${expr}" runs more than ${MAX_CRON_RUNS} times between ${from.toISOString()} and ${to.toISOString()}`);
    runs.push(at);
  }
  return runs;
};
