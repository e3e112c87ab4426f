import { useCallback, useEffect, useRef, useState } from 'react';
import { api, clusterPath } from '../../api/http';
import { needsReload, useLive, type LiveMessage } from '../../live';
import { useResource } from '../../ui/use-resource';
import type { NamespaceGraph, WorkloadGraph } from './api-types';
import { allNamespaces, autoFits, FAN_IN, planExpansion } from './expand';
import { applyEdgesChanged, applyPostureUpdated, type GraphData } from './live';
import type { Budget } from './model';
import { graphQuery, type GraphParams } from './params';

export interface LoadedGraph {
  data: GraphData;
  /** Namespaces the workload page covers and the graph draws as workloads. */
  expanded: string[];
  /** The automatic expansion was tried and did not fit: namespace level, say so. */
  autoTooLarge: boolean;
}

/** Re-reads after a delta that could not be applied exactly wait this long, so a burst costs one read. */
const RELOAD_DELAY_MS = 1500;

/** Both REST reads of the graph for the current filters (namespace level, then the workload page). */
export async function loadGraph(cluster: string, p: GraphParams, budget: Budget): Promise<LoadedGraph> {
  const path = `${clusterPath(cluster)}/graph`;
  const query = graphQuery(p);
  const ns = await api.get<NamespaceGraph>(path, { ...query, level: 'namespace' });
  const plan = planExpansion(ns, p.expand, budget);
  const filters = { namespaces: p.namespaces, port: p.port, peer: p.peer };
  const userScope = p.namespaces.length ? p.namespaces : null;
  if (!plan) return { data: { ns, wl: null, wlNamespaces: null, filters, fanIn: FAN_IN, seq: ns.seq ?? null }, expanded: [], autoTooLarge: false };
  const wlNamespaces = plan.wlNamespaces ?? userScope;
  const wl = await api.get<WorkloadGraph>(path, {
    ...query, level: 'workload', namespaces: wlNamespaces?.join(','), limit: budget.edges, fanIn: FAN_IN,
  });
  if (plan.auto && !autoFits(wl, budget)) {
    return { data: { ns, wl: null, wlNamespaces: null, filters, fanIn: FAN_IN, seq: ns.seq ?? null }, expanded: [], autoTooLarge: true };
  }
  // Both reads reflect at least their own position: events up to the lower one are in both.
  const seq = ns.seq !== undefined && wl.seq !== undefined ? Math.min(ns.seq, wl.seq) : null;
  return { data: { ns, wl, wlNamespaces, filters, fanIn: FAN_IN, seq }, expanded: plan.auto ? allNamespaces(ns) : plan.wlNamespaces!, autoTooLarge: false };
}

export interface LiveActivity {
  /** Connections applied in place since the page was read. */
  applied: number;
  /** When the last one was (ms since epoch). */
  at: number | null;
}

/**
 * The graph's data, kept live: `edges.changed` and `posture.updated` are applied in place through the
 * pure reducers; what they cannot apply exactly, a resync or a reconnection, re-reads (debounced).
 */
export function useGraphData(cluster: string, p: GraphParams, budget: Budget) {
  const key = JSON.stringify([cluster, p.namespaces, p.port, p.peer, p.expand, budget]);
  const res = useResource<LoadedGraph>(key, () => loadGraph(cluster, p, budget));
  const [live, setLive] = useState<LiveActivity>({ applied: 0, at: null });
  // The reducers run on the newest data even when two events arrive before React renders.
  const current = useRef<LoadedGraph | undefined>(res.data);
  current.current = res.data;
  const missed = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { reload, update } = res;

  const reloadSoon = useCallback((ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(reload, ms);
  }, [reload]);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => setLive({ applied: 0, at: null }), [key]);
  // An event that came while the page was being read may or may not be in the answer: read once more.
  useEffect(() => {
    if (res.data && missed.current) {
      missed.current = false;
      reloadSoon(0);
    }
  }, [res.data, reloadSoon]);

  useLive(cluster, (m: LiveMessage) => {
    if (needsReload(m)) return reloadSoon(0);
    if (m.type !== 'edges.changed' && m.type !== 'posture.updated') return;
    const cur = current.current;
    if (!cur) {
      missed.current = true;
      return;
    }
    let next: LoadedGraph;
    if (m.type === 'edges.changed') {
      const r = applyEdgesChanged(cur.data, m.data);
      next = { ...cur, data: r.data };
      if (r.applied) setLive((l) => ({ applied: l.applied + r.applied, at: Date.now() }));
      if (r.refetch) reloadSoon(RELOAD_DELAY_MS);
    } else {
      next = { ...cur, data: applyPostureUpdated(cur.data, m.data) };
    }
    current.current = next;
    update(() => next);
  });

  return { graph: res.data, loading: res.loading, error: res.error, reload, live };
}
