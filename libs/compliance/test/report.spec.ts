import { describe, expect, it } from 'vitest';
import type { ClusterState } from '@reachwatch/policy-engine';
import { buildComplianceReport } from '../src/report';
import { ComplianceError } from '../src/errors';
import { renderJson } from '../src/render/json';
import { T0, check, cluster, denyAll, flow, np, ns, pod, report, state } from './fixtures';

const east = state({ namespaces: [ns('cde', { pci: 'cde' }), ns('shop')], pods: [pod('cde', 'api'), pod('shop', 'web')], networkPolicies: [denyAll('cde')] });
const west = state({ namespaces: [ns('cde', { pci: 'cde' }), ns('pay', { pci: 'cde' })], pods: [pod('cde', 'api'), pod('pay', 'p')], networkPolicies: [np('cde', 'deny-in'), denyAll('pay')] });
const north = state({ namespaces: [ns('shop')], pods: [pod('shop', 'web')] });

describe('fleet report', () => {
  const r = report('pci-dss-4.0.1', [cluster('west', west), cluster('north', north), cluster('east', east)]);

  it('runs every check per cluster and rolls the verdicts up', () => {
    const c = check(r, '1.2.1');
    expect(c.clusters.map((x) => [x.cluster, x.status, x.findings])).toEqual([
      ['east', 'pass', 0],
      ['north', 'not-applicable', 0],
      ['west', 'fail', 1],
    ]);
    expect(c.status).toBe('fail');
    expect(c.findings).toBe(1);
    expect(c.summary).toBe('Fails in 1 of 3 clusters (west); west: Add a default-deny NetworkPolicy (podSelector: {}, no rules) to cde (egress).');
    expect(new Set(c.evidence.map((e) => e.cluster))).toEqual(new Set(['east', 'west']));
  });

  it('summarises per cluster and in total', () => {
    expect(r.summary.clusters.map((s) => [s.cluster, s.inScopeNamespaces, s.inScopeWorkloads])).toEqual([
      ['east', ['cde'], 1],
      ['north', [], 0],
      ['west', ['cde', 'pay'], 2],
    ]);
    const north = r.summary.clusters[1];
    expect(north.notApplicable).toBe(r.checks.length);
    const t = r.summary.total;
    expect([t.clusters, t.inScopeNamespaces, t.inScopeWorkloads]).toEqual([3, 3, 3]);
    expect(t.pass + t.fail + t.notApplicable).toBe(r.checks.length);
    expect(t.findings).toBe(r.checks.reduce((n, c) => n + c.findings, 0));
    for (const s of r.summary.clusters) expect(s.pass + s.fail + s.notApplicable).toBe(r.checks.length);
  });

  it('keeps clusters apart in the graph, the endpoints and the matrices', () => {
    expect(r.dataFlow.nodes.every((n) => n.id.startsWith(`${n.cluster}|`))).toBe(true);
    expect(r.endpoints.map((e) => `${e.cluster}:${e.namespace}/${e.workload}`)).toEqual(['east:cde/api', 'west:cde/api', 'west:pay/p']);
    expect(r.segmentation.map((m) => [m.cluster, m.columns])).toEqual([['east', ['cde']], ['north', []], ['west', ['cde', 'pay']]]);
    expect(r.changes).toBeNull();
  });

  it('is deterministic: input order does not matter', () => {
    const reversed = (s: ClusterState): ClusterState => ({
      ...s,
      namespaces: [...s.namespaces].reverse(),
      pods: [...s.pods].reverse(),
      networkPolicies: [...s.networkPolicies].reverse(),
    });
    const again = report('pci-dss-4.0.1', [cluster('east', reversed(east)), cluster('north', north), cluster('west', reversed(west))]);
    expect(renderJson(again)).toBe(renderJson(r));
  });
});

describe('metadata', () => {
  it('carries the framework, scope, times and hashes', () => {
    const r = report('hipaa', east, { scope: 'pci in (cde)', approvedFlows: [flow('A', 'any', 'any', ['any'])], at: '2026-11-02T03:04:05Z' });
    expect(r.metadata).toMatchObject({
      framework: 'hipaa',
      frameworkTitle: 'HIPAA Security Rule',
      scope: { selector: 'pci in (cde)', description: 'pci=cde' },
      generatedAt: '2026-11-02T03:04:05Z',
      snapshotAt: '2026-11-02T03:04:05Z',
    });
    expect(r.metadata.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.metadata.clusterHashes).toEqual([{ cluster: 'c1', cni: 'generic', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(r.checks.map((c) => c.id)).toEqual(['164.312(a)(1)', '164.312(b)', '164.312(e)(1)', '164.308(a)(1)(ii)(D)']);
  });

  it.each([
    ['no cluster', { clusters: [] }, /no cluster/],
    ['twice', { clusters: [cluster('a', east), cluster('a', west)] }, /cluster "a" given twice/],
    ['bad time', { snapshotAt: 'soon' }, /snapshotAt "soon" is not an ISO 8601 time/],
    ['period', { period: { from: '2026-12-01', to: '2026-11-01' } }, /period.from is after period.to/],
    ['framework', { framework: 'sox' }, /unknown framework "sox"/],
    ['scope', { scope: 'a in ()' }, /invalid scope/],
  ])('rejects bad input: %s', (_n, patch, message) => {
    const input = { framework: 'pci-dss-4.0.1', scope: 'pci=cde', clusters: [cluster('a', east)], approvedFlows: [], period: { from: T0, to: T0 }, generatedAt: T0, snapshotAt: T0, ...patch };
    expect(() => buildComplianceReport(input as Parameters<typeof buildComplianceReport>[0])).toThrowError(message);
    expect(() => buildComplianceReport(input as Parameters<typeof buildComplianceReport>[0])).toThrowError(ComplianceError);
  });
});
