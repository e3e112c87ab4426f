/**
 * Drives a realistic mix of changes into a simulated cluster at a given rate (inside the simulator's
 * process, through the same operations kubectl's requests end in): pod churn by scaling Deployments up
 * and down, pod relabels, and NetworkPolicy create/edit/delete. Every operation changes exactly one
 * object the agent watches (a Pod or a NetworkPolicy), so operations issued = events offered.
 */
import type { SimCluster } from '@reachwatch/sim';
import { clock } from './stats';

export interface DriverPlan {
  /** Namespaces the bench adds, each with a churned Deployment and a default-deny ingress policy. */
  benchNamespaces: number;
  /** Generated pods the relabel operations cycle through. */
  relabelPods: number;
  seed: number;
}

/** A change whose committed effect the parent times: the object's uid and the resourceVersion it got. */
export interface Probe {
  uid: string;
  rv: string;
  at: number;
}

export interface DriveResult {
  ops: number;
  byOp: Record<string, number>;
  seconds: number;
  /** Operations issued per second of wall time (below the target when the simulator cannot keep up). */
  achievedRate: number;
  probes: Probe[];
}

const WATCHED = ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];
/**
 * Operation weights (out of 100): pod churn dominates a real cluster's event stream, relabels follow
 * (rollouts, operators), policy changes are a few percent — each of which can change reachability for a
 * whole workload, so they are the expensive ones downstream.
 */
const MIX = { scale: 55, relabel: 40, create: 2, edit: 2, delete: 1 } as const;
const MAX_REPLICAS = 6;
const TICK_MS = 5;

export class Driver {
  private rng: number;
  private readonly replicas = new Map<string, number>();
  private relabelTargets: { namespace: string; name: string }[] = [];
  /** Workloads bench policies select: a namespace and one label of its pods. */
  private workloads: { namespace: string; selector: Record<string, string> }[] = [];
  /** Bench policies that exist: key `ns/name` → what they select and the port they open. */
  private readonly policies = new Map<string, { selector: Record<string, string>; port: number }>();
  private nextPolicy = 0;
  private relabelCursor = 0;
  private revision = 0;

  constructor(private readonly sim: SimCluster, private readonly plan: DriverPlan) {
    this.rng = plan.seed >>> 0 || 1;
  }

  benchNamespace(i: number): string {
    return `bench-${i % this.plan.benchNamespaces}`;
  }

  /** Adds the bench's namespaces and Deployments (before the agent starts, so they are part of the sync). */
  prepare(): { benchPods: number; relabelTargets: number } {
    for (let i = 0; i < this.plan.benchNamespaces; i++) {
      const ns = this.benchNamespace(i);
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
      this.sim.apply({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny', namespace: ns },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
    }
    const pods = this.sim.objects('Pod').filter((p) => !p.metadata.namespace.startsWith('bench-') && !p.spec?.hostNetwork);
    const step = Math.max(1, Math.floor(pods.length / this.plan.relabelPods));
    this.relabelTargets = pods.filter((_, i) => i % step === 0).slice(0, this.plan.relabelPods).map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name }));
    for (const p of pods.filter((_, i) => i % (step * 4) === 0)) {
      const labels: Record<string, string> = p.metadata.labels ?? {};
      const key = 'app' in labels ? 'app' : Object.keys(labels).find((k) => k !== 'pod-template-hash');
      if (key) this.workloads.push({ namespace: p.metadata.namespace, selector: { [key]: labels[key] } });
    }
    if (!this.workloads.length) throw new Error('the generated cluster has no labelled pods for the bench policies to select');
    return { benchPods: this.plan.benchNamespaces * 2, relabelTargets: this.relabelTargets.length };
  }

  watchedCount(): number {
    return WATCHED.reduce((n, kind) => n + this.sim.objects(kind).length, 0);
  }

  /** Issues `rate` operations a second for `seconds`; a relabel every `probeEveryMs` is returned as a probe. */
  async drive(rate: number, seconds: number, probeEveryMs: number): Promise<DriveResult> {
    const byOp: Record<string, number> = { scale: 0, relabel: 0, create: 0, edit: 0, delete: 0 };
    const probes: Probe[] = [];
    const start = clock();
    let ops = 0;
    let nextProbe = start + probeEveryMs;
    for (;;) {
      const now = clock();
      const elapsed = (now - start) / 1000;
      if (elapsed >= seconds) break;
      const due = Math.floor(rate * elapsed);
      while (ops < due) {
        if (probeEveryMs > 0 && clock() >= nextProbe) {
          probes.push(this.relabel(true) as Probe);
          byOp.relabel++;
          nextProbe += probeEveryMs;
        } else {
          byOp[this.randomOp()]++;
        }
        ops++;
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    const wall = (clock() - start) / 1000;
    return { ops, byOp, seconds: wall, achievedRate: ops / wall, probes };
  }

  /** Creates (or deletes) a policy letting 0.0.0.0/0 into a bench namespace: a new internet exposure. */
  alertProbe(index: number, create: boolean): Probe | null {
    const ns = this.benchNamespace(index);
    if (!create) {
      this.sim.remove('NetworkPolicy', ns, 'allow-internet');
      return null;
    }
    const at = clock();
    const [stored] = this.sim.apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-internet', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8443, protocol: 'TCP' }] }] },
    });
    return { uid: stored.metadata.uid, rv: stored.metadata.resourceVersion, at };
  }

  private random(): number {
    // xorshift32: deterministic from the plan's seed.
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng / 0x100000000;
  }

  private randomOp(): keyof typeof MIX {
    let r = this.random() * 100;
    let op: keyof typeof MIX = 'scale';
    for (const [name, w] of Object.entries(MIX) as [keyof typeof MIX, number][]) {
      op = name;
      if ((r -= w) < 0) break;
    }
    if ((op === 'edit' || op === 'delete') && this.policies.size === 0) op = 'create';
    if (op === 'create' && this.policies.size >= 200) op = 'delete';
    switch (op) {
      case 'scale':
        this.scale();
        break;
      case 'relabel':
        this.relabel(false);
        break;
      default:
        this.policy(op);
    }
    return op;
  }

  /** One pod more or fewer: a pod ADDED or DELETED event. */
  private scale(): void {
    const ns = this.benchNamespace(Math.floor(this.random() * this.plan.benchNamespaces));
    const n = this.replicas.get(ns) ?? 2;
    const next = n <= 1 ? n + 1 : n >= MAX_REPLICAS ? n - 1 : this.random() < 0.5 ? n - 1 : n + 1;
    this.sim.scale(ns, 'churn', next);
    this.replicas.set(ns, next);
  }

  private relabel(probe: boolean): Probe | undefined {
    const t = this.relabelTargets[this.relabelCursor++ % this.relabelTargets.length];
    const at = clock();
    const stored = this.sim.label('Pod', t.namespace, t.name, { 'bench-rev': String(++this.revision % 7) });
    return probe ? { uid: stored.metadata.uid, rv: stored.metadata.resourceVersion, at } : undefined;
  }

  private policy(op: 'create' | 'edit' | 'delete'): void {
    if (op === 'create') {
      const w = this.workloads[Math.floor(this.random() * this.workloads.length)];
      const name = `bench-np-${this.nextPolicy++}`;
      this.writePolicy(w.namespace, name, w.selector, 8000 + Math.floor(this.random() * 100));
      return;
    }
    const keys = [...this.policies.keys()];
    const key = keys[Math.floor(this.random() * keys.length)];
    const [ns, name] = key.split('/');
    if (op === 'edit') {
      const current = this.policies.get(key) as { selector: Record<string, string>; port: number };
      // A different port each time, so every edit is a real change (an identical one is not journaled).
      this.writePolicy(ns, name, current.selector, 8000 + ((current.port - 8000 + 1 + Math.floor(this.random() * 98)) % 100));
    } else {
      this.sim.remove('NetworkPolicy', ns, name);
      this.policies.delete(key);
    }
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
