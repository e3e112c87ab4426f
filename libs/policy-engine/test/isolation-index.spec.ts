import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointKey } from '../src/analysis';
import { IsolationIndex, WorkloadIsolation } from '../src/isolation-index';
import { ClusterState, ObjectChange } from '../src/model';
import { impliedNamespace, namespaceIsolation, podIsolation } from '../src/posture';
import { NAMESPACES, applyToState, clusterState, resolveEdit, step } from './arbitraries';
import { anp, banp, np, ns, pod, state } from './build';

/** namespaceIsolation from scratch: the answer the index must give. */
function expectedIsolation(s: ClusterState, name: string) {
  return namespaceIsolation({
    namespace: s.namespaces.find((n) => n.name === name) ?? impliedNamespace(name),
    pods: s.pods,
    networkPolicies: s.networkPolicies,
    adminNetworkPolicies: s.adminNetworkPolicies,
    baselineAdminNetworkPolicy: s.baselineAdminNetworkPolicy,
  });
}

/** Per workload, each pod's podIsolation and-ed together, computed directly. */
function expectedWorkloads(s: ClusterState, name: string): Map<string, WorkloadIsolation> {
  const namespace = s.namespaces.find((n) => n.name === name) ?? impliedNamespace(name);
  const nps = s.networkPolicies.filter((x) => x.namespace === name);
  const out = new Map<string, WorkloadIsolation>();
  for (const p of s.pods.filter((x) => x.namespace === name)) {
    const workload = { type: 'workload' as const, namespace: name, kind: p.workload.kind, name: p.workload.name };
    const iso = podIsolation(p, namespace, nps, s.adminNetworkPolicies, s.baselineAdminNetworkPolicy);
    const cur = out.get(endpointKey(workload));
    if (!cur) out.set(endpointKey(workload), { workload, isolated: { ...iso } });
    else for (const d of ['Ingress', 'Egress'] as const) cur.isolated[d] &&= iso[d];
  }
  return out;
}

const sorted = (m: Map<string, WorkloadIsolation>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

function expectSame(index: IsolationIndex, s: ClusterState, name: string, ctx: string): void {
  expect(index.isolation(name), ctx).toEqual(expectedIsolation(s, name));
  expect(sorted(index.workloadIsolation(name)), ctx).toEqual(sorted(expectedWorkloads(s, name)));
}

/** Every object of a state as upserts, in an order that puts pods before the policies that select them. */
function upserts(s: ClusterState): ObjectChange[] {
  return [
    ...s.pods.map((o): ObjectChange => ({ type: 'upsert', kind: 'Pod', object: o })),
    ...s.networkPolicies.map((o): ObjectChange => ({ type: 'upsert', kind: 'NetworkPolicy', object: o })),
    ...s.adminNetworkPolicies.map((o): ObjectChange => ({ type: 'upsert', kind: 'AdminNetworkPolicy', object: o })),
    ...(s.baselineAdminNetworkPolicy ? [{ type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: s.baselineAdminNetworkPolicy } as ObjectChange] : []),
    ...s.namespaces.map((o): ObjectChange => ({ type: 'upsert', kind: 'Namespace', object: o })),
  ];
}

describe('IsolationIndex: by hand', () => {
  const s = state({
    namespaces: [ns('shop', { team: 'x' })],
    pods: [
      pod('shop', 'web-1', { app: 'web' }, { workload: { kind: 'Deployment', name: 'web' } }),
      pod('shop', 'web-2', { app: 'web', canary: 'y' }, { workload: { kind: 'Deployment', name: 'web' } }),
      pod('shop', 'db', { app: 'db' }),
      pod('shop', 'agent', {}, { hostNetwork: true }),
    ],
    networkPolicies: [np('shop', 'deny-all', {}, { types: ['Ingress'] }), np('shop', 'web-out', { matchLabels: { canary: 'y' } }, { types: ['Egress'], egress: [{}] })],
    adminNetworkPolicies: [anp('team-x', 1, { subject: { namespaces: { matchLabels: { team: 'x' } } }, ingress: [], egress: [{ name: 'no', action: 'Deny', peers: [{ namespaces: {} }] }] })],
    baselineAdminNetworkPolicy: banp({ subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } }, ingress: [], egress: [] }),
  });

  it('answers what namespaceIsolation answers', () => {
    const index = new IsolationIndex();
    index.load(s);
    expect(index.isolation('shop')).toEqual({
      namespace: 'shop', pods: 4, ingressIsolatedPods: 3, egressIsolatedPods: 3, hostNetworkPods: 1, policies: 2,
      adminPolicies: ['BANP default', 'team-x'], defaultDenyIngressPolicies: ['deny-all'], defaultDenyEgressPolicies: [],
    });
    expect(index.isolation('shop')).toEqual(expectedIsolation(s, 'shop'));
    expect(index.isolation('nowhere')).toEqual(expectedIsolation(s, 'nowhere'));
  });

  it('follows a relabel of the namespace, a pod delete and an admin policy delete', () => {
    const index = new IsolationIndex();
    index.load(s);
    let now = s;
    const apply = (c: ObjectChange) => {
      index.apply(c);
      now = applyToState(now, c);
      expectSame(index, now, 'shop', JSON.stringify(c));
    };
    apply({ type: 'upsert', kind: 'Namespace', object: ns('shop') });
    expect(index.isolation('shop')).toMatchObject({ egressIsolatedPods: 1, adminPolicies: ['BANP default'] });
    apply({ type: 'upsert', kind: 'Namespace', object: ns('shop', { team: 'x' }) });
    apply({ type: 'delete', kind: 'Pod', key: 'shop/db' });
    expect(index.isolation('shop').adminPolicies).toEqual(['team-x']);
    apply({ type: 'delete', kind: 'AdminNetworkPolicy', key: 'team-x' });
    apply({ type: 'delete', kind: 'NetworkPolicy', key: 'shop/deny-all' });
    expect(index.isolation('shop')).toMatchObject({ ingressIsolatedPods: 0, egressIsolatedPods: 1, defaultDenyIngressPolicies: [] });
  });

  it('a workload is isolated only while every one of its pods is', () => {
    const index = new IsolationIndex();
    index.load(s);
    expect(index.workloadIsolation('shop').get('shop/web[Deployment]')?.isolated).toEqual({ Ingress: true, Egress: true });
    index.apply({ type: 'upsert', kind: 'Pod', object: pod('shop', 'web-3', { app: 'web' }, { workload: { kind: 'Deployment', name: 'web' }, hostNetwork: true }) });
    expect(index.workloadIsolation('shop').get('shop/web[Deployment]')?.isolated).toEqual({ Ingress: false, Egress: false });
  });
});

describe('IsolationIndex == namespaceIsolation from scratch', () => {
  // Each step reads a random subset of namespaces, so that changes also pile up on namespaces left stale.
  const stepWithReads = fc.record({ st: step, reads: fc.subarray(NAMESPACES) });

  it('random event sequences', () => {
    fc.assert(
      fc.property(clusterState({ maxPods: 8, maxAdminPolicies: 3 }), fc.array(stepWithReads, { minLength: 1, maxLength: 20 }), (s0, steps) => {
        const index = new IsolationIndex();
        index.load(s0);
        let s = s0;
        for (const [i, { st, reads }] of steps.entries()) {
          const change = 'change' in st ? st.change : resolveEdit(s, st.edit);
          if (!change) continue;
          index.apply(change);
          s = applyToState(s, change);
          for (const name of reads) expectSame(index, s, name, `step ${i}: ${JSON.stringify(change)}`);
        }
        for (const name of NAMESPACES) expectSame(index, s, name, 'after every step');
        // Built from nothing, change by change, it reaches the same answers.
        const built = new IsolationIndex();
        for (const c of upserts(s)) built.apply(c);
        for (const name of NAMESPACES) expect(built.isolation(name)).toEqual(index.isolation(name));
      }),
      { numRuns: 400 },
    );
  });
});
