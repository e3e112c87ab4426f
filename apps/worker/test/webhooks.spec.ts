/**
 * Alerts through the real pipeline (ingest → journal → worker → Postgres) with webhooks: a receiver gets
 * the raised and resolved payloads (generic JSON and Slack-shaped, signed); a failing receiver gets retries
 * with backoff and ends dead, while the pipeline keeps going; alert rule settings are reloaded when they
 * change; the worker records coverage samples.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertRuleConfigRepository, Db, SYSTEM_ACTOR } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { AlertRulesConfig } from '@reachwatch/contracts';
import { startWorker, WorkerHandle } from '../src/worker';
import { added, caughtUp, connectDb, deleted, object, registerCluster, waitFor } from './helpers';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A local HTTP receiver; `status` decides what it answers (a failing one answers 503). */
async function receiver(status: () => number): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(body) });
      res.statusCode = status();
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

let tdb: TestDatabase;
let db: Db;
let worker: WorkerHandle | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await tdb?.drop();
});

const ns = (name: string, labels: Record<string, string> = {}) =>
  object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } } });
const pod = (namespace: string, app: string, ip: string) =>
  object({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${app}-0`, namespace, labels: { app }, ownerReferences: [{ kind: 'StatefulSet', name: app, controller: true, uid: `ss-${app}` }] },
    spec: { containers: [{ name: 'c', ports: [{ containerPort: 5432, protocol: 'TCP' }] }] },
    status: { podIP: ip, phase: 'Running' },
  });
const policy = (namespace: string, name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) =>
  object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace, annotations }, spec });

describe('alerts, webhooks and rule settings through the pipeline', () => {
  it('delivers raised and resolved alerts, retries a failing receiver without stalling, reloads settings, samples coverage', async () => {
    const good = await receiver(() => 200);
    let failing = 0;
    const bad = await receiver(() => (++failing, 503));
    try {
      const c = await registerCluster(db, 'hooks');
      await db.pool.query(`INSERT INTO webhook (name, url, format, secret, min_severity) VALUES ('ops', $1, 'json', 's3cret', 'medium'), ('chat', $1, 'slack', NULL, 'high'), ('broken', $2, 'json', NULL, 'low')`, [good.url, bad.url]);
      worker = await startWorker({
        databaseUrl: tdb.url, workerId: 'w-hooks', pollMs: 100, leaseSeconds: 5, log: () => undefined, sampleIntervalMs: 0,
        webhooks: { pollMs: 50, baseDelayMs: 40, maxDelayMs: 200, maxAttempts: 3, timeoutMs: 2000 },
      });
      const db0 = pod('pay', 'db', '10.0.0.5');
      await c.ingest(added(ns('pay', { pci: 'cde' })), added(db0), added(policy('pay', 'deny', { podSelector: {} })));
      await caughtUp(db.pool, c.id);

      // Scope pay as PCI: the internet exposure below is then raised one level (high → critical).
      await new AlertRuleConfigRepository(db.pool).put(c.id, AlertRulesConfig.parse({ scopes: [{ name: 'PCI', selector: 'pci=cde' }] }), SYSTEM_ACTOR);
      const open = policy('pay', 'from-internet', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }, { 'example.com/changed-by': 'alice' });
      await c.ingest(added(open));
      await caughtUp(db.pool, c.id);
      const alert = await db.pool.query(`SELECT id, rule, severity, state, first_seq FROM alert WHERE cluster_id = $1 AND rule = 'exposed-to-internet'`, [c.id]);
      expect(alert.rows).toMatchObject([{ severity: 'critical', state: 'open' }]);
      // The audit entry carries the who annotation.
      const audit = await db.pool.query(`SELECT annotations FROM policy_audit WHERE cluster_id = $1 AND name = 'from-internet'`, [c.id]);
      expect(audit.rows[0].annotations).toEqual({ 'example.com/changed-by': 'alice' });

      // Both good webhooks (json ≥ medium, slack ≥ high) get it; the JSON one is signed.
      await waitFor('raised deliveries', async () => good.got.length >= 4);
      const json = good.got.find((g) => g.headers['x-reachwatch-event'] === 'alert.raised' && 'alert' in g.body)!;
      expect(json.body).toMatchObject({ event: 'alert.raised', alert: { rule: 'exposed-to-internet', severity: 'critical', cluster: 'hooks', subjectKey: 'pay/db[StatefulSet]' } });
      const raw = JSON.stringify(json.body);
      expect(json.headers['x-reachwatch-signature']).toBe(`sha256=${createHmac('sha256', 's3cret').update(raw).digest('hex')}`);
      const slack = good.got.find((g) => 'blocks' in g.body)!;
      expect(String(slack.body.text)).toMatch(/New alert \[CRITICAL\] exposed-to-internet in hooks/);

      // The pipeline is not held up by the failing receiver: the next change is applied while it is retried.
      await c.ingest(deleted(open));
      await caughtUp(db.pool, c.id);
      expect((await db.pool.query(`SELECT state FROM alert WHERE id = $1`, [alert.rows[0].id])).rows[0].state).toBe('resolved');
      await waitFor('resolved delivered', async () => good.got.some((g) => g.body.event === 'alert.resolved'));

      // The broken receiver: 3 attempts per delivery, then dead, with the last error logged per delivery.
      const dead = await waitFor('dead deliveries', async () => {
        const r = await db.pool.query(`SELECT d.state, d.attempts, d.last_status, d.last_error FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE w.name = 'broken' ORDER BY d.id`);
        return r.rows.length >= 4 && r.rows.every((x) => x.state === 'dead') ? r.rows : undefined;
      });
      expect(dead).toMatchObject(Array(4).fill({ attempts: 3, last_status: 503 }));
      expect(dead[0].last_error).toContain('503');
      const delivered = await db.pool.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE state = 'delivered'`);
      // Two alerts (the exposure, critical; the permissive policy in scope, high), each raised and resolved:
      // ops (≥ medium) and chat (≥ high) took all four events each.
      expect(delivered.rows[0].n).toBe(8);
      expect(failing).toBe(12);
      // Settings reload: disabling the rule stops new alerts of that kind.
      await new AlertRuleConfigRepository(db.pool).put(c.id, AlertRulesConfig.parse({ rules: { 'exposed-to-internet': { enabled: false } } }), SYSTEM_ACTOR);
      await c.ingest(added(policy('pay', 'again', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })));
      await caughtUp(db.pool, c.id);
      const openNow = await db.pool.query(`SELECT count(*)::int AS n FROM alert WHERE cluster_id = $1 AND rule = 'exposed-to-internet' AND state = 'open'`, [c.id]);
      expect(openNow.rows[0].n).toBe(0);

      const samples = await db.pool.query(`SELECT pods, ingress_isolated, namespaces FROM posture_sample WHERE cluster_id = $1 ORDER BY sampled_at`, [c.id]);
      expect(samples.rows.length).toBeGreaterThanOrEqual(2);
      expect(samples.rows[0]).toMatchObject({ pods: 1, ingress_isolated: 1, namespaces: 1 });
    } finally {
      await good.close();
      await bad.close();
    }
  });
});
