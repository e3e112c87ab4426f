import type { ObjectsAt, ReplayEvent } from '@reachwatch/db';
import { ClusterModel } from '@reachwatch/worker';
import {
  ReachabilityEngine, createExplainer, parseCniProfile,
  type ClusterState, type CniProfile, type Connection, type Explainer, type ObjectChange, type ObjectKind, type Pod,
} from '@reachwatch/policy-engine';

/** A workload of the state: its pods (sorted by name) grouped the way the engine groups them. */
export interface WorkloadEntry {
  namespace: string;
  name: string;
  kind: string;
  /** `ns/name[Kind]`, the engine's endpointKey of the workload. */
  key: string;
  pods: Pod[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = <T extends { name: string }>(xs: Iterable<T>) => [...xs].sort((a, b) => cmp(a.name, b.name));

/** The namespace an engine change is about ('' for cluster-scoped kinds). */
function namespaceOf(c: ObjectChange): string {
  if (c.type === 'upsert') return 'namespace' in c.object ? c.object.namespace : '';
  const slash = c.key.indexOf('/');
  return slash < 0 ? '' : c.key.slice(0, slash);
}

/**
 * One namespaced list of the state (pods, services or policies), sorted by namespace then name, kept per
 * namespace so that a change re-sorts only its own namespace. Each `list()` after a change is a new array:
 * callers keep states they were handed (the report builder does), so nothing handed out is ever mutated.
 */
class NamespacedList<T extends { namespace: string; name: string }> {
  private readonly sorted = new Map<string, T[]>();
  private readonly stale = new Set<string>();
  private all?: T[];

  constructor(private readonly source: Map<string, Map<string, T>>) {
    for (const ns of source.keys()) this.stale.add(ns);
  }

  changed(ns: string): void {
    this.stale.add(ns);
    this.all = undefined;
  }

  list(): T[] {
    if (this.all) return this.all;
    for (const ns of this.stale) {
      const objects = this.source.get(ns);
      if (objects?.size) this.sorted.set(ns, byName(objects.values()));
      else this.sorted.delete(ns);
    }
    this.stale.clear();
    const out: T[] = [];
    for (const ns of [...this.sorted.keys()].sort(cmp)) for (const o of this.sorted.get(ns)!) out.push(o);
    return (this.all = out);
  }
}

/**
 * One cluster's state at a journal position, in memory: the worker's ClusterModel (the one conversion of
 * stored objects into the engine's model) and a loaded ReachabilityEngine. `apply` moves it forward by
 * one journal event, incrementally. Derived views are computed on first use and dropped only by the
 * changes they depend on: live clusters change all the time (mostly pods), and an explain right after a
 * change must not rebuild the views of 50k pods.
 */
export class ClusterSnapshot {
  readonly model = new ClusterModel();
  readonly engine: ReachabilityEngine;
  readonly cni: CniProfile;
  /** Objects that could not be read (treated as absent, as the worker does). */
  unreadable = 0;
  private readonly pods: NamespacedList<Pod>;
  private readonly services;
  private readonly policies;
  /** The state's lists of cluster-scoped kinds; absent when stale. */
  private scoped: Partial<Pick<ClusterState, 'namespaces' | 'nodes' | 'adminNetworkPolicies'>> = {};
  /** Per namespace, its workloads by name (one per kind, sorted by kind); dropped when a pod of it changes. */
  private readonly namedIn = new Map<string, Map<string, WorkloadEntry[]>>();
  private memo: {
    state?: ClusterState;
    connections?: Connection[];
    workloads?: WorkloadEntry[];
    byKey?: Map<string, WorkloadEntry>;
    explainer?: Explainer;
  } = {};

  constructor(cni: string, at: ObjectsAt, public seq = at.seq) {
    this.cni = parseCniProfile(cni);
    for (const o of at.objects) if (this.model.change(o.kind, o.uid, o.object).problem) this.unreadable++;
    this.pods = new NamespacedList(this.model.podsByNs);
    this.services = new NamespacedList(this.model.servicesByNs);
    this.policies = new NamespacedList(this.model.policiesByNs);
    this.engine = new ReachabilityEngine({ cni: this.cni });
    this.engine.load(this.state());
  }

  /** Applies one journal event (the next after `seq`). */
  apply(e: ReplayEvent): void {
    const r = this.model.change(e.kind, e.uid, e.type === 'DELETED' ? null : e.after);
    if (r.problem) this.unreadable++;
    for (const c of r.changes) {
      this.engine.apply(c);
      this.changed(c.kind, namespaceOf(c));
    }
    this.seq = e.seq;
  }

  /** Drops what a change of one `kind` object in `ns` makes stale, and nothing else. */
  private changed(kind: ObjectKind, ns: string): void {
    this.memo.state = undefined;
    this.memo.connections = undefined;
    switch (kind) {
      case 'Pod':
        // The explainer's indexes hold namespaces, nodes and policies, never pods: it stays.
        this.pods.changed(ns);
        this.namedIn.delete(ns);
        this.memo.workloads = this.memo.byKey = undefined;
        return;
      case 'Service':
        this.services.changed(ns);
        return;
      case 'NetworkPolicy':
        this.policies.changed(ns);
        break;
      case 'Namespace':
        this.scoped.namespaces = undefined;
        break;
      case 'Node':
        this.scoped.nodes = undefined;
        break;
      case 'AdminNetworkPolicy':
        this.scoped.adminNetworkPolicies = undefined;
        break;
      case 'BaselineAdminNetworkPolicy':
        break;
    }
    this.memo.explainer = undefined;
  }

  /** The state, as ClusterModel.toClusterState() gives it (every list sorted the same way), rebuilt only where it changed. */
  state(): ClusterState {
    if (this.memo.state) return this.memo.state;
    const s = this.scoped;
    const state: ClusterState = {
      namespaces: (s.namespaces ??= byName(this.model.namespaces.values())),
      pods: this.pods.list(),
      nodes: (s.nodes ??= byName(this.model.nodes.values())),
      services: this.services.list(),
      networkPolicies: this.policies.list(),
      adminNetworkPolicies: (s.adminNetworkPolicies ??= [...this.model.anps.values()].sort((a, b) => a.priority - b.priority || cmp(a.name, b.name))),
    };
    const banp = this.model.chosenBanp();
    if (banp) state.baselineAdminNetworkPolicy = banp;
    return (this.memo.state = state);
  }

  /** explainConnection on this state, its indexes rebuilt only after a change they depend on. */
  explainer(): Explainer {
    return (this.memo.explainer ??= createExplainer(this.state(), { cni: this.cni }));
  }

  /** Workload-level connections (engine.connections(), sorted by src then dst). */
  connections(): Connection[] {
    return (this.memo.connections ??= this.engine.connections());
  }

  /** Every workload, sorted by namespace, name, kind. */
  workloads(): WorkloadEntry[] {
    if (!this.memo.workloads) {
      const list = groupWorkloads(this.state().pods);
      list.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
      this.memo.workloads = list;
      this.memo.byKey = new Map(list.map((w) => [w.key, w]));
    }
    return this.memo.workloads;
  }

  /**
   * The workloads named `name` in `namespace` (one per kind; usually one), sorted by kind. From the pods
   * of that namespace alone, so a lookup after a change costs one namespace, not the cluster.
   */
  workloadsNamed(namespace: string, name: string): readonly WorkloadEntry[] {
    let named = this.namedIn.get(namespace);
    if (!named) {
      named = new Map();
      const entries = groupWorkloads(this.model.podsByNs.get(namespace)?.values() ?? []);
      entries.sort((a, b) => cmp(a.kind, b.kind));
      for (const w of entries) {
        const same = named.get(w.name);
        if (same) same.push(w);
        else named.set(w.name, [w]);
      }
      this.namedIn.set(namespace, named);
    }
    return named.get(name) ?? [];
  }

  workload(key: string): WorkloadEntry | undefined {
    this.workloads();
    return this.memo.byKey!.get(key);
  }
}

/** Pods grouped by workload (pods of each sorted by name), in no particular order. */
function groupWorkloads(pods: Iterable<Pod>): WorkloadEntry[] {
  const byKey = new Map<string, WorkloadEntry>();
  for (const pod of pods) {
    const key = `${pod.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
    let w = byKey.get(key);
    if (!w) byKey.set(key, (w = { namespace: pod.namespace, name: pod.workload.name, kind: pod.workload.kind, key, pods: [] }));
    w.pods.push(pod);
  }
  const list = [...byKey.values()];
  for (const w of list) w.pods.sort((a, b) => cmp(a.name, b.name));
  return list;
}
