import { describe, expect, it } from 'vitest';
import { naivePortsBetween } from '../src/naive';
import { ClusterState, CniProfile, Pod } from '../src/model';
import { PortSet } from '../src/ports';
import { selectorMatches } from '../src/selectors';
import { anp, banp, np, ns, pod, state, tcp } from './build';

/** One test per rule of SEMANTICS.md, on the reference evaluator. */

const ports = (s: ClusterState, a: Pod | string, b: Pod | string, cni: CniProfile = 'generic') =>
  naivePortsBetween(s, { cni }, typeof a === 'string' ? { ip: a } : { pod: a }, typeof b === 'string' ? { ip: b } : { pod: b }).toString();

describe('label selectors', () => {
  const l = { app: 'web', tier: 'front' };
  it('matchLabels requires every pair', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' } }, l)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web', tier: 'back' } }, l)).toBe(false);
  });
  it('In / NotIn / Exists / DoesNotExist', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'web'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, l)).toBe(true);
  });
  it('matchLabels AND matchExpressions; {} selects everything', () => {
    expect(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, l)).toBe(false);
    expect(selectorMatches({}, l)).toBe(true);
    expect(selectorMatches({}, {})).toBe(true);
  });
});

describe('NetworkPolicy peers', () => {
  const a = pod('a', 'client', { app: 'client' });
  const b = pod('b', 'client', { app: 'client' });
  const bOther = pod('b', 'other', { app: 'other' });
  const srv = pod('a', 'server', { app: 'server' });
  const base = { namespaces: [ns('a', { team: 'x' }), ns('b', { team: 'y' })], pods: [a, b, bOther, srv] };

  it('a peer with only podSelector means the policy namespace', () => {
    const s = state({ ...base, networkPolicies: [np('a', 'p', { matchLabels: { app: 'server' } }, { ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'client' } } }] }] })] });
    expect(ports(s, a, srv)).toBe('All Connections');
    expect(ports(s, b, srv)).toBe('');
  });
  it('namespaceSelector AND podSelector within one peer', () => {
    const s = state({ ...base, networkPolicies: [np('a', 'p', { matchLabels: { app: 'server' } }, { ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'y' } }, podSelector: { matchLabels: { app: 'client' } } }] }] })] });
    expect(ports(s, b, srv)).toBe('All Connections');
    expect(ports(s, bOther, srv)).toBe('');
    expect(ports(s, a, srv)).toBe('');
  });
  it('OR across peers of one rule', () => {
    const s = state({ ...base, networkPolicies: [np('a', 'p', { matchLabels: { app: 'server' } }, { ingress: [{ peers: [{ namespaceSelector: { matchLabels: { team: 'y' } } }, { podSelector: { matchLabels: { app: 'client' } } }] }] })] });
    expect(ports(s, b, srv)).toBe('All Connections');
    expect(ports(s, bOther, srv)).toBe('All Connections');
    expect(ports(s, a, srv)).toBe('All Connections');
  });
  it('namespaceSelector {} selects every namespace; absent podSelector every pod', () => {
    const s = state({ ...base, networkPolicies: [np('a', 'p', { matchLabels: { app: 'server' } }, { ingress: [{ peers: [{ namespaceSelector: {} }] }] })] });
    expect(ports(s, bOther, srv)).toBe('All Connections');
    expect(ports(s, '8.8.8.8', srv)).toBe('');
  });
  it('a rule with no peers admits every pod and every address', () => {
    const s = state({ ...base, networkPolicies: [np('a', 'p', { matchLabels: { app: 'server' } }, { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] })] });
    expect(ports(s, bOther, srv)).toBe('TCP 80');
    expect(ports(s, '8.8.8.8', srv)).toBe('TCP 80');
  });
});

describe('isolation and policy types', () => {
  const c = pod('d', 'c', { app: 'c' });
  const s = pod('d', 's', { app: 's' });
  const nss = [ns('d')];
  it('no policy: everything allowed', () => {
    expect(ports(state({ namespaces: nss, pods: [c, s] }), c, s)).toBe('All Connections');
  });
  it('ingress: [] under Ingress type allows nothing; egress untouched', () => {
    const st = state({ namespaces: nss, pods: [c, s], networkPolicies: [np('d', 'deny', {}, { types: ['Ingress'] })] });
    expect(ports(st, c, s)).toBe('');
    expect(ports(st, c, '1.1.1.1')).toBe('All Connections');
  });
  it('an Egress type with no egress rules isolates egress', () => {
    const st = state({ namespaces: nss, pods: [c, s], networkPolicies: [np('d', 'deny-egress', { matchLabels: { app: 'c' } }, { types: ['Egress'] })] });
    expect(ports(st, c, s)).toBe('');
    expect(ports(st, s, c)).toBe('All Connections');
  });
  it('policies are additive (union)', () => {
    const st = state({ namespaces: nss, pods: [c, s], networkPolicies: [
      np('d', 'p1', { matchLabels: { app: 's' } }, { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] }),
      np('d', 'p2', { matchLabels: { app: 's' } }, { ingress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] }),
    ] });
    expect(ports(st, c, s)).toBe('TCP 80,UDP 53');
  });
  it('pod to pod needs egress of the source AND ingress of the destination', () => {
    const st = state({ namespaces: nss, pods: [c, s], networkPolicies: [
      np('d', 'in', { matchLabels: { app: 's' } }, { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'TCP', port: 443 }] }] }),
      np('d', 'out', { matchLabels: { app: 'c' } }, { egress: [{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'UDP', port: 53 }] }] }),
    ] });
    expect(ports(st, c, s)).toBe('TCP 443');
  });
});

describe('ports', () => {
  const c = pod('d', 'c', { app: 'c' });
  const s1 = pod('d', 's1', { app: 's' }, { ports: [tcp(8080, 'http'), { port: 5353, protocol: 'UDP', name: 'dns' }] });
  const s2 = pod('d', 's2', { app: 's' }, { ports: [tcp(9090, 'http')] });
  const withRule = (ports: NonNullable<Parameters<typeof np>[3]['ingress']>[0]['ports']) =>
    state({ namespaces: [ns('d')], pods: [c, s1, s2], networkPolicies: [np('d', 'p', { matchLabels: { app: 's' } }, { ingress: [{ ports }] })] });
  it('named ports resolve per destination pod', () => {
    const st = withRule([{ protocol: 'TCP', port: 'http' }]);
    expect(ports(st, c, s1)).toBe('TCP 8080');
    expect(ports(st, c, s2)).toBe('TCP 9090');
  });
  it('a named port needs the protocol to match; unresolved names match nothing', () => {
    expect(ports(withRule([{ protocol: 'TCP', port: 'dns' }]), c, s1)).toBe('');
    expect(ports(withRule([{ protocol: 'UDP', port: 'dns' }]), c, s1)).toBe('UDP 5353');
    expect(ports(withRule([{ protocol: 'TCP', port: 'nope' }]), c, s1)).toBe('');
  });
  it('endPort ranges and protocols', () => {
    expect(ports(withRule([{ protocol: 'TCP', port: 8000, endPort: 8100 }, { protocol: 'SCTP', port: 9 }]), c, s1)).toBe('SCTP 9,TCP 8000-8100');
    expect(ports(withRule([{ protocol: 'UDP' }]), c, s1)).toBe('UDP 1-65535');
  });
  it('egress named ports resolve on the destination (peer) pod', () => {
    const st = state({ namespaces: [ns('d')], pods: [c, s1, s2], networkPolicies: [np('d', 'p', { matchLabels: { app: 'c' } }, { egress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }] })] });
    expect(ports(st, c, s1)).toBe('TCP 8080');
    expect(ports(st, c, s2)).toBe('TCP 9090');
    expect(ports(st, c, '8.8.8.8')).toBe('');
  });
});

describe('ipBlock and CNI profiles', () => {
  const web = pod('d', 'web', { app: 'web' }, { ips: ['10.244.1.5'] });
  const other = pod('e', 'other', {}, { ips: ['10.244.2.7'] });
  const st = state({ namespaces: [ns('d'), ns('e')], pods: [web, other], networkPolicies: [
    np('d', 'p', { matchLabels: { app: 'web' } }, { ingress: [{ peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['192.168.0.0/16'] } }] }] }),
  ] });
  it('except carves addresses out', () => {
    expect(ports(st, '8.8.8.8', web)).toBe('All Connections');
    expect(ports(st, '192.168.1.1', web)).toBe('');
  });
  it('generic: ipBlock never matches pod IPs; calico: it does', () => {
    expect(ports(st, other, web, 'generic')).toBe('');
    expect(ports(st, other, web, 'calico')).toBe('All Connections');
  });
  it('IPv6 blocks', () => {
    const v6 = state({ namespaces: [ns('d')], pods: [web], networkPolicies: [
      np('d', 'p', { matchLabels: { app: 'web' } }, { ingress: [{ peers: [{ ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] } }] }] }),
    ] });
    expect(ports(v6, '2001:db8::1', web)).toBe('All Connections');
    expect(ports(v6, '2001:db8:1::1', web)).toBe('');
    expect(ports(v6, '8.8.8.8', web)).toBe('');
  });
});

describe('hostNetwork pods', () => {
  const host = pod('kube-system', 'agent', { app: 'agent' }, { hostNetwork: true, nodeName: 'n1', ips: ['10.0.0.5'] });
  const web = pod('d', 'web', { app: 'web' });
  const st = state({ namespaces: [ns('d'), ns('kube-system')], pods: [host, web], nodes: [{ name: 'n1', labels: { role: 'worker' }, ips: ['10.0.0.5'], podCIDRs: [] }], networkPolicies: [
    np('kube-system', 'deny', {}, { types: ['Ingress', 'Egress'] }),
    np('d', 'p', { matchLabels: { app: 'web' } }, { ingress: [{ peers: [{ namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/24', except: [] } }] }] }),
  ] });
  it('are selected by no policy', () => {
    expect(ports(st, web, host)).toBe('All Connections');
  });
  it('are not matched by selectors, only by ipBlock under calico', () => {
    expect(ports(st, host, web, 'generic')).toBe('');
    expect(ports(st, host, web, 'calico')).toBe('All Connections');
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
  const a = pod('a', 'x', { app: 'x' }, { ports: [tcp(80, 'web')] });
  const b = pod('b', 'y', { app: 'y' }, { ports: [tcp(80, 'web')] });
  const nss = [ns('a', { kind: 'tenant' }), ns('b', { kind: 'tenant' })];
  const toB = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } };
  const subjA = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } };
  const subjB = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } };
  const fromA = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'a' } } };

  it('lower priority number wins; first matching rule per port', () => {
    const st = state({ namespaces: nss, pods: [a, b], adminNetworkPolicies: [
      anp('late', 20, { subject: subjA, ingress: [], egress: [{ name: 'allow-all', action: 'Allow', peers: [toB] }] }),
      anp('early', 10, { subject: subjA, ingress: [], egress: [
        { name: 'deny-80', action: 'Deny', peers: [toB], ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] },
        { name: 'allow-80-81', action: 'Allow', peers: [toB], ports: [{ portRange: { protocol: 'TCP', start: 80, end: 81 } }] },
      ] }),
    ], networkPolicies: [np('a', 'deny-all-egress', {}, { types: ['Egress'] })] });
    const p = naivePortsBetween(st, { cni: 'generic' }, { pod: a }, { pod: b });
    expect(p.has('TCP', 80)).toBe(false);
    expect(p.has('TCP', 81)).toBe(true);
    expect(p.has('UDP', 53)).toBe(true); // 'late' allows the rest before NetworkPolicies are consulted
  });
  it('Pass hands the port to NetworkPolicies; with none, to the baseline', () => {
    const pass = anp('pass', 5, { subject: subjB, ingress: [{ name: 'pass-a', action: 'Pass', peers: [fromA] }], egress: [] });
    const base = banp({ subject: subjB, ingress: [{ name: 'deny-a', action: 'Deny', peers: [fromA] }], egress: [] });
    const st1 = state({ namespaces: nss, pods: [a, b], adminNetworkPolicies: [pass], baselineAdminNetworkPolicy: base });
    expect(ports(st1, a, b)).toBe('');
    const st2 = state({ ...st1, networkPolicies: [np('b', 'allow-80', {}, { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }] })] });
    expect(ports(st2, a, b)).toBe('TCP 80');
  });
  it('Deny in an ANP cannot be overridden by a NetworkPolicy', () => {
    const st = state({ namespaces: nss, pods: [a, b], adminNetworkPolicies: [
      anp('deny', 1, { subject: subjB, ingress: [{ name: 'deny-a', action: 'Deny', peers: [fromA], ports: [{ namedPort: 'web' }] }], egress: [] }),
    ], networkPolicies: [np('b', 'allow', {}, { ingress: [{}] })] });
    expect(ports(st, a, b)).toBe('SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
  });
  it('baseline applies only where no NetworkPolicy isolates', () => {
    const base = banp({ subject: { namespaces: { matchLabels: { kind: 'tenant' } } }, ingress: [{ name: 'deny-tenants', action: 'Deny', peers: [{ namespaces: { matchLabels: { kind: 'tenant' } } }] }], egress: [] });
    const st = state({ namespaces: nss, pods: [a, b], baselineAdminNetworkPolicy: base });
    expect(ports(st, a, b)).toBe('');
    expect(ports(st, '8.8.8.8', b)).toBe('All Connections');
  });
  it('networks peers match addresses (and pod IPs under calico), egress', () => {
    const a2 = { ...a, ips: ['10.244.0.9'] };
    const b2 = { ...b, ips: ['10.244.1.9'] };
    const st = state({ namespaces: nss, pods: [a2, b2], adminNetworkPolicies: [
      anp('deny-net', 1, { subject: subjA, ingress: [], egress: [{ name: 'deny-10', action: 'Deny', peers: [{ networks: ['10.0.0.0/8'] }] }] }),
    ] });
    expect(ports(st, a2, '10.1.1.1')).toBe('');
    expect(ports(st, a2, '11.1.1.1')).toBe('All Connections');
    expect(ports(st, a2, b2, 'generic')).toBe('All Connections');
    expect(ports(st, a2, b2, 'calico')).toBe('');
  });
});

it('PortSet text is canonical', () => {
  expect(PortSet.of('TCP', 80).union(PortSet.of('TCP', 81)).toString()).toBe('TCP 80-81');
  expect(PortSet.ALL.subtract(PortSet.of('UDP', 53)).toString()).toBe('SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535');
});
