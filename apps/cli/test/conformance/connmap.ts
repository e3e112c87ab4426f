/**
 * A tool-neutral view of a connectivity answer, and the comparator between two of them.
 *
 * Both sides (our AnalysisResult, and netpol-analyzer's parsed.json / txt / explain) are normalised into
 * a ConnMap:
 *  - workload → workload pairs keyed by `src => dst` (workload keys are `ns/name[Kind]`), one PortSet each;
 *  - workload ↔ external: per (direction, workload), a list of IPv4 intervals with a PortSet each.
 * External intervals are compared after refining both sides to their common boundaries, so
 * `0.0.0.0-255.255.255.255` on one side equals the same space split into five blocks on the other
 * (README 1.4 / Q2: the split depends on the tool). Missing = nothing allowed. IPv6 is ignored (the corpus
 * ignores it), and external → external is never compared.
 */
import { PortSet, Protocol, PROTOCOLS } from '@reachwatch/policy-engine';

export const V4_MAX = 0xffffffffn;

export type Peer =
  | { type: 'workload'; key: string }
  | { type: 'ip'; first: bigint; last: bigint };

export interface IpRange {
  first: bigint;
  last: bigint;
  ports: PortSet;
}

export function workloadKey(namespace: string, name: string, kind: string): string {
  return `${namespace}/${name}[${kind}]`;
}

export function ipText(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((v >> s) & 255n).toString()).join('.');
}

export function parseIpv4(text: string): bigint {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`not an IPv4 address: "${text}"`);
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

export function rangeText(first: bigint, last: bigint): string {
  return `${ipText(first)}-${ipText(last)}[External]`;
}

export function portsText(p: PortSet): string {
  return p.isEmpty() ? 'No Connections' : p.toString();
}

export class ConnMap {
  /** `src => dst` (both workloads) → ports. */
  readonly pairs = new Map<string, PortSet>();
  /** `in|<workload>` (external → workload) or `out|<workload>` (workload → external) → IPv4 ranges. */
  readonly ext = new Map<string, IpRange[]>();
  /** Things dropped while normalising (IPv6 atoms, …), for diagnostics only. */
  readonly notes: string[] = [];

  add(src: Peer, dst: Peer, ports: PortSet): void {
    if (ports.isEmpty()) return;
    if (src.type === 'workload' && dst.type === 'workload') {
      const k = `${src.key} => ${dst.key}`;
      this.pairs.set(k, (this.pairs.get(k) ?? PortSet.NONE).union(ports));
    } else if (src.type === 'ip' && dst.type === 'workload') {
      this.addExt(`in|${dst.key}`, src.first, src.last, ports);
    } else if (src.type === 'workload' && dst.type === 'ip') {
      this.addExt(`out|${src.key}`, dst.first, dst.last, ports);
    } else {
      throw new Error('external → external connections are never part of a connectivity answer');
    }
  }

  private addExt(key: string, first: bigint, last: bigint, ports: PortSet): void {
    if (first > last || first < 0n || last > V4_MAX) throw new Error(`bad IPv4 interval ${first}..${last}`);
    const list = this.ext.get(key) ?? [];
    list.push({ first, last, ports });
    this.ext.set(key, list);
  }

  /** Ports from an IPv4 address to a workload (`in`) or from a workload to it (`out`). */
  portsAtIp(dir: 'in' | 'out', workload: string, ip: bigint): PortSet {
    let p = PortSet.NONE;
    for (const r of this.ext.get(`${dir}|${workload}`) ?? []) if (r.first <= ip && ip <= r.last) p = p.union(r.ports);
    return p;
  }

  /** A flat, readable listing (for failure messages), sorted. */
  lines(): string[] {
    const out: string[] = [];
    for (const [k, p] of this.pairs) out.push(`${k} : ${portsText(p)}`);
    for (const [k, rs] of this.ext) {
      const [dir, w] = splitExtKey(k);
      for (const r of rs) {
        const ip = rangeText(r.first, r.last);
        out.push(dir === 'in' ? `${ip} => ${w} : ${portsText(r.ports)}` : `${w} => ${ip} : ${portsText(r.ports)}`);
      }
    }
    return out.sort();
  }
}

function splitExtKey(k: string): ['in' | 'out', string] {
  const i = k.indexOf('|');
  return [k.slice(0, i) as 'in' | 'out', k.slice(i + 1)];
}

export interface Mismatch {
  src: string;
  dst: string;
  expected: string;
  actual: string;
  expectedPorts?: PortSet;
  actualPorts?: PortSet;
}

export function mismatchText(m: Mismatch): string {
  return `${m.src} => ${m.dst}: expected ${m.expected}, got ${m.actual}`;
}

/** The pair a mismatch concerns, as deviation entries name it: `src => dst`. */
export function mismatchPair(m: Mismatch): string {
  return `${m.src} => ${m.dst}`;
}

/**
 * Every difference between two answers. Workload pairs compare PortSets; external ranges are refined to
 * the union of both sides' boundaries, compared per elementary interval, and neighbouring intervals with
 * the same difference are merged back for the report.
 */
export function compareConnMaps(expected: ConnMap, actual: ConnMap): Mismatch[] {
  const out: Mismatch[] = [];
  const pairKeys = new Set([...expected.pairs.keys(), ...actual.pairs.keys()]);
  for (const k of [...pairKeys].sort()) {
    const e = expected.pairs.get(k) ?? PortSet.NONE;
    const a = actual.pairs.get(k) ?? PortSet.NONE;
    if (!e.equals(a)) {
      const [src, dst] = k.split(' => ');
      out.push({ src, dst, expected: portsText(e), actual: portsText(a), expectedPorts: e, actualPorts: a });
    }
  }
  const extKeys = new Set([...expected.ext.keys(), ...actual.ext.keys()]);
  for (const k of [...extKeys].sort()) {
    const [dir, w] = splitExtKey(k);
    for (const d of diffRanges(expected.ext.get(k) ?? [], actual.ext.get(k) ?? [])) {
      const ip = rangeText(d.first, d.last);
      out.push({
        src: dir === 'in' ? ip : w,
        dst: dir === 'in' ? w : ip,
        expected: portsText(d.expected),
        actual: portsText(d.actual),
        expectedPorts: d.expected,
        actualPorts: d.actual,
      });
    }
  }
  return out;
}

export interface RangeDiff {
  first: bigint;
  last: bigint;
  expected: PortSet;
  actual: PortSet;
}

/** Differences between two interval → PortSet maps over 0..2^32-1 (uncovered = NONE; overlaps union). */
export function diffRanges(expected: readonly IpRange[], actual: readonly IpRange[]): RangeDiff[] {
  const cuts = new Set<bigint>([0n]);
  for (const r of [...expected, ...actual]) {
    cuts.add(r.first);
    if (r.last < V4_MAX) cuts.add(r.last + 1n);
  }
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Sweep both sides once: `active` holds the ranges covering the current elementary interval (one, when a
  // side's ranges are disjoint, as both tools' are). Elementary intervals never straddle a boundary.
  const sweeper = (rs: readonly IpRange[]) => {
    const sorted = [...rs].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let next = 0;
    let active: IpRange[] = [];
    return (lo: bigint): PortSet => {
      while (next < sorted.length && sorted[next].first <= lo) active.push(sorted[next++]);
      active = active.filter((r) => r.last >= lo);
      return active.reduce((p, r) => p.union(r.ports), PortSet.NONE);
    };
  };
  const expAt = sweeper(expected);
  const actAt = sweeper(actual);
  const out: RangeDiff[] = [];
  for (let i = 0; i < starts.length; i++) {
    const lo = starts[i];
    const hi = i + 1 < starts.length ? starts[i + 1] - 1n : V4_MAX;
    const e = expAt(lo);
    const a = actAt(lo);
    if (e.equals(a)) continue;
    const prev = out[out.length - 1];
    if (prev && prev.last + 1n === lo && prev.expected.equals(e) && prev.actual.equals(a)) prev.last = hi;
    else out.push({ first: lo, last: hi, expected: e, actual: a });
  }
  return out;
}

// ---- reading port sets written by the other tools ----

/** parsed.json `conn`: "ALL" or {TCP: [[a,b],…], …}. */
export function portsFromParsedConn(conn: unknown): PortSet {
  if (conn === 'ALL') return PortSet.ALL;
  if (!conn || typeof conn !== 'object') throw new Error(`bad conn ${JSON.stringify(conn)}`);
  const rec = conn as Record<string, unknown>;
  const ranges: Partial<Record<Protocol, [number, number][]>> = {};
  for (const [proto, rs] of Object.entries(rec)) {
    if (!(PROTOCOLS as readonly string[]).includes(proto)) throw new Error(`unknown protocol ${proto} in conn`);
    if (!Array.isArray(rs)) throw new Error(`bad ranges for ${proto}`);
    ranges[proto as Protocol] = rs.map((r) => {
      if (!Array.isArray(r) || r.length !== 2) throw new Error(`bad range ${JSON.stringify(r)}`);
      return [Number(r[0]), Number(r[1])] as [number, number];
    });
  }
  return PortSet.fromRanges(ranges);
}

function parsePortList(text: string, what: string): [number, number][] {
  return text.split(',').map((t) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(t.trim());
    if (!m) throw new Error(`bad port "${t}" in ${what}`);
    return [Number(m[1]), Number(m[2] ?? m[1])] as [number, number];
  });
}

/**
 * The txt connlist CONN: "All Connections" or "SCTP 1-9002,9004-65535,TCP 1-79,UDP 53" — commas separate
 * both ports and protocols, a token starting with a protocol name starts a new protocol (README 1.4).
 */
export function portsFromConnlistText(text: string): PortSet {
  const t = text.trim();
  if (t === 'All Connections') return PortSet.ALL;
  const ranges: Partial<Record<Protocol, [number, number][]>> = {};
  let cur: Protocol | undefined;
  for (const tok of t.split(',')) {
    const m = /^(TCP|UDP|SCTP) (.+)$/.exec(tok.trim());
    let portText = tok.trim();
    if (m) {
      cur = m[1] as Protocol;
      portText = m[2];
    }
    if (!cur) throw new Error(`connection text "${t}" does not start with a protocol`);
    (ranges[cur] ??= []).push(...parsePortList(portText, t));
  }
  return PortSet.fromRanges(ranges);
}

/** The explain text's "TCP:[9001-65535], UDP, SCTP" (a protocol without brackets = all its ports). */
export function portsFromExplainText(text: string): PortSet {
  const re = /(TCP|UDP|SCTP)(?::\[([^\]]*)\])?/g;
  let p = PortSet.NONE;
  let seen = 0;
  for (const m of text.matchAll(re)) {
    seen++;
    const proto = m[1] as Protocol;
    p = p.union(m[2] === undefined ? PortSet.protocol(proto) : PortSet.fromRanges({ [proto]: parsePortList(m[2], text) }));
  }
  // Anything besides protocols, brackets, commas and spaces means we misread the line.
  const rest = text.replace(re, '').replace(/[\s,]/g, '');
  if (!seen || rest) throw new Error(`cannot read ports "${text}"`);
  return p;
}

/**
 * Checks an incremental update per address: `after` must equal `before` minus `removed` plus `added` for
 * every workload pair and every IPv4 address. Returns the differences (expected = predicted).
 */
export function compareDelta(before: ConnMap, added: ConnMap, removed: ConnMap, after: ConnMap): Mismatch[] {
  const predicted = new ConnMap();
  for (const k of new Set([...before.pairs.keys(), ...added.pairs.keys(), ...removed.pairs.keys()])) {
    const [src, dst] = k.split(' => ');
    const p = (before.pairs.get(k) ?? PortSet.NONE).subtract(removed.pairs.get(k) ?? PortSet.NONE).union(added.pairs.get(k) ?? PortSet.NONE);
    predicted.add({ type: 'workload', key: src }, { type: 'workload', key: dst }, p);
  }
  for (const k of new Set([...before.ext.keys(), ...added.ext.keys(), ...removed.ext.keys()])) {
    const [dir, w] = splitExtKey(k);
    const all = [...(before.ext.get(k) ?? []), ...(added.ext.get(k) ?? []), ...(removed.ext.get(k) ?? [])];
    const cuts = new Set<bigint>([0n]);
    for (const r of all) {
      cuts.add(r.first);
      if (r.last < V4_MAX) cuts.add(r.last + 1n);
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((lo, i) => {
      const hi = i + 1 < starts.length ? starts[i + 1] - 1n : V4_MAX;
      const p = before.portsAtIp(dir, w, lo).subtract(removed.portsAtIp(dir, w, lo)).union(added.portsAtIp(dir, w, lo));
      const ip: Peer = { type: 'ip', first: lo, last: hi };
      const wl: Peer = { type: 'workload', key: w };
      if (dir === 'in') predicted.add(ip, wl, p);
      else predicted.add(wl, ip, p);
    });
  }
  return compareConnMaps(predicted, after);
}
