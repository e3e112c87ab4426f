import { AdminAction, Pod, PolicyType } from './model';
import {
  Peer,
  StateIndex,
  adminPortsOf,
  adminRuleMatchesPeer,
  adminSubjectSelects,
  npPeerMatches,
  npPortsOf,
  npSelectsPod,
} from './peers';
import { PortSet } from './ports';

/**
 * The verdict of one direction of one connection, with the record of how it was reached. This is the
 * reference semantics (SEMANTICS.md "The verdict of one direction"); explain renders the record.
 */

export type Direction = 'ingress' | 'egress';

export interface AdminRuleHit {
  layer: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  policy: string;
  priority?: number;
  rule: string;
  ruleIndex: number;
  action: AdminAction;
  /** The ports this rule decided (those no earlier rule had decided). */
  ports: PortSet;
}

export interface NpRuleHit {
  policy: string; // namespace/name
  ruleIndex: number;
  /** Ports the rule admits for this peer (before intersecting with the ports that reached this layer). */
  ports: PortSet;
}

export interface DirectionDecision {
  direction: Direction;
  subject: Pod;
  /** The subject is host-networked: no policy selects it. */
  hostNetwork: boolean;
  allowed: PortSet;
  adminHits: AdminRuleHit[];
  /** Ports that reached the NetworkPolicy layer (passed by an ANP or matched by none). */
  toNetworkPolicies: PortSet;
  /** NetworkPolicies that select the subject for this direction (namespace/name). Empty: not isolated. */
  isolatingPolicies: string[];
  npHits: NpRuleHit[];
  /** Ports that reached the baseline (only when no NetworkPolicy isolates the subject). */
  toBaseline: PortSet;
  baselineSelects: boolean;
  /** Ports allowed because nothing decided them: the cluster default. */
  defaultAllowed: PortSet;
}

const TYPE: Record<Direction, PolicyType> = { ingress: 'Ingress', egress: 'Egress' };

export function decideDirection(ix: StateIndex, subject: Pod, peer: Peer, direction: Direction): DirectionDecision {
  const d: DirectionDecision = {
    direction, subject, hostNetwork: subject.hostNetwork, allowed: PortSet.NONE, adminHits: [],
    toNetworkPolicies: PortSet.NONE, isolatingPolicies: [], npHits: [], toBaseline: PortSet.NONE,
    baselineSelects: false, defaultAllowed: PortSet.NONE,
  };
  if (subject.hostNetwork) {
    d.allowed = PortSet.ALL;
    d.defaultAllowed = PortSet.ALL;
    return d;
  }
  const cni = ix.opts.cni;
  const nsLabels = ix.namespaceLabels(subject.namespace);
  // Named ports always resolve on the destination: the subject for ingress, the peer pod for egress.
  const dstPod = direction === 'ingress' ? subject : peer.kind === 'pod' ? peer.pod : undefined;

  // 1. AdminNetworkPolicy: first match per port, by priority then rule order.
  let decided = PortSet.NONE;
  let allowed = PortSet.NONE;
  for (const anp of ix.anpsByPriority) {
    if (!adminSubjectSelects(anp.subject, subject, nsLabels)) continue;
    const rules = direction === 'ingress' ? anp.ingress : anp.egress;
    rules.forEach((rule, i) => {
      if (!adminRuleMatchesPeer(rule, peer, cni)) return;
      const ports = adminPortsOf(rule.ports, dstPod).subtract(decided);
      if (ports.isEmpty()) return;
      d.adminHits.push({ layer: 'AdminNetworkPolicy', policy: anp.name, priority: anp.priority, rule: rule.name, ruleIndex: i, action: rule.action, ports });
      decided = decided.union(ports);
      if (rule.action === 'Allow') allowed = allowed.union(ports);
    });
  }
  const passedOrUnmatched = PortSet.ALL.subtract(decided).union(
    d.adminHits.filter((h) => h.action === 'Pass').reduce((acc, h) => acc.union(h.ports), PortSet.NONE),
  );
  d.toNetworkPolicies = passedOrUnmatched;

  // 2. NetworkPolicy: isolation and the union of allows.
  const selecting = (ix.policiesByNamespace.get(subject.namespace) ?? []).filter(
    (np) => np.policyTypes.includes(TYPE[direction]) && npSelectsPod(np, subject),
  );
  if (selecting.length > 0) {
    d.isolatingPolicies = selecting.map((np) => `${np.namespace}/${np.name}`);
    let npAllowed = PortSet.NONE;
    for (const np of selecting) {
      const rules = direction === 'ingress' ? np.ingress : np.egress;
      rules.forEach((rule, i) => {
        if (rule.peers && !rule.peers.some((p) => npPeerMatches(np, p, peer, cni))) return;
        const ports = npPortsOf(rule.ports, dstPod);
        if (ports.isEmpty()) return;
        d.npHits.push({ policy: `${np.namespace}/${np.name}`, ruleIndex: i, ports });
        npAllowed = npAllowed.union(ports);
      });
    }
    d.allowed = allowed.union(passedOrUnmatched.intersect(npAllowed));
    return d;
  }

  // 3. BaselineAdminNetworkPolicy, then the default allow.
  let remaining = passedOrUnmatched;
  d.toBaseline = remaining;
  const banp = ix.state.baselineAdminNetworkPolicy;
  if (banp && adminSubjectSelects(banp.subject, subject, nsLabels)) {
    d.baselineSelects = true;
    const rules = direction === 'ingress' ? banp.ingress : banp.egress;
    rules.forEach((rule, i) => {
      if (!adminRuleMatchesPeer(rule, peer, cni)) return;
      const ports = adminPortsOf(rule.ports, dstPod).intersect(remaining);
      if (ports.isEmpty()) return;
      d.adminHits.push({ layer: 'BaselineAdminNetworkPolicy', policy: banp.name, rule: rule.name, ruleIndex: i, action: rule.action, ports });
      remaining = remaining.subtract(ports);
      if (rule.action === 'Allow') allowed = allowed.union(ports);
    });
  }
  d.defaultAllowed = remaining;
  d.allowed = allowed.union(remaining);
  return d;
}

/** Both directions of one connection. `egress` is absent when the source is an address, `ingress` when the destination is. */
export interface ConnectionDecision {
  allowed: PortSet;
  egress?: DirectionDecision;
  ingress?: DirectionDecision;
}

export function decideConnection(ix: StateIndex, src: Peer, dst: Peer): ConnectionDecision {
  if (src.kind === 'ip' && dst.kind === 'ip') throw new Error('a connection needs at least one pod end');
  const egress = src.kind === 'pod' ? decideDirection(ix, src.pod, dst, 'egress') : undefined;
  const ingress = dst.kind === 'pod' ? decideDirection(ix, dst.pod, src, 'ingress') : undefined;
  const allowed = (egress?.allowed ?? PortSet.ALL).intersect(ingress?.allowed ?? PortSet.ALL);
  return { allowed, egress, ingress };
}
