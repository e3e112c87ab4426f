import { describe, expect, it } from 'vitest';
import type { NamespaceGraph, WorkloadGraph } from './api-types';
import { buildRenderGraph } from './aggregate';
import type { RenderGraph } from './model';
import { ANY, DB, DB_NET, EXT, shuffled, tiersBackWorkloads, tiersNamespaceGraph, USERS, WEB } from './test-fixtures';

/** A comparable picture of a render graph (port sets as text). */
const view = (g: RenderGraph) => ({
  nodes: g.nodes.map((n) => ({ ...n })),
  edges: g.edges.map((e) => ({ ...e, ports: e.ports.toString() })),
  expanded: g.expanded,
  notices: g.notices,
});
const edge = (g: RenderGraph, src: string, dst: string) => view(g).edges.find((e) => e.src === src && e.dst === dst);

describe('buildRenderGraph', () => {
  it('draws namespaces and address ranges, one line per group pair', () => {
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), expanded: [] });
    expect(g.nodes.map((n) => `${n.id}:${n.kind}:${n.parent}`)).toEqual([
      `ext:${ANY}:internet:out:`, `ext:${DB_NET}:cidr:out:`, `ext:${USERS}:internet:out:`, 'ns:back:namespace:', 'ns:front:namespace:', 'out::outside:',
    ]);
    expect(g.edges).toHaveLength(5);
    expect(edge(g, 'ns:front', 'ns:back')).toMatchObject({ kind: 'aggregate', pairs: 2, ports: 'TCP 9000' });
    expect(edge(g, `ext:${USERS}`, 'ns:front')).toMatchObject({ kind: 'edge', pairs: 1 });
    expect(g.nodes.find((n) => n.id === 'ns:front')).toMatchObject({ pods: 1, score: 70, exposedToInternet: true });
    expect(g.notices).toEqual([]);
  });

  it('opens an expanded namespace into its workloads, inside its hull', () => {
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), expanded: ['back'] });
    expect(g.expanded).toEqual(['back']);
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toContain('grp:back');
    expect(ids).not.toContain('ns:back');
    expect(g.nodes.find((n) => n.id === `wl:${DB}`)).toMatchObject({ kind: 'workload', parent: 'grp:back', label: 'db-service', key: DB });
    // front stays collapsed: web is drawn as its namespace, so the lines from it are not one explainable pair.
    expect(edge(g, 'ns:front', `wl:${DB}`)).toMatchObject({ kind: 'edge', pairs: 1, srcKey: undefined });
    expect(edge(g, `wl:${DB}`, `ext:${DB_NET}`)).toMatchObject({ kind: 'edge', srcKey: DB, dstKey: DB_NET, ports: 'TCP 3306' });
    // Lines not touching back still come from the namespace level; none from it are doubled.
    expect(edge(g, 'ns:front', `ext:${ANY}`)).toMatchObject({ ports: 'UDP 53' });
    expect(g.edges.filter((e) => e.src === 'grp:back' || e.dst === 'grp:back')).toEqual([]);
    expect(g.edges.map((e) => e.id)).toEqual([
      `ext:${USERS}→ns:front`, `ns:front→ext:${ANY}`, `ns:front→wl:${DB}`, `ns:front→wl:${EXT}`,
      `wl:${DB}→ext:${ANY}`, `wl:${DB}→ext:${DB_NET}`, `wl:${EXT}→ext:${ANY}`,
    ]);
  });

  it('keeps namespaces collapsed, and says why, when the workload page was truncated', () => {
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl: { ...tiersBackWorkloads(), truncated: true }, expanded: ['back'] });
    expect(g.expanded).toEqual([]);
    expect(g.nodes.map((n) => n.id)).toContain('ns:back');
    expect(g.notices[0]).toMatch(/^back has more connections than one page can draw/);
  });

  it('draws a fan-in summary as one line per source namespace and a badge, never a line per source', () => {
    const wl: WorkloadGraph = {
      ...tiersBackWorkloads(),
      summaries: [
        { dst: DB, fromNamespace: null, sources: 3, ports: 'TCP 5432' },
        { dst: DB, fromNamespace: 'back', sources: 40, ports: 'TCP 5432' },
        { dst: DB, fromNamespace: 'front', sources: 120, ports: 'All Connections' },
      ],
    };
    const g = buildRenderGraph({ ns: tiersNamespaceGraph(), wl, expanded: ['back'] });
    expect(g.nodes.find((n) => n.id === `wl:${DB}`)!.openTo).toEqual({ namespaces: ['back', 'front'], ranges: 3, sources: 163 });
    // front → db already had a 9000 line: the summary merges into it and it becomes a fan-in line.
    expect(edge(g, 'ns:front', `wl:${DB}`)).toMatchObject({ kind: 'fanin', pairs: 121, ports: 'All Connections' });
    expect(edge(g, 'src:ranges', `wl:${DB}`)).toMatchObject({ kind: 'fanin', pairs: 3 });
    expect(g.nodes.find((n) => n.id === 'src:ranges')).toMatchObject({ kind: 'sources', parent: 'out:' });
    // From its own (expanded) namespace: the badge only — no line from the hull into itself.
    expect(edge(g, 'grp:back', `wl:${DB}`)).toBeUndefined();
  });

  it('applies the namespace filter to workload-level lines', () => {
    const ns: NamespaceGraph = tiersNamespaceGraph();
    const g = buildRenderGraph({ ns, wl: tiersBackWorkloads(), expanded: ['back'], nsFilter: ['front'] });
    // Only lines with an end in front: web → db and web → ext-service (and front's own namespace-level lines).
    expect(g.edges.filter((e) => e.src.startsWith('wl:') || e.dst.startsWith('wl:')).map((e) => e.id)).toEqual([`ns:front→wl:${DB}`, `ns:front→wl:${EXT}`]);
  });

  it('overlays what-if connections, keeping added and removed apart from what exists', () => {
    const g = buildRenderGraph({
      ns: tiersNamespaceGraph(),
      expanded: [],
      overlay: {
        added: [{ src: DB, dst: WEB, ports: 'TCP 8080' }, { src: DB, dst: EXT, ports: 'TCP 1' }],
        removed: [{ src: WEB, dst: DB, ports: 'TCP 9000' }, { src: WEB, dst: EXT, ports: 'TCP 9000' }],
      },
    });
    expect(edge(g, 'ns:back', 'ns:front')).toMatchObject({ overlay: 'added', ports: 'TCP 8080', id: 'ns:back→ns:front#added' });
    expect(g.edges.find((e) => e.id === 'ns:front→ns:back#removed')).toMatchObject({ kind: 'aggregate', pairs: 2 });
    expect(g.edges.find((e) => e.id === 'ns:front→ns:back')).toMatchObject({ pairs: 2 });
    // Inside a collapsed namespace: counted on the node.
    expect(g.nodes.find((n) => n.id === 'ns:back')!.internal).toEqual({ pairs: 0, added: 1, removed: 0 });
  });

  it('is deterministic whatever order the API lists things in', () => {
    const input = { ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), expanded: ['back'] };
    const want = view(buildRenderGraph(input));
    for (const seed of [1, 2, 3, 4]) {
      const ns = { ...input.ns, nodes: shuffled(input.ns.nodes, seed), edges: shuffled(input.ns.edges, seed + 10) };
      const wl = { ...input.wl, nodes: shuffled(input.wl.nodes, seed), edges: shuffled(input.wl.edges, seed + 20) };
      expect(view(buildRenderGraph({ ns, wl, expanded: ['back'] }))).toEqual(want);
    }
  });
});
