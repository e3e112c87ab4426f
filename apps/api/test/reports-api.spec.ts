import type { IngestEvent, IngestObject } from '@reachwatch/contracts';
import { CSV_COLUMNS } from '@reachwatch/compliance';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtUp } from '../../worker/test/helpers';
import { createApi, type RunningApi } from '../src/api';
import { auditRows, bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';
import { parseCsv } from './csv';
import { MemoryLogger } from './helpers';

let t: AccountsApi;
let worker: WorkerHandle;
const clusters = { east: { id: 0, token: '' }, west: { id: 0, token: '' } };
type Who = 'admin' | 'auditor' | 'analyst' | 'westAuditor';
const tokens = {} as Record<Who, string>;
let rv = 100;

const ns = (name: string, labels: Record<string, string> = {}): IngestObject => ({
  apiVersion: 'v1', kind: 'Namespace', metadata: { name, uid: `ns-${name}`, resourceVersion: String(++rv), labels: { 'kubernetes.io/metadata.name': name, ...labels } },
});
const pod = (namespace: string, name: string, app: string, port: number, ip: string): IngestObject => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace, uid: `pod-${namespace}-${name}`, resourceVersion: String(++rv), labels: { app } },
  spec: { containers: [{ name: 'app', ports: [{ containerPort: port, protocol: 'TCP' }] }] },
  status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
});
const policy = (namespace: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): IngestObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, uid: `np-${namespace}-${name}`, resourceVersion: String(++rv), annotations }, spec,
});

/** Through the real ingest endpoint, with the cluster's agent token, as an agent sends them. */
async function ingest(cluster: keyof typeof clusters, ...objects: IngestObject[]): Promise<void> {
  const events: IngestEvent[] = objects.map((object) => ({ type: 'ADDED', object, manager: 'kubectl-client-side-apply' }));
  const res = await request(t.api.url).post(`/api/v1/ingest/${cluster}`).set('Authorization', `Bearer ${clusters[cluster].token}`).send({ agentId: 'agent-1', events });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const settle = (cluster: keyof typeof clusters) => caughtUp(t.db.pool, clusters[cluster].id);

beforeAll(async () => {
  t = await startAccountsApi({ reportScheduler: { enabled: false } });
  for (const name of ['east', 'west'] as const) {
    const r = await t.clusters.register(name);
    clusters[name] = { id: r.cluster.id, token: r.token };
  }
  // The worker's first look at a cluster is a baseline (no audit): one object first, then the rest as changes.
  await ingest('east', ns('shop'));
  await ingest('west', ns('lab'));
  worker = await startWorker({ databaseUrl: t.databaseUrl, pollMs: 50, log: () => undefined });
  await settle('east');
  await settle('west');
  await ingest('east', ns('payments', { pci: 'cde' }), pod('payments', 'db', 'db', 5432, '10.244.1.10'), pod('shop', 'web', 'web', 8080, '10.244.2.10'), pod('shop', 'other', 'other', 8080, '10.244.2.11'));
  await ingest('east',
    policy('payments', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('payments', 'allow-web', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }],
    }, { 'example.com/changed-by': 'alice@example.com', 'kubernetes.io/change-cause': 'CHG-1234 checkout needs the orders db' }));
  await ingest('west', pod('lab', 'bench', 'bench', 9000, '10.245.0.5'));
  await settle('east');
  await settle('west');
  const users: [Who, 'admin' | 'analyst' | 'auditor', string[]][] = [['admin', 'admin', []], ['auditor', 'auditor', ['east']], ['analyst', 'analyst', ['east']], ['westAuditor', 'auditor', ['west']]];
  for (const [who, role, grants] of users) {
    await seedUser(t, `${who.toLowerCase()}@example.com`, role, grants);
    tokens[who] = (await login(t, `${who.toLowerCase()}@example.com`)).token;
  }
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

const as = (who: Who) => ({
  get: (path: string) => request(t.api.url).get(path).set(bearer(tokens[who])),
  post: (path: string, body?: object) => request(t.api.url).post(path).set(bearer(tokens[who])).send(body),
  delete: (path: string) => request(t.api.url).delete(path).set(bearer(tokens[who])),
});
const issuePaths = (res: request.Response) => (res.body.error.details.issues as { path: string }[]).map((i) => i.path);
const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

const report = { east: 0, fleet: 0, stateHash: '' };
let flowId = 0;

describe('generating reports', () => {
  it('needs a login and the admin or auditor role', async () => {
    expect((await request(t.api.url).post('/api/v1/reports').send({ framework: 'pci' })).status).toBe(401);
    expect((await as('analyst').post('/api/v1/reports', { framework: 'pci' })).status).toBe(403);
  });

  it('refuses an unknown framework, an unreadable scope, a bad period, a cluster outside the grants', async () => {
    const fw = await as('auditor').post('/api/v1/reports', { framework: 'sox' });
    expect(fw.status).toBe(400);
    expect(fw.body.error.details.issues[0]).toMatchObject({ path: 'framework', message: expect.stringContaining('unknown framework "sox"') });
    const scope = await as('auditor').post('/api/v1/reports', { framework: 'pci', scope: 'pci in ()' });
    expect(issuePaths(scope)).toEqual(['scope']);
    expect(scope.body.error.details.issues[0].message).toMatch(/^Not a label selector/);
    expect(issuePaths(await as('auditor').post('/api/v1/reports', { framework: 'pci', periodDays: 0 }))).toEqual(['periodDays']);
    const west = await as('auditor').post('/api/v1/reports', { framework: 'pci', clusters: ['west'] });
    expect(west.body.error.details.issues).toEqual([{ path: 'clusters/0', code: 'unknown_cluster', message: 'No cluster named "west".' }]);
    expect(issuePaths(await as('auditor').post('/api/v1/reports', { framework: 'pci', format: 'pdf' }))).toEqual(['']);
    expect((await as('admin').get('/api/v1/reports')).body.items).toEqual([]);
  });

  it('an auditor\'s fleet report covers only the granted cluster; stored with snapshot, state hash, position; audited', async () => {
    const flow = await as('admin').post('/api/v1/approved-flows', {
      cluster: 'east', source: { namespace: 'shop', workload: 'web' }, destination: { namespace: 'payments', workload: 'db' }, ports: ['TCP/5432'],
      justification: 'checkout stores orders', owner: 'payments-team', approver: 'ciso@example.com', approvedAt: '2026-01-01T00:00:00Z',
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    flowId = flow.body.id;

    const res = await as('auditor').post('/api/v1/reports', { framework: 'pci', scope: 'pci=cde', periodDays: 7 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const head = (await t.clusters.get(clusters.east.id))!.nextSeq - 1;
    expect(res.body).toMatchObject({
      framework: 'pci-dss-4.0.1', scope: 'pci=cde', clusters: ['east'], positions: [{ cluster: 'east', clusterId: clusters.east.id, seq: head }],
      scheduleId: null, createdBy: 'auditor@example.com', summary: { total: { clusters: 1, inScopeNamespaces: 1 } },
    });
    expect(res.body.frameworkTitle).toMatch(/PCI DSS/);
    expect(res.body.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(res.body.period.to) - Date.parse(res.body.period.from)).toBe(7 * 86_400_000);
    report.east = res.body.id;
    report.stateHash = res.body.stateHash;
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'report.generate', target_type: 'report', target: report.east, actor_email: 'auditor@example.com' });

    const fleet = await as('admin').post('/api/v1/reports', { framework: 'hipaa' });
    expect(fleet.status).toBe(201);
    expect(fleet.body.clusters).toEqual(['east', 'west']);
    report.fleet = fleet.body.id;
  });

  it('lists and shows reports to those who see every cluster they cover, newest first with a cursor', async () => {
    const ids = async (who: Who, q = '') => (await as(who).get(`/api/v1/reports${q}`)).body.items.map((r: { id: number }) => r.id);
    expect(await ids('admin')).toEqual([report.fleet, report.east]);
    expect(await ids('auditor')).toEqual([report.east]);
    expect(await ids('analyst')).toEqual([report.east]);
    expect(await ids('westAuditor')).toEqual([]);
    const p1 = await as('admin').get('/api/v1/reports?limit=1');
    expect(await ids('admin', `?limit=1&cursor=${p1.body.nextCursor}`)).toEqual([report.east]);
    expect((await as('auditor').get(`/api/v1/reports/${report.fleet}`)).status).toBe(404);
    expect((await as('analyst').get(`/api/v1/reports/${report.east}`)).body.stateHash).toBe(report.stateHash);
    expect((await as('admin').get('/api/v1/reports/999999')).status).toBe(404);
  });
});

describe('downloading', () => {
  const D = () => `/api/v1/reports/${report.east}/download`;

  it('JSON: the record, with its state hash, the change log from the policy audit (author annotation and manager), the approved flow', async () => {
    const res = await as('analyst').get(`${D()}?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="reachwatch-pci-dss-4\\.0\\.1-report-${report.east}-\\d{8}T\\d{4}Z\\.json"$`));
    const doc = JSON.parse(res.text);
    expect(doc.metadata).toMatchObject({ framework: 'pci-dss-4.0.1', stateHash: report.stateHash, clusterHashes: [{ cluster: 'east', cni: 'generic' }] });
    expect(doc.changes.map((c: { kind: string; namespace: string; name: string; action: string; who: string }) => [c.kind, c.namespace, c.name, c.action, c.who]).sort()).toEqual([
      ['NetworkPolicy', 'payments', 'allow-web', 'create', 'alice@example.com (via kubectl-client-side-apply)'],
      ['NetworkPolicy', 'payments', 'default-deny', 'create', 'kubectl-client-side-apply'],
    ]);
    const node = (ns: string, name: string) => doc.dataFlow.nodes.find((n: { namespace?: string; name: string }) => n.namespace === ns && n.name === name);
    const edge = doc.dataFlow.edges.find((e: { from: string; to: string }) => e.from === node('shop', 'web').id && e.to === node('payments', 'db').id);
    expect(edge).toMatchObject({ status: 'approved', approvals: [String(flowId)] });
    expect(doc.dataFlow.edges.some((e: { from: string; to: string }) => e.from === node('shop', 'other')?.id && e.to === node('payments', 'db').id)).toBe(false);
  });

  it('CSV parses: the published columns, one row per check and object, every row complete', async () => {
    const res = await as('auditor').get(`${D()}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/filename=".*\.csv"$/);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(['pci-dss-4.0.1']));
    expect(rows.some((r) => r[1] === '11.4.5')).toBe(true);
  });

  it('PDF (the default format): a PDF document', async () => {
    const res = await binary(as('auditor').get(D()));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/filename=".*\.pdf"$/);
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Number(res.headers['content-length'])).toBe(body.length);
  });

  it('refuses an unknown format and hides reports over clusters outside the grants', async () => {
    expect(issuePaths(await as('auditor').get(`${D()}?format=docx`))).toEqual(['format']);
    expect((await as('westAuditor').get(`${D()}?format=json`)).status).toBe(404);
    expect((await as('auditor').get(`/api/v1/reports/${report.fleet}/download?format=json`)).status).toBe(404);
  });
});

describe('verifying', () => {
  it('matches at the snapshot; after a change it matches at the snapshot and no longer against the current state', async () => {
    const V = `/api/v1/reports/${report.east}/verify`;
    const ok = await as('analyst').post(V);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ report: report.east, against: 'snapshot', matches: true, stateHash: { expected: report.stateHash, actual: report.stateHash } });
    expect(ok.body.clusters).toEqual([expect.objectContaining({ cluster: 'east', matches: true })]);
    expect((await as('analyst').post(`${V}?against=current`)).body.matches).toBe(true);

    await ingest('east', pod('shop', 'web-2', 'web', 8080, '10.244.2.12'));
    const current = await as('analyst').post(`${V}?against=current`);
    expect(current.body.matches).toBe(false);
    expect(current.body.clusters[0].actual).not.toBe(current.body.clusters[0].expected);
    expect(current.body.clusters[0].seq).toBeGreaterThan(ok.body.clusters[0].seq);
    const snapshot = await as('analyst').post(V);
    expect(snapshot.body).toMatchObject({ matches: true, clusters: [{ seq: ok.body.clusters[0].seq, matches: true }] });

    expect(issuePaths(await as('analyst').post(`${V}?against=yesterday`))).toEqual(['against']);
    expect((await as('westAuditor').post(V)).status).toBe(404);
  });
});

describe('report schedules', () => {
  const S = '/api/v1/report-schedules';
  const schedules = { east: 0, fleet: 0, report: 0 };

  it('refuses a bad cron, one more often than hourly, one without a future run; analysts may not schedule', async () => {
    const bad = await as('auditor').post(S, { name: 'x', framework: 'pci', cron: 'every monday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]).toMatchObject({ path: 'cron', message: expect.stringMatching(/^Not a cron expression/) });
    expect(issuePaths(await as('auditor').post(S, { name: 'x', framework: 'pci', cron: '61 * * * *' }))).toEqual(['cron']);
    const often = await as('auditor').post(S, { name: 'x', framework: 'pci', cron: '*/5 * * * *' });
    expect(often.body.error.details.issues[0].message).toMatch(/at most once an hour/);
    expect(issuePaths(await as('auditor').post(S, { name: 'x', framework: 'pci', cron: '0 0 30 2 *' }))).toEqual(['cron']);
    expect(issuePaths(await as('auditor').post(S, { name: 'x', framework: 'pci', cron: '* * * * * *' }))).toEqual(['cron']);
    expect((await as('analyst').post(S, { name: 'x', framework: 'pci', cron: '0 6 * * 1' })).status).toBe(403);
  });

  it('an auditor\'s schedule without clusters covers the granted ones, fixed; an admin\'s covers the fleet; names are unique', async () => {
    const east = await as('auditor').post(S, { name: 'weekly-pci', framework: 'pci', scope: 'pci=cde', cron: '0 6 * * 1', periodDays: 7 });
    expect(east.status, JSON.stringify(east.body)).toBe(201);
    expect(east.body).toMatchObject({ framework: 'pci-dss-4.0.1', fleet: false, clusters: ['east'], timezone: 'UTC', enabled: true, lastRunAt: null, createdBy: 'auditor@example.com' });
    const next = new Date(east.body.nextRunAt);
    expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 6, 0]);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const fleet = await as('admin').post(S, { name: 'daily-cis', framework: 'cis', cron: '@daily' });
    expect(fleet.body).toMatchObject({ fleet: true, clusters: [] });
    expect((await as('admin').post(S, { name: 'daily-cis', framework: 'cis', cron: '@daily' })).status).toBe(409);
    Object.assign(schedules, { east: east.body.id, fleet: fleet.body.id });
    expect((await auditRows(t)).filter((r) => r.action === 'report_schedule.create').map((r) => r.target)).toEqual([schedules.east, schedules.fleet]);

    const names = async (who: Who) => (await as(who).get(S)).body.items.map((s: { name: string }) => s.name);
    expect(await names('admin')).toEqual(['daily-cis', 'weekly-pci']);
    expect(await names('auditor')).toEqual(['weekly-pci']);
    expect(await names('analyst')).toEqual(['weekly-pci']);
    expect(await names('westAuditor')).toEqual([]);
    expect((await as('auditor').get(`${S}/${schedules.fleet}`)).status).toBe(404);
  });

  it('a due schedule is run exactly once by two API instances looking at the same time, and moves to its next run', async () => {
    const extra: RunningApi[] = [];
    const logs = [new MemoryLogger(), new MemoryLogger()];
    try {
      for (const logger of logs) extra.push(await createApi({ databaseUrl: t.databaseUrl, port: 0, host: '127.0.0.1', logger, reportScheduler: { intervalMs: 50 } }));
      // Make it due now (a Monday 06:00 is days away).
      await t.db.pool.query(`UPDATE report_schedule SET next_run_at = now() - interval '1 minute' WHERE id = $1`, [schedules.east]);
      const reportsOf = async () => (await t.db.pool.query(`SELECT id::int AS id, created_by, cluster_ids::int[] AS clusters FROM compliance_report WHERE schedule_id = $1`, [schedules.east])).rows;
      const deadline = Date.now() + 30_000;
      while ((await reportsOf()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Both instances keep looking for a while: the run must not come twice.
      await new Promise((r) => setTimeout(r, 500));
      const runs = await reportsOf();
      expect(runs).toEqual([{ id: expect.any(Number), created_by: null, clusters: [clusters.east.id] }]);
      const ran = logs.flatMap((l) => l.lines).filter((l) => l.includes('"report-schedule-ran"'));
      expect(ran.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ schedule: schedules.east, report: runs[0].id })]);
      schedules.report = runs[0].id;
      const s = (await as('auditor').get(`${S}/${schedules.east}`)).body;
      expect(Date.parse(s.nextRunAt)).toBeGreaterThan(Date.now());
      expect(s.lastRunAt).not.toBeNull();
      const stored = (await as('auditor').get(`/api/v1/reports/${runs[0].id}`)).body;
      expect(stored).toMatchObject({ scheduleId: schedules.east, framework: 'pci-dss-4.0.1', scope: 'pci=cde', clusters: ['east'] });
    } finally {
      for (const a of extra) await a.close();
    }
  });

  it('deleting: admin and auditor, only schedules they see; the reports stay', async () => {
    expect((await as('auditor').delete(`${S}/${schedules.fleet}`)).status).toBe(404);
    expect((await as('analyst').delete(`${S}/${schedules.east}`)).status).toBe(403);
    expect((await as('auditor').delete(`${S}/${schedules.east}`)).status).toBe(204);
    expect((await as('auditor').delete(`${S}/${schedules.east}`)).status).toBe(404);
    expect((await auditRows(t)).at(-1)).toMatchObject({ action: 'report_schedule.delete', target: schedules.east, actor_email: 'auditor@example.com' });
    const kept = await as('auditor').get(`/api/v1/reports/${schedules.report}`);
    expect(kept.status).toBe(200);
    expect(kept.body.scheduleId).toBeNull();
  });
});
