/**
 * Loads every input of the conformance corpus (vendored under apps/cli/test/conformance/corpus, or
 * REACHWATCH_CONFORMANCE_DIR; see its README.txt 1.3):
 * no exception, no error diagnostic, exactly the warnings listed below, object counts equal to the
 * collector's feature scan (meta.json), and every workload that an expected output names is in the state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '@reachwatch/policy-engine';
import { Codes, loadManifests, type LoadResult } from '../src';

const CORPUS = path.resolve(process.env.REACHWATCH_CONFORMANCE_DIR ?? path.join(__dirname, '../../../apps/cli/test/conformance/corpus'));
const NPA = path.join(CORPUS, 'netpol-analyzer');
const present = fs.existsSync(NPA);

/**
 * Every warning the corpus produces, per case (code → count). All of them are inputs that Kubernetes
 * itself would reject or alter, which the loader reads the way netpol-analyzer does.
 */
const EXPECTED_WARNINGS: Record<string, Record<string, number>> = {
  // networks: ["ff06::/3"] has host bits set; v1alpha1 reads CIDRs with net.ParseCIDR, which masks them.
  anp_and_banp_using_networks_with_ipv6_test: { CIDR_HOST_BITS: 1 },
  anp_banp_test_multiple_warnings: { CIDR_HOST_BITS: 1 },
  // `pods:` peers/subjects without the (required) namespaceSelector; ownerReferences without kind.
  example_pods_w_same_owner_and_labels_gap_anp_good: { REQUIRED_FIELD_DEFAULTED: 3, OWNER_REFERENCE_INVALID: 2 },
  example_pods_w_same_owner_and_labels_gap_banp_good: { REQUIRED_FIELD_DEFAULTED: 2, OWNER_REFERENCE_INVALID: 2 },
  example_pods_w_same_owner_and_labels_gap_no_policy: { OWNER_REFERENCE_INVALID: 2 },
  example_pods_w_same_owner_and_labels_gap_with_good_match_expression: { OWNER_REFERENCE_INVALID: 2 },
  example_pods_w_same_owner_and_labels_gap_with_good_match_expression2: { OWNER_REFERENCE_INVALID: 2 },
  example_pods_w_same_owner_and_labels_gap_with_policy_selector_not_in_gap: { OWNER_REFERENCE_INVALID: 2 },
  exposure_test_with_anp_16: { REQUIRED_FIELD_DEFAULTED: 2 },
  // A container port spelled `containerport:` (no containerPort): the port is dropped.
  netpol_named_port_test: { CONTAINER_PORT_DROPPED: 1 },
  netpol_named_port_test_2: { CONTAINER_PORT_DROPPED: 1 },
};

/**
 * Cases whose inputs are invalid Kubernetes in a way that must be an error: none. (If one appears, list
 * it here with the reason.)
 */
const EXPECTED_ERRORS: Record<string, string> = {};

/** The collector's feature scan did not read `.yml` files: bank_pod_list_yaml_version.yml adds 3 pods. */
const POD_COUNT_ADJUST: Record<string, number> = {
  multiple_topology_resources_1: 3,
  multiple_topology_resources_2: 3,
  multiple_topology_resources_3: 3,
  multiple_topology_resources_4: 3,
};

interface Meta {
  features?: Record<string, number>;
  expected: Record<string, { file: string; parsed?: string }>;
}

const cases = present
  ? fs
      .readdirSync(NPA)
      .filter((c) => fs.existsSync(path.join(NPA, c, 'input')))
      .sort()
  : [];

function counts(r: LoadResult, severity: 'error' | 'warning'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of r.diagnostics) if (d.severity === severity) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
}

const isRepresentative = (p: ClusterState['pods'][number]) => p.workload.kind !== 'Pod' && p.workload.name === p.name && !p.ips.length;

/** `ns/name[Kind]` of every workload an expected output names (parsed connlists, or explain texts). */
function expectedWorkloads(dir: string, meta: Meta): Set<string> {
  const out = new Set<string>();
  for (const e of Object.values(meta.expected)) {
    if (e.parsed) {
      const j = JSON.parse(fs.readFileSync(path.join(dir, e.parsed), 'utf8')) as {
        connections: { src: Record<string, string>; dst: Record<string, string> }[];
      };
      for (const c of j.connections) {
        for (const p of [c.src, c.dst]) if (p.type === 'workload') out.add(`${p.namespace}/${p.name}[${p.kind}]`);
      }
    } else {
      const text = fs.readFileSync(path.join(dir, e.file), 'utf8');
      for (const line of text.split('\n').filter((l) => l.startsWith('Connections between '))) {
        for (const m of line.matchAll(/([\w.-]+)\/([\w.-]+)\[(\w+)\]/g)) out.add(m[0]);
      }
    }
  }
  return out;
}

describe('netpol-analyzer corpus', () => {
  if (!present) {
    it('finds the conformance corpus', () => expect.fail(`the conformance corpus is not at ${NPA}`));
    return;
  }

  it('has its cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(170);
  });

  it.each(cases.map((c) => [c]))('%s loads: no errors, expected warnings, plausible counts', (c) => {
    const dir = path.join(NPA, c);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Meta;
    // netpol-analyzer keeps Succeeded/Failed pods (minikube_resources has two finished Job pods).
    const r = loadManifests([path.join(dir, 'input')], { includeTerminatedPods: true });
    const errs = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    if (EXPECTED_ERRORS[c]) expect(errs.length).toBeGreaterThan(0);
    else expect(errs).toEqual([]);
    expect(counts(r, 'warning')).toEqual(EXPECTED_WARNINGS[c] ?? {});

    const s = r.state;
    const f = meta.features ?? {};
    expect({ np: s.networkPolicies.length, anp: s.adminNetworkPolicies.length, banp: s.baselineAdminNetworkPolicy ? 1 : 0 }).toEqual({
      np: f.np ?? 0,
      anp: f.anp ?? 0,
      banp: f.banp ?? 0,
    });
    for (const [key, n] of Object.entries(f)) {
      if (!key.startsWith('workload_')) continue;
      const kind = key.slice('workload_'.length);
      if (kind === 'Pod') expect(s.pods.filter((p) => !isRepresentative(p)).length).toBe(n + (POD_COUNT_ADJUST[c] ?? 0));
      else expect(s.pods.filter((p) => isRepresentative(p) && p.workload.kind === kind).length, key).toBe(n);
    }

    const have = new Set(s.pods.map((p) => `${p.namespace}/${p.workload.name}[${p.workload.kind}]`));
    const missing = [...expectedWorkloads(dir, meta)].filter((w) => !have.has(w));
    expect(missing).toEqual([]);
    // Every namespace an object lives in exists, with its name label.
    for (const p of s.pods) {
      expect(s.namespaces.find((n) => n.name === p.namespace)?.labels['kubernetes.io/metadata.name']).toBe(p.namespace);
    }
  });

  it('anp_demo: 4 StatefulSets, 4 ANPs, 2 NetworkPolicies, the BANP', () => {
    const s = loadManifests([path.join(NPA, 'anp_demo/input')]).state;
    expect(s.pods.map((p) => `${p.namespace}/${p.workload.name}[${p.workload.kind}]`)).toEqual([
      'gryffindor/harry-potter[StatefulSet]',
      'hufflepuff/cedric-diggory[StatefulSet]',
      'ravenclaw/luna-lovegood[StatefulSet]',
      'slytherin/draco-malfoy[StatefulSet]',
    ]);
    expect(s.adminNetworkPolicies.map((a) => a.name)).toHaveLength(4);
    expect(s.networkPolicies).toHaveLength(2);
    expect(s.baselineAdminNetworkPolicy?.name).toBe('default');
    const gryffindor = s.adminNetworkPolicies.find((a) => a.name === 'gress-rules-gryffindor')!;
    expect(gryffindor.priority).toBe(15);
    expect(gryffindor.egress[0]).toEqual({
      name: 'deny-to-slytherin-at-ports-80-53-9003',
      action: 'Deny',
      peers: [{ pods: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'slytherin' } }, podSelector: {} } }],
      ports: [
        { portNumber: { protocol: 'TCP', port: 80 } },
        { portNumber: { protocol: 'UDP', port: 53 } },
        { portNumber: { protocol: 'SCTP', port: 9003 } },
      ],
    });
  });

  it('onlineboutique: live PodList pods are reported under their ReplicaSets, with their IPs', () => {
    const s = loadManifests([path.join(NPA, 'onlineboutique/input')]).state;
    const ad = s.pods.find((p) => p.name === 'adservice-77d5cd745d-t8mx4')!;
    expect(ad).toMatchObject({ namespace: 'default', workload: { kind: 'ReplicaSet', name: 'adservice-77d5cd745d' }, nodeName: 'minikube' });
    expect(ad.ips).toEqual(['10.244.120.79']);
    expect(s.networkPolicies).toHaveLength(11);
  });

  it('minikube_resources: static pods stand alone, hostNetwork is read, finished Job pods are left out by default', () => {
    const r = loadManifests([path.join(NPA, 'minikube_resources/input')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual([Codes.POD_TERMINATED, Codes.POD_TERMINATED]);
    const s = r.state;
    expect(s.pods.find((p) => p.name === 'etcd-minikube')?.workload).toEqual({ kind: 'Pod', name: 'etcd-minikube' });
    expect(s.pods.filter((p) => p.hostNetwork)).toHaveLength(7);
    expect(s.pods.some((p) => p.workload.kind === 'Job')).toBe(false);
    const kept = loadManifests([path.join(NPA, 'minikube_resources/input')], { includeTerminatedPods: true }).state;
    expect(kept.pods.filter((p) => p.workload.kind === 'Job').map((p) => p.workload.name)).toEqual([
      'ingress-nginx-admission-create',
      'ingress-nginx-admission-patch',
    ]);
  });

  it('netpol_named_port_test_2: named ports of the target Deployment', () => {
    const s = loadManifests([path.join(NPA, 'netpol_named_port_test_2/input')]).state;
    expect(s.pods.find((p) => p.name === 'new-pod')?.ports).toEqual([
      { name: 'sctp-port', port: 8956, protocol: 'SCTP' },
      { name: 'newport', port: 9090, protocol: 'SCTP' },
      { port: 8050, protocol: 'TCP' },
      { port: 8090, protocol: 'TCP' },
    ]);
    expect(s.networkPolicies[0].ingress[0].ports).toEqual([
      { protocol: 'UDP', port: 'newport' },
      { protocol: 'SCTP', port: 'sctp-port' },
      { protocol: 'SCTP', port: 'newport' },
      { protocol: 'SCTP', port: 'not-found' },
    ]);
  });
});

describe('network-policy-api conformance base manifests', () => {
  const base = path.join(CORPUS, 'network-policy-api/conformance/base');
  if (!fs.existsSync(base)) {
    it('finds the conformance corpus', () => expect.fail(`the conformance corpus is not at ${base}`));
    return;
  }

  it('loads all of it: 5 namespaces, 5 StatefulSets (centaur on the host network), every ANP, one BANP', () => {
    const r = loadManifests([base]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Each BANP test file defines its own `default`: every one after the first replaces the previous.
    const rawDocs = r.files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS() as { kind?: string; metadata?: { name: string } }));
    const anpNames = new Set(rawDocs.filter((d) => d?.kind === 'AdminNetworkPolicy').map((d) => d.metadata!.name));
    const banps = rawDocs.filter((d) => d?.kind === 'BaselineAdminNetworkPolicy').length;
    expect(r.diagnostics.map((d) => d.code)).toEqual(Array(banps - 1).fill(Codes.DUPLICATE_OBJECT));
    const s = r.state;
    expect(s.namespaces.map((n) => n.labels['conformance-house'])).toEqual(['forbidden-forrest', 'gryffindor', 'hufflepuff', 'ravenclaw', 'slytherin']);
    expect(s.pods.map((p) => [p.workload.kind, p.name, p.hostNetwork])).toEqual([
      ['StatefulSet', 'centaur', true],
      ['StatefulSet', 'harry-potter', false],
      ['StatefulSet', 'cedric-diggory', false],
      ['StatefulSet', 'luna-lovegood', false],
      ['StatefulSet', 'draco-malfoy', false],
    ]);
    expect(s.pods[1].ports).toEqual([
      { name: 'web', port: 80, protocol: 'TCP' },
      { name: 'dns', port: 53, protocol: 'UDP' },
    ]);
    expect(new Set(s.adminNetworkPolicies.map((a) => a.name))).toEqual(anpNames);
    expect(s.baselineAdminNetworkPolicy?.name).toBe('default');
  });
});

describe('policy-assistant walkthrough (old v1alpha1 peer shape)', () => {
  const dir = path.join(CORPUS, 'policy-assistant-walkthrough');
  if (!fs.existsSync(dir)) {
    it('finds the conformance corpus', () => expect.fail(`the conformance corpus is not at ${dir}`));
    return;
  }

  it('translates namespaces: {namespaceSelector} peers', () => {
    const r = loadManifests([path.join(dir, 'policies'), path.join(dir, 'demo-deployment-a.yaml'), path.join(dir, 'demo-pod-b.yaml')]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(Array(3).fill(Codes.ANP_OLD_PEER_SHAPE));
    const s = r.state;
    expect(s.adminNetworkPolicies.map((a) => [a.name, a.ingress[0].peers])).toEqual([
      ['anp1', [{ namespaces: {} }]],
      ['anp2', [{ namespaces: { matchLabels: { development: 'true' } } }]],
    ]);
    expect(s.baselineAdminNetworkPolicy?.ingress[0].peers).toEqual([{ namespaces: {} }]);
    expect(s.pods.map((p) => `${p.namespace}/${p.name}[${p.workload.kind}]`)).toEqual(['demo/a[Deployment]', 'demo/b[Pod]']);
  });
});
