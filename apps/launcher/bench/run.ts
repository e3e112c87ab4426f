/**
 * The pipeline benchmark: `tsx apps/launcher/bench/run.ts [--size S|M|L] …` (see USAGE).
 *
 * Each part runs in its own process, as in production: the simulator (serving a generated cluster and
 * driving changes), the API, the worker and the agent, plus a real Postgres (embedded, durable settings,
 * unless DATABASE_URL is set). This process only orchestrates and watches Postgres. Three measurements:
 *   1. initial sync: from the agent's start until every object is in k8s_object, and until the worker's
 *      cursor has reached the journal head (its first full computation committed);
 *   2. sustained events/s: a mix of changes at increasing rates, each for a fixed time; a rate is sustained
 *      when the simulator issued it, and the pipeline drained within DRAIN_SLACK_MS after it stopped;
 *   3. latency from a simulator change to the worker's commit of it (relabel probes under load) and to the
 *      committed alert of an exposure-creating change (a policy admitting 0.0.0.0/0), p50/p99.
 * Figures go to stdout as `BENCH {"suite":"pipeline",...}` lines and a table; progress goes to stderr.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClusterRepository, connectDb, migrate, startDatabase } from '@reachwatch/db';
import { GENERATED_SIZES } from '@reachwatch/sim';
import type { AgentStatus } from '@reachwatch/agent';
import type { ApiStart, AgentStart, SimStart, WorkerStart } from './child';
import type { DriveResult, Probe } from './driver';
import { Observer } from './observer';
import { Part } from './procs';
import { WaitSampler } from './pg-waits';
import { clock, round, sleep, summarize } from './stats';
import { parseArgs, type Args } from './args';
import { cpuBetween, postmasterOf, readCpu } from './cpu';
import { Report } from './report';

/** After a rate step stops, the pipeline must have drained within this (else the lag was growing). */
const DRAIN_SLACK_MS = 1000;

const progress = (msg: string) => process.stderr.write(`[bench pipeline] ${msg}\n`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const size = GENERATED_SIZES[args.size];
  const report = new Report(args.size);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reachwatch-bench-'));
  progress(`size ${args.size}: ${size.pods} pods, ${size.namespaces} namespaces, ${size.policies} policies; state in ${stateDir}`);

  const slowMs = process.env.BENCH_PG_SLOW_MS;
  // Diagnostics: BENCH_PG_STATS=1 prints the statements that took Postgres' time in each rate step.
  const pgStats = process.env.BENCH_PG_STATS === '1';
  const db = await startDatabase({
    dataDir: path.join(stateDir, 'pgdata'),
    port: 0,
    ephemeral: args.ephemeral,
    settings: pgStats ? { shared_preload_libraries: 'pg_stat_statements' } : undefined,
    // Diagnostics: BENCH_PG_SLOW_MS=N logs every statement slower than N ms to stderr.
    log: slowMs ? (line) => line.includes('duration') && process.stderr.write(`  [postgres] ${line.slice(0, 300)}\n`) : undefined,
  });
  const parts: Part[] = [];
  let observer: Observer | undefined;
  // Ctrl-C: leave through the finally below (children, Postgres and the temporary folders go too).
  let interrupt!: (e: Error) => void;
  const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
  interrupted.catch(() => undefined);
  process.once('SIGINT', () => interrupt(new Error('interrupted')));
  try {
    return await Promise.race([interrupted, measure()]);
  } finally {
    progress('stopping…');
    await observer?.close().catch(() => undefined);
    for (const p of parts) await p.stop().catch(() => undefined);
    await db.stop().catch(() => undefined);
    // The embedded server may run from a copy of its data folder (as root); remove that too.
    const copy = db.dataDir && path.basename(path.dirname(db.dataDir)).startsWith('reachwatch-pgdata-') ? path.dirname(db.dataDir) : undefined;
    for (const dir of [stateDir, copy]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }

  async function measure(): Promise<number> {
    await migrate(db.url);
    if (slowMs) await setSlowLog(db.url, Number(slowMs));
    const stats = pgStats ? new StatementStats(db.url) : undefined;
    await stats?.reset();
    const name = `bench-${Date.now().toString(36)}`;
    const { clusterId, token } = await register(db.url, name);
    const kubeconfig = path.join(stateDir, 'kubeconfig');

    const sim = Part.fork('sim', 6144);
    const api = Part.fork('api', 2048);
    const worker = Part.fork('worker', 6144);
    const agent = Part.fork('agent', 4096);
    parts.push(agent, sim, api, worker);
    progress('generating the cluster in the simulator, starting the API and the worker…');
    const simStart: SimStart = {
      name,
      generated: { pods: size.pods, namespaces: size.namespaces, policies: size.policies, seed: args.seed },
      podCidr: size.podCidr,
      kubeconfig,
      plan: { benchNamespaces: 40, relabelPods: 2000, seed: args.seed },
    };
    const [simInfo, apiInfo] = await Promise.all([
      sim.request<{ url: string; loadMs: number; objects: number }>({ op: 'start', options: simStart }),
      api.request<{ url: string }>({ op: 'start', options: { databaseUrl: db.url } satisfies ApiStart }),
      worker.request({ op: 'start', options: { databaseUrl: db.url } satisfies WorkerStart }),
    ]);
    progress(`simulator ready in ${round(simInfo.loadMs / 1000)} s: ${simInfo.objects} watched objects at ${simInfo.url}`);
    observer = new Observer(db.url, clusterId);
    await observer.start();

    const pids = () => ({ sim: sim.pid, agent: agent.pid, api: api.pid, worker: worker.pid });
    const postmaster = postmasterOf(db.dataDir);
    const cpuNow = () => readCpu(pids(), postmaster);
    const cpuPhase = (phase: string, from: ReturnType<typeof readCpu>, wallMs: number) => progress(`CPU ${report.cpu(phase, wallMs / 1000, cpuBetween(from, cpuNow()))}`);

    // 1. Initial sync.
    let cpu0 = cpuNow();
    const { startedAt } = await agent.request<{ startedAt: number }>({ op: 'start', options: { name, kubeconfig, ingestUrl: apiInfo.url, token } satisfies AgentStart });
    const obs = observer;
    const objectsAt = await obs.until(`all ${simInfo.objects} objects stored`, () => obs.initialSyncStored(simInfo.objects), args.timeoutS * 1000, 100);
    progress(`all objects stored after ${round((objectsAt - startedAt) / 1000, 2)} s; waiting for the worker…`);
    cpuPhase('sync_stored', cpu0, objectsAt - startedAt);
    cpu0 = cpuNow();
    const head = await obs.head();
    const caughtAt = await obs.until(`the worker's cursor to reach seq ${head}`, () => obs.cursor >= head, args.workerTimeoutS * 1000, 50).catch(() => undefined);
    if (caughtAt === undefined) {
      // Not caught up: report how far the worker got, and stop (the later phases would only measure this backlog).
      const waited = clock() - startedAt;
      report.sync(simInfo.objects, head, objectsAt - startedAt, NaN);
      report.metric('sync_worker_cursor_at_timeout', obs.cursor, 'events');
      report.metric('sync_worker_replay_events_per_s', obs.cursor / ((clock() - objectsAt) / 1000), 'events/s');
      progress(`the worker had committed ${obs.cursor} of ${head} events after ${round(waited / 1000)} s: stopping here`);
      report.print();
      return 1;
    }
    const caught = obs.committedAt(head) ?? caughtAt;
    report.sync(simInfo.objects, head, objectsAt - startedAt, caught - startedAt);
    progress(`worker caught up after ${round((caught - startedAt) / 1000, 2)} s (${head} journal events)`);
    cpuPhase('sync_worker', cpu0, caught - objectsAt);
    await stats?.print('initial sync and baseline', progress);

    // 2. Sustained rate.
    let sustained = 0;
    for (const rate of args.rates) {
      await stats?.reset();
      const c0 = cpuNow();
      const step = await rateStep(sim, agent, obs, rate, args.stepS);
      cpuPhase(`rate_${rate}`, c0, step.drive.seconds * 1000);
      await stats?.print(`rate ${rate}/s`, progress);
      report.rate(rate, step);
      progress(
        `rate ${rate}/s: issued ${round(step.drive.achievedRate)}/s, committed ${round(step.committedPerS)}/s during the step, ` +
          `max lag ${step.maxLag} events (agent ${step.maxAgentLag}, journal ${step.maxJournalLag}), drained ${round(step.drainMs)} ms after; commit latency p50 ${round(step.latency.p50)} ms p99 ${round(step.latency.p99)} ms`,
      );
      if (!step.sustained) break;
      sustained = rate;
    }
    report.metric('sustained_events_per_s', sustained, 'events/s', 1000);

    // 3. Latency under a steady background load, then alert latency.
    const background = Math.max(50, Math.min(sustained || args.rates[0], args.latencyRate));
    progress(`latency: ${args.latencyS} s at ${background} events/s with a probe every ${args.probeMs} ms…`);
    const lat = await rateStep(sim, agent, obs, background, args.latencyS, args.probeMs);
    report.latency('change_commit', background, lat.latency, lat.missing);

    progress(`alert latency: ${args.alertProbes} exposure-creating policies, one at a time…`);
    const alerts = await alertProbes(sim, obs, args.alertProbes);
    report.latency('alert_commit', 0, summarize(alerts.latencies), alerts.missing);
    report.print();
    return 0;
  }
}

async function setSlowLog(url: string, ms: number): Promise<void> {
  const db = connectDb(url);
  try {
    await db.prisma.$executeRawUnsafe(`ALTER SYSTEM SET log_min_duration_statement = ${Math.floor(ms)}`);
    await db.prisma.$executeRawUnsafe('SELECT pg_reload_conf()');
  } finally {
    await db.close();
  }
}

/** pg_stat_statements over a phase: the statements that took Postgres' time (BENCH_PG_STATS=1). */
class StatementStats {
  private readonly waits: WaitSampler;

  constructor(private readonly url: string) {
    this.waits = new WaitSampler(url);
  }

  async reset(): Promise<void> {
    await this.run(async (db) => {
      await db.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.pool.query('SELECT pg_stat_statements_reset()');
    });
    this.waits.start();
  }

  async print(phase: string, out: (line: string) => void): Promise<void> {
    await this.run(async (db) => {
      const { rows } = await db.pool.query<{ calls: string; total: number; mean: number; rows: string; query: string }>(
        `SELECT calls, total_exec_time AS total, mean_exec_time AS mean, rows, query FROM pg_stat_statements
          WHERE query NOT LIKE '%pg_stat_activity%' -- the wait sampler's own
          ORDER BY total_exec_time DESC LIMIT 12`,
      );
      out(`Postgres time by statement, ${phase}:`);
      for (const r of rows) {
        out(`  ${String(Math.round(r.total)).padStart(8)} ms  ${String(r.calls).padStart(7)} calls  ${r.mean.toFixed(2).padStart(8)} ms/call  ${r.query.replace(/\s+/g, ' ').slice(0, 110)}`);
      }
    });
    for (const line of await this.waits.finish()) out(line);
  }

  private async run(f: (db: ReturnType<typeof connectDb>) => Promise<void>): Promise<void> {
    const db = connectDb(this.url);
    try {
      await f(db);
    } finally {
      await db.close();
    }
  }
}

async function register(url: string, name: string): Promise<{ clusterId: string; token: string }> {
  const db = connectDb(url);
  try {
    const { cluster, token } = await new ClusterRepository(db.prisma).register(name, 'generic');
    return { clusterId: String(cluster.id), token };
  } finally {
    await db.close();
  }
}

export interface StepResult {
  drive: DriveResult;
  journaled: number;
  committedPerS: number;
  maxLag: number;
  /** The largest backlog in the agent (queued + in flight) and in the journal (not yet committed by the worker). */
  maxAgentLag: number;
  maxJournalLag: number;
  drainMs: number;
  sustained: boolean;
  latency: ReturnType<typeof summarize>;
  missing: number;
}

/**
 * Drives `rate` changes a second for `seconds` while sampling the lag (events the agent still holds plus
 * journaled events the worker has not committed), then times how long the pipeline takes to drain.
 */
async function rateStep(sim: Part, agent: Part, obs: Observer, rate: number, seconds: number, probeMs = 100): Promise<StepResult> {
  const head0 = await obs.head();
  const cursor0 = obs.cursor;
  const t0 = clock();
  let maxLag = 0;
  let maxAgentLag = 0;
  let maxJournalLag = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const [st, head] = await Promise.all([agent.request<AgentStatus>({ op: 'status' }), obs.head()]);
      maxLag = Math.max(maxLag, st.ingest.queued + st.ingest.inFlight + head - obs.cursor);
      // Where the lag sits: not yet ingested (the agent's queue) or ingested and not yet computed (the journal).
      maxAgentLag = Math.max(maxAgentLag, st.ingest.queued + st.ingest.inFlight);
      maxJournalLag = Math.max(maxJournalLag, head - obs.cursor);
      await sleep(250);
    }
  })();
  const drive = await sim.request<DriveResult>({ op: 'drive', rate, seconds, probeEveryMs: probeMs });
  const tEnd = clock();
  const cursorEnd = obs.cursor;
  sampling = false;
  await sampler;
  // Drained: the agent holds nothing, the journal stopped growing and the worker committed all of it.
  let lastHead = -1;
  const drainedAt = await obs.until(
    'the pipeline to drain',
    async () => {
      const st = await agent.request<AgentStatus>({ op: 'status' });
      const head = await obs.head();
      const done = st.ingest.queued + st.ingest.inFlight === 0 && head === lastHead && obs.cursor >= head;
      lastHead = head;
      return done;
    },
    300_000,
    20,
  );
  const head1 = await obs.head();
  // The drained check waits one poll for the head to be stable; the commit time of the head is the drain.
  const drainMs = Math.max(0, (obs.committedAt(head1) ?? drainedAt) - tEnd);
  const probes = await obs.probeLatencies(drive.probes as Probe[], 10_000);
  const committedPerS = (cursorEnd - cursor0) / ((tEnd - t0) / 1000);
  return {
    drive,
    journaled: head1 - head0,
    committedPerS,
    maxLag,
    maxAgentLag,
    maxJournalLag,
    drainMs,
    sustained: drive.achievedRate >= rate * 0.95 && drainMs <= DRAIN_SLACK_MS,
    latency: summarize(probes.latencies),
    missing: probes.missing,
  };
}

/** Exposure-creating policies one at a time: the time from the change to the commit that opened its alert. */
async function alertProbes(sim: Part, obs: Observer, n: number): Promise<{ latencies: number[]; missing: number }> {
  const latencies: number[] = [];
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const probe = await sim.request<Probe>({ op: 'alert-probe', index: i, create: true });
    const seq = await waitForSeq(obs, probe);
    const at = seq === undefined ? undefined : await obs.until('the alert commit', () => obs.committedAt(seq) !== undefined, 30_000, 5).then(() => obs.committedAt(seq));
    const rule = seq === undefined ? undefined : await obs.alertOpenedBy(seq);
    if (at === undefined || rule !== 'exposed-to-internet') missing++;
    else latencies.push(at - probe.at);
    await sim.request({ op: 'alert-probe', index: i, create: false });
    const head = await obs.until('the deletion to be journaled', async () => (await obs.head()) > (seq ?? 0), 30_000, 5).then(() => obs.head());
    await obs.until('the deletion to be committed', () => obs.cursor >= head, 30_000, 5);
  }
  return { latencies, missing };
}

async function waitForSeq(obs: Observer, probe: Probe): Promise<number | undefined> {
  let seq: number | undefined;
  await obs
    .until('the probe to be journaled', async () => (seq = (await obs.seqsOf([probe]))[0]) !== undefined, 30_000, 5)
    .catch(() => undefined);
  return seq;
}

export type { Args };

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`bench pipeline: ${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
