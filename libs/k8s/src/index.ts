/**
 * @reachwatch/k8s — raw Kubernetes manifests and API objects → the engine's model (ClusterState).
 * Loaders never throw on bad input: problems are Diagnostics. The single-object normalisers (toPod, …)
 * throw K8sObjectError instead.
 */
export type { Diagnostic, LoadResult, LoadOptions, BuildOptions, ObjectOptions } from './types';
export { loadManifests, parseManifests } from './load';
export { buildClusterState } from './build';
export {
  toNamespace,
  toPod,
  toWorkloadPod,
  toNetworkPolicy,
  toAdminNetworkPolicy,
  toBaselineAdminNetworkPolicy,
  toService,
  toNode,
} from './normalize';
export { K8sObjectError } from './errors';
export { Codes } from './messages';
export { WORKLOAD_KINDS, isWorkloadKind } from './kinds/workload';
export * from './live';
