import { endpointKey, type PortSet } from '@reachwatch/policy-engine';
import type { EdgesChanged, LiveConnection, PostureUpdated } from '@reachwatch/contracts';
import type { NamespaceGraph, WorkloadGraph } from './api-types';
import type { Peer } from './params';
import { parsePorts, portsFromLive, type PortQuery } from './ports';

/** What the graph view holds: the two REST answers and the filters they were read with. */
export interface GraphData {
  ns: NamespaceGraph;
  wl: WorkloadGraph | null;
  /** The namespaces the workload level was read for (`namespaces=`); null: every namespace. */
  wlNamespaces: string[] | null;
  filters: { namespaces: string[]; port: PortQuery | null; peer: Peer };
  fanIn: number;
  /** The journal position the answers reflect, when the API says it; events up to it are already in. */
  seq: number | null;
}

export interface LiveOutcome {
  data: GraphData;
  /** Connections of the delta that concern this view (within its filters), applied in place. */
  applied: number;
  /**
   * Part of the delta cannot be applied exactly in place (a namespace-level line losing ports some other
   * pair may still allow, a fan-in count, a truncated page): the view re-reads the graph.
   */
  refetch: boolean;
}

const pairKey = (s: string, d: string) => `${s}\u0000${d}`;

/**
 * `edges.changed` applied to the graph in place (pure: returns new answers, never changes its input).
 * Exact where the answer holds every pair involved: workload-level lines gain and lose exactly the delta's
 * ports (the engine's PortSet arithmetic); a namespace-level line that did not exist is created. Whatever
 * depends on pairs the view does not hold is left to a re-read (`refetch`).
 */
export function applyEdgesChanged(data: GraphData, ev: EdgesChanged): LiveOutcome {
  if (data.seq !== null && ev.toSeq <= data.seq) return { data, applied: 0, refetch: false };
  if (ev.truncated) return { data, applied: 0, refetch: true };
  const ns = new NsEdges(data.ns);
  const wl = data.wl ? new WlEdges(data.wl) : null;
  let applied = 0;
  let refetch = false;
  for (const change of ev.changes) {
    for (const [c, added] of [...change.removed.map((c) => [c, false] as const), ...change.added.map((c) => [c, true] as const)]) {
      const src = endpointKey(c.src);
      const dst = endpointKey(c.dst);
      if (!inFilters(data.filters, c)) continue;
      const ports = portsFromLive(c.all, c.ports);
      let exact = ns.apply(c, src, dst, ports, added, data.filters.port);
      if (wl && inWorkloadScope(data, c)) exact = wl.apply(c, src, dst, ports, added, data.filters.port, data.fanIn) && exact;
      applied++;
      if (!exact) refetch = true;
    }
  }
  const next = { ...data, ns: ns.result(), wl: wl ? wl.result() : null, seq: data.seq === null ? null : Math.max(data.seq, ev.toSeq) };
  return { data: next, applied, refetch };
}

/** `posture.updated`: the namespaces' pods, score and exposure on the namespace nodes. */
export function applyPostureUpdated(data: GraphData, ev: PostureUpdated): GraphData {
  const rows = new Map(ev.namespaces.map((r) => [r.namespace, r]));
  if (![...rows.keys(), ...ev.removed].some((n) => data.ns.nodes.some((x) => x.id === n))) return data;
  const removed = new Set(ev.removed);
  const nodes = data.ns.nodes.map((n) => {
    if (n.type !== 'namespace') return n;
    const r = rows.get(n.id);
    if (r) return { ...n, pods: r.pods, score: Math.round(r.score * 10) / 10, exposedToInternet: r.exposedToInternet };
    return removed.has(n.id) ? { id: n.id, type: n.type, namespace: n.namespace } : n;
  });
  return { ...data, ns: { ...data.ns, nodes } };
}

const nsOf = (e: LiveConnection['src']) => (e.type === 'workload' ? e.namespace : null);

function inFilters(f: GraphData['filters'], c: LiveConnection): boolean {
  const ends = [nsOf(c.src), nsOf(c.dst)];
  if (f.namespaces.length && !ends.some((x) => x !== null && f.namespaces.includes(x))) return false;
  const external = ends.includes(null);
  return f.peer === 'all' || (f.peer === 'external') === external;
}

function inWorkloadScope(d: GraphData, c: LiveConnection): boolean {
  return d.wlNamespaces === null || [nsOf(c.src), nsOf(c.dst)].some((x) => x !== null && d.wlNamespaces!.includes(x));
}

/** Namespace-level lines keyed by group pair; copies on first write. */
class NsEdges {
  private readonly edges: Map<string, NamespaceGraph['edges'][number]>;
  private readonly nodes: Map<string, NamespaceGraph['nodes'][number]>;
  private created = new Set<string>();
  private dirty = false;
  constructor(private readonly g: NamespaceGraph) {
    this.edges = new Map(g.edges.map((e) => [pairKey(e.src, e.dst), e]));
    this.nodes = new Map(g.nodes.map((n) => [n.id, n]));
  }

  apply(c: LiveConnection, src: string, dst: string, ports: PortSet, added: boolean, port: PortQuery | null): boolean {
    const gs = nsOf(c.src) ?? src;
    const gd = nsOf(c.dst) ?? dst;
    const key = pairKey(gs, gd);
    const cur = this.edges.get(key);
    if (!added) return !cur; // Losing ports: other pairs of the group may still allow them.
    if (port && !ports.has(port.protocol, port.port)) return !cur; // Not (yet) shown under the port filter.
    this.dirty = true;
    for (const [id, e] of [[gs, c.src], [gd, c.dst]] as const) {
      if (!this.nodes.has(id)) this.nodes.set(id, e.type === 'workload' ? { id, type: 'namespace', namespace: id } : { id, type: 'external', endpoint: e });
    }
    if (!cur || this.created.has(key)) {
      // No pair of this group was allowed before (or only pairs of this very delta): the count is exact —
      // unless a port filter hid pairs that allowed other ports.
      const union = cur ? parsePorts(cur.ports).union(ports) : ports;
      this.edges.set(key, { src: gs, dst: gd, ports: union.toString(), allPorts: union.isAll(), workloadPairs: (cur?.workloadPairs ?? 0) + 1 });
      this.created.add(key);
      return port === null;
    }
    const union = parsePorts(cur.ports).union(ports);
    this.edges.set(key, { ...cur, ports: union.toString(), allPorts: union.isAll() });
    return false; // Whether the pair is new to the group is unknown: the pair count needs a re-read.
  }

  result(): NamespaceGraph {
    if (!this.dirty) return this.g;
    return { ...this.g, nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

/** Workload-level lines keyed by endpoint keys; copies on first write. */
class WlEdges {
  private readonly edges: Map<string, WorkloadGraph['edges'][number]>;
  private readonly nodes: Map<string, WorkloadGraph['nodes'][number]>;
  private readonly summarised: Set<string>;
  private dirty = false;
  constructor(private readonly g: WorkloadGraph) {
    this.edges = new Map(g.edges.map((e) => [pairKey(e.src, e.dst), e]));
    this.nodes = new Map(g.nodes.map((n) => [n.id, n]));
    this.summarised = new Set(g.summaries.map((s) => s.dst));
  }

  apply(c: LiveConnection, src: string, dst: string, ports: PortSet, added: boolean, port: PortQuery | null, fanIn: number): boolean {
    if (this.g.truncated || this.summarised.has(dst)) return false;
    const key = pairKey(src, dst);
    const cur = this.edges.get(key);
    const before = cur ? parsePorts(cur.ports) : null;
    if (!added) {
      if (!before) return true;
      const left = before.subtract(ports);
      this.dirty = true;
      if (left.isEmpty() || (port && !left.has(port.protocol, port.port))) this.edges.delete(key);
      else this.edges.set(key, { ...cur!, ports: left.toString(), allPorts: left.isAll() });
      return true;
    }
    if (!before && port) {
      // Under a port filter an absent line may exist with ports that did not match: its full set is unknown.
      return !ports.has(port.protocol, port.port);
    }
    const now = before ? before.union(ports) : ports;
    this.dirty = true;
    this.edges.set(key, { src, dst, ports: now.toString(), allPorts: now.isAll() });
    for (const [id, e] of [[src, c.src], [dst, c.dst]] as const) {
      if (!this.nodes.has(id)) this.nodes.set(id, e.type === 'workload' ? { id, type: 'workload', namespace: e.namespace, name: e.name, kind: e.kind } : { id, type: 'external', endpoint: e });
    }
    // A new inbound line may push the destination over the fan-in limit: the API would summarise it.
    if (!before && [...this.edges.values()].filter((e) => e.dst === dst).length > fanIn) return false;
    return true;
  }

  result(): WorkloadGraph {
    if (!this.dirty) return this.g;
    // As the API does: a node is listed only as the end of a line or a summary.
    const used = new Set(this.g.summaries.map((s) => s.dst));
    for (const e of this.edges.values()) used.add(e.src).add(e.dst);
    return { ...this.g, nodes: [...this.nodes.values()].filter((n) => used.has(n.id)), edges: [...this.edges.values()] };
  }
}
