import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from './accounts';
import { startRestFixture, type RestFixture } from './rest-fixture';

let f: RestFixture;
beforeAll(async () => {
  f = await startRestFixture({ east: ['lol'], west: ['no-ingress'] });
});
afterAll(async () => {
  await f?.close();
});

const E = '/api/v1/clusters/east';
const ALLOW_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-all
  namespace: default
spec:
  podSelector: {}
  ingress:
    - {}
`;

describe('what-if', () => {
  it('an allow-all policy in default reports the new exposures, and changes nothing', async () => {
    const before = await f.get('analyst', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`);
    const r = await f.post('analyst', `${E}/what-if`, { manifests: ALLOW_ALL });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.applied).toEqual([{ kind: 'NetworkPolicy', name: 'default/allow-all', change: 'created' }]);
    expect(r.body.removed).toEqual([]);
    expect(r.body.added).toContainEqual(expect.objectContaining({ src: 'yahoo/miao-yahoo[Deployment]', dst: 'default/lol-default[Deployment]' }));
    const reasons = new Set(r.body.newExposures.map((x: { reason: string }) => x.reason));
    expect(reasons).toEqual(new Set(['internet', 'other-namespace']));
    expect(r.body.newExposures).toContainEqual(expect.objectContaining({ reason: 'internet', dst: 'default/lol-default[Deployment]' }));
    expect(r.body.counts.newExposures).toBe(r.body.newExposures.length);
    const after = await f.get('analyst', `${E}/explain?from=yahoo/miao-yahoo&to=default/lol-default&port=TCP/80`);
    expect(after.body).toEqual(before.body);
    const { rows } = await f.t.db.pool.query(`SELECT count(*)::int AS n FROM k8s_object WHERE cluster_id = $1 AND name = 'allow-all'`, [f.ids.east]);
    expect(rows[0].n).toBe(0);
  });

  it('replacing a live policy by its own text changes nothing', async () => {
    const same = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-ingress, namespace: default}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
    const r = await f.post('admin', `${E}/what-if`, { manifests: same });
    expect(r.body).toMatchObject({ applied: [{ kind: 'NetworkPolicy', name: 'default/default-deny-ingress', change: 'replaced' }], added: [], removed: [], newExposures: [] });
  });

  it('broken manifests are a 400 with a diagnostic per document; nothing analysable is a 400 too', async () => {
    const bad = `${ALLOW_ALL}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken, namespace: default}\nspec:\n  podSelector: {}\n  ingress:\n    - from: [{ipBlock: {cidr: 10.0.0.0/33}}]\n---\n: : :\n`;
    const r = await f.post('analyst', `${E}/what-if`, { manifests: bad });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const docs = r.body.error.details.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(docs.find((d: { document: number }) => d.document === 2).message).toMatch(/10\.0\.0\.0\/33/);
    const empty = await f.post('analyst', `${E}/what-if`, { manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    expect(empty.status).toBe(400);
    expect((await f.post('analyst', `${E}/what-if`, { yaml: ALLOW_ALL })).status).toBe(400);
    const big = await f.post('analyst', `${E}/what-if`, { manifests: `# ${'x'.repeat(600 * 1024)}\n${ALLOW_ALL}` });
    expect(big.status).toBe(400);
    expect(big.body.error.details.issues[0].path).toBe('manifests');
  });

  it('auditors may not run what-if', async () => {
    const r = await f.post('auditor', `${E}/what-if`, { manifests: ALLOW_ALL });
    expect(r.status).toBe(403);
  });
});

describe('audit', () => {
  it('policy changes with before/after, diff, who, when and impact; filters; posture as it was', async () => {
    const r = await f.get('auditor', `${E}/audit`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const names = r.body.items.map((i: { name: string }) => i.name);
    expect(names).toEqual(expect.arrayContaining(['default-deny-ingress', 'allow-lol-yahoo-lol-default']));
    const e = r.body.items.find((i: { name: string }) => i.name === 'default-deny-ingress');
    expect(e).toMatchObject({ kind: 'NetworkPolicy', namespace: 'default', action: 'created', manager: 'kubectl-client-side-apply', before: null });
    expect(e.diff).toContain('+');
    expect(Object.keys(e.impact)).toEqual(['connectionsAdded', 'connectionsRemoved', 'newExposures']);
    const seqs = r.body.items.map((i: { seq: number }) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const p1 = await f.get('auditor', `${E}/audit?limit=1`);
    const p2 = await f.get('auditor', `${E}/audit?limit=1&cursor=${p1.body.nextCursor}`);
    expect([p1.body.items[0].seq, p2.body.items[0].seq]).toEqual(seqs.slice(0, 2));
    expect((await f.get('auditor', `${E}/audit?namespace=yahoo`)).body.items).toEqual([]);
    expect((await f.get('auditor', `${E}/audit?since=2999-01-01T00:00:00Z`)).body.items).toEqual([]);
    expect((await f.get('auditor', `${E}/audit?since=yesterday`)).status).toBe(400);

    // Now a change; posture at a time before it still shows the namespace as it was.
    const beforeChange = new Date().toISOString();
    await new Promise((res) => setTimeout(res, 20));
    const { rows } = await f.t.db.pool.query(`SELECT name, uid FROM k8s_object WHERE cluster_id = $1 AND kind = 'NetworkPolicy' ORDER BY name`, [f.ids.east]);
    for (const [i, o] of rows.entries()) {
      await f.ingest('east', {
        type: 'DELETED', manager: 'kubectl',
        object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: o.name, namespace: 'default', uid: o.uid, resourceVersion: `d${i}` }, spec: { podSelector: {} } } as never,
      });
    }
    await f.settle('east');
    const now = (await f.get('auditor', `${E}/namespaces?search=default`)).body.items[0];
    expect(now.defaultDenyIngress).toBe(false);
    const then = await f.get('auditor', `${E}/audit?at=${encodeURIComponent(beforeChange)}`);
    expect(then.status, JSON.stringify(then.body)).toBe(200);
    const def = then.body.postureAt.namespaces.find((n: { namespace: string }) => n.namespace === 'default');
    expect(def).toMatchObject({ defaultDenyIngress: true, ingressIsolatedPods: 1 });
    expect(then.body.items.every((i: { occurredAt: string }) => i.occurredAt <= beforeChange)).toBe(true);
    const latest = await f.get('auditor', `${E}/audit?limit=1`);
    expect(latest.body.items[0]).toMatchObject({ name: 'default-deny-ingress', action: 'deleted' });
  });
});

describe('alerts', () => {
  it('lists the worker\'s alerts of visible clusters; analysts acknowledge and resolve (audited); auditors cannot', async () => {
    const list = await f.get('admin', '/api/v1/alerts?state=open');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const east = list.body.items.find((a: { cluster: string }) => a.cluster === 'east');
    expect(east).toBeDefined();
    const westOnly = await f.get('west', '/api/v1/alerts');
    expect(westOnly.body.items.every((a: { cluster: string }) => a.cluster === 'west')).toBe(true);
    expect((await f.get('west', `/api/v1/alerts/${east.id}`)).status).toBe(404);
    expect((await f.get('west', '/api/v1/alerts?cluster=east')).status).toBe(404);
    expect((await f.get('nobody', '/api/v1/alerts')).body.items).toEqual([]);

    expect((await f.post('auditor', `/api/v1/alerts/${east.id}/acknowledge`)).status).toBe(403);
    expect((await f.post('west', `/api/v1/alerts/${east.id}/acknowledge`)).status).toBe(404);
    const ack = await f.post('analyst', `/api/v1/alerts/${east.id}/acknowledge`);
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ id: east.id, state: 'acknowledged', acknowledgedBy: 'analyst@example.com' });
    const again = await f.post('analyst', `/api/v1/alerts/${east.id}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ state: 'acknowledged' });
    const res = await f.post('analyst', `/api/v1/alerts/${east.id}/resolve`);
    expect(res.body).toMatchObject({ state: 'resolved', resolvedBy: 'analyst@example.com' });
    expect((await f.post('analyst', `/api/v1/alerts/${east.id}/resolve`)).status).toBe(409);
    expect((await f.post('analyst', '/api/v1/alerts/999999/resolve')).status).toBe(404);
    expect((await f.post('analyst', '/api/v1/alerts/abc/resolve')).status).toBe(400);

    const audit = (await auditRows(f.t)).filter((a) => a.target_type === 'alert');
    expect(audit.map((a) => [a.action, a.target, a.actor_email, a.details.from])).toEqual([
      ['alert.acknowledge', east.id, 'analyst@example.com', 'open'],
      ['alert.resolve', east.id, 'analyst@example.com', 'acknowledged'],
    ]);
    const filtered = await f.get('admin', `/api/v1/alerts?state=resolved&cluster=east`);
    expect(filtered.body.items.map((a: { id: number }) => a.id)).toContain(east.id);
    expect((await f.get('admin', '/api/v1/alerts?severity=urgent')).status).toBe(400);
    const p1 = await f.get('admin', '/api/v1/alerts?limit=1');
    const p2 = await f.get('admin', `/api/v1/alerts?limit=1&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items[0].id).toBeLessThan(p1.body.items[0].id);
  });
});

describe('access control', () => {
  const paths = [
    '', '/namespaces', '/workloads', '/graph', '/graph?level=workload', '/matrix?namespaces=default',
    '/explain?from=yahoo/lol-yahoo&to=default/lol-default&port=TCP/80', '/audit',
  ];
  it('without a grant every endpoint of the cluster is 404, the same answer as for a cluster that does not exist', async () => {
    for (const p of paths) {
      const hidden = await f.get('west', `${E}${p}`);
      expect(hidden.status, p).toBe(404);
      expect(hidden.body).toEqual({ error: { code: 'not_found', message: 'No cluster named "east".' } });
      expect((await f.get('nobody', `${E}${p}`)).status, p).toBe(404);
      expect((await f.get('west', `/api/v1/clusters/mars${p}`)).body.error.message).toBe('No cluster named "mars".');
    }
    expect((await f.post('west', `${E}/what-if`, { manifests: ALLOW_ALL })).status).toBe(404);
    expect((await f.get('west', '/api/v1/clusters/west/namespaces')).status).toBe(200);
  });

  it('no credentials: 401 everywhere', async () => {
    for (const p of [...paths.map((x) => `${E}${x}`), '/api/v1/clusters', '/api/v1/alerts', '/api/v1/clusters/summary']) {
      expect((await request(f.t.api.url).get(p)).status, p).toBe(401);
    }
  });
});
