import * as path from 'node:path';
import { HealthRegistry, createApi, ensureFirstAdmin, type ApiLogger, type FirstAdminResult, type RunningApi } from '@reachwatch/api';
import { startAgent, type Agent } from '@reachwatch/agent';
import { ClusterRepository, connectDb, migrate, startDatabase, type DatabaseHandle, type Db } from '@reachwatch/db';
import { startSimCluster, writeKubeconfig, type SimCluster } from '@reachwatch/sim';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import type { DemoCluster } from './fleet';

export interface StackOptions {
  /** Where the kubeconfig (and, without DATABASE_URL, the embedded Postgres data) live. */
  stateDir: string;
  /** The API's port (0: a free one). */
  port: number;
  host?: string;
  /** DATABASE_URL; absent: an embedded Postgres under stateDir/pgdata. */
  databaseUrl?: string;
  fleet: readonly DemoCluster[];
  /** Divides every scenario script delay (tests run the scripts fast). */
  scriptSpeed?: number;
  /** Run the scenarios' timed scripts (default true). */
  scripts?: boolean;
  log: (line: string) => void;
  apiLogger?: ApiLogger;
}

export interface RunningStack {
  url: string;
  kubeconfig: string;
  databaseUrl: string;
  sims: SimCluster[];
  agents: Agent[];
  worker: WorkerHandle;
  api: RunningApi;
  /** The first admin account: created now (from REACHWATCH_ADMIN_* or with a generated password) or already there. */
  firstAdmin: FirstAdminResult;
  /** Stops everything, in the reverse order of starting. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The whole product on one machine: Postgres (embedded unless given), migrations, API, worker, one
 * simulated cluster per fleet entry and an agent for each. Every part reports into the API's /healthz.
 * If any step fails, what was started is stopped again before the error propagates.
 */
export async function startStack(o: StackOptions): Promise<RunningStack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (e) {
        o.log(`while stopping: ${(e as Error).message}`);
      }
    }
  };
  try {
    const database: DatabaseHandle = await startDatabase({
      dataDir: path.join(o.stateDir, 'pgdata'),
      env: o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {},
      log: o.log,
    });
    stops.push(() => database.stop());
    o.log(database.mode === 'external' ? 'using the database at DATABASE_URL' : `Postgres (${database.mode}) at ${redact(database.url)}`);
    const { applied } = await migrate(database.url);
    if (applied.length) o.log(`applied ${applied.length} migration(s)`);
    const firstAdmin = await ensureFirstAdmin({ databaseUrl: database.url });

    const health = new HealthRegistry();
    const api = await createApi({ databaseUrl: database.url, port: o.port, host: o.host, health, logger: o.apiLogger });
    stops.push(() => api.close());

    const worker = await startWorker({ databaseUrl: database.url, log: (l) => o.log(`worker: ${l}`) });
    stops.push(() => worker.stop());
    health.register('worker', () => workerHealth(worker));

    const sims: SimCluster[] = [];
    for (const c of o.fleet) {
      const sim = await startSimCluster({ name: c.name, ...c.sim, script: o.scripts ?? c.sim.script, scriptSpeed: o.scriptSpeed, log: (l) => o.log(`sim ${c.name}: ${l}`) });
      sims.push(sim);
      stops.push(() => sim.close());
      health.register(`sim:${c.name}`, () => ({ status: 'up', detail: sim.url }));
    }
    const kubeconfig = path.join(o.stateDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, sims);

    const tokens = await clusterTokens(database.url, o.fleet);
    const agents: Agent[] = [];
    for (const c of o.fleet) {
      const agent = startAgent({
        cluster: c.name,
        kubeConfig: { path: kubeconfig, context: c.name },
        ingestUrl: api.url,
        token: tokens.get(c.name)!,
        logger: agentLogger(o.log, c.name),
      });
      agents.push(agent);
      stops.push(() => agent.stop());
      health.register(`agent:${c.name}`, () => agentHealth(agent));
    }
    return { url: api.url, kubeconfig, databaseUrl: database.url, sims, agents, worker, api, firstAdmin, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * Registers the demo clusters on first start; later starts rotate their agent tokens, since only a
 * token's hash is stored and the demo agents need the token itself.
 */
async function clusterTokens(databaseUrl: string, fleet: readonly DemoCluster[]): Promise<Map<string, string>> {
  const db: Db = connectDb(databaseUrl);
  try {
    const clusters = new ClusterRepository(db.prisma);
    const tokens = new Map<string, string>();
    for (const c of fleet) {
      const existing = await clusters.getByName(c.name);
      const token = existing ? await clusters.rotateToken(existing.id) : (await clusters.register(c.name, c.cni)).token;
      tokens.set(c.name, token);
    }
    return tokens;
  } finally {
    await db.close();
  }
}

function workerHealth(worker: WorkerHandle) {
  const s = worker.status();
  if (!s.running) return { status: 'down' as const, detail: 'stopped' };
  const failing = s.clusters.filter((c) => c.state === 'failed');
  return failing.length
    ? { status: 'down' as const, detail: failing.map((c) => `cluster ${c.clusterId}: ${c.lastError ?? 'failed'}`).join('; ') }
    : { status: 'up' as const, detail: `${s.clusters.length} cluster(s) held` };
}

function agentHealth(agent: Agent) {
  const s = agent.status();
  if (s.state !== 'running') return { status: 'down' as const, detail: s.error ?? s.state };
  return s.synced
    ? { status: 'up' as const, detail: `synced; ${s.ingest.queued + s.ingest.inFlight} event(s) waiting to be sent` }
    : { status: 'down' as const, detail: 'initial sync in progress' };
}

function agentLogger(log: (l: string) => void, cluster: string) {
  const line = (level: string) => (msg: string) => log(`agent ${cluster} ${level}: ${msg}`);
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
