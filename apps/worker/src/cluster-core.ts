import type { AlertAction, AuditInput, EdgeRowInput, JournalEvent, PostureRowInput, ReachabilityChangeInput, StoredObject } from '@reachwatch/db';
import {
  Connection,
  CniProfile,
  IsolationIndex,
  Pod,
  PolicyType,
  ReachabilityDelta,
  ReachabilityEngine,
  endpointKey,
  combinePosture,
  impliedNamespace,
  newExposures,
  parseCniProfile,
  WorkloadIsolation,
} from '@reachwatch/policy-engine';
import { AlertSettings, ClusterView, StepFacts, Workload, evaluateAlerts } from './alerts';
import { actorAnnotations, auditText } from './audit';
import { ClusterModel, ObjectProblem } from './cluster-model';
import { DstSummary, EdgeChanges, EdgeIndex, GroupSummary, srcGroupOf, srcGroupOfKey } from './edge-index';
import { connectionJson, edgeRow, exposureJson, namespaceOf, postureRow } from './rows';

/** What one journal event did, ready to be written. */
export interface StepEffects {
  seq: number;
  edges: EdgeChanges;
  /** Edge summaries of the destinations and (destination, source group)s this step touched (null: gone). */
  summaries: Summaries;
  /** Posture rows that changed (null: the namespace is gone). */
  posture: Map<string, PostureRowInput | null>;
  change?: ReachabilityChangeInput;
  audit?: AuditInput;
  alerts: AlertAction[];
  /** A stored object the worker could not read (it is treated as absent). */
  problem?: ObjectProblem & { seq: number; kind: string; name: string };
}

export interface Summaries {
  dsts: Map<string, DstSummary | null>;
  /** Keyed `dstKey \0 srcGroup`. */
  groups: Map<string, GroupSummary | null>;
}

const NAMESPACED = new Set(['Pod', 'NetworkPolicy', 'Service']);
const EVERY_NAMESPACE = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

/**
 * One cluster in memory: the model mirror, the engine, the current edges, the last written posture.
 * No I/O: `load` takes the stored objects, `apply` one journal event and returns its effects. The
 * caller writes them (and the cursor) in one transaction, or throws this core away if it cannot.
 */
export class ClusterCore {
  readonly model = new ClusterModel();
  readonly engine: ReachabilityEngine;
  readonly edges: EdgeIndex;
  readonly cni: CniProfile;
  /**
   * The isolation part of each namespace's posture (pods × policies), fed the engine's changes: a pod
   * event recomputes that pod only. The reachability part is read from the edge index.
   */
  private readonly isolation = new IsolationIndex();
  /** The posture rows as last computed, JSON per namespace (to write only what changed). */
  private readonly posture = new Map<string, string>();
  readonly openAlerts = new Set<string>();
  /** The cluster's alert rule settings (the runtime replaces them when their version moves). */
  alertSettings = new AlertSettings();
  /** Default-deny flags per namespace as last computed, and the changes the current step made to them. */
  private readonly defaultDeny = new Map<string, Record<PolicyType, boolean>>();
  private stepDefaultDeny: StepFacts['defaultDeny'] = [];
  private readonly view: ClusterView = {
    inbound: (ns) => this.edges.inbound(ns),
    outbound: (ns) => this.edges.outbound(ns),
    pods: (ns) => this.model.podsByNs.get(ns)?.values() ?? [],
    services: (ns) => this.model.servicesByNs.get(ns)?.values() ?? [],
    policies: (ns) => this.model.policiesByNs.get(ns)?.values() ?? [],
    namespaceLabels: (ns) => this.model.namespaces.get(ns)?.labels ?? impliedNamespace(ns).labels,
    workloadLabels: (w) => this.firstPodOf(w)?.labels ?? {},
  };
  /** Problems met while loading (objects treated as absent). */
  readonly loadProblems: (ObjectProblem & { kind: string; uid: string })[] = [];

  constructor(cni: string, objects: readonly StoredObject[]) {
    this.cni = parseCniProfile(cni);
    for (const o of objects) {
      const r = this.model.change(o.kind, o.uid, o.object);
      if (r.problem) this.loadProblems.push({ ...r.problem, kind: o.kind, uid: o.uid });
    }
    const state = this.model.toClusterState();
    this.engine = new ReachabilityEngine({ cni: this.cni });
    this.engine.load(state);
    this.isolation.load(state);
    this.edges = new EdgeIndex(this.engine.connections());
  }

  /** Every summary row now (a baseline or rebuild writes them all). */
  allSummaries(): Summaries {
    const { dsts, groups } = this.edges.allSummaries();
    return {
      dsts: new Map(dsts.map((d) => [d.dstKey, d])),
      groups: new Map(groups.map((g) => [`${g.dstKey}\u0000${g.srcGroup}`, g])),
    };
  }

  /** Posture of every namespace now (the rebuild writes these); marks them as written. */
  allPosture(seq: number): Map<string, PostureRowInput | null> {
    const out = new Map<string, PostureRowInput | null>();
    for (const ns of this.model.namespaceNames()) this.refreshPosture(ns, seq, out, true);
    return out;
  }

  apply(e: JournalEvent): StepEffects {
    this.stepDefaultDeny = [];
    const isolationBefore = e.kind === 'NetworkPolicy' && e.namespace ? this.isolation.workloadIsolation(e.namespace) : undefined;
    const podBefore = e.kind === 'Pod' ? this.model.podByUid(e.uid) : undefined;
    const nsLabelsBefore = e.kind === 'Namespace' ? this.model.namespaces.get(e.name)?.labels : undefined;
    const res = this.model.change(e.kind, e.uid, e.type === 'DELETED' ? null : e.after);
    const atomsBefore = this.engine.stats().atoms;
    const deltas: ReachabilityDelta[] = res.changes.map((c) => this.engine.apply(c));
    for (const c of res.changes) this.isolation.apply(c);
    let delta: ReachabilityDelta;
    let edges: EdgeChanges;
    if (this.engine.stats().atoms !== atomsBefore) {
      // New CIDR boundaries split external endpoints: stored pairs of the old atoms are renamed, so the
      // edge rows are recomputed in full. The deltas themselves are exact on the new atoms.
      edges = this.edges.replaceAll(this.engine.connections());
      delta = { added: deltas.flatMap((d) => d.added), removed: deltas.flatMap((d) => d.removed) };
    } else {
      ({ delta, edges } = this.applyDeltas(deltas));
    }

    const fx: StepEffects = { seq: e.seq, edges, summaries: this.summariesOf(edges), posture: new Map(), alerts: [] };
    for (const ns of this.namespacesTouched(e, delta, edges)) this.refreshPosture(ns, e.seq, fx.posture, false);

    const exposures = newExposures(delta);
    if (delta.added.length || delta.removed.length) {
      fx.change = { seq: e.seq, added: delta.added.map(connectionJson), removed: delta.removed.map(connectionJson), exposures: exposures.map(exposureJson) };
    }
    const note = res.problem ? `Reachwatch could not read this object and treats it as absent: ${res.problem.message}` : undefined;
    const audit = auditText(e, note);
    if (audit) {
      fx.audit = {
        seq: e.seq, kind: e.kind, namespace: e.namespace, name: e.name, action: audit.action, before: e.before, after: e.after,
        diff: audit.diff, manager: e.manager, occurredAt: e.occurredAt, addedCount: delta.added.length, removedCount: delta.removed.length,
        exposures: exposures.map(exposureJson), annotations: actorAnnotations(e.after, e.before),
      };
    }
    const facts: StepFacts = {
      seq: e.seq, at: e.occurredAt, delta, exposures, isolation: [], defaultDeny: this.stepDefaultDeny, workloadsGone: [],
    };
    if (isolationBefore) facts.isolation = this.isolationChanges(e.namespace, isolationBefore, `NetworkPolicy ${e.namespace}/${e.name} was ${e.type === 'DELETED' ? 'deleted' : 'changed'}`);
    if (e.kind === 'NetworkPolicy' && e.namespace) {
      facts.policy = { namespace: e.namespace, name: e.name, after: this.model.policiesByNs.get(e.namespace)?.get(`${e.namespace}/${e.name}`) ?? null };
    }
    if (e.kind === 'Service' && e.namespace) facts.serviceNamespace = e.namespace;
    if (e.kind === 'Namespace') {
      const now = this.model.namespaces.get(e.name);
      if (!e.before && now) facts.namespaceCreated = e.name;
      else if (!now) facts.namespaceDeleted = e.name;
      else if (JSON.stringify(nsLabelsBefore ?? {}) !== JSON.stringify(now.labels)) facts.namespaceRelabelled = e.name;
    }
    if (podBefore && !this.firstPodOf({ type: 'workload', namespace: podBefore.namespace, kind: podBefore.workload.kind, name: podBefore.workload.name })) {
      facts.workloadsGone.push({ type: 'workload', namespace: podBefore.namespace, kind: podBefore.workload.kind, name: podBefore.workload.name });
    }
    fx.alerts = evaluateAlerts(facts, this.view, this.alertSettings, this.openAlerts);
    if (res.problem) fx.problem = { ...res.problem, seq: e.seq, kind: e.kind, name: e.namespace ? `${e.namespace}/${e.name}` : e.name };
    return fx;
  }

  /**
   * Applies the deltas to the edge index. One delta is exact as it is; several (an object that changed
   * identity: a delete and an upsert) are netted: the event's delta is the difference of the touched
   * pairs before and after.
   */
  private applyDeltas(deltas: ReachabilityDelta[]): { delta: ReachabilityDelta; edges: EdgeChanges } {
    if (deltas.length === 1) return { delta: deltas[0], edges: this.edges.applyDelta(deltas[0]) };
    const before = new Map<string, Connection>();
    for (const d of deltas) {
      for (const c of [...d.added, ...d.removed]) {
        const k = `${endpointKey(c.src)}\u0000${endpointKey(c.dst)}`;
        if (!before.has(k)) before.set(k, { ...c, ports: this.edges.portsOf(c.src, c.dst) });
      }
      this.edges.applyDelta(d);
    }
    const delta: ReachabilityDelta = { added: [], removed: [] };
    const edges: EdgeChanges = { upserts: [], deletes: [] };
    for (const [, b] of [...before].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const now = this.edges.portsOf(b.src, b.dst);
      const plus = now.subtract(b.ports);
      const minus = b.ports.subtract(now);
      if (plus.isEmpty() && minus.isEmpty()) continue;
      if (!plus.isEmpty()) delta.added.push({ ...b, ports: plus });
      if (!minus.isEmpty()) delta.removed.push({ ...b, ports: minus });
      if (now.isEmpty()) edges.deletes.push({ srcKey: endpointKey(b.src), dstKey: endpointKey(b.dst), dstNamespace: namespaceOf(b.dst) });
      else edges.upserts.push({ ...b, ports: now });
    }
    return { delta, edges };
  }

  private namespacesTouched(e: JournalEvent, delta: ReachabilityDelta, edges: EdgeChanges): Set<string> {
    const out = new Set<string>();
    if (EVERY_NAMESPACE.has(e.kind)) for (const ns of this.model.namespaceNames()) out.add(ns);
    if (NAMESPACED.has(e.kind) && e.namespace) out.add(e.namespace);
    if (e.kind === 'Namespace') out.add(e.name);
    for (const c of [...delta.added, ...delta.removed, ...edges.upserts]) if (c.dst.type === 'workload') out.add(c.dst.namespace);
    for (const d of edges.deletes) if (d.dstNamespace !== null) out.add(d.dstNamespace);
    return out;
  }

  private refreshPosture(ns: string, seq: number, out: Map<string, PostureRowInput | null>, force: boolean): void {
    if (!this.model.hasNamespace(ns)) {
      this.defaultDeny.delete(ns);
      if (this.posture.delete(ns) || force) out.set(ns, null);
      return;
    }
    const p = combinePosture(this.isolation.isolation(ns), this.edges.exposureOf(ns));
    const row = postureRow(p, seq);
    const flags: Record<PolicyType, boolean> = { Ingress: p.defaultDenyIngress, Egress: p.defaultDenyEgress };
    const was = this.defaultDeny.get(ns);
    this.defaultDeny.set(ns, flags);
    if (was && !force) {
      for (const d of ['Ingress', 'Egress'] as const) if (was[d] !== flags[d]) this.stepDefaultDeny.push({ namespace: ns, direction: d, inEffect: flags[d] });
    }
    const text = JSON.stringify({ ...row, seq: 0 });
    if (!force && this.posture.get(ns) === text) return;
    this.posture.set(ns, text);
    out.set(ns, row);
  }

  /** The current summary rows of every destination and group the edge changes touched. */
  private summariesOf(edges: EdgeChanges): Summaries {
    const out: Summaries = { dsts: new Map(), groups: new Map() };
    const touch = (dstKey: string, group: string) => {
      if (!out.dsts.has(dstKey)) out.dsts.set(dstKey, this.edges.dstSummary(dstKey));
      const k = `${dstKey}\u0000${group}`;
      if (!out.groups.has(k)) out.groups.set(k, this.edges.groupSummary(dstKey, group));
    };
    for (const c of edges.upserts) touch(endpointKey(c.dst), srcGroupOf(c.src));
    for (const d of edges.deletes) touch(d.dstKey, srcGroupOfKey(d.srcKey));
    return out;
  }

  /** The first pod of a workload now (in the model's order), if it has any. */
  private firstPodOf(w: Workload): Pod | undefined {
    for (const p of this.model.podsByNs.get(w.namespace)?.values() ?? []) if (p.workload.kind === w.kind && p.workload.name === w.name) return p;
    return undefined;
  }

  /**
   * Directions in which workloads of `ns` became isolated or stopped being isolated since `before` (a
   * workload is isolated while every one of its pods is; one that came or went is not compared).
   */
  private isolationChanges(ns: string, before: Map<string, WorkloadIsolation>, policy: string): StepFacts['isolation'] {
    const out: StepFacts['isolation'] = [];
    for (const [k, now] of this.isolation.workloadIsolation(ns)) {
      const was = before.get(k);
      if (!was) continue;
      for (const d of ['Ingress', 'Egress'] as const) {
        if (was.isolated[d] !== now.isolated[d]) out.push({ workload: now.workload, direction: d, isolated: now.isolated[d], policy });
      }
    }
    return out.sort((a, b) => (endpointKey(a.workload) < endpointKey(b.workload) ? -1 : endpointKey(a.workload) > endpointKey(b.workload) ? 1 : a.direction < b.direction ? -1 : 1));
  }
}

/** The edge rows of an EdgeChanges at `seq`. */
export function edgeRows(c: EdgeChanges, seq: number): { upserts: EdgeRowInput[]; deletes: { srcKey: string; dstKey: string }[] } {
  return { upserts: c.upserts.map((x) => edgeRow(x, seq)), deletes: c.deletes };
}
