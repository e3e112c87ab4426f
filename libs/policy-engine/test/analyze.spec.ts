import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze';
import { endpointKey } from '../src/analysis';
import { np, ns, pod, state, tcp } from './build';

/** Two replicas of one Deployment whose pods differ in a label: only one of them is allowed in. */
const cluster = state({
  namespaces: [ns('shop')],
  pods: [
    pod('shop', 'api-1', { app: 'api' }, { workload: { kind: 'Deployment', name: 'api' }, ports: [tcp(80)] }),
    pod('shop', 'api-2', { app: 'api', canary: 'true' }, { workload: { kind: 'Deployment', name: 'api' }, ports: [tcp(80)] }),
    pod('shop', 'web-1', { app: 'web' }, { workload: { kind: 'Deployment', name: 'web' } }),
  ],
  networkPolicies: [np('shop', 'canary-in', { matchLabels: { app: 'api', canary: 'true' } }, { ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 80 }] }] })],
});

const lines = (level: 'pod' | 'workload') =>
  analyze(cluster, { cni: 'generic' }, level).connections.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)}: ${c.ports}`);

describe('analysis levels', () => {
  it('workload level unions the pods of an owner', () => {
    // api-1 is not isolated, so the workload as a whole is open to web on every port.
    expect(lines('workload')).toContain('shop/web[Deployment] -> shop/api[Deployment]: All Connections');
    // Pods of one workload never appear as a pair of their own.
    expect(lines('workload').some((l) => l.startsWith('shop/api[Deployment] -> shop/api[Deployment]'))).toBe(false);
  });

  it('pod level lists each pod, so replicas that differ are told apart', () => {
    const l = lines('pod');
    expect(l).toContain('shop/web-1[Pod] -> shop/api-1[Pod]: All Connections');
    expect(l).toContain('shop/web-1[Pod] -> shop/api-2[Pod]: TCP 80');
    // canary-in isolates api-2: only web may enter; api-1 and web-1 are not isolated at all.
    expect(l.some((x) => x.startsWith('shop/api-1[Pod] -> shop/api-2[Pod]'))).toBe(false);
    expect(l).toContain('shop/api-2[Pod] -> shop/api-1[Pod]: All Connections');
  });
});
