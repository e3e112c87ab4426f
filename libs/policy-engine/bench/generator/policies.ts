import { ContainerPort, LabelSelector, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, PolicyType } from '../../src/model';
import { Rng } from '../rng';
import { SizeParams } from './sizes';
import { NsInfo, WlInfo } from './shapes';
import { PRIVATE_V4 } from './vocabulary';

/**
 * NetworkPolicies: namespace baselines first (default deny, allow-DNS, Prometheus scrape, same-namespace),
 * then per workload in rounds — ingress from same-namespace and cross-namespace callers, egress to
 * neighbours, other namespaces and external ranges, extra allows — until the policy budget is met.
 */
export class PolicyMaker {
  readonly policies: NetworkPolicy[] = [];
  private readonly policyNames = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly p: SizeParams,
    private readonly namespaces: readonly NsInfo[],
    private readonly externalPool: readonly { cidr: string; except: string[] }[],
  ) {}

  private addPolicy(ns: NsInfo, name: string, podSelector: LabelSelector, types: PolicyType[], ingress: NetworkPolicyRule[], egress: NetworkPolicyRule[]): boolean {
    if (this.policies.length >= this.p.policies) return false;
    let n = name;
    for (let k = 2; this.policyNames.has(`${ns.name}/${n}`); k++) n = `${name}-${k}`;
    this.policyNames.add(`${ns.name}/${n}`);
    this.policies.push({ namespace: ns.name, name: n, podSelector, policyTypes: types, ingress, egress });
    return true;
  }

  makePolicies(): void {
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
export function makeExternalPool(r: Rng, size: number): { cidr: string; except: string[] }[] {
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
