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

const ingestWith = (cluster: string, token: string) =>
  request(f.t.api.url).post(`/api/v1/ingest/${cluster}`).set('Authorization', `Bearer ${token}`).send({ agentId: 'a1', events: [] });

describe('clusters', () => {
  it('lists the visible clusters with agent, sync, event lag and posture summary', async () => {
    const all = await f.get('admin', '/api/v1/clusters');
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.items.map((c: { name: string }) => c.name)).toEqual(['east', 'west']);
    const east = all.body.items[0];
    expect(east.journal.lag).toBe(0);
    expect(east.journal.head).toBeGreaterThan(0);
    expect(east.journal.workerCursor).toBe(east.journal.head);
    expect(east.posture).toMatchObject({ namespaces: 2, pods: 3 });
    expect(east.posture.averageScore).toBeGreaterThan(0);
    expect((await f.get('analyst', '/api/v1/clusters')).body.items.map((c: { name: string }) => c.name)).toEqual(['east']);
    expect((await f.get('nobody', '/api/v1/clusters')).body.items).toEqual([]);
    const p1 = await f.get('admin', '/api/v1/clusters?limit=1');
    const p2 = await f.get('admin', `/api/v1/clusters?limit=1&cursor=${p1.body.nextCursor}`);
    expect([p1.body.items[0].name, p2.body.items[0].name, p2.body.nextCursor]).toEqual(['east', 'west', null]);
    expect((await f.get('admin', '/api/v1/clusters?limit=0')).status).toBe(400);
  });

  it('a journal the worker has not applied yet shows as lag', async () => {
    await f.worker.stop();
    await f.ingest('west', { type: 'ADDED', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lagging', uid: 'ns-lag', resourceVersion: '1' } } as never });
    const west = await f.get('admin', '/api/v1/clusters/west');
    expect(west.body.journal.lag).toBe(1);
    const { startWorker } = await import('@reachwatch/worker');
    f.worker = await startWorker({ databaseUrl: f.t.databaseUrl, pollMs: 50, log: () => undefined });
    await f.settle('west');
    expect((await f.get('admin', '/api/v1/clusters/west')).body.journal.lag).toBe(0);
  });

  it('fleet summary over the visible clusters', async () => {
    const admin = await f.get('admin', '/api/v1/clusters/summary');
    expect(admin.status).toBe(200);
    expect(admin.body.clusters).toBe(2);
    const analyst = await f.get('analyst', '/api/v1/clusters/summary');
    const east = (await f.get('analyst', '/api/v1/clusters/east')).body;
    expect(analyst.body).toMatchObject({ clusters: 1, pods: east.posture.pods, namespaces: east.posture.namespaces, averageScore: east.posture.averageScore });
  });

  it('register (admin): the token is shown once with the agent command line, works for ingest, and is audited', async () => {
    const r = await f.post('admin', '/api/v1/clusters', { name: 'north', cni: 'calico' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.token).toMatch(/^rwa_[A-Za-z0-9_-]{43}$/);
    expect(r.body.cluster).toMatchObject({ name: 'north', cni: 'calico', sync: { state: 'pending' }, journal: { head: 0, lag: 0 } });
    expect(r.body.agent.command).toContain(`REACHWATCH_AGENT_TOKEN='${r.body.token}'`);
    expect(r.body.agent.command).toContain(`--cluster north --ingest-url ${f.t.api.url}`);
    expect((await ingestWith('north', r.body.token)).status).toBe(200);
    expect((await f.get('admin', '/api/v1/clusters/north')).body.token).toBeUndefined();
    expect((await f.post('admin', '/api/v1/clusters', { name: 'north' })).status).toBe(409);
    for (const bad of [{ name: 'North!' }, { name: 'summary' }, { name: 'ok', cni: 'flannel' }, { name: 'ok', extra: 1 }, {}]) {
      const res = await f.post('admin', '/api/v1/clusters', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await f.post('analyst', '/api/v1/clusters', { name: 'south' })).status).toBe(403);
    expect((await f.post('auditor', '/api/v1/clusters', { name: 'south' })).status).toBe(403);
    const audit = (await auditRows(f.t)).filter((a) => a.target_type === 'cluster');
    expect(audit).toEqual([expect.objectContaining({ action: 'cluster.register', actor_email: 'admin@example.com', details: { name: 'north', cni: 'calico' } })]);
    expect(JSON.stringify(await auditRows(f.t))).not.toContain(r.body.token);
  });

  it('rotate (admin): the old token stops at once, the new one works', async () => {
    const reg = await f.post('admin', '/api/v1/clusters', { name: 'rotating' });
    expect((await f.post('analyst', '/api/v1/clusters/rotating/token')).status).toBe(403); // the role is checked before the cluster
    expect((await f.post('analyst', '/api/v1/clusters/east/token')).status).toBe(403);
    const r = await f.post('admin', '/api/v1/clusters/rotating/token');
    expect(r.status).toBe(201);
    expect(r.body.token).not.toBe(reg.body.token);
    expect((await ingestWith('rotating', reg.body.token)).status).toBe(403);
    expect((await ingestWith('rotating', r.body.token)).status).toBe(200);
  });

  it('delete (admin): everything of the cluster goes; 404 after', async () => {
    await f.post('admin', '/api/v1/clusters', { name: 'doomed' });
    expect((await f.get('auditor', '/api/v1/clusters/doomed')).status).toBe(404);
    const del = await request(f.t.api.url).delete('/api/v1/clusters/doomed').set(f.as.analyst);
    expect(del.status).toBe(403);
    expect((await request(f.t.api.url).delete('/api/v1/clusters/doomed').set(f.as.admin)).status).toBe(204);
    expect((await f.get('admin', '/api/v1/clusters/doomed')).status).toBe(404);
    expect((await request(f.t.api.url).delete('/api/v1/clusters/doomed').set(f.as.admin)).status).toBe(404);
    const actions = (await auditRows(f.t)).filter((a) => a.target_type === 'cluster').map((a) => a.action);
    expect(actions).toEqual(['cluster.register', 'cluster.register', 'cluster.rotate_token', 'cluster.register', 'cluster.delete']);
  });
});

describe('OpenAPI', () => {
  it('documents every route at /api/docs-json, with the UI at /api/docs, without logging in', async () => {
    const doc = await request(f.t.api.url).get('/api/docs-json');
    expect(doc.status, f.t.logger.lines.filter((l) => l.includes('error')).join('\n')).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.body.paths).sort();
    for (const p of [
      '/api/v1/clusters', '/api/v1/clusters/summary', '/api/v1/clusters/{cluster}', '/api/v1/clusters/{cluster}/token',
      '/api/v1/clusters/{cluster}/namespaces', '/api/v1/clusters/{cluster}/workloads', '/api/v1/clusters/{cluster}/graph',
      '/api/v1/clusters/{cluster}/explain', '/api/v1/clusters/{cluster}/matrix', '/api/v1/clusters/{cluster}/audit',
      '/api/v1/clusters/{cluster}/what-if', '/api/v1/alerts', '/api/v1/alerts/{id}/acknowledge', '/api/v1/alerts/{id}/resolve',
      '/api/v1/auth/login', '/api/v1/users', '/api/v1/tokens', '/api/v1/ingest/{cluster}',
    ]) expect(paths, p).toContain(p);
    const explain = doc.body.paths['/api/v1/clusters/{cluster}/explain'].get;
    expect(explain.parameters.map((x: { name: string }) => x.name).sort()).toEqual(['cluster', 'from', 'port', 'to']);
    const ui = await request(f.t.api.url).get('/api/docs/');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
  });
});
