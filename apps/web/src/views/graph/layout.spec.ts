import { describe, expect, it } from 'vitest';
import { buildRenderGraph } from './aggregate';
import { edgeGeometry, layoutGraph } from './layout';
import { shuffled, tiersBackWorkloads, tiersNamespaceGraph } from './test-fixtures';

const SIZE = { width: 1000, height: 700 };

describe('layoutGraph', () => {
  const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), expanded: ['back'] });

  it('places every node inside the canvas, members inside their hull, siblings apart', () => {
    const pos = layoutGraph(g, SIZE);
    expect([...pos.keys()].sort()).toEqual(g.nodes.map((n) => n.id).sort());
    for (const n of g.nodes) {
      const p = pos.get(n.id)!;
      expect(p.x - p.r).toBeGreaterThanOrEqual(-0.01);
      expect(p.y - p.r).toBeGreaterThanOrEqual(-0.01);
      expect(p.x + p.r).toBeLessThanOrEqual(SIZE.width + 0.01);
      expect(p.y + p.r).toBeLessThanOrEqual(SIZE.height + 0.01);
      if (n.parent) {
        const h = pos.get(n.parent)!;
        expect(Math.hypot(p.x - h.x, p.y - h.y) + p.r).toBeLessThanOrEqual(h.r + 0.05);
      }
    }
    const top = g.nodes.filter((n) => !n.parent).map((n) => pos.get(n.id)!);
    for (const a of top) for (const b of top) if (a !== b) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r - 0.05);
  });

  it('is deterministic: same graph, same places, whatever the order of the nodes', () => {
    const want = [...layoutGraph(g, SIZE).entries()];
    expect([...layoutGraph(g, SIZE).entries()]).toEqual(want);
    for (const seed of [3, 5, 8]) {
      const other = { ...g, nodes: shuffled(g.nodes, seed) };
      expect([...layoutGraph(other, SIZE).entries()].sort()).toEqual([...want].sort());
    }
  });

  it('draws A→B and B→A as two lines from border to border', () => {
    const a = { id: 'a', x: 0, y: 0, r: 10 };
    const b = { id: 'b', x: 100, y: 0, r: 20 };
    const ab = edgeGeometry(a, b);
    const ba = edgeGeometry(b, a);
    expect(ab.path).not.toBe(ba.path);
    expect(Math.sign(ab.labelY)).toBe(-Math.sign(ba.labelY));
    const [sx, sy] = ab.path.slice(1).split('Q')[0].split(',').map(Number);
    expect(Math.hypot(sx - a.x, sy - a.y)).toBeCloseTo(10, 1);
  });
});
