import { describe, expect, it } from 'vitest';
import { check, denyAll, findings, np, ns, pod, report, state } from './fixtures';

const namespaces = [ns('cde', { pci: 'cde' }), ns('shop')];
const web = pod('shop', 'web');
const api = pod('cde', 'api', { ports: [443] });

describe('PCI 1.3.1 / 1.3.2: inbound and outbound restricted', () => {
  it('pass: every in-scope workload isolated both ways, nothing open wholesale', () => {
    const r = report('pci-dss-4.0.1', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde')] }));
    expect(check(r, '1.3.1').status).toBe('pass');
    expect(check(r, '1.3.1').evidence).toEqual([{ cluster: 'c1', object: 'cde/api', detail: 'isolated for ingress (its pod), no rule opens it wholesale', finding: false }]);
    // Egress to anywhere on DNS only is the default-deny recipe, not a finding.
    expect(check(r, '1.3.2').status).toBe('pass');
  });

  it('a hostNetwork pod fails both directions: no policy can select it', () => {
    const agent = pod('cde', 'agent', { hostNetwork: true, kind: 'DaemonSet' });
    const r = report('pci-dss-4.0.1', state({ namespaces, pods: [web, api, agent], networkPolicies: [denyAll('cde')] }));
    for (const id of ['1.3.1', '1.3.2']) {
      expect(findings(check(r, id))).toEqual(['cde/agent | 1 of 1 pod use the host network: no NetworkPolicy applies to them']);
    }
    expect(findings(check(report('nsa-cisa', state({ namespaces, pods: [agent] })), 'NS-3'))).toEqual(['cde/agent | 1 of 1 pod use the host network: no NetworkPolicy applies to them']);
    expect(check(report('nsa-cisa', state({ namespaces, pods: [api] })), 'NS-3').status).toBe('pass');
  });

  it('not isolated: a workload no policy selects for the direction', () => {
    const r = report('pci-dss-4.0.1', state({ namespaces, pods: [web, api, pod('cde', 'batch')], networkPolicies: [np('cde', 'api-only', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'] })] }));
    expect(findings(check(r, '1.3.1'))).toEqual(['cde/batch | not isolated for ingress: 0 of 1 pod selected by a policy for ingress; the rest accept all traffic']);
    expect(check(r, '1.3.1').summary).toBe('Restrict ingress of cde/batch with a policy that admits only the needed peers and ports.');
  });

  it('isolated yet open wholesale: every TCP port from outside the scope; near miss: every port but one', () => {
    const all = np('cde', 'open', { ingress: [{ peers: [{ namespaceSelector: {} }] }] });
    const r = report('pci-dss-4.0.1', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde'), all] }));
    expect(findings(check(r, '1.3.1'))).toEqual(['shop/web → cde/api | every TCP port is open to this source (All Connections)']);
    expect(check(r, '1.3.1').evidence[0].rule).toBe('TCP/1: no policy selects the source for egress (cluster default allows); TCP/1: cde/open ingress rule #1');
    const almost = np('cde', 'almost', { ingress: [{ peers: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 1, endPort: 65534 }] }] });
    expect(check(report('pci-dss-4.0.1', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde'), almost] })), '1.3.1').status).toBe('pass');
  });

  it('outbound: egress to any address beyond DNS, from an isolated workload', () => {
    const out = np('cde', 'out', { policyTypes: ['Egress'], egress: [{ peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], ports: [{ protocol: 'TCP', port: 443 }] }] });
    const r = report('pci-dss-4.0.1', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde'), out] }));
    expect(findings(check(r, '1.3.2'))).toEqual(['cde/api → 0.0.0.0/0 | egress to any address on TCP 53,443,UDP 53']);
    // Near miss: a named destination range is not "any address".
    const named = np('cde', 'out', { policyTypes: ['Egress'], egress: [{ peers: [{ ipBlock: { cidr: '203.0.113.0/24', except: [] } }], ports: [{ protocol: 'TCP', port: 443 }] }] });
    expect(check(report('pci-dss-4.0.1', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde'), named] })), '1.3.2').status).toBe('pass');
  });
});

describe('HIPAA 164.312(e)(1): transmission security', () => {
  it('DNS to anywhere is evidence, not a finding; unrestricted egress and clear-text ports are findings', () => {
    const closed = report('hipaa', state({ namespaces, pods: [web, api], networkPolicies: [denyAll('cde')] }));
    const c = check(closed, '164.312(e)(1)');
    expect(c.status).toBe('pass');
    expect(c.evidence).toContainEqual(expect.objectContaining({ object: 'cde/api → 0.0.0.0/0', detail: 'DNS only (port 53), as the default-deny recipe allows', finding: false }));

    const telnet = pod('cde', 'legacy', { ports: [23] });
    const open = report('hipaa', state({ namespaces, pods: [web, telnet], networkPolicies: [np('cde', 'in', { ingress: [{ peers: [{ namespaceSelector: {} }] }] })] }));
    const o = check(open, '164.312(e)(1)');
    expect(o.status).toBe('fail');
    expect(findings(o)).toEqual(['shop/web → cde/legacy | Telnet on TCP 23', 'cde/legacy → 0.0.0.0/0 | egress to any address on All Connections']);
    expect(o.summary).toBe(
      '1 insecure service port reachable in scope: close them or document the security features that protect them. Limit egress of 1 flow from scope to any address to named destinations (ipBlock or selectors).',
    );
  });
});
