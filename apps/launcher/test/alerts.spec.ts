/**
 * Alert rules end to end on a simulated cluster: changes made through the simulator's API travel through
 * the agent, ingest, the journal and the worker; each rule fires on the change that should trigger it,
 * resolves when the change is undone, and a webhook receiver (a local HTTP server) gets every raised alert.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import { silentLogger } from '@reachwatch/api';
import { AlertRulesConfig } from '@reachwatch/contracts';
import { AlertRuleConfigRepository, SYSTEM_ACTOR } from '@reachwatch/db';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/testing';
import { startStack, type DemoCluster, type RunningStack } from '../src';

const FLEET: DemoCluster[] = [{ name: 'alerting', cni: 'generic', sim: { scenarios: ['tiers'], script: false } }];

let db: TestDatabase;
let pool: Pool;
let stack: RunningStack;
let stateDir: string;
let server: http.Server;
const received: { event: string; alert: { rule: string; subjectKey: string; severity: string } }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-alerts-'));
  stack = await startStack({ stateDir, port: 0, databaseUrl: db.url, fleet: FLEET, log: () => undefined, apiLogger: silentLogger });
});

afterAll(async () => {
  await stack?.stop();
  await new Promise((r) => server?.close(r));
  await pool?.end();
  await db?.drop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alertState = async (rule: string, subjectKey: string) =>
  (await pool.query<{ state: string; severity: string }>(
    `SELECT a.state, a.severity FROM alert a JOIN cluster c ON c.id = a.cluster_id WHERE c.name = 'alerting' AND a.rule = $1 AND a.subject_key = $2 ORDER BY a.id DESC LIMIT 1`,
    [rule, subjectKey],
  )).rows[0];

const np = (namespace: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });

describe('alert rules on a simulated cluster', () => {
  it('each rule fires on its change, resolves when it is undone, and reaches the webhook', async () => {
    const sim = stack.sims[0];
    const clusterId = Number((await pool.query(`SELECT id FROM cluster WHERE name = 'alerting'`)).rows[0].id);
    await waitFor('baseline', async () => (await pool.query(`SELECT last_seq FROM worker_cursor WHERE cluster_id = $1 AND last_seq > 0`, [clusterId])).rows.length > 0);
    // `back` is the PCI scope; a webhook takes everything.
    await new AlertRuleConfigRepository(pool).put(clusterId, AlertRulesConfig.parse({ scopes: [{ name: 'PCI', selector: 'tier=back' }] }), SYSTEM_ACTOR);
    await pool.query(`INSERT INTO webhook (name, url, format) VALUES ('all', $1, 'json')`, [`http://127.0.0.1:${(server.address() as AddressInfo).port}/`]);

    // 1. A new namespace without policies.
    sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch', labels: { team: 'x' } } });
    await waitFor('namespace-without-policy', async () => (await alertState('namespace-without-policy', 'namespace:scratch'))?.state === 'open');

    // 2. Default deny in back (isolates it), then an allow-all-from-internet policy into the scope.
    sim.apply(np('back', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    sim.apply(np('back', 'open-to-world', { podSelector: { matchLabels: { run: 'db-service' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }));
    await waitFor('permissive policy + exposure', async () =>
      (await alertState('permissive-policy-in-scope', 'NetworkPolicy:back/open-to-world'))?.state === 'open' &&
      (await alertState('exposed-to-internet', 'back/db-service[Deployment]'))?.state === 'open');
    // In the scope, the exposure is raised one level: high → critical.
    expect((await alertState('exposed-to-internet', 'back/db-service[Deployment]'))!.severity).toBe('critical');

    // 2b. A cross-namespace allow into the isolated namespace.
    sim.apply(np('back', 'from-front', { podSelector: { matchLabels: { run: 'ext-service' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'front' } } }] }] }));
    await waitFor('exposed-to-other-namespace', async () => (await alertState('exposed-to-other-namespace', 'back/ext-service[Deployment]'))?.state === 'open');
    sim.remove('NetworkPolicy', 'back', 'from-front');
    await waitFor('exposed-to-other-namespace resolved', async () => (await alertState('exposed-to-other-namespace', 'back/ext-service[Deployment]'))?.state === 'resolved');

    // 3. Egress from the scope to the internet.
    sim.apply(np('back', 'to-world', { podSelector: { matchLabels: { run: 'ext-service' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }));
    await waitFor('egress-to-internet-from-scope', async () => (await alertState('egress-to-internet-from-scope', 'back/ext-service[Deployment]'))?.state === 'open');

    // 4. Removing the default deny: default-deny-removed, and lost isolation for the workload no other policy selects.
    sim.remove('NetworkPolicy', 'back', 'default-deny');
    await waitFor('default-deny-removed + lost-isolation', async () =>
      (await alertState('default-deny-removed', 'namespace:back|Ingress'))?.state === 'open' &&
      (await alertState('lost-isolation', 'back/ext-service[Deployment]|Ingress'))?.state === 'open');

    // 5. Undo: the rules resolve on their own.
    sim.remove('NetworkPolicy', 'back', 'open-to-world');
    sim.apply(np('back', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    sim.apply(np('scratch', 'deny', { podSelector: {} }));
    await waitFor('resolutions', async () =>
      (await alertState('permissive-policy-in-scope', 'NetworkPolicy:back/open-to-world'))?.state === 'resolved' &&
      (await alertState('exposed-to-internet', 'back/db-service[Deployment]'))?.state === 'resolved' &&
      (await alertState('default-deny-removed', 'namespace:back|Ingress'))?.state === 'resolved' &&
      (await alertState('lost-isolation', 'back/ext-service[Deployment]|Ingress'))?.state === 'resolved' &&
      (await alertState('namespace-without-policy', 'namespace:scratch'))?.state === 'resolved');

    // Near miss: a policy opening a namespace outside the scope to every source is not a scope alert.
    sim.apply(np('front', 'allow-all', { podSelector: {}, ingress: [{}] }));
    await waitFor('front policy applied', async () => (await pool.query(`SELECT 1 FROM policy_audit WHERE cluster_id = $1 AND name = 'allow-all'`, [clusterId])).rows.length > 0);
    expect(await alertState('permissive-policy-in-scope', 'NetworkPolicy:front/allow-all')).toBeUndefined();

    // The webhook got every raised alert of the rules above (and their resolutions).
    const raised = await waitFor('webhook deliveries', async () => {
      const rules = new Set(received.filter((r) => r.event === 'alert.raised').map((r) => r.alert.rule));
      const want = ['exposed-to-other-namespace', 'namespace-without-policy', 'permissive-policy-in-scope', 'exposed-to-internet', 'egress-to-internet-from-scope', 'default-deny-removed', 'lost-isolation'];
      return want.every((w) => rules.has(w)) ? rules : undefined;
    });
    expect(raised.size).toBe(7);
    expect(received.some((r) => r.event === 'alert.resolved' && r.alert.rule === 'exposed-to-internet')).toBe(true);
  });
});
