/** The simulated nodes of a cluster: `<cluster>-node-<i>`, each with a /24 of the pod CIDR and an InternalIP. */
import { nodeRange } from './ipam';
import type { KObj } from './store';

export function simNodes(cluster: string, count: number, podCidr: string): KObj[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${cluster}-node-${i + 1}`;
    const cidr = nodeRange(podCidr, i);
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': `zone-${String.fromCharCode(97 + (i % 3))}`,
        },
      },
      spec: { podCIDR: cidr, podCIDRs: [cidr] },
      // Node addresses in 10.0.0.0/24, as on most clouds' default VPCs: inside 10.0.0.0/8, which is what
      // makes an `except: [10.0.0.0/8]` cut off load-balancer traffic in the isolated scenario.
      status: { addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }, { type: 'Hostname', address: name }] },
    };
  });
}

export function nodeInternalIp(node: KObj): string | undefined {
  return (node.status?.addresses ?? []).find((a: KObj) => a.type === 'InternalIP')?.address;
}
