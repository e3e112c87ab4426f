import { Inject, Injectable } from '@nestjs/common';
import type { Cluster, GraphReadRepository, StoredEdge } from '@reachwatch/db';
import { impliedNamespace, includesPublicAddresses, podIsolation, type Endpoint, type Pod } from '@reachwatch/policy-engine';
import { GRAPH_READ_REPOSITORY } from '../clusters/rest-tokens';
import type { ClusterSnapshot, WorkloadEntry } from '../reachability/cluster-snapshot';
import { EngineCache } from '../reachability/engine-cache';
import type { WorkloadsQuery } from './posture.schemas';

type External = Extract<Endpoint, { type: 'external' }>;
const PODS_SHOWN = 20;

export interface Exposure {
  internet: boolean;
  /** External ranges with public addresses that reach it. */
  internetSources: string[];
  /** Namespaces whose workloads reach it. */
  fromNamespaces: string[];
}

/**
 * Workloads with their pods, the policies that apply to them and their exposure. Pods and policies come
 * from the cached state at the journal head; which policy applies is libs/policy-engine's podIsolation
 * (the posture definition), exposure is read from the worker's edge table.
 */
@Injectable()
export class WorkloadsService {
  constructor(
    @Inject(EngineCache) private readonly cache: EngineCache,
    @Inject(GRAPH_READ_REPOSITORY) private readonly edges: GraphReadRepository,
  ) {}

  async list(cluster: Cluster, q: WorkloadsQuery) {
    const snap = await this.cache.at(cluster);
    let list = snap.workloads().filter((w) =>
      (q.namespace === undefined || w.namespace === q.namespace) && (q.search === undefined || w.name.includes(q.search)) && (q.cursor === undefined || cmpKey(w, q.cursor) > 0));
    // With an exposure filter every candidate's exposure is needed before paging; without, only the page's.
    let exposure: Map<string, Exposure>;
    if (q.exposure) {
      exposure = await this.exposure(cluster, [...new Set(list.map((w) => w.namespace))]);
      list = list.filter((w) => matches(exposure.get(w.key), q.exposure!));
    }
    const page = list.slice(0, q.limit);
    if (!q.exposure) exposure = await this.exposure(cluster, [...new Set(page.map((w) => w.namespace))]);
    return {
      seq: snap.seq,
      items: page.map((w) => this.view(snap, w, exposure.get(w.key))),
      nextCursor: list.length > q.limit ? page[page.length - 1].key : null,
    };
  }

  private view(snap: ClusterSnapshot, w: WorkloadEntry, x: Exposure | undefined) {
    const st = snap.model;
    const ns = st.namespaces.get(w.namespace) ?? impliedNamespace(w.namespace);
    const nps = [...(st.policiesByNs.get(w.namespace)?.values() ?? [])];
    const anps = [...st.anps.values()];
    const banp = st.chosenBanp();
    const applied = new Map<string, Set<string>>();
    const admin = new Set<string>();
    let ingressIsolated = 0;
    let egressIsolated = 0;
    // Pods of one workload usually share their labels: evaluate each distinct label set once.
    const seen = new Map<string, { ingress: boolean; egress: boolean }>();
    for (const pod of w.pods) {
      const sig = `${pod.hostNetwork}|${JSON.stringify(pod.labels)}`;
      let iso = seen.get(sig);
      if (!iso) {
        const d = podIsolation(pod, ns, nps, anps, banp, admin);
        iso = { ingress: d.Ingress, egress: d.Egress };
        seen.set(sig, iso);
        for (const np of nps) {
          const one = podIsolation(pod, ns, [np], [], undefined);
          const dirs = [one.Ingress ? 'Ingress' : '', one.Egress ? 'Egress' : ''].filter(Boolean);
          if (dirs.length) for (const d2 of dirs) (applied.get(np.name) ?? applied.set(np.name, new Set()).get(np.name)!).add(d2);
        }
      }
      if (iso.ingress) ingressIsolated++;
      if (iso.egress) egressIsolated++;
    }
    return {
      key: w.key,
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      pods: w.pods.length,
      podNames: w.pods.slice(0, PODS_SHOWN).map((p: Pod) => p.name),
      ingressIsolatedPods: ingressIsolated,
      egressIsolatedPods: egressIsolated,
      networkPolicies: [...applied].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, dirs]) => ({ name, policyTypes: [...dirs].sort() })),
      adminPolicies: [...admin].sort(),
      exposure: x ?? { internet: false, internetSources: [], fromNamespaces: [] },
    };
  }

  /** Per workload key: who outside its namespace reaches it (edge table). */
  private async exposure(cluster: Cluster, namespaces: string[]): Promise<Map<string, Exposure>> {
    const out = new Map<string, Exposure>();
    if (namespaces.length === 0) return out;
    for (const e of await this.edges.inboundFromOutside(cluster.id, namespaces)) add(out, e);
    for (const x of out.values()) {
      x.internetSources.sort();
      x.fromNamespaces.sort();
    }
    return out;
  }
}

function add(out: Map<string, Exposure>, e: StoredEdge): void {
  const x = out.get(e.dstKey) ?? { internet: false, internetSources: [], fromNamespaces: [] };
  out.set(e.dstKey, x);
  if (e.srcNamespace !== null) {
    if (!x.fromNamespaces.includes(e.srcNamespace)) x.fromNamespaces.push(e.srcNamespace);
  } else if (includesPublicAddresses(e.src as External)) {
    x.internet = true;
    x.internetSources.push(e.srcKey.replace(/\[External\]$/, ''));
  }
}

function matches(x: Exposure | undefined, want: NonNullable<WorkloadsQuery['exposure']>): boolean {
  const internet = x?.internet ?? false;
  const other = (x?.fromNamespaces.length ?? 0) > 0;
  switch (want) {
    case 'internet': return internet;
    case 'other-namespace': return other;
    case 'any': return internet || other;
    case 'none': return !internet && !other;
  }
}

/** Order of snapshot.workloads(): namespace, name, kind; the cursor is the last key of the previous page. */
function cmpKey(w: WorkloadEntry, key: string): number {
  const m = /^([^/]+)\/(.+)\[([^\]]+)\]$/.exec(key);
  if (!m) return 1;
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return c(w.namespace, m[1]) || c(w.name, m[2]) || c(w.kind, m[3]);
}
