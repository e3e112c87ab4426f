/**
 * Everything the checks of one cluster read, computed once from the engine: the workload-level
 * connections (analyze), namespace posture (clusterPosture), per-pod isolation (podIsolation), the scope,
 * and the flows that touch it with their register coverage. Explanations (the allowing policy and rule)
 * are computed on demand and cached, since only some checks need them and each costs an explain call.
 */
import {
  analyze,
  createExplainer,
  clusterPosture,
  endpointKey,
  includesPublicAddresses,
  podIsolation,
  type ClusterState,
  type CniProfile,
  type Connection,
  type Endpoint,
  type Explainer,
  type Namespace,
  type NamespacePosture,
  type Pod,
} from '@reachwatch/policy-engine';
import { explainFlow, type FlowExplanation } from './allowing-rules';
import { coverage, type Coverage } from './approved-flows';
import { dataStoreReason } from './data-stores';
import type { ApprovedFlow, ClusterInput, PolicyChange } from './model';
import { clusterNamespaces, inScope, type Scope } from './scope';

export interface WorkloadInfo {
  key: string;
  endpoint: Extract<Endpoint, { type: 'workload' }>;
  /** `namespace/name`. */
  text: string;
  pods: Pod[];
  inScope: boolean;
  /** Why it is a data store (data-stores.ts), if it is one. */
  dataStore?: string;
  hostNetworkPods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
}

/** inbound: into scope from outside it; outbound: from scope to outside it; internal: both ends in scope. */
export type FlowDirection = 'inbound' | 'outbound' | 'internal';

export interface ScopeFlow {
  connection: Connection;
  direction: FlowDirection;
  srcText: string;
  dstText: string;
  /** `A → B`. */
  text: string;
  coverage: Coverage;
}

export interface ClusterContext {
  name: string;
  cni: CniProfile;
  state: ClusterState;
  namespaces: Namespace[];
  inScopeNamespaces: string[];
  posture: Map<string, NamespacePosture>;
  workloads: WorkloadInfo[];
  workload(e: Endpoint): WorkloadInfo | undefined;
  /** Flows with at least one end in scope, in the engine's order (src then dst). */
  flows: ScopeFlow[];
  explain(f: ScopeFlow): FlowExplanation;
  /** Changes of the period touching the scope (see relevantChanges); null without a change history. */
  changes: PolicyChange[] | null;
}

export interface ContextEnv {
  scope: Scope;
  approvedFlows: readonly ApprovedFlow[];
  period: { from: string; to: string };
  snapshotAt: string;
}

export function buildContext(input: ClusterInput, env: ContextEnv): ClusterContext {
  const { state, cni, name } = input;
  const namespaces = clusterNamespaces(state);
  const nsByName = new Map(namespaces.map((n) => [n.name, n]));
  const scoped = new Set(namespaces.filter((n) => inScope(env.scope, n)).map((n) => n.name));
  const connections = analyze(state, { cni }).connections;
  const posture = new Map(clusterPosture(state, connections).map((p) => [p.namespace, p]));

  const workloads = groupWorkloads(state.pods).map((pods): WorkloadInfo => {
    const p0 = pods[0];
    const endpoint = { type: 'workload' as const, namespace: p0.namespace, name: p0.workload.name, kind: p0.workload.kind };
    const ns = nsByName.get(p0.namespace)!;
    const nps = state.networkPolicies.filter((np) => np.namespace === p0.namespace);
    let ing = 0;
    let egr = 0;
    for (const pod of pods) {
      const iso = podIsolation(pod, ns, nps, state.adminNetworkPolicies, state.baselineAdminNetworkPolicy);
      if (iso.Ingress) ing++;
      if (iso.Egress) egr++;
    }
    return {
      key: endpointKey(endpoint),
      endpoint,
      text: `${endpoint.namespace}/${endpoint.name}`,
      pods,
      inScope: scoped.has(p0.namespace),
      dataStore: dataStoreReason(pods),
      hostNetworkPods: pods.filter((p) => p.hostNetwork).length,
      ingressIsolatedPods: ing,
      egressIsolatedPods: egr,
    };
  });
  const byKey = new Map(workloads.map((w) => [w.key, w]));
  const workload = (e: Endpoint) => (e.type === 'workload' ? byKey.get(endpointKey(e)) : undefined);

  const flows: ScopeFlow[] = [];
  for (const c of connections) {
    const s = workload(c.src)?.inScope ?? false;
    const d = workload(c.dst)?.inScope ?? false;
    if (!s && !d) continue;
    const srcText = endpointText(c.src);
    const dstText = endpointText(c.dst);
    flows.push({
      connection: c,
      direction: s && d ? 'internal' : d ? 'inbound' : 'outbound',
      srcText,
      dstText,
      text: `${srcText} → ${dstText}`,
      coverage: coverage(env.approvedFlows, name, c.src, c.dst, c.ports, env.snapshotAt),
    });
  }

  const cache = new Map<ScopeFlow, FlowExplanation>();
  const podsOf = (e: Endpoint) => workload(e)?.pods ?? [];
  // One explainer per cluster: the state's indexes are built once for all the flows explained.
  let explainer: Explainer | undefined;
  return {
    name,
    cni,
    state,
    namespaces,
    inScopeNamespaces: [...scoped].sort(),
    posture,
    workloads,
    workload,
    flows,
    explain(f) {
      let ex = cache.get(f);
      if (!ex) {
        explainer ??= createExplainer(state, { cni });
        ex = explainFlow(explainer, podsOf, f.connection);
        cache.set(f, ex);
      }
      return ex;
    },
    changes: input.changes === null ? null : relevantChanges(input.changes, scoped, env.period),
  };
}

/**
 * Changes in the period (both ends included) to objects of in-scope namespaces, to in-scope namespaces
 * themselves, and to cluster-wide admin policies (which can select any namespace), sorted by time.
 * None when the scope selects no namespace in the cluster.
 */
export function relevantChanges(changes: readonly PolicyChange[], scoped: ReadonlySet<string>, period: { from: string; to: string }): PolicyChange[] {
  // Without a scope here, cluster-wide changes affect nothing the report covers.
  if (scoped.size === 0) return [];
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  return changes
    .filter((c) => {
      const t = Date.parse(c.at);
      if (!(t >= from && t <= to)) return false;
      const ns = c.kind === 'Namespace' ? c.name : c.namespace;
      return ns === undefined ? true : scoped.has(ns);
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || changeKey(a).localeCompare(changeKey(b)));
}

function changeKey(c: PolicyChange): string {
  return `${c.kind}/${c.namespace ?? ''}/${c.name}/${c.action}`;
}

/** Pods grouped by (namespace, workload kind, workload name), each group sorted by pod name, groups by key. */
function groupWorkloads(pods: readonly Pod[]): Pod[][] {
  const groups = new Map<string, Pod[]>();
  for (const p of pods) {
    const k = endpointKey({ type: 'workload', namespace: p.namespace, name: p.workload.name, kind: p.workload.kind });
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

export function endpointText(e: Endpoint): string {
  return e.type === 'workload' ? `${e.namespace}/${e.name}` : e.except.length ? `${e.cidr} except ${e.except.join(', ')}` : e.cidr;
}

/** An external range that holds public addresses (the engine's notion of "the internet"). */
export function isInternet(e: Endpoint): boolean {
  return e.type === 'external' && includesPublicAddresses(e);
}

/** An external range that starts from the whole address space (`0.0.0.0/0` or `::/0`, maybe minus excepts). */
export function isAnywhere(e: Endpoint): boolean {
  return e.type === 'external' && /\/0$/.test(e.cidr);
}
