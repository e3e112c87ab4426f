/**
 * Pins the explanation phrases of the engine that allowing-rules.ts reads (explain.ts): each case is a
 * real explainConnection answer, so a change of wording in the engine fails here.
 */
import { describe, expect, it } from 'vitest';
import { PortSet, createExplainer, type Connection } from '@reachwatch/policy-engine';
import { allowedByDefault, explainFlow, rulesText } from '../src/allowing-rules';
import { np, ns, pod, state } from './fixtures';

const web = pod('shop', 'web');
const api = pod('cde', 'api', { ports: [443] });
const conn = (ports: PortSet, src = web, dst = api): Connection => ({
  src: { type: 'workload', namespace: src.namespace, name: src.name, kind: 'Deployment' },
  dst: { type: 'workload', namespace: dst.namespace, name: dst.name, kind: 'Deployment' },
  ports,
});
const podsOf = (s: ReturnType<typeof state>) => (e: Connection['src']) => (e.type === 'workload' ? s.pods.filter((p) => p.namespace === e.namespace && p.workload.name === e.name) : []);

describe('explainFlow', () => {
  it('names the NetworkPolicy rule on the isolated end and the default on the other', () => {
    const s = state({
      namespaces: [ns('shop'), ns('cde')],
      pods: [web, api],
      networkPolicies: [np('cde', 'api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 80 }] }, { peers: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 443 }] }] })],
    });
    const ex = explainFlow(createExplainer(s, { cni: 'generic' }), podsOf(s), conn(PortSet.of('TCP', 443)));
    expect(ex.rules).toEqual([
      { end: 'egress', rule: 'no policy selects the source for egress (cluster default allows)', port: 'TCP/443' },
      { end: 'ingress', policy: 'cde/api', rule: 'ingress rule #2', port: 'TCP/443' },
    ]);
    expect(allowedByDefault(ex.rules, 'egress')).toBe(true);
    expect(allowedByDefault(ex.rules, 'ingress')).toBe(false);
    expect(rulesText(ex.rules)).toEqual({ policy: 'cde/api', rule: 'TCP/443: no policy selects the source for egress (cluster default allows); TCP/443: cde/api ingress rule #2' });
    expect(ex.lines.join('\n')).toContain('NetworkPolicy cde/api ingress rule #2');
  });

  it('asks once per port range (TCP first) and lists each rule once', () => {
    const s = state({
      pods: [web, api],
      networkPolicies: [np('cde', 'a', { ingress: [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 53 }] }] }), np('cde', 'b', { ingress: [{ ports: [{ protocol: 'TCP', port: 443 }] }] })],
    });
    const ports = PortSet.of('TCP', 80).union(PortSet.of('TCP', 443)).union(PortSet.of('UDP', 53));
    const ex = explainFlow(createExplainer(s, { cni: 'generic' }), podsOf(s), conn(ports));
    expect(ex.rules.filter((r) => r.end === 'ingress')).toEqual([
      { end: 'ingress', policy: 'cde/a', rule: 'ingress rule #1', port: 'TCP/80' },
      { end: 'ingress', policy: 'cde/b', rule: 'ingress rule #1', port: 'TCP/443' },
    ]);
  });

  it('admin policies: AdminNetworkPolicy and BaselineAdminNetworkPolicy allow rules', () => {
    const s = state({
      namespaces: [ns('shop'), ns('cde')],
      pods: [web, api],
      adminNetworkPolicies: [{ name: 'allow-shop', priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'cde' } } }, ingress: [{ name: 'from-shop', action: 'Allow', peers: [{ namespaces: {} }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] }], egress: [] }],
      baselineAdminNetworkPolicy: { name: 'default', subject: { namespaces: {} }, ingress: [], egress: [{ name: 'out', action: 'Allow', peers: [{ namespaces: {} }] }] },
    });
    const ex = explainFlow(createExplainer(s, { cni: 'generic' }), podsOf(s), conn(PortSet.of('TCP', 443)));
    expect(ex.rules).toEqual([
      { end: 'egress', policy: 'BaselineAdminNetworkPolicy default', rule: "egress rule 'out' (#1)", port: 'TCP/443' },
      { end: 'ingress', policy: 'AdminNetworkPolicy allow-shop', rule: "ingress rule 'from-shop' (#1)", port: 'TCP/443' },
    ]);
  });

  it('host network: no policy applies', () => {
    const host = pod('cde', 'agent', { hostNetwork: true });
    const s = state({ pods: [web, host], networkPolicies: [np('cde', 'deny')] });
    const ex = explainFlow(createExplainer(s, { cni: 'generic' }), podsOf(s), conn(PortSet.ALL, web, host));
    expect(ex.rules).toContainEqual({ end: 'ingress', rule: 'host network: no policy applies', port: 'TCP/1' });
    expect(allowedByDefault(ex.rules, 'ingress')).toBe(true);
  });

  it('an external end is asked at the first address of its range', () => {
    const s = state({ pods: [api], networkPolicies: [np('cde', 'in', { ingress: [{ peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] })] });
    const c: Connection = { src: { type: 'external', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, dst: conn(PortSet.ALL).dst, ports: PortSet.of('TCP', 443) };
    const ex = explainFlow(createExplainer(s, { cni: 'generic' }), podsOf(s), c);
    expect(ex.rules).toEqual([{ end: 'ingress', policy: 'cde/in', rule: 'ingress rule #1', port: 'TCP/443' }]);
    expect(ex.lines[0]).toMatch(/^Egress: the source is an address outside/);
  });
});
