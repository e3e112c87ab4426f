import type { EdgesChanged, LiveConnection, LiveEndpoint } from '@reachwatch/contracts';
import { describe, expect, it } from 'vitest';
import { applyEdgesChanged, applyPostureUpdated, type GraphData } from './live';
import { DB, EXT, tiersBackWorkloads, tiersNamespaceGraph, WEB } from './test-fixtures';

const w = (key: string): LiveEndpoint => {
  const m = /^([^/]+)\/(.+)\[(.+)\]$/.exec(key)!;
  return { type: 'workload', namespace: m[1], name: m[2], kind: m[3] };
};
const ANY_EP: LiveEndpoint = { type: 'external', cidr: '0.0.0.0/0', except: [] };
const conn = (src: LiveEndpoint, dst: LiveEndpoint, ports: [string, number, number?][]): LiveConnection => ({
  src, dst, all: false,
  ports: ports.map(([p, a, b]) => ({ protocol: p as 'TCP', from: a, to: b ?? a })),
  portsText: '',
});
const event = (added: LiveConnection[], removed: LiveConnection[], toSeq = 11): EdgesChanged => ({
  cluster: 'c', fromSeq: toSeq - 1, toSeq, changes: [{ seq: toSeq, added, removed }], addedCount: added.length, removedCount: removed.length, truncated: false,
});
const base = (over: Partial<GraphData> = {}): GraphData => ({
  ns: tiersNamespaceGraph(), wl: tiersBackWorkloads(), wlNamespaces: ['back'],
  filters: { namespaces: [], port: null, peer: 'all' }, fanIn: 50, seq: null, ...over,
});
const wlEdge = (d: GraphData, s: string, t: string) => d.wl!.edges.find((e) => e.src === s && e.dst === t);
const nsEdge = (d: GraphData, s: string, t: string) => d.ns.edges.find((e) => e.src === s && e.dst === t);

describe('applyEdgesChanged', () => {
  it('adds a new pair exactly at both levels, without touching its input', () => {
    const before = base();
    const frozen = JSON.stringify(before);
    const r = applyEdgesChanged(before, event([conn(w(EXT), w(WEB), [['TCP', 8080]])], []));
    expect(JSON.stringify(before)).toBe(frozen);
    expect(r).toMatchObject({ applied: 1, refetch: false });
    expect(wlEdge(r.data, EXT, WEB)).toEqual({ src: EXT, dst: WEB, ports: 'TCP 8080', allPorts: false });
    // back → front did not exist: a single new pair, exact.
    expect(nsEdge(r.data, 'back', 'front')).toEqual({ src: 'back', dst: 'front', ports: 'TCP 8080', allPorts: false, workloadPairs: 1 });
  });

  it('removes ports exactly at workload level; at namespace level it asks for a re-read', () => {
    const r = applyEdgesChanged(base(), event([], [conn(w(WEB), w(DB), [['TCP', 9000]]), conn(w(EXT), ANY_EP, [['UDP', 53]])]));
    expect(wlEdge(r.data, WEB, DB)).toBeUndefined();
    expect(wlEdge(r.data, EXT, '0.0.0.0/0[External]')).toMatchObject({ ports: 'TCP 80,443' });
    // front → back still has web → ext-service; back → internet still has db's DNS: only a re-read knows.
    expect(r).toMatchObject({ applied: 2, refetch: true });
    expect(nsEdge(r.data, 'front', 'back')).toMatchObject({ ports: 'TCP 9000', workloadPairs: 2 });
    // Every node is still the end of a line.
    expect(r.data.wl!.nodes.map((n) => n.id).sort()).toEqual(['0.0.0.0/0[External]', '10.20.0.0/16[External]', DB, EXT, WEB].sort());
  });

  it('adds ports to an existing namespace-level line, and re-reads for its pair count', () => {
    const r = applyEdgesChanged(base(), event([conn(w(WEB), w(DB), [['TCP', 9443]])], []));
    expect(nsEdge(r.data, 'front', 'back')).toMatchObject({ ports: 'TCP 9000,9443', workloadPairs: 2 });
    expect(wlEdge(r.data, WEB, DB)).toMatchObject({ ports: 'TCP 9000,9443' });
    expect(r.refetch).toBe(true);
  });

  it('skips what the answer already reflects, and re-reads on a truncated delta', () => {
    const d = base({ seq: 11 });
    expect(applyEdgesChanged(d, event([conn(w(EXT), w(WEB), [['TCP', 1]])], [], 11))).toEqual({ data: d, applied: 0, refetch: false });
    const t = applyEdgesChanged(base(), { ...event([], []), truncated: true });
    expect(t.refetch).toBe(true);
    expect(applyEdgesChanged(base({ seq: 5 }), event([conn(w(EXT), w(WEB), [['TCP', 1]])], [], 12)).data.seq).toBe(12);
  });

  it('ignores connections outside the filters', () => {
    const d = base({ filters: { namespaces: ['front'], port: null, peer: 'all' } });
    const r = applyEdgesChanged(d, event([conn(w(EXT), ANY_EP, [['TCP', 25]])], []));
    expect(r).toEqual({ data: { ...d, seq: null }, applied: 0, refetch: false });
    const peer = base({ filters: { namespaces: [], port: null, peer: 'workload' } });
    expect(applyEdgesChanged(peer, event([conn(w(DB), ANY_EP, [['TCP', 25]])], [])).applied).toBe(0);
  });

  it('under a port filter, a line it cannot see whole is re-read', () => {
    const d = base({ filters: { namespaces: [], port: { protocol: 'TCP', port: 9000 }, peer: 'all' } });
    expect(applyEdgesChanged(d, event([conn(w(DB), w(WEB), [['TCP', 9000]])], [])).refetch).toBe(true);
    // Ports that do not match the filter on a pair not shown: nothing to draw, nothing to re-read.
    const other = applyEdgesChanged(d, event([conn(w(DB), w(EXT), [['TCP', 22]])], []));
    expect(other).toMatchObject({ applied: 1, refetch: false });
    expect(wlEdge(other.data, DB, EXT)).toBeUndefined();
    // Removing the filter port from a shown line removes the line.
    const gone = applyEdgesChanged(d, event([], [conn(w(WEB), w(EXT), [['TCP', 9000]])]));
    expect(wlEdge(gone.data, WEB, EXT)).toBeUndefined();
  });

  it('leaves fan-in to the API: a summarised destination, or one pushed over the limit, is re-read', () => {
    const summarised = base({ wl: { ...tiersBackWorkloads(), summaries: [{ dst: DB, fromNamespace: 'front', sources: 80, ports: 'TCP 9000' }] } });
    expect(applyEdgesChanged(summarised, event([conn(w(EXT), w(DB), [['TCP', 1]])], [])).refetch).toBe(true);
    const low = base({ fanIn: 1 });
    expect(applyEdgesChanged(low, event([conn(w(EXT), w(DB), [['TCP', 1]])], [])).refetch).toBe(true);
  });
});

describe('applyPostureUpdated', () => {
  it('updates the namespace nodes it names and nothing else', () => {
    const d = base();
    const row = { namespace: 'back', pods: 5, ingressIsolatedPods: 5, egressIsolatedPods: 5, policies: 3, defaultDenyIngress: true, defaultDenyEgress: true, exposedToInternet: true, reachableFromOtherNamespaces: true, score: 91.26, details: null, seq: 12, updatedAt: '' };
    const r = applyPostureUpdated(d, { cluster: 'c', fromSeq: 11, toSeq: 12, namespaces: [row], removed: [] });
    expect(r.ns.nodes.find((n) => n.id === 'back')).toMatchObject({ pods: 5, score: 91.3, exposedToInternet: true });
    expect(r.ns.nodes.find((n) => n.id === 'front')).toBe(d.ns.nodes.find((n) => n.id === 'front'));
    expect(applyPostureUpdated(d, { cluster: 'c', fromSeq: 11, toSeq: 12, namespaces: [{ ...row, namespace: 'elsewhere' }], removed: [] })).toBe(d);
  });
});
