/**
 * The agent's code path: @kubernetes/client-node's informer (list, then watch from the list's
 * resourceVersion) against the simulator receives ADDED, MODIFIED and DELETED, and survives a dropped watch
 * and a 410 by relisting.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster } from '../src';
import { pod } from './helpers';

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ name: 'informer', scenarios: ['no-ingress'] });
});
afterAll(() => c.close());

function kubeConfig(url: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'u' }],
    currentContext: 'sim',
  });
  return kc;
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('client-node informer', () => {
  it('lists, then watches pods: ADDED, MODIFIED, DELETED, and relists after a dropped watch and a 410', async () => {
    const kc = kubeConfig(c.url);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(kc, '/api/v1/pods', () => core.listPodForAllNamespaces());
    const log: string[] = [];
    const errors: unknown[] = [];
    let stopped = false;
    informer.on('add', (p) => log.push(`add ${p.metadata?.name}`));
    informer.on('update', (p) => log.push(`update ${p.metadata?.name} ${JSON.stringify(p.metadata?.labels ?? {})}`));
    informer.on('delete', (p) => log.push(`delete ${p.metadata?.name}`));
    informer.on('error', (e) => {
      if ((e as Error)?.name !== 'AbortError') errors.push(e);
      // The informer stops on error; restarting is the caller's job (the agent does the same).
      if (!stopped) setTimeout(() => void informer.start().catch((x) => errors.push(x)), 20);
    });
    await informer.start();
    try {
      await until(() => log.filter((l) => l.startsWith('add')).length === 2, 'the initial list');
      c.apply(pod('no-ingress-allowed', 'extra', { v: '1' }));
      await until(() => log.includes('add extra'), 'ADDED');
      c.label('Pod', 'no-ingress-allowed', 'extra', { v: '2' });
      await until(() => log.includes('update extra {"v":"2"}'), 'MODIFIED');
      c.remove('Pod', 'no-ingress-allowed', 'extra');
      await until(() => log.includes('delete extra'), 'DELETED');

      // A watch the server ends: the informer re-watches from its last resourceVersion and misses nothing.
      c.dropWatches('graceful');
      await new Promise((r) => setTimeout(r, 100));
      c.apply(pod('no-ingress-allowed', 'after-end'));
      await until(() => log.includes('add after-end'), 'ADDED after the server ended the watch');

      // A dropped connection: an error; started again, the informer resumes and misses nothing.
      c.dropWatches();
      await new Promise((r) => setTimeout(r, 100));
      c.apply(pod('no-ingress-allowed', 'after-drop'));
      await until(() => log.includes('add after-drop'), 'ADDED after a dropped watch');

      // History compacted while disconnected: 410 → the informer relists and sees the new pod.
      c.dropWatches();
      c.compact();
      c.apply(pod('no-ingress-allowed', 'after-410'));
      await until(() => informer.list().some((p) => p.metadata?.name === 'after-410'), 'the pod created during the 410');
      expect(informer.list().map((p) => p.metadata?.name).sort()).toEqual(
        c.objects('Pod').map((p) => p.metadata.name).sort(),
      );
      expect(errors.length).toBeGreaterThan(0); // the abrupt drop is reported, not hidden
    } finally {
      stopped = true;
      await informer.stop();
    }
  });

  it('lists NetworkPolicies and AdminNetworkPolicies through the typed clients', async () => {
    const kc = kubeConfig(c.url);
    c.apply({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'no-ingress-allowed' }, spec: { podSelector: {} } });
    const net = kc.makeApiClient(k8s.NetworkingV1Api);
    const list = await net.listNetworkPolicyForAllNamespaces();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(['np']);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const anps = (await custom.listClusterCustomObject({ group: 'policy.networking.k8s.io', version: 'v1alpha1', plural: 'adminnetworkpolicies' })) as { items: unknown[] };
    expect(anps.items).toEqual([]);
    await expect(core(kc).readNamespacedPod({ name: 'nope', namespace: 'default' })).rejects.toMatchObject({ code: 404 });
  });
});

function core(kc: k8s.KubeConfig): k8s.CoreV1Api {
  return kc.makeApiClient(k8s.CoreV1Api);
}
