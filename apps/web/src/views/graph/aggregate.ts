import type { PortSet } from '@reachwatch/policy-engine';
import type { ExternalEndpoint, KeyedConnection, NamespaceGraph, WorkloadGraph } from './api-types';
import { foldToBudget } from './fold';
import { endpointLabel, externalKind, parseEndpointKey } from './keys';
import { GRAPH_MSG } from './messages';
import { DEFAULT_BUDGET, edgeId, emptyInternal, type Budget, type RenderEdge, type RenderGraph, type RenderNode } from './model';
import { parsePorts } from './ports';

export interface GraphInput {
  /** `…/graph?level=namespace` with the user's filters. */
  ns: NamespaceGraph;
  /** `…/graph?level=workload&namespaces=<expanded>` with the same port and peer filters. */
  wl?: WorkloadGraph | null;
  /** Namespaces to draw as their workloads (only with `wl`, and only when it is complete). */
  expanded: readonly string[];
  /** The user's namespace filter: a workload-level line is kept only with an end in it. */
  nsFilter?: readonly string[];
  /** What-if: connections the manifests add and remove, drawn over the graph. */
  overlay?: { added: readonly KeyedConnection[]; removed: readonly KeyedConnection[] };
  /** Render ids never folded (the selection). */
  pinned?: readonly string[];
  budget?: Budget;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The namespace-level graph with the expanded namespaces opened into workloads, fan-in summaries drawn as
 * one line per source namespace, the what-if overlay, and then folded to the budget. Pure and
 * deterministic: equal inputs give equal output whatever order the lists come in.
 */
export function buildRenderGraph(input: GraphInput): RenderGraph {
  const notices: string[] = [];
  const wl = input.wl && !input.wl.truncated ? input.wl : null;
  if (input.wl?.truncated && input.expanded.length) notices.push(GRAPH_MSG.expandTooLarge([...input.expanded].sort()));
  const present = new Set(input.ns.nodes.filter((n) => n.type === 'namespace').map((n) => n.id));
  for (const n of wl?.nodes ?? []) if (n.type === 'workload') present.add(n.namespace);
  const expanded = new Set(wl ? input.expanded.filter((x) => present.has(x)) : []);
  const filter = input.nsFilter?.length ? new Set(input.nsFilter) : null;

  const nodes = new Map<string, RenderNode>();
  const edges = new Map<string, RenderEdge>();
  const ensure = (n: RenderNode): RenderNode => {
    const cur = nodes.get(n.id);
    if (cur) return cur;
    nodes.set(n.id, n);
    return n;
  };
  const ensureOutside = () => ensure({ id: 'out:', kind: 'outside', label: GRAPH_MSG.outside, parent: '', internal: emptyInternal() });
  const namespaceNode = (name: string) =>
    ensure(expanded.has(name)
      ? { id: `grp:${name}`, kind: 'group', label: name, parent: '', namespace: name, internal: emptyInternal() }
      : { id: `ns:${name}`, kind: 'namespace', label: name, parent: '', namespace: name, internal: emptyInternal() });
  const externalNode = (key: string, e: ExternalEndpoint) => {
    ensureOutside();
    return ensure({ id: `ext:${key}`, kind: externalKind(e), label: endpointLabel(e), parent: 'out:', key, internal: emptyInternal() });
  };
  /** The node an endpoint key is drawn as: its workload when its namespace is expanded, else the namespace. */
  const nodeOfKey = (key: string): RenderNode | null => {
    const e = parseEndpointKey(key);
    if (!e) return null;
    if (e.type === 'external') return externalNode(key, e);
    if (!expanded.has(e.namespace)) return namespaceNode(e.namespace);
    namespaceNode(e.namespace);
    return ensure({ id: `wl:${key}`, kind: 'workload', label: e.name, parent: `grp:${e.namespace}`, namespace: e.namespace, key, internal: emptyInternal() });
  };
  const addEdge = (src: RenderNode, dst: RenderNode, ports: PortSet, pairs: number, kind: RenderEdge['kind'], keys?: [string, string], overlay?: 'added' | 'removed') => {
    if (src.id === dst.id) {
      if (overlay) src.internal[overlay] += pairs;
      else src.internal.pairs += pairs;
      return;
    }
    const id = edgeId(src.id, dst.id, overlay);
    const cur = edges.get(id);
    if (!cur) {
      edges.set(id, { id, src: src.id, dst: dst.id, kind, ports, pairs, overlay, srcKey: keys?.[0], dstKey: keys?.[1] });
      return;
    }
    // A second pair on the same line: it now stands for several, and is no longer explainable as one.
    edges.set(id, { ...cur, kind: cur.kind === 'fanin' || kind === 'fanin' ? 'fanin' : 'aggregate', ports: cur.ports.union(ports), pairs: cur.pairs + pairs, srcKey: undefined, dstKey: undefined });
  };

  for (const n of input.ns.nodes) {
    if (n.type === 'external') externalNode(n.id, n.endpoint);
    else Object.assign(namespaceNode(n.id), { pods: n.pods, score: n.score, exposedToInternet: n.exposedToInternet });
  }
  for (const e of input.ns.edges) {
    // Lines touching an expanded namespace come from the workload level instead.
    if (expanded.has(e.src) || expanded.has(e.dst)) continue;
    const src = nodes.get(`ns:${e.src}`) ?? nodes.get(`ext:${e.src}`);
    const dst = nodes.get(`ns:${e.dst}`) ?? nodes.get(`ext:${e.dst}`);
    if (src && dst) addEdge(src, dst, parsePorts(e.ports), e.workloadPairs, e.workloadPairs > 1 ? 'aggregate' : 'edge');
  }
  const inFilter = (...names: (string | null)[]) => !filter || names.some((x) => x !== null && filter.has(x));
  for (const e of wl?.edges ?? []) {
    const src = nodeOfKey(e.src);
    const dst = nodeOfKey(e.dst);
    if (!src || !dst || !inFilter(src.namespace ?? null, dst.namespace ?? null)) continue;
    const single = src.kind !== 'namespace' && dst.kind !== 'namespace';
    addEdge(src, dst, parsePorts(e.ports), 1, 'edge', single ? [e.src, e.dst] : undefined);
  }
  for (const s of wl?.summaries ?? []) {
    const dst = nodeOfKey(s.dst);
    if (!dst || !inFilter(dst.namespace ?? null, s.fromNamespace)) continue;
    const open = (dst.openTo ??= { namespaces: [], ranges: 0, sources: 0 });
    open.sources += s.sources;
    if (s.fromNamespace === null) open.ranges += s.sources;
    else open.namespaces.push(s.fromNamespace);
    const src = s.fromNamespace === null
      ? (ensureOutside(), ensure({ id: 'src:ranges', kind: 'sources', label: GRAPH_MSG.rangesNode, parent: 'out:', internal: emptyInternal() }))
      : namespaceNode(s.fromNamespace);
    // "Every workload of X reaches D" with D inside X: the badge says it; a line from a hull into itself would not.
    if (src.id !== dst.parent) addEdge(src, dst, parsePorts(s.ports), s.sources, 'fanin');
  }
  for (const [overlay, list] of [['added', input.overlay?.added ?? []], ['removed', input.overlay?.removed ?? []]] as const) {
    for (const c of list) {
      const src = nodeOfKey(c.src);
      const dst = nodeOfKey(c.dst);
      const single = src?.kind !== 'namespace' && dst?.kind !== 'namespace';
      if (src && dst) addEdge(src, dst, parsePorts(c.ports), 1, 'edge', single ? [c.src, c.dst] : undefined, overlay);
    }
  }
  for (const n of nodes.values()) n.openTo?.namespaces.sort(cmp);

  const folded = foldToBudget([...nodes.values()], [...edges.values()], input.budget ?? DEFAULT_BUDGET, new Set(input.pinned ?? []));
  if (folded.foldedCount > 0) notices.push(GRAPH_MSG.folded(folded.foldedCount, nodes.size, edges.size));
  return {
    nodes: folded.nodes.sort((a, b) => cmp(a.id, b.id)),
    edges: folded.edges.sort((a, b) => cmp(a.id, b.id)),
    expanded: [...expanded].sort(),
    notices,
    total: { nodes: nodes.size, edges: edges.size },
  };
}
