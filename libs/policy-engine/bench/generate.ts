/**
 * Synthetic but realistic clusters for the engine benchmark.
 *
 * Shapes follow what large fleets look like:
 * - XL is the documented Kubernetes scalability envelope (150,000 pods, 10,000 namespaces, ≤110 pods per
 *   node; kubernetes.io "Considerations for large clusters" and sig-scalability thresholds); the smaller
 *   sizes keep its ratios roughly (10–36 pods and 2–10 NetworkPolicies per namespace).
 * - Workloads: mostly Deployments, data stores as StatefulSets, node agents as DaemonSets (kube-proxy and
 *   node-exporter host-networked). Replica counts are heavily skewed (most 1–3, a tail of 20–100+).
 * - Labels as controllers set them: app/component/tier/version plus pod-template-hash (Deployments),
 *   controller-revision-hash (StatefulSets, DaemonSets) and statefulset.kubernetes.io/pod-name, so label
 *   sets per workload are 1–2 (rollouts) and per pod for StatefulSets, as in real clusters.
 * - Policies: per-namespace default deny (ingress; often egress too with an allow-DNS companion), one or
 *   more per workload (same-namespace callers by podSelector, cross-namespace callers, named and numeric
 *   ports, a few endPort ranges, ipBlock for edge ingress and external egress), a few namespaces left
 *   without any policy, a handful of AdminNetworkPolicies and a BaselineAdminNetworkPolicy.
 *
 * Everything is a pure function of (size, seed).
 *
 * The generator lives in generator/ (sizes, vocabulary, topology, workloads, pods, policies, admin
 * policies, events, the checked cluster model); this file is its public entry point, which the
 * benchmarks, the simulator (apps/sim) and the API benchmark import by path.
 */
export { MAX_PODS_PER_NODE, SIZES, SIZE_NAMES, SYSTEM_NAMESPACES } from './generator/sizes';
export type { Size, SizeParams } from './generator/sizes';
export { generateCluster, generateClusterWith } from './generator/cluster';
export { bumpVersion } from './generator/shapes';
export { clusterCounts } from './generator/counts';
export type { ClusterCounts } from './generator/counts';
export { EVENT_MIX, generateEvents, generateLabelledEvents } from './generator/events';
export type { EventKind } from './generator/events';
export { ClusterModel } from './generator/model';
