import { Endpoint, endpointKey } from './analysis';
import { AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterState, Namespace, NetworkPolicy, ObjectChange, Pod, PolicyType } from './model';
import { npSelectsPod } from './peers';
import { NamespaceIsolation, impliedNamespace, isDefaultDeny, podIsolation } from './posture';

export type WorkloadEndpoint = Extract<Endpoint, { type: 'workload' }>;

/** Whether a workload is isolated in each direction: every one of its pods is (see posture.ts). */
export interface WorkloadIsolation {
  workload: WorkloadEndpoint;
  isolated: Record<PolicyType, boolean>;
}

/** One pod's podIsolation result, and the admin policies whose subject selects it. */
interface PodIsolation {
  pod: Pod;
  /** endpointKey of the pod's workload. */
  workloadKey: string;
  isolated: Record<PolicyType, boolean>;
  admins: readonly string[];
}

interface NamespaceSlot {
  /** The Namespace object, else the implied one (only its labels matter: admin subjects read them). */
  namespace: Namespace;
  declared: boolean;
  pods: Map<string, PodIsolation>;
  policies: Map<string, NetworkPolicy>;
  /** `policies` as the array podIsolation takes; rebuilt after a policy change. */
  policyList?: NetworkPolicy[];
  /**
   * The adminRevision the per-pod results and the counts below were computed at; -1 after a change of the
   * namespace's policies or labels. Only a fresh slot is kept up to date pod by pod.
   */
  revision: number;
  ingressIsolated: number;
  egressIsolated: number;
  hostNetwork: number;
  /** Admin policy name → how many pods of the namespace it selects (names at 0 are removed). */
  adminPods: Map<string, number>;
  /** Default-deny policy names of each direction, sorted; dropped after a policy change. */
  defaultDeny?: Record<PolicyType, string[]>;
  /** The answer last read; dropped by any change to the namespace. */
  answer?: NamespaceIsolation;
}

/**
 * The isolation half of posture (namespaceIsolation: pods × policies) for every namespace, kept up to date
 * one object change at a time instead of recomputed per namespace: it keeps each pod's podIsolation
 * result and the namespace's counts. What a change costs:
 * - a Pod upsert/delete: that pod only, O(policies of its namespace + admin policies);
 * - a NetworkPolicy change: the pods of its namespace that its old or new version selects;
 * - a Namespace relabel: every pod of that namespace, once, when next read;
 * - an AdminNetworkPolicy / BaselineAdminNetworkPolicy change: every namespace, each when next read.
 * Policy semantics are posture.ts's (podIsolation, isDefaultDeny); reading a namespace answers exactly
 * what namespaceIsolation answers for the same objects. Fed the same ObjectChanges as the engine (one
 * BaselineAdminNetworkPolicy: the one in effect).
 */
export class IsolationIndex {
  private readonly byNs = new Map<string, NamespaceSlot>();
  private readonly anps = new Map<string, AdminNetworkPolicy>();
  private anpList?: AdminNetworkPolicy[];
  private banp?: BaselineAdminNetworkPolicy;
  /** Bumped by every admin policy change: a slot computed at another revision is stale. */
  private adminRevision = 0;

  /** Replaces everything with `state`; namespaces are computed when first read. */
  load(state: ClusterState): void {
    this.byNs.clear();
    this.anps.clear();
    for (const a of state.adminNetworkPolicies) this.anps.set(a.name, a);
    this.banp = state.baselineAdminNetworkPolicy;
    this.adminChanged();
    // Every slot starts stale, so that pods are not computed one by one while the rest loads.
    const names = [...state.namespaces.map((n) => n.name), ...state.pods.map((p) => p.namespace), ...state.networkPolicies.map((np) => np.namespace)];
    for (const name of names) this.markStale(this.slot(name));
    for (const n of state.namespaces) this.apply({ type: 'upsert', kind: 'Namespace', object: n });
    for (const np of state.networkPolicies) this.apply({ type: 'upsert', kind: 'NetworkPolicy', object: np });
    for (const p of state.pods) this.apply({ type: 'upsert', kind: 'Pod', object: p });
  }

  apply(change: ObjectChange): void {
    switch (change.kind) {
      case 'Pod':
        if (change.type === 'upsert') this.putPod(change.object);
        else this.dropPod(change.key);
        break;
      case 'NetworkPolicy':
        this.putPolicy(change.type === 'upsert' ? change.object.namespace : namespaceOfKey(change.key), change);
        break;
      case 'Namespace': {
        const name = change.type === 'upsert' ? change.object.name : change.key;
        const slot = change.type === 'upsert' ? this.slot(name) : this.byNs.get(name);
        if (!slot) return;
        const labelsBefore = JSON.stringify(slot.namespace.labels);
        slot.namespace = change.type === 'upsert' ? change.object : impliedNamespace(name);
        slot.declared = change.type === 'upsert';
        if (JSON.stringify(slot.namespace.labels) !== labelsBefore) this.markStale(slot);
        this.dropIfEmpty(name, slot);
        break;
      }
      case 'AdminNetworkPolicy':
        if (change.type === 'upsert') this.anps.set(change.object.name, change.object);
        else if (!this.anps.delete(change.key)) return;
        this.adminChanged();
        break;
      case 'BaselineAdminNetworkPolicy':
        // One baseline at a time (as in the engine): an upsert replaces it, a delete must name it.
        if (change.type === 'upsert') this.banp = change.object;
        else if (this.banp?.name === change.key) this.banp = undefined;
        else return;
        this.adminChanged();
        break;
      default:
        // Nodes and Services do not decide isolation.
        break;
    }
  }

  /** What namespaceIsolation answers for namespace `name` now. The result is shared: do not modify it. */
  isolation(name: string): NamespaceIsolation {
    const slot = this.byNs.get(name);
    if (!slot) return emptyIsolation(name);
    this.refresh(slot);
    if (slot.answer) return slot.answer;
    slot.defaultDeny ??= {
      Ingress: this.policiesOf(slot).filter((np) => isDefaultDeny(np, 'Ingress')).map((np) => np.name).sort(),
      Egress: this.policiesOf(slot).filter((np) => isDefaultDeny(np, 'Egress')).map((np) => np.name).sort(),
    };
    slot.answer = {
      namespace: name,
      pods: slot.pods.size,
      ingressIsolatedPods: slot.ingressIsolated,
      egressIsolatedPods: slot.egressIsolated,
      hostNetworkPods: slot.hostNetwork,
      policies: slot.policies.size,
      adminPolicies: [...slot.adminPods.keys()].sort(),
      defaultDenyIngressPolicies: slot.defaultDeny.Ingress,
      defaultDenyEgressPolicies: slot.defaultDeny.Egress,
    };
    return slot.answer;
  }

  /**
   * Per workload of namespace `name` (keyed by endpointKey), whether every one of its pods is isolated in
   * each direction. Reads the kept per-pod results: no policy is matched unless the namespace is stale.
   */
  workloadIsolation(name: string): Map<string, WorkloadIsolation> {
    const out = new Map<string, WorkloadIsolation>();
    const slot = this.byNs.get(name);
    if (!slot) return out;
    this.refresh(slot);
    for (const { pod, workloadKey, isolated } of slot.pods.values()) {
      const cur = out.get(workloadKey);
      if (!cur) out.set(workloadKey, { workload: workloadOf(pod), isolated: { ...isolated } });
      else for (const d of ['Ingress', 'Egress'] as const) cur.isolated[d] &&= isolated[d];
    }
    return out;
  }

  private putPod(pod: Pod): void {
    const slot = this.slot(pod.namespace);
    const key = `${pod.namespace}/${pod.name}`;
    const fresh = slot.revision === this.adminRevision;
    const old = slot.pods.get(key);
    if (fresh && old) this.count(slot, old, -1);
    // In a stale slot the pod is computed with all the others when the namespace is next read.
    const next = fresh ? this.computePod(pod, slot) : { pod, workloadKey: endpointKey(workloadOf(pod)), isolated: { Ingress: false, Egress: false }, admins: [] };
    slot.pods.set(key, next);
    if (fresh) this.count(slot, next, +1);
    slot.answer = undefined;
  }

  private dropPod(key: string): void {
    const ns = namespaceOfKey(key);
    const slot = this.byNs.get(ns);
    const old = slot?.pods.get(key);
    if (!slot || !old) return;
    if (slot.revision === this.adminRevision) this.count(slot, old, -1);
    slot.pods.delete(key);
    slot.answer = undefined;
    this.dropIfEmpty(ns, slot);
  }

  /**
   * A NetworkPolicy of namespace `ns` changed. In a fresh slot only the pods that the old or the new
   * version selects are recomputed: podIsolation reads NetworkPolicies only through the ones that select
   * the pod (npSelectsPod), so for any other pod the answer cannot change.
   */
  private putPolicy(ns: string, change: Extract<ObjectChange, { kind: 'NetworkPolicy' }>): void {
    const slot = change.type === 'upsert' ? this.slot(ns) : this.byNs.get(ns);
    if (!slot) return;
    const key = change.type === 'upsert' ? `${ns}/${change.object.name}` : change.key;
    const old = slot.policies.get(key);
    const next = change.type === 'upsert' ? change.object : undefined;
    if (!old && !next) return;
    if (next) slot.policies.set(key, next);
    else slot.policies.delete(key);
    slot.policyList = undefined;
    slot.defaultDeny = undefined;
    slot.answer = undefined;
    if (slot.revision === this.adminRevision) {
      for (const [podKey, entry] of slot.pods) {
        if (!(old && npSelectsPod(old, entry.pod)) && !(next && npSelectsPod(next, entry.pod))) continue;
        this.count(slot, entry, -1);
        const now = this.computePod(entry.pod, slot);
        slot.pods.set(podKey, now);
        this.count(slot, now, +1);
      }
    }
    this.dropIfEmpty(ns, slot);
  }

  /** Recomputes every pod of a stale slot (after a policy, label or admin change). */
  private refresh(slot: NamespaceSlot): void {
    if (slot.revision === this.adminRevision) return;
    slot.ingressIsolated = slot.egressIsolated = slot.hostNetwork = 0;
    slot.adminPods.clear();
    for (const [key, { pod }] of slot.pods) {
      const next = this.computePod(pod, slot);
      slot.pods.set(key, next);
      this.count(slot, next, +1);
    }
    slot.revision = this.adminRevision;
    slot.answer = undefined;
  }

  private computePod(pod: Pod, slot: NamespaceSlot): PodIsolation {
    const admins = new Set<string>();
    const isolated = podIsolation(pod, slot.namespace, this.policiesOf(slot), this.anpList ?? (this.anpList = [...this.anps.values()]), this.banp, admins);
    return { pod, workloadKey: endpointKey(workloadOf(pod)), isolated, admins: [...admins] };
  }

  /** Adds (`sign` +1) or removes (−1) one pod's share of its namespace's counts. */
  private count(slot: NamespaceSlot, p: PodIsolation, sign: 1 | -1): void {
    if (p.pod.hostNetwork) slot.hostNetwork += sign;
    if (p.isolated.Ingress) slot.ingressIsolated += sign;
    if (p.isolated.Egress) slot.egressIsolated += sign;
    for (const a of p.admins) {
      const n = (slot.adminPods.get(a) ?? 0) + sign;
      if (n === 0) slot.adminPods.delete(a);
      else slot.adminPods.set(a, n);
    }
  }

  private policiesOf(slot: NamespaceSlot): NetworkPolicy[] {
    return (slot.policyList ??= [...slot.policies.values()]);
  }

  private markStale(slot: NamespaceSlot): void {
    slot.revision = -1;
    slot.answer = undefined;
  }

  private adminChanged(): void {
    this.anpList = undefined;
    this.adminRevision++;
  }

  private slot(name: string): NamespaceSlot {
    let slot = this.byNs.get(name);
    if (!slot) {
      // An empty namespace is trivially fresh: its pods are computed as they come.
      slot = { namespace: impliedNamespace(name), declared: false, pods: new Map(), policies: new Map(), revision: this.adminRevision, ingressIsolated: 0, egressIsolated: 0, hostNetwork: 0, adminPods: new Map() };
      this.byNs.set(name, slot);
    }
    return slot;
  }

  /** Forgets a namespace that has no Namespace object, pod or policy left (it answers as empty). */
  private dropIfEmpty(name: string, slot: NamespaceSlot): void {
    if (!slot.declared && slot.pods.size === 0 && slot.policies.size === 0) this.byNs.delete(name);
  }
}

function workloadOf(pod: Pod): WorkloadEndpoint {
  return { type: 'workload', namespace: pod.namespace, kind: pod.workload.kind, name: pod.workload.name };
}

function namespaceOfKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

function emptyIsolation(name: string): NamespaceIsolation {
  return {
    namespace: name, pods: 0, ingressIsolatedPods: 0, egressIsolatedPods: 0, hostNetworkPods: 0, policies: 0,
    adminPolicies: [], defaultDenyIngressPolicies: [], defaultDenyEgressPolicies: [],
  };
}
