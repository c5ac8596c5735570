/**
 * Minimal cron matching (pure), for the simulator to run scheduled work at the same instants node-cron would:
 * five fields (minute hour day-of-month month day-of-week) or six with seconds first; `*`, lists, ranges and
 * steps; day-of-week 0–7 with 0 and 7 = Sunday. Day-of-month and day-of-week combine with OR when both are
 * restricted (as in Vixie cron).
 */
export interface CronTime {
  second: number;
  minute: number;
  hour: number;
  day: number;
  month: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

function field(spec: string, min: number, max: number): Set<number> | null {
  if (spec === '*') return null;
  const values = new Set<number>();
  for (const part of spec.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronSyntaxError(`bad step in "${spec}"`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range!.includes('-')) [lo, hi] = range!.split('-').map(Number) as [number, number];
    else [lo, hi] = [Number(range), stepText === undefined ? Number(range) : max];
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi) throw new CronSyntaxError(`"${spec}" is out of ${min}–${max}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

export function cronMatches(expr: string, t: CronTime): boolean {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) throw new CronSyntaxError(`"${expr}" needs 5 or 6 fields`);
  const [sec, min, hour, dom, mon, dow] = parts.length === 6 ? parts : ['0', ...parts];
  const ok = (set: Set<number> | null, v: number) => set === null || set.has(v);
  const dowSet = field(dow!, 0, 7);
  const weekdayOk = dowSet === null || dowSet.has(t.weekday % 7) || (t.weekday === 7 && dowSet.has(7));
  const domSet = field(dom!, 1, 31);
  const dayOk = domSet !== null && dowSet !== null ? ok(domSet, t.day) || weekdayOk : ok(domSet, t.day) && weekdayOk;
  return ok(field(sec!, 0, 59), t.second) && ok(field(min!, 0, 59), t.minute) && ok(field(hour!, 0, 23), t.hour) && ok(field(mon!, 1, 12), t.month) && dayOk;
}
