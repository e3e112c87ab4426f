import { PortSet, PROTOCOLS, type Protocol } from '@reachwatch/policy-engine';
import type { LivePortRange } from '@reachwatch/contracts';
import { GRAPH_MSG } from './messages';

/**
 * Port sets as the API writes them (libs/policy-engine PortSet.toString(): `All Connections`, or
 * `SCTP 1-9,TCP 80,443,UDP 53` — protocols alphabetical, each followed by its ranges) turned back into
 * the engine's PortSet, and printed for people. The set arithmetic itself is the engine's.
 */
const ALL_TEXT = 'All Connections';
const PROTO_TOKEN = /^(SCTP|TCP|UDP) (\d+)(?:-(\d+))?$/;
const RANGE_TOKEN = /^(\d+)(?:-(\d+))?$/;

export function parsePorts(text: string): PortSet {
  const t = text.trim();
  if (t === ALL_TEXT) return PortSet.ALL;
  if (t === '') return PortSet.NONE;
  const ranges: Record<Protocol, [number, number][]> = { SCTP: [], TCP: [], UDP: [] };
  let proto: Protocol | undefined;
  for (const token of t.split(',')) {
    const p = PROTO_TOKEN.exec(token.trim());
    const r = p ? null : RANGE_TOKEN.exec(token.trim());
    if (p) {
      proto = p[1] as Protocol;
      ranges[proto].push([Number(p[2]), Number(p[3] ?? p[2])]);
    } else if (r && proto) {
      ranges[proto].push([Number(r[1]), Number(r[2] ?? r[1])]);
    } else {
      throw new Error(GRAPH_MSG.badPortText(text));
    }
  }
  return PortSet.fromRanges(ranges);
}

/** A live delta's port list (libs/contracts LiveConnection). */
export function portsFromLive(all: boolean, list: readonly LivePortRange[]): PortSet {
  if (all) return PortSet.ALL;
  const ranges: Record<Protocol, [number, number][]> = { SCTP: [], TCP: [], UDP: [] };
  for (const r of list) ranges[r.protocol].push([r.from, r.to]);
  return PortSet.fromRanges(ranges);
}

const rangeText = ([a, b]: readonly [number, number]) => (a === b ? `${a}` : `${a}–${b}`);
const isWhole = (rs: readonly (readonly [number, number])[]) => rs.length === 1 && rs[0][0] === 1 && rs[0][1] === 65535;

/** Every port, readable: `TCP 80, 443 · UDP 53`, `all ports`, `all TCP · UDP 53`. */
export function portText(set: PortSet): string {
  if (set.isAll()) return GRAPH_MSG.allPorts;
  if (set.isEmpty()) return GRAPH_MSG.noPorts;
  return PROTOCOLS.filter((p) => set.ranges(p).length > 0)
    .map((p) => (isWhole(set.ranges(p)) ? GRAPH_MSG.allOf(p) : `${p} ${set.ranges(p).map(rangeText).join(', ')}`))
    .join(' · ');
}

/**
 * A label short enough to sit on an edge: the full text when it fits in `max` characters, otherwise as
 * many ranges as fit followed by how many more there are (never a cut-off number).
 */
export function portLabel(set: PortSet, max = 24): string {
  const full = portText(set);
  if (full.length <= max || set.isAll()) return full;
  const items: string[] = [];
  for (const p of PROTOCOLS) {
    const rs = set.ranges(p);
    if (isWhole(rs)) items.push(GRAPH_MSG.allOf(p));
    else rs.forEach((r, i) => items.push(i === 0 ? `${p} ${rangeText(r)}` : rangeText(r)));
  }
  let shown = items[0];
  let n = 1;
  while (n < items.length) {
    const next = `${shown}${items[n].includes(' ') ? ' · ' : ', '}${items[n]}`;
    if (`${next} ${GRAPH_MSG.more(items.length - n - 1)}`.length > max) break;
    shown = next;
    n++;
  }
  return n === items.length ? shown : `${shown} ${GRAPH_MSG.more(items.length - n)}`;
}

/** How many (protocol, port) pairs the set allows; `all` for every port of every protocol. */
export function portCount(set: PortSet): number | 'all' {
  if (set.isAll()) return 'all';
  let n = 0;
  for (const p of PROTOCOLS) for (const [a, b] of set.ranges(p)) n += b - a + 1;
  return n;
}

export interface PortQuery {
  protocol: Protocol;
  port: number;
}

/** `TCP/443`, `udp/53` or `443` (TCP), as the API's port query takes it; null when it is not one. */
export function parsePortQuery(text: string | undefined): PortQuery | null {
  const m = /^(?:([A-Za-z]+)\/)?(\d{1,5})$/.exec((text ?? '').trim());
  if (!m) return null;
  const protocol = (m[1] ?? 'TCP').toUpperCase() as Protocol;
  const port = Number(m[2]);
  return PROTOCOLS.includes(protocol) && port >= 1 && port <= 65535 ? { protocol, port } : null;
}

export const formatPortQuery = (q: PortQuery) => `${q.protocol}/${q.port}`;

/** Ports worth offering for "explain this edge": the first port of each range, at most `max`. */
export function samplePorts(set: PortSet, max = 12): PortQuery[] {
  // Every port allowed: no port is more "the" port than another; offer common ones, the field takes any.
  if (set.isAll()) return [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }, { protocol: 'UDP', port: 53 }];
  const out: PortQuery[] = [];
  for (const p of ['TCP', 'UDP', 'SCTP'] as const) for (const [a] of set.ranges(p)) if (out.length < max) out.push({ protocol: p, port: a });
  return out;
}
