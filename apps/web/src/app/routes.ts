/**
 * The URL is the UI's state: which view, which cluster, and every filter and selection (query string), so
 * any screen can be shared as a link. Pure: parse a location into a Route, print a Route back. Query keys
 * are printed sorted, so one state has exactly one URL.
 */
export const CLUSTER_VIEWS = ['namespaces', 'graph', 'matrix', 'explain', 'audit', 'whatif'] as const;
export type ClusterViewId = (typeof CLUSTER_VIEWS)[number];

export const ADMIN_SECTIONS = ['users', 'clusters', 'alert-rules', 'webhooks', 'approved-flows'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export const TOP_VIEWS = ['fleet', 'alerts', 'reports', 'tokens', 'login'] as const;
export type TopViewId = (typeof TOP_VIEWS)[number];

export type Params = Readonly<Record<string, string>>;

export type Route =
  | { view: TopViewId; params: Params }
  | { view: ClusterViewId; cluster: string; params: Params }
  | { view: 'admin'; section: AdminSection; params: Params }
  | { view: 'not-found'; path: string; params: Params };

const isOneOf = <T extends string>(list: readonly T[], s: string | undefined): s is T => s !== undefined && (list as readonly string[]).includes(s);

export function parseQuery(search: string): Params {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) if (v !== '' && !(k in out)) out[k] = v;
  return out;
}

export function formatQuery(params: Params): string {
  const keys = Object.keys(params).filter((k) => params[k] !== '').sort();
  if (keys.length === 0) return '';
  const q = new URLSearchParams();
  for (const k of keys) q.set(k, params[k]);
  return `?${q.toString()}`;
}

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export function parseLocation(pathname: string, search: string): Route {
  const params = parseQuery(search);
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) return { view: 'fleet', params };
  const [head, second, third] = parts;
  if (parts.length === 1 && isOneOf(TOP_VIEWS, head)) return { view: head, params };
  if (head === 'clusters' && second !== undefined && parts.length <= 3) {
    const cluster = decodeSegment(second);
    // A cluster's own page is its namespace grid: the first thing anyone asks of a cluster.
    const view = third ?? 'namespaces';
    if (cluster && isOneOf(CLUSTER_VIEWS, view)) return { view, cluster, params };
  }
  if (head === 'admin' && parts.length <= 2) {
    const section = second ?? 'users';
    if (isOneOf(ADMIN_SECTIONS, section)) return { view: 'admin', section, params };
  }
  return { view: 'not-found', path: pathname, params };
}

export function routePath(route: Route): string {
  switch (route.view) {
    case 'admin':
      return `/admin/${route.section}`;
    case 'not-found':
      return route.path;
    case 'fleet':
    case 'alerts':
    case 'reports':
    case 'tokens':
    case 'login':
      return `/${route.view}`;
    default:
      return `/clusters/${encodeURIComponent(route.cluster)}/${route.view}`;
  }
}

export function routeHref(route: Route): string {
  return `${routePath(route)}${formatQuery(route.params)}`;
}

/** `next` merged into `current`: a key set to undefined or '' is removed. */
export function mergeParams(current: Params, next: Record<string, string | undefined>): Params {
  const out: Record<string, string> = { ...current };
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined || v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}

/** The same view for another cluster (cluster picker), dropping selections that belong to the old one. */
export function switchCluster(route: Route, cluster: string): Route {
  if ('cluster' in route) return { view: route.view, cluster, params: {} };
  return { view: 'namespaces', cluster, params: {} };
}

/** A comma list in one query value (`f=internet,no-deny`), sorted and without duplicates. */
export function readList(params: Params, key: string): string[] {
  return [...new Set((params[key] ?? '').split(',').map((s) => s.trim()).filter(Boolean))].sort();
}

export function writeList(values: Iterable<string>): string | undefined {
  const list = [...new Set(values)].filter(Boolean).sort();
  return list.length ? list.join(',') : undefined;
}

/** Where to go after logging in: only a path of this app (never another origin). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/fleet';
  return next;
}
