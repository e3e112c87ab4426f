/**
 * The parts of AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) shared
 * by both: subject, peers, ports. Current shape: `namespaces: <LabelSelector>`, `pods: {namespaceSelector,
 * podSelector}`, `nodes: <LabelSelector>` and `networks: [cidr…]` (egress only). The OLD v1alpha1 shape
 * `namespaces: {namespaceSelector: …}` (and `pods: {namespaces: {namespaceSelector: …}, podSelector}`) is
 * translated with a warning; its sameLabels/notSameLabels peers cannot be expressed and are dropped.
 */
import type { AdminPeer, AdminPort, AdminSubject, LabelSelector, NamespacedPodSelector } from '@reachwatch/policy-engine';
import { cidr, isPortName, portNumber, protocol } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, has, isObject, join, optList, optObject, optString, Raw, reqObject } from '../raw';
import { labelSelector } from '../selector';

const OLD_NAMESPACE_KEYS = ['namespaceSelector', 'sameLabels', 'notSameLabels'];

export function subject(ctx: Ctx, v: unknown, path: string): AdminSubject {
  const o = reqObject(ctx, v, path);
  const keys = ['namespaces', 'pods'].filter((k) => has(o, k));
  if (keys.length !== 1) ctx.fail(Codes.INVALID_VALUE, path, msg.subjectShape());
  if (keys[0] === 'namespaces') return { namespaces: labelSelector(ctx, o.namespaces, join(path, 'namespaces')) };
  return { pods: namespacedPods(ctx, o.pods, join(path, 'pods')) };
}

/** `{namespaceSelector, podSelector}`: namespaceSelector is required, a missing podSelector selects all pods. */
function namespacedPods(ctx: Ctx, v: unknown, path: string): NamespacedPodSelector {
  const o = reqObject(ctx, v, path);
  if (!('namespaceSelector' in o)) {
    ctx.warn(Codes.REQUIRED_FIELD_DEFAULTED, join(path, 'namespaceSelector'), msg.namespaceSelectorDefaulted());
  }
  return {
    namespaceSelector: labelSelector(ctx, o.namespaceSelector, join(path, 'namespaceSelector')),
    podSelector: labelSelector(ctx, o.podSelector, join(path, 'podSelector')),
  };
}

export type Direction = 'ingress' | 'egress';

const PEER_KEYS: Record<Direction, readonly string[]> = {
  ingress: ['namespaces', 'pods'],
  egress: ['namespaces', 'pods', 'nodes', 'networks'],
};

/** One peer; `undefined` when it is an unsupported old-shape peer (dropped with a warning). */
export function peer(ctx: Ctx, v: unknown, path: string, direction: Direction): AdminPeer | undefined {
  const o = optObject(ctx, v, path) ?? {};
  const present = PEER_KEYS.egress.filter((k) => has(o, k));
  for (const k of present) {
    if (!PEER_KEYS[direction].includes(k)) ctx.fail(Codes.INVALID_PEER, path, msg.peerNotAllowed(k, direction));
  }
  if (present.length !== 1) ctx.fail(Codes.INVALID_PEER, path, msg.peerShape(PEER_KEYS[direction]));
  const key = present[0];
  const p = join(path, key);
  switch (key) {
    case 'namespaces': {
      const sel = isOldNamespaces(o.namespaces) ? oldNamespaces(ctx, o.namespaces as Raw, p) : labelSelector(ctx, o.namespaces, p);
      return sel && { namespaces: sel };
    }
    case 'pods': {
      const pods = reqObject(ctx, o.pods, p);
      if (!('namespaces' in pods)) return { pods: namespacedPods(ctx, pods, p) };
      // Old shape: pods: {namespaces: {namespaceSelector | sameLabels | notSameLabels}, podSelector}.
      const nsObj = reqObject(ctx, pods.namespaces, join(p, 'namespaces'));
      const namespaceSelector = oldNamespaces(ctx, nsObj, join(p, 'namespaces'), 'pods');
      if (!namespaceSelector) return undefined;
      return { pods: { namespaceSelector, podSelector: labelSelector(ctx, pods.podSelector, join(p, 'podSelector')) } };
    }
    case 'nodes':
      return { nodes: labelSelector(ctx, o.nodes, p) };
    default: {
      const list = optList(ctx, o.networks, p) ?? [];
      if (!list.length) ctx.fail(Codes.MISSING_FIELD, p, msg.required('at least one CIDR'));
      return { networks: [...new Set(list.map((c, i) => network(ctx, c, at(p, i))))] };
    }
  }
}

/** v1alpha1 says CIDRs are read with Go's net.ParseCIDR, which masks host bits: so do we, with a warning. */
function network(ctx: Ctx, v: unknown, path: string): string {
  return cidr(ctx, v, path, true).text;
}

function isOldNamespaces(v: unknown): boolean {
  return isObject(v) && OLD_NAMESPACE_KEYS.some((k) => k in v);
}

function oldNamespaces(ctx: Ctx, o: Raw, path: string, field: 'namespaces' | 'pods' = 'namespaces'): LabelSelector | undefined {
  const same = ['sameLabels', 'notSameLabels'].find((k) => has(o, k));
  if (same) {
    ctx.warn(Codes.UNSUPPORTED_PEER, join(path, same), msg.sameLabelsUnsupported());
    return undefined;
  }
  ctx.warn(Codes.ANP_OLD_PEER_SHAPE, path, msg.oldPeerShape(field));
  return labelSelector(ctx, o.namespaceSelector, join(path, 'namespaceSelector'));
}

/** `ports` absent or empty: undefined (all ports). */
export function adminPorts(ctx: Ctx, v: unknown, path: string): AdminPort[] | undefined {
  const list = optList(ctx, v, path) ?? [];
  return list.length ? list.map((p, i) => adminPort(ctx, p, at(path, i))) : undefined;
}

function adminPort(ctx: Ctx, v: unknown, path: string): AdminPort {
  const o = optObject(ctx, v, path) ?? {};
  const keys = ['portNumber', 'namedPort', 'portRange'].filter((k) => has(o, k));
  if (keys.length !== 1) ctx.fail(Codes.INVALID_PORT, path, msg.portShape());
  const p = join(path, keys[0]);
  if (keys[0] === 'namedPort') {
    const name = optString(ctx, o.namedPort, p) ?? '';
    if (!isPortName(name)) ctx.fail(Codes.INVALID_PORT, p, msg.badPortName(name));
    return { namedPort: name };
  }
  const r = reqObject(ctx, o[keys[0]], p);
  const proto = protocol(ctx, r.protocol, join(p, 'protocol'));
  if (keys[0] === 'portNumber') return { portNumber: { protocol: proto, port: portNumber(ctx, r.port, join(p, 'port')) } };
  const start = portNumber(ctx, r.start, join(p, 'start'));
  const end = portNumber(ctx, r.end, join(p, 'end'));
  if (start > end) ctx.fail(Codes.INVALID_PORT, p, msg.rangeReversed(start, end));
  return { portRange: { protocol: proto, start, end } };
}
