import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, Service } from '@reachwatch/policy-engine';
import { check, cluster, denyAll, findings, flow, np, ns, pod, report, state } from './fixtures';

const namespaces = [ns('cde', { pci: 'cde' }), ns('shop')];
const web = pod('shop', 'web', { ports: [8080] });
const api = pod('cde', 'api', { ports: [443] });
const db = pod('cde', 'db', { ports: [5432] });
const apiPolicy = np('cde', 'api', {
  podSelector: { matchLabels: { app: 'api' } },
  policyTypes: ['Ingress', 'Egress'],
  ingress: [{ peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }], ports: [{ protocol: 'TCP', port: 443 }] }],
  egress: [{ peers: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
});
const dbPolicy = (extra: NetworkPolicy['ingress'] = []) =>
  np('cde', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }, ...extra] });
const shopToApi = flow('AF-1', { namespace: 'shop', workload: 'web' }, { namespace: 'cde', workload: 'api' }, ['TCP/443']);
const dns = flow('AF-DNS', { namespace: 'cde' }, 'any', ['UDP/53', 'TCP/53']);
const closed = state({ namespaces, pods: [web, api, db], networkPolicies: [denyAll('cde'), apiPolicy, dbPolicy()] });

describe('PCI 1.2.4: every boundary flow is permitted by a rule on its in-scope end', () => {
  it('passes when policies decide the in-scope end of every flow, and lists each flow with its rule', () => {
    const c = check(report('pci-dss-4.0.1', closed), '1.2.4');
    expect(c.status).toBe('pass');
    const inbound = c.evidence.find((e) => e.object === 'shop/web → cde/api')!;
    expect(inbound).toMatchObject({ detail: 'inbound flow on TCP 443', policy: 'cde/api', finding: false });
    expect(inbound.rule).toContain('TCP/443: cde/api ingress rule #1');
    // DNS flows out of the scope are there too, each with the default-deny rule that opens them.
    expect(c.evidence.find((e) => e.object === 'cde/db → shop/web')).toMatchObject({ detail: 'outbound flow on TCP 53,UDP 53', policy: 'cde/default-deny' });
  });

  it('fails for flows that exist only because the in-scope end is not isolated', () => {
    const open = state({ namespaces, pods: [web, api, db], networkPolicies: [apiPolicy, dbPolicy()] });
    const c = check(report('pci-dss-4.0.1', open), '1.2.4');
    expect(c.status).toBe('fail');
    expect(findings(c)).toEqual([
      'cde/db → 0.0.0.0/0 | outbound flow on All Connections, allowed only because no policy restricts the in-scope end',
      'cde/db → shop/web | outbound flow on All Connections, allowed only because no policy restricts the in-scope end',
    ]);
  });

  it('is not applicable without in-scope workloads', () => {
    const c = check(report('pci-dss-4.0.1', state({ namespaces, pods: [web] })), '1.2.4');
    expect(c.status).toBe('not-applicable');
    expect(c.summary).toBe('The in-scope namespaces (cde) hold no workloads.');
  });
});

describe('PCI 1.2.5: boundary flows against the register', () => {
  it('passes when the register covers every port of every boundary flow', () => {
    const c = check(report('pci-dss-4.0.1', closed, { approvedFlows: [shopToApi, dns] }), '1.2.5');
    expect(c.status).toBe('pass');
    expect(c.evidence.find((e) => e.object === 'shop/web → cde/api')?.detail).toBe('approved (AF-1)');
  });

  it('fails per unapproved flow, naming the allowing rule; near misses: wrong port, expired, other cluster', () => {
    const near = [
      flow('AF-port', { namespace: 'shop', workload: 'web' }, { namespace: 'cde', workload: 'api' }, ['TCP/8443']),
      flow('AF-old', { namespace: 'shop' }, { namespace: 'cde' }, ['TCP/443'], { expiresAt: '2026-10-31T23:59:59Z' }),
      flow('AF-west', { namespace: 'shop' }, { namespace: 'cde' }, ['TCP/443'], { cluster: 'west' }),
      dns,
    ];
    const c = check(report('pci-dss-4.0.1', [cluster('east', closed)], { approvedFlows: near }), '1.2.5');
    expect(c.status).toBe('fail');
    expect(c.evidence.filter((e) => e.finding)).toEqual([
      {
        cluster: 'east',
        object: 'shop/web → cde/api',
        detail: 'not in the approved-flows register: TCP 443 (allowed: TCP 443); approval AF-old expired or not yet in force',
        policy: 'cde/api',
        rule: 'TCP/443: no policy selects the source for egress (cluster default allows); TCP/443: cde/api ingress rule #1',
        finding: true,
      },
    ]);
    expect(c.summary).toBe('1 flow across the scope boundary is not approved: add it to the register with justification, owner and approver, or close it.');
  });

  it('with an empty register every boundary flow is a finding', () => {
    const c = check(report('pci-dss-4.0.1', closed), '1.2.5');
    expect(c.findings).toBe(c.evidence.length);
    expect(c.findings).toBe(5); // web→api, api→web, db→web (DNS), api→0.0.0.0/0, db→0.0.0.0/0 (DNS)
  });
});

describe('PCI 1.2.6: insecure ports reaching scope', () => {
  const legacy = pod('cde', 'legacy', { ports: [23, 8081] });
  const openToShop = np('cde', 'legacy', { podSelector: { matchLabels: { app: 'legacy' } }, ingress: [{ peers: [{ namespaceSelector: {} }] }] });

  it('flags the insecure ports the destination serves (declared container ports), not every allowed port', () => {
    const c = check(report('pci-dss-4.0.1', state({ namespaces, pods: [web, legacy], networkPolicies: [denyAll('cde'), openToShop] })), '1.2.6');
    expect(c.status).toBe('fail');
    // TCP 8081 (served) is not on the list; TCP 80 etc. are allowed but not served.
    expect(findings(c)).toEqual(['shop/web → cde/legacy | Telnet on TCP 23']);
  });

  it('without declared ports every allowed port counts, and says so', () => {
    const bare = pod('cde', 'bare');
    const http = np('cde', 'bare', { podSelector: { matchLabels: { app: 'bare' } }, ingress: [{ peers: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 8081 }] }] });
    const c = check(report('pci-dss-4.0.1', state({ namespaces, pods: [web, bare], networkPolicies: [denyAll('cde'), http] })), '1.2.6');
    expect(findings(c)).toEqual(['shop/web → cde/bare | HTTP (unencrypted) on TCP 80 (the destination declares no container ports: every allowed port counts)']);
  });

  it('passes when no insecure port is reachable', () => {
    expect(check(report('pci-dss-4.0.1', closed), '1.2.6').status).toBe('pass');
  });
});

describe('PCI 1.4.2 and 1.4.4: the internet, the scope and its data stores', () => {
  const fromAnywhere: NetworkPolicy['ingress'] = [{ peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], ports: [{ protocol: 'TCP', port: 5432 }] }];
  const lb: Service = { namespace: 'cde', name: 'db-lb', type: 'LoadBalancer', selector: { app: 'db' }, ports: [{ port: 5432, protocol: 'TCP' }], externalIPs: [], loadBalancerIPs: [] };
  const exposed = state({ namespaces, pods: [web, api, db], services: [lb], networkPolicies: [denyAll('cde'), apiPolicy, dbPolicy(fromAnywhere)] });

  it('1.4.4 fails for a data store reachable from public addresses, approved or not, naming the Service that publishes it', () => {
    const approved = flow('AF-db', 'internet', { namespace: 'cde', workload: 'db' }, ['TCP/5432']);
    const c = check(report('pci-dss-4.0.1', exposed, { approvedFlows: [approved] }), '1.4.4');
    expect(c.status).toBe('fail');
    expect(c.evidence).toEqual([
      {
        cluster: 'c1',
        object: '0.0.0.0/0 → cde/db',
        detail: 'data store (listens on TCP 5432 (PostgreSQL)) reachable from public addresses on TCP 5432; published by cde/db-lb (LoadBalancer)',
        policy: 'cde/db',
        rule: 'TCP/5432: cde/db ingress rule #2',
        finding: true,
      },
    ]);
    // 1.4.2 accepts an approved public service.
    expect(check(report('pci-dss-4.0.1', exposed, { approvedFlows: [approved] }), '1.4.2').status).toBe('pass');
    expect(findings(check(report('pci-dss-4.0.1', exposed), '1.4.2'))).toEqual(['0.0.0.0/0 → cde/db | from public addresses on TCP 5432, not an approved public service']);
  });

  it('near misses: a private range is not the internet; a label that is not on the list is not a data store', () => {
    const privateOnly: NetworkPolicy['ingress'] = [{ peers: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }], ports: [{ protocol: 'TCP', port: 5432 }] }];
    const c = check(report('pci-dss-4.0.1', state({ namespaces, pods: [web, api, db], networkPolicies: [denyAll('cde'), apiPolicy, dbPolicy(privateOnly)] })), '1.4.4');
    expect(c.status).toBe('pass');
    expect(c.evidence).toEqual([{ cluster: 'c1', object: 'cde/db', detail: 'data store (listens on TCP 5432 (PostgreSQL)), not reachable from public addresses', finding: false }]);
    expect(check(report('pci-dss-4.0.1', state({ namespaces, pods: [pod('cde', 'x', { labels: { tier: 'dbx' } })], networkPolicies: [denyAll('cde')] })), '1.4.4').status).toBe('not-applicable');
    const byLabel = check(report('pci-dss-4.0.1', state({ namespaces, pods: [pod('cde', 'x', { labels: { tier: 'DB' } })], networkPolicies: [denyAll('cde')] })), '1.4.4');
    expect(byLabel.evidence[0].detail).toBe('data store (labelled tier=DB), not reachable from public addresses');
  });
});

describe('NSA/CISA NS-2: traffic between namespaces is approved', () => {
  it('covers flows across namespaces in both directions, including between two in-scope namespaces', () => {
    const s = state({
      namespaces: [...namespaces, ns('vault', { pci: 'cde' })],
      pods: [web, api, pod('vault', 'v')],
      networkPolicies: [
        denyAll('cde'),
        denyAll('vault'),
        np('cde', 'in', { ingress: [{ peers: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 443 }] }] }),
        np('vault', 'out', { policyTypes: ['Egress'], egress: [{ peers: [{ namespaceSelector: { matchLabels: { pci: 'cde' } } }], ports: [{ protocol: 'TCP', port: 443 }] }] }),
      ],
    });
    const vaultDns = flow('AF-DNS-vault', { namespace: 'vault' }, 'any', ['UDP/53', 'TCP/53']);
    const c = check(report('nsa-cisa', s, { approvedFlows: [shopToApi, dns, vaultDns] }), 'NS-2');
    expect(c.evidence.find((e) => e.object === 'shop/web → cde/api')?.finding).toBe(false);
    // vault/v → cde/api on 443 crosses namespaces inside the scope and is not in the register.
    expect(findings(c)).toEqual(['vault/v → cde/api | not in the approved-flows register: TCP 443 (allowed: TCP 443)']);
  });
});
