import type { AgentStatus } from '@reachwatch/contracts';
import type { ClusterView, Severity } from '../../api/types';
import { ratio } from '../../ui/format';

/** One cluster as the fleet table shows it. */
export interface FleetRow {
  name: string;
  cni: string;
  score: number | null;
  minScore: number | null;
  namespaces: number;
  pods: number;
  ingressCoverage: number | null;
  egressCoverage: number | null;
  alerts: Record<Severity, number>;
  sync: ClusterView['sync']['state'];
  lastSeenAt: string | null;
  lag: number;
}

export function fleetRow(c: ClusterView): FleetRow {
  return {
    name: c.name,
    cni: c.cni,
    score: c.posture.averageScore,
    minScore: c.posture.minScore,
    namespaces: c.posture.namespaces,
    pods: c.posture.pods,
    ingressCoverage: ratio(c.posture.ingressIsolatedPods, c.posture.pods),
    egressCoverage: ratio(c.posture.egressIsolatedPods, c.posture.pods),
    alerts: c.openAlerts,
    sync: c.sync.state,
    lastSeenAt: c.agent.lastSeenAt,
    lag: c.journal.lag,
  };
}

export const FLEET_SORTS = ['worst', 'name', 'alerts', 'coverage', 'lag'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export function readFleetSort(s: string | undefined): FleetSort {
  return (FLEET_SORTS as readonly string[]).includes(s ?? '') ? (s as FleetSort) : 'worst';
}

/** Alerts weighed so that one critical outranks any number of lower ones (up to 1,000 of each). */
export function alertWeight(a: Record<Severity, number>): number {
  return a.critical * 1e9 + a.high * 1e6 + a.medium * 1e3 + a.low;
}

const byName = (a: FleetRow, b: FleetRow) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
/** Nulls (nothing measured yet) after every number, whatever the direction. */
const asc = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x - y);

/** Sorted copies; every order ends on the name so equal rows never swap places between renders. */
export function sortFleet(rows: readonly FleetRow[], sort: FleetSort): FleetRow[] {
  const cmp: Record<FleetSort, (a: FleetRow, b: FleetRow) => number> = {
    // Worst first: lowest score, then the most urgent alerts.
    worst: (a, b) => asc(a.score, b.score) || alertWeight(b.alerts) - alertWeight(a.alerts),
    name: () => 0,
    alerts: (a, b) => alertWeight(b.alerts) - alertWeight(a.alerts) || asc(a.score, b.score),
    coverage: (a, b) => asc(a.ingressCoverage, b.ingressCoverage) || asc(a.egressCoverage, b.egressCoverage),
    lag: (a, b) => b.lag - a.lag,
  };
  return [...rows].sort((a, b) => cmp[sort](a, b) || byName(a, b));
}

export function filterFleet(rows: readonly FleetRow[], q: string | undefined): FleetRow[] {
  const needle = (q ?? '').trim().toLowerCase();
  return needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : [...rows];
}

/** A live `agent.status` folded into the cluster it names (other clusters unchanged, same objects). */
export function applyAgentStatus(clusters: readonly ClusterView[], s: AgentStatus): ClusterView[] {
  return clusters.map((c) =>
    c.name !== s.cluster
      ? c
      : {
          ...c,
          agent: { ...c.agent, lastSeenAt: s.lastSeenAt },
          sync: { state: s.syncState },
          journal: { ...c.journal, head: s.headSeq, workerCursor: s.workerSeq, lag: s.lagEvents },
        },
  );
}

/** The fresh copy of one cluster (re-read after a posture or alert event) replacing the old one. */
export function replaceCluster(clusters: readonly ClusterView[], fresh: ClusterView): ClusterView[] {
  return clusters.some((c) => c.name === fresh.name) ? clusters.map((c) => (c.name === fresh.name ? fresh : c)) : [...clusters, fresh];
}

export type AgentHealth = 'ok' | 'syncing' | 'pending' | 'lagging';

/** What the agent column says: waiting for a first batch, syncing, behind by events, or fine. */
export function agentHealth(r: Pick<FleetRow, 'sync' | 'lag'>): AgentHealth {
  if (r.sync === 'pending') return 'pending';
  if (r.sync === 'syncing') return 'syncing';
  return r.lag > 0 ? 'lagging' : 'ok';
}
