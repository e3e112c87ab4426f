/**
 * IPv4/IPv6 addresses as bigints and CIDR blocks as inclusive intervals. Validation lives here so that
 * every caller reports an invalid address the same way.
 */

export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** Canonical text, host bits cleared: `10.0.0.0/8`, `2001:db8::/32`. */
  text: string;
  prefix: number;
  first: bigint;
  last: bigint;
}

export class IpError extends Error {
  readonly code = 'INVALID_IP';
}

const V4_BITS = 32;
const V6_BITS = 128;

export function familyBits(f: IpFamily): number {
  return f === 4 ? V4_BITS : V6_BITS;
}

export function parseIp(text: string): { family: IpFamily; value: bigint } {
  const t = text.trim();
  if (t.includes(':')) return { family: 6, value: parseV6(t) };
  return { family: 4, value: parseV4(t) };
}

function parseV4(t: string): bigint {
  const parts = t.split('.');
  if (parts.length !== 4) throw new IpError(`"${t}" is not an IPv4 address`);
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new IpError(`"${t}" is not an IPv4 address`);
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseV6(t: string): bigint {
  let s = t;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseV4(v4[1]);
    s = s.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) throw new IpError(`"${t}" is not an IPv6 address`);
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) {
    throw new IpError(`"${t}" is not an IPv6 address`);
  }
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new IpError(`"${t}" is not an IPv6 address`);
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

export function formatIp(family: IpFamily, v: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/**
 * Parses `a.b.c.d/n` or `x::/n`. Host bits set under the prefix are an error, as the Kubernetes API
 * server rejects them in ipBlock since 1.27 ("must be a valid CIDR"), unless `lenient` masks them off.
 */
export function parseCidr(text: string, lenient = false): Cidr {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) throw new IpError(`"${text}" is not a CIDR (expected address/prefix, e.g. 10.0.0.0/8)`);
  const { family, value } = parseIp(m[1]);
  const bits = familyBits(family);
  const prefix = Number(m[2]);
  if (prefix > bits) throw new IpError(`"${text}": prefix /${prefix} is longer than ${bits} bits`);
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  if (first !== value && !lenient) {
    throw new IpError(`"${text}" has host bits set; did you mean ${formatIp(family, first)}/${prefix}?`);
  }
  const last = first + (1n << hostBits) - 1n;
  return { family, text: `${formatIp(family, first)}/${prefix}`, prefix, first, last };
}

export function hostCidr(ip: string): Cidr {
  const { family } = parseIp(ip);
  return parseCidr(`${ip}/${familyBits(family)}`);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function cidrContainsIp(c: Cidr, family: IpFamily, v: bigint): boolean {
  return c.family === family && c.first <= v && v <= c.last;
}

/** The whole address space of a family. */
export function universe(family: IpFamily): Cidr {
  return parseCidr(family === 4 ? '0.0.0.0/0' : '::/0');
}

/** ipBlock semantics: inside `cidr` and inside none of `except`. */
export interface IpMatcher {
  cidr: Cidr;
  except: Cidr[];
}

export function ipMatcherContains(m: IpMatcher, family: IpFamily, v: bigint): boolean {
  return cidrContainsIp(m.cidr, family, v) && !m.except.some((e) => cidrContainsIp(e, family, v));
}

/** Splits a matcher into the inclusive intervals it covers (sorted). */
export function ipMatcherIntervals(m: IpMatcher): [bigint, bigint][] {
  let parts: [bigint, bigint][] = [[m.cidr.first, m.cidr.last]];
  for (const e of m.except) {
    if (e.family !== m.cidr.family) continue;
    const next: [bigint, bigint][] = [];
    for (const [a, b] of parts) {
      if (e.last < a || e.first > b) { next.push([a, b]); continue; }
      if (e.first > a) next.push([a, e.first - 1n]);
      if (e.last < b) next.push([e.last + 1n, b]);
    }
    parts = next;
  }
  return parts;
}
