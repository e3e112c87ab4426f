import { AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterState, Namespace, NetworkPolicy, Node, ObjectChange, Pod, Service, objectKey } from '../../src/model';

/** A checked, mutable cluster: applies changes and rejects those that are invalid where they stand. */
export class ClusterModel {
  readonly namespaces = new Map<string, Namespace>();
  readonly pods = new Map<string, Pod>();
  readonly nodes = new Map<string, Node>();
  readonly services = new Map<string, Service>();
  readonly networkPolicies = new Map<string, NetworkPolicy>();
  readonly adminNetworkPolicies = new Map<string, AdminNetworkPolicy>();
  baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicy;
  /** Pod address → pod key, for non-host-network pods. */
  private readonly podIps = new Map<string, string>();

  constructor(state: ClusterState) {
    for (const n of state.namespaces) this.put(this.namespaces, n.name, n, 'Namespace');
    for (const n of state.nodes) this.put(this.nodes, n.name, n, 'Node');
    for (const p of state.pods) this.apply({ type: 'upsert', kind: 'Pod', object: p }, true);
    for (const s of state.services) this.apply({ type: 'upsert', kind: 'Service', object: s }, true);
    for (const np of state.networkPolicies) this.apply({ type: 'upsert', kind: 'NetworkPolicy', object: np }, true);
    for (const a of state.adminNetworkPolicies) this.put(this.adminNetworkPolicies, a.name, a, 'AdminNetworkPolicy');
    this.baselineAdminNetworkPolicy = state.baselineAdminNetworkPolicy;
  }

  private put<T>(m: Map<string, T>, key: string, v: T, kind: string): void {
    if (m.has(key)) throw new Error(`duplicate ${kind} ${key}`);
    m.set(key, v);
  }

  private requireNamespace(ns: string, what: string): void {
    if (!this.namespaces.has(ns)) throw new Error(`${what}: namespace ${ns} does not exist`);
  }

  /** Applies one change; throws if it is not valid in the current state. `create` forbids updates. */
  apply(c: ObjectChange, create = false): void {
    const del = <T>(m: Map<string, T>, key: string) => {
      if (!m.delete(key)) throw new Error(`delete ${c.kind} ${key}: no such object`);
    };
    switch (c.kind) {
      case 'Namespace':
        if (c.type === 'delete') {
          for (const p of this.pods.values()) if (p.namespace === c.key) throw new Error(`delete Namespace ${c.key}: it still has pods`);
          del(this.namespaces, c.key);
        } else {
          if (c.object.labels['kubernetes.io/metadata.name'] !== c.object.name) throw new Error(`Namespace ${c.object.name} lacks its name label`);
          this.namespaces.set(c.object.name, c.object);
        }
        return;
      case 'Pod': {
        if (c.type === 'delete') {
          const old = this.pods.get(c.key);
          if (!old) throw new Error(`delete Pod ${c.key}: no such object`);
          this.releaseIps(old);
          this.pods.delete(c.key);
          return;
        }
        const p = c.object;
        const key = objectKey('Pod', p);
        this.requireNamespace(p.namespace, `Pod ${key}`);
        if (p.nodeName && !this.nodes.has(p.nodeName)) throw new Error(`Pod ${key}: node ${p.nodeName} does not exist`);
        const old = this.pods.get(key);
        if (old && create) throw new Error(`duplicate Pod ${key}`);
        if (old) this.releaseIps(old);
        if (!p.hostNetwork) {
          for (const ip of p.ips) {
            const holder = this.podIps.get(ip);
            if (holder && holder !== key) throw new Error(`Pod ${key}: address ${ip} already used by ${holder}`);
          }
          for (const ip of p.ips) this.podIps.set(ip, key);
        }
        this.pods.set(key, p);
        return;
      }
      case 'Node':
        if (c.type === 'delete') del(this.nodes, c.key);
        else this.nodes.set(c.object.name, c.object);
        return;
      case 'Service':
        if (c.type === 'delete') del(this.services, c.key);
        else {
          const key = objectKey('Service', c.object);
          this.requireNamespace(c.object.namespace, `Service ${key}`);
          if (create && this.services.has(key)) throw new Error(`duplicate Service ${key}`);
          this.services.set(key, c.object);
        }
        return;
      case 'NetworkPolicy':
        if (c.type === 'delete') del(this.networkPolicies, c.key);
        else {
          const key = objectKey('NetworkPolicy', c.object);
          this.requireNamespace(c.object.namespace, `NetworkPolicy ${key}`);
          if (create && this.networkPolicies.has(key)) throw new Error(`duplicate NetworkPolicy ${key}`);
          this.networkPolicies.set(key, c.object);
        }
        return;
      case 'AdminNetworkPolicy':
        if (c.type === 'delete') del(this.adminNetworkPolicies, c.key);
        else this.adminNetworkPolicies.set(c.object.name, c.object);
        return;
      case 'BaselineAdminNetworkPolicy':
        if (c.type === 'delete') {
          if (!this.baselineAdminNetworkPolicy || this.baselineAdminNetworkPolicy.name !== c.key) throw new Error(`delete BANP ${c.key}: no such object`);
          this.baselineAdminNetworkPolicy = undefined;
        } else this.baselineAdminNetworkPolicy = c.object;
        return;
    }
  }

  private releaseIps(p: Pod): void {
    if (p.hostNetwork) return;
    const key = objectKey('Pod', p);
    for (const ip of p.ips) if (this.podIps.get(ip) === key) this.podIps.delete(ip);
  }

  toState(): ClusterState {
    return {
      namespaces: [...this.namespaces.values()],
      pods: [...this.pods.values()],
      nodes: [...this.nodes.values()],
      services: [...this.services.values()],
      networkPolicies: [...this.networkPolicies.values()],
      adminNetworkPolicies: [...this.adminNetworkPolicies.values()],
      baselineAdminNetworkPolicy: this.baselineAdminNetworkPolicy,
    };
  }
}
