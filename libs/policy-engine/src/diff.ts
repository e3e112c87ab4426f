import { Connection, Endpoint, ReachabilityDelta, compareConnections, endpointKey } from './analysis';
import { IpAtom, atomIntervals, buildIpAtoms } from './atoms';
import { Cidr, IpFamily, parseCidr } from './ip';
import { PortSet } from './ports';

/**
 * Differences between two connection lists. External endpoints of the two sides may cut the address
 * space differently (a policy added a CIDR), so both are first re-expressed on the common refinement
 * of their atoms; then pairs are compared port set by port set.
 */
export function diffAnalyses(before: readonly Connection[], after: readonly Connection[]): ReachabilityDelta {
  const refined = commonRefinement([before, after]);
  const a = onAtoms(before, refined);
  const b = onAtoms(after, refined);
  const added: Connection[] = [];
  const removed: Connection[] = [];
  for (const [key, cb] of b) {
    const pa = a.get(key)?.ports ?? PortSet.NONE;
    const plus = cb.ports.subtract(pa);
    if (!plus.isEmpty()) added.push({ ...cb, ports: plus });
  }
  for (const [key, ca] of a) {
    const pb = b.get(key)?.ports ?? PortSet.NONE;
    const minus = ca.ports.subtract(pb);
    if (!minus.isEmpty()) removed.push({ ...ca, ports: minus });
  }
  return { added: added.sort(compareConnections), removed: removed.sort(compareConnections) };
}

export function isEmptyDelta(d: ReachabilityDelta): boolean {
  return d.added.length === 0 && d.removed.length === 0;
}

type External = Extract<Endpoint, { type: 'external' }>;

function region(e: External): { cidr: Cidr; except: Cidr[] } {
  return { cidr: parseCidr(e.cidr, true), except: e.except.map((x) => parseCidr(x, true)) };
}

function commonRefinement(lists: (readonly Connection[])[]): IpAtom[] {
  const cidrs = new Map<string, Cidr>();
  const fams = new Set<IpFamily>();
  for (const list of lists) {
    for (const c of list) {
      for (const e of [c.src, c.dst]) {
        if (e.type !== 'external') continue;
        const r = region(e);
        fams.add(r.cidr.family);
        for (const x of [r.cidr, ...r.except]) cidrs.set(x.text, x);
      }
    }
  }
  return buildIpAtoms(cidrs.values()).filter((a) => fams.has(a.family));
}

function inRegion(r: { cidr: Cidr; except: Cidr[] }, family: IpFamily, v: bigint): boolean {
  return r.cidr.family === family && v >= r.cidr.first && v <= r.cidr.last && !r.except.some((x) => v >= x.first && v <= x.last);
}

/** Re-expresses each connection on refined atoms, keyed by pair (ports of duplicate keys are united). */
function onAtoms(list: readonly Connection[], refined: IpAtom[]): Map<string, Connection> {
  const cache = new Map<string, Endpoint[]>();
  const expand = (e: Endpoint): Endpoint[] => {
    if (e.type !== 'external') return [e];
    const k = endpointKey(e);
    let out = cache.get(k);
    if (!out) {
      const r = region(e);
      out = refined
        .filter((a) => inRegion(r, a.family, a.representative))
        .map((a) => ({ type: 'external' as const, cidr: a.cidr.text, except: a.except.map((x) => x.text) }));
      cache.set(k, out);
    }
    return out;
  };
  const out = new Map<string, Connection>();
  for (const c of list) {
    for (const s of expand(c.src)) {
      for (const d of expand(c.dst)) {
        const key = `${endpointKey(s)} => ${endpointKey(d)}`;
        const prev = out.get(key);
        out.set(key, { src: s, dst: d, ports: prev ? prev.ports.union(c.ports) : c.ports });
      }
    }
  }
  return out;
}

// ---- exposure ----

export type ExposureReason = 'internet' | 'other-namespace';

export interface Exposure {
  connection: Connection;
  reason: ExposureReason;
}

/** Address ranges that are not the public internet (RFC 1918, 6598, loopback, link-local, multicast …). */
const NON_PUBLIC = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
].map((c) => parseCidr(c));

/** Whether any address of an external endpoint is a public internet address. */
export function includesPublicAddresses(e: External): boolean {
  const r = region(e);
  for (const [first, b] of atomIntervals(r)) {
    let a = first;
    // Walk the interval, skipping the non-public blocks that overlap it in ascending order.
    const blocks = NON_PUBLIC.filter((n) => n.family === r.cidr.family && n.last >= a && n.first <= b).sort((x, y) =>
      x.first < y.first ? -1 : 1,
    );
    for (const n of blocks) {
      if (n.first > a) return true;
      a = n.last + 1n;
      if (a > b) break;
    }
    if (a <= b) return true;
  }
  return false;
}

/** Newly allowed connections that expose a workload: from the internet, or from another namespace. */
export function newExposures(delta: ReachabilityDelta): Exposure[] {
  const out: Exposure[] = [];
  for (const c of delta.added) {
    if (c.dst.type !== 'workload') continue;
    if (c.src.type === 'external') {
      if (includesPublicAddresses(c.src)) out.push({ connection: c, reason: 'internet' });
    } else if (c.src.namespace !== c.dst.namespace) {
      out.push({ connection: c, reason: 'other-namespace' });
    }
  }
  return out;
}
