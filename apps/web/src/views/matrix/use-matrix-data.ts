import { useCallback, useEffect, useRef } from 'react';
import { api, clusterPath } from '../../api/http';
import type { NamespacePosture, Page } from '../../api/types';
import { needsReload, useLive } from '../../live';
import { useResource } from '../../ui/use-resource';
import type { NamespaceMatrix, WorkloadMatrix } from './model';
import { MAX_NAMESPACES, type MatrixParams } from './params';

/** Names read for the picker; a cluster with more is filtered by the search box on the server. */
const NAME_PAGES = 8;
/** Workload-level cells per drill-down (the API allows up to 10,000). */
export const DRILL_LIMIT = 2000;
const RELOAD_DELAY_MS = 1500;

async function namespaceNames(cluster: string): Promise<{ names: string[]; complete: boolean }> {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < NAME_PAGES; i++) {
    const r = await api.get<Page<NamespacePosture>>(`${clusterPath(cluster)}/namespaces`, { sort: 'namespace', limit: 500, cursor });
    names.push(...r.items.map((n) => n.namespace));
    if (!r.nextCursor) return { names, complete: true };
    cursor = r.nextCursor;
  }
  return { names, complete: false };
}

/**
 * The matrix's reads: namespace names (for the picker and the default choice), the namespace matrix of
 * the shown namespaces, and the workload matrix of a drilled cell. The matrix is an aggregate of the edge
 * table, so a live delta cannot be applied to it exactly: it is re-read in the background (debounced) and
 * replaces the cells in place, without a loading state.
 */
export function useMatrixData(cluster: string, p: MatrixParams) {
  const names = useResource(`${cluster}|names`, () => namespaceNames(cluster));
  const shown = p.namespaces.length ? p.namespaces : (names.data?.names.slice(0, MAX_NAMESPACES) ?? []);
  const nsKey = shown.length ? `${cluster}|ns|${shown.join(',')}` : null;
  const matrix = useResource(nsKey, () => api.get<NamespaceMatrix>(`${clusterPath(cluster)}/matrix`, { namespaces: shown.join(','), level: 'namespace' }));
  const drillNs = p.drill ? [...new Set([p.drill.src, p.drill.dst])].sort().join(',') : null;
  const drill = useResource(drillNs ? `${cluster}|wl|${drillNs}` : null, () =>
    api.get<WorkloadMatrix>(`${clusterPath(cluster)}/matrix`, { namespaces: drillNs!, level: 'workload', limit: DRILL_LIMIT }));

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloads = useRef({ names: names.reload, matrix: matrix.reload, drill: drill.reload });
  reloads.current = { names: names.reload, matrix: matrix.reload, drill: drill.reload };
  const reloadSoon = useCallback((ms: number, withNames: boolean) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (withNames) reloads.current.names();
      reloads.current.matrix();
      reloads.current.drill();
    }, ms);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLive(cluster, (m) => {
    if (needsReload(m)) reloadSoon(0, true);
    else if (m.type === 'edges.changed') reloadSoon(RELOAD_DELAY_MS, false);
    else if (m.type === 'posture.updated' && m.data.removed.length + m.data.namespaces.length > 0) reloadSoon(RELOAD_DELAY_MS, true);
  });

  return { names, shown, matrix, drill };
}
