import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Connection, ReachabilityDelta, endpointKey } from '../src/analysis';
import { diffAnalyses } from '../src/diff';
import {
  AdminNetworkPolicy,
  AdminPeer,
  AdminPort,
  AdminRule,
  AdminSubject,
  BaselineAdminNetworkPolicy,
  ClusterState,
  CniProfile,
  ContainerPort,
  LabelSelector,
  LabelSelectorRequirement,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  ObjectChange,
  Pod,
  PolicyType,
} from '../src/model';
import { naiveAnalyze } from '../src/naive';
import { ReachabilityEngine } from '../src/engine';
import { CIDRS, POD_IPS, applyToState, ipBlock, namespace, node, nsSelector } from './arbitraries';
import { anp, np, ns, pod, state, tcp } from './build';

/**
 * The engine applies a pod event without collecting pairs when the pod's workload only swaps classes for
 * interchangeable ones (engine.ts keepsPairs): a relabel no policy reads, a rollout's pods coming and going.
 * Here clusters are drawn so that this happens often and nearly happens just as often: pod labels carry
 * `hash` (no selector ever reads it), `rev` (read by a few pod selectors — NP subjects, NP peers, ANP
 * subjects and peers, scoped to a namespace or not) and `app` (read by most); pods have named ports and,
 * under calico, addresses in the policies' blocks. After every event the delta must be the difference
 * of full recomputations, and the incremental engine must equal a fresh load and the reference.
 */

const CNIS: CniProfile[] = ['generic', 'calico'];
const REVS = ['1', '2', '3'];
const HASHES = ['h1', 'h2', 'h3'];

const requirement: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({ key: fc.constantFrom('app', 'rev'), operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom('x', 'y', ...REVS), { minLength: 1, maxLength: 2 }) }),
  fc.record({ key: fc.constantFrom('app', 'rev'), operator: fc.constantFrom<'Exists' | 'DoesNotExist'>('Exists', 'DoesNotExist') }),
);

const podSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: fc.constantFrom('x', 'y').map((app) => ({ matchLabels: { app } })) },
  { weight: 1, arbitrary: fc.constantFrom(...REVS).map((rev) => ({ matchLabels: { rev } })) },
  { weight: 1, arbitrary: fc.array(requirement, { minLength: 1, maxLength: 2 }).map((matchExpressions) => ({ matchExpressions })) },
);

const NAMED_PORTS: ContainerPort[][] = [[], [tcp(80, 'http')], [tcp(8080, 'http')], [tcp(53, 'dns'), tcp(80, 'http')], [tcp(80)]];

const podLabels = fc.record({ app: fc.constantFrom('x', 'y'), rev: fc.constantFrom(...REVS), hash: fc.constantFrom(...HASHES) }, { requiredKeys: ['app'] });

/** Mostly IPv4 addresses: an IPv6 family appearing or vanishing is handled by the full path. */
const podIps = fc.oneof({ weight: 4, arbitrary: fc.uniqueArray(fc.constantFrom(...POD_IPS.filter((ip) => !ip.includes(':'))), { maxLength: 2 }) }, { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...POD_IPS), { maxLength: 2 }) });

const clusterPod: fc.Arbitrary<Pod> = fc
  .record({
    namespace: fc.constantFrom('a', 'b'),
    name: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
    workload: fc.constantFrom('w1', 'w2'),
    labels: podLabels,
    ips: podIps,
    hostNetwork: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    nodeName: fc.option(fc.constantFrom('n1', 'n2'), { nil: undefined }),
    ports: fc.constantFrom(...NAMED_PORTS),
  })
  .map(({ workload, ...p }) => ({ ...p, workload: { kind: 'Deployment', name: workload } }));

const npPeer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ podSelector, namespaceSelector: nsSelector }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: ipBlock.map((b) => ({ ipBlock: b })) },
);

const npPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constant<'TCP'>('TCP'), port: fc.constantFrom<number | string>(53, 80, 8080, 'http', 'dns') }),
);

const npRule: fc.Arbitrary<NetworkPolicyRule> = fc.record({ peers: fc.array(npPeer, { minLength: 1, maxLength: 2 }), ports: fc.array(npPort, { minLength: 1, maxLength: 2 }) }, { requiredKeys: [] });

const networkPolicy: fc.Arbitrary<NetworkPolicy> = fc
  .record({
    namespace: fc.constantFrom('a', 'b'),
    name: fc.constantFrom('np1', 'np2', 'np3'),
    podSelector,
    types: fc.constantFrom<PolicyType[][]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
    ingress: fc.array(npRule, { maxLength: 2 }),
    egress: fc.array(npRule, { maxLength: 2 }),
  })
  .map(({ types, ...rest }) => ({ ...rest, policyTypes: types }));

const podsPeer = fc.record({ namespaceSelector: nsSelector, podSelector });

const adminPeer = (egress: boolean): fc.Arbitrary<AdminPeer> =>
  fc.oneof(
    fc.constant<AdminPeer>({ namespaces: {} }),
    fc.record({ namespaces: nsSelector }),
    fc.record({ pods: podsPeer }),
    fc.record({ pods: podsPeer }),
    ...(egress ? [fc.record({ networks: fc.uniqueArray(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 2 }) })] : []),
  );

const adminPort: fc.Arbitrary<AdminPort> = fc.oneof(
  fc.record({ portNumber: fc.record({ protocol: fc.constant<'TCP'>('TCP'), port: fc.constantFrom(53, 80, 8080) }) }),
  fc.record({ namedPort: fc.constantFrom('http', 'dns') }),
);

const adminRule = (egress: boolean, actions: ('Allow' | 'Deny' | 'Pass')[]): fc.Arbitrary<AdminRule> =>
  fc.record(
    { name: fc.constantFrom('r1', 'r2'), action: fc.constantFrom(...actions), peers: fc.array(adminPeer(egress), { minLength: 1, maxLength: 2 }), ports: fc.array(adminPort, { minLength: 1, maxLength: 2 }) },
    { requiredKeys: ['name', 'action', 'peers'] },
  );

const adminSubject: fc.Arbitrary<AdminSubject> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ namespaces: nsSelector }) },
  { weight: 3, arbitrary: fc.record({ pods: podsPeer }) },
);

const adminNetworkPolicy: fc.Arbitrary<AdminNetworkPolicy> = fc.record({
  name: fc.constantFrom('anp1', 'anp2'),
  priority: fc.integer({ min: 0, max: 2 }),
  subject: adminSubject,
  ingress: fc.array(adminRule(false, ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
  egress: fc.array(adminRule(true, ['Allow', 'Deny', 'Pass']), { maxLength: 2 }),
});

const baselineAdminNetworkPolicy: fc.Arbitrary<BaselineAdminNetworkPolicy> = fc.record({
  name: fc.constant('default'),
  subject: adminSubject,
  ingress: fc.array(adminRule(false, ['Allow', 'Deny']), { maxLength: 2 }),
  egress: fc.array(adminRule(true, ['Allow', 'Deny']), { maxLength: 2 }),
});

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  return [...new Map(xs.map((x) => [key(x), x])).values()];
}

const cluster: fc.Arbitrary<ClusterState> = fc
  .record({
    namespaces: fc.array(namespace, { maxLength: 3 }),
    pods: fc.array(clusterPod, { minLength: 2, maxLength: 8 }),
    nodes: fc.array(node, { maxLength: 2 }),
    networkPolicies: fc.array(networkPolicy, { maxLength: 4 }),
    adminNetworkPolicies: fc.array(adminNetworkPolicy, { maxLength: 2 }),
    baselineAdminNetworkPolicy: fc.option(baselineAdminNetworkPolicy, { nil: undefined }),
  })
  .map((s) => ({
    namespaces: uniqueBy(s.namespaces, (n) => n.name),
    pods: uniqueBy(s.pods, (p) => `${p.namespace}/${p.name}`),
    nodes: uniqueBy(s.nodes, (n) => n.name),
    services: [],
    networkPolicies: uniqueBy(s.networkPolicies, (n) => `${n.namespace}/${n.name}`),
    adminNetworkPolicies: uniqueBy(s.adminNetworkPolicies, (n) => n.name),
    baselineAdminNetworkPolicy: s.baselineAdminNetworkPolicy,
  }));

/** An event, resolved against the state it is applied to (see resolve). */
type Step =
  | { op: 'relabel'; i: number; key: 'app' | 'rev' | 'hash'; value: string | undefined }
  | { op: 'rollout'; i: number; name: string; rev: string; hash: string }
  | { op: 'delete'; i: number }
  | { op: 'ports'; i: number; ports: ContainerPort[] }
  | { op: 'ips'; i: number; ips: string[] }
  | { op: 'change'; change: ObjectChange };

const policyChange: fc.Arbitrary<ObjectChange> = fc.oneof(
  { weight: 3, arbitrary: networkPolicy.map((object): ObjectChange => ({ type: 'upsert', kind: 'NetworkPolicy', object })) },
  { weight: 2, arbitrary: fc.record({ ns: fc.constantFrom('a', 'b'), n: fc.constantFrom('np1', 'np2', 'np3') }).map(({ ns, n }): ObjectChange => ({ type: 'delete', kind: 'NetworkPolicy', key: `${ns}/${n}` })) },
  { weight: 2, arbitrary: adminNetworkPolicy.map((object): ObjectChange => ({ type: 'upsert', kind: 'AdminNetworkPolicy', object })) },
  { weight: 1, arbitrary: fc.constantFrom('anp1', 'anp2').map((key): ObjectChange => ({ type: 'delete', kind: 'AdminNetworkPolicy', key })) },
  { weight: 1, arbitrary: baselineAdminNetworkPolicy.map((object): ObjectChange => ({ type: 'upsert', kind: 'BaselineAdminNetworkPolicy', object })) },
  { weight: 1, arbitrary: fc.constant<ObjectChange>({ type: 'delete', kind: 'BaselineAdminNetworkPolicy', key: 'default' }) },
  { weight: 2, arbitrary: namespace.map((object): ObjectChange => ({ type: 'upsert', kind: 'Namespace', object })) },
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.oneof(
      fc.record({ op: fc.constant<'relabel'>('relabel'), i: fc.nat(), key: fc.constant<'hash'>('hash'), value: fc.option(fc.constantFrom(...HASHES), { nil: undefined }) }),
      fc.record({ op: fc.constant<'relabel'>('relabel'), i: fc.nat(), key: fc.constant<'rev'>('rev'), value: fc.option(fc.constantFrom(...REVS), { nil: undefined }) }),
      fc.record({ op: fc.constant<'relabel'>('relabel'), i: fc.nat(), key: fc.constant<'app'>('app'), value: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }) }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant<'rollout'>('rollout'), i: fc.nat(), name: fc.constantFrom('r1', 'r2', 'r3'), rev: fc.constantFrom(...REVS), hash: fc.constantFrom(...HASHES) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant<'delete'>('delete'), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant<'ports'>('ports'), i: fc.nat(), ports: fc.constantFrom(...NAMED_PORTS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant<'ips'>('ips'), i: fc.nat(), ips: podIps }) },
  { weight: 2, arbitrary: policyChange.map((change) => ({ op: 'change' as const, change })) },
);

function resolve(s: ClusterState, st: Step): ObjectChange | undefined {
  if (st.op === 'change') return st.change;
  if (s.pods.length === 0) return undefined;
  const p = s.pods[st.i % s.pods.length];
  switch (st.op) {
    case 'relabel': {
      const labels = { ...p.labels };
      if (st.value === undefined) delete labels[st.key];
      else labels[st.key] = st.value;
      return { type: 'upsert', kind: 'Pod', object: { ...p, labels } };
    }
    case 'rollout':
      // A new pod of the same workload from the same template, at the next revision.
      return { type: 'upsert', kind: 'Pod', object: { ...p, name: st.name, labels: { ...p.labels, rev: st.rev, hash: st.hash } } };
    case 'delete':
      return { type: 'delete', kind: 'Pod', key: `${p.namespace}/${p.name}` };
    case 'ports':
      return { type: 'upsert', kind: 'Pod', object: { ...p, ports: st.ports } };
    case 'ips':
      return { type: 'upsert', kind: 'Pod', object: { ...p, ips: st.ips } };
  }
}

function text(cs: readonly Connection[]): string {
  return cs.map((c) => `${endpointKey(c.src)} -> ${endpointKey(c.dst)}: ${c.ports}`).join('\n');
}

/** Equal as sets of (src interval, dst interval, port) triples. */
function sameConnections(actual: readonly Connection[], expected: readonly Connection[]): void {
  const d = diffAnalyses(expected, actual);
  if (d.added.length || d.removed.length) expect.fail(`unexpected:\n${text(d.added)}\nmissing:\n${text(d.removed)}`);
}

/**
 * The delta is the difference of full recomputations (`before`: the reference's list before the event);
 * the engine equals a fresh load and the reference. Returns the reference's list after the event.
 */
function checkStep(cni: CniProfile, e: ReachabilityEngine, before: readonly Connection[], after: ClusterState, delta: ReachabilityDelta): Connection[] {
  const full = naiveAnalyze(after, { cni }).connections;
  const expected = diffAnalyses(before, full);
  sameConnections(delta.added, expected.added);
  sameConnections(delta.removed, expected.removed);
  const fresh = new ReachabilityEngine({ cni });
  fresh.load(e.snapshot());
  const now = e.connections();
  sameConnections(now, fresh.connections());
  sameConnections(now, full);
  return full;
}

describe('pod events that swap interchangeable classes', () => {
  for (const cni of CNIS) {
    it(`random relabels and rollouts: delta == diff of full recomputations, ${cni}`, () => {
      let shortcuts = 0;
      let podEvents = 0;
      fc.assert(
        fc.property(cluster, fc.array(step, { minLength: 1, maxLength: 15 }), (s0, steps) => {
          const e = new ReachabilityEngine({ cni });
          e.load(s0);
          let s = s0;
          let full = naiveAnalyze(s0, { cni }).connections;
          steps.forEach((st, k) => {
            const ev = resolve(s, st);
            if (!ev) return;
            const taken = e.stats().interchangeableMoves;
            const delta = e.apply(ev);
            const next = applyToState(s, ev);
            if (ev.kind === 'Pod') podEvents++;
            try {
              full = checkStep(cni, e, full, next, delta);
              // The shortcut returns no delta: taking it where something changed would be caught above.
              if (e.stats().interchangeableMoves > taken) expect(delta.added.length + delta.removed.length).toBe(0);
            } catch (err) {
              throw new Error(`step ${k}: ${JSON.stringify(ev)}\nstate before: ${JSON.stringify(s)}\n${(err as Error).message}`);
            }
            s = next;
          });
          shortcuts += e.stats().interchangeableMoves;
        }),
        { numRuns: 200 },
      );
      // The generators must exercise the shortcut, not just the full path.
      expect(shortcuts).toBeGreaterThan(podEvents / 10);
    });
  }
});

describe('when the shortcut is taken', () => {
  // Namespace `a`: web pods (app=web) receive from clients (app=client) on a named port; `b` is elsewhere.
  const base = (): ClusterState =>
    state({
      namespaces: [ns('a', { team: 'x' }), ns('b')],
      pods: [
        pod('a', 'web-1', { app: 'web', rev: '1' }, { ports: [tcp(8080, 'http')], workload: { kind: 'Deployment', name: 'web' }, ips: ['10.0.1.5'] }),
        pod('a', 'web-2', { app: 'web', rev: '1' }, { ports: [tcp(8080, 'http')], workload: { kind: 'Deployment', name: 'web' }, ips: ['10.0.1.6'] }),
        pod('a', 'client-1', { app: 'client', rev: '1' }, { workload: { kind: 'Deployment', name: 'client' } }),
        pod('b', 'other-1', { app: 'other' }, { workload: { kind: 'Deployment', name: 'other' } }),
      ],
      networkPolicies: [
        np('a', 'web', { matchLabels: { app: 'web' } }, { ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'client' } } }], ports: [{ protocol: 'TCP', port: 'http' }] }] }),
      ],
    });
  const relabel = (s: ClusterState, name: string, labels: Record<string, string>): ObjectChange => {
    const p = s.pods.find((x) => x.name === name)!;
    return { type: 'upsert', kind: 'Pod', object: { ...p, labels: { ...p.labels, ...labels } } };
  };

  /** Applies the events in turn, checking each; returns how many took the shortcut. */
  function run(cni: CniProfile, s0: ClusterState, events: ((s: ClusterState) => ObjectChange)[]): number[] {
    const e = new ReachabilityEngine({ cni });
    e.load(s0);
    let s = s0;
    let full = naiveAnalyze(s0, { cni }).connections;
    const taken: number[] = [];
    for (const make of events) {
      const ev = make(s);
      const before = e.stats().interchangeableMoves;
      const delta = e.apply(ev);
      const next = applyToState(s, ev);
      full = checkStep(cni, e, full, next, delta);
      taken.push(e.stats().interchangeableMoves - before);
      s = next;
    }
    return taken;
  }

  for (const cni of CNIS) {
    it(`a relabel no selector reads, and a rollout's pods coming and going, ${cni}`, () => {
      expect(run(cni, base(), [
        (s) => relabel(s, 'web-1', { rev: '2' }), // leaves a class web-2 keeps, joins a new one
        (s) => relabel(s, 'web-2', { rev: '2' }), // leaves its class (dropped), joins web-1's
        (s) => relabel(s, 'client-1', { 'pod-template-hash': 'abc' }), // a one-pod workload moves to a new class
        (s) => ({ type: 'upsert', kind: 'Pod', object: { ...s.pods.find((p) => p.name === 'web-1')!, name: 'web-3', labels: { app: 'web', rev: '3' } } }),
        () => ({ type: 'delete', kind: 'Pod', key: 'a/web-1' }),
        () => ({ type: 'delete', kind: 'Pod', key: 'a/web-2' }), // the last rev=2 pod: web keeps only rev=3
      ])).toEqual([1, 1, 1, 1, 0, 1]); // deleting web-1 leaves its class with web-2: the older shortcut
    });

    it(`not when a selector reads the label, ${cni}`, () => {
      const s0 = base();
      // Only rev=1 clients may reach web: moving client-1 to rev=2 removes its pairs.
      s0.networkPolicies = [np('a', 'web', { matchLabels: { app: 'web' } }, { ingress: [{ peers: [{ podSelector: { matchLabels: { app: 'client', rev: '1' } } }] }] })];
      expect(run(cni, s0, [(s) => relabel(s, 'client-1', { rev: '2' })])).toEqual([0]);
      // An NP subject reading it (web pods with rev=2 are isolated differently), and an ANP subject.
      const s1 = base();
      s1.networkPolicies.push(np('a', 'canary', { matchLabels: { rev: '2' } }, { types: ['Egress'] }));
      expect(run(cni, s1, [(s) => relabel(s, 'web-1', { rev: '2' })])).toEqual([0]);
      const s2 = base();
      s2.adminNetworkPolicies = [anp('deny-canary', 1, { subject: { pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'rev', operator: 'In', values: ['2'] }] } } }, ingress: [], egress: [{ name: 'r', action: 'Deny', peers: [{ namespaces: {} }] }] })];
      expect(run(cni, s2, [(s) => relabel(s, 'web-1', { rev: '2' })])).toEqual([0]);
      // A selector that reads the label but gives both values the same verdict does not stand in the way.
      const s3 = base();
      s3.networkPolicies.push(np('a', 'any-rev', { matchExpressions: [{ key: 'rev', operator: 'In', values: ['1', '2'] }] }, { types: ['Egress'], egress: [{}] }));
      expect(run(cni, s3, [(s) => relabel(s, 'web-1', { rev: '2' }), (s) => relabel(s, 'web-2', { rev: '3' })])).toEqual([1, 0]);
    });

    it(`not when the classes differ in named ports, addresses (calico) or the IPv6 family's visibility, ${cni}`, () => {
      const move = (name: string, change: Partial<Pod>) => (s: ClusterState): ObjectChange => ({ type: 'upsert', kind: 'Pod', object: { ...s.pods.find((p) => p.name === name)!, ...change } });
      // web-1's named port moves: clients reach 9090 on it.
      expect(run(cni, base(), [move('web-1', { ports: [tcp(9090, 'http')] })])).toEqual([0]);
      // Clients may only reach 10.0.1.5: under calico, web-2 taking that address reaches a class of its own.
      const s0 = base();
      s0.networkPolicies.push(np('a', 'client-out', { matchLabels: { app: 'client' } }, { types: ['Egress'], egress: [{ peers: [{ ipBlock: { cidr: '10.0.1.5/32', except: [] } }] }] }));
      expect(run(cni, s0, [move('web-2', { ips: ['10.0.1.5'] }), move('web-2', { ips: ['10.0.1.6'] })])).toEqual([0, 0]);
      // The first and the last IPv6 address: external IPv6 ranges appear, then vanish.
      expect(run(cni, base(), [
        (s) => ({ type: 'upsert', kind: 'Pod', object: { ...s.pods.find((p) => p.name === 'web-1')!, name: 'web-6', labels: { app: 'web', rev: '1', hash: 'h6' }, ips: ['2001:db8::1'] } }),
        () => ({ type: 'delete', kind: 'Pod', key: 'a/web-6' }),
      ])).toEqual([0, 0]);
    });

    it(`two policies with one selector: deleting one keeps the other's, ${cni}`, () => {
      const s0 = base();
      s0.networkPolicies.push(np('a', 'canary-1', { matchLabels: { rev: '2' } }, { types: ['Egress'] }));
      s0.networkPolicies.push(np('a', 'canary-2', { matchLabels: { rev: '2' } }, { types: ['Egress'] }));
      expect(run(cni, s0, [() => ({ type: 'delete', kind: 'NetworkPolicy', key: 'a/canary-1' }), (s) => relabel(s, 'web-1', { rev: '2' })])).toEqual([0, 0]);
    });

    it(`a selector of another namespace, or one whose policy is gone, does not count, ${cni}`, () => {
      const s0 = base();
      s0.networkPolicies.push(np('b', 'canary', { matchLabels: { rev: '2' } }, { ingress: [{ peers: [{ podSelector: { matchLabels: { rev: '2' } } }] }] }));
      s0.networkPolicies.push(np('a', 'canary', { matchLabels: { rev: '2' } }, { types: ['Egress'] }));
      expect(run(cni, s0, [
        (s) => relabel(s, 'web-1', { rev: '2' }), // a's canary isolates it: not interchangeable
        () => ({ type: 'delete', kind: 'NetworkPolicy', key: 'a/canary' }),
        (s) => relabel(s, 'web-2', { rev: '2' }), // only b's canary reads rev now
        (s) => relabel(s, 'web-2', { rev: '1' }),
      ])).toEqual([0, 0, 1, 1]);
    });
  }
});
