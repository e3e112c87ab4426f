/**
 * The engine benchmark: `npm run bench [-- --size S|M|L|XL ... --events N --naive-timeout-s 60]`.
 *
 * The parent process runs nothing heavy itself. Per size it forks
 *   1. an engine child (`--child engine`): generates the cluster and the event stream (timed apart, not
 *      counted), then ReachabilityEngine.load and the first connections() (together the full compute,
 *      `full_ms`; `load_ms` and `connections_ms` are its parts; at XL the pairs are counted, and streamed
 *      once more apart as `stream_ms`), and apply() for every event;
 *   2. a naive child (`--child naive`), only where the reference evaluator can finish within the timeout,
 *      killed hard when it does not;
 * so memory figures never mix between sizes or engines. Results come back over IPC; the parent prints one
 * `BENCH {...}` line per figure (stdout), a table at the end, and progress on stderr.
 */
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { Connection, ReachabilityDelta, endpointKey } from '../src/analysis';
import { ClusterState, CniProfile, ObjectChange } from '../src/model';
import { naiveAnalyze } from '../src/naive';
import { diffAnalyses } from '../src/diff';
import { ClusterModel, EventKind, SIZES, SIZE_NAMES, Size, clusterCounts, generateCluster, generateLabelledEvents } from './generate';

const SUITE = 'engine';
const CNI: CniProfile = 'generic';
const ENGINE_MODULE: string = '../src/engine';

// ---------------------------------------------------------------------------------------------------------
// Arguments

interface Args {
  sizes: Size[];
  events: number;
  naiveTimeoutS: number;
  engineTimeoutS: number;
  incrBudgetS: number;
  seed: number;
  naive: boolean;
  verify: boolean;
  maxHeapMb?: number;
  child?: 'engine' | 'naive';
}

const USAGE = `usage: npm run bench -- [options]
  --size S|M|L|XL        size to run (repeatable or comma-separated; default: all four)
  --events N             incremental events per size (default 10000)
  --naive-timeout-s T    hard limit for the naive reference evaluator (default 60)
  --engine-timeout-s T   hard limit for one size's engine run (default 3600)
  --incr-budget-s T      stop applying events after T seconds and report those applied (default 1500)
  --seed N               generator seed (default 1)
  --no-naive             skip the naive evaluator
  --verify               also check the engine's connections after the events against naive (S/M only)
  --max-heap-mb N        V8 heap limit of the child processes (default by size)`;

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: [], events: 10_000, naiveTimeoutS: 60, engineTimeoutS: 3600, incrBudgetS: 1500, seed: 1, naive: true, verify: false };
  const num = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) fail(`${flag} needs a number ≥ ${min}, got ${v ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)] : [argv[i], undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--size':
        for (const s of (value() ?? '').split(',')) {
          const up = s.trim().toUpperCase();
          if (!(SIZE_NAMES as readonly string[]).includes(up)) fail(`unknown size "${s}" (expected S, M, L or XL)`);
          if (!a.sizes.includes(up as Size)) a.sizes.push(up as Size);
        }
        break;
      case '--events': a.events = Math.floor(num(flag, value(), 0)); break;
      case '--naive-timeout-s': a.naiveTimeoutS = num(flag, value(), 1); break;
      case '--engine-timeout-s': a.engineTimeoutS = num(flag, value(), 1); break;
      case '--incr-budget-s': a.incrBudgetS = num(flag, value(), 1); break;
      case '--seed': a.seed = Math.floor(num(flag, value(), 0)); break;
      case '--max-heap-mb': a.maxHeapMb = Math.floor(num(flag, value(), 256)); break;
      case '--no-naive': a.naive = false; break;
      case '--verify': a.verify = true; break;
      case '--child': {
        const c = value();
        if (c !== 'engine' && c !== 'naive') fail(`--child engine|naive, got ${c}`);
        a.child = c;
        break;
      }
      case '-h':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        fail(`unknown argument "${argv[i]}"\n${USAGE}`);
    }
  }
  if (a.sizes.length === 0) a.sizes = [...SIZE_NAMES];
  a.sizes.sort((x, y) => SIZE_NAMES.indexOf(x) - SIZE_NAMES.indexOf(y));
  return a;
}

function fail(msg: string): never {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Messages between the parent and its children

type Metrics = Record<string, number>;

interface EngineResult {
  type: 'engine-result';
  metrics: Metrics;
  /** Per event kind: count, p50, p99, max (ms). */
  byKind: Record<string, { n: number; p50: number; p99: number; max: number }>;
  stats?: Record<string, unknown>;
  digest: string;
  verify?: { ok: boolean; detail: string };
  budgetStop?: string;
  notes?: string[];
  error?: string;
}

interface NaiveResult {
  type: 'naive-result';
  ms: number;
  connections: number;
  digest: string;
}

type ChildMessage = EngineResult | NaiveResult | { type: 'engine-partial'; metrics: Metrics } | { type: 'naive-start' } | { type: 'error'; message: string };

function send(m: ChildMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(m, undefined, {}, () => resolve()) : resolve()));
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

const now = () => performance.now();
const mb = (bytes: number) => bytes / 1048576;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function progress(size: Size, msg: string): void {
  process.stderr.write(`[bench ${size}] ${msg}\n`);
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summarize(values: number[]): { n: number; p50: number; p99: number; max: number; mean: number; total: number } {
  const s = Float64Array.from(values).sort();
  const total = values.reduce((x, y) => x + y, 0);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : 0, mean: s.length ? total / s.length : 0, total };
}

/** An order-independent fingerprint of a connection list (endpoints and exact ports). */
function digestConnections(conns: readonly Connection[]): string {
  const lines = conns.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)} : ${portsText(c.ports)}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

function portsText(p: unknown): string {
  const withKey = p as { key?: () => string };
  return typeof withKey.key === 'function' ? withKey.key() : String(p);
}

function stateForRun(size: Size, seed: number): { state: ClusterState; genMs: number } {
  const t = now();
  const state = generateCluster(size, seed);
  return { state, genMs: now() - t };
}

// ---------------------------------------------------------------------------------------------------------
// The engine, loaded at run time so that the naive side works without it

interface EngineLike {
  load(state: ClusterState): void;
  apply(change: ObjectChange): ReachabilityDelta;
  connections(): Connection[];
  connectionCount(): number;
  forEachConnection?(f: (src: unknown, dst: unknown, ports: unknown) => void): void;
  stats?(): object;
}
type EngineCtor = new (opts: { cni: CniProfile }) => EngineLike;

async function loadEngine(): Promise<EngineCtor> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(ENGINE_MODULE)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`cannot load the fast engine (${ENGINE_MODULE}): ${(e as Error).message}`);
  }
  const ctor = mod.ReachabilityEngine ?? (mod.default as Record<string, unknown> | undefined)?.ReachabilityEngine;
  if (typeof ctor !== 'function') throw new Error(`${ENGINE_MODULE} does not export a ReachabilityEngine class`);
  return ctor as EngineCtor;
}

// ---------------------------------------------------------------------------------------------------------
// Children

async function engineChild(args: Args): Promise<void> {
  const size = args.sizes[0];
  const metrics: Metrics = {};
  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => {
    const r = process.memoryUsage().rss;
    if (r > peakRss) peakRss = r;
  };

  progress(size, 'generating cluster…');
  const { state, genMs } = stateForRun(size, args.seed);
  const t0 = now();
  const events = generateLabelledEvents(state, args.events, args.seed + 1000);
  const eventsGenMs = now() - t0;
  const counts = clusterCounts(state);
  Object.assign(metrics, {
    gen_ms: genMs, events_gen_ms: eventsGenMs, pods: counts.pods, namespaces: counts.namespaces, policies: counts.policies,
    admin_policies: counts.adminPolicies, workloads: counts.workloads, label_sets: counts.labelSets, nodes: counts.nodes,
  });
  progress(size, `generated ${counts.pods} pods, ${counts.namespaces} namespaces, ${counts.policies} policies, ${counts.labelSets} label sets in ${(genMs / 1000).toFixed(1)} s (+${events.length} events in ${(eventsGenMs / 1000).toFixed(1)} s)`);

  const Engine = await loadEngine();
  gc();
  sampleRss();
  const before = process.memoryUsage();
  metrics.rss_before_load_mb = mb(before.rss);

  const result: EngineResult = { type: 'engine-result', metrics, byKind: {}, digest: '' };
  const engine = new Engine({ cni: CNI });
  // The full computation a user waits for is load plus the first connection list: full_ms is their sum
  // (and what the naive evaluator, which produces the list, is compared against); both parts are kept.
  progress(size, 'full compute (load + connections)…');
  let t = now();
  engine.load(state);
  metrics.load_ms = now() - t;
  sampleRss();

  t = now();
  // At XL the workload-pair list runs to tens of millions of entries, more than a 6 GiB heap holds (and
  // more than any consumer reads: the API aggregates); there the same pass counts pairs instead of listing them.
  const listed = size !== 'XL';
  const conns = listed ? engine.connections() : undefined;
  metrics.connections = conns ? conns.length : engine.connectionCount();
  metrics.connections_ms = now() - t;
  metrics.full_ms = metrics.load_ms + metrics.connections_ms;
  const what = listed ? 'connections' : 'connections counted, not listed';
  progress(size, `full compute: ${(metrics.full_ms / 1000).toFixed(2)} s (load ${(metrics.load_ms / 1000).toFixed(2)} s + ${what} ${(metrics.connections_ms / 1000).toFixed(2)} s)`);
  if (!listed) result.notes = [...(result.notes ?? []), 'connections counted (connectionCount), not listed: the list does not fit the heap'];
  if (!listed && typeof engine.forEachConnection === 'function') {
    // What a consumer of the whole list would wait for instead: every pair streamed in list order
    // (forEachConnection), none kept. Timed apart from full_ms.
    t = now();
    let streamed = 0;
    engine.forEachConnection(() => {
      streamed++;
    });
    metrics.stream_ms = now() - t;
    if (streamed !== metrics.connections) result.error = `forEachConnection gave ${streamed} pairs, connectionCount ${metrics.connections}`;
    progress(size, `every pair streamed in order (forEachConnection): ${(metrics.stream_ms / 1000).toFixed(2)} s`);
  }
  result.digest = conns ? digestConnections(conns) : '';
  gc();
  const after = process.memoryUsage();
  metrics.heap_mb = mb(after.heapUsed);
  metrics.heap_engine_mb = mb(after.heapUsed - before.heapUsed);
  sampleRss();

  await send({ type: 'engine-partial', metrics: { ...metrics } });

  if (typeof engine.stats === 'function') {
    const stats = engine.stats() as Record<string, unknown>;
    result.stats = stats;
    for (const [k, v] of Object.entries(stats)) if (typeof v === 'number' && Number.isFinite(v)) metrics[`engine_${k}`] = v;
  }

  // Incremental: one apply per event, each timed.
  const times: number[] = [];
  const byKind = new Map<EventKind, number[]>();
  let added = 0;
  let removed = 0;
  let lastReport = now();
  const incrStart = now();
  progress(size, `applying ${events.length} events…`);
  try {
    for (let i = 0; i < events.length; i++) {
      if (now() - incrStart > args.incrBudgetS * 1000) {
        result.budgetStop = `stopped after ${i} of ${events.length} events: --incr-budget-s ${args.incrBudgetS} spent`;
        progress(size, result.budgetStop);
        break;
      }
      const ev = events[i];
      t = now();
      const delta = engine.apply(ev.change);
      const dt = now() - t;
      times.push(dt);
      let list = byKind.get(ev.kind);
      if (!list) byKind.set(ev.kind, (list = []));
      list.push(dt);
      added += delta?.added?.length ?? 0;
      removed += delta?.removed?.length ?? 0;
      if ((i & 255) === 0) sampleRss();
      if (now() - lastReport > 5000) {
        lastReport = now();
        progress(size, `events ${i + 1}/${events.length}`);
      }
    }
  } catch (e) {
    result.error = `apply failed at event ${times.length} (${events[times.length]?.kind}): ${(e as Error).stack ?? e}`;
  }
  const s = summarize(times);
  Object.assign(metrics, {
    events: s.n, incr_p50_ms: s.p50, incr_p99_ms: s.p99, incr_max_ms: s.max, incr_mean_ms: s.mean, incr_total_ms: s.total,
    delta_added: added, delta_removed: removed,
  });
  for (const [k, v] of byKind) {
    const ks = summarize(v);
    result.byKind[k] = { n: ks.n, p50: ks.p50, p99: ks.p99, max: ks.max };
  }
  if (!result.error) {
    t = now();
    metrics.connections_after = listed ? engine.connections().length : engine.connectionCount();
    metrics.connections_after_ms = now() - t;
  }
  sampleRss();

  if (args.verify && !result.error) {
    if (state.pods.length > 5000) {
      result.verify = { ok: false, detail: 'skipped: --verify runs naive on the final state, only up to M' };
    } else {
      progress(size, 'verifying the final state against naive…');
      const model = new ClusterModel(state);
      for (const ev of events) model.apply(ev.change);
      // The incremental engine keeps every CIDR boundary it has seen, so its list may cut external ranges
      // finer than a fresh computation: compare as sets of (interval, interval, port), not byte for byte.
      const expected = naiveAnalyze(model.toState(), { cni: CNI }).connections;
      const d = diffAnalyses(expected, engine.connections());
      const ok = d.added.length === 0 && d.removed.length === 0;
      result.verify = { ok, detail: ok ? 'engine = naive after all events' : `engine differs from naive: ${d.added.length} extra, ${d.removed.length} missing connections` };
    }
  }
  metrics.peak_rss_mb = Math.max(mb(peakRss), process.resourceUsage().maxRSS / 1024);
  await send(result);
}

async function naiveChild(args: Args): Promise<void> {
  const size = args.sizes[0];
  const { state } = stateForRun(size, args.seed);
  gc();
  await send({ type: 'naive-start' });
  const t = now();
  const r = naiveAnalyze(state, { cni: CNI });
  const ms = now() - t;
  await send({ type: 'naive-result', ms, connections: r.connections.length, digest: digestConnections(r.connections) });
}

// ---------------------------------------------------------------------------------------------------------
// Parent

function heapFor(size: Size, args: Args): number {
  if (args.maxHeapMb) return args.maxHeapMb;
  return { S: 4096, M: 4096, L: 8192, XL: 6144 }[size];
}

type ChildOutcome =
  | { status: 'ok'; messages: ChildMessage[] }
  | { status: 'timeout'; messages: ChildMessage[] }
  | { status: 'failed'; messages: ChildMessage[]; detail: string };

/**
 * Forks this script as a child. The timeout clock starts at `startOn` (a message type) or at once, and
 * the child is killed (SIGKILL) when it runs out.
 */
function runChild(kind: 'engine' | 'naive', size: Size, args: Args, timeoutMs: number, startOn?: string): Promise<ChildOutcome> {
  const childArgs = ['--child', kind, '--size', size, '--events', String(args.events), '--seed', String(args.seed), '--incr-budget-s', String(args.incrBudgetS)];
  if (args.verify) childArgs.push('--verify');
  const child = fork(__filename, childArgs, {
    execArgv: [...process.execArgv, '--expose-gc', `--max-old-space-size=${heapFor(size, args)}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: ChildMessage[] = [];
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let ticker: NodeJS.Timeout | undefined;
    let timedOut = false;
    let started = 0;
    const arm = () => {
      started = now();
      timer = setTimeout(() => {
        timedOut = true;
        progress(size, `${kind} exceeded ${timeoutMs / 1000} s: killing it`);
        child.kill('SIGKILL');
      }, timeoutMs);
      if (kind === 'naive') {
        ticker = setInterval(() => progress(size, `naive running, ${((now() - started) / 1000).toFixed(0)} s…`), 15_000);
      }
    };
    if (!startOn) arm();
    child.on('message', (m: ChildMessage) => {
      messages.push(m);
      if (startOn && m.type === startOn && !timer) {
        if (kind === 'naive') progress(size, `naive reference running (timeout ${timeoutMs / 1000} s)…`);
        arm();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(ticker);
      if (timedOut) resolve({ status: 'timeout', messages });
      else if (code === 0) resolve({ status: 'ok', messages });
      else resolve({ status: 'failed', messages, detail: signal ? `killed by ${signal}` : `exit code ${code}` });
    });
  });
}

interface SizeReport {
  size: Size;
  metrics: Metrics;
  byKind: EngineResult['byKind'];
  stats?: Record<string, unknown>;
  notes: string[];
}

function emit(size: Size, metric: string, value: number): void {
  const rounded = Number.isInteger(value) ? value : Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000;
  process.stdout.write(`BENCH ${JSON.stringify({ suite: SUITE, size, metric, value: rounded })}\n`);
}

async function parent(args: Args): Promise<void> {
  const reports: SizeReport[] = [];
  const timeoutMs = args.naiveTimeoutS * 1000;
  let naiveRef: { size: Size; pods: number; ms: number } | undefined;
  let naiveDead: string | undefined;

  for (const size of args.sizes) {
    const rep: SizeReport = { size, metrics: {}, byKind: {}, notes: [] };
    reports.push(rep);

    // 1. The fast engine.
    const eng = await runChild('engine', size, args, args.engineTimeoutS * 1000);
    const er = eng.messages.find((m): m is EngineResult => m.type === 'engine-result');
    let engineDigest: string | undefined;
    const partial = eng.messages.filter((m): m is { type: 'engine-partial'; metrics: Metrics } => m.type === 'engine-partial').pop();
    if (partial && !er) Object.assign(rep.metrics, partial.metrics);
    if (er) {
      if (er.budgetStop) rep.notes.push(er.budgetStop);
      for (const n of er.notes ?? []) rep.notes.push(n);
      Object.assign(rep.metrics, er.metrics);
      rep.byKind = er.byKind;
      rep.stats = er.stats;
      engineDigest = er.digest;
      if (er.error) rep.notes.push(`engine error: ${er.error.split('\n').slice(0, 3).join(' | ')}`);
      if (er.verify) rep.notes.push(`verify: ${er.verify.detail}`);
      if (er.verify) rep.metrics.verify_ok = er.verify.ok ? 1 : 0;
    }
    for (const m of eng.messages) if (m.type === 'error') rep.notes.push(`engine child error: ${m.message}`);
    if (eng.status === 'timeout') {
      rep.notes.push(`engine run exceeded --engine-timeout-s ${args.engineTimeoutS}`);
      rep.metrics.engine_timeout = 1;
    } else if (eng.status === 'failed') {
      rep.notes.push(`engine child failed (${eng.detail})`);
      rep.metrics.engine_failed = 1;
    }

    // 2. The naive reference, only where it can finish in time.
    const pods = SIZES[size].pods;
    let skip: string | undefined;
    if (!args.naive) skip = '--no-naive';
    else if (naiveDead) skip = naiveDead;
    else if ((size === 'L' || size === 'XL') && !naiveRef) skip = 'no smaller size measured in this run to show it could finish';
    else if (naiveRef && (size === 'L' || size === 'XL') && naiveRef.size === 'M' && naiveRef.ms > timeoutMs / 10) skip = `M took ${(naiveRef.ms / 1000).toFixed(1)} s > timeout/10`;
    else if (naiveRef) {
      // Pair by pair: at least quadratic in pods.
      const predicted = naiveRef.ms * (pods / naiveRef.pods) ** 2;
      if (predicted > timeoutMs) skip = `predicted ≥ ${(predicted / 1000).toFixed(0)} s from ${naiveRef.size} (quadratic)`;
    }
    if (skip) {
      rep.notes.push(`naive skipped: ${skip}`);
    } else {
      const nv = await runChild('naive', size, args, timeoutMs, 'naive-start');
      const nr = nv.messages.find((m): m is NaiveResult => m.type === 'naive-result');
      if (nv.status === 'timeout') {
        rep.metrics.naive_timeout = timeoutMs;
        naiveDead = `naive timed out at ${size}`;
        rep.notes.push(`naive: timeout after ${args.naiveTimeoutS} s`);
        if (rep.metrics.full_ms) rep.metrics.speedup_vs_naive_min = timeoutMs / rep.metrics.full_ms;
      } else if (nr) {
        rep.metrics.naive_ms = nr.ms;
        rep.metrics.naive_connections = nr.connections;
        naiveRef = { size, pods, ms: nr.ms };
        if (rep.metrics.full_ms) rep.metrics.speedup_vs_naive = nr.ms / rep.metrics.full_ms;
        if (engineDigest) {
          const same = engineDigest === nr.digest;
          rep.metrics.naive_match = same ? 1 : 0;
          if (!same) rep.notes.push(`MISMATCH: engine connections (${rep.metrics.connections}, ${engineDigest}) ≠ naive (${nr.connections}, ${nr.digest})`);
        }
      } else {
        for (const m of nv.messages) if (m.type === 'error') rep.notes.push(`naive child error: ${m.message}`);
        rep.notes.push(`naive child failed (${nv.status === 'failed' ? nv.detail : nv.status})`);
        naiveDead = `naive failed at ${size}`;
      }
    }

    const order = [
      'full_ms', 'load_ms', 'connections_ms', 'stream_ms', 'incr_p50_ms', 'incr_p99_ms', 'incr_max_ms', 'incr_mean_ms', 'events', 'peak_rss_mb', 'heap_mb', 'heap_engine_mb',
      'naive_ms', 'naive_timeout', 'speedup_vs_naive', 'speedup_vs_naive_min', 'naive_match', 'pods', 'namespaces', 'policies',
      'admin_policies', 'workloads', 'label_sets', 'nodes', 'connections', 'connections_after', 'gen_ms', 'events_gen_ms',
    ];
    const keys = [...order.filter((k) => k in rep.metrics), ...Object.keys(rep.metrics).filter((k) => !order.includes(k)).sort()];
    for (const k of keys) emit(size, k, rep.metrics[k]);
    for (const [kind, v] of Object.entries(rep.byKind)) {
      emit(size, `incr_p50_ms.${kind}`, v.p50);
      emit(size, `incr_p99_ms.${kind}`, v.p99);
      emit(size, `incr_max_ms.${kind}`, v.max);
    }
    for (const n of rep.notes) progress(size, n);
  }
  printTable(reports, args);
  if (reports.some((r) => r.metrics.naive_match === 0 || r.metrics.verify_ok === 0 || r.metrics.engine_failed || r.notes.some((n) => n.startsWith('engine error')))) {
    process.exitCode = 1;
  }
}

function printTable(reports: SizeReport[], args: Args): void {
  const f = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const ms = (v: number | undefined) => (v === undefined ? '–' : v >= 100 ? f(v, 0) : v >= 1 ? f(v, 1) : f(v, 3));
  const cols: [string, (r: SizeReport) => string][] = [
    ['size', (r) => r.size],
    ['pods', (r) => f(r.metrics.pods)],
    ['ns', (r) => f(r.metrics.namespaces)],
    ['policies', (r) => f(r.metrics.policies)],
    ['label sets', (r) => f(r.metrics.label_sets)],
    ['gen s', (r) => f(r.metrics.gen_ms === undefined ? undefined : r.metrics.gen_ms / 1000, 1)],
    ['full ms', (r) => ms(r.metrics.full_ms)],
    ['load ms', (r) => ms(r.metrics.load_ms)],
    ['conns ms', (r) => ms(r.metrics.connections_ms)],
    ['incr p50', (r) => ms(r.metrics.incr_p50_ms)],
    ['incr p99', (r) => ms(r.metrics.incr_p99_ms)],
    ['incr max', (r) => ms(r.metrics.incr_max_ms)],
    ['events', (r) => f(r.metrics.events)],
    ['peak RSS MB', (r) => f(r.metrics.peak_rss_mb)],
    ['heap MB', (r) => f(r.metrics.heap_mb)],
    ['naive ms', (r) => (r.metrics.naive_timeout ? `>${f(r.metrics.naive_timeout)}` : ms(r.metrics.naive_ms))],
    ['speedup', (r) => (r.metrics.speedup_vs_naive !== undefined ? `${f(r.metrics.speedup_vs_naive, 1)}×` : r.metrics.speedup_vs_naive_min !== undefined ? `>${f(r.metrics.speedup_vs_naive_min, 0)}×` : '–')],
    ['connections', (r) => f(r.metrics.connections)],
  ];
  const rows = reports.map((r) => cols.map(([, get]) => get(r)));
  const widths = cols.map(([h], i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out: string[] = [];
  out.push('');
  out.push(`Reachwatch engine benchmark — cni ${CNI}, seed ${args.seed}, ${args.events} events per size, naive timeout ${args.naiveTimeoutS} s`);
  out.push(line(cols.map(([h]) => h)));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) out.push(line(row));
  for (const r of reports) {
    const kinds = Object.entries(r.byKind).sort(([a], [b]) => (a < b ? -1 : 1));
    if (kinds.length) {
      out.push('');
      out.push(`${r.size} incremental by event kind (ms):`);
      const kw = Math.max(...kinds.map(([k]) => k.length));
      for (const [k, v] of kinds) out.push(`  ${k.padEnd(kw)}  n=${String(v.n).padStart(5)}  p50 ${ms(v.p50).padStart(8)}  p99 ${ms(v.p99).padStart(8)}  max ${ms(v.max).padStart(8)}`);
    }
    if (r.stats) out.push(`${r.size} engine stats: ${JSON.stringify(r.stats)}`);
    for (const n of r.notes) out.push(`${r.size} note: ${n}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) {
    try {
      if (args.child === 'engine') await engineChild(args);
      else await naiveChild(args);
    } catch (e) {
      process.stderr.write(`bench ${args.child} child: ${(e as Error).stack ?? e}\n`);
      await send({ type: 'error', message: (e as Error).message });
      process.exit(1);
    }
    process.exit(0);
  }
  await parent(args);
}

void main();
