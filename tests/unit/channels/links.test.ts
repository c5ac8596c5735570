import { describe, expect, it } from 'vitest';
import { oneTapLinks, signOneTap, verifyOneTap } from '../../../src/app/channels/links.js';

const SECRET = 'a-secret-that-is-long-enough-0123456789';
const now = new Date('2026-03-02T01:00:00Z');
const claim = { action: 'done' as const, dueItemId: 42, personId: 7, reminderId: 900, expiresAt: new Date('2026-03-16T01:00:00Z') };

describe('one-tap links', () => {
  it('verifies what it signed, bound to the item, the person and the reminder', () => {
    const token = signOneTap(SECRET, claim);
    expect(verifyOneTap(SECRET, token, now)).toEqual({ ok: true, claim });
  });

  it('refuses a link whose item, person or action was changed, or signed with another secret', () => {
    const token = signOneTap(SECRET, claim);
    expect(verifyOneTap(SECRET, token.replace('done.42.', 'done.43.'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyOneTap(SECRET, token.replace('.7.900.', '.8.900.'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyOneTap(SECRET, token.replace(/^done/, 'extend'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyOneTap('another-secret-that-is-long-enough-xyz', token, now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses an expired or malformed link', () => {
    const token = signOneTap(SECRET, claim);
    expect(verifyOneTap(SECRET, token, new Date('2026-03-16T01:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyOneTap(SECRET, 'done.1.2', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyOneTap(SECRET, `${token}x`, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds the three links on the console base URL, expiring after the TTL', () => {
    const links = oneTapLinks({ baseUrl: 'https://nhacviec.example.gov.vn', secret: SECRET, ttlMs: 14 * 86_400_000, now }, { dueItemId: 42, personId: 7, reminderId: 900 });
    for (const [action, url] of Object.entries(links)) {
      expect(url.startsWith(`https://nhacviec.example.gov.vn/t/${action}.42.7.900.`)).toBe(true);
      const v = verifyOneTap(SECRET, url.split('/t/')[1]!, now);
      expect(v.ok && v.claim.expiresAt.toISOString()).toBe('2026-03-16T01:00:00.000Z');
    }
  });
});
