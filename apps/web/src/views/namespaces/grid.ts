import type { LivePostureRow, PostureUpdated } from '@reachwatch/contracts';
import type { NamespacePosture } from '../../api/types';
import { ratio } from '../../ui/format';

/**
 * The namespace grid's logic: filters, sorts (worst first by default), and the live state that REST
 * pages and `posture.updated` events are folded into. Pure functions over plain data.
 */
export const NS_FILTERS = ['internet', 'cross-ns', 'no-deny-ingress', 'no-deny-egress', 'not-isolated'] as const;
export type NsFilter = (typeof NS_FILTERS)[number];

const FILTER: Record<NsFilter, (r: NamespacePosture) => boolean> = {
  internet: (r) => r.exposedToInternet,
  'cross-ns': (r) => r.reachableFromOtherNamespaces,
  'no-deny-ingress': (r) => !r.defaultDenyIngress,
  'no-deny-egress': (r) => !r.defaultDenyEgress,
  'not-isolated': (r) => r.ingressIsolatedPods < r.pods || r.egressIsolatedPods < r.pods,
};

export function readFilters(list: readonly string[]): NsFilter[] {
  return NS_FILTERS.filter((f) => list.includes(f));
}

/** Every chosen filter must hold (AND), plus the name search (substring, case-insensitive). */
export function filterRows(rows: readonly NamespacePosture[], filters: readonly NsFilter[], q: string | undefined): NamespacePosture[] {
  const needle = (q ?? '').trim().toLowerCase();
  return rows.filter((r) => (!needle || r.namespace.toLowerCase().includes(needle)) && filters.every((f) => FILTER[f](r)));
}

export const NS_SORTS = ['score', 'namespace', 'pods', 'policies', 'ingress', 'egress', 'exposure'] as const;
export type NsSort = (typeof NS_SORTS)[number];
export type Order = 'asc' | 'desc';

/** The natural direction of each column: worst first for the posture columns, A→Z for names. */
export const DEFAULT_ORDER: Record<NsSort, Order> = {
  score: 'asc', namespace: 'asc', pods: 'desc', policies: 'asc', ingress: 'asc', egress: 'asc', exposure: 'desc',
};

export function readSort(s: string | undefined, o: string | undefined): { sort: NsSort; order: Order } {
  const sort = (NS_SORTS as readonly string[]).includes(s ?? '') ? (s as NsSort) : 'score';
  const order = o === 'asc' || o === 'desc' ? o : DEFAULT_ORDER[sort];
  return { sort, order };
}

/** Namespaces without pods have nothing to cover: they sort after every measured value, both ways. */
const coverageKey = (isolated: number, pods: number) => ratio(isolated, pods);
/** Exposure as a rank: internet (2) outranks other namespaces (1). */
const exposureRank = (r: NamespacePosture) => (r.exposedToInternet ? 2 : 0) + (r.reachableFromOtherNamespaces ? 1 : 0);

const KEY: Record<NsSort, (r: NamespacePosture) => number | string | null> = {
  score: (r) => r.score,
  namespace: (r) => r.namespace,
  pods: (r) => r.pods,
  policies: (r) => r.policies,
  ingress: (r) => coverageKey(r.ingressIsolatedPods, r.pods),
  egress: (r) => coverageKey(r.egressIsolatedPods, r.pods),
  exposure: exposureRank,
};

export function sortRows(rows: readonly NamespacePosture[], sort: NsSort, order: Order): NamespacePosture[] {
  const dir = order === 'asc' ? 1 : -1;
  const key = KEY[sort];
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    let c = 0;
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      c = (x < y ? -1 : 1) * dir;
    }
    // Ties: the worse score first, then the name — a stable, meaningful order.
    return c || (sort !== 'score' ? a.score - b.score : 0) || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0);
  });
}

export type Isolation = 'all' | 'partial' | 'none' | 'no-pods';

export function isolationLevel(isolated: number, pods: number): Isolation {
  if (pods === 0) return 'no-pods';
  return isolated >= pods ? 'all' : isolated === 0 ? 'none' : 'partial';
}

/**
 * What the grid holds: the rows by namespace; for namespaces the live feed removed, the journal position
 * of the removal (so a REST page read before it cannot bring the namespace back); and which namespaces
 * the feed delivered since the current REST read began (kept when that read replaces everything).
 */
export interface GridState {
  rows: ReadonlyMap<string, NamespacePosture>;
  removedAt: ReadonlyMap<string, number>;
  liveSinceRead: ReadonlySet<string>;
  /** Namespaces changed by live events, with when (for a brief highlight). */
  changed: ReadonlyMap<string, number>;
}

export const EMPTY_GRID: GridState = { rows: new Map(), removedAt: new Map(), liveSinceRead: new Set(), changed: new Map() };

export function fromLive(r: LivePostureRow): NamespacePosture {
  return {
    namespace: r.namespace, pods: r.pods, ingressIsolatedPods: r.ingressIsolatedPods, egressIsolatedPods: r.egressIsolatedPods,
    policies: r.policies, defaultDenyIngress: r.defaultDenyIngress, defaultDenyEgress: r.defaultDenyEgress,
    exposedToInternet: r.exposedToInternet, reachableFromOtherNamespaces: r.reachableFromOtherNamespaces,
    // The REST answer rounds to one decimal; the stored REAL may carry float noise.
    score: Math.round(r.score * 10) / 10, details: (r.details ?? {}) as NamespacePosture['details'], asOfSeq: r.seq,
  };
}

/** A row replaces what is held only when it is at least as new (by journal position). */
function newer(held: NamespacePosture | undefined, row: NamespacePosture): boolean {
  return !held || row.asOfSeq >= held.asOfSeq;
}

/** Call when a full REST read starts: from now on, what the feed delivers is newer than that read. */
export function beginRead(state: GridState): GridState {
  return { ...state, liveSinceRead: new Set() };
}

/**
 * A full REST read (every page) folded in. It replaces what was held, except rows the feed delivered
 * after the read began (newer than the read, or equal) and namespaces the feed removed after the
 * position a REST row reflects. Live events arrive in journal order, so this is exact.
 */
export function mergeRest(state: GridState, rows: readonly NamespacePosture[]): GridState {
  const next = new Map<string, NamespacePosture>();
  for (const r of rows) {
    const gone = state.removedAt.get(r.namespace);
    if (gone !== undefined && gone >= r.asOfSeq) continue;
    next.set(r.namespace, r);
  }
  for (const ns of state.liveSinceRead) {
    const held = state.rows.get(ns);
    if (held && newer(next.get(ns), held)) next.set(ns, held);
  }
  return { ...state, rows: next };
}

export function applyPostureUpdated(state: GridState, e: PostureUpdated, now: number): GridState {
  const rows = new Map(state.rows);
  const removedAt = new Map(state.removedAt);
  const liveSinceRead = new Set(state.liveSinceRead);
  const changed = new Map(state.changed);
  for (const live of e.namespaces) {
    const r = fromLive(live);
    if (!newer(rows.get(r.namespace), r)) continue;
    rows.set(r.namespace, r);
    removedAt.delete(r.namespace);
    liveSinceRead.add(r.namespace);
    changed.set(r.namespace, now);
  }
  for (const ns of e.removed) {
    rows.delete(ns);
    removedAt.set(ns, e.toSeq);
    liveSinceRead.delete(ns);
    changed.delete(ns);
  }
  return { rows, removedAt, liveSinceRead, changed };
}

/** Highlights older than `ms` are dropped (so the map does not grow for a page left open for days). */
export function expireChanged(state: GridState, now: number, ms: number): GridState {
  const changed = new Map([...state.changed].filter(([, t]) => now - t < ms));
  return changed.size === state.changed.size ? state : { ...state, changed };
}

export interface GridTotals {
  namespaces: number;
  pods: number;
  defaultDenyIngress: number;
  defaultDenyEgress: number;
  internet: number;
  crossNs: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
}

export function totals(rows: readonly NamespacePosture[]): GridTotals {
  const t: GridTotals = { namespaces: rows.length, pods: 0, defaultDenyIngress: 0, defaultDenyEgress: 0, internet: 0, crossNs: 0, ingressIsolatedPods: 0, egressIsolatedPods: 0 };
  for (const r of rows) {
    t.pods += r.pods;
    t.ingressIsolatedPods += r.ingressIsolatedPods;
    t.egressIsolatedPods += r.egressIsolatedPods;
    if (r.defaultDenyIngress) t.defaultDenyIngress++;
    if (r.defaultDenyEgress) t.defaultDenyEgress++;
    if (r.exposedToInternet) t.internet++;
    if (r.reachableFromOtherNamespaces) t.crossNs++;
  }
  return t;
}
