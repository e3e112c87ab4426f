/**
 * Namespace-level checks, read from the engine's posture (posture.ts): default deny in effect per
 * direction, and "has a policy" versus "default deny in effect" (CIS 5.3.2).
 */
import type { NamespacePosture, PolicyType } from '@reachwatch/policy-engine';
import type { ClusterContext } from '../context';
import type { Evidence } from '../model';
import { msg } from '../messages';
import { needsNamespaces, verdict, type ClusterOutcome } from './outcome';

const NO_POLICIES = (ns: string): NamespacePosture => ({
  namespace: ns,
  pods: 0,
  ingressIsolatedPods: 0,
  egressIsolatedPods: 0,
  policies: 0,
  defaultDenyIngress: false,
  defaultDenyEgress: false,
  exposedToInternet: false,
  reachableFromOtherNamespaces: false,
  score: 0,
  details: {
    hostNetworkPods: 0,
    adminPolicies: [],
    defaultDenyIngressPolicies: [],
    defaultDenyEgressPolicies: [],
    internetExposedWorkloads: [],
    reachableFromNamespaces: [],
    scoreParts: { ingressCoverage: 0, egressCoverage: 0, defaultDenyIngress: 0, defaultDenyEgress: 0, notExposedToInternet: 0, notReachableFromOtherNamespaces: 0 },
  },
});

/** The posture of an in-scope namespace; one that holds only Services has no posture row and no policies. */
function postureOf(ctx: ClusterContext, ns: string): NamespacePosture {
  return ctx.posture.get(ns) ?? NO_POLICIES(ns);
}

function denyPolicies(p: NamespacePosture, d: PolicyType): string[] {
  const names = d === 'Ingress' ? p.details.defaultDenyIngressPolicies : p.details.defaultDenyEgressPolicies;
  return names.map((n) => `${p.namespace}/${n}`);
}

/** Every in-scope namespace has a default deny for each of `directions`. One evidence row per namespace × direction. */
export function defaultDeny(ctx: ClusterContext, directions: PolicyType[]): ClusterOutcome {
  const na = needsNamespaces(ctx);
  if (na) return na;
  const evidence: Evidence[] = [];
  const missing: string[] = [];
  for (const ns of ctx.inScopeNamespaces) {
    const p = postureOf(ctx, ns);
    const lacking: PolicyType[] = [];
    for (const d of directions) {
      const has = d === 'Ingress' ? p.defaultDenyIngress : p.defaultDenyEgress;
      const pols = denyPolicies(p, d);
      const isolated = d === 'Ingress' ? p.ingressIsolatedPods : p.egressIsolatedPods;
      evidence.push({
        cluster: ctx.name,
        object: ns,
        detail: has ? msg.hasDefaultDeny(d, pols) : msg.lacksDefaultDeny(d, isolated, p.pods),
        ...(pols.length ? { policy: pols.join(', ') } : {}),
        finding: !has,
      });
      if (!has) lacking.push(d);
    }
    if (lacking.length) missing.push(`${ns} (${lacking.map((d) => d.toLowerCase()).join(', ')})`);
  }
  return verdict(evidence, msg.defaultDenyPass(ctx.inScopeNamespaces.length, directions), () => msg.defaultDenyFail(missing));
}

/**
 * CIS 5.3.2 "all namespaces have network policies defined", read strictly: a namespace passes only with
 * a default deny in both directions. A namespace with policies but without default deny is a finding
 * of its own kind — its unselected pods, and every pod that comes later, are open.
 */
export function policiesDefined(ctx: ClusterContext): ClusterOutcome {
  const na = needsNamespaces(ctx);
  if (na) return na;
  const evidence: Evidence[] = [];
  const none: string[] = [];
  const partial: string[] = [];
  for (const ns of ctx.inScopeNamespaces) {
    const p = postureOf(ctx, ns);
    const pols = [...denyPolicies(p, 'Ingress'), ...denyPolicies(p, 'Egress')];
    const admin = p.details.adminPolicies;
    let detail: string;
    let finding = true;
    if (p.policies === 0) {
      detail = msg.cisNoPolicy(admin);
      none.push(ns);
    } else if (!p.defaultDenyIngress || !p.defaultDenyEgress) {
      const lacking = [!p.defaultDenyIngress ? 'ingress' : '', !p.defaultDenyEgress ? 'egress' : ''].filter(Boolean);
      detail = msg.cisPolicyNoDefaultDeny(p.policies, lacking, p.ingressIsolatedPods, p.egressIsolatedPods, p.pods);
      partial.push(`${ns} (${lacking.join(', ')})`);
    } else {
      detail = msg.cisDefaultDeny(p.policies);
      finding = false;
    }
    evidence.push({ cluster: ctx.name, object: ns, detail, ...(pols.length ? { policy: [...new Set(pols)].join(', ') } : {}), finding });
  }
  return verdict(evidence, msg.cisPass(ctx.inScopeNamespaces.length), () => msg.cisFail(none, partial));
}
