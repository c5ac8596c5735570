import { describe, expect, it } from 'vitest';
import { createAddressMatcher, parseCidr, parseCidrList } from '../../../src/infra/cidr.js';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks and bare addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr(' 192.0.2.7 ')).toEqual({ address: '192.0.2.7', prefix: 32, family: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
  });
  it('refuses what is not one', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0/8', 'mail.example', '10.0.0.0/', '/8', '']) expect(parseCidr(bad), bad).toBeNull();
  });
});

describe('parseCidrList', () => {
  it('splits on commas and spaces and names the first bad entry', () => {
    expect(parseCidrList('10.0.0.0/8, 192.0.2.7  ::1')).toMatchObject({ ok: true, cidrs: [{ prefix: 8 }, { prefix: 32 }, { prefix: 128 }] });
    expect(parseCidrList('10.0.0.0/8,localhost,x')).toEqual({ ok: false, bad: 'localhost' });
  });
});

describe('createAddressMatcher', () => {
  const allowed = createAddressMatcher(['10.0.0.0/8', '192.0.2.7', 'fd00::/8'].map((c) => parseCidr(c)!));
  it('matches inside the blocks only', () => {
    expect(allowed('10.255.1.2')).toBe(true);
    expect(allowed('11.0.0.1')).toBe(false);
    expect(allowed('192.0.2.7')).toBe(true);
    expect(allowed('192.0.2.8')).toBe(false);
    expect(allowed('fd12::1')).toBe(true);
    expect(allowed('fe80::1')).toBe(false);
  });
  it('reads an IPv4-mapped IPv6 address as IPv4, and never matches garbage', () => {
    expect(allowed('::ffff:10.1.2.3')).toBe(true);
    expect(allowed('::FFFF:127.0.0.1')).toBe(false);
    expect(allowed('')).toBe(false);
    expect(allowed('not-an-address')).toBe(false);
  });
});
