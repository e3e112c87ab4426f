import { describe, expect, it } from 'vitest';
import type { ClusterState } from '@reachwatch/policy-engine';
import { approvedFlowsHash, canonicalJson, clusterHash, verifyReport } from '../src/hash';
import { cluster, denyAll, flow, ns, np, pod, report, state } from './fixtures';

const s = state({ namespaces: [ns('a', { pci: 'cde' }), ns('b')], pods: [pod('a', 'x', { ports: [443] }), pod('b', 'y')], networkPolicies: [denyAll('a'), np('a', 'z')] });
const c = (st: ClusterState, name = 'east') => ({ name, cni: 'generic' as const, state: st });

describe('canonical JSON and the state hash', () => {
  it('sorts object keys and drops undefined members, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: undefined, c: 'x' }] })).toBe('{"a":[3,{"c":"x"}],"b":1}');
  });

  it('does not depend on the order of the state collections or of label keys', () => {
    const shuffled: ClusterState = {
      ...s,
      namespaces: [...s.namespaces].reverse(),
      pods: [...s.pods].reverse().map((p) => ({ ...p, labels: Object.fromEntries(Object.entries(p.labels).reverse()) })),
      networkPolicies: [...s.networkPolicies].reverse(),
    };
    expect(clusterHash(c(shuffled))).toBe(clusterHash(c(s)));
  });

  it('changes with any fact: a label, the CNI profile, the cluster name', () => {
    const base = clusterHash(c(s));
    const relabelled = { ...s, namespaces: [ns('a', { pci: 'cdx' }), ns('b')] };
    expect(clusterHash(c(relabelled))).not.toBe(base);
    expect(clusterHash({ ...c(s), cni: 'calico' })).not.toBe(base);
    expect(clusterHash(c(s, 'west'))).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('register hash: order of entries does not matter, content does', () => {
    const a = flow('A', 'any', 'any', ['any']);
    const b = flow('B', 'internet', { namespace: 'a' }, ['TCP/443']);
    expect(approvedFlowsHash([a, b])).toBe(approvedFlowsHash([b, a]));
    expect(approvedFlowsHash([a, { ...b, ports: ['TCP/8443'] }])).not.toBe(approvedFlowsHash([a, b]));
  });
});

describe('verifyReport', () => {
  const register = [flow('A', 'any', 'any', ['any'])];
  const r = report('pci-dss-4.0.1', [cluster('east', s), cluster('west', state({}))], { approvedFlows: register });

  it('accepts the states the report was computed from', () => {
    const v = verifyReport(r, [c(state({}), 'west'), c(s, 'east')], register);
    expect(v.ok).toBe(true);
    expect(v.stateHash.actual).toBe(r.metadata.stateHash);
    expect(v.clusters.map((x) => [x.cluster, x.ok])).toEqual([['east', true], ['west', true]]);
    expect(v.approvedFlows?.ok).toBe(true);
  });

  it('rejects a changed state, naming the cluster', () => {
    const changed = { ...s, pods: [...s.pods, pod('b', 'new')] };
    const v = verifyReport(r, [c(changed, 'east'), c(state({}), 'west')]);
    expect(v.ok).toBe(false);
    expect(v.clusters.filter((x) => !x.ok).map((x) => x.cluster)).toEqual(['east']);
  });

  it('rejects a missing or an extra cluster, a changed register, and a tampered report', () => {
    expect(verifyReport(r, [c(s, 'east')]).ok).toBe(false);
    const extra = verifyReport(r, [c(s, 'east'), c(state({}), 'west'), c(state({}), 'south')]);
    expect([extra.ok, extra.extraClusters]).toEqual([false, ['south']]);
    expect(verifyReport(r, [c(s, 'east'), c(state({}), 'west')], []).ok).toBe(false);
    const tampered = { ...r, metadata: { ...r.metadata, stateHash: '0'.repeat(64) } };
    expect(verifyReport(tampered, [c(s, 'east'), c(state({}), 'west')]).ok).toBe(false);
  });
});
