import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '@reachwatch/k8s';
import { explainConnection } from '@reachwatch/policy-engine';
import { linkifyLine, normalisePort, policiesIn, readyToExplain } from './explain';

/** The lol scenario after step 3 (SCENARIOS.md §1), explained by the real engine: the words the UI links. */
const LOL = path.resolve(__dirname, '../../../../sim/scenarios/lol');

function explainLol(from: string, to: string) {
  const { state } = loadManifests([path.join(LOL, 'namespaces.yaml'), path.join(LOL, 'workloads.yaml'), path.join(LOL, 'steps')]);
  const pod = (w: string) => ({ pod: state.pods.find((p) => p.workload.name === w)! });
  return explainConnection(state, { cni: 'generic' }, pod(from), pod(to), 'TCP', 80);
}

describe('explain: policy names in the engine’s explanation become links', () => {
  it('miao-yahoo → lol-default is denied; both policies of `default` are named and linked', () => {
    const ex = explainLol('miao-yahoo', 'lol-default');
    expect(ex.allowed).toBe(false);
    expect(policiesIn(ex.lines)).toEqual([
      { kind: 'NetworkPolicy', namespace: 'default', name: 'allow-lol-yahoo-lol-default' },
      { kind: 'NetworkPolicy', namespace: 'default', name: 'default-deny-ingress' },
    ]);
    // Linking never changes the words.
    for (const l of ex.lines) expect(linkifyLine(l).map((s) => s.text).join('')).toBe(l);
  });

  it('lol-yahoo → lol-default is allowed by the allow policy', () => {
    const ex = explainLol('lol-yahoo', 'lol-default');
    expect(ex.allowed).toBe(true);
    expect(policiesIn(ex.lines).map((p) => p.name)).toContain('allow-lol-yahoo-lol-default');
  });

  it('recognises lists, rule lines and admin policies, and leaves pods alone', () => {
    const segs = linkifyLine('Ingress of the destination default/lol-default-7d9f: denied — isolated for ingress by NetworkPolicy default/a, default/b.c, and no ingress rule of them admits yahoo/x on TCP/80:');
    expect(segs.filter((s) => s.policy).map((s) => `${s.policy!.namespace}/${s.policy!.name}=${s.text}`)).toEqual(['default/a=default/a', 'default/b.c=default/b.c']);
    expect(linkifyLine('  - default/deny has no ingress rules: it allows nothing (a default deny).')[1].policy).toEqual({ kind: 'NetworkPolicy', namespace: 'default', name: 'deny' });
    const admin = linkifyLine("Egress of the source a/b: AdminNetworkPolicy 'pass-dns' (priority 5) allows UDP/53 by its egress rule 'dns' (#1); BaselineAdminNetworkPolicy 'default' denies.");
    expect(admin.filter((s) => s.policy).map((s) => s.policy)).toEqual([
      { kind: 'AdminNetworkPolicy', namespace: '', name: 'pass-dns' },
      { kind: 'BaselineAdminNetworkPolicy', namespace: '', name: 'default' },
    ]);
    expect(linkifyLine('All that is allowed from yahoo/miao-yahoo-abc to default/lol-default-def: nothing.')).toEqual([{ text: 'All that is allowed from yahoo/miao-yahoo-abc to default/lol-default-def: nothing.' }]);
  });
});

describe('explain form', () => {
  it('asks only with three complete fields', () => {
    expect(readyToExplain('yahoo/miao-yahoo', 'default/lol-default', 'TCP/80')).toBe(true);
    expect(readyToExplain('yahoo/miao-yahoo', '10.0.0.1', '443')).toBe(true);
    expect(readyToExplain('yahoo/miao-yahoo', 'default/', 'TCP/80')).toBe(false);
    expect(readyToExplain(undefined, 'a/b', 'TCP/80')).toBe(false);
    expect(readyToExplain('a/b', 'c/d', 'http')).toBe(false);
  });

  it('normalises ports to PROTOCOL/PORT', () => {
    expect(normalisePort('80')).toBe('TCP/80');
    expect(normalisePort(' udp/53 ')).toBe('UDP/53');
    expect(normalisePort('bogus')).toBe('bogus');
  });
});
