/**
 * NetworkPolicy (networking.k8s.io/v1). Field paths in messages are relative to `spec`, e.g.
 * `ingress[0].from[1].ipBlock.cidr`. Anything the API server would reject is an error (policy skipped):
 * a missing podSelector, a peer mixing ipBlock with selectors, an empty peer, a bad CIDR, an except
 * outside its cidr, a bad protocol, port or endPort.
 */
import type {
  IPBlock,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  PolicyType,
} from '@reachwatch/policy-engine';
import { cidr, intOrStringPort, portNumber, protocol } from '../fields';
import { Codes, msg } from '../messages';
import { at, Ctx, has, join, optList, optObject, Raw, readMeta, reqObject } from '../raw';
import { labelSelector, optLabelSelector } from '../selector';

const POLICY_TYPES: readonly PolicyType[] = ['Ingress', 'Egress'];

export function readNetworkPolicy(ctx: Ctx, raw: Raw): NetworkPolicy {
  const { name, namespace } = readMeta(ctx, raw, true);
  const spec = reqObject(ctx, raw.spec, 'spec', 'at least "podSelector: {}"');
  if (!('podSelector' in spec)) ctx.fail(Codes.MISSING_FIELD, 'podSelector', msg.podSelectorMissing());
  // `podSelector:` written with no value decodes (in Kubernetes too) as the empty selector.
  const podSelector = labelSelector(ctx, spec.podSelector, 'podSelector');
  const ingress = rules(ctx, spec.ingress, 'ingress', 'from');
  const egress = rules(ctx, spec.egress, 'egress', 'to');
  return { namespace, name, podSelector, policyTypes: policyTypes(ctx, spec, egress), ingress, egress };
}

/** An explicit non-empty list wins; otherwise Ingress, plus Egress when there are egress rules. */
function policyTypes(ctx: Ctx, spec: Raw, egress: NetworkPolicyRule[]): PolicyType[] {
  const given = optList(ctx, spec.policyTypes, 'policyTypes');
  if (!given?.length) return egress.length ? ['Ingress', 'Egress'] : ['Ingress'];
  const out: PolicyType[] = [];
  given.forEach((t, i) => {
    if (typeof t !== 'string' || !(POLICY_TYPES as readonly string[]).includes(t)) {
      ctx.fail(Codes.INVALID_VALUE, at('policyTypes', i), msg.oneOf(t, POLICY_TYPES));
    }
    if (!out.includes(t as PolicyType)) out.push(t as PolicyType);
  });
  return out;
}

function rules(ctx: Ctx, v: unknown, path: string, peersKey: 'from' | 'to'): NetworkPolicyRule[] {
  return (optList(ctx, v, path) ?? []).map((r, i) => {
    const rPath = at(path, i);
    const o = optObject(ctx, r, rPath) ?? {}; // `- ` (null) is the empty rule, as Kubernetes decodes it
    const rule: NetworkPolicyRule = {};
    const peers = optList(ctx, o[peersKey], join(rPath, peersKey)) ?? [];
    if (peers.length) rule.peers = peers.map((p, j) => peer(ctx, p, at(join(rPath, peersKey), j)));
    const ports = optList(ctx, o.ports, join(rPath, 'ports')) ?? [];
    if (ports.length) rule.ports = ports.map((p, j) => port(ctx, p, at(join(rPath, 'ports'), j)));
    return rule;
  });
}

function peer(ctx: Ctx, v: unknown, path: string): NetworkPolicyPeer {
  const o = optObject(ctx, v, path) ?? {};
  const hasSelectors = has(o, 'podSelector') || has(o, 'namespaceSelector');
  if (has(o, 'ipBlock')) {
    if (hasSelectors) ctx.fail(Codes.INVALID_PEER, path, msg.peerMixed());
    return { ipBlock: ipBlock(ctx, o.ipBlock, join(path, 'ipBlock')) };
  }
  if (!hasSelectors) ctx.fail(Codes.INVALID_PEER, path, msg.peerEmpty());
  const out: NetworkPolicyPeer = {};
  const pods = optLabelSelector(ctx, o.podSelector, join(path, 'podSelector'));
  const namespaces = optLabelSelector(ctx, o.namespaceSelector, join(path, 'namespaceSelector'));
  if (pods) out.podSelector = pods;
  if (namespaces) out.namespaceSelector = namespaces;
  return out;
}

function ipBlock(ctx: Ctx, v: unknown, path: string): IPBlock {
  const o = reqObject(ctx, v, path);
  const block = cidr(ctx, o.cidr, join(path, 'cidr'));
  const except = (optList(ctx, o.except, join(path, 'except')) ?? []).map((e, i) => {
    const ePath = at(join(path, 'except'), i);
    const c = cidr(ctx, e, ePath);
    if (c.family !== block.family) ctx.fail(Codes.INVALID_CIDR, ePath, msg.exceptFamily(String(e), block.text));
    if (c.prefix <= block.prefix || c.first < block.first || c.last > block.last) {
      ctx.fail(Codes.INVALID_CIDR, ePath, msg.exceptOutside(String(e), block.text));
    }
    return c.text;
  });
  return { cidr: block.text, except: [...new Set(except)] };
}

function port(ctx: Ctx, v: unknown, path: string): NetworkPolicyPort {
  const o = optObject(ctx, v, path) ?? {};
  const out: NetworkPolicyPort = { protocol: protocol(ctx, o.protocol, join(path, 'protocol')) };
  if (has(o, 'port')) out.port = intOrStringPort(ctx, o.port, join(path, 'port'));
  if (has(o, 'endPort')) {
    const endPort = portNumber(ctx, o.endPort, join(path, 'endPort'));
    if (typeof out.port !== 'number') ctx.fail(Codes.INVALID_PORT, path, msg.endPortWithoutNumber());
    if (endPort < out.port) ctx.fail(Codes.INVALID_PORT, join(path, 'endPort'), msg.endPortBelowPort(out.port, endPort));
    out.endPort = endPort;
  }
  return out;
}
