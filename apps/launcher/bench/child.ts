/**
 * One part of the pipeline in its own process, as in production (the parts never share an event loop, so
 * one part's CPU does not show up as another's latency): `child.ts sim|api|worker|agent`. The parent
 * (run.ts) sends one `start` message with the role's options and then requests; each answer carries the
 * request's id. Wall-clock times (`clock()`) are comparable across processes on one machine.
 */
import * as fs from 'node:fs';
import { createApi, silentLogger } from '@reachwatch/api';
import { startAgent, type Agent } from '@reachwatch/agent';
import { startSimCluster, writeKubeconfig, type SimCluster } from '@reachwatch/sim';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import { Driver, type DriverPlan } from './driver';
import { clock } from './stats';

export type Role = 'sim' | 'api' | 'worker' | 'agent';

export interface SimStart {
  name: string;
  generated: { pods: number; namespaces: number; policies: number; seed: number };
  podCidr: string;
  kubeconfig: string;
  plan: DriverPlan;
}
export interface ApiStart {
  databaseUrl: string;
}
export interface WorkerStart {
  databaseUrl: string;
}
export interface AgentStart {
  name: string;
  kubeconfig: string;
  ingestUrl: string;
  token: string;
}

export type Request =
  | { id: number; op: 'start'; options: SimStart | ApiStart | WorkerStart | AgentStart }
  | { id: number; op: 'status' }
  | { id: number; op: 'drive'; rate: number; seconds: number; probeEveryMs: number }
  | { id: number; op: 'alert-probe'; index: number; create: boolean }
  | { id: number; op: 'stop' };

export interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  value?: unknown;
}

const role = process.argv[2] as Role;
if (!['sim', 'api', 'worker', 'agent'].includes(role)) {
  process.stderr.write(`bench child: unknown role ${role}\n`);
  process.exit(2);
}

let sim: SimCluster | undefined;
let driver: Driver | undefined;
let agent: Agent | undefined;
let worker: WorkerHandle | undefined;
let stopApi: (() => Promise<void>) | undefined;

const log = (line: string) => process.stderr.write(`  [${role}] ${line}\n`);

async function start(options: Request & { op: 'start' }): Promise<unknown> {
  const o = options.options;
  switch (role) {
    case 'sim': {
      const s = o as SimStart;
      const t = clock();
      sim = await startSimCluster({ name: s.name, generated: s.generated, podCidr: s.podCidr, bookmarkMs: 5_000, maxEvents: 200_000 });
      writeKubeconfig(s.kubeconfig, [sim]);
      driver = new Driver(sim, s.plan);
      const prepared = driver.prepare();
      return { url: sim.url, loadMs: clock() - t, objects: driver.watchedCount(), prepared };
    }
    case 'api': {
      const api = await createApi({ databaseUrl: (o as ApiStart).databaseUrl, port: 0, logger: silentLogger });
      stopApi = () => api.close();
      return { url: api.url };
    }
    case 'worker': {
      worker = await startWorker({ databaseUrl: (o as WorkerStart).databaseUrl, pollMs: 500, log });
      return {};
    }
    case 'agent': {
      const a = o as AgentStart;
      if (!fs.existsSync(a.kubeconfig)) throw new Error(`no kubeconfig at ${a.kubeconfig}`);
      const startedAt = clock();
      agent = startAgent({
        cluster: a.name,
        kubeConfig: { path: a.kubeconfig, context: a.name },
        ingestUrl: a.ingestUrl,
        token: a.token,
        logger: { info: () => undefined, warn: log, error: log },
      });
      return { startedAt };
    }
  }
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'start':
      return start(req);
    case 'status':
      if (agent) return agent.status();
      if (worker) return worker.status();
      return {};
    case 'drive':
      if (!driver) throw new Error('drive: not the simulator');
      return driver.drive(req.rate, req.seconds, req.probeEveryMs);
    case 'alert-probe':
      if (!driver) throw new Error('alert-probe: not the simulator');
      return driver.alertProbe(req.index, req.create);
    case 'stop':
      await agent?.stop();
      await worker?.stop();
      await stopApi?.();
      await sim?.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (req: Request) => {
  handle(req).then(
    (value) => process.send?.({ id: req.id, ok: true, value } satisfies Reply),
    (e: Error) => process.send?.({ id: req.id, ok: false, error: e.stack ?? e.message } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
