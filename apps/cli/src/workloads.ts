/**
 * Workloads of a loaded state, and resolving what the user typed (`ns/name` or `ns/name[Kind]`) to one of
 * them, with "did you mean" suggestions when nothing matches.
 */
import type { ClusterState, Pod } from '@reachwatch/policy-engine';
import type { EndpointSpec } from './args';
import { usageError } from './errors';
import { msg } from './messages';

export interface Workload {
  namespace: string;
  name: string;
  kind: string;
  /** Its pods, sorted by name (one representative pod for a workload loaded from a manifest). */
  pods: Pod[];
}

export function workloadText(w: Pick<Workload, 'namespace' | 'name' | 'kind'>): string {
  return `${w.namespace}/${w.name}[${w.kind}]`;
}

export function listWorkloads(state: ClusterState): Workload[] {
  const byKey = new Map<string, Workload>();
  for (const pod of state.pods) {
    const w = { namespace: pod.namespace, name: pod.workload.name, kind: pod.workload.kind };
    const key = workloadText(w);
    const entry = byKey.get(key) ?? { ...w, pods: [] };
    entry.pods.push(pod);
    byKey.set(key, entry);
  }
  const out = [...byKey.values()];
  for (const w of out) w.pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out.sort((a, b) => (workloadText(a) < workloadText(b) ? -1 : 1));
}

type WorkloadSpec = Extract<EndpointSpec, { type: 'workload' }>;

/** The workload a spec names; a usage error with suggestions when there is none or several. */
export function resolveWorkload(flag: string, spec: WorkloadSpec, workloads: readonly Workload[]): Workload {
  const found = workloads.filter(
    (w) => w.namespace === spec.namespace && w.name === spec.name && (!spec.kind || w.kind.toLowerCase() === spec.kind.toLowerCase()),
  );
  if (found.length === 1) return found[0];
  if (found.length > 1) throw usageError(msg.ambiguousWorkload(flag, spec.text, found.map(workloadText)));
  throw usageError(msg.unknownWorkload(flag, spec.text, suggest(`${spec.namespace}/${spec.name}`, workloads)));
}

/**
 * Up to five workloads whose `ns/name` is close to the wanted one: the same name in another namespace,
 * a name containing or contained in it, or a small edit distance.
 */
export function suggest(wanted: string, workloads: readonly Workload[], max = 5): string[] {
  const [wantedNs, wantedName = ''] = wanted.split('/');
  const scored: { text: string; score: number }[] = [];
  for (const w of workloads) {
    const text = `${w.namespace}/${w.name}`;
    const d = editDistance(wanted.toLowerCase(), text.toLowerCase());
    let score = d;
    if (w.name === wantedName) score = Math.min(score, 1);
    else if (w.namespace === wantedNs && wantedName && (w.name.includes(wantedName) || wantedName.includes(w.name))) score = Math.min(score, 2);
    const limit = Math.max(2, Math.floor(wanted.length / 3));
    if (score <= limit) scored.push({ text, score });
  }
  const uniq = new Map<string, number>();
  for (const s of scored) uniq.set(s.text, Math.min(uniq.get(s.text) ?? Infinity, s.score));
  return [...uniq.entries()]
    .sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, max)
    .map(([t]) => t);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Whether the input has anything the CNI profile decides: an ipBlock, or ANP/BANP `networks`. */
export function usesIpBlocks(state: ClusterState): boolean {
  const np = state.networkPolicies.some((p) => [...p.ingress, ...p.egress].some((r) => r.peers?.some((x) => x.ipBlock)));
  const admin = [...state.adminNetworkPolicies, ...(state.baselineAdminNetworkPolicy ? [state.baselineAdminNetworkPolicy] : [])];
  return np || admin.some((p) => p.egress.some((r) => r.peers.some((x) => 'networks' in x)));
}
