import {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  ClusterState,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectChange,
  ObjectKind,
  Pod,
  Service,
} from '@reachwatch/policy-engine';
import { ModelObject, readObject } from './objects';

/** A problem with one stored object: the object is treated as absent and the cluster goes on. */
export interface ObjectProblem {
  code: string;
  message: string;
}

export interface ChangeResult {
  /** What to give the engine, in order (0, 1 or 2 changes). */
  changes: ObjectChange[];
  problem?: ObjectProblem;
  warnings: string[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The model objects of one cluster, keyed the way the journal keys them (uid) and indexed the way
 * posture needs them (namespace). It is the single place that turns a journal event into engine changes,
 * so the engine and this mirror always hold the same objects.
 *
 * Kubernetes identifies objects by uid, the engine by name: an object deleted and recreated under the same
 * name can show up as "new uid ADDED" before "old uid DELETED" (a relist). The name's current owner uid
 * decides; a late delete of a former owner changes nothing.
 */
export class ClusterModel {
  private readonly byUid = new Map<string, { kind: ObjectKind; key: string }>();
  private readonly owner = new Map<string, string>();
  readonly namespaces = new Map<string, Namespace>();
  readonly podsByNs = new Map<string, Map<string, Pod>>();
  readonly policiesByNs = new Map<string, Map<string, NetworkPolicy>>();
  readonly servicesByNs = new Map<string, Map<string, Service>>();
  readonly nodes = new Map<string, Node>();
  readonly anps = new Map<string, AdminNetworkPolicy>();
  private readonly banps = new Map<string, BaselineAdminNetworkPolicy>();

  /** Applies the new content of object `uid` (`null`: deleted) and says what the engine must do. */
  change(kind: string, uid: string, raw: unknown | null): ChangeResult {
    const prev = this.byUid.get(uid);
    let next: ModelObject | undefined;
    let problem: ObjectProblem | undefined;
    let warnings: string[] = [];
    if (raw !== null && raw !== undefined) {
      const r = readObject(kind, raw);
      if (r.status === 'ok') {
        next = r.model;
        warnings = r.warnings;
      } else if (r.status === 'invalid') problem = { code: r.code, message: r.message };
    }
    const banpBefore = this.chosenBanp();
    const changes: ObjectChange[] = [];
    if (prev && (!next || next.key !== prev.key || next.kind !== prev.kind)) {
      this.byUid.delete(uid);
      const ownerKey = `${prev.kind}|${prev.key}`;
      if (this.owner.get(ownerKey) === uid) {
        this.owner.delete(ownerKey);
        this.remove(prev.kind, prev.key);
        if (prev.kind !== 'BaselineAdminNetworkPolicy') changes.push({ type: 'delete', kind: prev.kind, key: prev.key } as ObjectChange);
      }
    }
    if (next) {
      this.byUid.set(uid, { kind: next.kind, key: next.key });
      this.owner.set(`${next.kind}|${next.key}`, uid);
      this.put(next);
      if (next.kind !== 'BaselineAdminNetworkPolicy') changes.push({ type: 'upsert', kind: next.kind, object: next.object } as ObjectChange);
    }
    // The engine holds one BANP; tell it when the one in effect changes.
    const banpAfter = this.chosenBanp();
    if (banpBefore !== banpAfter) {
      changes.push(banpAfter
        ? { type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: banpAfter }
        : { type: 'delete', kind: 'BaselineAdminNetworkPolicy', key: banpBefore!.name });
    }
    return { changes, problem, warnings };
  }

  private put(m: ModelObject): void {
    switch (m.kind) {
      case 'Namespace': this.namespaces.set(m.key, m.object); break;
      case 'Pod': nested(this.podsByNs, m.object.namespace).set(m.key, m.object); break;
      case 'NetworkPolicy': nested(this.policiesByNs, m.object.namespace).set(m.key, m.object); break;
      case 'Service': nested(this.servicesByNs, m.object.namespace).set(m.key, m.object); break;
      case 'Node': this.nodes.set(m.key, m.object); break;
      case 'AdminNetworkPolicy': this.anps.set(m.key, m.object); break;
      case 'BaselineAdminNetworkPolicy': this.banps.set(m.key, m.object); break;
    }
  }

  private remove(kind: ObjectKind, key: string): void {
    const ns = key.includes('/') ? key.slice(0, key.indexOf('/')) : '';
    switch (kind) {
      case 'Namespace': this.namespaces.delete(key); break;
      case 'Pod': dropNested(this.podsByNs, ns, key); break;
      case 'NetworkPolicy': dropNested(this.policiesByNs, ns, key); break;
      case 'Service': dropNested(this.servicesByNs, ns, key); break;
      case 'Node': this.nodes.delete(key); break;
      case 'AdminNetworkPolicy': this.anps.delete(key); break;
      case 'BaselineAdminNetworkPolicy': this.banps.delete(key); break;
    }
  }

  /** The pod object `uid` currently stands for (undefined: not a pod, or not known). */
  podByUid(uid: string): Pod | undefined {
    const ref = this.byUid.get(uid);
    if (!ref || ref.kind !== 'Pod') return undefined;
    return this.podsByNs.get(ref.key.slice(0, ref.key.indexOf('/')))?.get(ref.key);
  }

  /** The BANP in effect: the one named `default` (the only name the API accepts), else the first by name. */
  chosenBanp(): BaselineAdminNetworkPolicy | undefined {
    return this.banps.get('default') ?? [...this.banps.values()].sort((a, b) => cmp(a.name, b.name))[0];
  }

  /** Whether a namespace exists or holds pods or policies (it then has a posture). */
  hasNamespace(ns: string): boolean {
    return this.namespaces.has(ns) || (this.podsByNs.get(ns)?.size ?? 0) > 0 || (this.policiesByNs.get(ns)?.size ?? 0) > 0;
  }

  /** Namespaces that exist or hold pods or policies, sorted. */
  namespaceNames(): string[] {
    const names = new Set<string>(this.namespaces.keys());
    for (const [ns, m] of this.podsByNs) if (m.size) names.add(ns);
    for (const [ns, m] of this.policiesByNs) if (m.size) names.add(ns);
    return [...names].sort(cmp);
  }

  /** The whole model as the engine's input, every list sorted (equal models give equal states). */
  toClusterState(): ClusterState {
    const flat = <T extends { namespace: string; name: string }>(m: Map<string, Map<string, T>>) =>
      [...m.values()].flatMap((x) => [...x.values()]).sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
    const byName = <T extends { name: string }>(xs: Iterable<T>) => [...xs].sort((a, b) => cmp(a.name, b.name));
    const state: ClusterState = {
      namespaces: byName(this.namespaces.values()),
      pods: flat(this.podsByNs),
      nodes: byName(this.nodes.values()),
      services: flat(this.servicesByNs),
      networkPolicies: flat(this.policiesByNs),
      adminNetworkPolicies: [...this.anps.values()].sort((a, b) => a.priority - b.priority || cmp(a.name, b.name)),
    };
    const banp = this.chosenBanp();
    if (banp) state.baselineAdminNetworkPolicy = banp;
    return state;
  }
}

function nested<T>(m: Map<string, Map<string, T>>, ns: string): Map<string, T> {
  let inner = m.get(ns);
  if (!inner) m.set(ns, (inner = new Map()));
  return inner;
}

function dropNested<T>(m: Map<string, Map<string, T>>, ns: string, key: string): void {
  const inner = m.get(ns);
  if (!inner) return;
  inner.delete(key);
  if (inner.size === 0) m.delete(ns);
}
