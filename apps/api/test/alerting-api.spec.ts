import { ALERT_RULE_IDS, DEFAULT_SEVERITY } from '@reachwatch/contracts';
import { WebhookDeliveryRepository } from '@reachwatch/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';

let t: AccountsApi;
const ids = { east: 0, west: 0 };
type Who = 'admin' | 'analyst' | 'auditor' | 'west';
const tokens = {} as Record<Who, string>;

beforeAll(async () => {
  t = await startAccountsApi({ reportScheduler: { enabled: false } });
  ids.east = (await t.clusters.register('east')).cluster.id;
  ids.west = (await t.clusters.register('west')).cluster.id;
  const users: [Who, 'admin' | 'analyst' | 'auditor', string[]][] = [['admin', 'admin', []], ['analyst', 'analyst', ['east']], ['auditor', 'auditor', ['east']], ['west', 'analyst', ['west']]];
  for (const [who, role, grants] of users) {
    await seedUser(t, `${who}@example.com`, role, grants);
    tokens[who] = (await login(t, `${who}@example.com`)).token;
  }
});
afterAll(async () => {
  await t?.close();
});

const as = (who: Who) => ({
  get: (path: string) => request(t.api.url).get(path).set(bearer(tokens[who])),
  post: (path: string, body?: object) => request(t.api.url).post(path).set(bearer(tokens[who])).send(body),
  put: (path: string, body: object) => request(t.api.url).put(path).set(bearer(tokens[who])).send(body),
  patch: (path: string, body: object) => request(t.api.url).patch(path).set(bearer(tokens[who])).send(body),
  delete: (path: string) => request(t.api.url).delete(path).set(bearer(tokens[who])),
});

const issuePaths = (res: request.Response) => (res.body.error.details.issues as { path: string }[]).map((i) => i.path);

describe('alert rules', () => {
  const E = '/api/v1/clusters/east/alert-rules';

  it('GET: the defaults, version 0, and the catalogue with default severities, to any reader of the cluster', async () => {
    expect((await request(t.api.url).get(E)).status).toBe(401);
    const res = await as('analyst').get(E);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ cluster: 'east', version: 0, updatedAt: null, config: { scopes: [], rules: {} }, severities: ['low', 'medium', 'high', 'critical'] });
    expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual(ALERT_RULE_IDS);
    expect(res.body.rules.find((r: { id: string }) => r.id === 'exposed-to-internet')).toMatchObject({ defaultSeverity: DEFAULT_SEVERITY['exposed-to-internet'], enabled: true });
    expect((await as('west').get(E)).status).toBe(404);
  });

  it('PUT: admin only; the new configuration and version, audited; GET shows it', async () => {
    const config = {
      scopes: [{ name: 'pci', selector: 'pci=cde' }],
      rules: { 'lost-isolation': { severity: 'critical', ignore: [{ namespace: 'kube-system' }, { selector: 'tier in (batch,cron),!critical' }] }, 'namespace-without-policy': { enabled: false } },
    };
    expect((await as('analyst').put(E, config)).status).toBe(403);
    expect((await as('auditor').put(E, config)).status).toBe(403);
    const res = await as('admin').put(E, config);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ version: 1, updatedBy: 'admin@example.com' });
    expect(res.body.rules.find((r: { id: string }) => r.id === 'lost-isolation')).toMatchObject({ severity: 'critical', enabled: true });
    expect(res.body.rules.find((r: { id: string }) => r.id === 'namespace-without-policy')).toMatchObject({ enabled: false });
    const got = await as('auditor').get(E);
    expect(got.body.config.rules['lost-isolation'].ignore).toEqual(config.rules['lost-isolation'].ignore);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'alert_rules.update', target_type: 'alert_rules', target: ids.east, actor_email: 'admin@example.com' });
  });

  it('PUT refuses an unknown rule and unreadable selectors with 400 naming each, and stores nothing', async () => {
    const before = (await auditRows(t)).length;
    const unknown = await as('admin').put(E, { rules: { 'no-such-rule': {} } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ path: 'rules/no-such-rule', message: expect.stringMatching(/^Unknown alert rule "no-such-rule"; the rules are exposed-to-internet, /) });
    const selectors = await as('admin').put(E, {
      scopes: [{ name: 'pci', selector: 'pci in ()' }, { name: 'ok', selector: 'ok' }],
      rules: { 'lost-isolation': { ignore: [{ selector: 'a=b=c' }] } },
    });
    expect(selectors.status).toBe(400);
    expect(issuePaths(selectors)).toEqual(['scopes/0/selector', 'rules/lost-isolation/ignore/0/selector']);
    expect(selectors.body.error.details.issues[0].message).toMatch(/^Not a label selector: .*pci in \(\)/);
    const severity = await as('admin').put(E, { rules: { 'lost-isolation': { severity: 'urgent' } } });
    expect(issuePaths(severity)).toEqual(['rules/lost-isolation/severity']);
    expect((await as('admin').get(E)).body.version).toBe(1);
    expect((await auditRows(t)).length).toBe(before);
  });
});

describe('webhooks', () => {
  const W = '/api/v1/webhooks';
  const SECRET = 'whsec-0123456789abcdef-do-not-echo';
  let pagerId = 0;

  it('are admin only', async () => {
    expect((await request(t.api.url).get(W)).status).toBe(401);
    for (const who of ['analyst', 'auditor'] as const) {
      expect((await as(who).get(W)).status).toBe(403);
      expect((await as(who).post(W, { name: 'x', url: 'https://example.com' })).status).toBe(403);
    }
  });

  it('refuses a URL that is not http(s) with a host, an unknown cluster, an unknown rule, a short secret', async () => {
    for (const url of ['ftp://example.com/x', 'not a url', 'http://', 'javascript:alert(1)', 'file:///etc/passwd']) {
      const res = await as('admin').post(W, { name: 'bad', url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.details.issues[0]).toMatchObject({ path: 'url', message: expect.stringContaining('http:// or https:// URL with a host') });
    }
    const cluster = await as('admin').post(W, { name: 'bad', url: 'https://example.com', clusters: ['east', 'nope'] });
    expect(cluster.status).toBe(400);
    expect(cluster.body.error.details.issues).toEqual([{ path: 'clusters/1', code: 'unknown_cluster', message: 'No cluster named "nope".' }]);
    expect(issuePaths(await as('admin').post(W, { name: 'bad', url: 'https://example.com', rules: ['made-up'] }))).toEqual(['rules/0']);
    expect(issuePaths(await as('admin').post(W, { name: 'bad', url: 'https://example.com', secret: 'short' }))).toEqual(['secret']);
    expect((await as('admin').get(W)).body.items).toEqual([]);
  });

  it('creates a webhook that never shows its secret (hasSecret), refuses a taken name, audits without the secret', async () => {
    const res = await as('admin').post(W, {
      name: 'pager', url: 'https://hooks.example.com/T0/B0/pathsecret', format: 'slack', secret: SECRET, minSeverity: 'high',
      clusters: ['west', 'east'], rules: ['exposed-to-internet'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pagerId = res.body.id;
    expect(res.body).toMatchObject({ name: 'pager', format: 'slack', hasSecret: true, minSeverity: 'high', clusters: ['east', 'west'], deletedClusters: 0, rules: ['exposed-to-internet'], enabled: true });
    expect(res.body).not.toHaveProperty('secret');
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect((await as('admin').post(W, { name: 'pager', url: 'https://example.com' })).status).toBe(409);
    const audit = (await auditRows(t)).filter((r) => r.target_type === 'webhook');
    expect(audit).toEqual([expect.objectContaining({ action: 'webhook.create', target: pagerId, actor_email: 'admin@example.com' })]);
    expect(JSON.stringify(audit)).not.toMatch(new RegExp(`${SECRET}|pathsecret`));
  });

  it('lists newest first with a cursor; GET one; 404 for an unknown id', async () => {
    for (const name of ['b', 'c']) expect((await as('admin').post(W, { name, url: `http://receiver.internal:8080/${name}` })).status).toBe(201);
    const first = await as('admin').get(`${W}?limit=2`);
    expect(first.body.items.map((w: { name: string }) => w.name)).toEqual(['c', 'b']);
    const rest = await as('admin').get(`${W}?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((w: { name: string }) => w.name)).toEqual(['pager']);
    expect(rest.body.nextCursor).toBeNull();
    expect(JSON.stringify([first.body, rest.body])).not.toContain(SECRET);
    expect((await as('admin').get(`${W}/${pagerId}`)).body.name).toBe('pager');
    expect((await as('admin').get(`${W}/999999`)).status).toBe(404);
    expect((await as('admin').get(`${W}?cursor=garbage`)).status).toBe(400);
  });

  it('PATCH disables and enables (audited)', async () => {
    const off = await as('admin').patch(`${W}/${pagerId}`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    expect((await as('admin').patch(`${W}/${pagerId}`, { enabled: 'no' })).status).toBe(400);
    expect((await as('admin').patch(`${W}/${pagerId}`, { enabled: true, url: 'https://other' })).status).toBe(400);
    expect((await as('admin').patch(`${W}/999999`, { enabled: true })).status).toBe(404);
    expect((await as('admin').patch(`${W}/${pagerId}`, { enabled: true })).body.enabled).toBe(true);
    expect((await auditRows(t)).filter((r) => r.target === pagerId && r.target_type === 'webhook').map((r) => r.action)).toEqual(['webhook.create', 'webhook.disable', 'webhook.enable']);
  });

  it('a test queues a delivery the dispatcher takes; deliveries page newest first', async () => {
    const t1 = await as('admin').post(`${W}/${pagerId}/test`);
    expect(t1.status, JSON.stringify(t1.body)).toBe(202);
    expect(t1.body.delivery).toMatchObject({ webhookId: pagerId, event: 'test', state: 'pending', attempts: 0, payload: { event: 'test', alert: null } });
    const t2 = await as('admin').post(`${W}/${pagerId}/test`);
    expect((await as('analyst').post(`${W}/${pagerId}/test`)).status).toBe(403);
    expect((await as('admin').post(`${W}/999999/test`)).status).toBe(404);

    const page1 = await as('admin').get(`${W}/${pagerId}/deliveries?limit=1`);
    expect(page1.body.items.map((d: { id: number }) => d.id)).toEqual([t2.body.delivery.id]);
    const page2 = await as('admin').get(`${W}/${pagerId}/deliveries?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((d: { id: number }) => d.id)).toEqual([t1.body.delivery.id]);
    expect(page2.body.nextCursor).toBeNull();
    expect((await as('admin').get(`${W}/999999/deliveries`)).status).toBe(404);

    // The dispatcher's side of the outbox gets both, with the secret to sign them.
    const due = await new WebhookDeliveryRepository(t.db.pool).takeDue(10);
    expect(due.map((d) => [d.id, d.url, d.secret])).toEqual([
      [t1.body.delivery.id, 'https://hooks.example.com/T0/B0/pathsecret', SECRET],
      [t2.body.delivery.id, 'https://hooks.example.com/T0/B0/pathsecret', SECRET],
    ]);
    expect((await auditRows(t)).filter((r) => r.action === 'webhook.test').map((r) => r.details.deliveryId)).toEqual([t1.body.delivery.id, t2.body.delivery.id]);
  });

  it('DELETE removes it (204, audited); again: 404', async () => {
    expect((await as('analyst').delete(`${W}/${pagerId}`)).status).toBe(403);
    expect((await as('admin').delete(`${W}/${pagerId}`)).status).toBe(204);
    expect((await as('admin').delete(`${W}/${pagerId}`)).status).toBe(404);
    expect((await as('admin').get(`${W}/${pagerId}`)).status).toBe(404);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'webhook.delete', target: pagerId, details: { name: 'pager', host: 'hooks.example.com' } });
  });
});

describe('approved flows', () => {
  const F = '/api/v1/approved-flows';
  const base = { destination: { namespace: 'payments', workload: 'db' }, ports: ['TCP/5432'], justification: 'orders are stored', owner: 'payments', approver: 'ciso@example.com', approvedAt: '2026-01-01T00:00:00Z' };
  const created: Record<string, number> = {};

  it('admin creates entries (fleet-wide or per cluster; workload, internet or CIDR sources), audited', async () => {
    expect((await as('auditor').post(F, { ...base, source: { namespace: 'shop' } })).status).toBe(403);
    const fleet = await as('admin').post(F, { ...base, source: { internet: true }, ports: ['TCP/443', 'any'] });
    expect(fleet.status, JSON.stringify(fleet.body)).toBe(201);
    expect(fleet.body).toMatchObject({ cluster: null, source: { internet: true }, ports: ['TCP/443', 'any'], expiresAt: null, createdBy: 'admin@example.com' });
    const east = await as('admin').post(F, { ...base, cluster: 'east', source: { namespace: 'shop', workload: 'web' }, expiresAt: '2027-01-01T00:00:00+01:00' });
    expect(east.body).toMatchObject({ cluster: 'east', source: { namespace: 'shop', workload: 'web' }, expiresAt: '2026-12-31T23:00:00.000Z' });
    const west = await as('admin').post(F, { ...base, cluster: 'west', source: { cidr: '10.20.0.0/16' }, ports: ['TCP/8000-8080', 'UDP/53'] });
    expect(west.body.source).toEqual({ cidr: '10.20.0.0/16' });
    Object.assign(created, { fleet: fleet.body.id, east: east.body.id, west: west.body.id });
    expect((await auditRows(t)).filter((r) => r.action === 'approved_flow.create').map((r) => r.target)).toEqual([created.fleet, created.east, created.west]);
  });

  it('refuses bad ports, CIDRs, peer forms, times and clusters with 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ ...base, source: { namespace: 'shop' }, ports: ['TCP/99999'] }, 'ports/0'],
      [{ ...base, source: { namespace: 'shop' }, ports: [] }, 'ports'],
      [{ ...base, source: { cidr: '10.20.0.1/16' } }, 'source/cidr'],
      [{ ...base, source: { internet: true, namespace: 'shop' } }, 'source'],
      [{ ...base, source: { workload: 'web' } }, 'source'],
      [{ ...base, source: { namespace: 'shop' }, expiresAt: '2025-01-01T00:00:00Z' }, 'expiresAt'],
      [{ ...base, source: { namespace: 'shop' }, approvedAt: 'yesterday' }, 'approvedAt'],
      [{ ...base, source: { namespace: 'shop' }, justification: ' ' }, 'justification'],
      [{ ...base, source: { namespace: 'shop' }, cluster: 'nope' }, 'cluster'],
    ];
    for (const [body, path] of cases) {
      const res = await as('admin').post(F, body);
      expect(res.status, path).toBe(400);
      expect(issuePaths(res), JSON.stringify(res.body)).toContain(path);
    }
    const cidr = await as('admin').post(F, { ...base, source: { cidr: '10.20.0.1/16' } });
    expect(cidr.body.error.details.issues[0].message).toMatch(/host bits set; did you mean 10\.20\.0\.0\/16/);
  });

  it('readers see fleet-wide entries and those of their clusters', async () => {
    const names = async (who: Who, query = '') => (await as(who).get(`${F}${query}`)).body.items.map((f: { id: number }) => f.id);
    expect(await names('admin')).toEqual([created.west, created.east, created.fleet]);
    expect(await names('analyst')).toEqual([created.east, created.fleet]);
    expect(await names('auditor')).toEqual([created.east, created.fleet]);
    expect(await names('west')).toEqual([created.west, created.fleet]);
    expect(await names('admin', '?cluster=west')).toEqual([created.west, created.fleet]);
    expect((await as('analyst').get(`${F}?cluster=west`)).status).toBe(404);
    const p1 = await as('admin').get(`${F}?limit=2`);
    expect((await as('admin').get(`${F}?limit=2&cursor=${p1.body.nextCursor}`)).body.items.map((f: { id: number }) => f.id)).toEqual([created.fleet]);
    expect((await as('analyst').get(`${F}/${created.west}`)).status).toBe(404);
    expect((await as('west').get(`${F}/${created.west}`)).body.cluster).toBe('west');
  });

  it('admin withdraws an approval (204, audited with the whole entry)', async () => {
    expect((await as('auditor').delete(`${F}/${created.east}`)).status).toBe(403);
    expect((await as('admin').delete(`${F}/${created.east}`)).status).toBe(204);
    expect((await as('admin').delete(`${F}/${created.east}`)).status).toBe(404);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'approved_flow.delete', target: created.east, details: { cluster: 'east', source: { namespace: 'shop', workload: 'web' } } });
  });
});

describe('trend', () => {
  const T = '/api/v1/clusters/east/trend';
  const t0 = Date.parse('2026-11-01T00:00:00Z');

  beforeAll(async () => {
    // The worker's sampler writes these; here they are written directly to have a known series.
    for (let i = 0; i < 12; i++) {
      await t.db.pool.query(
        `INSERT INTO posture_sample (cluster_id, sampled_at, seq, pods, ingress_isolated, egress_isolated, namespaces, score) VALUES ($1, $2, $3, 8, $4, $5, 2, $6)`,
        [ids.east, new Date(t0 + i * 3_600_000), i + 1, Math.min(i, 8), Math.floor(i / 2), 40 + i * 1.25],
      );
    }
  });

  it('answers coverage points, downsampled, to any reader of the cluster', async () => {
    const all = await as('analyst').get(`${T}?from=2026-11-01T00:00:00Z&to=2026-11-01T12:00:00Z&points=100`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.points).toHaveLength(12);
    expect(all.body.points[3]).toEqual({ at: '2026-11-01T03:00:00.000Z', ingressCoverage: 37.5, egressCoverage: 12.5, score: 43.8, pods: 8, seq: 4 });
    const three = await as('auditor').get(`${T}?from=2026-11-01T00:00:00Z&to=2026-11-01T12:00:00Z&points=3`);
    expect(three.body.points.map((p: { at: string }) => p.at)).toEqual(['2026-11-01T03:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T11:00:00.000Z']);
    // Default: 30 points over the 30 days up to `to`; the half day of samples falls in the last day.
    const month = await as('analyst').get(`${T}?to=2026-11-01T12:00:00Z`);
    expect(month.body).toMatchObject({ cluster: 'east', from: '2026-10-02T12:00:00.000Z', to: '2026-11-01T12:00:00.000Z' });
    expect(month.body.points.map((p: { at: string }) => p.at)).toEqual(['2026-11-01T11:00:00.000Z']);
  });

  it('refuses bad parameters and hides other clusters', async () => {
    expect(issuePaths(await as('analyst').get(`${T}?points=0`))).toEqual(['points']);
    expect(issuePaths(await as('analyst').get(`${T}?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`))).toEqual(['from']);
    expect(issuePaths(await as('analyst').get(`${T}?from=2999-01-01T00:00:00Z`))).toEqual(['from']);
    expect(issuePaths(await as('analyst').get(`${T}?step=1`))).toEqual(['']);
    expect((await as('west').get(T)).status).toBe(404);
    expect((await request(t.api.url).get(T)).status).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('documents the alerting and compliance routes with their parameters and bodies', async () => {
    const doc = await request(t.api.url).get('/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths;
    for (const p of [
      '/api/v1/clusters/{cluster}/alert-rules', '/api/v1/clusters/{cluster}/trend', '/api/v1/webhooks', '/api/v1/webhooks/{id}',
      '/api/v1/webhooks/{id}/deliveries', '/api/v1/webhooks/{id}/test', '/api/v1/approved-flows', '/api/v1/approved-flows/{id}',
      '/api/v1/reports', '/api/v1/reports/{id}', '/api/v1/reports/{id}/download', '/api/v1/reports/{id}/verify',
      '/api/v1/report-schedules', '/api/v1/report-schedules/{id}',
    ]) expect(Object.keys(paths), p).toContain(p);
    expect(Object.keys(paths['/api/v1/webhooks/{id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/v1/webhooks'].post.requestBody.content['application/json'].schema.properties)).toEqual(
      ['name', 'url', 'format', 'secret', 'minSeverity', 'clusters', 'rules', 'enabled'],
    );
    expect(paths['/api/v1/clusters/{cluster}/trend'].get.parameters.map((x: { name: string }) => x.name).sort()).toEqual(['cluster', 'from', 'points', 'to']);
    expect(paths['/api/v1/reports/{id}/download'].get.parameters.find((x: { name: string }) => x.name === 'format').schema.enum).toEqual(['json', 'csv', 'pdf']);
    expect(Object.keys(paths['/api/v1/report-schedules'].post.requestBody.content['application/json'].schema.properties).sort()).toEqual(
      ['clusters', 'cron', 'framework', 'name', 'periodDays', 'scope'],
    );
    expect(Object.keys(paths['/api/v1/clusters/{cluster}/alert-rules'].put.requestBody.content['application/json'].schema.properties).sort()).toEqual(['rules', 'scopes']);
  });
});
