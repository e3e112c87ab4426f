/** The benchmark sizes and the constants every part of the generator shares. */

export type Size = 'S' | 'M' | 'L' | 'XL';
export const SIZE_NAMES: readonly Size[] = ['S', 'M', 'L', 'XL'];

export interface SizeParams {
  /** Total pods (DaemonSets and system workloads included). Exact. */
  pods: number;
  /** Total namespaces (system ones included). Exact. */
  namespaces: number;
  /** Total NetworkPolicies. Exact. (ANPs and the BANP come on top.) */
  policies: number;
  nodes: number;
  /** Team workloads (Deployments and StatefulSets outside the system namespaces). */
  workloads: number;
  /** Cluster pod CIDR; each node gets a /24 of it. */
  podCidr: string;
  /** How many distinct external CIDRs egress policies draw from. */
  externalCidrs: number;
}

export const SIZES: Readonly<Record<Size, SizeParams>> = {
  S: { pods: 500, namespaces: 50, policies: 100, nodes: 6, workloads: 170, podCidr: '10.244.0.0/16', externalCidrs: 12 },
  M: { pods: 5_000, namespaces: 500, policies: 5_000, nodes: 55, workloads: 1_700, podCidr: '10.244.0.0/16', externalCidrs: 30 },
  L: { pods: 50_000, namespaces: 1_400, policies: 14_000, nodes: 500, workloads: 6_500, podCidr: '10.244.0.0/14', externalCidrs: 60 },
  XL: { pods: 150_000, namespaces: 10_000, policies: 50_000, nodes: 1_500, workloads: 40_000, podCidr: '10.240.0.0/13', externalCidrs: 100 },
};

/** Kubelet's default (and the documented per-node limit). */
export const MAX_PODS_PER_NODE = 110;

export const SYSTEM_NAMESPACES = ['kube-system', 'monitoring', 'ingress-nginx', 'logging', 'cert-manager'] as const;
export const DAEMONSETS_PER_NODE = 3; // kube-proxy, node-exporter, fluent-bit
