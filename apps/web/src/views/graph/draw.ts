import { select, symbol, symbolDiamond, symbolSquare, symbolTriangle, type Selection } from 'd3';
import { edgeGeometry, type Placed } from './layout';
import { edgeAriaLabel, edgeLabel, nodeAriaLabel, nodeLines } from './describe';
import { withMembers, type RenderEdge, type RenderGraph, type RenderNode } from './model';

export interface DrawOptions {
  selectedNode: string | null;
  selectedEdge: string | null;
  /** The node that takes the Tab stop (roving tabindex). */
  focusNode: string | null;
  onNode(id: string): void;
  onEdge(id: string): void;
  onExpand(namespace: string): void;
  /** Motion off (prefers-reduced-motion) or first draw: no transitions. */
  animate: boolean;
}

const HULLS = new Set<RenderNode['kind']>(['group', 'outside']);
const MAX_LABEL = 22;
const short = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);
const SHAPES = { internet: symbolDiamond, cidr: symbolSquare, sources: symbolTriangle } as const;

/** The four layers, created once in the zoomed group: hulls under lines under labels under nodes. */
export function ensureLayers(viewport: SVGGElement) {
  const g = select(viewport);
  for (const name of ['hulls', 'edges', 'labels', 'nodes']) {
    if (g.select(`g.rw-layer-${name}`).empty()) g.append('g').attr('class', `rw-layer-${name}`);
  }
}

/**
 * Draws (and on the next call updates in place, keyed by id) the render graph. d3 owns everything under
 * `viewport`; React owns the rest of the page. Events are delegated to the callbacks.
 */
export function drawGraph(viewport: SVGGElement, graph: RenderGraph, pos: ReadonlyMap<string, Placed>, o: DrawOptions): void {
  ensureLayers(viewport);
  const root = select(viewport);
  const near = neighbours(graph, o.selectedNode);
  const own = near && o.selectedNode ? withMembers(graph, o.selectedNode) : null;
  const dur = o.animate ? 300 : 0;

  // Hulls: expanded namespaces and "outside the cluster".
  const hulls = graph.nodes.filter((n) => HULLS.has(n.kind) && pos.has(n.id));
  root.select('g.rw-layer-hulls').selectAll<SVGGElement, RenderNode>('g.rw-hull').data(hulls, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('data-testid', 'graph-hull');
      g.append('circle');
      g.append('text').attr('class', 'rw-hull-label').attr('text-anchor', 'middle');
      return g;
    })
    .attr('class', (d) => `rw-hull rw-hull--${d.kind}${d.id === o.selectedNode ? ' is-selected' : ''}`)
    .attr('data-id', (d) => d.id)
    .call((g) => g.select('circle').transition().duration(dur).attr('cx', (d) => pos.get(d.id)!.x).attr('cy', (d) => pos.get(d.id)!.y).attr('r', (d) => pos.get(d.id)!.r))
    .call((g) => g.select('text').text((d) => short(d.label)).transition().duration(dur).attr('x', (d) => pos.get(d.id)!.x).attr('y', (d) => pos.get(d.id)!.y - pos.get(d.id)!.r + 14))
    .on('click', (ev: MouseEvent, d) => {
      ev.stopPropagation();
      o.onNode(d.id);
    });

  // Lines, each with a wide transparent twin that takes the clicks.
  const edges = graph.edges.filter((e) => pos.has(e.src) && pos.has(e.dst));
  const geo = new Map(edges.map((e) => [e.id, edgeGeometry(pos.get(e.src)!, pos.get(e.dst)!)]));
  root.select('g.rw-layer-edges').selectAll<SVGGElement, RenderEdge>('g.rw-edge').data(edges, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('data-testid', 'graph-edge').attr('role', 'button').attr('tabindex', -1);
      g.append('path').attr('class', 'rw-edge-line');
      g.append('path').attr('class', 'rw-edge-hit');
      g.append('title');
      return g;
    })
    .attr('class', (d) => edgeClass(d, o, near, own))
    .attr('data-id', (d) => d.id)
    .attr('aria-label', (d) => edgeAriaLabel(graph, d))
    .call((g) => g.select('title').text((d) => edgeAriaLabel(graph, d)))
    .call((g) => g.select('path.rw-edge-line')
      .attr('marker-end', (d) => `url(#rw-arrow-${d.overlay ?? d.kind})`)
      .attr('stroke-width', (d) => strokeWidth(d))
      .transition().duration(dur).attr('d', (d) => geo.get(d.id)!.path))
    .call((g) => g.select('path.rw-edge-hit').attr('d', (d) => geo.get(d.id)!.path))
    .on('click', (ev: MouseEvent, d) => {
      ev.stopPropagation();
      o.onEdge(d.id);
    });

  root.select('g.rw-layer-labels').selectAll<SVGTextElement, RenderEdge>('text.rw-edge-label').data(edges, (d) => d.id)
    .join((enter) => enter.append('text').attr('text-anchor', 'middle').attr('aria-hidden', 'true'))
    .attr('class', (d) => `rw-edge-label${d.id === o.selectedEdge ? ' is-selected' : ''}${d.overlay ? ` rw-edge-label--${d.overlay}` : ''}`)
    .text((d) => edgeLabel(d))
    .transition().duration(dur)
    .attr('x', (d) => geo.get(d.id)!.labelX)
    .attr('y', (d) => geo.get(d.id)!.labelY);

  // Nodes: a shape per kind (circle, diamond, square, triangle), a label, and badges in words.
  const leaves = graph.nodes.filter((n) => !HULLS.has(n.kind) && pos.has(n.id));
  root.select('g.rw-layer-nodes').selectAll<SVGGElement, RenderNode>('g.rw-node').data(leaves, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('data-testid', 'graph-node').attr('role', 'button');
      g.append('path').attr('class', 'rw-node-ring');
      g.append('path').attr('class', 'rw-node-shape');
      g.append('text').attr('class', 'rw-node-label').attr('text-anchor', 'middle');
      g.append('text').attr('class', 'rw-node-badge').attr('text-anchor', 'middle');
      g.append('title');
      return g;
    })
    .attr('class', (d) => `rw-node rw-node--${d.kind}${d.id === o.selectedNode ? ' is-selected' : ''}${near && !near.has(d.id) ? ' is-dim' : ''}${d.exposedToInternet ? ' is-exposed' : ''}`)
    .attr('data-id', (d) => d.id)
    .attr('data-room', (d) => pos.get(d.id)!.room)
    .attr('data-chars', (d) => Math.max(...nodeLines(d).map((l) => short(l).length)))
    .attr('tabindex', (d) => (d.id === o.focusNode ? 0 : -1))
    .attr('aria-label', (d) => nodeAriaLabel(d))
    .attr('aria-pressed', (d) => String(d.id === o.selectedNode))
    .call((g) => g.select('title').text((d) => nodeAriaLabel(d)))
    .call((g) => g.select('path.rw-node-shape').attr('d', (d) => shapePath(d, pos.get(d.id)!.r)))
    .call((g) => g.select('path.rw-node-ring').attr('d', (d) => (d.openTo ? ringPath(pos.get(d.id)!.r) : null)))
    .call((g) => g.select('text.rw-node-label').each(function (d) {
      const lines = nodeLines(d).map(short);
      const r = pos.get(d.id)!.r;
      const inside = d.kind === 'namespace' || d.kind === 'more';
      const t = select(this).attr('y', inside ? -((lines.length - 1) * 6) : r + 11);
      t.selectAll('tspan').data(lines).join('tspan').attr('x', 0).attr('dy', (_, i) => (i === 0 ? 0 : 12)).text((s) => s);
    }))
    .call((g) => g.select('text.rw-node-badge').attr('y', (d) => -pos.get(d.id)!.r - 4).text((d) => badge(d)))
    .on('click', (ev: MouseEvent, d) => {
      ev.stopPropagation();
      o.onNode(d.id);
    })
    .on('dblclick', (ev: MouseEvent, d) => {
      ev.stopPropagation();
      if (d.kind === 'namespace' && d.namespace) o.onExpand(d.namespace);
    })
    .transition().duration(dur)
    .attr('transform', (d) => `translate(${pos.get(d.id)!.x},${pos.get(d.id)!.y})`);
}

/** Half the width of one character of a node name, in layout units (10–11px labels). */
const HALF_CHAR = 3.1;

/**
 * Semantic zoom: a node's name shows once the room it was packed into, at this zoom, is as wide as the
 * name — so names never pile over each other; zooming in reveals them. The selected and focused node
 * always show theirs (CSS).
 */
export function applyZoom(viewport: SVGGElement, k: number): void {
  select(viewport).selectAll<SVGGElement, unknown>('g.rw-node').classed('is-tiny', function () {
    return Number(this.getAttribute('data-room')) * k < Number(this.getAttribute('data-chars')) * HALF_CHAR;
  });
}

/** The selection, its members (a hull's nodes) and the nodes at the other end of their lines; null: no dimming. */
function neighbours(g: RenderGraph, selected: string | null): Set<string> | null {
  if (!selected || !g.nodes.some((n) => n.id === selected)) return null;
  const own = withMembers(g, selected);
  const out = new Set(own);
  for (const e of g.edges) {
    if (own.has(e.src)) out.add(e.dst);
    if (own.has(e.dst)) out.add(e.src);
  }
  return out;
}

function edgeClass(d: RenderEdge, o: DrawOptions, near: Set<string> | null, own: Set<string> | null): string {
  const dim = near && !(own?.has(d.src) || own?.has(d.dst));
  return `rw-edge rw-edge--${d.kind}${d.overlay ? ` rw-edge--${d.overlay}` : ''}${d.id === o.selectedEdge ? ' is-selected' : ''}${dim ? ' is-dim' : ''}`;
}

/** Thicker for more pairs, on a log scale: 1 pair 1.5px, 1,000 pairs about 6px. */
export const strokeWidth = (d: RenderEdge) => Math.round((1.5 + Math.min(5, Math.log10(Math.max(1, d.pairs)) * 1.5)) * 10) / 10;

function shapePath(d: RenderNode, r: number): string {
  const kind = d.kind as keyof typeof SHAPES;
  if (SHAPES[kind]) return symbol().type(SHAPES[kind]).size(Math.PI * r * r * 0.8)() ?? '';
  const rr = Math.max(2, r * 0.92);
  return `M${-rr},0a${rr},${rr} 0 1,0 ${2 * rr},0a${rr},${rr} 0 1,0 ${-2 * rr},0`;
}

const ringPath = (r: number) => {
  const rr = r + 4;
  return `M${-rr},0a${rr},${rr} 0 1,0 ${2 * rr},0a${rr},${rr} 0 1,0 ${-2 * rr},0`;
};

/** Above the node: ⚠ for internet exposure, ◎ for a summarised (open) destination — words in the aria label. */
function badge(d: RenderNode): string {
  return `${d.exposedToInternet ? '⚠' : ''}${d.openTo ? '◎' : ''}`;
}

export type ViewportSelection = Selection<SVGGElement, unknown, null, undefined>;
