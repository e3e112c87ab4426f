import {
  AdminNetworkPolicy,
  BaselineAdminNetworkPolicy,
  ClusterState,
  ContainerPort,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  Node,
  ObjectChange,
  Pod,
  PolicyType,
  Service,
  objectKey,
} from '../src/model';
import { Rng } from './rng';

/**
 * Synthetic but realistic clusters for the engine benchmark.
 *
 * Shapes follow what large fleets look like:
 * - XL is the documented Kubernetes scalability envelope (150,000 pods, 10,000 namespaces, ≤110 pods per
 *   node; kubernetes.io "Considerations for large clusters" and sig-scalability thresholds); the smaller
 *   sizes keep its ratios roughly (10–36 pods and 2–10 NetworkPolicies per namespace).
 * - Workloads: mostly Deployments, data stores as StatefulSets, node agents as DaemonSets (kube-proxy and
 *   node-exporter host-networked). Replica counts are heavily skewed (most 1–3, a tail of 20–100+).
 * - Labels as controllers set them: app/component/tier/version plus pod-template-hash (Deployments),
 *   controller-revision-hash (StatefulSets, DaemonSets) and statefulset.kubernetes.io/pod-name, so label
 *   sets per workload are 1–2 (rollouts) and per pod for StatefulSets, as in real clusters.
 * - Policies: per-namespace default deny (ingress; often egress too with an allow-DNS companion), one or
 *   more per workload (same-namespace callers by podSelector, cross-namespace callers, named and numeric
 *   ports, a few endPort ranges, ipBlock for edge ingress and external egress), a few namespaces left
 *   without any policy, a handful of AdminNetworkPolicies and a BaselineAdminNetworkPolicy.
 *
 * Everything is a pure function of (size, seed).
 */

export type Size = 'S' | 'M' | 'L' | 'XL';
export const SIZE_NAMES: readonly Size[] = ['S', 'M', 'L', 'XL'];

export interface SizeParams {
  /** Total pods (DaemonSets and system workloads included). Exact. */
  pods: number;
  /** Total namespaces (system ones included). Exact. */
  namespaces: number;
  /** Total NetworkPolicies. Exact. (ANPs and the BANP come on top.) */
  policies: number;
  nodes: number;
  /** Team workloads (Deployments and StatefulSets outside the system namespaces). */
  workloads: number;
  /** Cluster pod CIDR; each node gets a /24 of it. */
  podCidr: string;
  /** How many distinct external CIDRs egress policies draw from. */
  externalCidrs: number;
}

export const SIZES: Readonly<Record<Size, SizeParams>> = {
  S: { pods: 500, namespaces: 50, policies: 100, nodes: 6, workloads: 170, podCidr: '10.244.0.0/16', externalCidrs: 12 },
  M: { pods: 5_000, namespaces: 500, policies: 5_000, nodes: 55, workloads: 1_700, podCidr: '10.244.0.0/16', externalCidrs: 30 },
  L: { pods: 50_000, namespaces: 1_400, policies: 14_000, nodes: 500, workloads: 6_500, podCidr: '10.244.0.0/14', externalCidrs: 60 },
  XL: { pods: 150_000, namespaces: 10_000, policies: 50_000, nodes: 1_500, workloads: 40_000, podCidr: '10.240.0.0/13', externalCidrs: 100 },
};

/** Kubelet's default (and the documented per-node limit). */
export const MAX_PODS_PER_NODE = 110;

export const SYSTEM_NAMESPACES = ['kube-system', 'monitoring', 'ingress-nginx', 'logging', 'cert-manager'] as const;
const DAEMONSETS_PER_NODE = 3; // kube-proxy, node-exporter, fluent-bit

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

const TEAMS = [
  'payments', 'checkout', 'identity', 'search', 'catalog', 'platform', 'data', 'ml', 'growth', 'ads', 'messaging',
  'logistics', 'billing', 'fraud', 'support', 'analytics', 'media', 'maps', 'risk', 'devtools', 'mobile', 'partner',
  'loyalty', 'notify', 'pricing', 'inventory', 'reviews', 'recs', 'security', 'observability',
];
const DOMAINS = ['api', 'web', 'core', 'events', 'ledger', 'gateway', 'ingest', 'store', 'sync', 'reports', 'batch', 'edge', 'portal', 'admin', 'stream'];
const SANDBOX_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yuki'];
const ENVS = ['prod', 'staging', 'dev'] as const;
const ENV_WEIGHTS = [45, 30, 25];
const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

type Tier = 'frontend' | 'backend' | 'data';

interface Archetype {
  key: string;
  weight: number;
  names: readonly string[];
  component: string;
  tier: Tier;
  kind: 'Deployment' | 'StatefulSet';
  ports: (rng: Rng) => ContainerPort[];
}

const tcp = (port: number, name?: string): ContainerPort => (name ? { name, port, protocol: 'TCP' } : { port, protocol: 'TCP' });
const udp = (port: number, name?: string): ContainerPort => (name ? { name, port, protocol: 'UDP' } : { port, protocol: 'UDP' });

const ARCHETYPES: readonly Archetype[] = [
  {
    key: 'frontend', weight: 14, component: 'frontend', tier: 'frontend', kind: 'Deployment',
    names: ['web', 'ui', 'storefront', 'bff', 'portal', 'admin-ui', 'landing', 'docs'],
    ports: (r) => [tcp(8080, 'http'), tcp(9090, 'metrics'), ...(r.chance(0.3) ? [tcp(8443, 'https')] : [])],
  },
  {
    key: 'api', weight: 42, component: 'server', tier: 'backend', kind: 'Deployment',
    names: [
      'api', 'orders', 'payments', 'users', 'auth', 'inventory', 'search', 'notifications', 'billing', 'catalog', 'cart',
      'checkout', 'recommendations', 'shipping', 'pricing', 'profile', 'ledger', 'accounts', 'sessions', 'graphql',
    ],
    ports: (r) => [tcp(8080, 'http'), tcp(9090, 'metrics'), ...(r.chance(0.3) ? [tcp(50051, 'grpc')] : [])],
  },
  {
    key: 'worker', weight: 20, component: 'worker', tier: 'backend', kind: 'Deployment',
    names: ['worker', 'consumer', 'scheduler', 'indexer', 'mailer', 'exporter', 'reconciler', 'processor'],
    ports: (r) => [tcp(9090, 'metrics'), ...(r.chance(0.5) ? [tcp(8080, 'http')] : [])],
  },
  {
    key: 'gateway', weight: 4, component: 'gateway', tier: 'frontend', kind: 'Deployment',
    names: ['gateway', 'edge-proxy', 'envoy'],
    ports: () => [tcp(8080, 'http'), tcp(8443, 'https'), tcp(9901, 'admin')],
  },
  { key: 'postgres', weight: 4, component: 'database', tier: 'data', kind: 'StatefulSet', names: ['postgres', 'pg'], ports: () => [tcp(5432, 'postgres'), tcp(9187, 'metrics')] },
  { key: 'redis', weight: 4, component: 'cache', tier: 'data', kind: 'StatefulSet', names: ['redis', 'cache'], ports: () => [tcp(6379, 'redis'), tcp(9121, 'metrics')] },
  { key: 'kafka', weight: 2, component: 'queue', tier: 'data', kind: 'StatefulSet', names: ['kafka'], ports: () => [tcp(9092, 'kafka'), tcp(9093, 'kafka-tls'), tcp(9404, 'metrics')] },
  { key: 'elasticsearch', weight: 1.5, component: 'search', tier: 'data', kind: 'StatefulSet', names: ['elasticsearch', 'opensearch'], ports: () => [tcp(9200, 'http'), tcp(9300, 'transport')] },
  { key: 'mongodb', weight: 1, component: 'database', tier: 'data', kind: 'StatefulSet', names: ['mongodb'], ports: () => [tcp(27017, 'mongodb')] },
  { key: 'rabbitmq', weight: 1.5, component: 'queue', tier: 'data', kind: 'StatefulSet', names: ['rabbitmq'], ports: () => [tcp(5672, 'amqp'), tcp(15692, 'prometheus')] },
  { key: 'zookeeper', weight: 1, component: 'coordination', tier: 'data', kind: 'StatefulSet', names: ['zookeeper'], ports: () => [tcp(2181, 'client'), tcp(2888, 'peer'), tcp(3888, 'election')] },
  { key: 'statsd', weight: 2, component: 'telemetry', tier: 'backend', kind: 'Deployment', names: ['statsd-exporter', 'syslog-relay'], ports: () => [udp(9125, 'statsd'), udp(514, 'syslog'), tcp(9102, 'metrics')] },
  { key: 'cron', weight: 2, component: 'job', tier: 'backend', kind: 'Deployment', names: ['cron-runner', 'migrator'], ports: () => [] },
];

// ---------------------------------------------------------------------------------------------------------
// IPv4 helpers (plain numbers: everything here is v4 below 2^32)

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}
function intToV4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}
function v6PodIp(nodeIndex: number, host: number): string {
  return `fd00:10:244:${nodeIndex.toString(16)}::${host.toString(16)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Internal shapes

type Isolation = 'none' | 'ingress' | 'egress';

interface NsInfo {
  name: string;
  labels: Record<string, string>;
  team: string;
  env: string;
  system: boolean;
  isolation: Isolation;
  dualStack: boolean;
  workloads: WlInfo[];
}

interface WlInfo {
  ns: NsInfo;
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  tier: Tier | 'platform';
  /** Labels every pod carries (the controller-specific ones are added per pod). */
  labels: Record<string, string>;
  /** What policies and services select it by. */
  sel: Record<string, string>;
  ports: ContainerPort[];
  replicas: number;
  hostNetwork: boolean;
  edge: boolean;
}

interface NodeSlot {
  node: Node;
  index: number;
  /** First address of the node's /24. */
  base: number;
  /** Host parts of the /24 in use. */
  used: Set<number>;
  next: number;
  /** Pods on the node (host-network ones included), against MAX_PODS_PER_NODE. */
  pods: number;
}

// ---------------------------------------------------------------------------------------------------------
// Cluster generation

export function generateCluster(size: Size, seed = 1): ClusterState {
  return new ClusterGenerator(SIZES[size], seed).run();
}

/** For tests and ad-hoc runs: any parameters, same generator. */
export function generateClusterWith(params: SizeParams, seed = 1): ClusterState {
  return new ClusterGenerator(params, seed).run();
}

class ClusterGenerator {
  private readonly rng: Rng;
  private readonly namespaces: NsInfo[] = [];
  private readonly nsByName = new Map<string, NsInfo>();
  private readonly nodes: NodeSlot[] = [];
  private readonly pods: Pod[] = [];
  private readonly podKeys = new Set<string>();
  private readonly services: Service[] = [];
  private readonly policies: NetworkPolicy[] = [];
  private readonly policyNames = new Set<string>();
  private externalPool: { cidr: string; except: string[] }[] = [];

  constructor(private readonly p: SizeParams, seed: number) {
    this.rng = new Rng(seed);
    const minNs = SYSTEM_NAMESPACES.length + 1;
    if (p.namespaces < minNs) throw new Error(`at least ${minNs} namespaces needed`);
    if (p.workloads < p.namespaces - SYSTEM_NAMESPACES.length) throw new Error('need at least one workload per namespace');
    if (p.nodes * MAX_PODS_PER_NODE < p.pods) throw new Error(`${p.nodes} nodes cannot hold ${p.pods} pods`);
  }

  run(): ClusterState {
    this.makeNodes();
    this.makeNamespaces();
    this.makeWorkloads();
    this.makePods();
    this.externalPool = makeExternalPool(this.rng, this.p.externalCidrs);
    this.makePolicies();
    const { anps, banp } = makeAdminPolicies();
    return {
      namespaces: this.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
      pods: this.pods,
      nodes: this.nodes.map((n) => n.node),
      services: this.services,
      networkPolicies: this.policies,
      adminNetworkPolicies: anps,
      baselineAdminNetworkPolicy: banp,
    };
  }

  // ---- nodes ----

  private makeNodes(): void {
    const [net, prefix] = this.p.podCidr.split('/');
    const capacity = 2 ** (24 - Number(prefix));
    if (this.p.nodes > capacity) throw new Error(`pod CIDR ${this.p.podCidr} has room for ${capacity} nodes only`);
    const base = v4ToInt(net);
    const zones = ['us-east1-b', 'us-east1-c', 'us-east1-d'];
    const types = ['n2-standard-8', 'n2-standard-16', 'n2-highmem-8', 'e2-standard-4'];
    const poolCount = Math.max(1, Math.min(12, Math.round(this.p.nodes / 40)));
    for (let i = 0; i < this.p.nodes; i++) {
      const pool = `pool-${(i % poolCount) + 1}`;
      const name = `gke-fleet-${pool}-${(0x1000 + i).toString(16)}-${this.rng.k8sSuffix(4)}`;
      const nodeIp = `172.20.${Math.floor(i / 250)}.${(i % 250) + 4}`;
      const v4Cidr = `${intToV4(base + i * 256)}/24`;
      const node: Node = {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/zone': zones[i % zones.length],
          'node.kubernetes.io/instance-type': types[i % poolCount % types.length],
          'cloud.google.com/gke-nodepool': pool,
        },
        ips: [nodeIp],
        podCIDRs: [v4Cidr, `fd00:10:244:${i.toString(16)}::/64`],
      };
      this.nodes.push({ node, index: i, base: base + i * 256, used: new Set(), next: 2, pods: 0 });
    }
  }

  // ---- namespaces ----

  private addNamespace(info: Omit<NsInfo, 'workloads' | 'labels'>, extra: Record<string, string>): NsInfo {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': info.name, ...extra };
    const ns: NsInfo = { ...info, labels, workloads: [] };
    this.namespaces.push(ns);
    this.nsByName.set(ns.name, ns);
    return ns;
  }

  private makeNamespaces(): void {
    const r = this.rng;
    for (const name of SYSTEM_NAMESPACES) {
      const isolation: Isolation = name === 'kube-system' ? 'none' : 'ingress';
      this.addNamespace(
        { name, team: 'platform', env: 'prod', system: true, isolation, dualStack: false },
        { team: 'platform', tier: 'platform', 'pod-security.kubernetes.io/enforce': 'privileged' },
      );
    }
    const teamCount = this.p.namespaces - SYSTEM_NAMESPACES.length;
    const sandboxCount = Math.max(1, Math.round(teamCount * 0.03));
    const used = new Set<string>(SYSTEM_NAMESPACES);
    for (let i = 0; i < teamCount; i++) {
      const team = r.pick(TEAMS);
      if (i < sandboxCount) {
        let name = `sandbox-${r.pick(SANDBOX_USERS)}`;
        for (let k = 2; used.has(name); k++) name = `sandbox-${r.pick(SANDBOX_USERS)}-${k}`;
        used.add(name);
        this.addNamespace(
          { name, team, env: 'dev', system: false, isolation: r.chance(0.5) ? 'none' : 'ingress', dualStack: false },
          { team, env: 'dev', tier: 'backend', sandbox: 'true' },
        );
        continue;
      }
      const env = r.weighted(ENVS, ENV_WEIGHTS);
      const domain = r.pick(DOMAINS);
      let name = `${team}-${domain}-${env}`;
      for (let k = 2; used.has(name); k++) name = `${team}-${domain}-${k}-${env}`;
      used.add(name);
      const tier = ['web', 'portal', 'edge', 'gateway'].includes(domain) ? 'frontend' : ['store', 'ledger', 'stream', 'events'].includes(domain) ? 'data' : 'backend';
      const labels: Record<string, string> = { team, env, tier };
      const pci = env === 'prod' && r.chance(0.06);
      const hipaa = env === 'prod' && !pci && r.chance(0.04);
      if (pci) labels.pci = 'cde';
      if (hipaa) labels.hipaa = 'ephi';
      if (r.chance(0.3)) labels.tenant = team;
      if (r.chance(0.2)) labels['istio-injection'] = 'enabled';
      if (r.chance(0.4)) labels['cost-center'] = `cc-${r.int(100, 999)}`;
      labels['pod-security.kubernetes.io/enforce'] = r.chance(0.6) ? 'restricted' : 'baseline';
      const isolation: Isolation = pci || hipaa ? 'egress' : r.chance(0.05) ? 'none' : r.chance(0.42) ? 'egress' : 'ingress';
      this.addNamespace({ name, team, env, system: false, isolation, dualStack: r.chance(0.02) }, labels);
    }
  }

  // ---- workloads ----

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

  private makeWorkloads(): void {
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

  // ---- pods ----

  private allocIp(slot: NodeSlot): number {
    for (let k = 0; k < 253; k++) {
      const h = slot.next;
      slot.next = slot.next >= 254 ? 2 : slot.next + 1;
      if (!slot.used.has(h)) {
        slot.used.add(h);
        return h;
      }
    }
    throw new Error(`node ${slot.node.name} is out of pod addresses`);
  }

  private randomNode(): NodeSlot {
    for (let tries = 0; tries < 10_000; tries++) {
      const s = this.nodes[Math.floor(this.rng.next() * this.nodes.length)];
      if (s.pods < MAX_PODS_PER_NODE) return s;
    }
    const s = this.nodes.find((n) => n.pods < MAX_PODS_PER_NODE);
    if (!s) throw new Error('every node is full');
    return s;
  }

  private addPod(wl: WlInfo, name: string, labels: Record<string, string>, slot: NodeSlot): void {
    const key = `${wl.ns.name}/${name}`;
    if (this.podKeys.has(key)) throw new Error(`duplicate pod ${key}`);
    this.podKeys.add(key);
    slot.pods++;
    let ips: string[];
    if (wl.hostNetwork) {
      ips = [...slot.node.ips];
    } else {
      const h = this.allocIp(slot);
      ips = [intToV4(slot.base + h)];
      if (wl.ns.dualStack) ips.push(v6PodIp(slot.index, h));
    }
    this.pods.push({
      namespace: wl.ns.name,
      name,
      labels,
      ips,
      hostNetwork: wl.hostNetwork,
      nodeName: slot.node.name,
      ports: wl.ports,
      workload: { kind: wl.kind, name: wl.name },
    });
  }

  private makePods(): void {
    const r = this.rng;
    for (const ns of this.namespaces) {
      for (const wl of ns.workloads) {
        if (wl.kind === 'DaemonSet') {
          const labels = { ...wl.labels, 'controller-revision-hash': r.k8sSuffix(10), 'pod-template-generation': '1' };
          for (const slot of this.nodes) this.addPod(wl, uniqueName(this.podKeys, ns.name, () => `${wl.name}-${r.k8sSuffix(5)}`), labels, slot);
        } else if (wl.kind === 'StatefulSet') {
          const rev = `${wl.name}-${r.k8sSuffix(10)}`;
          for (let i = 0; i < wl.replicas; i++) {
            const name = `${wl.name}-${i}`;
            this.addPod(wl, name, { ...wl.labels, 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': name }, this.randomNode());
          }
        } else {
          // A Deployment; some are caught mid-rollout with two ReplicaSets (two versions) live.
          const sets: { labels: Record<string, string>; count: number }[] = [];
          const current = { ...wl.labels, 'pod-template-hash': r.k8sSuffix(10) };
          if (wl.replicas >= 2 && r.chance(0.08)) {
            const newer = r.int(1, wl.replicas - 1);
            sets.push({ labels: current, count: wl.replicas - newer });
            sets.push({ labels: { ...wl.labels, version: bumpVersion(wl.labels.version), 'pod-template-hash': r.k8sSuffix(10) }, count: newer });
          } else {
            sets.push({ labels: current, count: wl.replicas });
          }
          for (const s of sets) {
            for (let i = 0; i < s.count; i++) {
              const name = uniqueName(this.podKeys, ns.name, () => `${wl.name}-${s.labels['pod-template-hash']}-${r.k8sSuffix(5)}`);
              this.addPod(wl, name, s.labels, this.randomNode());
            }
          }
        }
        if (wl.kind !== 'DaemonSet' && wl.ports.length > 0) this.services.push(serviceFor(wl));
      }
    }
  }

  // ---- NetworkPolicies ----

  private addPolicy(ns: NsInfo, name: string, podSelector: LabelSelector, types: PolicyType[], ingress: NetworkPolicyRule[], egress: NetworkPolicyRule[]): boolean {
    if (this.policies.length >= this.p.policies) return false;
    let n = name;
    for (let k = 2; this.policyNames.has(`${ns.name}/${n}`); k++) n = `${name}-${k}`;
    this.policyNames.add(`${ns.name}/${n}`);
    this.policies.push({ namespace: ns.name, name: n, podSelector, policyTypes: types, ingress, egress });
    return true;
  }

  private makePolicies(): void {
    const r = this.rng;
    const perNs = this.p.policies / this.p.namespaces;
    const isolated = this.namespaces.filter((n) => n.isolation !== 'none');
    // Namespace-wide baseline first.
    for (const ns of isolated) {
      if (ns.isolation === 'egress') {
        this.addPolicy(ns, 'default-deny-all', {}, ['Ingress', 'Egress'], [], []);
        this.addPolicy(ns, 'allow-dns', {}, ['Egress'], [], [dnsRule()]);
      } else {
        this.addPolicy(ns, 'default-deny-ingress', {}, ['Ingress'], [], []);
      }
      if (perNs >= 4 && !ns.system && r.chance(0.7)) {
        this.addPolicy(ns, 'allow-prometheus-scrape', {}, ['Ingress'], [{ peers: [prometheusPeer()], ports: [{ protocol: 'TCP', port: 'metrics' }] }], []);
      }
      if (perNs >= 4 && !ns.system && r.chance(0.2)) {
        this.addPolicy(ns, 'allow-same-namespace', {}, ['Ingress'], [{ peers: [{ podSelector: {} }] }], []);
      }
    }
    // Then per workload, in rounds (ingress, egress, extra allows) until the target is met.
    const candidates = r.shuffle(isolated.flatMap((ns) => ns.workloads.filter((w) => !w.hostNetwork)));
    if (candidates.length === 0) return;
    for (let round = 0; this.policies.length < this.p.policies; round++) {
      for (const wl of candidates) {
        if (this.policies.length >= this.p.policies) break;
        if (round === 0) this.ingressPolicy(wl);
        else if (round === 1) this.egressPolicy(wl);
        else this.extraPolicy(wl, round);
      }
    }
  }

  /** A port of `wl` as a policy would name it: by name about half the time, else by number. */
  private portRef(p: ContainerPort): NetworkPolicyPort {
    if (p.name && this.rng.chance(0.45)) return { protocol: p.protocol, port: p.name };
    return { protocol: p.protocol, port: p.port };
  }

  private servicePorts(wl: WlInfo): NetworkPolicyPort[] {
    const r = this.rng;
    const main = wl.ports.filter((p) => !/metrics|prometheus/.test(p.name ?? ''));
    const chosen = main.length ? main : wl.ports;
    if (chosen.length === 0) return [{ protocol: 'TCP', port: 8080 }];
    if (r.chance(0.05)) {
      // A port range: either a band above the main port, or a NodePort-like span.
      const p = chosen[0];
      return r.chance(0.5) ? [{ protocol: p.protocol, port: p.port, endPort: Math.min(65535, p.port + r.int(2, 20)) }] : [{ protocol: 'TCP', port: 30000, endPort: 32767 }];
    }
    return r.sample(chosen, r.int(1, Math.min(2, chosen.length))).map((p) => this.portRef(p));
  }

  private sameNsPeers(wl: WlInfo, max: number): NetworkPolicyPeer[] {
    const r = this.rng;
    const others = wl.ns.workloads.filter((w) => w !== wl && !w.hostNetwork);
    if (others.length === 0) return [];
    const chosen = r.sample(others, r.int(1, Math.min(max, others.length)));
    if (chosen.length > 1 && r.chance(0.15) && chosen.every((w) => w.sel.app)) {
      return [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: chosen.map((w) => w.sel.app) }] } }];
    }
    return chosen.map((w) => ({ podSelector: { matchLabels: { ...w.sel } } }));
  }

  private crossNsPeer(wl: WlInfo): NetworkPolicyPeer | undefined {
    const r = this.rng;
    for (let tries = 0; tries < 5; tries++) {
      const ns = r.pick(this.namespaces);
      if (ns === wl.ns || ns.system || ns.workloads.length === 0) continue;
      const src = r.pick(ns.workloads);
      const u = r.next();
      const namespaceSelector: LabelSelector =
        u < 0.6
          ? { matchLabels: { 'kubernetes.io/metadata.name': ns.name } }
          : u < 0.9
            ? { matchLabels: { team: ns.team, env: ns.env } }
            : { matchLabels: { team: ns.team }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] };
      return { namespaceSelector, podSelector: { matchLabels: { ...src.sel } } };
    }
    return undefined;
  }

  private ingressPolicy(wl: WlInfo): void {
    const r = this.rng;
    const rules: NetworkPolicyRule[] = [];
    if (wl.edge) {
      const peers: NetworkPolicyPeer[] = [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_V4] } }];
      if (wl.ns.dualStack) peers.push({ ipBlock: { cidr: '::/0', except: ['fc00::/7'] } });
      const ports = wl.ports.filter((p) => /^https?$/.test(p.name ?? '')).map((p) => this.portRef(p));
      rules.push({ peers, ports: ports.length ? ports : [{ protocol: 'TCP', port: 443 }] });
    } else if (wl.tier === 'frontend') {
      rules.push({
        peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
        ports: this.servicePorts(wl),
      });
    }
    const local = this.sameNsPeers(wl, 3);
    if (local.length) rules.push({ peers: local, ports: this.servicePorts(wl) });
    if (r.chance(0.25) || rules.length === 0) {
      const x = this.crossNsPeer(wl);
      if (x) rules.push({ peers: [x], ports: this.servicePorts(wl) });
    }
    this.addPolicy(wl.ns, `${wl.name}-ingress`, { matchLabels: { ...wl.sel } }, ['Ingress'], rules, []);
  }

  private egressPolicy(wl: WlInfo): void {
    const r = this.rng;
    const rules: NetworkPolicyRule[] = [dnsRule()];
    const targets = wl.ns.workloads.filter((w) => w !== wl && !w.hostNetwork && w.ports.length > 0);
    for (const t of r.sample(targets, r.int(1, 3))) rules.push({ peers: [{ podSelector: { matchLabels: { ...t.sel } } }], ports: this.servicePorts(t) });
    if (r.chance(0.3)) {
      const x = this.crossNsPeer(wl);
      if (x) rules.push({ peers: [x], ports: [{ protocol: 'TCP', port: r.pick([5432, 6379, 9092, 8080, 50051]) }] });
    }
    if (r.chance(0.3) || wl.edge) {
      const ext = r.sample(this.externalPool, r.int(1, 2));
      rules.push({ peers: ext.map((e) => ({ ipBlock: { cidr: e.cidr, except: [...e.except] } })), ports: r.chance(0.85) ? [{ protocol: 'TCP', port: 443 }] : undefined });
    }
    this.addPolicy(wl.ns, `${wl.name}-egress`, { matchLabels: { ...wl.sel } }, ['Egress'], [], rules);
  }

  private extraPolicy(wl: WlInfo, round: number): void {
    const r = this.rng;
    const u = r.next();
    let rule: NetworkPolicyRule | undefined;
    let name: string;
    if (u < 0.2) {
      rule = { peers: [prometheusPeer()], ports: [{ protocol: 'TCP', port: 'metrics' }] };
      name = `${wl.name}-allow-metrics`;
    } else if (u < 0.55) {
      const x = this.crossNsPeer(wl);
      if (x) rule = { peers: [x], ports: this.servicePorts(wl) };
      name = `${wl.name}-allow-cross-${round}`;
    } else {
      const peers = this.sameNsPeers(wl, 1);
      if (peers.length) rule = { peers, ports: this.servicePorts(wl) };
      name = `${wl.name}-allow-${round}`;
    }
    if (!rule) rule = { peers: [{ podSelector: { matchLabels: { role: 'debug' } } }], ports: this.servicePorts(wl) };
    this.addPolicy(wl.ns, name, { matchLabels: { ...wl.sel } }, ['Ingress'], [rule], []);
  }
}

function gaussian(r: Rng): number {
  const u = Math.max(r.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

function uniqueName(keys: Set<string>, ns: string, make: () => string): string {
  for (;;) {
    const n = make();
    if (!keys.has(`${ns}/${n}`)) return n;
  }
}

export function bumpVersion(v: string | undefined): string {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(v ?? '');
  if (!m) return 'v1.0.1';
  return Number(m[3]) >= 30 ? `v${m[1]}.${Number(m[2]) + 1}.0` : `v${m[1]}.${m[2]}.${Number(m[3]) + 1}`;
}

function serviceFor(wl: WlInfo): Service {
  const edge = wl.edge && wl.ns.system;
  return {
    namespace: wl.ns.name,
    name: wl.name,
    type: edge ? 'LoadBalancer' : 'ClusterIP',
    selector: { ...wl.sel },
    ports: wl.ports.map((p) => ({ name: p.name, port: p.port === 8080 ? 80 : p.port, protocol: p.protocol, targetPort: p.name ?? p.port })),
    externalIPs: [],
    loadBalancerIPs: edge ? ['34.120.10.10'] : [],
  };
}

function dnsRule(): NetworkPolicyRule {
  return {
    peers: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

function prometheusPeer(): NetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } };
}

/** Well-known SaaS/CDN-like ranges (with a few carve-outs), then synthetic public /24s and /32s. */
function makeExternalPool(r: Rng, size: number): { cidr: string; except: string[] }[] {
  const pool: { cidr: string; except: string[] }[] = [
    { cidr: '52.94.0.0/16', except: ['52.94.8.0/24'] },
    { cidr: '34.120.0.0/14', except: [] },
    { cidr: '151.101.0.0/16', except: [] },
    { cidr: '140.82.112.0/20', except: [] },
    { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] },
    { cidr: '203.0.113.0/24', except: [] },
    { cidr: '192.0.2.0/24', except: ['192.0.2.64/26'] },
    { cidr: '10.200.0.0/16', except: ['10.200.99.0/24'] },
    { cidr: '2606:4700::/32', except: ['2606:4700:10::/48'] },
    { cidr: '2a04:4e42::/32', except: [] },
    { cidr: '2001:db8:1000::/48', except: ['2001:db8:1000:ff::/64'] },
    { cidr: '104.16.0.0/13', except: [] },
  ];
  const firstOctets = [13, 20, 23, 35, 40, 44, 54, 64, 66, 69, 74, 99, 108, 129, 131, 146, 157, 162, 185, 204, 209];
  const seen = new Set(pool.map((p) => p.cidr));
  while (pool.length < size) {
    const a = r.pick(firstOctets);
    const b = r.int(0, 255);
    const c = r.int(0, 255);
    const host = r.chance(0.3);
    const cidr = host ? `${a}.${b}.${c}.${r.int(1, 254)}/32` : `${a}.${b}.${c}.0/24`;
    if (seen.has(cidr)) continue;
    seen.add(cidr);
    pool.push({ cidr, except: !host && r.chance(0.2) ? [`${a}.${b}.${c}.${16 * r.int(0, 15)}/28`] : [] });
  }
  return pool.slice(0, Math.max(size, 1));
}

function makeAdminPolicies(): { anps: AdminNetworkPolicy[]; banp: BaselineAdminNetworkPolicy } {
  const kubeDns = { pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } };
  const dnsPorts = [{ portNumber: { protocol: 'UDP' as const, port: 53 } }, { portNumber: { protocol: 'TCP' as const, port: 53 } }];
  const anps: AdminNetworkPolicy[] = [
    {
      name: 'pci-cde-isolation',
      priority: 5,
      subject: { namespaces: { matchLabels: { pci: 'cde' } } },
      ingress: [
        { name: 'pass-from-cde-and-ingress', action: 'Pass', peers: [{ namespaces: { matchLabels: { pci: 'cde' } } }, { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] },
        { name: 'deny-everything-else', action: 'Deny', peers: [{ namespaces: {} }] },
      ],
      egress: [
        { name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts },
        { name: 'allow-card-processor', action: 'Allow', peers: [{ networks: ['198.51.100.0/24'] }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] },
        { name: 'deny-internet', action: 'Deny', peers: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    },
    {
      name: 'sandbox-deny',
      priority: 10,
      subject: { namespaces: { matchExpressions: [{ key: 'sandbox', operator: 'DoesNotExist' }] } },
      ingress: [{ name: 'deny-from-sandboxes', action: 'Deny', peers: [{ namespaces: { matchLabels: { sandbox: 'true' } } }] }],
      egress: [{ name: 'deny-to-sandboxes', action: 'Deny', peers: [{ namespaces: { matchLabels: { sandbox: 'true' } } }] }],
    },
    {
      name: 'hipaa-egress',
      priority: 15,
      subject: { namespaces: { matchLabels: { hipaa: 'ephi' } } },
      ingress: [],
      egress: [
        { name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts },
        { name: 'allow-approved-saas', action: 'Allow', peers: [{ networks: ['203.0.113.0/24', '2001:db8:1000::/48'] }], ports: [{ portNumber: { protocol: 'TCP', port: 443 } }] },
        { name: 'deny-other-external', action: 'Deny', peers: [{ networks: ['0.0.0.0/0', '::/0'] }] },
      ],
    },
    {
      name: 'monitoring-pass',
      priority: 20,
      subject: { namespaces: {} },
      ingress: [
        {
          name: 'pass-prometheus-scrape',
          action: 'Pass',
          peers: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } } }],
          ports: [{ namedPort: 'metrics' }],
        },
      ],
      egress: [],
    },
    {
      name: 'allow-kube-dns',
      priority: 30,
      subject: { namespaces: {} },
      ingress: [],
      egress: [{ name: 'allow-dns', action: 'Allow', peers: [kubeDns], ports: dnsPorts }],
    },
    {
      name: 'monitoring-to-nodes',
      priority: 40,
      subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
      ingress: [],
      egress: [
        {
          name: 'allow-node-metrics',
          action: 'Allow',
          peers: [{ nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }],
          ports: [{ portNumber: { protocol: 'TCP', port: 9100 } }, { portNumber: { protocol: 'TCP', port: 10250 } }, { portNumber: { protocol: 'TCP', port: 10249 } }],
        },
      ],
    },
  ];
  const tenants: LabelSelector = { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] };
  const banp: BaselineAdminNetworkPolicy = {
    name: 'default',
    subject: { namespaces: tenants },
    ingress: [{ name: 'deny-from-tenants', action: 'Deny', peers: [{ namespaces: tenants }] }],
    egress: [{ name: 'deny-to-tenants', action: 'Deny', peers: [{ namespaces: tenants }] }],
  };
  return { anps, banp };
}

// ---------------------------------------------------------------------------------------------------------
// Counts

export interface ClusterCounts {
  pods: number;
  namespaces: number;
  policies: number;
  adminPolicies: number;
  nodes: number;
  services: number;
  workloads: number;
  /** Distinct (namespace, pod labels) pairs. */
  labelSets: number;
  hostNetworkPods: number;
  dualStackPods: number;
}

export function clusterCounts(s: ClusterState): ClusterCounts {
  const workloads = new Set<string>();
  const labelSets = new Set<string>();
  let hostNetworkPods = 0;
  let dualStackPods = 0;
  for (const p of s.pods) {
    workloads.add(`${p.namespace}/${p.workload.kind}/${p.workload.name}`);
    labelSets.add(`${p.namespace}\u0000${labelsKey(p.labels)}`);
    if (p.hostNetwork) hostNetworkPods++;
    if (p.ips.length > 1) dualStackPods++;
  }
  return {
    pods: s.pods.length,
    namespaces: s.namespaces.length,
    policies: s.networkPolicies.length,
    adminPolicies: s.adminNetworkPolicies.length + (s.baselineAdminNetworkPolicy ? 1 : 0),
    nodes: s.nodes.length,
    services: s.services.length,
    workloads: workloads.size,
    labelSets: labelSets.size,
    hostNetworkPods,
    dualStackPods,
  };
}

function labelsKey(l: Readonly<Record<string, string>>): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}=${l[k]}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------------------
// Events

/** A set of keys with O(1) add, remove and uniform random pick. */
class KeyPool {
  private readonly keys: string[] = [];
  private readonly at = new Map<string, number>();

  get size(): number {
    return this.keys.length;
  }
  has(k: string): boolean {
    return this.at.has(k);
  }
  add(k: string): void {
    if (this.at.has(k)) return;
    this.at.set(k, this.keys.length);
    this.keys.push(k);
  }
  delete(k: string): void {
    const i = this.at.get(k);
    if (i === undefined) return;
    const last = this.keys.pop()!;
    if (last !== k) {
      this.keys[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(k);
  }
  pick(r: Rng): string | undefined {
    return this.keys.length ? this.keys[Math.floor(r.next() * this.keys.length)] : undefined;
  }
  values(): readonly string[] {
    return this.keys;
  }
}

export type EventKind = 'pod-scale-up' | 'pod-delete' | 'pod-relabel' | 'namespace-relabel' | 'np-edit' | 'np-create' | 'np-delete' | 'anp-edit';

/**
 * The event mix (relative weights). Scale-ups and deletes share one weight: the split leans towards
 * whichever keeps the pod count near where it started, so long runs do not drift.
 */
export const EVENT_MIX: Readonly<Record<EventKind, number>> = {
  'pod-scale-up': 29,
  'pod-delete': 29,
  'pod-relabel': 12,
  'namespace-relabel': 4,
  'np-edit': 15,
  'np-create': 5,
  'np-delete': 5,
  'anp-edit': 1,
};

interface WlTrack {
  key: string;
  namespace: string;
  kind: string;
  name: string;
  pods: KeyPool;
}

/**
 * A realistic stream of `count` changes against `state` (which is not modified). The generator follows the
 * evolving state, so each change is valid where it stands: deletes name live objects, new pods get free
 * addresses on nodes with room, edits start from the object's current version.
 */
export function generateEvents(state: ClusterState, count: number, seed: number): ObjectChange[] {
  return new EventGenerator(state, seed).take(count).map((e) => e.change);
}

/** Like generateEvents, with the kind of each event (for per-kind statistics). */
export function generateLabelledEvents(state: ClusterState, count: number, seed: number): { kind: EventKind; change: ObjectChange }[] {
  return new EventGenerator(state, seed).take(count);
}

class EventGenerator {
  private readonly r: Rng;
  private readonly namespaces = new Map<string, Namespace>();
  private readonly teamNamespaces: string[] = [];
  private readonly pods = new Map<string, Pod>();
  private readonly podPool = new KeyPool();
  private readonly workloads = new Map<string, WlTrack>();
  private readonly wlPool = new KeyPool();
  private readonly wlByNs = new Map<string, string[]>();
  private readonly nps = new Map<string, NetworkPolicy>();
  private readonly npPool = new KeyPool();
  private readonly anps: AdminNetworkPolicy[];
  private readonly nodes: NodeSlot[] = [];
  private readonly nodeByName = new Map<string, NodeSlot>();
  private serial = 0;
  private readonly targetPods: number;
  private readonly targetPolicies: number;

  constructor(state: ClusterState, seed: number) {
    this.r = new Rng(seed ^ 0x5eed);
    for (const ns of state.namespaces) {
      this.namespaces.set(ns.name, ns);
      if (!(SYSTEM_NAMESPACES as readonly string[]).includes(ns.name)) this.teamNamespaces.push(ns.name);
    }
    state.nodes.forEach((n, index) => {
      const cidr = n.podCIDRs.find((c) => !c.includes(':'));
      const base = cidr ? v4ToInt(cidr.split('/')[0]) : 0;
      const slot: NodeSlot = { node: n, index, base, used: new Set(), next: 2, pods: 0 };
      this.nodes.push(slot);
      this.nodeByName.set(n.name, slot);
    });
    for (const p of state.pods) {
      const key = objectKey('Pod', p);
      this.pods.set(key, p);
      this.trackPod(key, p);
    }
    for (const np of state.networkPolicies) {
      const key = objectKey('NetworkPolicy', np);
      this.nps.set(key, np);
      this.npPool.add(key);
    }
    this.anps = state.adminNetworkPolicies.map((a) => a);
    this.targetPods = state.pods.length;
    this.targetPolicies = state.networkPolicies.length;
  }

  private trackPod(key: string, p: Pod): void {
    this.podPool.add(key);
    const wk = `${p.namespace}/${p.workload.kind}/${p.workload.name}`;
    let w = this.workloads.get(wk);
    if (!w) {
      w = { key: wk, namespace: p.namespace, kind: p.workload.kind, name: p.workload.name, pods: new KeyPool() };
      this.workloads.set(wk, w);
      this.wlPool.add(wk);
      const list = this.wlByNs.get(p.namespace) ?? [];
      list.push(wk);
      this.wlByNs.set(p.namespace, list);
    }
    w.pods.add(key);
    const slot = p.nodeName ? this.nodeByName.get(p.nodeName) : undefined;
    if (slot) {
      // Host-network pods take no pod address but still count against the node's pod limit.
      slot.pods++;
      const v4 = p.hostNetwork ? undefined : p.ips.find((ip) => !ip.includes(':'));
      if (v4) slot.used.add(v4ToInt(v4) - slot.base);
    }
  }

  private untrackPod(key: string, p: Pod): void {
    this.podPool.delete(key);
    this.workloads.get(`${p.namespace}/${p.workload.kind}/${p.workload.name}`)?.pods.delete(key);
    const slot = p.nodeName ? this.nodeByName.get(p.nodeName) : undefined;
    if (!slot) return;
    slot.pods--;
    const v4 = p.ips.find((ip) => !ip.includes(':'));
    if (v4 && !p.hostNetwork) slot.used.delete(v4ToInt(v4) - slot.base);
  }

  take(count: number): { kind: EventKind; change: ObjectChange }[] {
    const kinds = Object.keys(EVENT_MIX) as EventKind[];
    const weights = kinds.map((k) => EVENT_MIX[k]);
    const out: { kind: EventKind; change: ObjectChange }[] = [];
    while (out.length < count) {
      let kind = this.r.weighted(kinds, weights);
      if (kind === 'pod-scale-up' || kind === 'pod-delete') {
        kind = this.r.chance(towards(this.targetPods, this.podPool.size)) ? 'pod-scale-up' : 'pod-delete';
      } else if (kind === 'np-create' || kind === 'np-delete') {
        kind = this.r.chance(towards(this.targetPolicies, this.npPool.size)) ? 'np-create' : 'np-delete';
      }
      const change = this.make(kind);
      if (change) out.push({ kind, change });
    }
    return out;
  }

  private make(kind: EventKind): ObjectChange | undefined {
    switch (kind) {
      case 'pod-scale-up': return this.scaleUp();
      case 'pod-delete': return this.deletePod();
      case 'pod-relabel': return this.relabelPod();
      case 'namespace-relabel': return this.relabelNamespace();
      case 'np-edit': return this.editPolicy();
      case 'np-create': return this.createPolicy();
      case 'np-delete': return this.deletePolicy();
      case 'anp-edit': return this.editAdminPolicy();
    }
  }

  private randomWorkload(filter: (w: WlTrack) => boolean): WlTrack | undefined {
    for (let i = 0; i < 20; i++) {
      // Half by workload, half by pod: big workloads scale more often.
      const key = this.r.chance(0.5) ? this.wlPool.pick(this.r) : this.podWorkloadKey();
      const w = key ? this.workloads.get(key) : undefined;
      if (w && w.pods.size > 0 && filter(w)) return w;
    }
    return undefined;
  }

  private podWorkloadKey(): string | undefined {
    const k = this.podPool.pick(this.r);
    const p = k ? this.pods.get(k) : undefined;
    return p ? `${p.namespace}/${p.workload.kind}/${p.workload.name}` : undefined;
  }

  private scaleUp(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet');
    if (!w) return undefined;
    const template = this.pods.get(w.pods.pick(this.r)!)!;
    if (template.hostNetwork) return undefined;
    const slot = this.freeNode();
    if (!slot) return undefined;
    let name: string;
    const labels: Record<string, string> = { ...template.labels };
    if (w.kind === 'StatefulSet') {
      let max = -1;
      for (const k of w.pods.values()) max = Math.max(max, ordinal(k));
      name = `${w.name}-${max + 1}`;
      labels['statefulset.kubernetes.io/pod-name'] = name;
    } else {
      const hash = template.labels['pod-template-hash'];
      do name = hash ? `${w.name}-${hash}-${this.r.k8sSuffix(5)}` : `${w.name}-${this.r.k8sSuffix(5)}`;
      while (this.pods.has(`${w.namespace}/${name}`));
    }
    let h = -1;
    for (let k = 0; k < 253; k++) {
      const c = slot.next;
      slot.next = slot.next >= 254 ? 2 : slot.next + 1;
      if (!slot.used.has(c)) {
        h = c;
        break;
      }
    }
    if (h < 0) return undefined;
    const ips = [intToV4(slot.base + h)];
    if (template.ips.some((ip) => ip.includes(':'))) ips.push(v6PodIp(slot.index, h));
    const pod: Pod = { ...template, name, labels, ips, nodeName: slot.node.name };
    const key = objectKey('Pod', pod);
    this.pods.set(key, pod);
    this.trackPod(key, pod);
    return { type: 'upsert', kind: 'Pod', object: pod };
  }

  private freeNode(): NodeSlot | undefined {
    for (let i = 0; i < 50; i++) {
      const s = this.r.pick(this.nodes);
      if (s.pods < MAX_PODS_PER_NODE) return s;
    }
    return this.nodes.find((s) => s.pods < MAX_PODS_PER_NODE);
  }

  private deletePod(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet' && w.pods.size >= 2);
    if (!w) return undefined;
    let key = w.pods.pick(this.r)!;
    if (w.kind === 'StatefulSet') {
      // StatefulSets scale down from the highest ordinal.
      for (const k of w.pods.values()) if (ordinal(k) > ordinal(key)) key = k;
    }
    const pod = this.pods.get(key)!;
    this.pods.delete(key);
    this.untrackPod(key, pod);
    return { type: 'delete', kind: 'Pod', key };
  }

  private relabelPod(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.podPool.pick(this.r);
      if (!key) return undefined;
      const pod = this.pods.get(key)!;
      if (pod.hostNetwork || pod.workload.kind === 'DaemonSet') continue;
      const next: Pod = { ...pod, labels: { ...pod.labels, version: bumpVersion(pod.labels.version) } };
      this.pods.set(key, next);
      return { type: 'upsert', kind: 'Pod', object: next };
    }
    return undefined;
  }

  private relabelNamespace(): ObjectChange | undefined {
    if (this.teamNamespaces.length === 0) return undefined;
    const ns = this.namespaces.get(this.r.pick(this.teamNamespaces))!;
    const labels: Record<string, string> = { ...ns.labels };
    const u = this.r.next();
    if (u < 0.5) {
      labels.team = this.r.pick(TEAMS.filter((t) => t !== labels.team));
    } else if (u < 0.75) {
      if (labels.pci) delete labels.pci;
      else labels.pci = 'cde';
    } else if (labels['cost-center']) {
      delete labels['cost-center'];
    } else {
      labels['cost-center'] = `cc-${this.r.int(100, 999)}`;
    }
    const next: Namespace = { name: ns.name, labels };
    this.namespaces.set(ns.name, next);
    return { type: 'upsert', kind: 'Namespace', object: next };
  }

  private appSelectorIn(ns: string): LabelSelector | undefined {
    const list = this.wlByNs.get(ns);
    if (!list || list.length === 0) return undefined;
    const w = this.workloads.get(this.r.pick(list))!;
    if (w.pods.size === 0) return undefined;
    const p = this.pods.get(w.pods.pick(this.r)!)!;
    if (p.hostNetwork) return undefined;
    const app = p.labels.app ?? p.labels['app.kubernetes.io/name'] ?? p.labels['k8s-app'];
    if (!app) return undefined;
    const k = p.labels.app ? 'app' : p.labels['app.kubernetes.io/name'] ? 'app.kubernetes.io/name' : 'k8s-app';
    return { matchLabels: { [k]: app } };
  }

  private editPolicy(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.npPool.pick(this.r);
      if (!key) return undefined;
      const np = this.nps.get(key)!;
      const dir: 'ingress' | 'egress' = np.ingress.length && (!np.egress.length || this.r.chance(0.5)) ? 'ingress' : 'egress';
      const rules = np[dir];
      if (rules.length === 0) continue;
      const next: NetworkPolicy = structuredClone(np);
      const ri = this.r.int(0, rules.length - 1);
      const rule = next[dir][ri];
      const op = this.r.int(0, 3);
      if (op === 0 && rule.peers && !rule.peers.some((p) => p.ipBlock)) {
        const sel = this.appSelectorIn(np.namespace);
        if (!sel) continue;
        rule.peers.push({ podSelector: sel });
      } else if (op === 1 && rule.peers && rule.peers.length > 1) {
        rule.peers.pop();
      } else if (op === 2 && rule.ports) {
        const candidates: NetworkPolicyPort[] = [{ protocol: 'TCP', port: 9090 }, { protocol: 'TCP', port: 'metrics' }, { protocol: 'TCP', port: 8443 }, { protocol: 'UDP', port: 8125 }];
        const add = this.r.pick(candidates);
        if (rule.ports.some((p) => p.protocol === add.protocol && p.port === add.port)) continue;
        rule.ports.push(add);
      } else if (op === 3 && rule.ports && rule.ports.length > 1) {
        rule.ports.pop();
      } else {
        continue;
      }
      this.nps.set(key, next);
      return { type: 'upsert', kind: 'NetworkPolicy', object: next };
    }
    return undefined;
  }

  private createPolicy(): ObjectChange | undefined {
    const w = this.randomWorkload((w) => w.kind !== 'DaemonSet');
    if (!w) return undefined;
    const p = this.pods.get(w.pods.pick(this.r)!)!;
    if (p.hostNetwork) return undefined;
    const target = this.appSelectorIn(w.namespace);
    const self = p.labels.app ? { app: p.labels.app } : undefined;
    if (!self) return undefined;
    const from = this.appSelectorIn(w.namespace) ?? target;
    const port = p.ports.find((cp) => cp.name !== 'metrics') ?? p.ports[0];
    const np: NetworkPolicy = {
      namespace: w.namespace,
      name: `${w.name}-allow-ev${++this.serial}`,
      podSelector: { matchLabels: self },
      policyTypes: ['Ingress'],
      ingress: [{ peers: from ? [{ podSelector: from }] : undefined, ports: port ? [{ protocol: port.protocol, port: port.name ?? port.port }] : undefined }],
      egress: [],
    };
    const key = objectKey('NetworkPolicy', np);
    this.nps.set(key, np);
    this.npPool.add(key);
    return { type: 'upsert', kind: 'NetworkPolicy', object: np };
  }

  private deletePolicy(): ObjectChange | undefined {
    for (let i = 0; i < 10; i++) {
      const key = this.npPool.pick(this.r);
      if (!key) return undefined;
      const name = key.slice(key.indexOf('/') + 1);
      // Namespace baselines are rarely removed; workload policies come and go.
      if (name.startsWith('default-deny') || name === 'allow-dns') continue;
      this.nps.delete(key);
      this.npPool.delete(key);
      return { type: 'delete', kind: 'NetworkPolicy', key };
    }
    return undefined;
  }

  private editAdminPolicy(): ObjectChange | undefined {
    if (this.anps.length === 0) return undefined;
    const i = this.r.int(0, this.anps.length - 1);
    const next: AdminNetworkPolicy = structuredClone(this.anps[i]);
    const rules = [...next.ingress, ...next.egress];
    const u = this.r.next();
    if (u < 0.3 || rules.length === 0) {
      next.priority = next.priority % 2 === 0 ? next.priority + 1 : next.priority - 1;
    } else {
      const rule = this.r.pick(rules);
      const marker = { namespaces: { matchLabels: { team: 'security', 'quarantine': 'true' } } };
      const idx = rule.peers.findIndex((p) => 'namespaces' in p && p.namespaces.matchLabels?.quarantine === 'true');
      if (idx >= 0) rule.peers.splice(idx, 1);
      else if (!rule.peers.some((p) => 'networks' in p || 'nodes' in p)) rule.peers.push(marker);
      else if (rule.ports) rule.ports = undefined;
      else rule.ports = [{ portNumber: { protocol: 'TCP', port: 443 } }];
    }
    this.anps[i] = next;
    return { type: 'upsert', kind: 'AdminNetworkPolicy', object: next };
  }
}

/** The probability of growing: ½ at the target, leaning back towards it when the count drifts. */
function towards(target: number, current: number): number {
  const slack = Math.max(10, 0.02 * target);
  return Math.min(0.9, Math.max(0.1, 0.5 + (target - current) / (2 * slack)));
}

function ordinal(podKey: string): number {
  const m = /-(\d+)$/.exec(podKey);
  return m ? Number(m[1]) : -1;
}

// ---------------------------------------------------------------------------------------------------------
// A checked, mutable cluster: applies changes and rejects those that are invalid where they stand.

export class ClusterModel {
  readonly namespaces = new Map<string, Namespace>();
  readonly pods = new Map<string, Pod>();
  readonly nodes = new Map<string, Node>();
  readonly services = new Map<string, Service>();
  readonly networkPolicies = new Map<string, NetworkPolicy>();
  readonly adminNetworkPolicies = new Map<string, AdminNetworkPolicy>();
  baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicy;
  /** Pod address → pod key, for non-host-network pods. */
  private readonly podIps = new Map<string, string>();

  constructor(state: ClusterState) {
    for (const n of state.namespaces) this.put(this.namespaces, n.name, n, 'Namespace');
    for (const n of state.nodes) this.put(this.nodes, n.name, n, 'Node');
    for (const p of state.pods) this.apply({ type: 'upsert', kind: 'Pod', object: p }, true);
    for (const s of state.services) this.apply({ type: 'upsert', kind: 'Service', object: s }, true);
    for (const np of state.networkPolicies) this.apply({ type: 'upsert', kind: 'NetworkPolicy', object: np }, true);
    for (const a of state.adminNetworkPolicies) this.put(this.adminNetworkPolicies, a.name, a, 'AdminNetworkPolicy');
    this.baselineAdminNetworkPolicy = state.baselineAdminNetworkPolicy;
  }

  private put<T>(m: Map<string, T>, key: string, v: T, kind: string): void {
    if (m.has(key)) throw new Error(`duplicate ${kind} ${key}`);
    m.set(key, v);
  }

  private requireNamespace(ns: string, what: string): void {
    if (!this.namespaces.has(ns)) throw new Error(`${what}: namespace ${ns} does not exist`);
  }

  /** Applies one change; throws if it is not valid in the current state. `create` forbids updates. */
  apply(c: ObjectChange, create = false): void {
    const del = <T>(m: Map<string, T>, key: string) => {
      if (!m.delete(key)) throw new Error(`delete ${c.kind} ${key}: no such object`);
    };
    switch (c.kind) {
      case 'Namespace':
        if (c.type === 'delete') {
          for (const p of this.pods.values()) if (p.namespace === c.key) throw new Error(`delete Namespace ${c.key}: it still has pods`);
          del(this.namespaces, c.key);
        } else {
          if (c.object.labels['kubernetes.io/metadata.name'] !== c.object.name) throw new Error(`Namespace ${c.object.name} lacks its name label`);
          this.namespaces.set(c.object.name, c.object);
        }
        return;
      case 'Pod': {
        if (c.type === 'delete') {
          const old = this.pods.get(c.key);
          if (!old) throw new Error(`delete Pod ${c.key}: no such object`);
          this.releaseIps(old);
          this.pods.delete(c.key);
          return;
        }
        const p = c.object;
        const key = objectKey('Pod', p);
        this.requireNamespace(p.namespace, `Pod ${key}`);
        if (p.nodeName && !this.nodes.has(p.nodeName)) throw new Error(`Pod ${key}: node ${p.nodeName} does not exist`);
        const old = this.pods.get(key);
        if (old && create) throw new Error(`duplicate Pod ${key}`);
        if (old) this.releaseIps(old);
        if (!p.hostNetwork) {
          for (const ip of p.ips) {
            const holder = this.podIps.get(ip);
            if (holder && holder !== key) throw new Error(`Pod ${key}: address ${ip} already used by ${holder}`);
          }
          for (const ip of p.ips) this.podIps.set(ip, key);
        }
        this.pods.set(key, p);
        return;
      }
      case 'Node':
        if (c.type === 'delete') del(this.nodes, c.key);
        else this.nodes.set(c.object.name, c.object);
        return;
      case 'Service':
        if (c.type === 'delete') del(this.services, c.key);
        else {
          const key = objectKey('Service', c.object);
          this.requireNamespace(c.object.namespace, `Service ${key}`);
          if (create && this.services.has(key)) throw new Error(`duplicate Service ${key}`);
          this.services.set(key, c.object);
        }
        return;
      case 'NetworkPolicy':
        if (c.type === 'delete') del(this.networkPolicies, c.key);
        else {
          const key = objectKey('NetworkPolicy', c.object);
          this.requireNamespace(c.object.namespace, `NetworkPolicy ${key}`);
          if (create && this.networkPolicies.has(key)) throw new Error(`duplicate NetworkPolicy ${key}`);
          this.networkPolicies.set(key, c.object);
        }
        return;
      case 'AdminNetworkPolicy':
        if (c.type === 'delete') del(this.adminNetworkPolicies, c.key);
        else this.adminNetworkPolicies.set(c.object.name, c.object);
        return;
      case 'BaselineAdminNetworkPolicy':
        if (c.type === 'delete') {
          if (!this.baselineAdminNetworkPolicy || this.baselineAdminNetworkPolicy.name !== c.key) throw new Error(`delete BANP ${c.key}: no such object`);
          this.baselineAdminNetworkPolicy = undefined;
        } else this.baselineAdminNetworkPolicy = c.object;
        return;
    }
  }

  private releaseIps(p: Pod): void {
    if (p.hostNetwork) return;
    const key = objectKey('Pod', p);
    for (const ip of p.ips) if (this.podIps.get(ip) === key) this.podIps.delete(ip);
  }

  toState(): ClusterState {
    return {
      namespaces: [...this.namespaces.values()],
      pods: [...this.pods.values()],
      nodes: [...this.nodes.values()],
      services: [...this.services.values()],
      networkPolicies: [...this.networkPolicies.values()],
      adminNetworkPolicies: [...this.adminNetworkPolicies.values()],
      baselineAdminNetworkPolicy: this.baselineAdminNetworkPolicy,
    };
  }
}
