import { describe, expect, it } from 'vitest';
import { InvalidJobPayloadError, jobId, parseJobPayload } from '../../../src/queue/jobs.js';
import { redisDurabilityWarnings } from '../../../src/queue/runtime.js';
import { tickJobId } from '../../../jobs/scheduler.js';

describe('jobId', () => {
  it('derives the same id from the same row key, without colons', () => {
    expect(jobId('rem', 42, 'reminder', '-3', 123456789n)).toBe('rem-42-reminder--3-123456789');
    expect(jobId('a:b', 'c:d')).toBe('a_b-c_d');
  });
  it('refuses digits-only ids (BullMQ reserves them)', () => {
    expect(() => jobId('123')).toThrow(/digits only/);
  });
});

describe('parseJobPayload', () => {
  it('accepts the versioned payload and rejects anything else', () => {
    expect(parseJobPayload('reminders.send', { v: 1, reminderId: 7 })).toEqual({ v: 1, reminderId: 7 });
    expect(() => parseJobPayload('reminders.send', { v: 2, reminderId: 7 })).toThrow(InvalidJobPayloadError);
    expect(() => parseJobPayload('reminders.send', { v: 1, reminderId: -1 })).toThrow(InvalidJobPayloadError);
  });
});

describe('tickJobId', () => {
  it('is the same for every scheduler ticking in the same minute, in the configured zone', () => {
    const a = tickJobId('reminders.reconcile', new Date('2024-03-01T01:05:01Z'), 'Asia/Ho_Chi_Minh');
    const b = tickJobId('reminders.reconcile', new Date('2024-03-01T01:05:59Z'), 'Asia/Ho_Chi_Minh');
    const c = tickJobId('reminders.reconcile', new Date('2024-03-01T01:06:00Z'), 'Asia/Ho_Chi_Minh');
    expect(a).toBe('reminders_reconcile-20240301T0805');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });
});

describe('redisDurabilityWarnings', () => {
  it('is quiet for noeviction + AOF and names each missing setting otherwise', () => {
    expect(redisDurabilityWarnings({ maxmemoryPolicy: 'noeviction', appendonly: 'yes' })).toEqual([]);
    const w = redisDurabilityWarnings({ maxmemoryPolicy: 'allkeys-lru', appendonly: 'no' });
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/allkeys-lru/);
    expect(w[1]).toMatch(/appendonly is off/);
  });
});
