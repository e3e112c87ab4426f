import { Cidr, parseCidr } from '../ip';
import {
  AdminNetworkPolicy,
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  BaselineAdminNetworkPolicy,
  Labels,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
} from '../model';
import { PortSet } from '../ports';
import { selectorMatches } from '../selectors';
import { PodClass } from './classes';
import { ALL, PortIds } from './port-ids';
import { ALLOW, CompiledRule, DENY, Dir, NamedSpec, PASS, ruleSid } from './rows';
import { SelEntry, SelSpec, SelectorCache } from './selector-cache';

/**
 * Policies compiled against the selector cache: rule peers become selector entries, ports become port ids
 * (named entries kept aside for per-destination resolution). Signatures spell rules by structural id
 * (rows.ts ruleSid), and the ANP layer by the id of the part holding the class's ANPs (anp-parts.ts), whose
 * rules an ANP edit replaces in place.
 */

export interface CompiledPolicy {
  readonly ingress: CompiledRule[];
  readonly egress: CompiledRule[];
  /** Whether some rule of the direction has named ports. */
  readonly named: Record<Dir, boolean>;
  /** Every entry acquired (released with the policy). */
  readonly entries: SelEntry[];
}

export interface NpRecord {
  readonly np: NetworkPolicy;
  readonly cp: CompiledPolicy;
}

export interface AdminRecord {
  readonly policy: AdminNetworkPolicy | BaselineAdminNetworkPolicy;
  readonly cp: CompiledPolicy;
}

/** What compiling needs from the engine. */
export interface CompileContext {
  cache: SelectorCache;
  ports: PortIds;
  /** Rule structure → structural id (rows.ts ruleSid). */
  ruleIds: Map<string, number>;
}

function compileRules<R>(
  rules: R[],
  compileOne: (r: R, acquire: (s: SelSpec) => SelEntry) => CompiledRule,
  ctx: CompileContext,
  entries: SelEntry[],
): CompiledRule[] {
  const cache = ctx.cache;
  const acquire = (s: SelSpec) => {
    const e = cache.acquire(s);
    entries.push(e);
    return e;
  };
  return rules.map((r) => {
    const c = compileOne(r, acquire);
    c.sid = ruleSid(ctx.ruleIds, c);
    return c;
  });
}

function npPorts(ports: NetworkPolicyPort[] | undefined, ids: PortIds): { fixed: number; named: NamedSpec[] | null } {
  if (!ports) return { fixed: ALL, named: null };
  let fixed = PortSet.NONE;
  const named: NamedSpec[] = [];
  for (const p of ports) {
    if (p.port === undefined) fixed = fixed.union(PortSet.protocol(p.protocol));
    else if (typeof p.port === 'number') fixed = fixed.union(PortSet.of(p.protocol, p.port, p.endPort ?? p.port));
    else named.push({ name: p.port, protocol: p.protocol });
  }
  return { fixed: ids.id(fixed), named: named.length ? named : null };
}

function adminPorts(ports: AdminPort[] | undefined, ids: PortIds): { fixed: number; named: NamedSpec[] | null } {
  if (!ports) return { fixed: ALL, named: null };
  let fixed = PortSet.NONE;
  const named: NamedSpec[] = [];
  for (const p of ports) {
    if ('portNumber' in p) fixed = fixed.union(PortSet.of(p.portNumber.protocol, p.portNumber.port));
    else if ('portRange' in p) fixed = fixed.union(PortSet.of(p.portRange.protocol, p.portRange.start, p.portRange.end));
    else named.push({ name: p.namedPort });
  }
  return { fixed: ids.id(fixed), named: named.length ? named : null };
}

function npPeerSpec(np: NetworkPolicy, p: NetworkPolicyPeer): SelSpec {
  if (p.ipBlock) {
    return { kind: 'ip', blocks: [{ cidr: parseCidr(p.ipBlock.cidr, true), except: p.ipBlock.except.map((e) => parseCidr(e, true)) }] };
  }
  return p.namespaceSelector
    ? { kind: 'pods', nsSel: p.namespaceSelector, podSel: p.podSelector }
    : { kind: 'pods', ns: np.namespace, podSel: p.podSelector };
}

function adminPeerSpec(p: AdminPeer): SelSpec {
  if ('networks' in p) return { kind: 'ip', blocks: p.networks.map((n) => ({ cidr: parseCidr(n, true), except: [] })) };
  if ('nodes' in p) return { kind: 'nodes', sel: p.nodes };
  if ('namespaces' in p) return { kind: 'pods', nsSel: p.namespaces };
  return { kind: 'pods', nsSel: p.pods.namespaceSelector, podSel: p.pods.podSelector };
}

export function compileNp(np: NetworkPolicy, ctx: CompileContext): CompiledPolicy {
  const ids = ctx.ports;
  const entries: SelEntry[] = [];
  const one = (r: NetworkPolicyRule, acquire: (s: SelSpec) => SelEntry): CompiledRule => ({
    action: ALLOW,
    // Mirrors the reference: `peers` undefined matches everyone; a literal [] would match no one.
    peers: r.peers ? r.peers.map((p) => acquire(npPeerSpec(np, p))) : null,
    ...npPorts(r.ports, ids),
    memo: new Map(),
    sid: 0,
  });
  const ingress = compileRules(np.ingress, one, ctx, entries);
  const egress = compileRules(np.egress, one, ctx, entries);
  return { ingress, egress, named: { ingress: ingress.some((r) => r.named), egress: egress.some((r) => r.named) }, entries };
}

const ACTION: Record<string, number> = { Allow: ALLOW, Deny: DENY, Pass: PASS };

export function compileAdmin(a: AdminNetworkPolicy | BaselineAdminNetworkPolicy, ctx: CompileContext): CompiledPolicy {
  const ids = ctx.ports;
  const entries: SelEntry[] = [];
  const one = (r: AdminRule, acquire: (s: SelSpec) => SelEntry): CompiledRule => ({
    action: ACTION[r.action] ?? DENY,
    peers: r.peers.map((p) => acquire(adminPeerSpec(p))),
    ...adminPorts(r.ports, ids),
    memo: new Map(),
    sid: 0,
  });
  const ingress = compileRules(a.ingress, one, ctx, entries);
  const egress = compileRules(a.egress, one, ctx, entries);
  return { ingress, egress, named: { ingress: ingress.some((r) => r.named), egress: egress.some((r) => r.named) }, entries };
}

export function releasePolicy(cp: CompiledPolicy, cache: SelectorCache): void {
  for (const e of cp.entries) cache.release(e);
}

// ---- subjects ----

export function npSelectsClass(np: NetworkPolicy, c: PodClass): boolean {
  return !c.host && c.namespace === np.namespace && selectorMatches(np.podSelector, c.labels);
}

export function adminSelectsClass(subject: AdminSubject, c: PodClass, nsLabels: Labels): boolean {
  if (c.host) return false;
  if ('namespaces' in subject) return selectorMatches(subject.namespaces, nsLabels);
  return selectorMatches(subject.pods.namespaceSelector, nsLabels) && selectorMatches(subject.pods.podSelector, c.labels);
}

// ---- CIDRs ----

/** Every CIDR a policy mentions (the atoms must cut at each of them). */
export function npCidrs(np: NetworkPolicy): Cidr[] {
  const out: Cidr[] = [];
  for (const r of [...np.ingress, ...np.egress]) {
    for (const p of r.peers ?? []) {
      if (!p.ipBlock) continue;
      out.push(parseCidr(p.ipBlock.cidr, true));
      for (const e of p.ipBlock.except) out.push(parseCidr(e, true));
    }
  }
  return out;
}

export function adminCidrs(a: AdminNetworkPolicy | BaselineAdminNetworkPolicy): Cidr[] {
  const out: Cidr[] = [];
  for (const r of [...a.ingress, ...a.egress]) for (const p of r.peers) if ('networks' in p) for (const n of p.networks) out.push(parseCidr(n, true));
  return out;
}

export function compareAnps(a: AdminNetworkPolicy, b: AdminNetworkPolicy): number {
  return a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
