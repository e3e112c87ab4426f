import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze';
import { includesPublicAddresses } from '../src/diff';
import { ClusterState, CniProfile } from '../src/model';
import { naiveAnalyze } from '../src/naive';
import { StateIndex } from '../src/peers';
import { decideDirection } from '../src/decision';
import { NamespacePosture, POSTURE_WEIGHTS, clusterPosture, isDefaultDeny } from '../src/posture';
import { clusterState } from './arbitraries';
import { anp, banp, np, ns, pod, state, tcp } from './build';

const postureOf = (s: ClusterState, name: string, cni: CniProfile = 'generic'): NamespacePosture => {
  const p = clusterPosture(s, analyze(s, { cni }).connections).find((x) => x.namespace === name);
  if (!p) throw new Error(`no posture for namespace ${name}`);
  return p;
};

describe('posture: the lol scenario (default deny ingress, one allowed client)', () => {
  const s = state({
    namespaces: [ns('default'), ns('yahoo')],
    pods: [pod('default', 'lol-default', { app: 'lol-default' }, { ports: [tcp(80)] }), pod('default', 'other', { app: 'other' }), pod('yahoo', 'lol-yahoo', { app: 'lol-yahoo' }), pod('yahoo', 'miao-yahoo', { app: 'miao-yahoo' })],
    networkPolicies: [
      np('default', 'default-deny-ingress', {}, { types: ['Ingress'] }),
      np('default', 'allow-lol-yahoo', { matchLabels: { app: 'lol-default' } }, {
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'yahoo' } }, podSelector: { matchLabels: { app: 'lol-yahoo' } } }] }],
      }),
    ],
  });

  it('default: every pod ingress-isolated, default deny ingress, reachable from yahoo only, not from the internet', () => {
    const p = postureOf(s, 'default');
    expect(p).toMatchObject({ pods: 2, ingressIsolatedPods: 2, egressIsolatedPods: 0, policies: 2, defaultDenyIngress: true, defaultDenyEgress: false, exposedToInternet: false, reachableFromOtherNamespaces: true });
    expect(p.details.reachableFromNamespaces).toEqual(['yahoo']);
    expect(p.details.defaultDenyIngressPolicies).toEqual(['default-deny-ingress']);
    // 25 + 0 + 15 + 0 + 20 + 0
    expect(p.score).toBe(60);
  });

  it('yahoo: no policy, open to everything', () => {
    const p = postureOf(s, 'yahoo');
    expect(p).toMatchObject({ pods: 2, ingressIsolatedPods: 0, egressIsolatedPods: 0, policies: 0, defaultDenyIngress: false, exposedToInternet: true, reachableFromOtherNamespaces: true, score: 0 });
    expect(p.details.internetExposedWorkloads).toEqual(['yahoo/lol-yahoo[Deployment]', 'yahoo/miao-yahoo[Deployment]']);
  });
});

describe('posture: "has a policy" is not "default deny in effect"', () => {
  const pods = [pod('a', 'web', { app: 'web' }), pod('a', 'db', { app: 'db' })];

  it('a policy selecting some pods isolates those only', () => {
    const p = postureOf(state({ namespaces: [ns('a')], pods, networkPolicies: [np('a', 'web', { matchLabels: { app: 'web' } }, { types: ['Ingress'] })] }), 'a');
    expect(p).toMatchObject({ policies: 1, ingressIsolatedPods: 1, defaultDenyIngress: false });
    expect(p.details.scoreParts.ingressCoverage).toBe(12.5);
  });

  it('a select-all policy with an ingress rule isolates every pod but is no default deny', () => {
    const allowAll = np('a', 'allow-all', {}, { types: ['Ingress'], ingress: [{}] });
    const p = postureOf(state({ namespaces: [ns('a')], pods, networkPolicies: [allowAll] }), 'a');
    expect(p).toMatchObject({ policies: 1, ingressIsolatedPods: 2, defaultDenyIngress: false, exposedToInternet: true });
  });

  it('default deny egress may keep DNS open, nothing else', () => {
    const dns = np('a', 'zero-trust', {}, { types: ['Ingress', 'Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });
    expect(isDefaultDeny(dns, 'Egress')).toBe(true);
    expect(isDefaultDeny(dns, 'Ingress')).toBe(true);
    const dnsAndWeb = np('a', 'x', {}, { types: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 443 }] }] });
    expect(isDefaultDeny(dnsAndWeb, 'Egress')).toBe(false);
    const dnsRange = np('a', 'x', {}, { types: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53, endPort: 54 }] }] });
    expect(isDefaultDeny(dnsRange, 'Egress')).toBe(false);
    const allPorts = np('a', 'x', {}, { types: ['Egress'], egress: [{ peers: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }] }] });
    expect(isDefaultDeny(allPorts, 'Egress')).toBe(false);
    // Egress not in policyTypes: not a default deny of egress whatever the rules say.
    expect(isDefaultDeny(np('a', 'x', {}, { types: ['Ingress'] }), 'Egress')).toBe(false);
    // A selector that happens to match every current pod is not a default deny (future pods escape it).
    expect(isDefaultDeny(np('a', 'x', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { types: ['Ingress'] }), 'Ingress')).toBe(false);
  });

  it('an empty namespace scores its coverage only through a default deny', () => {
    const empty = postureOf(state({ namespaces: [ns('e')] }), 'e');
    expect(empty).toMatchObject({ pods: 0, score: 35 }); // not exposed (20) + not reachable (15)
    const locked = postureOf(state({ namespaces: [ns('e')], networkPolicies: [np('e', 'deny', {}, { types: ['Ingress', 'Egress'] })] }), 'e');
    expect(locked.score).toBe(100);
  });
});

describe('posture: admin policies and host-network pods', () => {
  const base = { namespaces: [ns('a', { env: 'prod' }), ns('b')], pods: [pod('a', 'web', { app: 'web' }), pod('a', 'agent', { app: 'agent' }, { hostNetwork: true }), pod('b', 'c', {})] };

  it('an ANP with a Deny rule isolates the pods its subject selects; Allow-only rules do not', () => {
    const deny = anp('deny-b', 10, { subject: { namespaces: { matchLabels: { env: 'prod' } } }, ingress: [{ name: 'r', action: 'Deny', peers: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }], egress: [] });
    const allow = anp('allow', 5, { subject: { namespaces: {} }, ingress: [{ name: 'r', action: 'Allow', peers: [{ namespaces: {} }] }], egress: [{ name: 'e', action: 'Pass', peers: [{ namespaces: {} }] }] });
    const p = postureOf(state({ ...base, adminNetworkPolicies: [allow, deny] }), 'a');
    expect(p).toMatchObject({ pods: 2, ingressIsolatedPods: 1, egressIsolatedPods: 0, policies: 0 });
    expect(p.details).toMatchObject({ hostNetworkPods: 1, adminPolicies: ['allow', 'deny-b'] });
    expect(postureOf(state({ ...base, adminNetworkPolicies: [allow] }), 'a').ingressIsolatedPods).toBe(0);
  });

  it('a BANP Deny rule isolates the direction it is written for', () => {
    const b = banp({ subject: { namespaces: {} }, ingress: [], egress: [{ name: 'no-b', action: 'Deny', peers: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }] });
    const p = postureOf(state({ ...base, baselineAdminNetworkPolicy: b }), 'a');
    expect(p).toMatchObject({ ingressIsolatedPods: 0, egressIsolatedPods: 1 });
    expect(p.details.adminPolicies).toEqual(['BANP default']);
  });

  it('host-network pods are never isolated, even under a default deny', () => {
    const p = postureOf(state({ ...base, networkPolicies: [np('a', 'deny', {}, { types: ['Ingress', 'Egress'] })] }), 'a');
    expect(p).toMatchObject({ pods: 2, ingressIsolatedPods: 1, egressIsolatedPods: 1, defaultDenyIngress: true, defaultDenyEgress: true });
  });
});

describe('posture: properties on random clusters', () => {
  const CNIS: CniProfile[] = ['generic', 'calico'];

  it('agrees with the reference evaluator; the score is the sum of its parts', () => {
    fc.assert(
      fc.property(clusterState(), fc.constantFrom(...CNIS), (s, cni) => {
        const conns = naiveAnalyze(s, { cni }).connections;
        const postures = clusterPosture(s, conns);
        const ix = new StateIndex(s, { cni });
        const names = new Set([...s.namespaces.map((n) => n.name), ...s.pods.map((p) => p.namespace), ...s.networkPolicies.map((n) => n.namespace)]);
        expect(postures.map((p) => p.namespace)).toEqual([...names].sort());
        for (const p of postures) {
          const pods = s.pods.filter((x) => x.namespace === p.namespace);
          expect(p.pods).toBe(pods.length);
          expect(p.policies).toBe(s.networkPolicies.filter((x) => x.namespace === p.namespace).length);
          // Without admin policies, isolation is exactly the reference's isolatingPolicies ≠ ∅.
          if (s.adminNetworkPolicies.length === 0 && !s.baselineAdminNetworkPolicy) {
            const peer = { kind: 'ip' as const, addr: { family: 4 as const, value: 1n } };
            const iso = (d: 'ingress' | 'egress') => pods.filter((x) => decideDirection(ix, x, peer, d).isolatingPolicies.length > 0).length;
            expect(p.ingressIsolatedPods).toBe(iso('ingress'));
            expect(p.egressIsolatedPods).toBe(iso('egress'));
          }
          expect(p.ingressIsolatedPods).toBeLessThanOrEqual(p.pods - p.details.hostNetworkPods);
          const inbound = conns.filter((c) => c.dst.type === 'workload' && c.dst.namespace === p.namespace);
          expect(p.exposedToInternet).toBe(inbound.some((c) => c.src.type === 'external' && includesPublicAddresses(c.src)));
          expect(p.reachableFromOtherNamespaces).toBe(inbound.some((c) => c.src.type === 'workload' && c.src.namespace !== p.namespace));
          const sum = Object.values(p.details.scoreParts).reduce((a, b) => a + b, 0);
          expect(p.score).toBeCloseTo(sum, 1);
          expect(p.score).toBeGreaterThanOrEqual(0);
          expect(p.score).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('weights sum to 100', () => {
    expect(Object.values(POSTURE_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });
});
