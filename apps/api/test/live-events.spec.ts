import type { AgentStatus, AlertsEvent, EdgesChanged, PolicyChanged, PostureUpdated } from '@reachwatch/contracts';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';
import { connectLive, type RecordingClient } from './live-client';
import { arrow, Pipeline } from './live-pipeline';

/**
 * Worker results reach subscribed clients as deltas, through the real path: ingest → journal → worker step
 * → NOTIFY reachwatch_updates → the API reads the step's rows → socket.io. Grants are re-checked at
 * delivery; ended credentials are cut.
 */
let t: AccountsApi;
let worker: WorkerHandle | undefined;
let prod: Pipeline;
let analystId: number;
const open: RecordingClient[] = [];

beforeAll(async () => {
  t = await startAccountsApi({ live: { coalesceMs: 20, statusIntervalMs: 200, sweepIntervalMs: 300 } });
  const { cluster } = await t.clusters.register('prod');
  await t.clusters.register('other');
  prod = new Pipeline(t.db, cluster.id);
  analystId = (await seedUser(t, 'analyst@example.com', 'analyst', ['prod'])).id;
  await seedUser(t, 'admin@example.com', 'admin');
  await seedUser(t, 'other@example.com', 'auditor', ['other']);
  worker = await startWorker({ databaseUrl: t.databaseUrl, workerId: 'w-live', pollMs: 200, leaseSeconds: 5, log: () => undefined });
  // The worker's first computation of a cluster is a baseline without per-event deltas; take it before
  // anyone subscribes, so that every step the tests watch is an ordinary one.
  await prod.apply(prod.namespace('shop'), prod.namespace('db'), prod.pod('shop', 'web', 'web'));
  await prod.caughtUp();
});
afterAll(async () => {
  for (const c of open) c.close();
  await worker?.stop();
  await t?.close();
});

async function client(email: string): Promise<RecordingClient> {
  const c = await connectLive(t.api.url, { token: (await login(t, email)).token });
  open.push(c);
  return c;
}

describe('worker results as events', () => {
  let analyst: RecordingClient;
  let outsider: RecordingClient;
  let start: number;

  it('subscribing returns the position events start after', async () => {
    analyst = await client('analyst@example.com');
    outsider = await client('other@example.com');
    const ack = await analyst.subscribe({ cluster: 'prod' });
    expect(ack.ok).toBe(true);
    start = ack.ok ? ack.seq : -1;
    expect(start).toBe(await prod.caughtUp());
    expect((await outsider.subscribe({ cluster: 'other' })).ok).toBe(true);
  });

  it('a new pod: edges.changed carries exactly the step delta, posture.updated the changed namespace, alert.raised the exposure', async () => {
    await prod.apply(prod.pod('db', 'pg', 'pg'));
    const head = await prod.caughtUp();
    const edges = await analyst.waitFor<EdgesChanged>('edges.changed', (e) => e.toSeq === head);
    expect(edges).toMatchObject({ cluster: 'prod', fromSeq: start, toSeq: head, truncated: false });
    expect(edges.changes).toEqual(await prod.storedChanges(start, head));
    const added = edges.changes.flatMap((c) => c.added.map(arrow));
    expect(added).toContain('shop/web -> db/pg');
    expect(added).toContain('db/pg -> shop/web');
    expect(edges.changes.flatMap((c) => c.removed)).toEqual([]);
    expect(edges.addedCount).toBe(edges.changes.reduce((n, c) => n + c.added.length, 0));

    const posture = await analyst.waitFor<PostureUpdated>('posture.updated', (e) => e.toSeq === head);
    expect(posture.removed).toEqual([]);
    expect(posture.namespaces.map((n) => n.namespace)).toContain('db');
    expect(posture.namespaces.find((n) => n.namespace === 'db')).toMatchObject({ pods: 1, policies: 0, defaultDenyIngress: false, exposedToInternet: true, seq: head });

    const raised = await analyst.waitFor<AlertsEvent>('alert.raised', (e) => e.toSeq === head);
    expect(raised.alerts.map((a) => [a.rule, a.subjectKey, a.state]).sort()).toEqual([
      ['exposed-to-internet', 'db/pg[Pod]', 'open'],
      ['exposed-to-other-namespace', 'db/pg[Pod]', 'open'],
      // and web, until now alone with the internet, is reachable from pg's namespace
      ['exposed-to-other-namespace', 'shop/web[Pod]', 'open'],
    ]);
    start = head;
  });

  it('a policy: policy.changed with the audit summary, edges.changed with the removed edges, alerts resolved as alert.updated', async () => {
    await prod.apply(prod.denyIngress('db'));
    const head = await prod.caughtUp();
    const policy = await analyst.waitFor<PolicyChanged>('policy.changed', (e) => e.toSeq === head);
    expect(policy.truncated).toBe(false);
    expect(policy.entries).toHaveLength(1);
    const [entry] = policy.entries;
    expect(entry).toMatchObject({ seq: head, kind: 'NetworkPolicy', namespace: 'db', name: 'deny-ingress', action: 'created', addedCount: 0, exposureCount: 0 });
    expect(entry.removedCount).toBeGreaterThanOrEqual(2);

    const edges = await analyst.waitFor<EdgesChanged>('edges.changed', (e) => e.toSeq === head);
    expect(edges.fromSeq).toBe(start);
    expect(edges.changes).toEqual(await prod.storedChanges(start, head));
    const removed = edges.changes.flatMap((c) => c.removed.map(arrow));
    expect(removed).toContain('shop/web -> db/pg');
    expect(removed).not.toContain('db/pg -> shop/web');
    expect(edges.removedCount).toBe(entry.removedCount);

    const posture = await analyst.waitFor<PostureUpdated>('posture.updated', (e) => e.toSeq === head);
    expect(posture.namespaces.map((n) => n.namespace)).toEqual(['db']);
    expect(posture.namespaces[0]).toMatchObject({ policies: 1, defaultDenyIngress: true, ingressIsolatedPods: 1, exposedToInternet: false });

    const updated = await analyst.waitFor<AlertsEvent>('alert.updated', (e) => e.toSeq === head);
    expect(updated.alerts.map((a) => [a.rule, a.state]).sort()).toEqual([
      ['exposed-to-internet', 'resolved'],
      ['exposed-to-other-namespace', 'resolved'],
    ]);
    start = head;
  });

  it('agent.status follows the journal and the worker', async () => {
    const status = await analyst.waitFor<AgentStatus>('agent.status', (s) => s.workerSeq === start);
    expect(status).toMatchObject({ cluster: 'prod', headSeq: start, workerSeq: start, lagEvents: 0 });
  });

  it('a user subscribed to another cluster got none of it', () => {
    expect(outsider.received.filter((r) => (r.payload as { cluster?: string }).cluster === 'prod')).toEqual([]);
  });

  it('a revoked grant stops delivery at once: unsubscribed, then nothing more', async () => {
    const admin = await client('admin@example.com');
    expect((await admin.subscribe({ cluster: 'prod' })).ok).toBe(true);
    await t.users.setGrants(analystId, [], { userId: null, email: null, ip: null });
    await prod.apply(prod.pod('shop', 'cart', 'cart'));
    const head = await prod.caughtUp();
    await admin.waitFor<EdgesChanged>('edges.changed', (e) => e.toSeq === head);
    expect(await analyst.waitFor('unsubscribed')).toEqual({ cluster: 'prod', reason: 'not_found' });
    // A round trip on the analyst's socket: anything sent to it before the admin's copy arrived is here by now.
    expect(await analyst.subscribe({ cluster: 'prod' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No cluster named "prod".' } });
    expect(analyst.all<EdgesChanged>('edges.changed').filter((e) => e.toSeq > start)).toEqual([]);
    expect(analyst.socket.connected).toBe(true);
  });
});

describe('a deleted cluster', () => {
  it('ends its subscriptions', async () => {
    const { cluster } = await t.clusters.register('temp');
    const c = await client('admin@example.com');
    expect((await c.subscribe({ cluster: 'temp' })).ok).toBe(true);
    await t.clusters.delete(cluster.id);
    expect(await c.waitFor('unsubscribed')).toEqual({ cluster: 'temp', reason: 'not_found' });
  });
});

describe('ended credentials', () => {
  it('logging out cuts the connection of that session', async () => {
    const s = await login(t, 'admin@example.com');
    const c = await connectLive(t.api.url, { token: s.token });
    open.push(c);
    expect((await c.subscribe({ cluster: 'prod' })).ok).toBe(true);
    expect((await request(t.api.url).post('/api/v1/auth/logout').set(bearer(s.token))).status).toBe(204);
    expect(await c.waitForDisconnect()).toBe('io server disconnect');
  });

  it('a disabled user is cut', async () => {
    const c = await client('other@example.com');
    const other = await t.users.findForLogin('other@example.com');
    await t.users.update(other!.user.id, { disabled: true }, { userId: null, email: null, ip: null });
    expect(await c.waitForDisconnect()).toBe('io server disconnect');
  });

  it('an expired session is cut', async () => {
    const c = await client('admin@example.com');
    t.advance(13 * 3600 * 1000);
    expect(await c.waitForDisconnect()).toBe('io server disconnect');
  });
});
