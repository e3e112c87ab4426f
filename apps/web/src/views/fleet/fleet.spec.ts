import { describe, expect, it } from 'vitest';
import type { ClusterView } from '../../api/types';
import { agentHealth, alertWeight, applyAgentStatus, filterFleet, fleetRow, readFleetSort, replaceCluster, sortFleet } from './fleet';

function cluster(name: string, o: { score?: number | null; pods?: number; iso?: number; egr?: number; alerts?: Partial<ClusterView['openAlerts']>; lag?: number; sync?: ClusterView['sync']['state'] } = {}): ClusterView {
  const pods = o.pods ?? 10;
  return {
    name, cni: 'generic', createdAt: '2026-11-23T00:00:00Z', tokenRotatedAt: null,
    agent: { lastSeenAt: '2026-11-23T00:00:00Z', silentForSeconds: 5 },
    sync: { state: o.sync ?? 'synced' },
    journal: { head: 10 + (o.lag ?? 0), workerCursor: 10, lag: o.lag ?? 0, workerUpdatedAt: null },
    posture: {
      namespaces: 2, pods, ingressIsolatedPods: o.iso ?? 0, egressIsolatedPods: o.egr ?? 0, defaultDenyIngressNamespaces: 0, defaultDenyEgressNamespaces: 0,
      internetExposedNamespaces: 0, crossNamespaceReachableNamespaces: 0, averageScore: o.score === undefined ? 50 : o.score, minScore: 10,
    },
    openAlerts: { low: 0, medium: 0, high: 0, critical: 0, ...o.alerts },
  };
}

describe('fleet table logic', () => {
  it('derives coverage from isolated pods (null without pods)', () => {
    const r = fleetRow(cluster('a', { pods: 8, iso: 6, egr: 2 }));
    expect(r.ingressCoverage).toBe(75);
    expect(r.egressCoverage).toBe(25);
    expect(fleetRow(cluster('b', { pods: 0 })).ingressCoverage).toBeNull();
  });

  it('worst first: lowest score, then most urgent alerts, then name; unscored clusters last', () => {
    const rows = [
      cluster('c', { score: 80 }),
      cluster('b', { score: 40 }),
      cluster('a', { score: 40, alerts: { high: 1 } }),
      cluster('z', { score: null }),
      cluster('d', { score: 40 }),
    ].map(fleetRow);
    expect(sortFleet(rows, 'worst').map((r) => r.name)).toEqual(['a', 'b', 'd', 'c', 'z']);
    expect(sortFleet(rows, 'name').map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'z']);
  });

  it('alerts order: one critical outranks many high', () => {
    expect(alertWeight({ critical: 1, high: 0, medium: 0, low: 0 })).toBeGreaterThan(alertWeight({ critical: 0, high: 999, medium: 999, low: 999 }));
    const rows = [cluster('many', { alerts: { high: 50 } }), cluster('crit', { alerts: { critical: 1 } }), cluster('none')].map(fleetRow);
    expect(sortFleet(rows, 'alerts').map((r) => r.name)).toEqual(['crit', 'many', 'none']);
  });

  it('coverage and lag orders', () => {
    const rows = [cluster('a', { iso: 9 }), cluster('b', { iso: 1, lag: 7 }), cluster('c', { pods: 0 })].map(fleetRow);
    expect(sortFleet(rows, 'coverage').map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(sortFleet(rows, 'lag').map((r) => r.name)).toEqual(['b', 'a', 'c']);
    expect(readFleetSort('lag')).toBe('lag');
    expect(readFleetSort('bogus')).toBe('worst');
    expect(readFleetSort(undefined)).toBe('worst');
  });

  it('filters by name, case-insensitively', () => {
    const rows = [cluster('demo-east'), cluster('demo-west'), cluster('prod')].map(fleetRow);
    expect(filterFleet(rows, ' DEMO ').map((r) => r.name)).toEqual(['demo-east', 'demo-west']);
    expect(filterFleet(rows, undefined)).toHaveLength(3);
  });

  it('folds agent.status into its cluster only, and replaces a re-read cluster in place', () => {
    const list = [cluster('a'), cluster('b')];
    const next = applyAgentStatus(list, { cluster: 'b', lastSeenAt: '2026-11-23T01:00:00Z', syncState: 'syncing', headSeq: 30, workerSeq: 25, lagEvents: 5 });
    expect(next[0]).toBe(list[0]);
    expect(next[1].agent.lastSeenAt).toBe('2026-11-23T01:00:00Z');
    expect(next[1].sync.state).toBe('syncing');
    expect(next[1].journal).toEqual({ head: 30, workerCursor: 25, lag: 5, workerUpdatedAt: null });
    const fresh = cluster('a', { score: 99 });
    expect(replaceCluster(next, fresh).map((c) => c.posture.averageScore)).toEqual([99, 50]);
    expect(replaceCluster(next, cluster('c')).map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('agent health words', () => {
    expect(agentHealth({ sync: 'pending', lag: 0 })).toBe('pending');
    expect(agentHealth({ sync: 'syncing', lag: 3 })).toBe('syncing');
    expect(agentHealth({ sync: 'synced', lag: 3 })).toBe('lagging');
    expect(agentHealth({ sync: 'synced', lag: 0 })).toBe('ok');
  });
});
