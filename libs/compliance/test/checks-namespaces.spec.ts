import { describe, expect, it } from 'vitest';
import { check, denyAll, findings, np, ns, pod, report, state } from './fixtures';

const cde = ns('cde', { pci: 'cde' });

describe('PCI 1.2.1 / NSA NS-1: default deny in scope', () => {
  it('passes with a default deny for both directions (egress keeping DNS), with the policy as evidence', () => {
    const c = check(report('pci-dss-4.0.1', state({ namespaces: [cde, ns('other')], pods: [pod('cde', 'api')], networkPolicies: [denyAll('cde')] })), '1.2.1');
    expect(c.status).toBe('pass');
    expect(c.evidence).toEqual([
      { cluster: 'c1', object: 'cde', detail: 'default deny ingress in effect (cde/default-deny)', policy: 'cde/default-deny', finding: false },
      { cluster: 'c1', object: 'cde', detail: 'default deny egress in effect (cde/default-deny)', policy: 'cde/default-deny', finding: false },
    ]);
    expect(c.summary).toBe('Every in-scope namespace (1) has a default deny for ingress and egress.');
  });

  it('fails per namespace and direction, and says what to add', () => {
    const s = state({
      namespaces: [cde, ns('vault', { pci: 'cde' })],
      pods: [pod('cde', 'api'), pod('vault', 'v')],
      networkPolicies: [np('cde', 'deny-in'), np('vault', 'api-only', { podSelector: { matchLabels: { app: 'v' } }, policyTypes: ['Ingress', 'Egress'] })],
    });
    const c = check(report('pci-dss-4.0.1', s), '1.2.1');
    expect(c.status).toBe('fail');
    expect(c.findings).toBe(3);
    expect(findings(c)).toEqual([
      'cde | no default deny egress: no NetworkPolicy selects every pod for egress with no rules (or DNS only); 0 of 1 pod isolated for egress by other policies',
      'vault | no default deny ingress: no NetworkPolicy selects every pod for ingress with no rules; 1 of 1 pod isolated for ingress by other policies',
      'vault | no default deny egress: no NetworkPolicy selects every pod for egress with no rules (or DNS only); 1 of 1 pod isolated for egress by other policies',
    ]);
    expect(c.summary).toBe('Add a default-deny NetworkPolicy (podSelector: {}, no rules) to cde (egress), vault (ingress, egress).');
  });

  it('near misses are not a default deny: an egress rule beyond DNS, a podSelector that is not {}', () => {
    const s = state({
      namespaces: [cde],
      pods: [pod('cde', 'api')],
      networkPolicies: [
        np('cde', 'almost', { policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 443 }] }] }),
        np('cde', 'selected', { podSelector: { matchLabels: { app: 'api' } } }),
      ],
    });
    const c = check(report('pci-dss-4.0.1', s), '1.2.1');
    expect(c.status).toBe('fail');
    // 'almost' is a default deny for ingress (no ingress rules) but not for egress (it opens TCP 443).
    expect(findings(c)).toEqual(['cde | no default deny egress: no NetworkPolicy selects every pod for egress with no rules (or DNS only); 1 of 1 pod isolated for egress by other policies']);
  });

  it('a namespace without pods still needs its default deny (pods created later are open)', () => {
    const c = check(report('pci-dss-4.0.1', state({ namespaces: [cde] })), '1.2.1');
    expect(c.status).toBe('fail');
    expect(c.findings).toBe(2);
  });

  it('is not applicable when the scope selects no namespace', () => {
    const c = check(report('pci-dss-4.0.1', state({ namespaces: [ns('cde', { pci: 'cdx' })], networkPolicies: [denyAll('cde')] })), '1.2.1');
    expect(c.status).toBe('not-applicable');
    expect(c.summary).toBe('The scope selects no namespace in this cluster.');
    expect(c.evidence).toEqual([]);
  });

  it('NSA/CISA NS-1 uses the same rule', () => {
    const s = state({ namespaces: [cde], networkPolicies: [np('cde', 'deny-in')] });
    expect(check(report('nsa-cisa', s), 'NS-1').status).toBe('fail');
    expect(check(report('nsa-cisa', state({ namespaces: [cde], networkPolicies: [denyAll('cde')] })), 'NS-1').status).toBe('pass');
  });
});

describe('CIS 5.3.2: "has a policy" versus "default deny in effect"', () => {
  const s = state({
    namespaces: [ns('a', { pci: 'cde' }), ns('b', { pci: 'cde' }), ns('c', { pci: 'cde' })],
    pods: [pod('a', 'x'), pod('b', 'y'), pod('b', 'z'), pod('c', 'w')],
    networkPolicies: [denyAll('a'), np('b', 'only-y', { podSelector: { matchLabels: { app: 'y' } } })],
  });

  it('tells the three cases apart', () => {
    const c = check(report('cis-k8s', s), '5.3.2');
    expect(c.status).toBe('fail');
    expect(c.evidence.map((e) => [e.object, e.finding, e.detail])).toEqual([
      ['a', false, '1 NetworkPolicy, default deny in effect for ingress and egress'],
      ['b', true, 'has 1 NetworkPolicy but no default deny for ingress and egress: pods they do not select, and pods created later, are open (isolated: 1/2 ingress, 0/2 egress)'],
      ['c', true, 'no NetworkPolicy in the namespace'],
    ]);
    expect(c.summary).toBe('Define NetworkPolicies in c; add a default deny to b (ingress, egress).');
  });

  it('passes when every namespace has a default deny both ways', () => {
    const ok = state({ namespaces: [ns('a', { pci: 'cde' })], networkPolicies: [denyAll('a'), np('a', 'extra')] });
    const c = check(report('cis-k8s', ok), '5.3.2');
    expect(c.status).toBe('pass');
    expect(c.evidence[0].detail).toBe('2 NetworkPolicies, default deny in effect for ingress and egress');
  });

  it('names admin policies that select pods of a namespace without NetworkPolicies', () => {
    const withAnp = state({
      namespaces: [ns('c', { pci: 'cde' })],
      pods: [pod('c', 'w')],
      adminNetworkPolicies: [{ name: 'deny-all', priority: 1, subject: { namespaces: {} }, ingress: [{ name: 'd', action: 'Deny', peers: [{ namespaces: {} }] }], egress: [] }],
    });
    expect(check(report('cis-k8s', withAnp), '5.3.2').evidence[0].detail).toBe('no NetworkPolicy in the namespace (admin policies selecting its pods: deny-all)');
  });
});
