/**
 * The simulator's cost per write at benchmark scale: start a generated cluster (default L: 50k pods), add
 * the pipeline bench's namespaces and churned Deployments (as apps/launcher/bench/driver.ts does, mirrored
 * here because its operations are private), open watches on pods and policies from another process as the
 * agent does, then time N operations of each kind the pipeline bench issues — Deployment scale ±1 (the
 * controller creates or deletes a pod), pod relabel, NetworkPolicy create/edit/delete — and its mix of them
 * (55/40/5). Prints one `BENCH {...}` line per kind, in microseconds per operation:
 *   opUs: inside the operations; wallUs: with the watches' socket writes between batches;
 *   cpuUs: the process's CPU, all threads (GC helpers included); mainCpuUs: the main thread's CPU (Linux);
 *   gcUs: garbage collection pauses.
 * On a shared machine compare runs by mainCpuUs and cpuUs; wall times include waiting for a CPU.
 * Run: TSX_TSCONFIG_PATH=apps/launcher/tsconfig.run.json node_modules/.bin/tsx apps/sim/bench/ops.ts \
 *        [S|M|L] [ops per kind, default 2000] [--no-watch] [--only=scale,relabel,policy,mix]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GENERATED_SIZES, startSimCluster, type SimCluster } from '../src';

const BENCH_NAMESPACES = 40;
const RELABEL_PODS = 2000;
const MAX_REPLICAS = 6;
/** Events go out to the watches between batches, as they would between the driver's ticks. */
const BATCH = 25;

class Workload {
  private rng = 7;
  private readonly replicas = new Map<string, number>();
  private readonly policies = new Map<string, { selector: Record<string, string>; port: number }>();
  private relabelTargets: { namespace: string; name: string }[] = [];
  private workloads: { namespace: string; selector: Record<string, string> }[] = [];
  private relabelCursor = 0;
  private revision = 0;
  private nextPolicy = 0;

  constructor(private readonly sim: SimCluster) {}

  prepare(): void {
    for (let i = 0; i < BENCH_NAMESPACES; i++) {
      const ns = `bench-${i}`;
      this.sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { purpose: 'bench' } } });
      this.sim.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'churn', namespace: ns },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'churn' } },
          template: { metadata: { labels: { app: 'churn' } }, spec: { containers: [{ name: 'main', image: 'bench:1', ports: [{ containerPort: 8443, protocol: 'TCP' }] }] } },
        },
      });
      this.replicas.set(ns, 2);
      this.sim.apply({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: ns }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    }
    const pods = this.sim.objects('Pod').filter((p) => !p.metadata.namespace.startsWith('bench-') && !p.spec?.hostNetwork);
    const step = Math.max(1, Math.floor(pods.length / RELABEL_PODS));
    this.relabelTargets = pods.filter((_, i) => i % step === 0).slice(0, RELABEL_PODS).map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name }));
    for (const p of pods.filter((_, i) => i % (step * 4) === 0)) {
      const labels: Record<string, string> = p.metadata.labels ?? {};
      const key = 'app' in labels ? 'app' : Object.keys(labels).find((k) => k !== 'pod-template-hash');
      if (key) this.workloads.push({ namespace: p.metadata.namespace, selector: { [key]: labels[key] } });
    }
  }

  private random(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 0x100000000;
  }

  scale(): void {
    const ns = `bench-${Math.floor(this.random() * BENCH_NAMESPACES)}`;
    const n = this.replicas.get(ns) ?? 2;
    const next = n <= 1 ? n + 1 : n >= MAX_REPLICAS ? n - 1 : this.random() < 0.5 ? n - 1 : n + 1;
    this.sim.scale(ns, 'churn', next);
    this.replicas.set(ns, next);
  }

  relabel(): void {
    const t = this.relabelTargets[this.relabelCursor++ % this.relabelTargets.length];
    this.sim.label('Pod', t.namespace, t.name, { 'bench-rev': String(++this.revision % 7) });
  }

  /** Create, edit or delete in the driver's 2:2:1 proportion. */
  policy(): void {
    const r = this.random() * 5;
    let op = r < 2 ? 'create' : r < 4 ? 'edit' : 'delete';
    if (op !== 'create' && this.policies.size === 0) op = 'create';
    if (op === 'create' && this.policies.size >= 200) op = 'delete';
    if (op === 'create') {
      const w = this.workloads[Math.floor(this.random() * this.workloads.length)];
      this.writePolicy(w.namespace, `bench-np-${this.nextPolicy++}`, w.selector, 8000 + Math.floor(this.random() * 100));
      return;
    }
    const keys = [...this.policies.keys()];
    const key = keys[Math.floor(this.random() * keys.length)];
    const [ns, name] = key.split('/');
    const current = this.policies.get(key) as { selector: Record<string, string>; port: number };
    if (op === 'edit') this.writePolicy(ns, name, current.selector, 8000 + ((current.port - 8000 + 1 + Math.floor(this.random() * 98)) % 100));
    else {
      this.sim.remove('NetworkPolicy', ns, name);
      this.policies.delete(key);
    }
  }

  /** The pipeline bench's weights: 55 scale, 40 relabel, 5 policy. */
  mixed(): void {
    const r = this.random() * 100;
    if (r < 55) this.scale();
    else if (r < 95) this.relabel();
    else this.policy();
  }

  private writePolicy(ns: string, name: string, selector: Record<string, string>, port: number): void {
    this.sim.apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: ns },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'bench' } } }], ports: [{ port, protocol: 'TCP' }] }],
      },
    });
    this.policies.set(`${ns}/${name}`, { selector, port });
  }
}

/**
 * Watches whose events are read and dropped by another process, as the agent's are: the simulator encodes
 * and writes every event, and its CPU time is not mixed with the reader's. Resolves once they are open.
 */
const WATCHER = `
const http = require('node:http');
const [url, rv, ...paths] = process.argv.slice(1);
let bytes = 0, open = 0;
for (const p of paths) http.get(url + p + '?watch=true&resourceVersion=' + rv, (res) => {
  res.on('data', (c) => (bytes += c.length));
  if (++open === paths.length) process.stdout.write('open\\n');
});
process.stdin.on('end', () => { process.stdout.write(bytes + '\\n'); process.exit(0); });
process.stdin.resume();
`;

function openWatches(url: string, rv: string, paths: string[]): Promise<{ close: () => Promise<number> }> {
  const child = spawn(process.execPath, ['-e', WATCHER, url, rv, ...paths], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out === 'open\n') resolve({ close: () => new Promise((done) => {
        child.stdout.on('end', () => done(Number(out.split('\n')[1])));
        child.stdin.end();
      }) });
    });
  });
}

const tick = () => new Promise((r) => setImmediate(r));

/**
 * CPU time of the main thread alone in ms (Linux; undefined elsewhere): the simulator's own work, without
 * the GC helper threads process.cpuUsage() adds in, and without the waits for a busy CPU wall time has.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

setFlagsFromString('--expose-gc');
/** A full collection between kinds, so one kind's garbage (or the start-up's) is not collected on another's time. */
const collectGarbage = runInNewContext('gc') as () => void;

/** The timed operations (a function of its own, so a CPU profile can tell them from the warm-up). */
function timedBatch(op: () => void, count: number): void {
  for (let i = 0; i < count; i++) op();
}

async function timeOps(name: string, n: number, op: () => void): Promise<Record<string, unknown>> {
  // Warm-up outside the timing: JIT and the first allocation of every shape.
  for (let i = 0; i < Math.min(200, n / 5); i++) op();
  await tick();
  collectGarbage();
  // Its sweeping goes on in background threads for a while: not this kind's CPU either.
  await new Promise((r) => setTimeout(r, 500));
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const t0 = performance.now();
  let busy = 0;
  for (let done = 0; done < n; done += BATCH) {
    const b0 = performance.now();
    timedBatch(op, Math.min(BATCH, n - done));
    busy += performance.now() - b0;
    await tick();
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  await tick();
  gc.disconnect();
  const us = (ms: number) => Math.round((ms * 1000) / n);
  return { suite: 'sim', op: name, ops: n, opUs: us(busy), wallUs: us(wall), cpuUs: Math.round((cpu.user + cpu.system) / n), mainCpuUs: main0 === undefined || main1 === undefined ? undefined : us(main1 - main0), gcUs: us(gcMs) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const size = (args.find((a) => /^[A-Z]+$/.test(a)) ?? 'L') as keyof typeof GENERATED_SIZES;
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
  const watch = !args.includes('--no-watch');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const p = GENERATED_SIZES[size];
  if (!p) throw new Error(`unknown size ${size} (S, M, L, XL)`);
  const t0 = performance.now();
  const sim = await startSimCluster({
    name: `ops-${size.toLowerCase()}`,
    generated: { pods: p.pods, namespaces: p.namespaces, policies: p.policies, seed: 1 },
    podCidr: p.podCidr,
    bookmarkMs: 5_000,
    maxEvents: 200_000,
    stableUids: true,
  });
  const w = new Workload(sim);
  w.prepare();
  const startMs = Math.round(performance.now() - t0);
  const watches = watch ? await openWatches(sim.url, sim.resourceVersion(), ['/api/v1/pods', '/apis/networking.k8s.io/v1/networkpolicies']) : undefined;
  try {
    const kinds: [string, number, () => void][] = [
      ['scale', n, () => w.scale()],
      ['relabel', n, () => w.relabel()],
      ['policy', Math.ceil(n / 4), () => w.policy()],
      ['mix', n, () => w.mixed()],
    ];
    const results = [];
    for (const [name, count, op] of kinds) if (!only || only.includes(name)) results.push(await timeOps(name, count, op));
    await new Promise((r) => setTimeout(r, 200));
    const watchedBytes = (await watches?.close()) ?? 0;
    for (const r of results) console.log(`BENCH ${JSON.stringify({ ...r, size, watch, startMs })}`);
    if (watch && !(watchedBytes > 0)) throw new Error('the watches received nothing');
  } finally {
    await sim.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
