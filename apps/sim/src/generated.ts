/**
 * A generated cluster, deterministic from a seed: the policy engine's benchmark generator
 * (libs/policy-engine/bench/generate.ts, realistic shapes: skewed replica counts, controller labels,
 * per-namespace default deny, ANPs and a BANP) turned back into Kubernetes objects. Pods are served as they
 * were generated (IPs, nodes, owner references to their ReplicaSet/StatefulSet/DaemonSet), not synthesised
 * from Deployments, so the served cluster is exactly the generated one.
 */
import type {
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  ClusterState,
  LabelSelector,
  NetworkPolicyRule,
  Pod,
} from '@reachwatch/policy-engine';
import { generateClusterWith, SIZES, SizeParams } from '../../../libs/policy-engine/bench/generate';
import { fnv32a } from './ids';
import type { KObj } from './store';

export interface GeneratedOptions {
  pods: number;
  namespaces: number;
  policies: number;
  seed?: number;
  /** Default: enough for ~80 pods a node. */
  nodes?: number;
  /** Default: a third of the pods (the benchmark's ratio). */
  workloads?: number;
}

/** The benchmark's sizes, for `generated: GENERATED_SIZES.L` (L: 50k pods, 14k policies; needs a /14 pod CIDR). */
export const GENERATED_SIZES = SIZES;

export function generatedParams(g: GeneratedOptions, podCidr: string): SizeParams {
  const named = Object.values(SIZES).find((s) => s.pods === g.pods && s.namespaces === g.namespaces && s.policies === g.policies);
  return {
    pods: g.pods,
    namespaces: g.namespaces,
    policies: g.policies,
    nodes: g.nodes ?? named?.nodes ?? Math.max(3, Math.ceil(g.pods / 80)),
    workloads: g.workloads ?? named?.workloads ?? Math.max(g.namespaces, Math.ceil(g.pods / 3)),
    podCidr,
    externalCidrs: named?.externalCidrs ?? 20,
  };
}

export function generateObjects(g: GeneratedOptions, podCidr: string): KObj[] {
  return stateToObjects(generateClusterWith(generatedParams(g, podCidr), g.seed ?? 1));
}

const uidOf = (s: string) => {
  const h = fnv32a(s).toString(16).padStart(8, '0');
  const h2 = fnv32a(`${s}#`).toString(16).padStart(8, '0');
  return `${h}-${h2.slice(0, 4)}-4${h2.slice(5, 8)}-8000-${h}${h2.slice(0, 4)}`;
};

function withoutAuto(labels: Readonly<Record<string, string>>): Record<string, string> {
  const { 'kubernetes.io/metadata.name': _auto, ...rest } = labels;
  return rest;
}

function podObject(p: Pod): KObj {
  const meta: KObj = { name: p.name, namespace: p.namespace, labels: { ...p.labels } };
  if (p.workload.kind !== 'Pod') {
    const hash = p.labels['pod-template-hash'];
    const [kind, name] = p.workload.kind === 'Deployment' && hash ? ['ReplicaSet', `${p.workload.name}-${hash}`] : [p.workload.kind, p.workload.name];
    meta.ownerReferences = [{ apiVersion: 'apps/v1', kind, name, uid: uidOf(`${p.namespace}/${kind}/${name}`), controller: true, blockOwnerDeletion: true }];
  }
  const spec: KObj = {
    containers: [{ name: 'main', image: 'registry.example.com/app:1.0', ...(p.ports.length ? { ports: p.ports.map((c) => ({ ...(c.name ? { name: c.name } : {}), containerPort: c.port, protocol: c.protocol })) } : {}) }],
  };
  if (p.nodeName) spec.nodeName = p.nodeName;
  if (p.hostNetwork) spec.hostNetwork = true;
  const status: KObj = { phase: 'Running' };
  if (p.ips.length) {
    status.podIP = p.ips[0];
    status.podIPs = p.ips.map((ip) => ({ ip }));
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec, status };
}

function rule(r: NetworkPolicyRule, peerField: 'from' | 'to'): KObj {
  const out: KObj = {};
  if (r.peers) out[peerField] = r.peers.map((p) => ({ ...p }));
  if (r.ports) out.ports = r.ports.map((p) => ({ ...p }));
  return out;
}

function adminSubject(s: AdminSubject): KObj {
  return 'namespaces' in s ? { namespaces: s.namespaces } : { pods: s.pods };
}

function adminPeer(p: AdminPeer): KObj {
  return { ...p };
}

function adminPort(p: AdminPort): KObj {
  return { ...p };
}

function adminRule(r: AdminRule, peerField: 'from' | 'to'): KObj {
  const out: KObj = { name: r.name, action: r.action, [peerField]: r.peers.map(adminPeer) };
  if (r.ports) out.ports = r.ports.map(adminPort);
  return out;
}

const sel = (s: LabelSelector): LabelSelector => ({ ...s });

export function stateToObjects(s: ClusterState): KObj[] {
  const out: KObj[] = [];
  for (const n of s.namespaces) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: withoutAuto(n.labels) } });
  for (const n of s.nodes) {
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels: { ...n.labels } },
      spec: { podCIDR: n.podCIDRs[0], podCIDRs: [...n.podCIDRs] },
      status: { addresses: n.ips.map((address) => ({ type: 'InternalIP', address })) },
    });
  }
  for (const p of s.pods) out.push(podObject(p));
  for (const v of s.services) {
    const spec: KObj = { type: v.type, ports: v.ports.map((p) => ({ ...p })) };
    if (v.selector) spec.selector = { ...v.selector };
    if (v.externalIPs.length) spec.externalIPs = [...v.externalIPs];
    const status = v.loadBalancerIPs.length ? { loadBalancer: { ingress: v.loadBalancerIPs.map((ip) => ({ ip })) } } : { loadBalancer: {} };
    out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: v.name, namespace: v.namespace }, spec, status });
  }
  for (const np of s.networkPolicies) {
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: np.name, namespace: np.namespace },
      spec: {
        podSelector: sel(np.podSelector),
        policyTypes: [...np.policyTypes],
        ...(np.ingress.length ? { ingress: np.ingress.map((r) => rule(r, 'from')) } : {}),
        ...(np.egress.length ? { egress: np.egress.map((r) => rule(r, 'to')) } : {}),
      },
    });
  }
  for (const a of s.adminNetworkPolicies) {
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: a.name },
      spec: { priority: a.priority, subject: adminSubject(a.subject), ingress: a.ingress.map((r) => adminRule(r, 'from')), egress: a.egress.map((r) => adminRule(r, 'to')) },
    });
  }
  const b = s.baselineAdminNetworkPolicy;
  if (b) {
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'BaselineAdminNetworkPolicy',
      metadata: { name: b.name },
      spec: { subject: adminSubject(b.subject), ingress: b.ingress.map((r) => adminRule(r, 'from')), egress: b.egress.map((r) => adminRule(r, 'to')) },
    });
  }
  return out;
}
