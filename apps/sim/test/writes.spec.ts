/** Writes: create/update/patch (merge, strategic, JSON, apply)/delete, their errors, and managedFields. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimCluster, startSimCluster } from '../src';
import { call, get, pod } from './helpers';

let c: SimCluster;
beforeAll(async () => {
  c = await startSimCluster({ name: 'writes' });
});
afterAll(() => c.close());

const NP = '/apis/networking.k8s.io/v1/namespaces/default/networkpolicies';
const netpol = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, labels },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});

describe('create', () => {
  it('stores the object with uid, creationTimestamp, generation and a managedFields entry', async () => {
    const r = await call(c.url, 'POST', `${NP}?fieldManager=alice`, netpol('np1', { team: 'a' }));
    expect(r.status).toBe(201);
    const m = r.body.metadata;
    expect(m).toMatchObject({ name: 'np1', namespace: 'default', generation: 1 });
    expect(m.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(m.managedFields).toEqual([
      {
        manager: 'alice',
        operation: 'Update',
        apiVersion: 'networking.k8s.io/v1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:spec': { 'f:podSelector': {}, 'f:policyTypes': {} } },
      },
    ]);
  });

  it('takes the manager from the User-Agent without fieldManager, and generates names', async () => {
    const r = await call(c.url, 'POST', NP, { ...netpol(''), metadata: { generateName: 'gen-' } }, 'application/json', { 'User-Agent': 'my-operator/1.2 (linux)' });
    expect(r.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(r.body.metadata.managedFields[0].manager).toBe('my-operator');
  });

  it('refuses duplicates, missing namespaces, bad names, bad policies, wrong kinds and bad JSON', async () => {
    const cases: [string, unknown, number, string][] = [
      [NP, netpol('np1'), 409, 'AlreadyExists'],
      ['/apis/networking.k8s.io/v1/namespaces/nope/networkpolicies', netpol('x'), 404, 'NotFound'],
      [NP, netpol('Bad_Name'), 422, 'Invalid'],
      [NP, netpol('x', { 'bad key!': 'v' }), 422, 'Invalid'],
      [NP, { ...netpol('bad-cidr'), spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } }, 422, 'Invalid'],
      [NP, { ...netpol('x'), kind: 'Pod' }, 400, 'BadRequest'],
      [NP, { ...netpol('x'), apiVersion: 'v1' }, 400, 'BadRequest'],
      [NP, { ...netpol('x'), metadata: { name: 'x', namespace: 'other' } }, 400, 'BadRequest'],
      [NP, '{"kind": ', 400, 'BadRequest'],
    ];
    for (const [path, body, code, reason] of cases) {
      const r = await call(c.url, 'POST', path, body);
      expect([JSON.stringify(body).slice(0, 60), r.status, r.body.kind, r.body.reason]).toEqual([JSON.stringify(body).slice(0, 60), code, 'Status', reason]);
    }
    const bad = await call(c.url, 'POST', NP, { ...netpol('bad-cidr'), spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } });
    expect(bad.body.message).toContain('10.0.0.0/33');
    expect(c.get('NetworkPolicy', 'default', 'bad-cidr')).toBeUndefined();
  });

  it('accepts what libs/k8s cannot read when validation is off (to feed the agent malformed objects)', async () => {
    const loose = await startSimCluster({ name: 'loose', validate: false });
    try {
      const r = await call(loose.url, 'POST', NP, { ...netpol('bad-cidr'), spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } });
      expect(r.status).toBe(201);
    } finally {
      await loose.close();
    }
  });

  it('does not store anything on dryRun', async () => {
    const r = await call(c.url, 'POST', `${NP}?dryRun=All`, netpol('dry'));
    expect(r.status).toBe(200);
    expect(c.get('NetworkPolicy', 'default', 'dry')).toBeUndefined();
  });
});

describe('update', () => {
  it('conflicts on a stale resourceVersion, bumps generation on spec change, and skips no-op writes', async () => {
    const cur = (await get(c.url, `${NP}/np1`)).body;
    const changed = { ...cur, spec: { ...cur.spec, policyTypes: ['Ingress', 'Egress'] } };
    const ok = await call(c.url, 'PUT', `${NP}/np1?fieldManager=bob`, changed);
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.generation).toBe(2);
    expect(ok.body.metadata.uid).toBe(cur.metadata.uid);
    expect(ok.body.metadata.managedFields.map((m: { manager: string }) => m.manager)).toEqual(['alice', 'bob']);
    const stale = await call(c.url, 'PUT', `${NP}/np1`, changed);
    expect([stale.status, stale.body.reason]).toEqual([409, 'Conflict']);
    expect(stale.body.message).toContain('the object has been modified');
    const same = await call(c.url, 'PUT', `${NP}/np1`, ok.body);
    expect(same.body.metadata.resourceVersion).toBe(ok.body.metadata.resourceVersion);
    const renamed = await call(c.url, 'PUT', `${NP}/np1`, { ...ok.body, metadata: { ...ok.body.metadata, name: 'other' } });
    expect(renamed.status).toBe(400);
    expect((await call(c.url, 'PUT', `${NP}/missing`, netpol('missing'))).status).toBe(404);
  });

  it('refuses changes to an immutable pod spec but allows relabelling', async () => {
    const p = c.apply(pod('default', 'imm'))[0];
    const moved = await call(c.url, 'PUT', '/api/v1/namespaces/default/pods/imm', { ...p, spec: { ...p.spec, hostNetwork: true } });
    expect([moved.status, moved.body.reason]).toEqual([422, 'Invalid']);
    const relabelled = await call(c.url, 'PUT', '/api/v1/namespaces/default/pods/imm', { ...p, metadata: { ...p.metadata, labels: { x: 'y' } } });
    expect(relabelled.body.metadata.labels).toEqual({ x: 'y' });
    expect(relabelled.body.status.podIP).toBe(p.status.podIP);
  });
});

describe('patch', () => {
  it('merge patch adds and removes labels', async () => {
    const r = await call(c.url, 'PATCH', `${NP}/np1?fieldManager=kubectl-label`, { metadata: { labels: { env: 'prod', team: null } } }, 'application/merge-patch+json');
    expect(r.body.metadata.labels).toEqual({ env: 'prod' });
    expect(r.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl-label').fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { 'f:env': {} } } });
  });

  it('strategic merge patch merges containers by name and honours $patch: delete', async () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'smp', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'smp' } }, template: { metadata: { labels: { app: 'smp' } }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } },
    };
    c.apply(d);
    const path = '/apis/apps/v1/namespaces/default/deployments/smp';
    const r = await call(c.url, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }, { name: 'a', $patch: 'delete' }] } } } }, 'application/strategic-merge-patch+json');
    expect(r.body.spec.template.spec.containers).toEqual([{ name: 'b', image: 'b:2' }]);
    const merge = await call(c.url, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: 'c', image: 'c:1' }] } } } }, 'application/merge-patch+json');
    expect(merge.body.spec.template.spec.containers).toEqual([{ name: 'c', image: 'c:1' }]);
  });

  it('JSON patch applies operations and fails a test op with 422', async () => {
    const path = `${NP}/np1`;
    const r = await call(c.url, 'PATCH', path, [{ op: 'add', path: '/metadata/labels/tier', value: 'x' }, { op: 'replace', path: '/spec/policyTypes', value: ['Ingress'] }], 'application/json-patch+json');
    expect(r.body.metadata.labels).toEqual({ env: 'prod', tier: 'x' });
    const failed = await call(c.url, 'PATCH', path, [{ op: 'test', path: '/metadata/labels/tier', value: 'nope' }], 'application/json-patch+json');
    expect([failed.status, failed.body.reason]).toEqual([422, 'Invalid']);
    const missing = await call(c.url, 'PATCH', path, [{ op: 'remove', path: '/spec/nothing/here' }], 'application/json-patch+json');
    expect(missing.status).toBe(400);
  });

  it('refuses unknown patch media types with 415 and a patch of a missing object with 404', async () => {
    const r = await call(c.url, 'PATCH', `${NP}/np1`, { metadata: {} }, 'text/plain');
    expect([r.status, r.body.reason]).toEqual([415, 'UnsupportedMediaType']);
    expect((await call(c.url, 'PATCH', `${NP}/nope`, { metadata: {} }, 'application/merge-patch+json')).status).toBe(404);
  });

  it('server-side apply creates, updates, removes dropped fields, and conflicts with other managers unless forced', async () => {
    const path = `${NP}/ssa`;
    const y = (labels: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ssa\n  labels: {${labels}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
    const created = await call(c.url, 'PATCH', `${path}?fieldManager=ci`, y('a: "1", b: "2"'), 'application/apply-patch+yaml');
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields[0]).toMatchObject({ manager: 'ci', operation: 'Apply' });
    const dropped = await call(c.url, 'PATCH', `${path}?fieldManager=ci`, y('a: "1"'), 'application/apply-patch+yaml');
    expect(dropped.body.metadata.labels).toEqual({ a: '1' });
    const clash = await call(c.url, 'PATCH', `${path}?fieldManager=other`, y('a: "9"'), 'application/apply-patch+yaml');
    expect([clash.status, clash.body.reason]).toEqual([409, 'Conflict']);
    expect(clash.body.message).toContain('conflict with "ci": .metadata.labels.a');
    const forced = await call(c.url, 'PATCH', `${path}?fieldManager=other&force=true`, y('a: "9"'), 'application/apply-patch+yaml');
    expect(forced.body.metadata.labels).toEqual({ a: '9' });
    const owners = forced.body.metadata.managedFields.map((m: { manager: string }) => m.manager);
    expect(owners).toContain('other');
    const noManager = await call(c.url, 'PATCH', path, y('a: "1"'), 'application/apply-patch+yaml');
    expect([noManager.status, noManager.body.message]).toEqual([400, expect.stringContaining('fieldManager: Required value')]);
    const badYaml = await call(c.url, 'PATCH', `${path}?fieldManager=ci`, 'a: [', 'application/apply-patch+yaml');
    expect(badYaml.status).toBe(400);
  });
});

describe('delete', () => {
  it('returns the object, honours preconditions, and cascades a namespace', async () => {
    c.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    c.apply(pod('doomed', 'p1'));
    c.apply({ ...netpol('np'), metadata: { name: 'np', namespace: 'doomed' } });
    const pre = await call(c.url, 'DELETE', '/api/v1/namespaces/doomed/pods/p1', { preconditions: { uid: 'wrong' } });
    expect([pre.status, pre.body.reason]).toEqual([409, 'Conflict']);
    const r = await call(c.url, 'DELETE', '/api/v1/namespaces/doomed');
    expect(r.body.metadata.name).toBe('doomed');
    expect(c.objects('Pod').filter((p) => p.metadata.namespace === 'doomed')).toEqual([]);
    expect(c.objects('NetworkPolicy').filter((p) => p.metadata.namespace === 'doomed')).toEqual([]);
    expect((await call(c.url, 'DELETE', '/api/v1/namespaces/doomed')).status).toBe(404);
  });

  it('deletes a collection by label selector', async () => {
    c.apply(pod('default', 'dc1', { batch: 'x' }));
    c.apply(pod('default', 'dc2', { batch: 'x' }));
    const r = await call(c.url, 'DELETE', '/api/v1/namespaces/default/pods?labelSelector=batch%3Dx');
    expect(r.body.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['dc1', 'dc2']);
    expect(c.get('Pod', 'default', 'dc1')).toBeUndefined();
  });
});
