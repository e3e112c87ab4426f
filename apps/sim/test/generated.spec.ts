/** The generated cluster: deterministic, exactly the asked sizes, readable by libs/k8s, paged lists. */
import { analyze } from '@reachwatch/policy-engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClusterWith } from '../../../libs/policy-engine/bench/generate';
import { generatedParams, SimCluster, startSimCluster } from '../src';
import { stateOf } from './analysis';
import { get } from './helpers';

const G = { pods: 600, namespaces: 60, policies: 120, seed: 7 };
let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ name: 'gen', generated: G });
});
afterAll(() => c.close());

describe('generated cluster', () => {
  it('serves exactly the generated objects, and the same ones for the same seed', async () => {
    expect(c.objects('Pod')).toHaveLength(G.pods);
    expect(c.objects('NetworkPolicy')).toHaveLength(G.policies);
    // The four built-in namespaces are there too; the generator's include kube-system.
    expect(c.objects('Namespace').length).toBeGreaterThanOrEqual(G.namespaces);
    const again = await startSimCluster({ name: 'gen', generated: G });
    try {
      expect(again.objects('Pod').map((p) => [p.metadata.name, p.status.podIP])).toEqual(c.objects('Pod').map((p) => [p.metadata.name, p.status.podIP]));
    } finally {
      await again.close();
    }
  });

  it('gives the engine the same answer as the generated state it came from', () => {
    const served = analyze(stateOf(c), { cni: 'generic' });
    const source = analyze(generateClusterWith(generatedParams(G, c.podCidr), G.seed), { cni: 'generic' });
    // libs/k8s reports a Deployment's pods under their ReplicaSet (`<deploy>-<hash>`); the generator under
    // the Deployment. Same pairs either way.
    const norm = (e: { type: string; namespace?: string; name?: string; kind?: string; cidr?: string; except?: string[] }) =>
      e.type === 'workload' ? `${e.namespace}/${e.kind === 'ReplicaSet' ? (e.name as string).replace(/-[a-z0-9]+$/, '') : e.name}` : `${e.cidr} except ${e.except}`;
    const key = (x: { src: never; dst: never; ports: { toString(): string } }) => `${norm(x.src)} ${norm(x.dst)} ${x.ports.toString()}`;
    // A Deployment mid-rollout has two ReplicaSets: two rows here, one there. Compare the sets of rows.
    const rows = (cs: typeof served.connections) => [...new Set(cs.map((x) => key(x as never)))].sort();
    expect(served.connections.length).toBeGreaterThanOrEqual(source.connections.length);
    expect(rows(served.connections)).toEqual(rows(source.connections));
  });

  it('pages the full pod list without losing or repeating a pod', async () => {
    const names: string[] = [];
    let token = '';
    let pages = 0;
    do {
      const r = (await get(c.url, `/api/v1/pods?limit=100${token ? `&continue=${token}` : ''}`)).body;
      names.push(...r.items.map((p: { metadata: { namespace: string; name: string } }) => `${p.metadata.namespace}/${p.metadata.name}`));
      token = r.metadata.continue ?? '';
      pages++;
    } while (token);
    expect(pages).toBe(6);
    expect(names).toEqual(c.objects('Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
  });
});
