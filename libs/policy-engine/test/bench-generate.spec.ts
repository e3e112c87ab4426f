import { describe, expect, it } from 'vitest';
import {
  ClusterModel,
  EVENT_MIX,
  MAX_PODS_PER_NODE,
  SIZES,
  SIZE_NAMES,
  SYSTEM_NAMESPACES,
  SizeParams,
  clusterCounts,
  generateCluster,
  generateClusterWith,
  generateEvents,
  generateLabelledEvents,
} from '../bench/generate';
import { Rng } from '../bench/rng';
import { cidrContainsIp, parseCidr, parseIp } from '../src/ip';
import { ClusterState, objectKey } from '../src/model';

/** Only S is generated here; the large sizes are checked through their parameters. */

function checkReferences(s: ClusterState): void {
  const nsNames = new Set(s.namespaces.map((n) => n.name));
  expect(nsNames.size).toBe(s.namespaces.length);
  for (const n of s.namespaces) expect(n.labels['kubernetes.io/metadata.name']).toBe(n.name);
  const nodes = new Map(s.nodes.map((n) => [n.name, n]));
  const podKeys = new Set<string>();
  const ips = new Set<string>();
  const perNode = new Map<string, number>();
  for (const p of s.pods) {
    const key = objectKey('Pod', p);
    expect(podKeys.has(key), `duplicate pod ${key}`).toBe(false);
    podKeys.add(key);
    expect(nsNames.has(p.namespace), `pod ${key} in unknown namespace`).toBe(true);
    expect(p.nodeName && nodes.has(p.nodeName), `pod ${key} on unknown node`).toBe(true);
    perNode.set(p.nodeName!, (perNode.get(p.nodeName!) ?? 0) + 1);
    expect(p.ips.length).toBeGreaterThan(0);
    const node = nodes.get(p.nodeName!)!;
    if (p.hostNetwork) {
      expect(p.ips).toEqual(node.ips);
      continue;
    }
    for (const ip of p.ips) {
      expect(ips.has(ip), `address ${ip} used twice`).toBe(false);
      ips.add(ip);
      const a = parseIp(ip);
      expect(node.podCIDRs.some((c) => cidrContainsIp(parseCidr(c), a.family, a.value)), `${ip} outside ${node.name}'s pod CIDRs`).toBe(true);
    }
  }
  for (const n of perNode.values()) expect(n).toBeLessThanOrEqual(MAX_PODS_PER_NODE);
  const npKeys = new Set<string>();
  for (const np of s.networkPolicies) {
    const key = objectKey('NetworkPolicy', np);
    expect(npKeys.has(key), `duplicate policy ${key}`).toBe(false);
    npKeys.add(key);
    expect(nsNames.has(np.namespace), `policy ${key} in unknown namespace`).toBe(true);
    expect(np.policyTypes.length).toBeGreaterThan(0);
    if (np.egress.length) expect(np.policyTypes).toContain('Egress');
    for (const rule of [...np.ingress, ...np.egress]) {
      for (const peer of rule.peers ?? []) {
        if (!peer.ipBlock) continue;
        const c = parseCidr(peer.ipBlock.cidr);
        for (const e of peer.ipBlock.except) {
          const x = parseCidr(e);
          expect(x.family === c.family && x.first >= c.first && x.last <= c.last, `${e} outside ${c.text}`).toBe(true);
        }
      }
      for (const port of rule.ports ?? []) if (port.endPort !== undefined) expect(typeof port.port === 'number' && port.endPort >= port.port).toBe(true);
    }
  }
  for (const svc of s.services) expect(nsNames.has(svc.namespace)).toBe(true);
  expect(new Set(s.adminNetworkPolicies.map((a) => a.name)).size).toBe(s.adminNetworkPolicies.length);
}

describe('bench size parameters', () => {
  it('match the targets', () => {
    expect(SIZES.S).toMatchObject({ pods: 500, namespaces: 50, policies: 100 });
    expect(SIZES.M).toMatchObject({ pods: 5_000, namespaces: 500, policies: 5_000 });
    expect(SIZES.L).toMatchObject({ pods: 50_000, namespaces: 1_400, policies: 14_000 });
    expect(SIZES.XL).toMatchObject({ pods: 150_000, namespaces: 10_000, policies: 50_000 });
    expect(SIZE_NAMES).toEqual(['S', 'M', 'L', 'XL']);
  });

  it.each(SIZE_NAMES)('%s is feasible: node capacity, pod CIDR room, pod budget', (size) => {
    const p = SIZES[size];
    // Headroom for pod churn in the event stream.
    expect(p.nodes * MAX_PODS_PER_NODE).toBeGreaterThanOrEqual(p.pods * 1.05);
    const prefix = Number(p.podCidr.split('/')[1]);
    expect(2 ** (24 - prefix)).toBeGreaterThanOrEqual(p.nodes);
    const daemonPods = 3 * p.nodes;
    const budget = p.pods - daemonPods - 64; // generous bound on the fixed system replicas
    expect(p.workloads).toBeLessThanOrEqual(budget);
    expect(p.workloads).toBeGreaterThanOrEqual(p.namespaces - SYSTEM_NAMESPACES.length);
    expect(p.externalCidrs).toBeGreaterThan(0);
  });

  it('L aims at ~8k distinct label sets: workloads plus rollouts and StatefulSet pods', () => {
    // Label sets are roughly workloads × 1.1–1.3 (second ReplicaSets, per-pod StatefulSet labels).
    expect(SIZES.L.workloads * 1.1).toBeGreaterThan(7_000);
    expect(SIZES.L.workloads * 1.3).toBeLessThan(9_000);
  });
});

describe('generateCluster', () => {
  const s1 = generateCluster('S', 1);

  it('is deterministic per seed', () => {
    expect(JSON.stringify(generateCluster('S', 1))).toBe(JSON.stringify(s1));
    expect(JSON.stringify(generateCluster('S', 2))).not.toBe(JSON.stringify(s1));
  });

  it('hits the S targets exactly', () => {
    const c = clusterCounts(s1);
    expect(c.pods).toBe(500);
    expect(c.namespaces).toBe(50);
    expect(c.policies).toBe(100);
    expect(c.nodes).toBe(SIZES.S.nodes);
    expect(c.hostNetworkPods).toBeGreaterThan(0);
    expect(c.hostNetworkPods).toBeLessThan(c.pods * 0.05);
    expect(c.labelSets).toBeGreaterThanOrEqual(c.workloads);
    expect(s1.adminNetworkPolicies.length).toBeGreaterThanOrEqual(3);
    expect(s1.baselineAdminNetworkPolicy).toBeDefined();
  });

  it('produces valid references', () => {
    checkReferences(s1);
    checkReferences(generateCluster('S', 7));
  });

  it('looks like a fleet: skewed replicas, mostly Deployments, isolated and open namespaces', () => {
    const replicas = new Map<string, number>();
    const kinds = new Map<string, string>();
    for (const p of s1.pods) {
      const k = `${p.namespace}/${p.workload.name}`;
      replicas.set(k, (replicas.get(k) ?? 0) + 1);
      kinds.set(k, p.workload.kind);
    }
    const counts = [...replicas.values()];
    expect(counts.filter((n) => n <= 3).length / counts.length).toBeGreaterThan(0.7);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(20);
    const kindList = [...kinds.values()];
    expect(kindList.filter((k) => k === 'Deployment').length / kindList.length).toBeGreaterThan(0.6);
    expect(kindList).toContain('StatefulSet');
    expect(kindList).toContain('DaemonSet');

    const withPolicies = new Set(s1.networkPolicies.map((np) => np.namespace));
    expect(withPolicies.has('kube-system')).toBe(false);
    expect(s1.namespaces.length - withPolicies.size).toBeGreaterThanOrEqual(1);
    expect(s1.networkPolicies.some((np) => np.name === 'default-deny-ingress')).toBe(true);
    const ports = s1.pods.flatMap((p) => p.ports);
    expect(ports.some((p) => p.name === 'http' && p.port === 8080)).toBe(true);
    expect(ports.some((p) => p.protocol === 'UDP')).toBe(true);
    expect(s1.namespaces.some((n) => n.labels.env === 'prod')).toBe(true);
  });

  it('fills the policy budget in rounds when there are many policies per namespace', () => {
    const params: SizeParams = { pods: 1_200, namespaces: 60, policies: 700, nodes: 12, workloads: 300, podCidr: '10.244.0.0/16', externalCidrs: 20 };
    const s = generateClusterWith(params, 3);
    const c = clusterCounts(s);
    expect([c.pods, c.namespaces, c.policies]).toEqual([1_200, 60, 700]);
    checkReferences(s);
    const names = s.networkPolicies.map((np) => np.name);
    expect(names.some((n) => n.endsWith('-ingress'))).toBe(true);
    expect(names.some((n) => n.endsWith('-egress'))).toBe(true);
    expect(names).toContain('allow-dns');
    const peers = s.networkPolicies.flatMap((np) => [...np.ingress, ...np.egress]).flatMap((r) => r.peers ?? []);
    expect(peers.some((p) => p.ipBlock)).toBe(true);
    expect(peers.some((p) => p.namespaceSelector && p.podSelector)).toBe(true);
  });

  it('rejects impossible parameters', () => {
    expect(() => generateClusterWith({ ...SIZES.S, nodes: 2 })).toThrow(/cannot hold/);
    expect(() => generateClusterWith({ ...SIZES.S, workloads: 10 })).toThrow(/one workload per namespace/);
  });
});

describe('generateEvents', () => {
  const state = generateCluster('S', 1);

  it('is deterministic per seed and leaves the state alone', () => {
    const before = JSON.stringify(state);
    const a = generateEvents(state, 1_500, 5);
    expect(JSON.stringify(state)).toBe(before);
    expect(a).toHaveLength(1_500);
    expect(JSON.stringify(generateEvents(state, 1_500, 5))).toBe(JSON.stringify(a));
    expect(JSON.stringify(generateEvents(state, 1_500, 6))).not.toBe(JSON.stringify(a));
  });

  it('is valid in sequence', () => {
    const events = generateEvents(state, 3_000, 11);
    const model = new ClusterModel(state);
    events.forEach((e, i) => {
      expect(() => model.apply(e), `event ${i}: ${e.type} ${e.kind}`).not.toThrow();
    });
    const final = model.toState();
    checkReferences(final);
    // Churn stays balanced: the cluster does not drift away from its size.
    expect(Math.abs(final.pods.length - state.pods.length)).toBeLessThan(state.pods.length * 0.1);
    expect(Math.abs(final.networkPolicies.length - state.networkPolicies.length)).toBeLessThan(25);
  });

  it('mixes every kind of change', () => {
    const events = generateLabelledEvents(state, 3_000, 2);
    const seen = new Set(events.map((e) => e.kind));
    expect([...seen].sort()).toEqual(Object.keys(EVENT_MIX).sort());
    const deletes = events.filter((e) => e.change.type === 'delete').map((e) => e.change.kind);
    expect(new Set(deletes)).toEqual(new Set(['Pod', 'NetworkPolicy']));
    const podUpserts = events.filter((e) => e.kind === 'pod-scale-up').length;
    expect(podUpserts / events.length).toBeGreaterThan(0.2);
  });

  it('catches invalid sequences (the checker is not a no-op)', () => {
    const model = new ClusterModel(state);
    expect(() => model.apply({ type: 'delete', kind: 'Pod', key: 'nowhere/nothing' })).toThrow(/no such object/);
    const pod = state.pods.find((p) => !p.hostNetwork)!;
    expect(() => model.apply({ type: 'upsert', kind: 'Pod', object: { ...pod, name: `${pod.name}-twin` } })).toThrow(/already used/);
    expect(() => model.apply({ type: 'upsert', kind: 'NetworkPolicy', object: { ...state.networkPolicies[0], namespace: 'ghost' } })).toThrow(/does not exist/);
  });
});

describe('Rng', () => {
  it('is deterministic and uniform enough', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1_000 }, () => a.next());
    expect(Array.from({ length: 1_000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    const r = new Rng(1);
    for (let i = 0; i < 200; i++) {
      const n = r.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
    }
  });
});
