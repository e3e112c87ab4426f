import { Pod, Service } from '../../src/model';
import { Rng } from '../rng';
import { MAX_PODS_PER_NODE } from './sizes';
import { NodeSlot, NsInfo, WlInfo, bumpVersion, intToV4, uniqueName, v6PodIp } from './shapes';

/**
 * Pods of every workload (controller labels per kind: a DaemonSet pod per node, StatefulSet ordinals,
 * Deployments sometimes mid-rollout with two ReplicaSets), placed on nodes with room and given addresses
 * from their node's /24 (and a v6 one in dual-stack namespaces); a Service per workload with ports.
 */
export class PodMaker {
  readonly pods: Pod[] = [];
  readonly services: Service[] = [];
  private readonly podKeys = new Set<string>();

  constructor(private readonly rng: Rng, private readonly namespaces: readonly NsInfo[], private readonly nodes: readonly NodeSlot[]) {}

  private allocIp(slot: NodeSlot): number {
    for (let k = 0; k < 253; k++) {
      const h = slot.next;
      slot.next = slot.next >= 254 ? 2 : slot.next + 1;
      if (!slot.used.has(h)) {
        slot.used.add(h);
        return h;
      }
    }
    throw new Error(`node ${slot.node.name} is out of pod addresses`);
  }

  private randomNode(): NodeSlot {
    for (let tries = 0; tries < 10_000; tries++) {
      const s = this.nodes[Math.floor(this.rng.next() * this.nodes.length)];
      if (s.pods < MAX_PODS_PER_NODE) return s;
    }
    const s = this.nodes.find((n) => n.pods < MAX_PODS_PER_NODE);
    if (!s) throw new Error('every node is full');
    return s;
  }

  private addPod(wl: WlInfo, name: string, labels: Record<string, string>, slot: NodeSlot): void {
    const key = `${wl.ns.name}/${name}`;
    if (this.podKeys.has(key)) throw new Error(`duplicate pod ${key}`);
    this.podKeys.add(key);
    slot.pods++;
    let ips: string[];
    if (wl.hostNetwork) {
      ips = [...slot.node.ips];
    } else {
      const h = this.allocIp(slot);
      ips = [intToV4(slot.base + h)];
      if (wl.ns.dualStack) ips.push(v6PodIp(slot.index, h));
    }
    this.pods.push({
      namespace: wl.ns.name,
      name,
      labels,
      ips,
      hostNetwork: wl.hostNetwork,
      nodeName: slot.node.name,
      ports: wl.ports,
      workload: { kind: wl.kind, name: wl.name },
    });
  }

  makePods(): void {
    const r = this.rng;
    for (const ns of this.namespaces) {
      for (const wl of ns.workloads) {
        if (wl.kind === 'DaemonSet') {
          const labels = { ...wl.labels, 'controller-revision-hash': r.k8sSuffix(10), 'pod-template-generation': '1' };
          for (const slot of this.nodes) this.addPod(wl, uniqueName(this.podKeys, ns.name, () => `${wl.name}-${r.k8sSuffix(5)}`), labels, slot);
        } else if (wl.kind === 'StatefulSet') {
          const rev = `${wl.name}-${r.k8sSuffix(10)}`;
          for (let i = 0; i < wl.replicas; i++) {
            const name = `${wl.name}-${i}`;
            this.addPod(wl, name, { ...wl.labels, 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name }, this.randomNode());
          }
        } else {
          // A Deployment; some are caught mid-rollout with two ReplicaSets (two versions) live.
          const sets: { labels: Record<string, string>; count: number }[] = [];
          const current = { ...wl.labels, 'pod-template-hash': r.k8sSuffix(10) };
          if (wl.replicas >= 2 && r.chance(0.08)) {
            const newer = r.int(1, wl.replicas - 1);
            sets.push({ labels: current, count: wl.replicas - newer });
            sets.push({ labels: { ...wl.labels, version: bumpVersion(wl.labels.version), 'pod-template-hash': r.k8sSuffix(10) }, count: newer });
          } else {
            sets.push({ labels: current, count: wl.replicas });
          }
          for (const s of sets) {
            for (let i = 0; i < s.count; i++) {
              const name = uniqueName(this.podKeys, ns.name, () => `${wl.name}-${s.labels['pod-template-hash']}-${r.k8sSuffix(5)}`);
              this.addPod(wl, name, s.labels, this.randomNode());
            }
          }
        }
        if (wl.kind !== 'DaemonSet' && wl.ports.length > 0) this.services.push(serviceFor(wl));
      }
    }
  }
}

function serviceFor(wl: WlInfo): Service {
  const edge = wl.edge && wl.ns.system;
  return {
    namespace: wl.ns.name,
    name: wl.name,
    type: edge ? 'LoadBalancer' : 'ClusterIP',
    selector: { ...wl.sel },
    ports: wl.ports.map((p) => ({ name: p.name, port: p.port === 8080 ? 80 : p.port, protocol: p.protocol, targetPort: p.name ?? p.port })),
    externalIPs: [],
    loadBalancerIPs: edge ? ['34.120.10.10'] : [],
  };
}
