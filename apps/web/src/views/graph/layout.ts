import { hierarchy, pack, type HierarchyCircularNode } from 'd3';
import type { RenderGraph, RenderNode } from './model';

export interface Placed {
  id: string;
  x: number;
  y: number;
  /** Drawn radius. */
  r: number;
  /** The room d3.pack gave the node (≥ r): how much space its name may take before it overlaps others. */
  room: number;
}

export interface Size {
  width: number;
  height: number;
}

interface Item {
  id: string;
  node?: RenderNode;
  children?: Item[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Relative areas: a namespace grows with the log of its pods, so 50k pods does not swallow the page. */
export function leafValue(n: RenderNode): number {
  switch (n.kind) {
    case 'workload':
      return 1;
    case 'namespace':
      return 3 + Math.log2(1 + (n.pods ?? 0));
    case 'more':
      return 3 + Math.log2(1 + (n.members?.length ?? 0));
    default:
      return 2;
  }
}

/**
 * Circle packing (d3.pack): namespaces and the "outside the cluster" hull at the top level, an expanded
 * namespace's workloads packed inside its hull. Deterministic: siblings are sorted by size then id, and
 * d3-hierarchy packs with a fixed pseudo-random sequence, so the same graph is placed the same way every
 * time — and a node keeps its place when the order of the API's answer changes.
 */
export function layoutGraph(g: RenderGraph, size: Size): Map<string, Placed> {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const items = new Map<string, Item>(g.nodes.map((n) => [n.id, { id: n.id, node: n }]));
  const root: Item = { id: '', children: [] };
  for (const n of g.nodes) {
    const parent = n.parent && byId.has(n.parent) ? items.get(n.parent)! : root;
    (parent.children ??= []).push(items.get(n.id)!);
  }
  const h = hierarchy<Item>(root, (d) => (d.children?.length ? d.children : undefined))
    .sum((d) => (d.children?.length ? 0 : d.node ? leafValue(d.node) : 0))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0) || cmp(a.data.id, b.data.id));
  const packed: HierarchyCircularNode<Item> = pack<Item>()
    .size([size.width, size.height])
    .padding((d) => (d.depth === 0 ? 24 : 10))(h);
  const out = new Map<string, Placed>();
  for (const d of packed.descendants()) {
    if (!d.data.node) continue;
    const cap = d.children ? undefined : MAX_RADIUS[d.data.node.kind];
    out.set(d.data.id, { id: d.data.id, x: round(d.x), y: round(d.y), r: round(cap === undefined ? d.r : Math.min(d.r, cap)), room: round(d.r) });
  }
  return out;
}

const round = (v: number) => Math.round(v * 100) / 100;

/**
 * Drawn radius limits (layout units): with few nodes d3.pack would blow them up to fill the canvas. The
 * packed radius is kept as the node's room; the shape is drawn smaller inside it, centred.
 */
const MAX_RADIUS: Partial<Record<RenderNode['kind'], number>> = { workload: 18, internet: 20, cidr: 20, sources: 20, namespace: 34, more: 26 };

/**
 * A line between two circles, from border to border, bent to the right of its direction so that A→B and
 * B→A are two visible lines. Returns the SVG path and where its label goes (the curve's midpoint).
 */
type Circle = Pick<Placed, 'x' | 'y' | 'r'>;

export function edgeGeometry(a: Circle, b: Circle, bend = 0.12): { path: string; labelX: number; labelY: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  // Control point: the midpoint pushed sideways (to the right of a→b) by a share of the length.
  const cx = (a.x + b.x) / 2 - uy * len * bend;
  const cy = (a.y + b.y) / 2 + ux * len * bend;
  const start = towards(a, cx, cy, a.r);
  const end = towards(b, cx, cy, b.r + 4);
  const labelX = 0.25 * start.x + 0.5 * cx + 0.25 * end.x;
  const labelY = 0.25 * start.y + 0.5 * cy + 0.25 * end.y;
  return { path: `M${round(start.x)},${round(start.y)}Q${round(cx)},${round(cy)} ${round(end.x)},${round(end.y)}`, labelX: round(labelX), labelY: round(labelY) };
}

function towards(c: Circle, x: number, y: number, dist: number) {
  const dx = x - c.x;
  const dy = y - c.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: c.x + (dx / len) * dist, y: c.y + (dy / len) * dist };
}
