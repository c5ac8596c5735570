/**
 * Cron schedules, as the domain sees them: a port, not a parser. node-cron ticks the real scheduler; an adapter
 * (`src/infra/cron.ts`, croner configured with node-cron's semantics) gives the simulator the same instants, and
 * config validation accepts exactly what both accept. The domain never parses cron itself, so it cannot disagree.
 */

/**
 * Every instant in [from, to) at which node-cron would fire `expr` in the IANA zone `zone`, in ascending order.
 * Throws {@link CronSyntaxError} when the expression is not valid.
 */
export type CronRuns = (expr: string, from: Date, to: Date, zone: string) => Date[];

export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}
