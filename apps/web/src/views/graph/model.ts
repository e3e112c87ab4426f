import type { PortSet } from '@reachwatch/policy-engine';

/**
 * What the flow graph draws: a small, already aggregated graph. Ids are prefixed by what they stand for,
 * so a namespace, a workload key and an address range can never collide:
 *   ns:<namespace>   a namespace drawn as one node (collapsed)
 *   grp:<namespace>  an expanded namespace: the hull around its workloads
 *   wl:<key>         a workload (key `ns/name[Kind]`)
 *   ext:<key>        an address range (key `cidr[External]`)
 *   out:             the hull around everything outside the cluster
 *   src:ranges       the address ranges behind fan-in summaries (the API does not list them one by one)
 *   more:<bucket>    nodes folded to stay within the budget (`more:ns`, `more:ext`, `more:wl:<namespace>`)
 */
export type NodeKind = 'namespace' | 'group' | 'outside' | 'workload' | 'internet' | 'cidr' | 'sources' | 'more';

export interface InternalCounts {
  /** Connections that start and end inside the node (a namespace's own, between pods of one workload). */
  pairs: number;
  /** What-if: connections inside the node that the manifests add / remove. */
  added: number;
  removed: number;
}

export interface RenderNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** Layout parent: `grp:<ns>` or `out:` for members of a hull, '' at the top level. */
  parent: string;
  namespace?: string;
  /** The API endpoint key (workloads and ranges): what the side panel and explain ask about. */
  key?: string;
  pods?: number;
  score?: number;
  exposedToInternet?: boolean;
  internal: InternalCounts;
  /** A destination reached by more workloads than the fan-in limit: who reaches it, summarised. */
  openTo?: { namespaces: string[]; ranges: number; sources: number };
  /** For `more:` buckets: the ids folded into it, sorted. */
  members?: string[];
}

/**
 * edge: one workload pair (or a range and a workload). aggregate: several pairs folded into one line
 * (namespace level, or buckets). fanin: a high fan-in destination's summary from one source namespace.
 */
export type EdgeKind = 'edge' | 'aggregate' | 'fanin';

export interface RenderEdge {
  id: string;
  src: string;
  dst: string;
  kind: EdgeKind;
  ports: PortSet;
  /** Workload pairs the line stands for (fan-in: source workloads). */
  pairs: number;
  /** What-if overlay: a connection the manifests would add or remove. */
  overlay?: 'added' | 'removed';
  /** The API keys of both ends when the line is exactly one pair (explainable as is). */
  srcKey?: string;
  dstKey?: string;
}

export interface Budget {
  nodes: number;
  edges: number;
}

/** Above this the graph folds: a few hundred shapes and lines are what a person can read. */
export const DEFAULT_BUDGET: Budget = { nodes: 400, edges: 1500 };

export interface RenderGraph {
  nodes: RenderNode[];
  edges: RenderEdge[];
  /** Namespaces drawn as their workloads. */
  expanded: string[];
  /** Sentences for the user about what was folded or could not be shown. */
  notices: string[];
  /** Before folding: how big the graph really is. */
  total: { nodes: number; edges: number };
}

export const emptyInternal = (): InternalCounts => ({ pairs: 0, added: 0, removed: 0 });

export const edgeId = (src: string, dst: string, overlay?: 'added' | 'removed') => `${src}→${dst}${overlay ? `#${overlay}` : ''}`;

/** The two node ids of an edge id (`src→dst`, optionally `#added`/`#removed`); null when it is not one. */
export function edgeEnds(id: string): [string, string] | null {
  const [src, rest] = id.split('→');
  if (!src || rest === undefined) return null;
  return [src, rest.replace(/#(added|removed)$/, '')];
}

/** A node and, for a hull (an opened namespace, "outside"), the nodes drawn inside it. */
export function withMembers(g: RenderGraph, id: string): Set<string> {
  const out = new Set([id]);
  for (const n of g.nodes) if (n.parent === id) out.add(n.id);
  return out;
}

/** The lines of a node (of its members too, for a hull): what its panel lists and the canvas highlights. */
export function linesOf(g: RenderGraph, id: string): { out: RenderEdge[]; in: RenderEdge[] } {
  const own = withMembers(g, id);
  return { out: g.edges.filter((e) => own.has(e.src)), in: g.edges.filter((e) => own.has(e.dst) && !own.has(e.src)) };
}
