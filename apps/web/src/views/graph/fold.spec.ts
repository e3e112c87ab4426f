import { PortSet } from '@reachwatch/policy-engine';
import { describe, expect, it } from 'vitest';
import { buildRenderGraph } from './aggregate';
import type { NamespaceGraph } from './api-types';
import { foldToBudget } from './fold';
import { edgeId, emptyInternal, type RenderEdge, type RenderNode } from './model';

const ns = (id: string): RenderNode => ({ id: `ns:${id}`, kind: 'namespace', label: id, parent: '', namespace: id, internal: emptyInternal() });
const line = (src: string, dst: string, pairs = 1, port = 80): RenderEdge => ({ id: edgeId(src, dst), src, dst, kind: 'edge', ports: PortSet.of('TCP', port), pairs });
const totalPairs = (nodes: RenderNode[], edges: RenderEdge[]) => edges.reduce((s, e) => s + e.pairs, 0) + nodes.reduce((s, n) => s + n.internal.pairs, 0);

describe('foldToBudget', () => {
  it('leaves a graph within budget alone', () => {
    const nodes = [ns('a'), ns('b')];
    const edges = [line('ns:a', 'ns:b')];
    const f = foldToBudget(nodes, edges, { nodes: 2, edges: 1 }, new Set());
    expect(f.foldedCount).toBe(0);
    expect(f.nodes.map((n) => n.id)).toEqual(['ns:a', 'ns:b']);
  });

  it('keeps the heaviest nodes and folds the rest into one bucket: a star of 20 leaves into 10 shapes', () => {
    const leaves = Array.from({ length: 20 }, (_, i) => ns(`leaf-${String(i).padStart(2, '0')}`));
    const nodes = [ns('hub'), ...leaves];
    // leaf-i carries i+1 pairs to the hub: the heaviest leaves are the last ones.
    const edges = leaves.map((l, i) => line(l.id, 'ns:hub', i + 1));
    const f = foldToBudget(nodes, edges, { nodes: 10, edges: 100 }, new Set(['ns:leaf-00']));
    expect(f.nodes).toHaveLength(10);
    const ids = f.nodes.map((n) => n.id).sort();
    // hub, the pinned leaf-00, the 7 heaviest leaves (13..19) and the bucket.
    expect(ids).toEqual(['more:ns', 'ns:hub', 'ns:leaf-00', ...[13, 14, 15, 16, 17, 18, 19].map((i) => `ns:leaf-${i}`)]);
    const bucket = f.nodes.find((n) => n.id === 'more:ns')!;
    expect(bucket.members).toHaveLength(12);
    expect(bucket.label).toBe('12 more namespaces');
    // The folded leaves' lines became one line carrying all their pairs, with the union of their ports.
    expect(f.edges.find((e) => e.id === 'more:ns→ns:hub')).toMatchObject({ kind: 'aggregate', pairs: 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 });
    expect(f.foldedCount).toBe(12);
  });

  it('folds by kind (namespaces, ranges, workloads of one namespace) and keeps every pair', () => {
    const wl = (n: string, ns: string): RenderNode => ({ id: `wl:${ns}/${n}[Deployment]`, kind: 'workload', label: n, parent: `grp:${ns}`, namespace: ns, internal: emptyInternal() });
    const range = (c: string): RenderNode => ({ id: `ext:${c}[External]`, kind: 'cidr', label: c, parent: 'out:', internal: emptyInternal() });
    const group: RenderNode = { id: 'grp:x', kind: 'group', label: 'x', parent: '', namespace: 'x', internal: emptyInternal() };
    const out: RenderNode = { id: 'out:', kind: 'outside', label: 'outside', parent: '', internal: emptyInternal() };
    const w = Array.from({ length: 30 }, (_, i) => wl(`w${i}`, 'x'));
    const r = Array.from({ length: 30 }, (_, i) => range(`10.0.${i}.0/24`));
    const n = Array.from({ length: 30 }, (_, i) => ns(`n${i}`));
    const edges = [...w.map((x, i) => line(x.id, r[i].id)), ...n.map((x, i) => line(x.id, w[i].id)), line(w[0].id, w[1].id, 5)];
    const nodes = [group, out, ...w, ...r, ...n];
    const f = foldToBudget(nodes, edges, { nodes: 40, edges: 30 }, new Set());
    expect(f.nodes.length).toBeLessThanOrEqual(40);
    expect(f.edges.length).toBeLessThanOrEqual(30);
    for (const b of ['more:ns', 'more:ext', 'more:wl:x']) expect(f.nodes.map((x) => x.id)).toContain(b);
    expect(f.nodes.find((x) => x.id === 'more:wl:x')).toMatchObject({ parent: 'grp:x', namespace: 'x' });
    expect(f.nodes.find((x) => x.id === 'more:ext')).toMatchObject({ parent: 'out:' });
    expect(totalPairs(f.nodes, f.edges)).toBe(totalPairs(nodes, edges));
    // Hulls never fold.
    expect(f.nodes.map((x) => x.id)).toEqual(expect.arrayContaining(['grp:x', 'out:']));
  });

  it('folds no more than needed: a bigger budget never folds more', () => {
    const nodes = Array.from({ length: 60 }, (_, i) => ns(`n${String(i).padStart(2, '0')}`));
    const edges = nodes.flatMap((a, i) => nodes.slice(i + 1, i + 4).map((b, j) => line(a.id, b.id, 1 + ((i * 7 + j) % 5))));
    let last = Infinity;
    for (const budget of [5, 10, 20, 40, 60]) {
      const f = foldToBudget(nodes, edges, { nodes: budget, edges: 1000 }, new Set());
      expect(f.nodes.length).toBeLessThanOrEqual(budget);
      // Maximal: keeping one more node would not fit (nodes = kept + the bucket).
      if (f.foldedCount > 0) expect(f.nodes.length).toBe(budget);
      expect(f.foldedCount).toBeLessThanOrEqual(last);
      last = f.foldedCount;
    }
  });
});

describe('the graph at 50k pods stays within the budget', () => {
  it('a 1,500-namespace cluster folds to at most 400 shapes and 1,500 lines', () => {
    const names = Array.from({ length: 1500 }, (_, i) => `ns-${String(i).padStart(4, '0')}`);
    const g: NamespaceGraph = {
      level: 'namespace',
      nodes: [
        ...names.map((n, i) => ({ id: n, type: 'namespace' as const, namespace: n, pods: 30 + (i % 7) })),
        { id: '0.0.0.0/0[External]', type: 'external', endpoint: { type: 'external', cidr: '0.0.0.0/0', except: [] } },
      ],
      // Each namespace reaches the next five and the internet; a few shared services are reached by all.
      edges: names.flatMap((n, i) => [
        ...[1, 2, 3, 4, 5].map((d) => ({ src: n, dst: names[(i + d) % names.length], ports: 'TCP 8080', allPorts: false, workloadPairs: 3 })),
        { src: n, dst: '0.0.0.0/0[External]', ports: 'TCP 443', allPorts: false, workloadPairs: 1 },
        ...(i >= 3 ? [{ src: n, dst: names[i % 3], ports: 'TCP 5432', allPorts: false, workloadPairs: 2 }] : []),
      ]),
    };
    const started = performance.now();
    const r = buildRenderGraph({ ns: g, expanded: [], pinned: ['ns:ns-0777'] });
    const ms = performance.now() - started;
    expect(r.total.nodes).toBe(1502);
    expect(r.nodes.length).toBeLessThanOrEqual(400);
    expect(r.edges.length).toBeLessThanOrEqual(1500);
    expect(r.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['ns:ns-0000', 'ns:ns-0001', 'ns:ns-0002', 'ns:ns-0777', 'more:ns']));
    expect(r.notices[0]).toMatch(/folded/);
    // Interactive: folding runs on every expand/select; it must stay well under a frame budget of a second.
    expect(ms).toBeLessThan(3000);
  });
});
