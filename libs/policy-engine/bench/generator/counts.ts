import { ClusterState } from '../../src/model';

/** Sizes of a generated cluster, as the benchmark reports them. */

export interface ClusterCounts {
  pods: number;
  namespaces: number;
  policies: number;
  adminPolicies: number;
  nodes: number;
  services: number;
  workloads: number;
  /** Distinct (namespace, pod labels) pairs. */
  labelSets: number;
  hostNetworkPods: number;
  dualStackPods: number;
}

export function clusterCounts(s: ClusterState): ClusterCounts {
  const workloads = new Set<string>();
  const labelSets = new Set<string>();
  let hostNetworkPods = 0;
  let dualStackPods = 0;
  for (const p of s.pods) {
    workloads.add(`${p.namespace}/${p.workload.kind}/${p.workload.name}`);
    labelSets.add(`${p.namespace}\u0000${labelsKey(p.labels)}`);
    if (p.hostNetwork) hostNetworkPods++;
    if (p.ips.length > 1) dualStackPods++;
  }
  return {
    pods: s.pods.length,
    namespaces: s.namespaces.length,
    policies: s.networkPolicies.length,
    adminPolicies: s.adminNetworkPolicies.length + (s.baselineAdminNetworkPolicy ? 1 : 0),
    nodes: s.nodes.length,
    services: s.services.length,
    workloads: workloads.size,
    labelSets: labelSets.size,
    hostNetworkPods,
    dualStackPods,
  };
}

function labelsKey(l: Readonly<Record<string, string>>): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]}`)
    .join(',');
}
