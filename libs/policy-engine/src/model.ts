/**
 * The engine's input model: Kubernetes objects after validation and normalisation (libs/k8s does that).
 * The engine never sees raw YAML; every optional field that has a Kubernetes default is resolved here
 * except where absence itself carries meaning (selectors, peers, ports), which is kept explicit.
 */

export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values?: string[];
}

/** A Kubernetes LabelSelector. `{}` selects everything; an absent selector is `undefined` where it matters. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export interface ContainerPort {
  name?: string;
  port: number;
  protocol: Protocol;
}

export interface WorkloadRef {
  /** Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, … */
  kind: string;
  name: string;
}

export interface Namespace {
  name: string;
  /** Always includes `kubernetes.io/metadata.name` (libs/k8s adds it). */
  labels: Labels;
}

export interface Pod {
  namespace: string;
  name: string;
  labels: Labels;
  /** Pod IPs (v4 and/or v6); empty when not yet scheduled or when taken from a workload template. */
  ips: string[];
  hostNetwork: boolean;
  nodeName?: string;
  ports: ContainerPort[];
  /** The owner it is reported under (a bare Pod is its own workload, kind `Pod`). */
  workload: WorkloadRef;
}

export interface Node {
  name: string;
  labels: Labels;
  ips: string[];
  podCIDRs: string[];
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol: Protocol;
  targetPort?: number | string;
  nodePort?: number;
}

export interface Service {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** Absent selector: a service with manual endpoints. */
  selector?: Record<string, string>;
  ports: ServicePort[];
  externalIPs: string[];
  loadBalancerIPs: string[];
}

// ---- NetworkPolicy (networking.k8s.io/v1) ----

export interface IPBlock {
  cidr: string;
  except: string[];
}

/**
 * One peer. Exactly one of: ipBlock, or selectors. With selectors, an absent namespaceSelector means the
 * policy's own namespace and an absent podSelector means all pods of the selected namespaces.
 */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  protocol: Protocol;
  /** Absent: all ports of the protocol. A string is a named port resolved on the destination pod. */
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRule {
  /** `undefined` (field absent or empty list): all peers, pods and IPs alike. */
  peers?: NetworkPolicyPeer[];
  /** `undefined` (field absent or empty list): all ports and protocols. */
  ports?: NetworkPolicyPort[];
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicy {
  namespace: string;
  name: string;
  podSelector: LabelSelector;
  /** Already defaulted: Ingress always unless listed otherwise; Egress when listed or when egress rules exist. */
  policyTypes: PolicyType[];
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
}

// ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) ----

export interface NamespacedPodSelector {
  namespaceSelector: LabelSelector;
  podSelector: LabelSelector;
}

/** Who an admin policy applies to. */
export type AdminSubject = { namespaces: LabelSelector } | { pods: NamespacedPodSelector };

export type AdminPeer =
  | { namespaces: LabelSelector }
  | { pods: NamespacedPodSelector }
  /** Matches host-network pods on the selected nodes (and node IPs). Egress only. */
  | { nodes: LabelSelector }
  /** CIDRs. Egress only. */
  | { networks: string[] };

export type AdminPort =
  | { portNumber: { protocol: Protocol; port: number } }
  | { namedPort: string }
  | { portRange: { protocol: Protocol; start: number; end: number } };

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export interface AdminRule {
  name: string;
  action: AdminAction;
  peers: AdminPeer[];
  /** `undefined`: all ports. */
  ports?: AdminPort[];
}

export interface AdminNetworkPolicy {
  name: string;
  /** Lower wins. Ties are broken by name so results are deterministic. */
  priority: number;
  subject: AdminSubject;
  ingress: AdminRule[];
  egress: AdminRule[];
}

/** The singleton BANP (named `default`). Actions are Allow or Deny only. */
export interface BaselineAdminNetworkPolicy {
  name: string;
  subject: AdminSubject;
  ingress: AdminRule[];
  egress: AdminRule[];
}

/**
 * What ipBlock (and ANP `networks`) match, which Kubernetes leaves to the network plugin.
 * - `generic` (also accepted as `cilium`, `gke-dpv2`): only addresses outside the cluster; pod traffic is
 *   matched by selectors alone.
 * - `calico`: any address, pod and node IPs included.
 */
export type CniProfile = 'generic' | 'calico';

export function parseCniProfile(name: string): CniProfile {
  switch (name.toLowerCase()) {
    case 'generic':
    case 'cilium':
    case 'gke-dpv2':
      return 'generic';
    case 'calico':
      return 'calico';
    default:
      throw new Error(`unknown CNI profile "${name}" (expected generic, cilium, gke-dpv2 or calico)`);
  }
}

/** One cluster's state, as the engine sees it. */
export interface ClusterState {
  namespaces: Namespace[];
  pods: Pod[];
  nodes: Node[];
  services: Service[];
  networkPolicies: NetworkPolicy[];
  adminNetworkPolicies: AdminNetworkPolicy[];
  baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicy;
}

export function emptyClusterState(): ClusterState {
  return { namespaces: [], pods: [], nodes: [], services: [], networkPolicies: [], adminNetworkPolicies: [] };
}

// ---- Object changes (what a watch event becomes) ----

export interface ObjectKinds {
  Namespace: Namespace;
  Pod: Pod;
  Node: Node;
  Service: Service;
  NetworkPolicy: NetworkPolicy;
  AdminNetworkPolicy: AdminNetworkPolicy;
  BaselineAdminNetworkPolicy: BaselineAdminNetworkPolicy;
}
export type ObjectKind = keyof ObjectKinds;

/**
 * An add/update (`upsert`) or a delete of one object. `key` identifies the object: `namespace/name` for
 * namespaced kinds, `name` for cluster-scoped ones (see objectKey).
 */
export type ObjectChange = {
  [K in ObjectKind]: { type: 'upsert'; kind: K; object: ObjectKinds[K] } | { type: 'delete'; kind: K; key: string };
}[ObjectKind];

export function objectKey<K extends ObjectKind>(kind: K, o: ObjectKinds[K]): string {
  switch (kind) {
    case 'Pod':
    case 'Service':
    case 'NetworkPolicy': {
      const n = o as Pod | Service | NetworkPolicy;
      return `${n.namespace}/${n.name}`;
    }
    default:
      return (o as Namespace).name;
  }
}
