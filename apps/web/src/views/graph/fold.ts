import { GRAPH_MSG } from './messages';
import { edgeId, emptyInternal, type Budget, type RenderEdge, type RenderNode } from './model';

const FOLDABLE = new Set<RenderNode['kind']>(['namespace', 'workload', 'internet', 'cidr']);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface Folded {
  nodes: RenderNode[];
  edges: RenderEdge[];
  /** Nodes folded into `more:` buckets. */
  foldedCount: number;
}

/**
 * The budget rule: never draw more than `budget.nodes` shapes and `budget.edges` lines. Nodes are ranked
 * by how much they carry (workload pairs on their lines and inside them; ties by id); the k best stay and
 * the rest fold into one bucket per kind — "N more namespaces", "N more address ranges", "N more
 * workloads of X" — with their lines merged. k is the largest that fits: folding one more node never
 * adds a shape or a line, so the count is monotone in k and a binary search finds it. Pinned nodes (the
 * selection) and hulls never fold.
 */
export function foldToBudget(nodes: readonly RenderNode[], edges: readonly RenderEdge[], budget: Budget, pinned: ReadonlySet<string>): Folded {
  const fits = (f: Folded) => f.nodes.length <= budget.nodes && f.edges.length <= budget.edges;
  const none = fold(nodes, edges, new Set());
  if (fits(none)) return none;

  const weight = new Map<string, number>();
  const add = (id: string, w: number) => weight.set(id, (weight.get(id) ?? 0) + w);
  for (const n of nodes) add(n.id, n.internal.pairs + n.internal.added + n.internal.removed);
  for (const e of edges) {
    add(e.src, e.pairs);
    add(e.dst, e.pairs);
  }
  const ranked = nodes
    .filter((n) => FOLDABLE.has(n.kind) && !pinned.has(n.id))
    .sort((a, b) => weight.get(b.id)! - weight.get(a.id)! || cmp(a.id, b.id))
    .map((n) => n.id);
  const foldAllBut = (k: number) => fold(nodes, edges, new Set(ranked.slice(k)));

  let best = foldAllBut(0);
  let lo = 1;
  let hi = ranked.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = foldAllBut(mid);
    if (fits(f)) {
      best = f;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

function bucketOf(n: RenderNode, size: number): RenderNode {
  const base = { internal: emptyInternal(), members: [] as string[] };
  if (n.kind === 'workload') return { ...base, id: `more:wl:${n.namespace}`, kind: 'more', label: GRAPH_MSG.moreWorkloads(size, n.namespace!), parent: n.parent, namespace: n.namespace };
  if (n.kind === 'namespace') return { ...base, id: 'more:ns', kind: 'more', label: GRAPH_MSG.moreNamespaces(size), parent: '' };
  return { ...base, id: 'more:ext', kind: 'more', label: GRAPH_MSG.moreRanges(size), parent: 'out:' };
}

const bucketId = (n: RenderNode) => (n.kind === 'workload' ? `more:wl:${n.namespace}` : n.kind === 'namespace' ? 'more:ns' : 'more:ext');

/** The graph with the `folded` ids merged into their buckets (copies: the input is not changed). */
function fold(nodes: readonly RenderNode[], edges: readonly RenderEdge[], folded: ReadonlySet<string>): Folded {
  const target = new Map<string, string>();
  const sizes = new Map<string, number>();
  for (const n of nodes) {
    if (!folded.has(n.id)) continue;
    const b = bucketId(n);
    target.set(n.id, b);
    sizes.set(b, (sizes.get(b) ?? 0) + 1);
  }
  const out = new Map<string, RenderNode>();
  for (const n of nodes) {
    if (!folded.has(n.id)) {
      out.set(n.id, { ...n, internal: { ...n.internal } });
      continue;
    }
    const id = target.get(n.id)!;
    const b = out.get(id) ?? out.set(id, bucketOf(n, sizes.get(id)!)).get(id)!;
    b.members!.push(n.id);
    b.internal.pairs += n.internal.pairs;
    b.internal.added += n.internal.added;
    b.internal.removed += n.internal.removed;
  }
  for (const b of out.values()) b.members?.sort(cmp);

  const merged = new Map<string, RenderEdge>();
  for (const e of edges) {
    const src = target.get(e.src) ?? e.src;
    const dst = target.get(e.dst) ?? e.dst;
    if (src === dst) {
      out.get(src)!.internal[e.overlay ?? 'pairs'] += e.pairs;
      continue;
    }
    const id = edgeId(src, dst, e.overlay);
    const cur = merged.get(id);
    const moved = src !== e.src || dst !== e.dst;
    if (!cur) {
      merged.set(id, moved ? { ...e, id, src, dst, kind: e.kind === 'fanin' ? 'fanin' : 'aggregate', srcKey: undefined, dstKey: undefined } : e);
    } else {
      const kind = cur.kind === 'fanin' && e.kind === 'fanin' ? 'fanin' : 'aggregate';
      merged.set(id, { ...cur, kind, ports: cur.ports.union(e.ports), pairs: cur.pairs + e.pairs, srcKey: undefined, dstKey: undefined });
    }
  }
  return { nodes: [...out.values()], edges: [...merged.values()], foldedCount: folded.size };
}
