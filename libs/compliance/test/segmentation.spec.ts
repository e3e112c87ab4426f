import { describe, expect, it } from 'vitest';
import { check, denyAll, findings, flow, np, ns, pod, report, state } from './fixtures';

const namespaces = [ns('cde', { pci: 'cde' }), ns('vault', { pci: 'cde' }), ns('shop'), ns('ops'), ns('empty')];
const pods = [pod('cde', 'api', { ports: [443] }), pod('vault', 'v'), pod('shop', 'web'), pod('ops', 'admin')];
const fromShop = np('cde', 'from-shop', { ingress: [{ peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ protocol: 'TCP', port: 443 }] }] });
const fromOps = np('cde', 'from-ops', { ingress: [{ peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }], ports: [{ protocol: 'TCP', port: 22 }] }] });
const s = state({ namespaces, pods, networkPolicies: [denyAll('cde'), denyAll('vault'), fromShop, fromOps] });
const approvedShop = flow('AF-1', { namespace: 'shop' }, { namespace: 'cde' }, ['TCP/443']);

describe('PCI 11.4.5: segmentation matrix', () => {
  it('rows are namespaces with workloads, columns the in-scope namespaces; cells denied / approved / open / in-scope', () => {
    const r = report('pci-dss-4.0.1', s, { approvedFlows: [approvedShop] });
    expect(r.segmentation).toEqual([
      {
        cluster: 'c1',
        columns: ['cde', 'vault'],
        rows: [
          { from: 'cde', inScope: true, cells: [{ to: 'cde', status: 'in-scope', ports: '' }, { to: 'vault', status: 'in-scope', ports: '' }] },
          { from: 'ops', inScope: false, cells: [{ to: 'cde', status: 'open', ports: 'TCP 22' }, { to: 'vault', status: 'denied', ports: '' }] },
          { from: 'shop', inScope: false, cells: [{ to: 'cde', status: 'approved', ports: 'TCP 443' }, { to: 'vault', status: 'denied', ports: '' }] },
          { from: 'vault', inScope: true, cells: [{ to: 'cde', status: 'in-scope', ports: '' }, { to: 'vault', status: 'in-scope', ports: '' }] },
        ],
      },
    ]);
    const c = check(r, '11.4.5');
    expect(c.status).toBe('fail');
    expect(findings(c)).toEqual(['ops → cde | open: ops/admin → cde/api: TCP 22 not approved']);
    expect(c.evidence.find((e) => !e.finding)?.detail).toBe('approved only: shop/web → cde/api: TCP 443');
    expect(c.summary).toBe("1 of 4 namespace pairs is open from outside the scope: deny it in the in-scope namespaces' ingress policies, or approve the flows.");
  });

  it('passes when every out-of-scope → scope pair is denied or approved', () => {
    const closed = state({ namespaces, pods, networkPolicies: [denyAll('cde'), denyAll('vault'), fromShop] });
    const c = check(report('pci-dss-4.0.1', closed, { approvedFlows: [approvedShop] }), '11.4.5');
    expect(c.status).toBe('pass');
    expect(c.summary).toBe('No out-of-scope namespace reaches the scope except through approved flows (4 namespace pairs tested).');
  });

  it('not applicable with nothing outside the scope', () => {
    const only = state({ namespaces: [namespaces[0]], pods: [pods[0]], networkPolicies: [denyAll('cde')] });
    expect(check(report('pci-dss-4.0.1', only), '11.4.5')).toMatchObject({ status: 'not-applicable', summary: 'No workload outside the scope in this cluster: nothing to segment from.' });
  });
});

describe('HIPAA 164.312(a)(1): access control combines default deny, isolation and the register', () => {
  it('fails on the part that fails, and passes when all parts pass', () => {
    const c = check(report('hipaa', s, { approvedFlows: [approvedShop], scope: 'pci=cde' }), '164.312(a)(1)');
    expect(c.status).toBe('fail');
    expect(findings(c)).toEqual(['ops/admin → cde/api | not in the approved-flows register: TCP 22 (allowed: TCP 22)']);
    expect(c.summary).toBe('1 flow into the scope is not approved: add it to the register with justification, owner and approver, or close it.');
    const ok = check(report('hipaa', s, { approvedFlows: [approvedShop, flow('AF-2', { namespace: 'ops', workload: 'admin' }, { namespace: 'cde', workload: 'api' }, ['TCP/22'])] }), '164.312(a)(1)');
    expect(ok.status).toBe('pass');
  });
});
