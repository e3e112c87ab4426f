import type { ObjectsAt, ReplayEvent } from '@reachwatch/db';
import { ClusterModel } from '@reachwatch/worker';
import { ReachabilityEngine, createExplainer, parseCniProfile, type ClusterState, type CniProfile, type Connection, type Explainer, type Pod } from '@reachwatch/policy-engine';

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

/**
 * One cluster's state at a journal position, in memory: the worker's ClusterModel (the one conversion of
 * stored objects into the engine's model) and a loaded ReachabilityEngine. `apply` moves it forward by
 * one journal event, incrementally. Derived views (state, connections, workloads) are computed on first
 * use after each move.
 */
export class ClusterSnapshot {
  readonly model = new ClusterModel();
  readonly engine: ReachabilityEngine;
  readonly cni: CniProfile;
  /** Objects that could not be read (treated as absent, as the worker does). */
  unreadable = 0;
  private memo: {
    state?: ClusterState;
    connections?: Connection[];
    workloads?: WorkloadEntry[];
    byKey?: Map<string, WorkloadEntry>;
    /** `ns/name` → the workloads of that name (one per kind), in the order of `workloads`. */
    byName?: Map<string, WorkloadEntry[]>;
    explainer?: Explainer;
  } = {};

  constructor(cni: string, at: ObjectsAt, public seq = at.seq) {
    this.cni = parseCniProfile(cni);
    for (const o of at.objects) if (this.model.change(o.kind, o.uid, o.object).problem) this.unreadable++;
    this.engine = new ReachabilityEngine({ cni: this.cni });
    this.engine.load(this.model.toClusterState());
  }

  /** Applies one journal event (the next after `seq`). */
  apply(e: ReplayEvent): void {
    const r = this.model.change(e.kind, e.uid, e.type === 'DELETED' ? null : e.after);
    if (r.problem) this.unreadable++;
    for (const c of r.changes) this.engine.apply(c);
    this.seq = e.seq;
    this.memo = {};
  }

  state(): ClusterState {
    return (this.memo.state ??= this.model.toClusterState());
  }

  /** explainConnection on this state, its indexes built once per journal position. */
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
      const byKey = new Map<string, WorkloadEntry>();
      for (const pod of this.state().pods) {
        const key = `${pod.namespace}/${pod.workload.name}[${pod.workload.kind}]`;
        let w = byKey.get(key);
        if (!w) byKey.set(key, (w = { namespace: pod.namespace, name: pod.workload.name, kind: pod.workload.kind, key, pods: [] }));
        w.pods.push(pod);
      }
      const list = [...byKey.values()];
      for (const w of list) w.pods.sort((a, b) => cmp(a.name, b.name));
      list.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
      const byName = new Map<string, WorkloadEntry[]>();
      for (const w of list) {
        const name = `${w.namespace}/${w.name}`;
        const same = byName.get(name);
        if (same) same.push(w);
        else byName.set(name, [w]);
      }
      this.memo.workloads = list;
      this.memo.byKey = byKey;
      this.memo.byName = byName;
    }
    return this.memo.workloads;
  }

  /** The workloads named `name` in `namespace` (one per kind; usually one), sorted by kind. */
  workloadsNamed(namespace: string, name: string): readonly WorkloadEntry[] {
    this.workloads();
    return this.memo.byName!.get(`${namespace}/${name}`) ?? [];
  }

  workload(key: string): WorkloadEntry | undefined {
    this.workloads();
    return this.memo.byKey!.get(key);
  }
}
