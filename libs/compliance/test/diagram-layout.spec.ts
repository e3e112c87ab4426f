import { describe, expect, it } from 'vitest';
import type { FlowEdge, FlowNode } from '../src/model';
import { fitsAt, layoutDiagram, type Box } from '../src/render/pdf/diagram-layout';
import { PAGE_SCALE, paginateDiagram } from '../src/render/pdf/diagram-pages';
import { fleetReport } from './scenario';

const AREA: Box = { x: 36, y: 80, w: 770, h: 440 };
const r = fleetReport();
const nodes = r.dataFlow.nodes.filter((n) => n.cluster === 'east');
const edges = r.dataFlow.edges.filter((e) => e.cluster === 'east');

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Box, b: Box) => a.x >= b.x - 1e-6 && a.y >= b.y - 1e-6 && a.x + a.w <= b.x + b.w + 1e-6 && a.y + a.h <= b.y + b.h + 1e-6;

describe('diagram layout', () => {
  const l = layoutDiagram(nodes, edges, AREA);

  it('three columns left to right: external, out of scope, in scope; each node in its zone column', () => {
    expect(l.columns.map((c) => c.zone)).toEqual(['external', 'out-of-scope', 'in-scope']);
    expect(l.columns[0].x).toBeLessThan(l.columns[1].x);
    expect(l.columns[1].x).toBeLessThan(l.columns[2].x);
    for (const n of l.nodes) {
      const col = l.columns.find((c) => c.zone === n.zone)!;
      expect(inside(n, col)).toBe(true);
    }
    expect(l.nodes.length).toBe(nodes.length);
  });

  it('groups workloads by namespace, sorted, inside their group box', () => {
    expect(l.groups.filter((g) => g.label).map((g) => `${g.zone}:${g.label}`)).toEqual(['out-of-scope:monitoring', 'out-of-scope:shop', 'in-scope:payments', 'in-scope:vault']);
    const payments = l.groups.find((g) => g.label === 'payments')!;
    for (const id of ['east|payments/api[Deployment]', 'east|payments/postgres[StatefulSet]']) expect(inside(l.nodes.find((n) => n.id === id)!, payments)).toBe(true);
  });

  it('no two boxes overlap and boxes grow with the edges they hold', () => {
    for (const a of l.nodes) for (const b of l.nodes) if (a !== b) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
    const api = l.nodes.find((n) => n.label === 'api')!;
    const vault = l.nodes.find((n) => n.label === 'card-vault')!;
    expect(api.h).toBeGreaterThan(vault.h);
  });

  it('every edge runs from a side of its source box to a side of its target box', () => {
    expect(l.edges.length).toBe(edges.length);
    const byId = new Map(l.nodes.map((n) => [n.id, n]));
    l.edges.forEach((e, i) => {
      const [p0, , , p3] = e.curve;
      for (const [p, id] of [[p0, edges[i].from], [p3, edges[i].to]] as const) {
        const n = byId.get(id)!;
        expect([n.x, n.x + n.w]).toContain(p[0]);
        expect(p[1]).toBeGreaterThan(n.y);
        expect(p[1]).toBeLessThan(n.y + n.h);
      }
      expect(e.status).toBe(edges[i].status);
    });
  });

  it('edge labels do not overlap each other', () => {
    const boxes = l.edges.map((e) => ({ x: e.labelAt[0] - (e.label.length * l.fontSize * 0.55) / 2, y: e.labelAt[1] - l.fontSize / 2, w: e.label.length * l.fontSize * 0.55, h: l.fontSize }));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${l.edges[i].label} / ${l.edges[j].label}`).toBe(false);
  });

  it('is deterministic', () => {
    expect(layoutDiagram(nodes, edges, AREA)).toEqual(l);
  });

  it('shrinks, then keeps what fits and says how much it shows, for a graph taller than the page', () => {
    const many: FlowNode[] = Array.from({ length: 120 }, (_, i) => ({ id: `c|ns/w${String(i).padStart(3, '0')}`, cluster: 'c', zone: 'out-of-scope', namespace: 'ns', name: `w${i}`, internet: false, dataStore: false }));
    const target: FlowNode = { id: 'c|cde/api', cluster: 'c', zone: 'in-scope', namespace: 'cde', name: 'api', internet: false, dataStore: false };
    const e: FlowEdge[] = many.slice(0, 10).map((n) => ({ cluster: 'c', from: n.id, to: target.id, ports: 'TCP 443', status: 'unapproved', unapprovedPorts: 'TCP 443', approvals: [] }));
    const big = layoutDiagram([...many, target], e, AREA);
    expect(big.fontSize).toBeLessThan(8);
    expect(big.shownNodes).toBeLessThan(big.totalNodes);
    expect(big.totalNodes).toBe(121);
    for (const n of big.nodes) expect(inside(n, AREA)).toBe(true);
    expect(big.nodes.some((n) => n.id === target.id)).toBe(true);
  });
});

describe('diagram pages', () => {
  const node = (zone: FlowNode['zone'], ns: string, name: string): FlowNode => ({ id: `c|${ns}/${name}`, cluster: 'c', zone, namespace: ns, name, internet: false, dataStore: false });
  const edge = (from: FlowNode, to: FlowNode, status: FlowEdge['status'] = 'unapproved'): FlowEdge => ({ cluster: 'c', from: from.id, to: to.id, ports: 'TCP 443', status, unapprovedPorts: '', approvals: [] });

  it('one page when the graph fits', () => {
    const pages = paginateDiagram(nodes, edges, AREA.h);
    expect(pages.length).toBe(1);
    expect(pages[0].nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(new Set(pages[0].edges)).toEqual(new Set(edges));
    expect(pages[0].omittedEdges).toBe(0);
  });

  it('cuts a tall graph into runs of in-scope workloads, each page fitting, nothing lost but flows across pages', () => {
    const scoped = Array.from({ length: 60 }, (_, i) => node('in-scope', `ns${Math.floor(i / 7)}`, `w${String(i).padStart(2, '0')}`));
    const outside = Array.from({ length: 20 }, (_, i) => node('out-of-scope', 'shop', `o${String(i).padStart(2, '0')}`));
    const e = [...scoped.map((n, i) => edge(outside[i % 20], n)), ...scoped.slice(1).map((n, i) => edge(scoped[i], n, 'internal'))];
    const pages = paginateDiagram([...scoped, ...outside], e, AREA.h);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(fitsAt(p.nodes, p.edges, AREA.h, PAGE_SCALE)).toBe(true);
    const seen = pages.flatMap((p) => p.nodes.filter((n) => n.zone === 'in-scope').map((n) => n.id));
    expect(seen).toEqual(scoped.map((n) => n.id));
    // Every edge is drawn on some page, except the internal ones between two pages (counted on both).
    const drawn = new Set(pages.flatMap((p) => p.edges));
    const across = e.filter((x) => !drawn.has(x));
    expect(across.every((x) => x.status === 'internal')).toBe(true);
    expect(pages.reduce((n, p) => n + p.omittedEdges, 0)).toBe(2 * across.length);
    // Whole namespaces stay together when they fit.
    for (const p of pages.slice(0, -1)) {
      const last = p.nodes.filter((n) => n.zone === 'in-scope').pop()!;
      const next = pages[pages.indexOf(p) + 1].nodes.find((n) => n.zone === 'in-scope')!;
      expect(last.namespace).not.toBe(next.namespace);
    }
  });
});
