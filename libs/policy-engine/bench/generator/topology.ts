import { Node } from '../../src/model';
import { Rng } from '../rng';
import { SYSTEM_NAMESPACES, SizeParams } from './sizes';
import { Isolation, NodeSlot, NsInfo, intToV4, v4ToInt } from './shapes';
import { DOMAINS, ENVS, ENV_WEIGHTS, SANDBOX_USERS, TEAMS } from './vocabulary';

/**
 * Nodes (each with a /24 of the pod CIDR) and namespaces: the system ones, a few sandboxes, and team
 * namespaces with team/env/tier labels, compliance labels on some prod ones, and their isolation style.
 */
export class Topology {
  readonly namespaces: NsInfo[] = [];
  readonly nsByName = new Map<string, NsInfo>();
  readonly nodes: NodeSlot[] = [];

  constructor(private readonly rng: Rng, private readonly p: SizeParams) {}

  makeNodes(): void {
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

  private addNamespace(info: Omit<NsInfo, 'workloads' | 'labels'>, extra: Record<string, string>): NsInfo {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': info.name, ...extra };
    const ns: NsInfo = { ...info, labels, workloads: [] };
    this.namespaces.push(ns);
    this.nsByName.set(ns.name, ns);
    return ns;
  }

  makeNamespaces(): void {
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
}
