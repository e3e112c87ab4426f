import {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  ClusterState,
  ContainerPort,
  LabelSelector,
  NetworkPolicy,
  NetworkPolicyRule,
  Pod,
  PolicyType,
} from '../src/model';

/** Compact builders for hand-written test clusters. */

export function ns(name: string, labels: Record<string, string> = {}) {
  return { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } };
}

export function pod(
  namespace: string,
  name: string,
  labels: Record<string, string> = {},
  extra: Partial<Pod> = {},
): Pod {
  return { namespace, name, labels, ips: [], hostNetwork: false, ports: [], workload: { kind: 'Deployment', name }, ...extra };
}

export function tcp(port: number, name?: string): ContainerPort {
  return { port, protocol: 'TCP', name };
}

export function np(
  namespace: string,
  name: string,
  podSelector: LabelSelector,
  spec: { types?: PolicyType[]; ingress?: NetworkPolicyRule[]; egress?: NetworkPolicyRule[] },
): NetworkPolicy {
  const ingress = spec.ingress ?? [];
  const egress = spec.egress ?? [];
  const policyTypes = spec.types ?? (['Ingress', ...(egress.length ? ['Egress'] : [])] as PolicyType[]);
  return { namespace, name, podSelector, policyTypes, ingress, egress };
}

export function state(parts: Partial<ClusterState>): ClusterState {
  return {
    namespaces: parts.namespaces ?? [],
    pods: parts.pods ?? [],
    nodes: parts.nodes ?? [],
    services: parts.services ?? [],
    networkPolicies: parts.networkPolicies ?? [],
    adminNetworkPolicies: parts.adminNetworkPolicies ?? [],
    baselineAdminNetworkPolicy: parts.baselineAdminNetworkPolicy,
  };
}

export function anp(name: string, priority: number, rest: Omit<AdminNetworkPolicy, 'name' | 'priority'>): AdminNetworkPolicy {
  return { name, priority, ...rest };
}

export function banp(rest: Omit<BaselineAdminNetworkPolicy, 'name'>): BaselineAdminNetworkPolicy {
  return { name: 'default', ...rest };
}
