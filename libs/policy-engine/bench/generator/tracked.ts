import { AdminNetworkPolicy, ClusterState, Namespace, NetworkPolicy, Pod, objectKey } from '../../src/model';
import { KeyPool } from './key-pool';
import { SYSTEM_NAMESPACES } from './sizes';
import { NodeSlot, v4ToInt } from './shapes';

export interface WlTrack {
  key: string;
  namespace: string;
  kind: string;
  name: string;
  pods: KeyPool;
}

/**
 * The cluster as the event stream has left it so far, indexed for picking at random: pods by workload,
 * workloads by namespace, policies, and each node's pod count and used addresses (so new pods get free
 * ones). The event generator (events.ts) updates it as it emits each change.
 */
export class TrackedCluster {
  readonly namespaces = new Map<string, Namespace>();
  readonly teamNamespaces: string[] = [];
  readonly pods = new Map<string, Pod>();
  readonly podPool = new KeyPool();
  readonly workloads = new Map<string, WlTrack>();
  readonly wlPool = new KeyPool();
  readonly wlByNs = new Map<string, string[]>();
  readonly nps = new Map<string, NetworkPolicy>();
  readonly npPool = new KeyPool();
  readonly anps: AdminNetworkPolicy[];
  readonly nodes: NodeSlot[] = [];
  readonly nodeByName = new Map<string, NodeSlot>();
  /** The pod and policy counts the stream started from (it leans back towards them). */
  readonly targetPods: number;
  readonly targetPolicies: number;

  constructor(state: ClusterState) {
    for (const ns of state.namespaces) {
      this.namespaces.set(ns.name, ns);
      if (!(SYSTEM_NAMESPACES as readonly string[]).includes(ns.name)) this.teamNamespaces.push(ns.name);
    }
    state.nodes.forEach((n, index) => {
      const cidr = n.podCIDRs.find((c) => !c.includes(':'));
      const base = cidr ? v4ToInt(cidr.split('/')[0]) : 0;
      const slot: NodeSlot = { node: n, index, base, used: new Set(), next: 2, pods: 0 };
      this.nodes.push(slot);
      this.nodeByName.set(n.name, slot);
    });
    for (const p of state.pods) {
      const key = objectKey('Pod', p);
      this.pods.set(key, p);
      this.trackPod(key, p);
    }
    for (const np of state.networkPolicies) {
      const key = objectKey('NetworkPolicy', np);
      this.nps.set(key, np);
      this.npPool.add(key);
    }
    this.anps = state.adminNetworkPolicies.map((a) => a);
    this.targetPods = state.pods.length;
    this.targetPolicies = state.networkPolicies.length;
  }

  trackPod(key: string, p: Pod): void {
    this.podPool.add(key);
    const wk = `${p.namespace}/${p.workload.kind}/${p.workload.name}`;
    let w = this.workloads.get(wk);
    if (!w) {
      w = { key: wk, namespace: p.namespace, kind: p.workload.kind, name: p.workload.name, pods: new KeyPool() };
      this.workloads.set(wk, w);
      this.wlPool.add(wk);
      const list = this.wlByNs.get(p.namespace) ?? [];
      list.push(wk);
      this.wlByNs.set(p.namespace, list);
    }
    w.pods.add(key);
    const slot = p.nodeName ? this.nodeByName.get(p.nodeName) : undefined;
    if (slot) {
      // Host-network pods take no pod address but still count against the node's pod limit.
      slot.pods++;
      const v4 = p.hostNetwork ? undefined : p.ips.find((ip) => !ip.includes(':'));
      if (v4) slot.used.add(v4ToInt(v4) - slot.base);
    }
  }

  untrackPod(key: string, p: Pod): void {
    this.podPool.delete(key);
    this.workloads.get(`${p.namespace}/${p.workload.kind}/${p.workload.name}`)?.pods.delete(key);
    const slot = p.nodeName ? this.nodeByName.get(p.nodeName) : undefined;
    if (!slot) return;
    slot.pods--;
    const v4 = p.ips.find((ip) => !ip.includes(':'));
    if (v4 && !p.hostNetwork) slot.used.delete(v4ToInt(v4) - slot.base);
  }
}
