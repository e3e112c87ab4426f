import { DirectionDecision, decideConnection } from './decision';
import { ClusterState, NetworkPolicy, NetworkPolicyPeer, Protocol } from './model';
import { formatIp } from './ip';
import { EngineOptions, Peer, PeerRef, StateIndex, npPeerMatches, npPortsOf } from './peers';
import { PortSet } from './ports';
import { describeSelector, selectorMatches } from './selectors';

/** The answer to "can A reach B on this port, and why", in words a person can act on. */
export interface Explanation {
  allowed: boolean;
  /** Everything allowed between the two ends, all ports. */
  ports: PortSet;
  summary: string;
  lines: string[];
}

const PROFILE_TEXT = {
  generic: 'generic (ipBlock matches only addresses outside the cluster, as on Cilium and GKE Dataplane V2)',
  calico: 'calico (ipBlock also matches pod and node IPs)',
} as const;

export function explainConnection(
  state: ClusterState,
  opts: EngineOptions,
  srcRef: PeerRef,
  dstRef: PeerRef,
  protocol: Protocol,
  port: number,
): Explanation {
  return createExplainer(state, opts)(srcRef, dstRef, protocol, port);
}

export type Explainer = (srcRef: PeerRef, dstRef: PeerRef, protocol: Protocol, port: number) => Explanation;

/**
 * explainConnection over one state, with the state's indexes built once: for callers that explain many
 * connections of an unchanging state (the API keeps one per cached cluster snapshot). The state must not
 * change while the explainer is in use.
 */
export function createExplainer(state: ClusterState, opts: EngineOptions): Explainer {
  const ix = new StateIndex(state, opts);
  return (srcRef, dstRef, protocol, port) => explainWith(ix, opts, srcRef, dstRef, protocol, port);
}

function explainWith(ix: StateIndex, opts: EngineOptions, srcRef: PeerRef, dstRef: PeerRef, protocol: Protocol, port: number): Explanation {
  const src = ix.resolve(srcRef);
  const dst = ix.resolve(dstRef);
  const decision = decideConnection(ix, src, dst);
  const allowed = decision.allowed.has(protocol, port);
  const what = `${peerName(src)} → ${peerName(dst)} on ${protocol}/${port}`;
  const lines: string[] = [];
  const egressOk = decision.egress ? decision.egress.allowed.has(protocol, port) : true;
  const ingressOk = decision.ingress ? decision.ingress.allowed.has(protocol, port) : true;
  if (decision.egress) lines.push(...directionLines(ix, decision.egress, dst, protocol, port));
  else lines.push(`Egress: the source is an address outside the cluster's pods; only the destination's ingress applies.`);
  if (decision.ingress) lines.push(...directionLines(ix, decision.ingress, src, protocol, port));
  else lines.push(`Ingress: the destination is an address outside the cluster's pods; only the source's egress applies.`);
  if (usesIpMatching(ix, decision.egress, decision.ingress) || src.kind === 'ip' || dst.kind === 'ip') {
    lines.push(`CNI profile: ${PROFILE_TEXT[opts.cni]}.`);
  }
  const blocked = [!egressOk ? 'egress of the source' : '', !ingressOk ? 'ingress of the destination' : ''].filter(Boolean);
  const summary = allowed ? `ALLOWED: ${what}.` : `DENIED: ${what}, blocked by the ${blocked.join(' and the ')}.`;
  const all = decision.allowed.isEmpty() ? 'nothing' : decision.allowed.toString();
  lines.push(`All that is allowed from ${peerName(src)} to ${peerName(dst)}: ${all}.`);
  return { allowed, ports: decision.allowed, summary, lines };
}

export function peerName(p: Peer): string {
  if (p.kind === 'ip') return addrText(p);
  return `${p.pod.namespace}/${p.pod.name}`;
}

function addrText(p: Extract<Peer, { kind: 'ip' }>): string {
  return formatIp(p.addr.family, p.addr.value);
}

function directionLines(ix: StateIndex, d: DirectionDecision, peer: Peer, protocol: Protocol, port: number): string[] {
  const who = `${d.subject.namespace}/${d.subject.name}`;
  const head = d.direction === 'ingress' ? `Ingress of the destination ${who}` : `Egress of the source ${who}`;
  const ok = d.allowed.has(protocol, port);
  const out: string[] = [];
  if (d.hostNetwork) {
    return [`${head}: allowed — it uses the host network, and no policy selects host-network pods.`];
  }
  for (const h of d.adminHits) {
    if (!h.ports.has(protocol, port)) continue;
    const verb = h.action === 'Allow' ? 'allows' : h.action === 'Deny' ? 'denies' : 'passes to NetworkPolicies';
    const pri = h.priority !== undefined ? ` (priority ${h.priority})` : '';
    out.push(`${head}: ${h.layer} '${h.policy}'${pri} ${verb} ${protocol}/${port} by its ${d.direction} rule '${h.rule}' (#${h.ruleIndex + 1}).`);
    if (h.action !== 'Pass') return out;
  }
  if (!d.toNetworkPolicies.has(protocol, port)) return out;
  if (d.isolatingPolicies.length > 0) {
    const hits = d.npHits.filter((h) => h.ports.has(protocol, port));
    if (ok && hits.length) {
      out.push(`${head}: allowed by ${hits.map((h) => `NetworkPolicy ${h.policy} ${d.direction} rule #${h.ruleIndex + 1}`).join(', ')}.`);
      return out;
    }
    out.push(`${head}: denied — isolated for ${d.direction} by NetworkPolicy ${d.isolatingPolicies.join(', ')}, and no ${d.direction} rule of ${d.isolatingPolicies.length > 1 ? 'them' : 'it'} admits ${peerName(peer)} on ${protocol}/${port}:`);
    for (const name of d.isolatingPolicies) out.push(...whyNoRule(ix, name, d, peer, protocol, port));
    return out;
  }
  if (d.baselineSelects) {
    const h = d.adminHits.find((x) => x.layer === 'BaselineAdminNetworkPolicy' && x.ports.has(protocol, port));
    if (h) {
      out.push(`${head}: no NetworkPolicy selects it for ${d.direction}; BaselineAdminNetworkPolicy '${h.policy}' ${h.action === 'Allow' ? 'allows' : 'denies'} ${protocol}/${port} by its ${d.direction} rule '${h.rule}' (#${h.ruleIndex + 1}).`);
      return out;
    }
  }
  out.push(`${head}: allowed — no NetworkPolicy selects it for ${d.direction} (not isolated)${d.adminHits.length || d.baselineSelects ? ' and no admin policy rule decides this port' : ''}, so the cluster default allows it.`);
  return out;
}

function whyNoRule(ix: StateIndex, name: string, d: DirectionDecision, peer: Peer, _protocol: Protocol, _port: number): string[] {
  const np = ix.policyNamed(name)!;
  const rules = d.direction === 'ingress' ? np.ingress : np.egress;
  if (rules.length === 0) return [`  - ${name} has no ${d.direction} rules: it allows nothing (a default deny).`];
  const out: string[] = [];
  const dstPod = d.direction === 'ingress' ? d.subject : peer.kind === 'pod' ? peer.pod : undefined;
  rules.forEach((rule, i) => {
    const label = `  - ${name} ${d.direction} rule #${i + 1}`;
    const peerOk = !rule.peers || rule.peers.some((p) => npPeerMatches(np, p, peer, ix.opts.cni));
    if (!peerOk) {
      const reasons = rule.peers!.map((p, j) => `peer #${j + 1} ${peerMismatch(ix, np, p, peer)}`);
      out.push(`${label}: ${reasons.join('; ')}.`);
      return;
    }
    const ports = npPortsOf(rule.ports, dstPod);
    const named = (rule.ports ?? []).filter((p) => typeof p.port === 'string');
    const unresolved = named.length ? ` (named port${named.length > 1 ? 's' : ''} ${named.map((p) => `${p.port}/${p.protocol}`).join(', ')} resolved on ${dstPod ? `${dstPod.namespace}/${dstPod.name}` : 'an address, which has no named ports'})` : '';
    out.push(`${label}: matches ${peerName(peer)} but only on ${ports.isEmpty() ? 'no port' : ports.toString()}${unresolved}.`);
  });
  return out;
}

function peerMismatch(ix: StateIndex, np: NetworkPolicy, p: NetworkPolicyPeer, peer: Peer): string {
  if (p.ipBlock) {
    const block = `${p.ipBlock.cidr}${p.ipBlock.except.length ? ` except ${p.ipBlock.except.join(', ')}` : ''}`;
    if (peer.kind === 'pod' && ix.opts.cni === 'generic') return `is ipBlock ${block}, which never matches pods under the generic CNI profile`;
    return `is ipBlock ${block}, which does not contain ${peer.kind === 'pod' ? `the pod's IPs (${peer.pod.ips.join(', ') || 'none known'})` : peerName(peer)}`;
  }
  if (peer.kind === 'ip') return `selects pods, not the address ${peerName(peer)}`;
  if (peer.pod.hostNetwork) return `selects pods, and ${peerName(peer)} uses the host network`;
  const nsReq = p.namespaceSelector ? `namespaces with ${describeSelector(p.namespaceSelector)}` : `namespace ${np.namespace} (the policy's own)`;
  const podReq = p.podSelector ? `pods with ${describeSelector(p.podSelector)}` : 'any pod';
  const nsOk = p.namespaceSelector ? selectorMatches(p.namespaceSelector, peer.nsLabels) : peer.pod.namespace === np.namespace;
  const podOk = !p.podSelector || selectorMatches(p.podSelector, peer.pod.labels);
  const miss: string[] = [];
  if (!nsOk) miss.push(`namespace ${peer.pod.namespace} has labels ${labelsText(peer.nsLabels)}`);
  if (!podOk) miss.push(`the pod has labels ${labelsText(peer.pod.labels)}`);
  return `requires ${podReq} in ${nsReq}, but ${miss.join(' and ')}`;
}

function labelsText(l: Readonly<Record<string, string>>): string {
  const ks = Object.keys(l).sort();
  return ks.length ? ks.map((k) => `${k}=${l[k]}`).join(',') : '(none)';
}

function usesIpMatching(ix: StateIndex, ...ds: (DirectionDecision | undefined)[]): boolean {
  for (const d of ds) {
    if (!d) continue;
    for (const name of d.isolatingPolicies) {
      const np = ix.policyNamed(name);
      const rules = np ? (d.direction === 'ingress' ? np.ingress : np.egress) : [];
      if (rules.some((r) => r.peers?.some((p) => p.ipBlock))) return true;
    }
  }
  return false;
}
