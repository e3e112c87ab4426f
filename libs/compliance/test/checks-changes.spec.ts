import { describe, expect, it } from 'vitest';
import { change, check, cluster, denyAll, findings, flow, ns, pod, report, state } from './fixtures';

const s = state({ namespaces: [ns('cde', { pci: 'cde' }), ns('shop')], pods: [pod('cde', 'api')], networkPolicies: [denyAll('cde')] });

describe('PCI 1.2.2 / HIPAA 164.312(b): change history of the period', () => {
  it('is not applicable from manifests (no history)', () => {
    const c = check(report('pci-dss-4.0.1', [cluster('m', s, null)]), '1.2.2');
    expect(c.status).toBe('not-applicable');
    expect(c.summary).toBe('No change history: report from manifests.');
  });

  it('is not applicable where the scope selects no namespace, even with cluster-wide changes', () => {
    const none = state({ namespaces: [ns('shop')] });
    const r = report('pci-dss-4.0.1', [cluster('m', none, [change({ name: 'anp', kind: 'AdminNetworkPolicy', namespace: undefined, who: '' })])]);
    expect(check(r, '1.2.2')).toMatchObject({ status: 'not-applicable', summary: 'The scope selects no namespace in this cluster.' });
    expect(r.changes).toEqual([]);
  });

  it('passes with no change in the period, and with attributed changes that opened nothing', () => {
    expect(check(report('pci-dss-4.0.1', [cluster('m', s, [])]), '1.2.2')).toMatchObject({ status: 'pass', summary: 'No change to in-scope policies in the period.' });
    const c = check(report('pci-dss-4.0.1', [cluster('m', s, [change({ name: 'api' })])]), '1.2.2');
    expect(c.status).toBe('pass');
    expect(c.evidence).toEqual([{ cluster: 'm', object: 'NetworkPolicy cde/api', detail: 'update by alice at 2026-10-15T10:00:00Z; pairs +1/−0', policy: 'cde/api', finding: false }]);
  });

  it('keeps only the period and the scope (plus cluster-wide admin policies), sorted by time', () => {
    const changes = [
      change({ name: 'late', at: '2026-11-02T00:00:00Z' }),
      change({ name: 'early', at: '2026-09-30T23:59:59Z' }),
      change({ name: 'elsewhere', namespace: 'shop' }),
      change({ name: 'cde', kind: 'Namespace', namespace: undefined, at: '2026-10-20T00:00:00Z' }),
      change({ name: 'baseline', kind: 'AdminNetworkPolicy', namespace: undefined, at: '2026-10-02T00:00:00Z' }),
      change({ name: 'edge', at: '2026-10-01T00:00:00Z' }),
    ];
    const r = report('pci-dss-4.0.1', [cluster('m', s, changes)], { period: { from: '2026-10-01T00:00:00Z', to: '2026-11-01T00:00:00Z' } });
    expect(check(r, '1.2.2').evidence.map((e) => e.object)).toEqual(['NetworkPolicy cde/edge', 'AdminNetworkPolicy baseline', 'Namespace cde']);
    expect(r.changes?.map((c) => `${c.cluster}:${c.name}`)).toEqual(['m:edge', 'm:baseline', 'm:cde']);
  });

  it('fails for changes without an author and for changes that opened new exposures', () => {
    const changes = [
      change({ name: 'anon', who: '' }),
      change({ name: 'unknown', who: 'Unknown', at: '2026-10-16T00:00:00Z' }),
      change({ name: 'exposing', at: '2026-10-17T00:00:00Z', impact: { added: 3, removed: 1, newExposures: 2 } }),
    ];
    const c = check(report('pci-dss-4.0.1', [cluster('m', s, changes)]), '1.2.2');
    expect(c.status).toBe('fail');
    expect(findings(c)).toEqual([
      'NetworkPolicy cde/anon | update by an unknown author at 2026-10-15T10:00:00Z; pairs +1/−0',
      'NetworkPolicy cde/unknown | update by an unknown author at 2026-10-16T00:00:00Z; pairs +1/−0',
      'NetworkPolicy cde/exposing | update by alice at 2026-10-17T00:00:00Z; pairs +3/−1; 2 new exposures',
    ]);
    expect(c.summary).toBe('Review 2 changes without a recorded author and 1 change that opened new exposures.');
    // Activity review (164.308(a)(1)(ii)(D)) only asks about exposures.
    const d = check(report('hipaa', [cluster('m', s, changes)]), '164.308(a)(1)(ii)(D)');
    expect(d.evidence.filter((e) => e.finding && e.object.startsWith('NetworkPolicy')).map((e) => e.object)).toEqual(['NetworkPolicy cde/exposing']);
    const quiet = check(report('hipaa', [cluster('m', s, changes.slice(0, 2))], { approvedFlows: [flow('DNS', { namespace: 'cde' }, 'any', ['UDP/53', 'TCP/53'])] }), '164.308(a)(1)(ii)(D)');
    expect(quiet.status).toBe('pass');
    expect(quiet.summary).toBe('The flow across the scope boundary is in the approved-flows register. No change of the period (2) opened a new exposure.');
  });
});
