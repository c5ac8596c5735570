/**
 * Issue #16.13: the simulator and config validation follow node-cron, which ticks the real scheduler. Each
 * expression's runs are compared with node-cron's own next-run walker, and
 * validation against `cron.validate`.
 */
import cron from 'node-cron';
import { describe, expect, it, vi } from 'vitest';
import { createConfig, ConfigError } from '../../../config/env.js';
import { CronSyntaxError } from '../../../src/domain/cron.js';
import { cronProblem, cronRuns } from '../../../src/infra/cron.js';

const ZONE = 'Asia/Ho_Chi_Minh';
// 2024-01-01 (a Monday) to 2024-02-05 in Hà Nội time: 15/01/2024 is a Monday, 29/02 is out of range.
const FROM = new Date('2024-01-01T00:00:00+07:00');
const TO = new Date('2024-02-05T00:00:00+07:00');

/**
 * What node-cron would fire in [from, to), from its own next-run walker (`ScheduledTask.getNextRuns`, which starts
 * at "now": the Date is faked to just before `from`).
 */
function nodeCronRuns(expr: string, from: Date, to: Date, expected: number): number[] {
  const task = cron.createTask(expr, () => undefined, { timezone: ZONE });
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(from.getTime() - 1000);
    // One more than we found: node-cron's next run after the window must fall at or after `to`.
    const runs = task.getNextRuns(expected + 1).map((d) => d.getTime());
    expect(runs[expected]).toBeGreaterThanOrEqual(to.getTime());
    return runs.filter((t) => t < to.getTime());
  } finally {
    vi.useRealTimers();
    void task.destroy();
  }
}

const FIVE_FIELDS = [
  '*/5 8-9 * * 1',
  '0 8 * * 1',
  '30 16 * * 1-5',
  '0 8 15 * 1', // both day fields restricted: node-cron ANDs them
  '0 8 1-7 * 5',
  '0 8 * * mon',
  '0 8 * * MON-FRI',
  '0 9 1 JAN-MAR *',
  '7 9 * * *', // not on a quarter hour
  '53 17 * * 2,4',
  '0 8 * * 0',
  '0 8 * * 7',
  '0 8 * * 5-7',
  '0 8 L * *',
  '0 8 * * 1#2',
  '0 8 * * 5L',
  '0 8 LW * *',
  '0 8 ? * 1',
  '@daily',
  '0 0 31 * *',
];

describe('cron runs follow node-cron (#16.13)', () => {
  it.each(FIVE_FIELDS)('"%s" fires at the instants node-cron matches', (expr) => {
    const ours = cronRuns(expr, FROM, TO, ZONE).map((d) => d.getTime());
    expect(ours).toEqual(nodeCronRuns(expr, FROM, TO, ours.length));
  });

  it('handles frequent schedules and a seconds field the same way', () => {
    const to = new Date(FROM.getTime() + 3_600_000);
    for (const expr of ['*/5 * * * *', '*/10 * * * * *', '15 7 * * * *', '5-8 */20 0 * * mon']) {
      const ours = cronRuns(expr, FROM, to, ZONE).map((d) => d.getTime());
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(nodeCronRuns(expr, FROM, to, ours.length));
    }
  });

  it('ANDs day-of-month with day-of-week, accepts names and keeps minutes off the quarter-hour grid', () => {
    const iso = (expr: string) => cronRuns(expr, FROM, TO, ZONE).map((d) => d.toISOString());
    expect(iso('0 8 15 * 1')).toEqual(['2024-01-15T01:00:00.000Z']);
    expect(iso('0 9 1 JAN-MAR *')).toEqual(['2024-01-01T02:00:00.000Z', '2024-02-01T02:00:00.000Z']);
    expect(iso('0 8 * * mon')).toHaveLength(5);
    expect(iso('7 9 * * *')[0]).toBe('2024-01-01T02:07:00.000Z');
  });

  it('includes `from` and excludes `to`', () => {
    const at8 = new Date('2024-01-01T08:00:00+07:00');
    expect(cronRuns('0 8 * * *', at8, new Date(at8.getTime() + 86_400_000), ZONE).map((d) => d.toISOString())).toEqual(['2024-01-01T01:00:00.000Z']);
  });

  it('refuses an invalid expression with a typed error', () => {
    expect(() => cronRuns('0 25 * * *', FROM, TO, ZONE)).toThrow(CronSyntaxError);
    expect(() => cronRuns('every day', FROM, TO, ZONE)).toThrow(CronSyntaxError);
  });
});

describe('cron validation agrees with node-cron (#16.13)', () => {
  const INVALID = ['0 25 * * *', 'every day', '5/10 * * * *', '0 0 12 * * * 2027', '* * * *', '0 8 * * funday', '0 8 32 * *', '0 8 * 13 *', ''];
  it.each([...FIVE_FIELDS, '*/10 * * * * *', ...INVALID])('"%s": valid for us exactly when node-cron accepts it', (expr) => {
    expect(cronProblem(expr) === null).toBe(cron.validate(expr));
  });

  it('the configuration accepts names and refuses what node-cron refuses, naming the variable', () => {
    const config = createConfig({ DIGEST_UNIT_CRON: '0 8 * * mon', DIGEST_COORDINATOR_CRON: '30 16 * JAN-MAR 1-5' });
    expect(cronRuns(config.schedules.digestUnit, FROM, TO, ZONE)).toHaveLength(5);
    expect(() => createConfig({ RECONCILE_CRON: '0 25 * * *' })).toThrow(ConfigError);
    expect(() => createConfig({ RECONCILE_CRON: '0 25 * * *' })).toThrow(/RECONCILE_CRON/);
  });
});
