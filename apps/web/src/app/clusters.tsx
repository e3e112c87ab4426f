import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { ClusterView, Page } from '../api/types';
import { useResource, type Resource } from '../ui/use-resource';
import { getPrefetched } from './prefetch';
import { safeGet, safeSet } from './theme';

/** The clusters the user may see (for the picker and every cluster link), and the last one used. */
interface ClustersValue {
  list: Resource<ClusterView[]>;
  /** The cluster the nav's cluster links point to: the current one, else the last used, else the first. */
  current: string | undefined;
}

const ClustersContext = createContext<ClustersValue | null>(null);
const LAST = 'reachwatch.cluster';

/** Every page of GET /clusters (names sort; 500 a page, so a fleet needs one or two requests). */
export async function loadAllClusters(): Promise<ClusterView[]> {
  const out: ClusterView[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<ClusterView> = await getPrefetched('/api/v1/clusters', { limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export function ClustersProvider({ routeCluster, children }: { routeCluster: string | undefined; children: ReactNode }) {
  const list = useResource('clusters', loadAllClusters);
  useEffect(() => {
    if (routeCluster) safeSet(LAST, routeCluster);
  }, [routeCluster]);
  const names = list.data?.map((c) => c.name);
  const current = routeCluster ?? pickCluster(names ?? [], safeGet(LAST));
  const value = useMemo(() => ({ list, current }), [list, current]);
  return <ClustersContext.Provider value={value}>{children}</ClustersContext.Provider>;
}

export function pickCluster(names: readonly string[], last: string | null): string | undefined {
  if (last && names.includes(last)) return last;
  return [...names].sort()[0];
}

export function useClusters(): ClustersValue {
  const v = useContext(ClustersContext);
  if (!v) throw new Error('useClusters outside ClustersProvider');
  return v;
}
