/** Deployments synthesise ReplicaSets and pods; scaling, template changes and deletions follow. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster } from '../src';
import { call, get } from './helpers';

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ name: 'deploys', podCidr: '10.50.0.0/16', nodes: 2 });
});
afterAll(() => c.close());

const deploy = (replicas: number, version = '1') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', version } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } } },
});
const webPods = () => c.objects('Pod').filter((p) => p.metadata.labels?.app === 'web');

describe('deployment controller', () => {
  it('creates a ReplicaSet and pods with template labels, pod-template-hash, owners, IPs and nodes', () => {
    c.apply(deploy(3));
    const [rs] = c.objects('ReplicaSet');
    const hash = rs.metadata.labels['pod-template-hash'];
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.ownerReferences[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    const pods = webPods();
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', version: '1', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid });
      expect(p.status.phase).toBe('Running');
      expect(p.status.podIP).toMatch(/^10\.50\.[01]\.\d+$/);
      expect(['deploys-node-1', 'deploys-node-2']).toContain(p.spec.nodeName);
    }
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(3);
    expect(c.get('Deployment', 'default', 'web')?.status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    const managers = pods[0].metadata.managedFields.map((m: { manager: string }) => m.manager);
    expect(managers).toEqual(['kube-controller-manager']);
  });

  it('scales through the scale subresource and replaces a deleted pod', async () => {
    const r = await call(c.url, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 1 } }, 'application/merge-patch+json');
    expect(r.body).toMatchObject({ kind: 'Scale', spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=web' } });
    expect(webPods()).toHaveLength(1);
    expect((await get(c.url, '/apis/apps/v1/namespaces/default/deployments/web/scale')).body.spec.replicas).toBe(1);
    const bad = await call(c.url, 'PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: -1 } });
    expect(bad.status).toBe(422);
    const [only] = webPods();
    c.remove('Pod', 'default', only.metadata.name);
    const [replacement] = webPods();
    expect(replacement.metadata.name).not.toBe(only.metadata.name);
  });

  it('replaces every pod when the template changes, under a new ReplicaSet', () => {
    c.scale('default', 'web', 2);
    const before = webPods().map((p) => p.metadata.name);
    c.apply(deploy(2, '2'));
    const after = webPods();
    expect(after).toHaveLength(2);
    expect(after.every((p) => p.metadata.labels.version === '2' && !before.includes(p.metadata.name))).toBe(true);
    expect(c.objects('ReplicaSet')).toHaveLength(1);
  });

  it('deleting the Deployment removes its ReplicaSet and pods and frees their IPs', () => {
    const ips = webPods().map((p) => p.status.podIP);
    c.remove('Deployment', 'default', 'web');
    expect(webPods()).toEqual([]);
    expect(c.objects('ReplicaSet')).toEqual([]);
    c.apply(deploy(2));
    expect(webPods().map((p) => p.status.podIP).sort()).toEqual([...ips].sort());
  });

  it('refuses a Deployment whose selector does not match its template', async () => {
    const d = deploy(1);
    const r = await call(c.url, 'POST', '/apis/apps/v1/namespaces/default/deployments', { ...d, metadata: { name: 'mismatch' }, spec: { ...d.spec, selector: { matchLabels: { app: 'other' } } } });
    expect([r.status, r.body.reason]).toEqual([422, 'Invalid']);
    expect(r.body.message).toContain('`selector` does not match template `labels`');
  });
});
