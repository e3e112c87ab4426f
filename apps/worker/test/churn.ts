import type { IngestEvent, IngestObject } from '@reachwatch/contracts';
import { added, deleted, edit, modified, object } from './helpers';

/**
 * A deterministic stream of realistic changes over a small cluster: pods come and go and get relabelled,
 * policies with ipBlocks are created, edited and deleted, namespace labels change. Seeded, so a failing
 * run can be replayed.
 */
export class Churn {
  private readonly live = new Map<string, IngestObject>();
  private n = 0;
  private rnd: () => number;

  /** `prefix` keeps names apart when several streams feed one cluster. */
  constructor(seed: number, private readonly prefix = '') {
    let s = seed >>> 0;
    this.rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }

  /** Namespaces a, b, c first (so the stream starts from a plausible cluster). */
  initial(): IngestEvent[] {
    return ['a', 'b', 'c'].map((name) => this.add(object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { team: name } } })));
  }

  next(): IngestEvent {
    const r = this.rnd();
    const of = (kind: string) => [...this.live.values()].filter((o) => o.kind === kind);
    if (r < 0.35 || of('Pod').length < 3) return this.add(this.pod());
    if (r < 0.45) return this.remove(this.pick(of('Pod')));
    if (r < 0.55) return this.change(this.pick(of('Pod')), (o) => ((o.metadata as { labels: Record<string, string> }).labels.app = this.pick(['web', 'db', 'api'])));
    if (r < 0.7 || of('NetworkPolicy').length === 0) return this.add(this.policy());
    if (r < 0.8) return this.remove(this.pick(of('NetworkPolicy')));
    if (r < 0.9) return this.change(this.pick(of('NetworkPolicy')), (o) => (o.spec = (this.policy() as Record<string, unknown>).spec));
    return this.change(this.pick(of('Namespace')), (o) => ((o.metadata as { labels: Record<string, string> }).labels.team = this.pick(['a', 'b', 'c', 'x'])));
  }

  private pod(): IngestObject {
    const ns = this.pick(['a', 'b', 'c']);
    const app = this.pick(['web', 'db', 'api']);
    const hash = this.pick(['7c9d8f6b5', '64b8d9f7c']);
    const i = ++this.n;
    return object({
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `${app}-${hash}-${this.prefix}${i}`, namespace: ns, labels: { app, 'pod-template-hash': hash },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: `rs-${app}`, controller: true }],
      },
      spec: { containers: [{ name: app, ports: [{ containerPort: this.pick([80, 5432, 8080]), name: 'main' }] }] },
      status: { phase: 'Running', podIP: `10.244.${i % 200}.${(i * 7) % 250}` },
    });
  }

  private policy(): IngestObject {
    const ns = this.pick(['a', 'b', 'c']);
    const peer = this.pick([
      { namespaceSelector: { matchLabels: { team: this.pick(['a', 'b', 'x']) } } },
      { podSelector: { matchLabels: { app: this.pick(['web', 'api']) } } },
      { ipBlock: { cidr: this.pick(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24']), except: this.rnd() < 0.5 ? [] : ['10.244.0.0/16'] } },
    ]);
    return object({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
      metadata: { name: `np-${this.prefix}${++this.n}`, namespace: ns },
      spec: {
        podSelector: this.rnd() < 0.3 ? {} : { matchLabels: { app: this.pick(['web', 'db', 'api']) } },
        policyTypes: this.pick([['Ingress'], ['Ingress', 'Egress'], ['Egress']]),
        ingress: [{ from: [peer], ports: this.rnd() < 0.5 ? undefined : [{ protocol: 'TCP', port: this.pick([80, 'main', 5432]) }] }],
        egress: this.rnd() < 0.5 ? [] : [{ to: [peer] }],
      },
    });
  }

  private add(o: IngestObject): IngestEvent {
    this.live.set(o.metadata.uid, o);
    return added(o);
  }

  private remove(o: IngestObject): IngestEvent {
    this.live.delete(o.metadata.uid);
    return deleted(edit(o, () => undefined));
  }

  private change(o: IngestObject, f: (copy: Record<string, unknown>) => void): IngestEvent {
    const next = edit(o, f);
    this.live.set(o.metadata.uid, next);
    return modified(next);
  }
}
