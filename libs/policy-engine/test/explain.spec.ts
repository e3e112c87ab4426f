import { describe, expect, it } from 'vitest';
import { explainConnection } from '../src/explain';
import { anp, np, ns, pod, state, tcp } from './build';

describe('explain', () => {
  // SCENARIOS.md #1 (lol), final step.
  const lolDefault = pod('default', 'lol-default', { app: 'lol-default' }, { ports: [tcp(80)] });
  const lolYahoo = pod('yahoo', 'lol-yahoo', { app: 'lol-yahoo' });
  const miao = pod('yahoo', 'miao-yahoo', { app: 'miao-yahoo' });
  const lol = state({
    namespaces: [ns('default'), ns('yahoo')],
    pods: [lolDefault, lolYahoo, miao],
    networkPolicies: [
      np('default', 'default-deny-ingress', {}, { types: ['Ingress'] }),
      np('default', 'allow-lol-yahoo-lol-default', { matchLabels: { app: 'lol-default' } }, {
        ingress: [{ peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'yahoo' } }, podSelector: { matchLabels: { app: 'lol-yahoo' } } }] }],
      }),
    ],
  });

  it('names the isolating policy and the unmet requirement when denied', () => {
    const e = explainConnection(lol, { cni: 'generic' }, { pod: miao }, { pod: lolDefault }, 'TCP', 80);
    expect(e.allowed).toBe(false);
    expect(e.summary).toBe('DENIED: yahoo/miao-yahoo → default/lol-default on TCP/80, blocked by the ingress of the destination.');
    const text = e.lines.join('\n');
    expect(text).toContain('isolated for ingress by NetworkPolicy default/default-deny-ingress, default/allow-lol-yahoo-lol-default');
    expect(text).toContain('default/default-deny-ingress has no ingress rules');
    expect(text).toContain('requires pods with app=lol-yahoo in namespaces with kubernetes.io/metadata.name=yahoo, but the pod has labels app=miao-yahoo');
    expect(text).toContain('Egress of the source yahoo/miao-yahoo: allowed — no NetworkPolicy selects it for egress');
  });

  it('names the allowing rule when allowed', () => {
    const e = explainConnection(lol, { cni: 'generic' }, { pod: lolYahoo }, { pod: lolDefault }, 'TCP', 80);
    expect(e.allowed).toBe(true);
    expect(e.lines.join('\n')).toContain('allowed by NetworkPolicy default/allow-lol-yahoo-lol-default ingress rule #1');
    expect(e.ports.toString()).toBe('All Connections');
  });

  it('explains port mismatches and the CNI profile for addresses', () => {
    const s = state({ namespaces: [ns('d')], pods: [lolDefault], networkPolicies: [
      np('default', 'web', {}, { ingress: [{ peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: [] } }], ports: [{ protocol: 'TCP', port: 443 }] }] }),
    ] });
    const e = explainConnection(s, { cni: 'generic' }, { ip: '203.0.113.9' }, { pod: lolDefault }, 'TCP', 80);
    expect(e.allowed).toBe(false);
    expect(e.lines.join('\n')).toContain('default/web ingress rule #1: matches 203.0.113.9 but only on TCP 443');
    expect(e.lines.join('\n')).toContain('CNI profile: generic');
  });

  it('reports admin policy decisions', () => {
    const s = state({ namespaces: [ns('default'), ns('yahoo')], pods: [lolDefault, miao], adminNetworkPolicies: [
      anp('block-yahoo', 7, { subject: { namespaces: {} }, ingress: [{ name: 'no-yahoo', action: 'Deny', peers: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'yahoo' } } }] }], egress: [] }),
    ] });
    const e = explainConnection(s, { cni: 'generic' }, { pod: miao }, { pod: lolDefault }, 'TCP', 80);
    expect(e.allowed).toBe(false);
    expect(e.lines.join('\n')).toContain("AdminNetworkPolicy 'block-yahoo' (priority 7) denies TCP/80 by its ingress rule 'no-yahoo' (#1)");
  });
});
