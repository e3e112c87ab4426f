import type { KeyedConnection, WhatIfResult } from '../graph/api-types';
import { parseEndpointKey } from '../graph/keys';
import { WHATIF_MSG } from './messages';

export interface ConnectionGroup {
  /** `from → to` of the group: namespace names, or "address ranges". */
  key: string;
  from: string;
  to: string;
  rows: KeyedConnection[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const side = (key: string) => {
  const e = parseEndpointKey(key);
  return e?.type === 'workload' ? e.namespace : WHATIF_MSG.ranges;
};

/** Connections grouped by namespace pair (address ranges as one side), groups and rows sorted. */
export function groupConnections(list: readonly KeyedConnection[]): ConnectionGroup[] {
  const groups = new Map<string, ConnectionGroup>();
  for (const c of list) {
    const from = side(c.src);
    const to = side(c.dst);
    const key = `${from} → ${to}`;
    const g = groups.get(key) ?? groups.set(key, { key, from, to, rows: [] }).get(key)!;
    g.rows.push(c);
  }
  const out = [...groups.values()].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  for (const g of out) g.rows.sort((a, b) => cmp(a.src, b.src) || cmp(a.dst, b.dst));
  return out;
}

export type Exposure = WhatIfResult['newExposures'][number];

/** New exposures by reason — the internet first, then other namespaces — each sorted by destination. */
export function groupExposures(list: readonly Exposure[]): { reason: Exposure['reason']; rows: Exposure[] }[] {
  return (['internet', 'other-namespace'] as const)
    .map((reason) => ({ reason, rows: list.filter((x) => x.reason === reason).sort((a, b) => cmp(a.dst, b.dst) || cmp(a.src, b.src)) }))
    .filter((g) => g.rows.length > 0);
}

/**
 * Namespaces the change touches, the most touched first (ties by name): the graph opens the first few
 * into workloads so the overlay shows which workloads gain or lose connections.
 */
export function touchedNamespaces(r: Pick<WhatIfResult, 'added' | 'removed'>): string[] {
  const counts = new Map<string, number>();
  for (const c of [...r.added, ...r.removed]) {
    for (const k of new Set([c.src, c.dst])) {
      const e = parseEndpointKey(k);
      if (e?.type === 'workload') counts.set(e.namespace, (counts.get(e.namespace) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([n]) => n);
}
