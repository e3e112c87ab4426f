import type { Connection, Endpoint, Exposure, Labels, NetworkPolicy, Pod, PolicyType, ReachabilityDelta, Service } from '@reachwatch/policy-engine';

export type Workload = Extract<Endpoint, { type: 'workload' }>;

/**
 * What one journal event changed, as the alert rules need it. ClusterCore computes these facts around the
 * model and engine update; the rules are pure functions of facts, the cluster view and the settings.
 */
export interface StepFacts {
  seq: number;
  at: Date;
  delta: ReachabilityDelta;
  exposures: readonly Exposure[];
  /** Workloads whose isolation in a direction changed (computed for NetworkPolicy events). */
  isolation: { workload: Workload; direction: PolicyType; isolated: boolean; policy: string }[];
  /** Namespaces whose default-deny in a direction came or went. */
  defaultDeny: { namespace: string; direction: PolicyType; inEffect: boolean }[];
  /** A namespace created by this event. */
  namespaceCreated?: string;
  /** A namespace (object) deleted by this event. */
  namespaceDeleted?: string;
  /** A namespace whose labels changed (scope membership may have changed). */
  namespaceRelabelled?: string;
  /** The NetworkPolicy this event touched: its content after the event (null: gone). */
  policy?: { namespace: string; name: string; after: NetworkPolicy | null };
  /** A Service of this namespace changed (it may make an internet exposure real, or stop doing so). */
  serviceNamespace?: string;
  /** Workloads left without pods by this event. */
  workloadsGone: Workload[];
}

/** Read access to the cluster after the step. */
export interface ClusterView {
  inbound(namespace: string): readonly Connection[];
  outbound(namespace: string): readonly Connection[];
  pods(namespace: string): Iterable<Pod>;
  services(namespace: string): Iterable<Service>;
  policies(namespace: string): Iterable<NetworkPolicy>;
  /** Undefined for a namespace with no Namespace object (implied by its pods). */
  namespaceLabels(namespace: string): Labels;
  /** A workload's labels: those of its first pod (pods of one workload share their template's labels). */
  workloadLabels(w: Workload): Labels;
}

export const workloadKey = (w: Workload) => `${w.namespace}/${w.kind}/${w.name}`;
