import type { AuditEntry, NamespacePosture, PostureAt } from '../../api/types';

/** The audit timeline's logic: diff lines, endpoint words, merging pages and live entries, posture then/now. */
export type DiffLineKind = 'header' | 'hunk' | 'add' | 'del' | 'context' | 'note';

/** The worker's unified diff (apps/worker text-diff.ts) line by line, classified for colouring. */
export function parseDiff(diff: string): { kind: DiffLineKind; text: string }[] {
  if (!diff) return [];
  return diff.split('\n').map((text) => {
    if (text.startsWith('--- ') || text.startsWith('+++ ')) return { kind: 'header' as const, text };
    if (text.startsWith('@@')) return { kind: 'hunk' as const, text };
    if (text.startsWith('+')) return { kind: 'add' as const, text };
    if (text.startsWith('-')) return { kind: 'del' as const, text };
    if (text.startsWith('#')) return { kind: 'note' as const, text };
    return { kind: 'context' as const, text };
  });
}

type EndpointJson = { type: 'workload'; namespace: string; name: string; kind: string } | { type: 'external'; cidr: string; except?: string[] };

/** A workload as `ns/name`, an external range as its CIDR (with excepts), in the engine's key order. */
export function endpointText(e: unknown): string {
  const x = e as EndpointJson | null;
  if (!x || typeof x !== 'object') return '?';
  if (x.type === 'workload') return `${x.namespace}/${x.name}`;
  if (x.type === 'external') return x.except?.length ? `${x.cidr} except ${x.except.join(', ')}` : x.cidr;
  return '?';
}

/** Newest first by journal position; an entry seen twice (a page and a live re-read) is kept once. */
export function mergeEntries(held: readonly AuditEntry[], incoming: readonly AuditEntry[]): AuditEntry[] {
  const bySeq = new Map<number, AuditEntry>();
  for (const e of held) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq);
}

/** The API filters by namespace and kind; one policy's name is narrowed here. */
export function filterByPolicy(entries: readonly AuditEntry[], name: string | undefined): AuditEntry[] {
  return name ? entries.filter((e) => e.name === name) : [...entries];
}

export interface PostureChange {
  namespace: string;
  then: Omit<NamespacePosture, 'asOfSeq'> | undefined;
  now: NamespacePosture | undefined;
  /** now − then (undefined when the namespace exists on one side only). */
  scoreDelta: number | undefined;
  changed: boolean;
}

const FACTS = ['pods', 'ingressIsolatedPods', 'egressIsolatedPods', 'defaultDenyIngress', 'defaultDenyEgress', 'exposedToInternet', 'reachableFromOtherNamespaces', 'score'] as const;

/**
 * Posture at a past time beside today's, per namespace: what changed since. Sorted with the changed
 * namespaces first (largest score drop first), then by name.
 */
export function comparePosture(then: PostureAt, now: readonly NamespacePosture[]): PostureChange[] {
  const a = new Map(then.namespaces.map((n) => [n.namespace, n]));
  const b = new Map(now.map((n) => [n.namespace, n]));
  const names = [...new Set([...a.keys(), ...b.keys()])];
  const out = names.map((namespace): PostureChange => {
    const x = a.get(namespace);
    const y = b.get(namespace);
    const changed = !x || !y || FACTS.some((f) => x[f] !== y[f]);
    return { namespace, then: x, now: y, scoreDelta: x && y ? Math.round((y.score - x.score) * 10) / 10 : undefined, changed };
  });
  return out.sort((p, q) => Number(q.changed) - Number(p.changed) || (p.scoreDelta ?? 0) - (q.scoreDelta ?? 0) || (p.namespace < q.namespace ? -1 : 1));
}

/** "kubectl-client-side-apply" → who; annotations a person or pipeline left say more. */
export function whoText(e: Pick<AuditEntry, 'manager'> & { annotations?: Record<string, string> }): string {
  const notes = Object.entries(e.annotations ?? {}).sort(([k1], [k2]) => (k1 < k2 ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  return [e.manager ?? 'unknown manager', ...notes].join(' · ');
}
