/**
 * A small simulated cluster for the probe corpora (network-policy-api, recipes, walkthrough): raw
 * Kubernetes objects go through libs/k8s exactly as a user's manifests would, and every probe is asked of
 * both engines — the naive reference (`naivePortsBetween` on a freshly built state) and the fast,
 * incremental `ReachabilityEngine`, which is loaded once with the base objects and then only receives the
 * policy changes as ObjectChange events (so the corpus also exercises incremental updates).
 */
import { buildClusterState } from '@reachwatch/k8s';
import { compareDelta, mismatchText } from './connmap';
import { resultToConnMap } from './netpol-analyzer-reader';
import { toAdminNetworkPolicy, toBaselineAdminNetworkPolicy, toNetworkPolicy } from '@reachwatch/k8s';
import {
  ClusterState,
  CniProfile,
  Connection,
  ObjectChange,
  Pod,
  PortSet,
  Protocol,
  ReachabilityEngine,
  endpointKey,
  naiveAnalyze,
  naivePortsBetween,
  objectKey,
} from '@reachwatch/policy-engine';

export type Raw = Record<string, unknown> & { kind?: string; metadata?: Record<string, unknown> };

const POLICY_KINDS = ['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'] as const;
type PolicyKind = (typeof POLICY_KINDS)[number];

export function isPolicyKind(kind: unknown): kind is PolicyKind {
  return (POLICY_KINDS as readonly unknown[]).includes(kind);
}

function meta(o: Raw): { name: string; namespace?: string } {
  const m = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  if (typeof m.name !== 'string') throw new Error(`object of kind ${String(o.kind)} has no metadata.name`);
  return { name: m.name, namespace: typeof m.namespace === 'string' ? m.namespace : undefined };
}

/** The key ObjectChange uses: `ns/name` for NetworkPolicy, `name` for the cluster-scoped admin policies. */
export function policyKey(o: Raw): string {
  const m = meta(o);
  return o.kind === 'NetworkPolicy' ? `${m.namespace ?? 'default'}/${m.name}` : m.name;
}

function mapKey(kind: string, key: string): string {
  return `${kind}|${key}`;
}

/** Raw policy → the model object of an upsert event (via libs/k8s, as a watch event would go). */
export function policyUpsert(o: Raw): ObjectChange {
  switch (o.kind) {
    case 'NetworkPolicy':
      return { type: 'upsert', kind: 'NetworkPolicy', object: toNetworkPolicy(o) };
    case 'AdminNetworkPolicy':
      return { type: 'upsert', kind: 'AdminNetworkPolicy', object: toAdminNetworkPolicy(o) };
    case 'BaselineAdminNetworkPolicy':
      return { type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: toBaselineAdminNetworkPolicy(o) };
    default:
      throw new Error(`not a policy kind: ${String(o.kind)}`);
  }
}

export interface ProbeAnswer {
  naive: PortSet;
  fast: PortSet;
}

export type PeerSpec = { pod: string } | { ip: string };

export class Scenario {
  /** Non-policy objects (namespaces, nodes, pods, workloads): fixed once the engine is loaded. */
  private readonly base: Raw[] = [];
  private readonly policies = new Map<string, Raw>();
  private engine?: ReachabilityEngine;
  private cachedState?: ClusterState;
  /** Every change sent to the fast engine, for failure messages. */
  readonly changeLog: string[] = [];
  /**
   * Incremental-consistency problems: after every event, the engine's connections must equal its previous
   * connections plus the returned delta, and equal naiveAnalyze of the new state. Any entry fails the probes.
   */
  readonly engineErrors: string[] = [];

  constructor(readonly cni: CniProfile) {}

  addBase(objs: Raw[]): void {
    if (this.engine) throw new Error('addBase after the engine was loaded');
    for (const o of objs) {
      if (isPolicyKind(o.kind)) this.putPolicyRaw(o);
      else this.base.push(o);
    }
    this.cachedState = undefined;
  }

  /** Creates or replaces a policy (kubectl apply). */
  upsertPolicy(o: Raw): void {
    this.putPolicyRaw(o);
    this.cachedState = undefined;
    if (this.engine) this.applyChecked(policyUpsert(o), `upsert ${o.kind} ${policyKey(o)}`);
  }

  deletePolicy(kind: PolicyKind, key: string): void {
    if (!this.policies.delete(mapKey(kind, key))) throw new Error(`no ${kind} ${key} to delete`);
    this.cachedState = undefined;
    if (this.engine) this.applyChecked({ type: 'delete', kind, key }, `delete ${kind} ${key}`);
  }

  /** Sends one event to the fast engine and checks its delta and its new answer (see engineErrors). */
  private applyChecked(change: ObjectChange, label: string, compareWithNaive = true): void {
    const engine = this.engine!;
    this.changeLog.push(label);
    const before = [...engine.connections()];
    const delta = engine.apply(change);
    const after = engine.connections();
    // Compared per address, not per atom name: an event that adds a CIDR re-cuts the external atoms
    // (0.0.0.0/0 becomes 0.0.0.0/0 except …) without changing what any address may do.
    for (const m of compareDelta(resultToConnMap({ connections: before }), resultToConnMap({ connections: delta.added }), resultToConnMap({ connections: delta.removed }), resultToConnMap({ connections: after }))) {
      this.engineErrors.push(`after ${label}: previous connections + delta ≠ connections(): ${mismatchText(m)}`);
    }
    if (compareWithNaive) this.checkAgainstNaive(label);
  }

  private checkAgainstNaive(label: string): void {
    const naive = connectionMap(naiveAnalyze(this.state(), { cni: this.cni }).connections);
    const fast = connectionMap(this.engine!.connections());
    for (const d of diffConnectionMaps(naive, fast)) this.engineErrors.push(`after ${label}: engine ≠ naiveAnalyze: ${d}`);
  }

  /** Replaces the whole policy set with `objs` (deleting the others), as one step of a recipe. */
  setPolicies(objs: Raw[]): void {
    const wanted = new Set(objs.map((o) => mapKey(String(o.kind), policyKey(o))));
    for (const [k, o] of [...this.policies]) {
      if (!wanted.has(k)) this.deletePolicy(o.kind as PolicyKind, policyKey(o));
    }
    for (const o of objs) this.upsertPolicy(o);
  }

  getPolicy(kind: PolicyKind, key: string): Raw | undefined {
    return this.policies.get(mapKey(kind, key));
  }

  findPolicyByName(name: string): Raw {
    const hits = [...this.policies.values()].filter((o) => meta(o).name === name);
    if (hits.length !== 1) throw new Error(`${hits.length} policies named ${name}`);
    return hits[0];
  }

  private putPolicyRaw(o: Raw): void {
    if (!isPolicyKind(o.kind)) throw new Error(`not a policy: ${String(o.kind)}`);
    this.policies.set(mapKey(o.kind, policyKey(o)), o);
  }

  /** All raw objects, as the naive path sees them. */
  objects(): Raw[] {
    return [...this.base, ...this.policies.values()];
  }

  state(): ClusterState {
    this.cachedState ??= buildState(this.objects());
    return this.cachedState;
  }

  /**
   * Loads the fast engine with the base objects only and then sends the current policies as upsert
   * events, so even the first probe goes through ReachabilityEngine.apply.
   */
  loadEngine(): void {
    if (this.engine) return;
    const engine = new ReachabilityEngine({ cni: this.cni });
    engine.load(buildState(this.base));
    this.changeLog.push(`load base (${this.base.length} objects)`);
    this.engine = engine;
    // Until the last policy is in, the engine holds less than this.state(): compare with naive only then.
    for (const o of this.policies.values()) this.applyChecked(policyUpsert(o), `upsert ${o.kind} ${policyKey(o)}`, false);
    this.checkAgainstNaive('load and the initial policies');
  }

  pod(ref: string): Pod {
    return findPod(this.state(), ref);
  }

  /** Ports allowed from src to dst, by both engines. */
  ports(src: PeerSpec, dst: PeerSpec): ProbeAnswer {
    this.loadEngine();
    const state = this.state();
    const ref = (p: PeerSpec) => ('pod' in p ? { pod: findPod(state, p.pod) } : { ip: p.ip });
    // portsBetween answers with the naive evaluator for a pod it does not know: make sure it knows them.
    const known = new Set(this.engine!.snapshot().pods.map((p) => objectKey('Pod', p)));
    for (const p of [src, dst]) {
      if ('pod' in p && !known.has(objectKey('Pod', findPod(state, p.pod)))) throw new Error(`the fast engine does not know pod ${p.pod}`);
    }
    if (this.engineErrors.length) throw new Error(`incremental engine inconsistent:\n${this.engineErrors.slice(0, 10).join('\n')}`);
    const naive = naivePortsBetween(state, { cni: this.cni }, ref(src), ref(dst));
    const fast = this.engine!.portsBetween(ref(src), ref(dst));
    return { naive, fast };
  }
}

function connectionKey(c: Connection): string {
  return `${endpointKey(c.src)} => ${endpointKey(c.dst)}`;
}

/** Connections by exact endpoint keys (both engines cut the address space into the same atoms). */
export function connectionMap(cs: readonly Connection[]): Map<string, PortSet> {
  const m = new Map<string, PortSet>();
  for (const c of cs) m.set(connectionKey(c), (m.get(connectionKey(c)) ?? PortSet.NONE).union(c.ports));
  return m;
}

export function diffConnectionMaps(expected: Map<string, PortSet>, actual: Map<string, PortSet>): string[] {
  const out: string[] = [];
  for (const k of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(k) ?? PortSet.NONE;
    const a = actual.get(k) ?? PortSet.NONE;
    if (!e.equals(a)) out.push(`${k}: expected ${e.toString() || 'none'}, got ${a.toString() || 'none'}`);
  }
  return out.sort();
}

export function buildState(objs: Raw[]): ClusterState {
  const r = buildClusterState(objs.map((object) => ({ object, source: 'conformance' })));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  // A skipped object would silently change every answer: the simulated clusters must load cleanly.
  if (errors.length) throw new Error(`libs/k8s rejected the scenario: ${errors.map((d) => d.message).join('; ')}`);
  return r.state;
}

/**
 * `ns/name`: the pod of that name, or else the single pod of the workload of that name (a Deployment's
 * template pod, for instance).
 */
export function findPod(state: ClusterState, ref: string): Pod {
  const [ns, name] = ref.split('/');
  const exact = state.pods.filter((p) => p.namespace === ns && p.name === name);
  if (exact.length === 1) return exact[0];
  const byWorkload = state.pods.filter((p) => p.namespace === ns && p.workload.name === name);
  if (byWorkload.length === 1) return byWorkload[0];
  throw new Error(`no unique pod ${ref} (pods: ${state.pods.map((p) => `${p.namespace}/${p.name}`).join(', ')})`);
}

export function allows(p: PortSet, protocol: Protocol, port: number): boolean {
  return p.has(protocol, port);
}
