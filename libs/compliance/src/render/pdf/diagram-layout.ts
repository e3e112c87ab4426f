/**
 * A deterministic layered layout of one cluster's data-flow graph, with no dependency on pdfkit (so it
 * is tested on its own): three columns — external ranges on the left, out-of-scope workloads in the
 * middle, in-scope workloads on the right — workloads grouped by namespace, everything sorted by name.
 * Edges are cubic curves between box sides; where several edges meet one side their anchors are spread
 * along it in the order of the other ends, so curves do not start on top of each other. Port labels sit
 * in the gaps between columns, placed greedily where they overlap nothing (see LabelPlacer).
 * Edges between two in-scope workloads loop out to the right of the in-scope column.
 */
import type { EdgeStatus, FlowEdge, FlowNode, Zone } from '../../model';
import { LabelPlacer } from './labels';

export type Point = [number, number];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LaidNode extends Box {
  id: string;
  label: string;
  zone: Zone;
  internet: boolean;
  dataStore: boolean;
}

export interface LaidGroup extends Box {
  label: string;
  zone: Zone;
}

export interface LaidEdge {
  status: EdgeStatus;
  /** p0, control 1, control 2, p3. */
  curve: [Point, Point, Point, Point];
  label: string;
  labelAt: Point;
}

export interface DiagramLayout {
  columns: (Box & { zone: Zone })[];
  groups: LaidGroup[];
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Font size for node labels; group headers and edge labels derive from it. */
  fontSize: number;
  shownNodes: number;
  totalNodes: number;
}

const ZONES: Zone[] = ['external', 'out-of-scope', 'in-scope'];
const COLUMN_SHARE: Record<Zone, number> = { external: 0.23, 'out-of-scope': 0.2, 'in-scope': 0.2 };
/** Right of the in-scope column: room for loops between in-scope workloads. */
const LOOP_SHARE = 0.1;
const MAX_LABEL = 30;

interface Metrics {
  node: number;
  /** Vertical room per edge end on one side of a box: a box grows with the edges it holds. */
  anchor: number;
  gap: number;
  header: number;
  groupGap: number;
  font: number;
}

function metrics(scale: number): Metrics {
  return { node: 18 * scale, anchor: 5 * scale, gap: 6 * scale, header: 14 * scale, groupGap: 10 * scale, font: 8 * scale };
}

type Group = { label: string; nodes: FlowNode[] };

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Column contents: groups of nodes, sorted (external ranges form one group without a header). */
function columnGroups(nodes: FlowNode[], zone: Zone): Group[] {
  const inZone = nodes.filter((n) => n.zone === zone);
  if (zone === 'external') return inZone.length ? [{ label: '', nodes: inZone.sort((a, b) => cmp(a.name, b.name)) }] : [];
  const byNs = new Map<string, FlowNode[]>();
  for (const n of inZone) pushTo(byNs, n.namespace ?? '', n);
  return [...byNs.entries()].sort(([a], [b]) => cmp(a, b)).map(([label, ns]) => ({ label, nodes: ns.sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id)) }));
}

const colOf = (z: Zone) => ZONES.indexOf(z);
/** The side of `n` an edge to `other` uses: right when the other end is further right or in the same column. */
const sideOf = (n: Zone, other: Zone): 'L' | 'R' => (colOf(other) >= colOf(n) ? 'R' : 'L');

/** Edge ends per box side, to size the boxes. */
function endsPerSide(edges: FlowEdge[], zone: Map<string, Zone>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of edges) {
    const a = zone.get(e.from)!;
    const b = zone.get(e.to)!;
    for (const k of [`${e.from}|${sideOf(a, b)}`, `${e.to}|${sideOf(b, a)}`]) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function boxHeight(id: string, ends: Map<string, number>, m: Metrics): number {
  return Math.max(m.node, (Math.max(ends.get(`${id}|L`) ?? 0, ends.get(`${id}|R`) ?? 0) + 1) * m.anchor);
}

function columnHeight(groups: Group[], m: Metrics, ends: Map<string, number>): number {
  return groups.reduce((h, g) => h + (g.label ? m.header : 0) + g.nodes.reduce((s, n) => s + boxHeight(n.id, ends, m) + m.gap, 0) + m.groupGap, 0);
}

/** Whether a graph's tallest column fits `height` at `scale` (no trimming needed). */
export function fitsAt(all: FlowNode[], edges: FlowEdge[], height: number, scale: number): boolean {
  const zone = new Map(all.map((n) => [n.id, n.zone]));
  const ends = endsPerSide(edges.filter((e) => zone.has(e.from) && zone.has(e.to)), zone);
  return ZONES.every((z) => columnHeight(columnGroups(all, z), metrics(scale), ends) <= height);
}

export function layoutDiagram(all: FlowNode[], allEdges: FlowEdge[], area: Box, minScale = 0.55): DiagramLayout {
  const zone = new Map(all.map((n) => [n.id, n.zone]));
  const ends = endsPerSide(allEdges.filter((e) => zone.has(e.from) && zone.has(e.to)), zone);
  let groups = ZONES.map((z) => columnGroups(all, z));
  let scale = 1;
  const tallest = () => Math.max(...groups.map((g) => columnHeight(g, metrics(scale), ends)));
  while (tallest() > area.h && scale > minScale) scale = Math.max(minScale, scale * 0.92);
  // Still too tall at the smallest legible size: keep the first in-scope nodes that fit, then the first
  // of their peers that fit (a peer without a flow to a kept node would float unconnected).
  const kept = new Set(trim(groups[2], area.h, metrics(scale), ends).flatMap((g) => g.nodes.map((n) => n.id)));
  const peers = new Set(allEdges.flatMap((e) => (kept.has(e.from) ? [e.to] : kept.has(e.to) ? [e.from] : [])));
  groups = groups.map((col, ci) =>
    trim(
      col.map((g) => ({ label: g.label, nodes: g.nodes.filter((n) => (ci === 2 ? kept.has(n.id) : peers.has(n.id))) })).filter((g) => g.nodes.length > 0),
      area.h,
      metrics(scale),
      ends,
    ),
  );
  const m = metrics(scale);
  const shown = new Set(groups.flat().flatMap((g) => g.nodes.map((n) => n.id)));

  const gapW = (area.w * (1 - LOOP_SHARE - ZONES.reduce((s, z) => s + COLUMN_SHARE[z], 0))) / 2;
  let x = area.x;
  const columns = ZONES.map((z) => {
    const col = { zone: z, x, y: area.y, w: area.w * COLUMN_SHARE[z], h: area.h };
    x += col.w + gapW;
    return col;
  });

  const laidGroups: LaidGroup[] = [];
  const laidNodes: LaidNode[] = [];
  ZONES.forEach((z, ci) => {
    const col = columns[ci];
    const content = columnHeight(groups[ci], m, ends);
    const slots = groups[ci].reduce((n, g) => n + g.nodes.length + 1, 0);
    // Spread a short column over the height (edges fan out), up to two box heights between boxes.
    const extra = Math.min(2 * m.node, Math.max(0, area.h - content) / (slots + 1));
    let y = area.y + Math.max(0, (area.h - content - extra * slots) / 2);
    for (const g of groups[ci]) {
      const top = y;
      if (g.label) y += m.header;
      for (const n of g.nodes) {
        const h = boxHeight(n.id, ends, m);
        laidNodes.push({ id: n.id, x: col.x + 6, y, w: col.w - 12, h, label: nodeLabel(n), zone: z, internet: n.internet, dataStore: n.dataStore });
        y += h + m.gap + extra;
      }
      laidGroups.push({ label: g.label, zone: z, x: col.x, y: top - m.gap / 2, w: col.w, h: y - top - extra });
      y += m.groupGap + extra;
    }
  });

  const byId = new Map(laidNodes.map((n) => [n.id, n]));
  const edges = allEdges.filter((e) => shown.has(e.from) && shown.has(e.to));
  const anchors = spreadAnchors(edges, byId);
  const gapX = (ci: number) => columns[ci].x + columns[ci].w;
  const placer = new LabelPlacer(laidNodes, m.font);
  const laid = edges.map((e, i): LaidEdge => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    const [p0, p3] = anchors[i];
    const label = e.ports.length > MAX_LABEL ? `${e.ports.slice(0, MAX_LABEL - 1)}…` : e.ports;
    if (a.zone === b.zone) {
      const bulge = Math.max(14, Math.min(area.w * LOOP_SHARE - 8, Math.abs(p3[1] - p0[1]) * 0.35 + 14));
      const curve: LaidEdge['curve'] = [p0, [p0[0] + bulge, p0[1]], [p3[0] + bulge, p3[1]], p3];
      const apex = p0[0] + bulge * 0.75;
      const mid = (p0[1] + p3[1]) / 2;
      const at = placer.place(label, [0, 1, -1, 2, -2].map((k): Point => [apex + 3, mid + k * (m.font + 2)]), 'left', area.x + area.w);
      return { status: e.status, curve, label, labelAt: at };
    }
    const dx = (p3[0] - p0[0]) / 2;
    const curve: LaidEdge['curve'] = [p0, [p0[0] + dx, p0[1]], [p3[0] - dx, p3[1]], p3];
    // Labels of edges from the external column sit in the first gap, the others in the second: half the crowd each.
    const gi = a.zone === 'external' || b.zone === 'external' ? 0 : 1;
    const xs = [0.5, 0.3, 0.7, 0.15, 0.85].map((f) => gapX(gi) + f * gapW);
    const onCurve = xs.map((lx): Point => [lx, yAtX(curve, lx)]);
    const off = [1, -1, 2, -2].map((k): Point => [onCurve[0][0], onCurve[0][1] + k * (m.font + 2)]);
    return { status: e.status, curve, label, labelAt: placer.place(label, [...onCurve, ...off], 'center', area.x + area.w) };
  });
  return { columns, groups: laidGroups, nodes: laidNodes, edges: laid, fontSize: m.font, shownNodes: shown.size, totalNodes: all.length };
}

function trim(col: Group[], height: number, m: Metrics, ends: Map<string, number>): Group[] {
  const out: Group[] = [];
  let h = 0;
  for (const g of col) {
    const head = (g.label ? m.header : 0) + m.groupGap;
    const nodes: FlowNode[] = [];
    let used = head;
    for (const n of g.nodes) {
      const nh = boxHeight(n.id, ends, m) + m.gap;
      if (h + used + nh > height) break;
      nodes.push(n);
      used += nh;
    }
    if (nodes.length === 0) break;
    out.push({ label: g.label, nodes });
    h += used;
    if (nodes.length < g.nodes.length) break;
  }
  return out;
}

function nodeLabel(n: FlowNode): string {
  return n.zone === 'external' && n.internet ? `${n.name} (internet)` : n.name;
}

/**
 * Anchor points of every edge on the side of each box it leaves or enters, the anchors of one side
 * spread evenly in the order of the other ends' heights.
 */
function spreadAnchors(edges: FlowEdge[], byId: Map<string, LaidNode>): [Point, Point][] {
  const slots = new Map<string, { edge: number; end: 0 | 1; otherY: number }[]>();
  edges.forEach((e, i) => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    for (const [end, n, o] of [[0, a, b], [1, b, a]] as const) {
      pushTo(slots, `${n.id}|${sideOf(n.zone, o.zone)}`, { edge: i, end, otherY: o.y + o.h / 2 + (end === 0 ? 0.1 : 0) });
    }
  });
  const out: [Point, Point][] = edges.map(() => [[0, 0], [0, 0]]);
  for (const [k, list] of slots) {
    const id = k.slice(0, k.lastIndexOf('|'));
    const side = k.slice(k.lastIndexOf('|') + 1);
    const n = byId.get(id)!;
    list.sort((p, q) => p.otherY - q.otherY || p.edge - q.edge || p.end - q.end);
    list.forEach((slot, j) => {
      out[slot.edge][slot.end] = [side === 'R' ? n.x + n.w : n.x, n.y + ((j + 1) * n.h) / (list.length + 1)];
    });
  }
  return out;
}

/** The y of a curve (monotone in x) at abscissa x, by bisection on t. */
function yAtX(c: LaidEdge['curve'], x: number): number {
  const at = (t: number, i: 0 | 1) => {
    const u = 1 - t;
    return u * u * u * c[0][i] + 3 * u * u * t * c[1][i] + 3 * u * t * t * c[2][i] + t * t * t * c[3][i];
  };
  let lo = 0;
  let hi = 1;
  const increasing = c[3][0] >= c[0][0];
  for (let k = 0; k < 40; k++) {
    const mid = (lo + hi) / 2;
    if (at(mid, 0) < x === increasing) lo = mid;
    else hi = mid;
  }
  return at((lo + hi) / 2, 1);
}
