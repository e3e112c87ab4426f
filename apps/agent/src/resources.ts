/**
 * The kinds the agent watches and where they live in the Kubernetes API. Lists and watches always use the
 * all-namespaces path: one stream per kind for the whole cluster.
 */
import type { WatchedKind } from '@reachwatch/contracts';

export interface WatchedResource {
  kind: WatchedKind;
  /** The collection path, e.g. `/api/v1/pods`. */
  path: string;
  /** Only watched when discovery lists it (an optional CRD). */
  optional: boolean;
  /** For optional resources: the group/version discovered and the plural resource name to look for. */
  groupVersion: string;
  plural: string;
}

export const ANP_GROUP_VERSION = 'policy.networking.k8s.io/v1alpha1';

const core = (kind: WatchedKind, plural: string): WatchedResource => ({
  kind,
  path: `/api/v1/${plural}`,
  optional: false,
  groupVersion: 'v1',
  plural,
});

const anp = (kind: WatchedKind, plural: string): WatchedResource => ({
  kind,
  path: `/apis/${ANP_GROUP_VERSION}/${plural}`,
  optional: true,
  groupVersion: ANP_GROUP_VERSION,
  plural,
});

/** In the order the agent starts them: namespaces first so a consumer rarely sees a pod before its namespace. */
export const RESOURCES: readonly WatchedResource[] = [
  core('Namespace', 'namespaces'),
  core('Node', 'nodes'),
  { ...core('NetworkPolicy', 'networkpolicies'), path: '/apis/networking.k8s.io/v1/networkpolicies', groupVersion: 'networking.k8s.io/v1' },
  core('Service', 'services'),
  core('Pod', 'pods'),
  anp('AdminNetworkPolicy', 'adminnetworkpolicies'),
  anp('BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies'),
];
