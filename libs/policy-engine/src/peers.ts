import { IpFamily, cidrContainsIp, ipMatcherContains, parseCidr, parseIp } from './ip';
import {
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  ClusterState,
  CniProfile,
  Labels,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  Pod,
} from './model';
import { PortSet } from './ports';
import { selectorMatches } from './selectors';

/**
 * Matching of subjects, peers and ports, one connection end at a time. The naive evaluator and explain
 * are built directly on these; the fast engine evaluates the same predicates once per endpoint class.
 */

export interface EngineOptions {
  cni: CniProfile;
}

/** A connection end given by a caller: a pod of the state, or a raw address. */
export type PeerRef = { pod: Pod } | { ip: string };

export interface Addr {
  family: IpFamily;
  value: bigint;
}

/** A connection end with everything matching needs resolved. */
export type Peer =
  | { kind: 'pod'; pod: Pod; nsLabels: Labels; addrs: Addr[]; nodeLabels?: Labels }
  | { kind: 'ip'; addr: Addr };

/** Read-only indexes over one state, built once per evaluation. */
export class StateIndex {
  readonly nsLabels = new Map<string, Labels>();
  readonly nodeByName = new Map<string, { labels: Labels; ips: string[] }>();
  readonly policiesByNamespace = new Map<string, NetworkPolicy[]>();
  readonly anpsByPriority;
  private byName?: Map<string, NetworkPolicy>;

  constructor(readonly state: ClusterState, readonly opts: EngineOptions) {
    for (const ns of state.namespaces) this.nsLabels.set(ns.name, ns.labels);
    for (const n of state.nodes) this.nodeByName.set(n.name, n);
    for (const np of state.networkPolicies) {
      const list = this.policiesByNamespace.get(np.namespace) ?? [];
      list.push(np);
      this.policiesByNamespace.set(np.namespace, list);
    }
    this.anpsByPriority = [...state.adminNetworkPolicies].sort(
      (a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  }

  /**
   * The NetworkPolicy called `ns/name` (the first of that name, as a scan would find it). Built on first
   * use: explanations look policies up by name several times each, and a scan of a large cluster's
   * policies (14k at L) cost more than all the rest of an explanation.
   */
  policyNamed(key: string): NetworkPolicy | undefined {
    if (!this.byName) {
      this.byName = new Map();
      for (const np of this.state.networkPolicies) {
        const k = `${np.namespace}/${np.name}`;
        if (!this.byName.has(k)) this.byName.set(k, np);
      }
    }
    return this.byName.get(key);
  }

  namespaceLabels(ns: string): Labels {
    // A namespace known only from its objects carries just the automatic name label.
    return this.nsLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns };
  }

  podPeer(pod: Pod): Peer {
    const node = pod.nodeName ? this.nodeByName.get(pod.nodeName) : undefined;
    // A host-network pod speaks with its node's addresses.
    const ips = pod.hostNetwork && pod.ips.length === 0 && node ? node.ips : pod.ips;
    return { kind: 'pod', pod, nsLabels: this.namespaceLabels(pod.namespace), addrs: ips.map(parseIp), nodeLabels: node?.labels };
  }

  resolve(ref: PeerRef): Peer {
    return 'pod' in ref ? this.podPeer(ref.pod) : { kind: 'ip', addr: parseIp(ref.ip) };
  }
}

// ---- subjects ----

export function npSelectsPod(np: NetworkPolicy, pod: Pod): boolean {
  return !pod.hostNetwork && pod.namespace === np.namespace && selectorMatches(np.podSelector, pod.labels);
}

export function adminSubjectSelects(subject: AdminSubject, pod: Pod, nsLabels: Labels): boolean {
  if (pod.hostNetwork) return false;
  if ('namespaces' in subject) return selectorMatches(subject.namespaces, nsLabels);
  return selectorMatches(subject.pods.namespaceSelector, nsLabels) && selectorMatches(subject.pods.podSelector, pod.labels);
}

// ---- peers ----

function addrsInBlock(addrs: Addr[], cidr: string, except: string[]): boolean {
  const m = { cidr: parseCidr(cidr, true), except: except.map((e) => parseCidr(e, true)) };
  return addrs.some((a) => ipMatcherContains(m, a.family, a.value));
}

/** Whether ipBlock / `networks` may match this peer at all under the CNI profile. */
function ipMatchableAddrs(peer: Peer, cni: CniProfile): Addr[] {
  if (peer.kind === 'ip') return [peer.addr];
  return cni === 'calico' ? peer.addrs : [];
}

export function npPeerMatches(np: NetworkPolicy, p: NetworkPolicyPeer, peer: Peer, cni: CniProfile): boolean {
  if (p.ipBlock) return addrsInBlock(ipMatchableAddrs(peer, cni), p.ipBlock.cidr, p.ipBlock.except);
  if (peer.kind !== 'pod' || peer.pod.hostNetwork) return false;
  const nsOk = p.namespaceSelector ? selectorMatches(p.namespaceSelector, peer.nsLabels) : peer.pod.namespace === np.namespace;
  return nsOk && (!p.podSelector || selectorMatches(p.podSelector, peer.pod.labels));
}

export function adminPeerMatches(p: AdminPeer, peer: Peer, cni: CniProfile): boolean {
  if ('networks' in p) {
    const addrs = ipMatchableAddrs(peer, cni);
    return p.networks.some((n) => {
      const c = parseCidr(n, true);
      return addrs.some((a) => cidrContainsIp(c, a.family, a.value));
    });
  }
  if (peer.kind !== 'pod') return false;
  if ('nodes' in p) return peer.pod.hostNetwork && !!peer.nodeLabels && selectorMatches(p.nodes, peer.nodeLabels);
  if (peer.pod.hostNetwork) return false;
  if ('namespaces' in p) return selectorMatches(p.namespaces, peer.nsLabels);
  return selectorMatches(p.pods.namespaceSelector, peer.nsLabels) && selectorMatches(p.pods.podSelector, peer.pod.labels);
}

// ---- ports ----

/** NetworkPolicy ports; named ports resolve on `dstPod` (name and protocol must match). */
export function npPortsOf(ports: NetworkPolicyPort[] | undefined, dstPod: Pod | undefined): PortSet {
  if (!ports) return PortSet.ALL;
  let out = PortSet.NONE;
  for (const p of ports) out = out.union(npPortSet(p, dstPod));
  return out;
}

export function npPortSet(p: NetworkPolicyPort, dstPod: Pod | undefined): PortSet {
  if (p.port === undefined) return PortSet.protocol(p.protocol);
  if (typeof p.port === 'number') return PortSet.of(p.protocol, p.port, p.endPort ?? p.port);
  let out = PortSet.NONE;
  for (const cp of dstPod?.ports ?? []) {
    if (cp.name === p.port && cp.protocol === p.protocol) out = out.union(PortSet.of(cp.protocol, cp.port));
  }
  return out;
}

/** AdminNetworkPolicy ports; a named port matches by name alone and takes that port's protocol. */
export function adminPortsOf(ports: AdminPort[] | undefined, dstPod: Pod | undefined): PortSet {
  if (!ports) return PortSet.ALL;
  let out = PortSet.NONE;
  for (const p of ports) out = out.union(adminPortSet(p, dstPod));
  return out;
}

export function adminPortSet(p: AdminPort, dstPod: Pod | undefined): PortSet {
  if ('portNumber' in p) return PortSet.of(p.portNumber.protocol, p.portNumber.port);
  if ('portRange' in p) return PortSet.of(p.portRange.protocol, p.portRange.start, p.portRange.end);
  let out = PortSet.NONE;
  for (const cp of dstPod?.ports ?? []) if (cp.name === p.namedPort) out = out.union(PortSet.of(cp.protocol, cp.port));
  return out;
}

export function adminRuleMatchesPeer(rule: AdminRule, peer: Peer, cni: CniProfile): boolean {
  return rule.peers.some((p) => adminPeerMatches(p, peer, cni));
}
