/**
 * Turns workload manifests into what a running cluster would hold, for corpora whose probes address
 * real pods by IP (README section 3): StatefulSets become their pods `<name>-0..N-1`, each with its own
 * pod IP, scheduled round-robin on simulated Nodes; host-network pods get their node's IP.
 */
import { deepClone } from './corpus';
import type { Raw } from './scenario';

export interface SimNode {
  name: string;
  ip: string;
  /** The /24 pod addresses are taken from: `10.244.<n>.` */
  podPrefix: string;
}

export const SIM_NODES: readonly SimNode[] = [
  { name: 'kind-worker', ip: '172.18.0.2', podPrefix: '10.244.1.' },
  { name: 'kind-worker2', ip: '172.18.0.3', podPrefix: '10.244.2.' },
];

export function nodeObject(n: SimNode): Raw {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.name },
    },
    spec: { podCIDR: `${n.podPrefix}0/24`, podCIDRs: [`${n.podPrefix}0/24`] },
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
    },
  };
}

export interface Expansion {
  /** The input with every StatefulSet replaced by its pods, plus the Node objects. */
  objects: Raw[];
  /** `ns/pod` → the address a probe to that pod reaches (pod IP, or node IP for host-network pods). */
  ips: Map<string, string>;
}

/** Expands StatefulSets into pods with distinct IPs; other objects pass through unchanged. */
export function expandStatefulSets(objs: readonly Raw[], nodes: readonly SimNode[] = SIM_NODES): Expansion {
  const out: Raw[] = nodes.map(nodeObject);
  const ips = new Map<string, string>();
  const nextHost = nodes.map(() => 10);
  for (const o of objs) {
    if (o.kind !== 'StatefulSet') {
      out.push(o);
      continue;
    }
    const m = o.metadata as { name: string; namespace?: string };
    const ns = m.namespace ?? 'default';
    const spec = (o.spec ?? {}) as { replicas?: number; template?: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> } };
    const replicas = spec.replicas ?? 1;
    const tpl = spec.template ?? {};
    const podSpec = deepClone(tpl.spec ?? {});
    const hostNetwork = podSpec.hostNetwork === true;
    for (let i = 0; i < replicas; i++) {
      const name = `${m.name}-${i}`;
      const nodeIdx = i % nodes.length;
      const node = nodes[nodeIdx];
      const ip = hostNetwork ? node.ip : `${node.podPrefix}${nextHost[nodeIdx]++}`;
      ips.set(`${ns}/${name}`, ip);
      out.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: ns,
          labels: {
            ...(tpl.metadata?.labels ?? {}),
            'statefulset.kubernetes.io/pod-name': name,
            'apps.kubernetes.io/pod-index': String(i),
          },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'StatefulSet', name: m.name, uid: `uid-${ns}-${m.name}`, controller: true, blockOwnerDeletion: true },
          ],
        },
        spec: { ...deepClone(podSpec), nodeName: node.name, hostname: name },
        status: {
          phase: 'Running',
          hostIP: node.ip,
          hostIPs: [{ ip: node.ip }],
          podIP: ip,
          podIPs: [{ ip }],
        },
      });
    }
  }
  return { objects: out, ips };
}
