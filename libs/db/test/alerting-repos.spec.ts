import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApprovedFlowRepository,
  ClusterRepository,
  ComplianceReportRepository,
  connectDb,
  PostureSampleRepository,
  ReportScheduleRepository,
  WebhookDeliveryRepository,
  WebhookRepository,
  type Actor,
  type Db,
  type ReportScheduleInput,
} from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

let tdb: TestDatabase;
let db: Db;
const ids = { east: 0, west: 0 };
const ADMIN: Actor = { userId: null, email: 'admin@example.com', ip: '10.0.0.1' };

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
  const clusters = new ClusterRepository(db.prisma);
  ids.east = (await clusters.register('east')).cluster.id;
  ids.west = (await clusters.register('west')).cluster.id;
});
afterAll(async () => {
  await db?.close();
  await tdb?.drop();
});

async function audit(targetType: string) {
  const { rows } = await db.pool.query(
    `SELECT actor_email, ip, action, target_id::int AS target, details FROM user_audit WHERE target_type = $1 ORDER BY id`,
    [targetType],
  );
  return rows as { actor_email: string; ip: string; action: string; target: number; details: Record<string, unknown> }[];
}

describe('WebhookRepository', () => {
  const repo = () => new WebhookRepository(db.pool);
  const input = (name: string, secret: string | null = null) => ({
    name, url: `https://hooks.example.com/services/T0/B0/${name}-path-secret`, format: 'json' as const, secret, minSeverity: 'medium' as const,
    clusterIds: [ids.west, ids.east], rules: ['lost-isolation', 'exposed-to-internet'], enabled: true,
  });

  it('creates a webhook that shows only whether it has a secret, refuses a taken name, and audits without secret or URL path', async () => {
    const r = await repo().create(input('pager', 's3cret-signing-key'), ADMIN);
    expect(r.ok).toBe(true);
    const w = r.ok ? r.webhook : undefined!;
    expect(w).toMatchObject({
      name: 'pager', format: 'json', hasSecret: true, minSeverity: 'medium', clusterIds: [ids.east, ids.west].sort((a, b) => a - b),
      clusterNames: ['east', 'west'], rules: ['exposed-to-internet', 'lost-isolation'], enabled: true, createdBy: 'admin@example.com',
    });
    expect(JSON.stringify(w)).not.toContain('s3cret');
    expect(await repo().create(input('pager'), ADMIN)).toEqual({ ok: false, reason: 'name-taken' });
    const rows = await audit('webhook');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'webhook.create', target: w.id, actor_email: 'admin@example.com', ip: '10.0.0.1' });
    expect(rows[0].details).toMatchObject({ name: 'pager', host: 'hooks.example.com', hasSecret: true });
    expect(JSON.stringify(rows[0].details)).not.toMatch(/s3cret|path-secret/);
  });

  it('pages newest first, enables and disables (audited), and answers undefined for an unknown id', async () => {
    for (const n of ['a', 'b', 'c']) await repo().create(input(n), ADMIN);
    const first = await repo().list({ limit: 2 });
    expect(first.items.map((w) => w.name)).toEqual(['c', 'b']);
    const rest = await repo().list({ limit: 2, beforeId: first.nextBeforeId! });
    expect(rest.items.map((w) => w.name)).toEqual(['a', 'pager']);
    expect(rest.nextBeforeId).toBeNull();

    const off = await repo().setEnabled(first.items[0].id, false, ADMIN);
    expect(off?.enabled).toBe(false);
    expect((await repo().get(first.items[0].id))?.enabled).toBe(false);
    expect(await repo().setEnabled(999_999, true, ADMIN)).toBeUndefined();
    expect((await audit('webhook')).slice(-1)[0]).toMatchObject({ action: 'webhook.disable', target: first.items[0].id });
  });

  it('queues a test delivery the dispatcher takes (with the secret to sign), and lists deliveries newest first', async () => {
    const w = (await repo().list({ limit: 100 })).items.find((x) => x.name === 'pager')!;
    const d1 = await repo().enqueueTest(w.id, ADMIN);
    const d2 = await repo().enqueueTest(w.id, ADMIN);
    expect(d1).toMatchObject({ webhookId: w.id, event: 'test', state: 'pending', attempts: 0, alertId: null, payload: { event: 'test', sentBy: 'reachwatch', alert: null } });
    expect(await repo().enqueueTest(999_999, ADMIN)).toBeUndefined();

    const page1 = await repo().deliveries(w.id, { limit: 1 });
    expect(page1.items.map((d) => d.id)).toEqual([d2!.id]);
    const page2 = await repo().deliveries(w.id, { limit: 1, beforeId: page1.nextBeforeId! });
    expect(page2.items.map((d) => d.id)).toEqual([d1!.id]);
    expect(page2.nextBeforeId).toBeNull();

    const due = await new WebhookDeliveryRepository(db.pool).takeDue(10);
    expect(due.map((d) => [d.id, d.event, d.secret])).toEqual([[d1!.id, 'test', 's3cret-signing-key'], [d2!.id, 'test', 's3cret-signing-key']]);
    const tests = (await audit('webhook')).filter((a) => a.action === 'webhook.test');
    expect(tests.map((a) => a.details.deliveryId)).toEqual([d1!.id, d2!.id]);
  });

  it('deletes a webhook with its deliveries (audited); a second delete finds nothing', async () => {
    const w = (await repo().list({ limit: 100 })).items.find((x) => x.name === 'pager')!;
    expect(await repo().delete(w.id, ADMIN)).toBe(true);
    expect(await repo().delete(w.id, ADMIN)).toBe(false);
    expect(await repo().get(w.id)).toBeUndefined();
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1', [w.id]);
    expect(rows[0].n).toBe(0);
    expect((await audit('webhook')).filter((a) => a.action === 'webhook.delete')).toEqual([
      expect.objectContaining({ target: w.id, details: { name: 'pager', host: 'hooks.example.com' } }),
    ]);
  });
});

describe('ApprovedFlowRepository', () => {
  const repo = () => new ApprovedFlowRepository(db.pool);
  const flow = (clusterId: number | null, justification: string) => ({
    clusterId, source: { namespace: 'front', workload: 'web' }, destination: { namespace: 'pci', workload: 'db' }, ports: ['TCP/5432', 'TCP/8000-8080'],
    justification, owner: 'payments-team', approver: 'ciso@example.com', approvedAt: new Date('2026-01-01T00:00:00Z'), expiresAt: null,
  });

  it('creates entries (audited with the whole entry) and lists what each caller may see', async () => {
    const fleet = await repo().create({ ...flow(null, 'fleet'), source: { internet: true } }, ADMIN);
    const east = await repo().create(flow(ids.east, 'east'), ADMIN);
    const west = await repo().create({ ...flow(ids.west, 'west'), source: { cidr: '10.20.0.0/16' }, expiresAt: new Date('2027-01-01T00:00:00Z') }, ADMIN);
    expect(fleet).toMatchObject({ cluster: null, clusterId: null, source: { internet: true }, ports: ['TCP/5432', 'TCP/8000-8080'], createdBy: 'admin@example.com' });
    expect(west).toMatchObject({ cluster: 'west', source: { cidr: '10.20.0.0/16' }, expiresAt: new Date('2027-01-01T00:00:00Z') });

    expect((await repo().list({ visible: 'all', limit: 10 })).items.map((f) => f.justification)).toEqual(['west', 'east', 'fleet']);
    expect((await repo().list({ visible: [ids.east], limit: 10 })).items.map((f) => f.justification)).toEqual(['east', 'fleet']);
    expect((await repo().list({ visible: [], limit: 10 })).items.map((f) => f.justification)).toEqual(['fleet']);
    expect((await repo().list({ visible: 'all', clusterId: ids.west, limit: 10 })).items.map((f) => f.justification)).toEqual(['west', 'fleet']);
    const p1 = await repo().list({ visible: 'all', limit: 2 });
    expect((await repo().list({ visible: 'all', limit: 2, beforeId: p1.nextBeforeId! })).items.map((f) => f.id)).toEqual([fleet.id]);
    expect((await repo().forClusters([ids.east])).map((f) => f.id)).toEqual([fleet.id, east.id]);

    const rows = await audit('approved_flow');
    expect(rows.map((r) => [r.action, r.target])).toEqual([['approved_flow.create', fleet.id], ['approved_flow.create', east.id], ['approved_flow.create', west.id]]);
    expect(rows[1].details).toMatchObject({ cluster: 'east', ports: ['TCP/5432', 'TCP/8000-8080'], approver: 'ciso@example.com', approvedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('deletes an entry, keeping it readable in the audit log', async () => {
    const f = (await repo().list({ visible: 'all', limit: 1 })).items[0];
    expect(await repo().delete(f.id, ADMIN)).toBe(true);
    expect(await repo().delete(f.id, ADMIN)).toBe(false);
    expect(await repo().get(f.id)).toBeUndefined();
    const last = (await audit('approved_flow')).slice(-1)[0];
    expect(last).toMatchObject({ action: 'approved_flow.delete', target: f.id, details: { justification: f.justification, source: f.source } });
  });
});

describe('ComplianceReportRepository', () => {
  const repo = () => new ComplianceReportRepository(db.pool);
  const report = (clusterIds: number[], hash: string) => ({
    framework: 'pci-dss-4.0.1', scope: 'pci=cde', clusterIds, periodFrom: new Date('2026-10-01T00:00:00Z'), periodTo: new Date('2026-11-01T00:00:00Z'),
    snapshotAt: new Date('2026-11-01T00:00:00Z'), stateHash: hash, summary: { fail: 1 }, document: { metadata: { stateHash: hash }, big: 'x'.repeat(1000) },
    scheduleId: null,
  });

  it('stores reports (audited), lists them without documents to those who see every cluster they cover', async () => {
    const a = await repo().store(report([ids.east], 'h-east'), ADMIN);
    const b = await repo().store(report([ids.west, ids.east], 'h-both'), { userId: null, email: null, ip: null });
    expect(a).toMatchObject({ framework: 'pci-dss-4.0.1', clusterIds: [ids.east], stateHash: 'h-east', summary: { fail: 1 }, createdBy: 'admin@example.com' });
    expect(a).not.toHaveProperty('document');
    expect((await repo().list({ visible: 'all', limit: 10 })).items.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await repo().list({ visible: [ids.east], limit: 10 })).items.map((r) => r.id)).toEqual([a.id]);
    expect((await repo().list({ visible: [], limit: 10 })).items).toEqual([]);
    const page = await repo().list({ visible: 'all', limit: 1 });
    expect(page.nextBeforeId).toBe(b.id);
    expect((await repo().get(a.id))?.document).toEqual(report([ids.east], 'h-east').document);
    expect(await repo().getMeta(999_999)).toBeUndefined();
    expect((await audit('report')).map((r) => [r.action, r.target, r.actor_email])).toEqual([['report.generate', a.id, 'admin@example.com'], ['report.generate', b.id, null]]);
    await expect(repo().store(report([], 'h-none'), ADMIN)).rejects.toThrow(/at least one cluster/);
  });
});

describe('ReportScheduleRepository', () => {
  const repo = () => new ReportScheduleRepository(db.pool);
  const schedule = (name: string, nextRunAt: Date, clusterIds: number[] = []): ReportScheduleInput => ({
    name, framework: 'hipaa', scope: 'phi=yes', clusterIds, cron: '0 6 * * 1', periodDays: 7, nextRunAt,
  });
  const hourLater = (_s: unknown, now: Date) => new Date(now.getTime() + 3_600_000);

  it('creates (audited), refuses a taken name, and lists fleet schedules only to those who see every cluster', async () => {
    const fleet = await repo().create(schedule('weekly-fleet', new Date('2030-01-01T00:00:00Z')), ADMIN);
    const east = await repo().create(schedule('weekly-east', new Date('2030-01-01T00:00:00Z'), [ids.east]), ADMIN);
    expect(fleet.ok && east.ok).toBe(true);
    expect(await repo().create(schedule('weekly-east', new Date()), ADMIN)).toEqual({ ok: false, reason: 'name-taken' });
    expect((await repo().list({ visible: 'all', limit: 10 })).items.map((s) => s.name)).toEqual(['weekly-east', 'weekly-fleet']);
    expect((await repo().list({ visible: [ids.east, ids.west], limit: 10 })).items.map((s) => s.name)).toEqual(['weekly-east']);
    expect((await repo().list({ visible: [ids.west], limit: 10 })).items).toEqual([]);
    expect((await audit('report_schedule')).map((r) => r.details.name)).toEqual(['weekly-fleet', 'weekly-east']);
  });

  it('claims a due schedule exactly once across concurrent claimers and advances it', async () => {
    const now = new Date('2031-06-01T12:00:00Z');
    const due = await repo().create(schedule('due-now', new Date('2031-06-01T11:00:00Z')), ADMIN);
    const dueId = due.ok ? due.schedule.id : 0;
    // Four claimers on their own connections, at once: what one instance of the API would do each tick.
    const pools = [0, 1, 2, 3].map(() => connectDb(tdb.url, { max: 1 }));
    try {
      const results = await Promise.all(pools.map((p) => new ReportScheduleRepository(p.pool).claimDue(now, hourLater)));
      const claimed = results.flat().filter((s) => s.id === dueId);
      expect(claimed).toHaveLength(1);
      expect(claimed[0].nextRunAt).toEqual(new Date('2031-06-01T11:00:00Z'));
    } finally {
      await Promise.all(pools.map((p) => p.close()));
    }
    const after = await repo().get(dueId);
    expect(after).toMatchObject({ enabled: true, lastRunAt: now, nextRunAt: new Date('2031-06-01T13:00:00Z') });
    expect((await repo().claimDue(now, hourLater)).map((s) => s.id)).not.toContain(dueId);
    expect((await repo().claimDue(new Date('2031-06-01T13:00:00Z'), hourLater)).map((s) => s.id)).toContain(dueId);
  });

  it('disables a schedule whose cron has no further run; deleting keeps its reports', async () => {
    const once = await repo().create(schedule('once', new Date('2032-01-01T00:00:00Z')), ADMIN);
    const id = once.ok ? once.schedule.id : 0;
    const claimed = await repo().claimDue(new Date('2032-01-01T00:00:01Z'), () => null);
    expect(claimed.map((s) => s.id)).toContain(id);
    expect(await repo().get(id)).toMatchObject({ enabled: false, lastRunAt: new Date('2032-01-01T00:00:01Z') });
    expect((await repo().claimDue(new Date('2033-01-01T00:00:00Z'), hourLater)).map((s) => s.id)).not.toContain(id);

    const r = await new ComplianceReportRepository(db.pool).store({
      framework: 'hipaa', scope: '', clusterIds: [ids.east], periodFrom: new Date(0), periodTo: new Date(1), snapshotAt: new Date(1), stateHash: 'h',
      summary: {}, document: {}, scheduleId: id,
    }, ADMIN);
    expect(await repo().delete(id, ADMIN)).toBe(true);
    expect(await repo().delete(id, ADMIN)).toBe(false);
    expect((await new ComplianceReportRepository(db.pool).getMeta(r.id))?.scheduleId).toBeNull();
    expect((await audit('report_schedule')).slice(-1)[0]).toMatchObject({ action: 'report_schedule.delete', target: id, details: { name: 'once' } });
  });
});

describe('PostureSampleRepository', () => {
  it('downsamples to at most N points, each the last real sample of its interval, oldest first', async () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    // One sample every 10 minutes for 10 hours: 61 samples, pods growing so each sample is recognisable.
    for (let i = 0; i <= 60; i++) {
      await db.pool.query(
        `INSERT INTO posture_sample (cluster_id, sampled_at, seq, pods, ingress_isolated, egress_isolated, namespaces, score) VALUES ($1, $2, $3, $4, $5, $6, 3, $7)`,
        [ids.east, new Date(t0 + i * 600_000), i, 100 + i, i, 0, 50 + i / 2],
      );
    }
    const repo = new PostureSampleRepository(db.pool);
    const all = await repo.trend(ids.east, { from: new Date(t0), to: new Date(t0 + 10 * 3_600_000), points: 1000 });
    expect(all).toHaveLength(61);
    const five = await repo.trend(ids.east, { from: new Date(t0), to: new Date(t0 + 10 * 3_600_000), points: 5 });
    // Intervals of 2 h: samples 0–11, 12–23, 24–35, 36–47, 48–60 (the end belongs to the last interval).
    expect(five.map((p) => p.seq)).toEqual([11, 23, 35, 47, 60]);
    expect(five[0]).toEqual({ at: new Date(t0 + 11 * 600_000), seq: 11, pods: 111, ingressIsolated: 11, egressIsolated: 0, namespaces: 3, score: 55.5 });
    const window = await repo.trend(ids.east, { from: new Date(t0 + 3_600_000), to: new Date(t0 + 2 * 3_600_000), points: 2 });
    expect(window.map((p) => p.seq)).toEqual([8, 12]);
    expect(await repo.trend(ids.west, { from: new Date(t0), to: new Date(t0 + 3_600_000), points: 10 })).toEqual([]);
  });
});
