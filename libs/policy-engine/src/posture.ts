import { Connection, Endpoint, endpointKey } from './analysis';
import { includesPublicAddresses } from './diff';
import {
  AdminNetworkPolicy,
  AdminRule,
  AdminSubject,
  BaselineAdminNetworkPolicy,
  ClusterState,
  Namespace,
  NetworkPolicy,
  NetworkPolicyRule,
  Pod,
  PolicyType,
} from './model';
import { adminSubjectSelects, npSelectsPod } from './peers';
import { selectsEverything } from './selectors';

/**
 * Posture per namespace (SEMANTICS.md "Posture"): how well one namespace is closed down, from its pods,
 * its policies and the engine's connections. Pure; the worker calls it for the namespaces an event
 * touched, the CLI and reports for all of them.
 *
 * Definitions (a pod is one entry of ClusterState.pods; hostNetwork pods count as pods and are never
 * isolated, since no policy of any layer selects them):
 * - **isolated for a direction**: some policy that decides that direction for the pod can deny traffic:
 *   a NetworkPolicy of the pod's namespace selects it and lists the direction in its policyTypes (the
 *   Kubernetes definition of isolation, whatever its rules allow), or an AdminNetworkPolicy / the
 *   BaselineAdminNetworkPolicy selects it as subject and has a `Deny` rule for that direction. An admin
 *   policy with only Allow/Pass rules restricts nothing and does not count.
 * - **policies**: NetworkPolicies in the namespace ("has a policy"). Admin policies selecting some pod of
 *   the namespace are listed in details.adminPolicies.
 * - **default deny in effect** for a direction: a NetworkPolicy of the namespace with an empty
 *   podSelector (it selects every pod, present and future), the direction in its policyTypes, and no
 *   rule for that direction. For egress, rules that only open port 53 (TCP/UDP: DNS) are allowed too —
 *   "deny all egress but name resolution" is the standard default-deny recipe. A namespace can have
 *   policies and still no default deny: the two are different facts (CIS 5.3.2).
 * - **exposed to the internet**: some workload of the namespace is reachable (an inbound connection)
 *   from an external range holding public addresses (see includesPublicAddresses).
 * - **reachable from other namespaces**: some workload of the namespace is reachable from a workload of
 *   another namespace.
 * - **score** (0–100, higher is better), see postureScore.
 */

export interface PostureScoreParts {
  /** Each part's points, summing to `score` (before rounding). */
  ingressCoverage: number;
  egressCoverage: number;
  defaultDenyIngress: number;
  defaultDenyEgress: number;
  notExposedToInternet: number;
  notReachableFromOtherNamespaces: number;
}

export interface PostureDetails {
  hostNetworkPods: number;
  /** ANPs (and the BANP) whose subject selects some pod of the namespace, sorted. */
  adminPolicies: string[];
  defaultDenyIngressPolicies: string[];
  defaultDenyEgressPolicies: string[];
  /** endpointKey of each workload reachable from public addresses, sorted. */
  internetExposedWorkloads: string[];
  /** Namespaces whose workloads reach some workload here, sorted. */
  reachableFromNamespaces: string[];
  scoreParts: PostureScoreParts;
}

export interface NamespacePosture {
  namespace: string;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  policies: number;
  defaultDenyIngress: boolean;
  defaultDenyEgress: boolean;
  exposedToInternet: boolean;
  reachableFromOtherNamespaces: boolean;
  score: number;
  details: PostureDetails;
}

/** What the posture of one namespace depends on, and nothing more (so a caller can index its own state). */
export interface NamespacePostureInput {
  namespace: Namespace;
  pods: readonly Pod[];
  /** The NetworkPolicies of this namespace (others are ignored). */
  networkPolicies: readonly NetworkPolicy[];
  adminNetworkPolicies: readonly AdminNetworkPolicy[];
  baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicy;
  /** Connections whose destination is a workload of this namespace (others are ignored). */
  inbound: readonly Connection[];
}

/** Points per part; they sum to 100. Coverage parts scale with the fraction of pods isolated. */
export const POSTURE_WEIGHTS: Readonly<PostureScoreParts> = {
  ingressCoverage: 25,
  egressCoverage: 15,
  defaultDenyIngress: 15,
  defaultDenyEgress: 10,
  notExposedToInternet: 20,
  notReachableFromOtherNamespaces: 15,
};

export function namespacePosture(input: NamespacePostureInput): NamespacePosture {
  return combinePosture(namespaceIsolation(input), namespaceExposure(input.namespace.name, input.inbound));
}

/** The part of a namespace's posture that depends on its pods and the policies (not on reachability). */
export interface NamespaceIsolation {
  namespace: string;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  hostNetworkPods: number;
  policies: number;
  adminPolicies: string[];
  defaultDenyIngressPolicies: string[];
  defaultDenyEgressPolicies: string[];
}

/** The part that depends on reachability into the namespace. */
export interface NamespaceExposure {
  /** endpointKey of each workload reachable from public addresses, sorted. */
  internetExposedWorkloads: string[];
  /** Namespaces whose workloads reach some workload here, sorted. */
  reachableFromNamespaces: string[];
}

export function namespaceIsolation(input: Omit<NamespacePostureInput, 'inbound'>): NamespaceIsolation {
  const name = input.namespace.name;
  const nps = input.networkPolicies.filter((np) => np.namespace === name);
  const pods = input.pods.filter((p) => p.namespace === name);
  let ingressIsolated = 0;
  let egressIsolated = 0;
  let hostNetwork = 0;
  const admin = new Set<string>();
  for (const pod of pods) {
    if (pod.hostNetwork) {
      hostNetwork++;
      continue;
    }
    const iso = podIsolation(pod, input.namespace, nps, input.adminNetworkPolicies, input.baselineAdminNetworkPolicy, admin);
    if (iso.Ingress) ingressIsolated++;
    if (iso.Egress) egressIsolated++;
  }
  return {
    namespace: name,
    pods: pods.length,
    ingressIsolatedPods: ingressIsolated,
    egressIsolatedPods: egressIsolated,
    hostNetworkPods: hostNetwork,
    policies: nps.length,
    adminPolicies: [...admin].sort(),
    defaultDenyIngressPolicies: nps.filter((np) => isDefaultDeny(np, 'Ingress')).map((np) => np.name).sort(),
    defaultDenyEgressPolicies: nps.filter((np) => isDefaultDeny(np, 'Egress')).map((np) => np.name).sort(),
  };
}

/**
 * Exposure of namespace `name` from its inbound connections. What matters is which sources reach which
 * destinations, not the ports: a caller that indexes inbound edges may classify one connection at a time
 * and keep counts (the worker does).
 */
export function namespaceExposure(name: string, inbound: Iterable<Connection>): NamespaceExposure {
  const exposed = new Set<string>();
  const fromNs = new Set<string>();
  for (const c of inbound) {
    if (c.dst.type !== 'workload' || c.dst.namespace !== name || c.ports.isEmpty()) continue;
    if (c.src.type === 'external') {
      if (includesPublicAddresses(c.src)) exposed.add(endpointKey(c.dst));
    } else if (c.src.namespace !== name) {
      fromNs.add(c.src.namespace);
    }
  }
  return { internetExposedWorkloads: [...exposed].sort(), reachableFromNamespaces: [...fromNs].sort() };
}

export function combinePosture(iso: NamespaceIsolation, exposure: NamespaceExposure): NamespacePosture {
  const p: Omit<NamespacePosture, 'score' | 'details'> = {
    namespace: iso.namespace,
    pods: iso.pods,
    ingressIsolatedPods: iso.ingressIsolatedPods,
    egressIsolatedPods: iso.egressIsolatedPods,
    policies: iso.policies,
    defaultDenyIngress: iso.defaultDenyIngressPolicies.length > 0,
    defaultDenyEgress: iso.defaultDenyEgressPolicies.length > 0,
    exposedToInternet: exposure.internetExposedWorkloads.length > 0,
    reachableFromOtherNamespaces: exposure.reachableFromNamespaces.length > 0,
  };
  const { score, parts } = postureScore(p);
  return {
    ...p,
    score,
    details: {
      hostNetworkPods: iso.hostNetworkPods,
      adminPolicies: iso.adminPolicies,
      defaultDenyIngressPolicies: iso.defaultDenyIngressPolicies,
      defaultDenyEgressPolicies: iso.defaultDenyEgressPolicies,
      internetExposedWorkloads: exposure.internetExposedWorkloads,
      reachableFromNamespaces: exposure.reachableFromNamespaces,
      scoreParts: parts,
    },
  };
}

/**
 * score = 25·(ingress-isolated pods / pods) + 15·(egress-isolated pods / pods) + 15·[default deny
 * ingress] + 10·[default deny egress] + 20·[not exposed to the internet] + 15·[not reachable from other
 * namespaces], rounded to one decimal. A namespace without pods has nothing to cover: its coverage
 * parts count in full only when a default deny of that direction will isolate the pods that come later.
 */
export function postureScore(
  p: Pick<NamespacePosture, 'pods' | 'ingressIsolatedPods' | 'egressIsolatedPods' | 'defaultDenyIngress' | 'defaultDenyEgress' | 'exposedToInternet' | 'reachableFromOtherNamespaces'>,
): { score: number; parts: PostureScoreParts } {
  const w = POSTURE_WEIGHTS;
  const coverage = (isolated: number, denyAll: boolean) => (p.pods === 0 ? (denyAll ? 1 : 0) : isolated / p.pods);
  const parts: PostureScoreParts = {
    ingressCoverage: w.ingressCoverage * coverage(p.ingressIsolatedPods, p.defaultDenyIngress),
    egressCoverage: w.egressCoverage * coverage(p.egressIsolatedPods, p.defaultDenyEgress),
    defaultDenyIngress: p.defaultDenyIngress ? w.defaultDenyIngress : 0,
    defaultDenyEgress: p.defaultDenyEgress ? w.defaultDenyEgress : 0,
    notExposedToInternet: p.exposedToInternet ? 0 : w.notExposedToInternet,
    notReachableFromOtherNamespaces: p.reachableFromOtherNamespaces ? 0 : w.notReachableFromOtherNamespaces,
  };
  const sum = Object.values(parts).reduce((a, b) => a + b, 0);
  return { score: Math.round(sum * 10) / 10, parts };
}

/**
 * Whether a pod is isolated for each direction (see the module comment). `adminOut`, when given,
 * receives the names of the admin policies whose subject selects the pod (`BANP <name>` for the baseline).
 */
export function podIsolation(
  pod: Pod,
  namespace: Namespace,
  nps: readonly NetworkPolicy[],
  anps: readonly AdminNetworkPolicy[],
  banp: BaselineAdminNetworkPolicy | undefined,
  adminOut?: Set<string>,
): Record<PolicyType, boolean> {
  const out: Record<PolicyType, boolean> = { Ingress: false, Egress: false };
  if (pod.hostNetwork) return out;
  for (const np of nps) {
    if (!npSelectsPod(np, pod)) continue;
    for (const d of np.policyTypes) out[d] = true;
  }
  const admins: { name: string; subject: AdminSubject; ingress: AdminRule[]; egress: AdminRule[] }[] = [...anps];
  if (banp) admins.push({ ...banp, name: `BANP ${banp.name}` });
  for (const a of admins) {
    if (!adminSubjectSelects(a.subject, pod, namespace.labels)) continue;
    adminOut?.add(a.name);
    if (a.ingress.some((r) => r.action === 'Deny')) out.Ingress = true;
    if (a.egress.some((r) => r.action === 'Deny')) out.Egress = true;
  }
  return out;
}

/** A default deny for `direction`: selects every pod of its namespace and allows nothing (egress: but DNS). */
export function isDefaultDeny(np: NetworkPolicy, direction: PolicyType): boolean {
  if (!selectsEverything(np.podSelector) || !np.policyTypes.includes(direction)) return false;
  const rules = direction === 'Ingress' ? np.ingress : np.egress;
  return direction === 'Ingress' ? rules.length === 0 : rules.every(opensOnlyDns);
}

function opensOnlyDns(rule: NetworkPolicyRule): boolean {
  // No ports = every port; otherwise each entry must be exactly port 53 over TCP or UDP.
  if (!rule.ports || rule.ports.length === 0) return false;
  return rule.ports.every((p) => (p.protocol === 'UDP' || p.protocol === 'TCP') && p.port === 53 && (p.endPort === undefined || p.endPort === 53));
}

/**
 * Posture of every namespace of a state: declared namespaces and those that pods or policies live in,
 * sorted by name. `connections` are the state's workload-level connections (engine.connections()).
 */
export function clusterPosture(state: ClusterState, connections: readonly Connection[]): NamespacePosture[] {
  const names = new Set<string>();
  for (const n of state.namespaces) names.add(n.name);
  for (const o of [...state.pods, ...state.networkPolicies]) names.add(o.namespace);
  const declared = new Map(state.namespaces.map((n) => [n.name, n]));
  const by = <T>(list: readonly T[], nsOf: (t: T) => string | undefined) => {
    const m = new Map<string, T[]>();
    for (const t of list) {
      const k = nsOf(t);
      if (k !== undefined) m.set(k, [...(m.get(k) ?? []), t]);
    }
    return m;
  };
  const pods = by(state.pods, (p) => p.namespace);
  const nps = by(state.networkPolicies, (n) => n.namespace);
  const inbound = by(connections, (c) => workloadNamespace(c.dst));
  return [...names].sort().map((name) =>
    namespacePosture({
      namespace: declared.get(name) ?? impliedNamespace(name),
      pods: pods.get(name) ?? [],
      networkPolicies: nps.get(name) ?? [],
      adminNetworkPolicies: state.adminNetworkPolicies,
      baselineAdminNetworkPolicy: state.baselineAdminNetworkPolicy,
      inbound: inbound.get(name) ?? [],
    }),
  );
}

/** A namespace known only from the objects in it carries just the automatic name label. */
export function impliedNamespace(name: string): Namespace {
  return { name, labels: { 'kubernetes.io/metadata.name': name } };
}

function workloadNamespace(e: Endpoint): string | undefined {
  return e.type === 'workload' ? e.namespace : undefined;
}
