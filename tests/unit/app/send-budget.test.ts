import { describe, expect, it } from 'vitest';
import { leaseMarginMs, sendBudgetMs } from '../../../src/app/reminders/service.js';

describe('a send’s budget inside its lease', () => {
  it('is the send timeout while the lease is long', () => {
    expect(sendBudgetMs(0, 100, 120_000, 10_000)).toBe(10_000);
  });

  it('ends a margin before the lease does, so the outcome is recorded before the reconciler looks', () => {
    expect(leaseMarginMs(3000)).toBe(600);
    expect(leaseMarginMs(120_000)).toBe(5000);
    // Claimed at 0 with a 3 s lease, 400 ms spent pacing: 3000 − 600 − 400.
    expect(sendBudgetMs(0, 400, 3000, 10_000)).toBe(2000);
  });

  it('is spent when the lease is nearly over before sending', () => {
    expect(sendBudgetMs(0, 2500, 3000, 10_000)).toBeLessThanOrEqual(0);
  });
});
