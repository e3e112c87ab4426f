import { ContainerPort } from '../../src/model';
import { Rng } from '../rng';
import { DAEMONSETS_PER_NODE, SizeParams } from './sizes';
import { NsInfo, WlInfo, gaussian } from './shapes';
import { ARCHETYPES, DOMAINS, tcp, udp } from './vocabulary';

/**
 * Workloads: the system ones (DNS, metrics, ingress controller, node agents as DaemonSets, two of them
 * host-networked), then team workloads spread over the team namespaces with log-normal weights, their
 * replica counts skewed and adjusted to hit the pod budget exactly.
 */
export class WorkloadMaker {
  constructor(
    private readonly rng: Rng,
    private readonly p: SizeParams,
    private readonly namespaces: readonly NsInfo[],
    private readonly nsByName: ReadonlyMap<string, NsInfo>,
  ) {}

  private addWorkload(ns: NsInfo, w: Omit<WlInfo, 'ns'>): WlInfo {
    const wl: WlInfo = { ns, ...w };
    ns.workloads.push(wl);
    return wl;
  }

  private makeSystemWorkloads(): number {
    const ns = (n: string) => this.nsByName.get(n)!;
    const r = this.rng;
    const nodes = this.p.nodes;
    const ver = () => `v${r.int(1, 3)}.${r.int(0, 30)}.${r.int(0, 9)}`;
    const sys = (
      nsName: string, name: string, kind: WlInfo['kind'], sel: Record<string, string>, ports: ContainerPort[], replicas: number,
      opts: { hostNetwork?: boolean; edge?: boolean } = {},
    ) =>
      this.addWorkload(ns(nsName), {
        name, kind, tier: 'platform', labels: { ...sel, version: ver() }, sel, ports, replicas,
        hostNetwork: !!opts.hostNetwork, edge: !!opts.edge,
      });
    let fixed = 0;
    const add = (w: WlInfo) => {
      if (w.kind !== 'DaemonSet') fixed += w.replicas;
    };
    const dnsReplicas = Math.max(2, Math.ceil(nodes / 16));
    add(sys('kube-system', 'coredns', 'Deployment', { 'k8s-app': 'kube-dns' }, [udp(53, 'dns'), tcp(53, 'dns-tcp'), tcp(9153, 'metrics')], dnsReplicas));
    add(sys('kube-system', 'metrics-server', 'Deployment', { 'k8s-app': 'metrics-server' }, [tcp(10250, 'https')], 1));
    add(sys('kube-system', 'kube-proxy', 'DaemonSet', { 'k8s-app': 'kube-proxy' }, [tcp(10249, 'metrics')], nodes, { hostNetwork: true }));
    add(sys('monitoring', 'prometheus', 'StatefulSet', { 'app.kubernetes.io/name': 'prometheus' }, [tcp(9090, 'web')], 2));
    add(sys('monitoring', 'alertmanager', 'StatefulSet', { 'app.kubernetes.io/name': 'alertmanager' }, [tcp(9093, 'web'), tcp(9094, 'mesh')], 1));
    add(sys('monitoring', 'grafana', 'Deployment', { 'app.kubernetes.io/name': 'grafana' }, [tcp(3000, 'http')], 1));
    add(sys('monitoring', 'kube-state-metrics', 'Deployment', { 'app.kubernetes.io/name': 'kube-state-metrics' }, [tcp(8080, 'http-metrics'), tcp(8081, 'telemetry')], 1));
    add(sys('monitoring', 'node-exporter', 'DaemonSet', { 'app.kubernetes.io/name': 'node-exporter' }, [tcp(9100, 'metrics')], nodes, { hostNetwork: true }));
    add(sys('ingress-nginx', 'ingress-nginx-controller', 'Deployment',
      { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      [tcp(80, 'http'), tcp(443, 'https'), tcp(10254, 'metrics')], Math.max(2, Math.ceil(nodes / 25)), { edge: true }));
    add(sys('logging', 'fluent-bit', 'DaemonSet', { 'app.kubernetes.io/name': 'fluent-bit' }, [tcp(2020, 'http')], nodes));
    add(sys('cert-manager', 'cert-manager', 'Deployment', { 'app.kubernetes.io/name': 'cert-manager' }, [tcp(9402, 'http-metrics')], 1));
    add(sys('cert-manager', 'cert-manager-webhook', 'Deployment', { 'app.kubernetes.io/name': 'webhook' }, [tcp(10250, 'https')], 1));
    return fixed;
  }

  makeWorkloads(): void {
    const r = this.rng;
    const fixedSystemPods = this.makeSystemWorkloads();
    const teamNs = this.namespaces.filter((n) => !n.system);
    const budget = this.p.pods - fixedSystemPods - DAEMONSETS_PER_NODE * this.p.nodes;
    if (budget < this.p.workloads) throw new Error(`pod budget ${budget} is below the workload count ${this.p.workloads}`);

    // Namespace sizes are skewed too: a few big namespaces, many small ones (log-normal weights).
    const weights = teamNs.map(() => Math.exp(1.1 * gaussian(r)));
    const cum: number[] = [];
    let acc = 0;
    for (const w of weights) cum.push((acc += w));
    const assign: NsInfo[] = [...teamNs];
    for (let i = teamNs.length; i < this.p.workloads; i++) {
      const x = r.next() * acc;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > x) hi = mid;
        else lo = mid + 1;
      }
      assign.push(teamNs[lo]);
    }

    const team: WlInfo[] = [];
    const bigCap = Math.max(8, Math.min(100, Math.floor(budget / 20)));
    const archWeights = ARCHETYPES.map((a) => a.weight);
    for (const ns of assign) {
      const arch = r.weighted(ARCHETYPES, archWeights);
      const taken = new Set(ns.workloads.map((w) => w.name));
      const base = r.pick(arch.names);
      let name = r.chance(0.35) ? `${DOMAINS[r.int(0, DOMAINS.length - 1)]}-${base}` : base;
      if (taken.has(name)) {
        let k = 2;
        while (taken.has(`${name}-${k}`)) k++;
        name = `${name}-${k}`;
      }
      const replicas =
        arch.kind === 'StatefulSet'
          ? r.weighted([1, 3, 5], [30, 60, 10])
          : (() => {
              const u = r.next();
              if (u < 0.45) return 1;
              if (u < 0.7) return 2;
              if (u < 0.85) return 3;
              if (u < 0.96) return r.int(4, 10);
              return r.logInt(Math.min(20, bigCap), bigCap);
            })();
      const labels: Record<string, string> = {
        app: name,
        component: arch.component,
        tier: arch.tier,
        version: `v${r.int(1, 4)}.${r.int(0, 30)}.${r.int(0, 20)}`,
      };
      if (r.chance(0.3)) labels['app.kubernetes.io/part-of'] = ns.name.split('-').slice(0, 2).join('-');
      const sel: Record<string, string> = r.chance(0.1) ? { app: name, component: arch.component } : { app: name };
      const edge = (arch.tier === 'frontend' && r.chance(0.1)) || (arch.key === 'gateway' && r.chance(0.4));
      team.push(this.addWorkload(ns, { name, kind: arch.kind, tier: arch.tier, labels, sel, ports: arch.ports(r), replicas, hostNetwork: false, edge }));
    }

    // Hit the pod budget exactly. Extra pods go preferentially to already large Deployments (a heavy tail, as
    // autoscaled services are); missing pods come off random multi-replica workloads.
    let sum = team.reduce((s, w) => s + w.replicas, 0);
    const tailCap = Math.max(bigCap, 250);
    if (sum < budget) {
      const balls: number[] = [];
      team.forEach((w, i) => {
        if (w.kind === 'Deployment' && w.replicas >= 4) for (let k = 0; k < w.replicas; k++) balls.push(i);
      });
      if (balls.length === 0) team.forEach((w, i) => w.kind === 'Deployment' && balls.push(i));
      if (balls.length === 0) balls.push(0);
      let guard = 0;
      while (sum < budget) {
        const i = balls[Math.floor(r.next() * balls.length)];
        if (team[i].replicas >= tailCap && guard++ < 1000) continue;
        team[i].replicas++;
        balls.push(i);
        sum++;
      }
    }
    if (sum > budget) {
      // Thin proportionally (pick a pod, not a workload), which keeps the shape of the distribution.
      const balls: number[] = [];
      team.forEach((w, i) => {
        if (w.replicas >= 2) for (let k = 0; k < w.replicas; k++) balls.push(i);
      });
      while (sum > budget) {
        const w = team[balls[Math.floor(r.next() * balls.length)]];
        if (w.replicas < 2) continue;
        w.replicas--;
        sum--;
      }
    }
  }
}
