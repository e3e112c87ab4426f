import type { AlertAction, AuditInput, EdgeRowInput, JournalEvent, PostureRowInput, ReachabilityChangeInput, StoredObject } from '@reachwatch/db';
import {
  Connection,
  CniProfile,
  ReachabilityDelta,
  ReachabilityEngine,
  endpointKey,
  impliedNamespace,
  namespacePosture,
  newExposures,
  parseCniProfile,
} from '@reachwatch/policy-engine';
import { evaluateAlerts } from './alerts';
import { auditText } from './audit';
import { ClusterModel, ObjectProblem } from './cluster-model';
import { EdgeChanges, EdgeIndex } from './edge-index';
import { connectionJson, edgeRow, exposureJson, namespaceOf, postureRow } from './rows';

/** What one journal event did, ready to be written. */
export interface StepEffects {
  seq: number;
  edges: EdgeChanges;
  /** Posture rows that changed (null: the namespace is gone). */
  posture: Map<string, PostureRowInput | null>;
  change?: ReachabilityChangeInput;
  audit?: AuditInput;
  alerts: AlertAction[];
  /** A stored object the worker could not read (it is treated as absent). */
  problem?: ObjectProblem & { seq: number; kind: string; name: string };
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
  /** The posture rows as last computed, JSON per namespace (to write only what changed). */
  private readonly posture = new Map<string, string>();
  readonly openAlerts = new Set<string>();
  /** Problems met while loading (objects treated as absent). */
  readonly loadProblems: (ObjectProblem & { kind: string; uid: string })[] = [];

  constructor(cni: string, objects: readonly StoredObject[]) {
    this.cni = parseCniProfile(cni);
    for (const o of objects) {
      const r = this.model.change(o.kind, o.uid, o.object);
      if (r.problem) this.loadProblems.push({ ...r.problem, kind: o.kind, uid: o.uid });
    }
    this.engine = new ReachabilityEngine({ cni: this.cni });
    this.engine.load(this.model.toClusterState());
    this.edges = new EdgeIndex(this.engine.connections());
  }

  /** Posture of every namespace now (the rebuild writes these); marks them as written. */
  allPosture(seq: number): Map<string, PostureRowInput | null> {
    const out = new Map<string, PostureRowInput | null>();
    for (const ns of this.model.namespaceNames()) this.refreshPosture(ns, seq, out, true);
    return out;
  }

  apply(e: JournalEvent): StepEffects {
    const res = this.model.change(e.kind, e.uid, e.type === 'DELETED' ? null : e.after);
    const atomsBefore = this.engine.stats().atoms;
    const deltas: ReachabilityDelta[] = res.changes.map((c) => this.engine.apply(c));
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

    const fx: StepEffects = { seq: e.seq, edges, posture: new Map(), alerts: [] };
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
        exposures: exposures.map(exposureJson),
      };
    }
    fx.alerts = evaluateAlerts(
      {
        seq: e.seq, at: e.occurredAt, open: this.openAlerts,
        inbound: (ns) => this.edges.inbound(ns),
        pods: (ns) => this.model.podsByNs.get(ns)?.values() ?? [],
        services: (ns) => this.model.servicesByNs.get(ns)?.values() ?? [],
      },
      delta,
      exposures,
    );
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
      if (this.posture.delete(ns) || force) out.set(ns, null);
      return;
    }
    const p = namespacePosture({
      namespace: this.model.namespaces.get(ns) ?? impliedNamespace(ns),
      pods: [...(this.model.podsByNs.get(ns)?.values() ?? [])],
      networkPolicies: [...(this.model.policiesByNs.get(ns)?.values() ?? [])],
      adminNetworkPolicies: [...this.model.anps.values()],
      baselineAdminNetworkPolicy: this.model.chosenBanp(),
      inbound: this.edges.inbound(ns),
    });
    const row = postureRow(p, seq);
    const text = JSON.stringify({ ...row, seq: 0 });
    if (!force && this.posture.get(ns) === text) return;
    this.posture.set(ns, text);
    out.set(ns, row);
  }
}

/** The edge rows of an EdgeChanges at `seq`. */
export function edgeRows(c: EdgeChanges, seq: number): { upserts: EdgeRowInput[]; deletes: { srcKey: string; dstKey: string }[] } {
  return { upserts: c.upserts.map((x) => edgeRow(x, seq)), deletes: c.deletes };
}
