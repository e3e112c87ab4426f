import { AnalysisResult, Connection, Endpoint, compareConnections } from './analysis';
import { IpAtom, buildIpAtoms } from './atoms';
import { Cidr, IpFamily, parseCidr, parseIp } from './ip';
import { ClusterState, Pod } from './model';
import { decideConnection } from './decision';
import { EngineOptions, Peer, PeerRef, StateIndex } from './peers';
import { PortSet } from './ports';

/**
 * The reference evaluator: every pair of pods, every policy, no cleverness. Slow by design; the fast
 * engine is checked against it on random clusters, and the conformance corpus runs through both.
 */

export function naivePortsBetween(state: ClusterState, opts: EngineOptions, src: PeerRef, dst: PeerRef): PortSet {
  const ix = new StateIndex(state, opts);
  return decideConnection(ix, ix.resolve(src), ix.resolve(dst)).allowed;
}

export function naiveAnalyze(state: ClusterState, opts: EngineOptions): AnalysisResult {
  const ix = new StateIndex(state, opts);
  const workloads = groupByWorkload(state.pods);
  const atoms = externalAtoms(state);
  const peers = new Map<Pod, Peer>(state.pods.map((p) => [p, ix.podPeer(p)]));
  const connections: Connection[] = [];
  const push = (src: Endpoint, dst: Endpoint, ports: PortSet) => {
    if (!ports.isEmpty()) connections.push({ src, dst, ports });
  };

  for (const a of workloads) {
    for (const b of workloads) {
      if (a === b) continue;
      let ports = PortSet.NONE;
      for (const pa of a.pods) for (const pb of b.pods) ports = ports.union(decideConnection(ix, peers.get(pa)!, peers.get(pb)!).allowed);
      push(a.endpoint, b.endpoint, ports);
    }
  }
  for (const atom of atoms) {
    const ext: Peer = { kind: 'ip', addr: { family: atom.family, value: atom.representative } };
    const endpoint = atomEndpoint(atom);
    for (const w of workloads) {
      let inbound = PortSet.NONE;
      let outbound = PortSet.NONE;
      for (const p of w.pods) {
        inbound = inbound.union(decideConnection(ix, ext, peers.get(p)!).allowed);
        outbound = outbound.union(decideConnection(ix, peers.get(p)!, ext).allowed);
      }
      push(endpoint, w.endpoint, inbound);
      push(w.endpoint, endpoint, outbound);
    }
  }
  connections.sort(compareConnections);
  return { profile: opts.cni, connections, warnings: [] };
}

export interface WorkloadGroup {
  endpoint: Extract<Endpoint, { type: 'workload' }>;
  pods: Pod[];
}

export function groupByWorkload(pods: readonly Pod[]): WorkloadGroup[] {
  const byKey = new Map<string, WorkloadGroup>();
  for (const p of pods) {
    const key = `${p.namespace}/${p.workload.name}[${p.workload.kind}]`;
    let g = byKey.get(key);
    if (!g) {
      g = { endpoint: { type: 'workload', namespace: p.namespace, name: p.workload.name, kind: p.workload.kind }, pods: [] };
      byKey.set(key, g);
    }
    g.pods.push(p);
  }
  return [...byKey.values()];
}

/** Every CIDR the state's policies mention (ipBlock cidr and except, ANP/BANP networks). */
export function policyCidrs(state: ClusterState): Cidr[] {
  const out: Cidr[] = [];
  for (const np of state.networkPolicies) {
    for (const rule of [...np.ingress, ...np.egress]) {
      for (const p of rule.peers ?? []) {
        if (!p.ipBlock) continue;
        out.push(parseCidr(p.ipBlock.cidr, true));
        for (const e of p.ipBlock.except) out.push(parseCidr(e, true));
      }
    }
  }
  const admins = [...state.adminNetworkPolicies, ...(state.baselineAdminNetworkPolicy ? [state.baselineAdminNetworkPolicy] : [])];
  for (const a of admins) {
    for (const rule of [...a.ingress, ...a.egress]) {
      for (const p of rule.peers) if ('networks' in p) for (const n of p.networks) out.push(parseCidr(n, true));
    }
  }
  return out;
}

/**
 * The address families a cluster's analysis covers: IPv4 always, IPv6 only when the state mentions it
 * (a v6 CIDR, or a pod or node with a v6 address), so a v4-only cluster is not reported twice.
 */
export function clusterFamilies(state: ClusterState, cidrs: readonly Cidr[]): Set<IpFamily> {
  const fams = new Set<IpFamily>([4]);
  const v6 =
    cidrs.some((c) => c.family === 6) ||
    state.pods.some((p) => p.ips.some((ip) => parseIp(ip).family === 6)) ||
    state.nodes.some((n) => n.ips.some((ip) => parseIp(ip).family === 6));
  if (v6) fams.add(6);
  return fams;
}

export function externalAtoms(state: ClusterState): IpAtom[] {
  const cidrs = policyCidrs(state);
  const fams = clusterFamilies(state, cidrs);
  return buildIpAtoms(cidrs).filter((a) => fams.has(a.family));
}

export function atomEndpoint(atom: Pick<IpAtom, 'cidr' | 'except'>): Endpoint {
  return { type: 'external', cidr: atom.cidr.text, except: atom.except.map((e) => e.text) };
}
