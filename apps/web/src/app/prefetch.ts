import { api, apiUrl, clusterPath, type QueryValue } from '../api/http';
import type { Route } from './routes';

/**
 * The first view's data, asked for while the page is still booting (in parallel with "who am I?" and
 * the view's code) instead of after both: the longest wait of a first view is that chain. Each answer is
 * used once, by the view's first read; a failed one (no session yet) is simply asked again.
 */
const pending = new Map<string, Promise<unknown>>();

function start<T>(path: string, query: Record<string, QueryValue>): Promise<T> {
  const p = api.get<T>(path, query);
  p.catch(() => undefined); // never an unhandled rejection: getPrefetched asks again
  pending.set(apiUrl(path, query), p);
  return p;
}

/**
 * Every page of a cursor-paged list, one after the other as fast as the server answers — independent
 * of rendering, so a view reading page after page finds each one already there (or on its way).
 */
async function startPages(path: string, query: Record<string, QueryValue>): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await start<{ nextCursor: string | null }>(path, { ...query, ...(cursor ? { cursor } : {}) });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** What the route's view reads first (keep in step with the views' own first requests). */
export function prefetchFor(route: Route): void {
  if (route.view === 'namespaces') startPages(`${clusterPath(route.cluster)}/namespaces`, { sort: 'namespace', limit: 500 }).catch(() => undefined);
  if (route.view === 'fleet') {
    start('/api/v1/clusters', { limit: 500 });
    start('/api/v1/clusters/summary', {});
  }
}

/** The prefetched answer for this request if there is one (once), else a fresh request. */
export function getPrefetched<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
  const key = apiUrl(path, query);
  const p = pending.get(key) as Promise<T> | undefined;
  pending.delete(key);
  return p ? p.catch(() => api.get<T>(path, query)) : api.get<T>(path, query);
}
