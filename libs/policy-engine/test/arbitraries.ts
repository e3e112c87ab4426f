import fc from 'fast-check';
import {
  AdminNetworkPolicy,
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  BaselineAdminNetworkPolicy,
  ClusterState,
  ContainerPort,
  LabelSelector,
  LabelSelectorRequirement,
  Namespace,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  Node,
  ObjectChange,
  Pod,
  PolicyType,
  Protocol,
  Service,
} from '../src/model';
import { cidrContains, parseCidr } from '../src/ip';

/**
 * Random small clusters and event sequences for property tests. Names, labels, IPs, CIDRs and ports are
 * drawn from deliberately tiny pools so that selectors match, CIDRs nest, named ports collide and
 * upserts hit existing objects — the interesting cases are the common ones.
 */

export const NAMESPACES = ['a', 'b', 'c'];
export const POD_NAMES = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
export const WORKLOADS = ['w1', 'w2', 'w3'];
export const NODES = ['n1', 'n2'];
const LABEL_KEYS = ['app', 'tier', 'team'];
const LABEL_VALUES = ['x', 'y'];

export const POD_IPS = ['10.0.1.5', '10.0.1.6', '10.1.2.3', '192.168.1.1', '172.16.0.1', '8.8.8.8', '2001:db8::1', '2001:db8:1::5'];
export const NODE_IPS = ['10.0.0.5', '10.0.1.7', '192.168.5.5', '2001:db8::99'];
/** Nested and disjoint blocks of both families. */
export const CIDRS = [
  '0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/16', '10.0.1.0/24', '10.0.1.5/32', '10.1.0.0/16', '192.168.0.0/16',
  '192.168.1.0/24', '8.8.8.0/24', '::/0', '2001:db8::/32', '2001:db8:1::/48',
];
/** Addresses to probe portsBetween with (inside and outside the blocks above). */
export const PROBE_IPS = ['10.0.1.5', '10.0.2.1', '10.1.9.9', '11.0.0.1', '192.168.1.9', '192.168.200.1', '8.8.8.8', '2001:db8::1', '2001:db8:1::1', '2001:db9::1', '1.2.3.4'];
const PORT_NUMBERS = [53, 80, 443, 8080, 9090];
const PORT_NAMES = ['http', 'dns', 'metrics'];

const protocol: fc.Arbitrary<Protocol> = fc.constantFrom('TCP', 'UDP', 'SCTP');
const protocolMostlyTcp: fc.Arbitrary<Protocol> = fc.oneof({ weight: 3, arbitrary: fc.constant<Protocol>('TCP') }, { weight: 1, arbitrary: protocol });

export const labels: fc.Arbitrary<Record<string, string>> = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 });
const podLabels: fc.Arbitrary<Record<string, string>> = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 3 });

const requirement: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({ key: fc.constantFrom(...LABEL_KEYS, 'kubernetes.io/metadata.name'), operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...LABEL_VALUES, ...NAMESPACES), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom<'Exists' | 'DoesNotExist'>('Exists', 'DoesNotExist') }),
);

export const selector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ matchLabels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 1 }), matchExpressions: fc.array(requirement, { minLength: 1, maxLength: 1 }) }) },
);

/** Namespace selectors also pick single namespaces by their automatic name label. */
export const nsSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 2, arbitrary: selector },
  { weight: 2, arbitrary: fc.record({ matchLabels: fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom('x', 'y'), { minKeys: 1, maxKeys: 1 }) }) },
  { weight: 1, arbitrary: fc.constant<LabelSelector>({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }) },
  { weight: 2, arbitrary: fc.constantFrom(...NAMESPACES).map((n) => ({ matchLabels: { 'kubernetes.io/metadata.name': n } })) },
);

export const namespace: fc.Arbitrary<Namespace> = fc
  .record({ name: fc.constantFrom(...NAMESPACES), labels: fc.dictionary(fc.constantFrom('team', 'env'), fc.constantFrom('x', 'y'), { maxKeys: 2 }) })
  .map(({ name, labels: l }) => ({ name, labels: { ...l, 'kubernetes.io/metadata.name': name } }));

export const node: fc.Arbitrary<Node> = fc.record({
  name: fc.constantFrom(...NODES),
  labels: fc.dictionary(fc.constantFrom('role', 'zone'), fc.constantFrom('x', 'y'), { maxKeys: 2 }),
  ips: fc.uniqueArray(fc.constantFrom(...NODE_IPS), { maxLength: 2 }),
  podCIDRs: fc.constant([]),
});

const containerPort: fc.Arbitrary<ContainerPort> = fc.record({
  name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined }),
  port: fc.constantFrom(...PORT_NUMBERS),
  protocol: protocolMostlyTcp,
}).map((p) => (p.name === undefined ? { port: p.port, protocol: p.protocol } : p));

export const pod: fc.Arbitrary<Pod> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom(...POD_NAMES),
    labels: podLabels,
    ips: fc.uniqueArray(fc.constantFrom(...POD_IPS), { maxLength: 2 }),
    hostNetwork: fc.integer({ min: 0, max: 3 }).map((n) => n === 0), // 25%
    nodeName: fc.option(fc.constantFrom(...NODES, 'n-missing'), { nil: undefined }),
    ports: fc.array(containerPort, { maxLength: 3 }),
    workload: fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('Deployment'), name: fc.constantFrom(...WORKLOADS) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('Pod'), name: fc.constantFrom(...POD_NAMES) }) },
    ),
  })
  .map((p) => (p.workload.kind === 'Pod' ? { ...p, workload: { kind: 'Pod', name: p.name } } : p));

const cidr = fc.constantFrom(...CIDRS);
export const ipBlock = cidr.chain((c) => {
  const outer = parseCidr(c);
  const inner = CIDRS.filter((x) => x !== c && cidrContains(outer, parseCidr(x)));
  return fc.record({ cidr: fc.constant(c), except: inner.length ? fc.uniqueArray(fc.constantFrom(...inner), { maxLength: 2 }) : fc.constant<string[]>([]) });
});

const npPeer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ podSelector: selector, namespaceSelector: nsSelector }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: ipBlock.map((b) => ({ ipBlock: b })) },
);

const npPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ protocol: protocolMostlyTcp, port: fc.constantFrom(...PORT_NUMBERS) }) },
  { weight: 1, arbitrary: fc.record({ protocol: protocolMostlyTcp, port: fc.constantFrom(...PORT_NUMBERS), endPort: fc.constantFrom(...PORT_NUMBERS, 10000) }).map((p) => ({ ...p, endPort: Math.max(p.port, p.endPort) })) },
  { weight: 2, arbitrary: fc.record({ protocol: protocolMostlyTcp, port: fc.constantFrom(...PORT_NAMES) }) },
  { weight: 1, arbitrary: fc.record({ protocol }) },
);

const npRule: fc.Arbitrary<NetworkPolicyRule> = fc.record(
  { peers: fc.array(npPeer, { minLength: 1, maxLength: 2 }), ports: fc.array(npPort, { minLength: 1, maxLength: 2 }) },
  { requiredKeys: [] },
);

export const networkPolicy: fc.Arbitrary<NetworkPolicy> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom('np1', 'np2', 'np3'),
    podSelector: fc.oneof({ weight: 2, arbitrary: fc.constant({}) }, { weight: 3, arbitrary: selector }),
    types: fc.constantFrom<PolicyType[][]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.array(npRule, { maxLength: 2 }),
    egress: fc.array(npRule, { maxLength: 2 }),
  })
  .map(({ types, ...rest }) => ({ ...rest, policyTypes: types }));

const adminPort: fc.Arbitrary<AdminPort> = fc.oneof(
  fc.record({ portNumber: fc.record({ protocol: protocolMostlyTcp, port: fc.constantFrom(...PORT_NUMBERS) }) }),
  fc.record({ namedPort: fc.constantFrom(...PORT_NAMES) }),
  fc.record({ portRange: fc.record({ protocol: protocolMostlyTcp, start: fc.constantFrom(...PORT_NUMBERS), end: fc.constantFrom(...PORT_NUMBERS, 20000) }) }).map((p) => ({
    portRange: { ...p.portRange, end: Math.max(p.portRange.start, p.portRange.end) },
  })),
);

const podsPeer = fc.record({ namespaceSelector: nsSelector, podSelector: selector });

const adminPeer = (egress: boolean): fc.Arbitrary<AdminPeer> =>
  fc.oneof(
    // Every pod: makes rules of different policies overlap, so priorities and rule order matter.
    fc.constant<AdminPeer>({ namespaces: {} }),
    fc.record({ namespaces: nsSelector }),
    fc.record({ pods: podsPeer }),
    ...(egress
      ? [
          fc.record({ nodes: fc.oneof(fc.constant({}), fc.record({ matchLabels: fc.dictionary(fc.constantFrom('role', 'zone'), fc.constantFrom('x', 'y'), { minKeys: 1, maxKeys: 1 }) })) }),
          fc.record({ networks: fc.uniqueArray(cidr, { minLength: 1, maxLength: 2 }) }),
        ]
      : []),
  );

const adminRule = (egress: boolean, actions: ('Allow' | 'Deny' | 'Pass')[]): fc.Arbitrary<AdminRule> =>
  fc.record(
    {
      name: fc.constantFrom('r1', 'r2', 'r3'),
      action: fc.constantFrom(...actions),
      peers: fc.array(adminPeer(egress), { minLength: 1, maxLength: 2 }),
      ports: fc.array(adminPort, { minLength: 1, maxLength: 2 }),
    },
    { requiredKeys: ['name', 'action', 'peers'] },
  );

const adminSubject: fc.Arbitrary<AdminSubject> = fc.oneof(
  fc.constant<AdminSubject>({ namespaces: {} }),
  fc.record({ namespaces: nsSelector }),
  fc.record({ pods: podsPeer }),
);

export const adminNetworkPolicy: fc.Arbitrary<AdminNetworkPolicy> = fc.record({
  name: fc.constantFrom('anp1', 'anp2', 'anp3'),
  priority: fc.integer({ min: 0, max: 3 }),
  subject: adminSubject,
  ingress: fc.array(adminRule(false, ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  egress: fc.array(adminRule(true, ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
});

export const baselineAdminNetworkPolicy: fc.Arbitrary<BaselineAdminNetworkPolicy> = fc.record({
  name: fc.constant('default'),
  subject: adminSubject,
  ingress: fc.array(adminRule(false, ['Allow', 'Deny']), { maxLength: 2 }),
  egress: fc.array(adminRule(true, ['Allow', 'Deny']), { maxLength: 2 }),
});

export const service: fc.Arbitrary<Service> = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom('s1', 's2'),
  type: fc.constant<'ClusterIP'>('ClusterIP'),
  selector: fc.option(labels, { nil: undefined }),
  ports: fc.constant([{ port: 80, protocol: 'TCP' as Protocol, targetPort: 'http' }]),
  externalIPs: fc.constant([]),
  loadBalancerIPs: fc.constant([]),
});

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const m = new Map<string, T>();
  for (const x of xs) m.set(key(x), x);
  return [...m.values()];
}

export interface ClusterSizes {
  maxPods?: number;
  maxNetworkPolicies?: number;
  maxAdminPolicies?: number;
}

/** A random small cluster (objects unique by key; some pods live in namespaces with no Namespace object). */
export function clusterState(sizes: ClusterSizes = {}): fc.Arbitrary<ClusterState> {
  return fc
    .record({
      namespaces: fc.array(namespace, { maxLength: 3 }),
      pods: fc.array(pod, { minLength: 1, maxLength: sizes.maxPods ?? 8 }),
      nodes: fc.array(node, { maxLength: 2 }),
      services: fc.array(service, { maxLength: 1 }),
      networkPolicies: fc.array(networkPolicy, { maxLength: sizes.maxNetworkPolicies ?? 5 }),
      adminNetworkPolicies: fc.array(adminNetworkPolicy, { maxLength: sizes.maxAdminPolicies ?? 2 }),
      baselineAdminNetworkPolicy: fc.option(baselineAdminNetworkPolicy, { nil: undefined }),
    })
    .map((s) => ({
      namespaces: uniqueBy(s.namespaces, (n) => n.name),
      pods: uniqueBy(s.pods, (p) => `${p.namespace}/${p.name}`),
      nodes: uniqueBy(s.nodes, (n) => n.name),
      services: uniqueBy(s.services, (x) => `${x.namespace}/${x.name}`),
      networkPolicies: uniqueBy(s.networkPolicies, (n) => `${n.namespace}/${n.name}`),
      adminNetworkPolicies: uniqueBy(s.adminNetworkPolicies, (n) => n.name),
      baselineAdminNetworkPolicy: s.baselineAdminNetworkPolicy,
    }));
}

/** One watch event over the same small name pools, so upserts and deletes mostly hit existing objects. */
export const objectChange: fc.Arbitrary<ObjectChange> = fc.oneof(
  { weight: 6, arbitrary: pod.map((o): ObjectChange => ({ type: 'upsert', kind: 'Pod', object: o })) },
  { weight: 3, arbitrary: fc.record({ ns: fc.constantFrom(...NAMESPACES), n: fc.constantFrom(...POD_NAMES) }).map(({ ns, n }): ObjectChange => ({ type: 'delete', kind: 'Pod', key: `${ns}/${n}` })) },
  { weight: 2, arbitrary: namespace.map((o): ObjectChange => ({ type: 'upsert', kind: 'Namespace', object: o })) },
  { weight: 1, arbitrary: fc.constantFrom(...NAMESPACES).map((k): ObjectChange => ({ type: 'delete', kind: 'Namespace', key: k })) },
  { weight: 2, arbitrary: node.map((o): ObjectChange => ({ type: 'upsert', kind: 'Node', object: o })) },
  { weight: 1, arbitrary: fc.constantFrom(...NODES).map((k): ObjectChange => ({ type: 'delete', kind: 'Node', key: k })) },
  { weight: 4, arbitrary: networkPolicy.map((o): ObjectChange => ({ type: 'upsert', kind: 'NetworkPolicy', object: o })) },
  { weight: 2, arbitrary: fc.record({ ns: fc.constantFrom(...NAMESPACES), n: fc.constantFrom('np1', 'np2', 'np3') }).map(({ ns, n }): ObjectChange => ({ type: 'delete', kind: 'NetworkPolicy', key: `${ns}/${n}` })) },
  { weight: 3, arbitrary: adminNetworkPolicy.map((o): ObjectChange => ({ type: 'upsert', kind: 'AdminNetworkPolicy', object: o })) },
  { weight: 1, arbitrary: fc.constantFrom('anp1', 'anp2', 'anp3').map((k): ObjectChange => ({ type: 'delete', kind: 'AdminNetworkPolicy', key: k })) },
  { weight: 2, arbitrary: baselineAdminNetworkPolicy.map((o): ObjectChange => ({ type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: o })) },
  { weight: 1, arbitrary: fc.constant<ObjectChange>({ type: 'delete', kind: 'BaselineAdminNetworkPolicy', key: 'default' }) },
  { weight: 1, arbitrary: service.map((o): ObjectChange => ({ type: 'upsert', kind: 'Service', object: o })) },
);

/** Applies a change to a plain state (what a fresh engine's input should be after the event). */
export function applyToState(s: ClusterState, c: ObjectChange): ClusterState {
  const next = { ...s };
  const replace = <T>(list: T[], key: (x: T) => string, k: string, o: T | undefined): T[] => {
    const out = list.filter((x) => key(x) !== k);
    if (o !== undefined) out.push(o);
    return out;
  };
  const nsKey = (x: { namespace: string; name: string }) => `${x.namespace}/${x.name}`;
  const nameKey = (x: { name: string }) => x.name;
  switch (c.kind) {
    case 'Pod':
      next.pods = replace(s.pods, nsKey, c.type === 'upsert' ? nsKey(c.object) : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'Service':
      next.services = replace(s.services, nsKey, c.type === 'upsert' ? nsKey(c.object) : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'NetworkPolicy':
      next.networkPolicies = replace(s.networkPolicies, nsKey, c.type === 'upsert' ? nsKey(c.object) : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'Namespace':
      next.namespaces = replace(s.namespaces, nameKey, c.type === 'upsert' ? c.object.name : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'Node':
      next.nodes = replace(s.nodes, nameKey, c.type === 'upsert' ? c.object.name : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'AdminNetworkPolicy':
      next.adminNetworkPolicies = replace(s.adminNetworkPolicies, nameKey, c.type === 'upsert' ? c.object.name : c.key, c.type === 'upsert' ? c.object : undefined);
      break;
    case 'BaselineAdminNetworkPolicy':
      if (c.type === 'upsert') next.baselineAdminNetworkPolicy = c.object;
      else if (s.baselineAdminNetworkPolicy?.name === c.key) next.baselineAdminNetworkPolicy = undefined;
      break;
  }
  return next;
}

/**
 * A small edit of an object that exists at the time it is applied (resolved against the current state by
 * resolveEdit): priority swaps, rule reorders, action flips, added peers, relabels. Random upserts rarely
 * produce these "almost the same object" changes, which are the ones incremental shortcuts must get right
 * (an ANP edited in place keeps whom it selects: its rows are rewritten in place, anp-parts.ts; new ports
 * may add or drop named ports, which must fall back to re-signing).
 */
export interface Edit {
  op: 'anp-priority' | 'anp-swap-rules' | 'anp-flip-action' | 'anp-add-peer' | 'anp-drop-peer' | 'anp-ports' | 'np-drop-rule' | 'np-add-peer' | 'pod-relabel' | 'pod-ips' | 'ns-relabel' | 'banp-flip-action';
  i: number;
  j: number;
  priority: number;
  labels: Record<string, string>;
  ips: string[];
  npPeer: NetworkPolicyPeer;
  adminPeer: AdminPeer;
  /** anp-ports: the rule's new ports (undefined: every port). */
  adminPorts: AdminPort[] | undefined;
}

export const edit: fc.Arbitrary<Edit> = fc.record({
  op: fc.constantFrom<Edit['op']>('anp-priority', 'anp-swap-rules', 'anp-flip-action', 'anp-add-peer', 'anp-drop-peer', 'anp-ports', 'np-drop-rule', 'np-add-peer', 'pod-relabel', 'pod-ips', 'ns-relabel', 'banp-flip-action'),
  i: fc.nat(),
  j: fc.nat(),
  priority: fc.integer({ min: 0, max: 3 }),
  labels: podLabels,
  ips: fc.uniqueArray(fc.constantFrom(...POD_IPS), { maxLength: 2 }),
  npPeer,
  adminPeer: adminPeer(true),
  adminPorts: fc.option(fc.array(adminPort, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

export function resolveEdit(s: ClusterState, e: Edit): ObjectChange | undefined {
  const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);
  const flip = (a: 'Allow' | 'Deny' | 'Pass', pass: boolean): 'Allow' | 'Deny' | 'Pass' => (a === 'Allow' ? 'Deny' : a === 'Deny' && pass ? 'Pass' : 'Allow');
  switch (e.op) {
    case 'anp-priority':
    case 'anp-swap-rules':
    case 'anp-flip-action':
    case 'anp-add-peer':
    case 'anp-drop-peer':
    case 'anp-ports': {
      const a = at(s.adminNetworkPolicies, e.i);
      if (!a) return undefined;
      const next: AdminNetworkPolicy = structuredClone(a);
      let rules = e.j % 2 === 0 ? next.ingress : next.egress;
      if (rules.length < 2) rules = e.j % 2 === 0 ? next.egress : next.ingress;
      if (e.op === 'anp-priority') {
        // Move it just past (or before) another ANP, so that the two swap places.
        const others = s.adminNetworkPolicies.filter((x) => x.name !== a.name);
        const o = at(others, e.j);
        if (!o) next.priority = e.priority;
        else next.priority = o.priority + (a.priority < o.priority || (a.priority === o.priority && a.name < o.name) ? 1 : -1);
      } else if (e.op === 'anp-swap-rules') {
        if (rules.length === 0) return undefined;
        // Two rules to reorder: if there is one, add a copy with the other action first.
        if (rules.length === 1) rules.push({ ...structuredClone(rules[0]), name: 'copy', action: flip(rules[0].action, true) });
        [rules[0], rules[1]] = [rules[1], rules[0]];
      } else {
        const r = at(rules, e.j >> 1);
        if (!r) return undefined;
        if (e.op === 'anp-flip-action') r.action = flip(r.action, true);
        else if (e.op === 'anp-add-peer') r.peers.push(e.adminPeer);
        else if (e.op === 'anp-drop-peer') r.peers.splice(e.i % Math.max(1, r.peers.length), 1);
        else r.ports = e.adminPorts;
      }
      return { type: 'upsert', kind: 'AdminNetworkPolicy', object: next };
    }
    case 'banp-flip-action': {
      const b = s.baselineAdminNetworkPolicy;
      if (!b) return undefined;
      const next: BaselineAdminNetworkPolicy = structuredClone(b);
      const r = at(e.j % 2 === 0 ? next.ingress : next.egress, e.i);
      if (!r) return undefined;
      r.action = flip(r.action, false);
      return { type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object: next };
    }
    case 'np-drop-rule':
    case 'np-add-peer': {
      const n = at(s.networkPolicies, e.i);
      if (!n) return undefined;
      const next: NetworkPolicy = structuredClone(n);
      const rules = e.j % 2 === 0 ? next.ingress : next.egress;
      if (e.op === 'np-drop-rule') {
        if (!rules.length) return undefined;
        rules.splice((e.j >> 1) % rules.length, 1);
      } else {
        const r = at(rules, e.j >> 1);
        if (!r) return undefined;
        r.peers = [...(r.peers ?? []), e.npPeer];
      }
      return { type: 'upsert', kind: 'NetworkPolicy', object: next };
    }
    case 'pod-relabel':
    case 'pod-ips': {
      const p = at(s.pods, e.i);
      if (!p) return undefined;
      return { type: 'upsert', kind: 'Pod', object: e.op === 'pod-relabel' ? { ...p, labels: e.labels } : { ...p, ips: e.ips } };
    }
    case 'ns-relabel': {
      const n = at(s.namespaces, e.i);
      if (!n) return undefined;
      const labels = { ...e.labels, 'kubernetes.io/metadata.name': n.name };
      return { type: 'upsert', kind: 'Namespace', object: { name: n.name, labels } };
    }
  }
}

/** Events for sequence tests: fresh objects and deletes, and edits of whatever exists when applied. */
export const step: fc.Arbitrary<{ change: ObjectChange } | { edit: Edit }> = fc.oneof(
  { weight: 1, arbitrary: objectChange.map((change) => ({ change })) },
  { weight: 1, arbitrary: edit.map((e) => ({ edit: e })) },
);
