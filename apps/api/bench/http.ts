/**
 * REST latency benchmark (issue 4): p50/p99 of posture (`GET …/namespaces`), the workload-level graph and
 * explain on a generated cluster, then throughput with many concurrent keep-alive HTTP clients.
 *
 * Setup, realistic but quick: the simulator's generator (the same cluster the pipeline bench syncs) turned
 * into the agent's normalised objects, written through IngestRepository.applyBatch as one relist per kind
 * (syncEpoch + SYNC_END, exactly what an agent sends), then the real worker computes its baseline (edges,
 * posture) and is stopped, so it takes no CPU from the measurement. The API runs in its own process
 * (node apps/api/bin/api.js), as in production; the clients run here.
 *
 *   node_modules/.bin/tsx apps/api/bench/http.ts [--size S|M|L] [--quick] [--seed N] [--clients N] [--duration-s N]
 *   BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/api-prof' node_modules/.bin/tsx apps/api/bench/http.ts …
 *     (extra node flags for the API process only)
 *
 * Latency = one client, requests one after another, time to the last byte. The first request of each
 * endpoint is reported apart ("cold": explain builds the API's engine cache on it). Throughput = `--clients`
 * clients (default 64) for `--duration-s` (default 15), each looping over a mix: once posture + explain,
 * once with the graph added (one request in ten). The graph's SQL is also timed alone, on the pool.
 * Last, explain after a change: before each request one pod is relabelled through ingest (a MODIFIED
 * event, as a live agent sends it), so every answer follows a journal move the API must replay first.
 * Prints `BENCH {"suite":"api",...}` lines and a table against the targets. Exits 1 when a request failed
 * (a missed target is reported, not an error: this is a measurement).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MAX_EVENTS_PER_BATCH, WATCHED_KINDS, type IngestEvent, type IngestObject } from '@reachwatch/contracts';
import { ClusterRepository, connectDb, GraphReadRepository, IngestRepository, migrate, POSTURE_SORTS, startDatabase } from '@reachwatch/db';
import { normalizeLiveObject } from '@reachwatch/k8s';
import type { Pod } from '@reachwatch/policy-engine';
import { GENERATED_SIZES, generatedParams, stateToObjects } from '@reachwatch/sim';
import { startWorker } from '@reachwatch/worker';
import { generateClusterWith } from '../../../libs/policy-engine/bench/generate';
import { round, sleep, summarize, type Summary } from '../../launcher/bench/stats';

const root = path.resolve(__dirname, '../../..');
const TARGETS: Record<string, number> = { graph_workload_p99: 300, explain_p99: 50 };
const progress = (msg: string) => process.stderr.write(`[bench api-http] ${msg}\n`);

interface Args { size: 'S' | 'M' | 'L'; quick: boolean; seed: number; clients: number; durationS: number }

function parseArgs(argv: string[]): Args {
  const a: Args = { size: 'L', quick: false, seed: 1, clients: 64, durationS: 15 };
  let clients: number | undefined;
  let duration: number | undefined;
  const int = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size') {
      const v = value()?.toUpperCase();
      if (v !== 'S' && v !== 'M' && v !== 'L') throw new Error(`--size must be S, M or L, got "${v}"`);
      a.size = v;
    } else if (flag === '--quick') a.quick = true;
    else if (flag === '--seed') a.seed = int('--seed', value());
    else if (flag === '--clients') clients = int('--clients', value());
    else if (flag === '--duration-s') duration = int('--duration-s', value());
    else throw new Error(`unknown option "${argv[i]}" (options: --size S|M|L, --quick, --seed N, --clients N, --duration-s N)`);
  }
  a.clients = clients ?? (a.quick ? 16 : 64);
  a.durationS = duration ?? (a.quick ? 5 : 15);
  return a;
}

const bench = (size: string, metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) =>
  console.log(`BENCH ${JSON.stringify({ suite: 'api', size, metric, value: round(value, 2), unit, ...extra })}`);

/** One generated object as the agent would send it: uid (stable per kind and name) and resourceVersion stamped, normalised. */
function agentObject(o: Record<string, unknown>, resourceVersion: string): { object: IngestObject; manager: string | null | undefined } {
  const meta = o.metadata as { name: string; namespace?: string };
  const uid = createHash('sha1').update(`${String(o.kind)}/${meta.namespace ?? ''}/${meta.name}`).digest('hex');
  const { object, manager } = normalizeLiveObject({ ...o, metadata: { ...meta, uid, resourceVersion } });
  return { object: object as IngestObject, manager };
}

/**
 * A live change, as a watch would send it: pod `o` relabelled (a label no policy selects on, so the
 * answers stay those of the measured cluster; the journal moves all the same).
 */
function relabelEvent(o: Record<string, unknown>, n: number): IngestEvent {
  const meta = o.metadata as { labels?: Record<string, string> };
  const changed = { ...o, metadata: { ...meta, labels: { ...meta.labels, 'bench.reachwatch/change': String(n) } } };
  const { object, manager } = agentObject(changed, String(1 + n));
  return { type: 'MODIFIED', object, manager };
}

/** The generated cluster as the agent would send it: uid and resourceVersion stamped, then normalised. */
function relistBatches(objects: Record<string, unknown>[]): IngestEvent[][] {
  const byKind = new Map<string, IngestEvent[]>(WATCHED_KINDS.map((k) => [k, []]));
  const syncEpoch = 'bench-1';
  for (const o of objects) {
    const { object, manager } = agentObject(o, '1');
    byKind.get(object.kind)!.push({ type: 'ADDED', object, manager, syncEpoch });
  }
  const events: IngestEvent[] = [];
  for (const [kind, list] of byKind) if (list.length) events.push(...list, { type: 'SYNC_END', kind: kind as (typeof WATCHED_KINDS)[number], syncEpoch });
  const batches: IngestEvent[][] = [];
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) batches.push(events.slice(i, i + MAX_EVENTS_PER_BATCH));
  return batches;
}

async function startApiProcess(databaseUrl: string, password: string): Promise<{ url: string; child: ChildProcess }> {
  // Opt-in node flags for the API process alone, e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/p'
  // (command-line flags, not NODE_OPTIONS: node refuses --cpu-prof there). The profile is written when the
  // bench stops the API with SIGTERM.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'apps/api/bin/api.js')], {
    cwd: root,
    // The explain cache holds an engine of the whole cluster: L needs more than the default heap.
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`, DATABASE_URL: databaseUrl, PORT: '0', REACHWATCH_ADMIN_EMAIL: 'bench@reachwatch.local', REACHWATCH_ADMIN_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before listening`)));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const l = JSON.parse(line) as { event?: string; url?: string };
        if (l.event === 'listening' && l.url) {
          // From here on only drain its request log: parsing it would take CPU from the clients.
          lines.close();
          child.stdout!.resume();
          resolve(l.url);
        }
      } catch {
        // not a log line
      }
    });
  });
  return { url, child };
}

/** A keep-alive HTTP client: `get` resolves with the status, body size and time to the last byte. */
class Client {
  readonly agent: http.Agent;
  constructor(private readonly base: URL, private readonly token: string, sockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }
  get(pathAndQuery: string): Promise<{ status: number; bytes: number; ms: number; body: string }> {
    const t0 = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.get({ host: this.base.hostname, port: this.base.port, path: pathAndQuery, agent: this.agent, headers: { authorization: `Bearer ${this.token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: body.length, ms: performance.now() - t0, body: res.statusCode === 200 ? '' : body.toString('utf8').slice(0, 300) });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
    });
  }
}

/** Deterministic request targets: posture pages in every sort, graph pages, explain between random pods. */
function targets(cluster: string, pods: readonly Pod[], seed: number) {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const sorts = Object.keys(POSTURE_SORTS);
  const base = `/api/v1/clusters/${encodeURIComponent(cluster)}`;
  const endpoint = (p: Pod) => encodeURIComponent(`${p.namespace}/${p.workload.name}[${p.workload.kind}]`);
  return {
    posture: (i: number) => `${base}/namespaces?limit=100&sort=${sorts[i % sorts.length]}&order=${i % 2 ? 'desc' : 'asc'}`,
    graph: () => `${base}/graph?level=workload`,
    explain: () => {
      const from = pods[Math.floor(rand() * pods.length)];
      // Two different workloads: a single-pod workload to itself is refused (400), and a pair inside one
      // workload is not what a person asks about.
      let to = pods[Math.floor(rand() * pods.length)];
      while (to.namespace === from.namespace && to.workload.name === from.workload.name && to.workload.kind === from.workload.kind) to = pods[Math.floor(rand() * pods.length)];
      const c = to.ports.find((x) => x.protocol === 'TCP') ?? to.ports[0];
      return `${base}/explain?from=${endpoint(from)}&to=${endpoint(to)}&port=${c ? `${c.protocol}/${c.port}` : 'TCP/80'}`;
    },
  };
}

type Kind = 'posture' | 'graph' | 'explain';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = GENERATED_SIZES[args.size];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-bench-http-'));
  const pg = await startDatabase({ dataDir, port: 0, ephemeral: true, env: {} });
  let api: ChildProcess | undefined;
  let failures = 0;
  let db: ReturnType<typeof connectDb> | undefined;
  try {
    await migrate(pg.url);
    db = connectDb(pg.url, { max: 4 });
    const clusterName = 'bench';
    const { cluster } = await new ClusterRepository(db.prisma).register(clusterName);

    progress(`size ${args.size}: generating ${size.pods} pods, ${size.namespaces} namespaces, ${size.policies} policies…`);
    const state = generateClusterWith(generatedParams({ pods: size.pods, namespaces: size.namespaces, policies: size.policies, seed: args.seed }, size.podCidr), args.seed);
    const pods = state.pods.filter((p) => !p.hostNetwork);
    const objects = stateToObjects(state);
    const batches = relistBatches(objects);
    const ingest = new IngestRepository(db.pool);
    let t = performance.now();
    let head = 0;
    for (const events of batches) head = (await ingest.applyBatch(cluster.id, { agentId: 'bench-http', events })).lastSeq;
    const ingestMs = performance.now() - t;
    progress(`ingested ${batches.reduce((n, b) => n + b.length, 0)} events in ${round(ingestMs / 1000, 2)} s; worker baseline…`);

    t = performance.now();
    const worker = await startWorker({ databaseUrl: pg.url, workerId: 'bench-http-worker', pollMs: 500, log: () => undefined });
    const deadline = Date.now() + 900_000;
    let lastError: string | undefined;
    for (;;) {
      const st = worker.status().clusters.find((c) => c.clusterId === String(cluster.id));
      // The worker retries a failed step from what was committed; say so, keep waiting.
      if (st?.state === 'failed' && st.lastError !== lastError) progress(`worker step failed (it retries): ${(lastError = st.lastError)}`);
      if ((st?.cursor ?? 0) >= head) break;
      if (Date.now() > deadline) throw new Error(`the worker had not reached seq ${head} after 900 s (cursor ${st?.cursor})`);
      await sleep(100);
    }
    const baselineMs = performance.now() - t;
    await worker.stop();
    progress(`worker baseline committed in ${round(baselineMs / 1000, 2)} s; starting the API…`);

    const password = 'bench password that is long enough';
    const started = await startApiProcess(pg.url, password);
    api = started.child;
    const login = await fetch(`${started.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@reachwatch.local', password }) });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };

    const to = targets(clusterName, pods, args.seed);
    const url = (k: Kind, i: number) => (k === 'posture' ? to.posture(i) : k === 'graph' ? to.graph() : to.explain());
    const extra = { size: args.size };
    const rows: Record<string, Record<string, string>> = {};
    const throughput: string[] = [];
    const fail = (k: Kind, status: number, body: string) => {
      failures++;
      if (failures <= 5) progress(`${k}: HTTP ${status} ${body}`);
    };

    // 1. Latency: one client, sequential.
    const one = new Client(new URL(started.url), token, 1);
    const counts: Record<Kind, number> = args.quick ? { posture: 30, graph: 10, explain: 50 } : { posture: 200, graph: 50, explain: 500 };
    const latency: Partial<Record<Kind, Summary>> = {};
    for (const k of ['posture', 'graph', 'explain'] as Kind[]) {
      const cold = await one.get(url(k, 0));
      if (cold.status !== 200) fail(k, cold.status, cold.body);
      bench(args.size, `${k}_cold`, cold.ms, 'ms', { bytes: cold.bytes });
      const times: number[] = [];
      let bytes = 0;
      for (let i = 1; i <= counts[k]; i++) {
        const r = await one.get(url(k, i));
        if (r.status !== 200) fail(k, r.status, r.body);
        times.push(r.ms);
        bytes = Math.max(bytes, r.bytes);
      }
      const s = (latency[k] = summarize(times));
      const name = k === 'graph' ? 'graph_workload' : k;
      bench(args.size, `${name}_p50`, s.p50, 'ms', { n: s.n });
      bench(args.size, `${name}_p99`, s.p99, 'ms', { n: s.n, max: round(s.max), bytes });
      const target = TARGETS[`${name}_p99`];
      rows[`${name} (1 client)`] = {
        'cold ms': String(round(cold.ms)),
        'p50 ms': String(round(s.p50)),
        'p99 ms': String(round(s.p99)),
        'target p99': target ? `≤ ${target} ms` : '—',
        result: target ? (s.p99 <= target ? 'PASS' : 'MISS') : '—',
        bytes: String(bytes),
      };
    }
    one.agent.destroy();

    // Where the graph's time goes: the repository's two queries alone, straight on the pool (no HTTP, no Nest).
    const edgeRows = Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM edge WHERE cluster_id = $1', [cluster.id])).rows[0].n);
    const graphRepo = new GraphReadRepository(db.pool);
    const sqlTimes: number[] = [];
    for (let i = 0; i < (args.quick ? 3 : 10); i++) {
      const t2 = performance.now();
      await graphRepo.workloadGraph(cluster.id, {}, { limit: 2000, fanIn: 50 });
      sqlTimes.push(performance.now() - t2);
    }
    const sql = summarize(sqlTimes);
    bench(args.size, 'edge_rows', edgeRows, 'rows', extra);
    bench(args.size, 'graph_workload_sql_p50', sql.p50, 'ms', { n: sql.n });
    rows['graph_workload SQL only'] = { 'cold ms': '—', 'p50 ms': String(round(sql.p50)), 'p99 ms': String(round(sql.p99)), 'target p99': '—', result: `${edgeRows} edges`, bytes: '—' };
    await db.close();
    db = undefined;

    // 2. Throughput: many clients, each with its own keep-alive connection, looping over a mix. Twice:
    //    reads only (posture, explain), then with the graph (one request in ten: graphs are what a UI asks
    //    for least often, and cost most).
    const reads: Kind[] = ['posture', 'explain'];
    const withGraph: Kind[] = ['posture', 'explain', 'posture', 'explain', 'posture', 'explain', 'posture', 'explain', 'posture', 'graph', 'explain', 'posture', 'explain', 'posture', 'explain', 'posture', 'explain', 'posture', 'explain', 'graph'];
    for (const [label, mix] of [['reads', reads], ['mixed', withGraph]] as const) {
      progress(`throughput (${label}): ${args.clients} clients for ${args.durationS} s…`);
      const many = new Client(new URL(started.url), token, args.clients);
      const under: Record<Kind, number[]> = { posture: [], graph: [], explain: [] };
      const stopAt = performance.now() + args.durationS * 1000;
      const t1 = performance.now();
      await Promise.all(
        Array.from({ length: args.clients }, async (_, c) => {
          for (let i = c; performance.now() < stopAt; i += args.clients) {
            const k = mix[i % mix.length];
            const r = await many.get(url(k, i));
            if (r.status !== 200) fail(k, r.status, r.body);
            under[k].push(r.ms);
          }
        }),
      );
      const elapsedS = (performance.now() - t1) / 1000;
      many.agent.destroy();
      const total = under.posture.length + under.graph.length + under.explain.length;
      const tput = { clients: args.clients, durationS: round(elapsedS, 1), mix: label };
      bench(args.size, `concurrent_${label}_throughput`, total / elapsedS, 'req/s', tput);
      throughput.push(`${label}: ${round(total / elapsedS)} req/s over ${round(elapsedS, 1)} s`);
      for (const k of ['posture', 'graph', 'explain'] as Kind[]) {
        if (!under[k].length) continue;
        const s = summarize(under[k]);
        const name = k === 'graph' ? 'graph_workload' : k;
        bench(args.size, `concurrent_${label}_${name}_p50`, s.p50, 'ms', { ...tput, n: s.n });
        bench(args.size, `concurrent_${label}_${name}_p99`, s.p99, 'ms', { ...tput, n: s.n });
        rows[`${name} (${args.clients} clients, ${label})`] = { 'cold ms': '—', 'p50 ms': String(round(s.p50)), 'p99 ms': String(round(s.p99)), 'target p99': '—', result: `${s.n} req`, bytes: '—' };
      }
    }
    // 3. Explain after a change: each request follows a journal move (one pod relabelled through ingest,
    //    as live watch events arrive), so the API replays it before answering. Last, so the figures above
    //    are of the unchanged cluster.
    progress('explain after a change…');
    db = connectDb(pg.url, { max: 2 });
    const liveIngest = new IngestRepository(db.pool);
    const podObjects = objects.filter((o) => o.kind === 'Pod');
    const afterChange: number[] = [];
    const oneClient = new Client(new URL(started.url), token, 1);
    for (let i = 1; i <= (args.quick ? 20 : 100); i++) {
      const change = relabelEvent(podObjects[(i * 7919) % podObjects.length], i);
      await liveIngest.applyBatch(cluster.id, { agentId: 'bench-http', events: [change] });
      const r = await oneClient.get(to.explain());
      if (r.status !== 200) fail('explain', r.status, r.body);
      afterChange.push(r.ms);
    }
    oneClient.agent.destroy();
    const ac = summarize(afterChange);
    bench(args.size, 'explain_after_change_p50', ac.p50, 'ms', { n: ac.n });
    bench(args.size, 'explain_after_change_p99', ac.p99, 'ms', { n: ac.n, max: round(ac.max) });
    rows['explain after a change (1 client)'] = {
      'cold ms': '—',
      'p50 ms': String(round(ac.p50)),
      'p99 ms': String(round(ac.p99)),
      'target p99': `≤ ${TARGETS.explain_p99} ms`,
      result: ac.p99 <= TARGETS.explain_p99 ? 'PASS' : 'MISS',
      bytes: '—',
    };
    await db.close();
    db = undefined;

    bench(args.size, 'requests_failed', failures, 'requests', extra);
    bench(args.size, 'setup_ingest', ingestMs, 'ms', extra);
    bench(args.size, 'setup_worker_baseline', baselineMs, 'ms', extra);
    console.log(`\nAPI latency, size ${args.size} (${size.pods} pods, ${size.namespaces} namespaces, ${size.policies} policies)${args.quick ? ', quick' : ''}`);
    console.table(rows);
    console.log(`throughput with ${args.clients} concurrent keep-alive clients — ${throughput.join('; ')}; failed requests: ${failures}`);
  } finally {
    await db?.close().catch(() => undefined);
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await new Promise((r) => api!.once('exit', r));
    }
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failures) process.exitCode = 1;
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
