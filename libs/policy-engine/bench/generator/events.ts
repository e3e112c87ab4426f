import { AdminNetworkPolicy, ClusterState, LabelSelector, Namespace, NetworkPolicy, NetworkPolicyPort, ObjectChange, Pod, objectKey } from '../../src/model';
import { Rng } from '../rng';
import { TrackedCluster, WlTrack } from './tracked';
import { MAX_PODS_PER_NODE } from './sizes';
import { NodeSlot, bumpVersion, intToV4, v6PodIp } from './shapes';
import { TEAMS } from './vocabulary';

export type EventKind = 'pod-scale-up' | 'pod-delete' | 'pod-relabel' | 'namespace-relabel' | 'np-edit' | 'np-create' | 'np-delete' | 'anp-edit';

/**
 * The event mix (relative weights). Scale-ups and deletes share one weight: the split leans towards
 * whichever keeps the pod count near where it started, so long runs do not drift.
 */
export const EVENT_MIX: Readonly<Record<EventKind, number>> = {
  'pod-scale-up': 29,
  'pod-delete': 29,
  'pod-relabel': 12,
  'namespace-relabel': 4,
  'np-edit': 15,
  'np-create': 5,
  'np-delete': 5,
  'anp-edit': 1,
};

/**
 * A realistic stream of `count` changes against `state` (which is not modified). The generator follows the
 * evolving state, so each change is valid where it stands: deletes name live objects, new pods get free
 * addresses on nodes with room, edits start from the object's current version.
 */
export function generateEvents(state: ClusterState, count: number, seed: number): ObjectChange[] {
  return new EventGenerator(state, seed).take(count).map((e) => e.change);
}

/** Like generateEvents, with the kind of each event (for per-kind statistics). */
export function generateLabelledEvents(state: ClusterState, count: number, seed: number): { kind: EventKind; change: ObjectChange }[] {
  return new EventGenerator(state, seed).take(count);
}

class EventGenerator {
  private readonly r: Rng;
  private readonly s: TrackedCluster;
  private serial = 0;

  constructor(state: ClusterState, seed: number) {
    this.r = new Rng(seed ^ 0x5eed);
    this.s = new TrackedCluster(state);
  }

  take(count: number): { kind: EventKind; change: ObjectChange }[] {
    const kinds = Object.keys(EVENT_MIX) as EventKind[];
    const weights = kinds.map((k) => EVENT_MIX[k]);
    const out: { kind: EventKind; change: ObjectChange }[] = [];
    while (out.length < count) {
      let kind = this.r.weighted(kinds, weights);
      if (kind === 'pod-scale-up' || kind === 'pod-delete') {
        kind = this.r.chance(towards(this.s.targetPods, this.s.podPool.size)) ? 'pod-scale-up' : 'pod-delete';
      } else if (kind === 'np-create' || kind === 'np-delete') {
        kind = this.r.chance(towards(this.s.targetPolicies, this.s.npPool.size)) ? 'np-create' : 'np-delete';
      }
      const change = this.make(kind);
      if (change) out.push({ kind, change });
    }
    return out;
  }

  private make(kind: EventKind): ObjectChange | undefined {
    switch (kind) {
      case 'pod-scale-up': return this.scaleUp();
      case 'pod-delete': return this.deletePod();
      case 'pod-relabel': return this.relabelPod();
      case 'namespace-relabel': return this.relabelNamespace();
      case 'np-edit': return this.editPolicy();
      case 'np-create': return this.createPolicy();
      case 'np-delete': return this.deletePolicy();
      case 'anp-edit': return this.editAdminPolicy();
    }
  }

  private randomWorkload(filter: (w: WlTrack) => boolean): WlTrack | undefined {
    for (let i = 0; i < 20; i++) {
      // Half by workload, half by pod: big workloads scale more often.
      const key = this.r.chance(0.5) ? this.s.wlPool.pick(this.r) : this.podWorkloadKey();
      const w = key ? this.s.workloads.get(key) : undefined;
      if (w && w.pods.size > 0 && filter(w)) return w;
    }
    return undefined;
  }

  private podWorkloadKey(): string | undefined {
    const k = this.s.podPool.pick(this.r);
    const p = k ? this.s.pods.get(k) : undefined;
    return p ? `${p.namespace}/${p.workload.kind}/${p.workload.name}` : undefined;
  }

  private scaleUp(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet');
    if (!w) return undefined;
    const template = this.s.pods.get(w.pods.pick(this.r)!)!;
    if (template.hostNetwork) return undefined;
    const slot = this.freeNode();
    if (!slot) return undefined;
    let name: string;
    const labels: Record<string, string> = { ...template.labels };
    if (w.kind === 'StatefulSet') {
      let max = -1;
      for (const k of w.pods.values()) max = Math.max(max, ordinal(k));
      name = `${w.name}-${max + 1}`;
      labels['statefulset.kubernetes.io/pod-name'] = name;
    } else {
      const hash = template.labels['pod-template-hash'];
      do name = hash ? `${w.name}-${hash}-${this.r.k8sSuffix(5)}` : `${w.name}-${this.r.k8sSuffix(5)}`;
      while (this.s.pods.has(`${w.namespace}/${name}`));
    }
    let h = -1;
    for (let k = 0; k < 253; k++) {
      const c = slot.next;
      slot.next = slot.next >= 254 ? 2 : slot.next + 1;
      if (!slot.used.has(c)) {
        h = c;
        break;
      }
    }
    if (h < 0) return undefined;
    const ips = [intToV4(slot.base + h)];
    if (template.ips.some((ip) => ip.includes(':'))) ips.push(v6PodIp(slot.index, h));
    const pod: Pod = { ...template, name, labels, ips, nodeName: slot.node.name };
    const key = objectKey('Pod', pod);
    this.s.pods.set(key, pod);
    this.s.trackPod(key, pod);
    return { type: 'upsert', kind: 'Pod', object: pod };
  }

  private freeNode(): NodeSlot | undefined {
    for (let i = 0; i < 50; i++) {
      const s = this.r.pick(this.s.nodes);
      if (s.pods < MAX_PODS_PER_NODE) return s;
    }
    return this.s.nodes.find((s) => s.pods < MAX_PODS_PER_NODE);
  }

  private deletePod(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet' && w.pods.size >= 2);
    if (!w) return undefined;
    let key = w.pods.pick(this.r)!;
    if (w.kind === 'StatefulSet') {
      // StatefulSets scale down from the highest ordinal.
      for (const k of w.pods.values()) if (ordinal(k) > ordinal(key)) key = k;
    }
    const pod = this.s.pods.get(key)!;
    this.s.pods.delete(key);
    this.s.untrackPod(key, pod);
    return { type: 'delete', kind: 'Pod', key };
  }

  private relabelPod(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.s.podPool.pick(this.r);
      if (!key) return undefined;
      const pod = this.s.pods.get(key)!;
      if (pod.hostNetwork || pod.workload.kind === 'DaemonSet') continue;
      const next: Pod = { ...pod, labels: { ...pod.labels, version: bumpVersion(pod.labels.version) } };
      this.s.pods.set(key, next);
      return { type: 'upsert', kind: 'Pod', object: next };
    }
    return undefined;
  }

  private relabelNamespace(): ObjectChange | undefined {
    if (this.s.teamNamespaces.length === 0) return undefined;
    const ns = this.s.namespaces.get(this.r.pick(this.s.teamNamespaces))!;
    const labels: Record<string, string> = { ...ns.labels };
    const u = this.r.next();
    if (u < 0.5) {
      labels.team = this.r.pick(TEAMS.filter((t) => t !== labels.team));
    } else if (u < 0.75) {
      if (labels.pci) delete labels.pci;
      else labels.pci = 'cde';
    } else if (labels['cost-center']) {
      delete labels['cost-center'];
    } else {
      labels['cost-center'] = `cc-${this.r.int(100, 999)}`;
    }
    const next: Namespace = { name: ns.name, labels };
    this.s.namespaces.set(ns.name, next);
    return { type: 'upsert', kind: 'Namespace', object: next };
  }

  private appSelectorIn(ns: string): LabelSelector | undefined {
    const list = this.s.wlByNs.get(ns);
    if (!list || list.length === 0) return undefined;
    const w = this.s.workloads.get(this.r.pick(list))!;
    if (w.pods.size === 0) return undefined;
    const p = this.s.pods.get(w.pods.pick(this.r)!)!;
    if (p.hostNetwork) return undefined;
    const app = p.labels.app ?? p.labels['app.kubernetes.io/name'] ?? p.labels['k8s-app'];
    if (!app) return undefined;
    const k = p.labels.app ? 'app' : p.labels['app.kubernetes.io/name'] ? 'app.kubernetes.io/name' : 'k8s-app';
    return { matchLabels: { [k]: app } };
  }

  private editPolicy(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.s.npPool.pick(this.r);
      if (!key) return undefined;
      const np = this.s.nps.get(key)!;
      const dir: 'ingress' | 'egress' = np.ingress.length && (!np.egress.length || this.r.chance(0.5)) ? 'ingress' : 'egress';
      const rules = np[dir];
      if (rules.length === 0) continue;
      const next: NetworkPolicy = structuredClone(np);
      const ri = this.r.int(0, rules.length - 1);
      const rule = next[dir][ri];
      const op = this.r.int(0, 3);
      if (op === 0 && rule.peers && !rule.peers.some((p) => p.ipBlock)) {
        const sel = this.appSelectorIn(np.namespace);
        if (!sel) continue;
        rule.peers.push({ podSelector: sel });
      } else if (op === 1 && rule.peers && rule.peers.length > 1) {
        rule.peers.pop();
      } else if (op === 2 && rule.ports) {
        const candidates: NetworkPolicyPort[] = [{ protocol: 'TCP', port: 9090 }, { protocol: 'TCP', port: 'metrics' }, { protocol: 'TCP', port: 8443 }, { protocol: 'UDP', port: 8125 }];
        const add = this.r.pick(candidates);
        if (rule.ports.some((p) => p.protocol === add.protocol && p.port === add.port)) continue;
        rule.ports.push(add);
      } else if (op === 3 && rule.ports && rule.ports.length > 1) {
        rule.ports.pop();
      } else {
        continue;
      }
      this.s.nps.set(key, next);
      return { type: 'upsert', kind: 'NetworkPolicy', object: next };
    }
    return undefined;
  }

  private createPolicy(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet');
    if (!w) return undefined;
    const p = this.s.pods.get(w.pods.pick(this.r)!)!;
    if (p.hostNetwork) return undefined;
    const target = this.appSelectorIn(w.namespace);
    const self = p.labels.app ? { app: p.labels.app } : undefined;
    if (!self) return undefined;
    const from = this.appSelectorIn(w.namespace) ?? target;
    const port = p.ports.find((cp) => cp.name !== 'metrics') ?? p.ports[0];
    const np: NetworkPolicy = {
      namespace: w.namespace,
      name: `${w.name}-allow-ev${++this.serial}`,
      podSelector: { matchLabels: self },
      policyTypes: ['Ingress'],
      ingress: [{ peers: from ? [{ podSelector: from }] : undefined, ports: port ? [{ protocol: port.protocol, port: port.name ?? port.port }] : undefined }],
      egress: [],
    };
    const key = objectKey('NetworkPolicy', np);
    this.s.nps.set(key, np);
    this.s.npPool.add(key);
    return { type: 'upsert', kind: 'NetworkPolicy', object: np };
  }

  private deletePolicy(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.s.npPool.pick(this.r);
      if (!key) return undefined;
      const name = key.slice(key.indexOf('/') + 1);
      // Namespace baselines are rarely removed; workload policies come and go.
      if (name.startsWith('default-deny') || name === 'allow-dns') continue;
      this.s.nps.delete(key);
      this.s.npPool.delete(key);
      return { type: 'delete', kind: 'NetworkPolicy', key };
    }
    return undefined;
  }

  private editAdminPolicy(): ObjectChange | undefined {
    if (this.s.anps.length === 0) return undefined;
    const i = this.r.int(0, this.s.anps.length - 1);
    const next: AdminNetworkPolicy = structuredClone(this.s.anps[i]);
    const rules = [...next.ingress, ...next.egress];
    const u = this.r.next();
    if (u < 0.3 || rules.length === 0) {
      next.priority = next.priority % 2 === 0 ? next.priority + 1 : next.priority - 1;
    } else {
      const rule = this.r.pick(rules);
      const marker = { namespaces: { matchLabels: { team: 'security', 'quarantine': 'true' } } };
      const idx = rule.peers.findIndex((p) => 'namespaces' in p && p.namespaces.matchLabels?.quarantine === 'true');
      if (idx >= 0) rule.peers.splice(idx, 1);
      else if (!rule.peers.some((p) => 'networks' in p || 'nodes' in p)) rule.peers.push(marker);
      else if (rule.ports) rule.ports = undefined;
      else rule.ports = [{ portNumber: { protocol: 'TCP', port: 443 } }];
    }
    this.s.anps[i] = next;
    return { type: 'upsert', kind: 'AdminNetworkPolicy', object: next };
  }
}

/** The probability of growing: ½ at the target, leaning back towards it when the count drifts. */
function towards(target: number, current: number): number {
  const slack = Math.max(10, 0.02 * target);
  return Math.min(0.9, Math.max(0.1, 0.5 + (target - current) / (2 * slack)));
}

function ordinal(podKey: string): number {
  const m = /-(\d+)$/.exec(podKey);
  return m ? Number(m[1]) : -1;
}
