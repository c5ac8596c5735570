/**
 * Client network allow-lists (`BOUNCE_SMTP_ALLOW`): CIDR blocks parsed once, matched with node's `BlockList`.
 */
import { BlockList, isIP } from 'node:net';

/** One network: `10.0.0.0/8`, `192.0.2.7` (a single address), `fd00::/8`. */
export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses one CIDR block (a bare address is one host: /32 or /128), or null when it is not one. Pure. */
export function parseCidr(text: string): Cidr | null {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  const version = isIP(m[1]!);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max) return null;
  return { address: m[1]!, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Parses a list separated by commas or white space: the blocks, or the first entry that is not one. An empty list is
 * an empty array (callers treat "unset" apart).
 */
export function parseCidrList(text: string): { ok: true; cidrs: Cidr[] } | { ok: false; bad: string } {
  const cidrs: Cidr[] = [];
  for (const part of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const cidr = parseCidr(part);
    if (cidr === null) return { ok: false, bad: part };
    cidrs.push(cidr);
  }
  return { ok: true, cidrs };
}

/**
 * Whether an address (as a socket reports it) lies in one of `cidrs`. An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.7`, what a dual-stack listener sees for an IPv4 client) is matched as the IPv4 address.
 */
export function createAddressMatcher(cidrs: readonly Cidr[]): (address: string) => boolean {
  const list = new BlockList();
  for (const c of cidrs) list.addSubnet(c.address, c.prefix, c.family);
  return (address) => {
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
    const plain = mapped ? mapped[1]! : address;
    const version = isIP(plain);
    if (version === 0) return false;
    return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
