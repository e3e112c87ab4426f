import { PROTOCOLS, Protocol } from './model';

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Inclusive port range. */
export type PortRange = readonly [from: number, to: number];

/**
 * An immutable set of (protocol, port) pairs: per protocol, sorted, disjoint, non-adjacent inclusive
 * ranges within 1..65535. Canonical, so two equal sets have equal `key`s.
 */
export class PortSet {
  private constructor(private readonly byProto: Readonly<Record<Protocol, readonly PortRange[]>>) {}

  static readonly NONE = new PortSet({ SCTP: [], TCP: [], UDP: [] });
  static readonly ALL = new PortSet({ SCTP: [[MIN_PORT, MAX_PORT]], TCP: [[MIN_PORT, MAX_PORT]], UDP: [[MIN_PORT, MAX_PORT]] });

  static of(protocol: Protocol, from: number, to: number = from): PortSet {
    if (to < from) return PortSet.NONE;
    const lo = Math.max(MIN_PORT, from);
    const hi = Math.min(MAX_PORT, to);
    if (hi < lo) return PortSet.NONE;
    const r: Record<Protocol, PortRange[]> = { SCTP: [], TCP: [], UDP: [] };
    r[protocol] = [[lo, hi]];
    return new PortSet(r);
  }

  /** Every port of one protocol. */
  static protocol(protocol: Protocol): PortSet {
    return PortSet.of(protocol, MIN_PORT, MAX_PORT);
  }

  static fromRanges(ranges: Partial<Record<Protocol, readonly PortRange[]>>): PortSet {
    const r: Record<Protocol, PortRange[]> = { SCTP: [], TCP: [], UDP: [] };
    for (const p of PROTOCOLS) r[p] = normalise(ranges[p] ?? []);
    return new PortSet(r);
  }

  ranges(protocol: Protocol): readonly PortRange[] {
    return this.byProto[protocol];
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.byProto[p].length === 0);
  }

  isAll(): boolean {
    return PROTOCOLS.every((p) => isFull(this.byProto[p]));
  }

  has(protocol: Protocol, port: number): boolean {
    for (const [a, b] of this.byProto[protocol]) {
      if (port < a) return false;
      if (port <= b) return true;
    }
    return false;
  }

  union(o: PortSet): PortSet {
    if (o === this || o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    return this.combine(o, (a, b) => normalise([...a, ...b]));
  }

  intersect(o: PortSet): PortSet {
    if (o === this) return this;
    if (this.isEmpty() || o.isEmpty()) return PortSet.NONE;
    return this.combine(o, intersectRanges);
  }

  subtract(o: PortSet): PortSet {
    if (o.isEmpty()) return this;
    if (o === this) return PortSet.NONE;
    return this.combine(o, (a, b) => intersectRanges(a, complement(b)));
  }

  complement(): PortSet {
    return PortSet.ALL.subtract(this);
  }

  equals(o: PortSet): boolean {
    return o === this || this.key() === o.key();
  }

  private cachedKey?: string;
  /** Canonical text, e.g. `SCTP 1-9002,9004-65535,TCP 80` or `All Connections`; empty set: ``. */
  key(): string {
    if (this.cachedKey === undefined) this.cachedKey = this.toString();
    return this.cachedKey;
  }

  /** The netpol-analyzer style text used by the txt output: protocols in alphabetical order. */
  toString(): string {
    if (this.isAll()) return 'All Connections';
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      const rs = this.byProto[p];
      if (rs.length === 0) continue;
      parts.push(`${p} ${rs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`);
    }
    return parts.join(',');
  }

  /** A list of {protocol, from, to}, protocols in alphabetical order then ascending ports. */
  toList(): { protocol: Protocol; from: number; to: number }[] {
    const out: { protocol: Protocol; from: number; to: number }[] = [];
    for (const p of PROTOCOLS) for (const [a, b] of this.byProto[p]) out.push({ protocol: p, from: a, to: b });
    return out;
  }

  private combine(o: PortSet, f: (a: readonly PortRange[], b: readonly PortRange[]) => PortRange[]): PortSet {
    return new PortSet({
      SCTP: f(this.byProto.SCTP, o.byProto.SCTP),
      TCP: f(this.byProto.TCP, o.byProto.TCP),
      UDP: f(this.byProto.UDP, o.byProto.UDP),
    });
  }
}

function isFull(rs: readonly PortRange[]): boolean {
  return rs.length === 1 && rs[0][0] === MIN_PORT && rs[0][1] === MAX_PORT;
}

function normalise(rs: readonly PortRange[]): PortRange[] {
  const sorted = rs
    .map(([a, b]) => [Math.max(MIN_PORT, a), Math.min(MAX_PORT, b)] as PortRange)
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function complement(rs: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let next = MIN_PORT;
  for (const [a, b] of rs) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_PORT) out.push([next, MAX_PORT]);
  return out;
}
