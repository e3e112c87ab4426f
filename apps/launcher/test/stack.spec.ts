/**
 * The whole pipeline as `npm start` runs it — simulator → agent → API ingest → Postgres → worker — with
 * the scenario scripts running fast, a policy applied by the real kubectl, and the worker killed and
 * replaced mid-stream. What Postgres ends up holding must equal the engine's answer on the simulator's
 * final state.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'pg';
import { silentLogger } from '@reachwatch/api';
import { ClusterRepository, connectDb } from '@reachwatch/db';
import { createTestDatabase, type TestDatabase } from '@reachwatch/db/testing';
import {
  ReachabilityEngine,
  clusterPosture,
  diffAnalyses,
  endpointKey,
  PortSet,
  type Connection,
  type Endpoint,
  type Protocol,
} from '@reachwatch/policy-engine';
import { ClusterModel, startWorker, type WorkerHandle } from '@reachwatch/worker';
import type { SimCluster } from '@reachwatch/sim';
import { startStack, type DemoCluster, type RunningStack } from '../src';

const FLEET: DemoCluster[] = [
  { name: 'e2e-east', cni: 'generic', sim: { scenarios: ['lol', 'tiers'], script: true } },
  { name: 'e2e-west', cni: 'calico', sim: { scenarios: ['no-ingress', 'isolated'], script: true, podCidr: '10.96.0.0/16' } },
];

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));

let db: TestDatabase;
let pool: Pool;
let stack: RunningStack;
let stateDir: string;
const extraWorkers: WorkerHandle[] = [];
const children: ChildProcess[] = [];
const AGENT_MAIN = path.resolve(__dirname, '../../agent/src/main.ts');

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new Pool({ connectionString: db.url, max: 2 });
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-stack-'));
  stack = await startStack({ stateDir, port: 0, databaseUrl: db.url, fleet: FLEET, scriptSpeed: 50, log: () => undefined, apiLogger: silentLogger });
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const w of extraWorkers) await w.stop();
  await stack?.stop();
  await pool?.end();
  await db?.drop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const KINDS = ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

/** The truth: the engine on the simulator's own objects, read the way the worker reads stored ones. */
function truth(sim: SimCluster, cni: DemoCluster['cni']) {
  const model = new ClusterModel();
  for (const kind of KINDS) for (const o of sim.objects(kind)) model.change(kind, (o.metadata as { uid: string }).uid, o);
  const state = model.toClusterState();
  const engine = new ReachabilityEngine({ cni });
  engine.load(state);
  return { connections: engine.connections(), posture: clusterPosture(state, engine.connections()) };
}

type StoredPorts = { protocol: Protocol; from: number; to: number }[];

async function stored(cluster: string) {
  const edges = await pool.query<{ src: Endpoint; dst: Endpoint; ports: StoredPorts }>(
    `SELECT e.src, e.dst, e.ports FROM edge e JOIN cluster c ON c.id = e.cluster_id WHERE c.name = $1`,
    [cluster],
  );
  const posture = await pool.query<{ namespace: string; pods: number; ingress_isolated_pods: number; egress_isolated_pods: number; default_deny_ingress: boolean; score: number }>(
    `SELECT p.* FROM posture p JOIN cluster c ON c.id = p.cluster_id WHERE c.name = $1 ORDER BY namespace`,
    [cluster],
  );
  const connections: Connection[] = edges.rows.map((x) => {
    const ranges: Partial<Record<Protocol, [number, number][]>> = {};
    for (const p of x.ports) (ranges[p.protocol] ??= []).push([p.from, p.to]);
    return { src: x.src, dst: x.dst, ports: PortSet.fromRanges(ranges) };
  });
  return { connections, posture: posture.rows };
}

const text = (cs: Connection[]) => cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)}: ${c.ports}`).join('\n');

/** Waits until Postgres holds exactly the engine's answer for the simulator's current state. */
async function expectConverged(i: number): Promise<void> {
  const c = FLEET[i];
  let diff = '';
  await waitFor(`${c.name} to converge`, async () => {
    const want = truth(stack.sims[i], c.cni);
    const have = await stored(c.name);
    const d = diffAnalyses(want.connections, have.connections);
    const postureSame =
      JSON.stringify(have.posture.map((p) => [p.namespace, p.pods, p.ingress_isolated_pods, p.egress_isolated_pods, p.default_deny_ingress])) ===
      JSON.stringify(want.posture.map((p) => [p.namespace, p.pods, p.ingressIsolatedPods, p.egressIsolatedPods, p.defaultDenyIngress]));
    diff = `extra:\n${text(d.added)}\nmissing:\n${text(d.removed)}\nposture same: ${postureSame}`;
    return d.added.length === 0 && d.removed.length === 0 && postureSame && want.connections.length > 0;
  }).catch((e) => {
    throw new Error(`${(e as Error).message}\n${diff}`);
  });
}

describe('npm start, end to end', () => {
  it('comes up healthy: /healthz answers 200 with every part up', async () => {
    const body = await waitFor('healthz 200', async () => {
      const r = await fetch(`${stack.url}/healthz`);
      return r.status === 200 ? ((await r.json()) as { parts: Record<string, { status: string }> }) : false;
    });
    expect(Object.keys(body.parts).sort()).toEqual(['agent:e2e-east', 'agent:e2e-west', 'database', 'sim:e2e-east', 'sim:e2e-west', 'worker']);
    expect(fs.readFileSync(stack.kubeconfig, 'utf8')).toContain('name: e2e-east');
  });

  it('after the scenario scripts, stored edges and posture equal the engine on the simulator state', async () => {
    await Promise.all(stack.sims.map((s) => s.scriptDone()));
    await expectConverged(0);
    await expectConverged(1);
    // The lol scenario's answer made it through the pipeline: only lol-yahoo reaches lol-default.
    const east = await stored('e2e-east');
    const into = east.connections.filter((c) => c.dst.type === 'workload' && c.dst.name === 'lol-default').map((c) => endpointKey(c.src));
    expect(into).toEqual(['yahoo/lol-yahoo[Deployment]']);
  });

  it.skipIf(!KUBECTL)('a policy applied with the real kubectl reaches Postgres, with its audit entry and manager', async () => {
    const file = path.join(stateDir, 'deny-yahoo.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all-ingress, namespace: yahoo}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n',
    );
    // Asynchronously: the simulator serving kubectl runs in this very process.
    const out = await promisify(execFile)(KUBECTL!, ['--kubeconfig', stack.kubeconfig, '--context', 'e2e-east', 'apply', '-f', file]);
    expect(out.stdout).toContain('networkpolicy.networking.k8s.io/deny-all-ingress created');
    await expectConverged(0);
    const audit = await waitFor('the audit entry', async () => {
      const r = await pool.query<{ action: string; manager: string | null; removed_count: number }>(
        `SELECT a.action, a.manager, a.removed_count FROM policy_audit a JOIN cluster c ON c.id = a.cluster_id WHERE c.name = 'e2e-east' AND a.name = 'deny-all-ingress' AND a.namespace = 'yahoo'`,
      );
      return r.rows[0];
    });
    expect(audit.action).toBe('created');
    expect(audit.manager).toMatch(/kubectl/);
    expect(audit.removed_count).toBeGreaterThan(0);
  });

  it('a worker stopped while changes keep coming is replaced, and the result is the same as an undisturbed run', async () => {
    await stack.worker.stop();
    const sim = stack.sims[1];
    // Changes land in the journal while no worker runs.
    sim.label('Namespace', undefined, 'other', { team: 'blue' });
    sim.remove('NetworkPolicy', 'no-ingress-allowed', 'deny-all-ingress');
    const replacement = await startWorker({ databaseUrl: db.url, log: () => undefined, leaseSeconds: 2 });
    extraWorkers.push(replacement);
    await expectConverged(1);
    await expectConverged(0);
  });

  it('an agent process killed mid-stream (SIGKILL) and restarted loses nothing: its relist repairs the journal', async () => {
    const sim = stack.sims[1];
    // A fresh token for e2e-west: the stack's own agent is refused from now on (403) and stops, so the
    // agent processes below are the only ones feeding the cluster.
    const conn = connectDb(db.url);
    const clusters = new ClusterRepository(conn.prisma);
    const token = await clusters.rotateToken((await clusters.getByName('e2e-west'))!.id);
    await conn.close();
    const tokenFile = path.join(stateDir, 'west.token');
    fs.writeFileSync(tokenFile, token, { mode: 0o600 });
    const agentProcess = () => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', AGENT_MAIN, '--cluster', 'e2e-west', '--kubeconfig', stack.kubeconfig, '--context', 'e2e-west', '--ingest-url', stack.url, '--token-file', tokenFile, '--flush-ms', '20'],
        { stdio: 'ignore' },
      );
      children.push(child);
      return child;
    };

    const first = agentProcess();
    sim.label('Namespace', undefined, 'other', { round: 'start' });
    await waitFor('the first agent process to deliver', async () => {
      const r = await pool.query(
        `SELECT 1 FROM k8s_object o JOIN cluster c ON c.id = o.cluster_id WHERE c.name = 'e2e-west' AND o.kind = 'Namespace' AND o.name = 'other' AND o.labels->>'round' = 'start'`,
      );
      return r.rowCount === 1;
    });
    // A burst, and the kill lands while it is being delivered.
    for (let i = 0; i < 30; i++) {
      sim.label('Namespace', undefined, 'other', { round: String(i) });
      if (i === 15) sim.remove('NetworkPolicy', 'isolated', 'isolate-namespace-egress');
      await new Promise((r) => setTimeout(r, 5));
    }
    first.kill('SIGKILL');
    // Changes while no agent runs: only a relist can bring them in.
    sim.label('Namespace', undefined, 'other', { round: 'offline', team: 'red' });
    sim.remove('NetworkPolicy', 'isolated', 'isolate-namespace-ingress');
    agentProcess();
    await expectConverged(1);
    const r = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM policy_audit a JOIN cluster c ON c.id = a.cluster_id WHERE c.name = 'e2e-west' AND a.action = 'deleted' AND a.name LIKE 'isolate-namespace-%'`,
    );
    expect(Number(r.rows[0].n)).toBe(2);
  });
});
