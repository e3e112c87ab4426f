/**
 * A fingerprint of the simulator's behaviour, to compare two versions of its sources: a deterministic
 * random workload (a fixed clock, stable uids, a seeded generated cluster) of scales, relabels, merge /
 * strategic / JSON patches, server-side applies with and without force, no-op and stale updates, pod spec
 * changes, template changes, deletions of pods, Deployments and namespaces — then a SHA-256 of every store
 * event (with the object before it), every answer or error, and every kind's final list. The same digest
 * from two source trees means the same objects, managedFields, resourceVersions, events and errors.
 *
 * Run against this tree and another one (e.g. `git worktree add /tmp/sim-head HEAD`, with node_modules
 * linked in): TSX_TSCONFIG_PATH=apps/launcher/tsconfig.run.json node_modules/.bin/tsx apps/sim/bench/digest.ts \
 *   [sources dir, default apps/sim/src] [seed, default 1] [operations, default 5000]
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { KObj } from '../src/store';

type Sources = {
  api: typeof import('../src/api');
  controllers: typeof import('../src/controllers');
  generated: typeof import('../src/generated');
  ids: typeof import('../src/ids');
  ipam: typeof import('../src/ipam');
  nodes: typeof import('../src/nodes');
  ops: typeof import('../src/ops');
  resources: typeof import('../src/resources');
  scenario: typeof import('../src/scenario');
  store: typeof import('../src/store');
};

async function load(dir: string): Promise<Sources> {
  const m = (name: string) => import(path.resolve(dir, name));
  const [api, controllers, generated, ids, ipam, nodes, ops, resources, scenario, store] = await Promise.all(
    ['api', 'controllers', 'generated', 'ids', 'ipam', 'nodes', 'ops', 'resources', 'scenario', 'store'].map(m),
  );
  return { api, controllers, generated, ids, ipam, nodes, ops, resources, scenario, store };
}

const MANAGERS = ['kubectl', 'kubectl-client-side-apply', 'alice', 'bob', 'helm'];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

async function main(): Promise<void> {
  const [dir = path.join(__dirname, '../src'), seedText = '1', opsText = '5000'] = process.argv.slice(2);
  const src = await load(dir);
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const ids = new src.ids.Ids('digest', true);
  const ipam = new src.ipam.Ipam();
  const nodeIps = new Map<string, string>();
  const store = new src.store.ObjectStore(1_000_000);
  const types = new src.resources.ResourceTable({ adminPolicies: true });
  const api = new src.api.ClusterApi(store, types, { validate: true, ids, ipam, nodeIps, now: () => new Date(clock) });
  new src.controllers.DeploymentController(api, ids, ipam);
  const ops = new src.ops.Operations(api, () => ipam.nodeNames(), () => ids.suffix(5));
  const hash = createHash('sha256');
  const record = (line: string) => hash.update(`${line}\n`);
  store.subscribe((e) => record(`EVENT ${e.rv} ${e.type} ${e.kind} ${JSON.stringify(e.obj)} BEFORE ${JSON.stringify(e.prev)}`));

  const generated = src.generated.generateObjects({ pods: 3000, namespaces: 60, policies: 300, seed: Number(seedText) }, '10.0.0.0/14');
  const nodes = generated.filter((o) => o.kind === 'Node');
  for (const n of nodes) {
    ipam.addNode(n.metadata.name, n.spec.podCIDR);
    const ip = src.nodes.nodeInternalIp(n);
    if (ip) nodeIps.set(n.metadata.name, ip);
  }
  ops.load(['default', 'kube-system'].map((name) => ({ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, where: 'built-in' })));
  ops.load(nodes.map((object) => ({ object, where: 'node' })));
  ops.load(src.scenario.applyOrder(generated.filter((o) => o.kind !== 'Node').map((object) => ({ object, where: 'generated' }))));

  let rng = Number(seedText) * 7919 + 1;
  const random = () => {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    return rng / 0x100000000;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const benchNs = () => `bench-${Math.floor(random() * 6)}`;
  const rt = (kind: string) => api.type(kind);
  const pods = () => store.list('Pod').map((e) => e.obj);
  const deployment = (ns: string, replicas: number, image: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'churn', namespace: ns },
    spec: { replicas, selector: { matchLabels: { app: 'churn' } }, template: { metadata: { labels: { app: 'churn' } }, spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 8443, protocol: 'TCP' }] }] } } },
  });
  const policy = (ns: string, name: string, port: number, labels?: Record<string, string>): KObj => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
    spec: { podSelector: { matchLabels: { app: pick(['a', 'b', 'churn']) } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { purpose: 'bench' } } }], ports: [{ port, protocol: 'TCP' }] }] },
  });
  for (let i = 0; i < 6; i++) {
    ops.upsert(clone({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `bench-${i}`, labels: { purpose: 'bench' } } }));
    ops.upsert(clone(deployment(`bench-${i}`, 2, 'bench:1')));
  }

  // Each step: [weight, name, action]; the answer (or the error) is part of the digest.
  const steps: [number, string, (i: number) => unknown][] = [
    [30, 'scale', () => ops.scale(benchNs(), 'churn', Math.floor(random() * 5))],
    [20, 'relabel', (i) => {
      const p = pick(pods());
      const labels: Record<string, string | null> = { 'bench-rev': String(i % 7) };
      if (random() < 0.2) labels[pick(Object.keys(p.metadata.labels ?? { x: 1 }))] = null;
      return api.patch(rt('Pod'), p.metadata.namespace, p.metadata.name, 'application/merge-patch+json', { metadata: { labels } }, { manager: pick(MANAGERS) });
    }],
    [8, 'server-side apply', () => {
      const ns = benchNs();
      const name = `np-${Math.floor(random() * 8)}`;
      const body = policy(ns, name, 8000 + Math.floor(random() * 5), random() < 0.5 ? { team: pick(['x', 'y']) } : undefined);
      if (random() < 0.3) delete body.spec.ingress;
      return api.patch(rt('NetworkPolicy'), ns, name, 'application/apply-patch+yaml', body, { manager: pick(MANAGERS), force: random() < 0.5 });
    }],
    [6, 'upsert policy', () => ops.upsert(clone(policy(benchNs(), `np-${Math.floor(random() * 8)}`, 9000 + Math.floor(random() * 5))), pick(MANAGERS))],
    [4, 'remove policy', () => ops.remove('NetworkPolicy', benchNs(), `np-${Math.floor(random() * 8)}`)],
    [5, 'strategic patch', (i) =>
      api.patch(rt('Deployment'), benchNs(), 'churn', 'application/strategic-merge-patch+json', { metadata: { annotations: { 'a b': String(i), a: 'x' } }, spec: { template: { spec: { containers: [{ name: 'main', image: `bench:${i % 3}` }] } } } }, { manager: pick(MANAGERS) })],
    [4, 'json patch', (i) => {
      const p = pick(pods());
      return api.patch(rt('Pod'), p.metadata.namespace, p.metadata.name, 'application/json-patch+json', [{ op: 'add', path: '/metadata/annotations', value: { note: String(i) } }], { manager: pick(MANAGERS) });
    }],
    [3, 'pod spec', (i) => {
      const p = pick(pods());
      const spec = clone(p.spec);
      if (spec.containers?.[0]) spec.containers[0].image = `img:${i}`;
      if (random() < 0.3) spec.restartPolicy = 'Never';
      return api.update(rt('Pod'), p.metadata.namespace, p.metadata.name, { ...clone(p), spec }, { manager: pick(MANAGERS) });
    }],
    [3, 'no-op update', () => {
      const p = pick(pods());
      return api.update(rt('Pod'), p.metadata.namespace, p.metadata.name, clone(p), { manager: pick(MANAGERS) });
    }],
    [3, 'delete pod', () => {
      const p = pick(pods());
      return api.delete(rt('Pod'), p.metadata.namespace, p.metadata.name, { manager: 'x' });
    }],
    [3, 'template', (i) => {
      const ns = benchNs();
      const d = api.find(rt('Deployment'), ns, 'churn');
      return d && api.update(rt('Deployment'), ns, 'churn', { ...clone(d), spec: { ...clone(d.spec), template: { ...clone(d.spec.template), metadata: { labels: { app: 'churn', v: String(i % 3) } } } } }, { manager: pick(MANAGERS) });
    }],
    [2, 'service', (i) => {
      const ns = `svc-${Math.floor(random() * 3)}`;
      ops.upsert(clone({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
      return ops.upsert(clone({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: ns }, spec: { selector: { app: 'a' }, ports: [{ port: 80 + (i % 3) }] } }), pick(MANAGERS));
    }],
    [2, 'delete namespace', () => api.delete(rt('Namespace'), undefined, `svc-${Math.floor(random() * 3)}`, { manager: 'x' })],
    [2, 'delete deployment', () => {
      const ns = benchNs();
      const gone = api.delete(rt('Deployment'), ns, 'churn', { manager: 'x' });
      ops.upsert(clone(deployment(ns, 1, 'bench:1')));
      return gone;
    }],
    [2, 'stale update', () => {
      const p = pick(pods());
      return api.update(rt('Pod'), p.metadata.namespace, p.metadata.name, { ...clone(p), metadata: { ...clone(p.metadata), resourceVersion: '1', labels: { z: 'z' } } }, { manager: 'x' });
    }],
    [3, 'apply deployment', () => {
      const body = { ...deployment('', Math.floor(random() * 4), 'bench:2'), metadata: { name: 'churn', labels: { owner: pick(MANAGERS) } } };
      return api.patch(rt('Deployment'), benchNs(), 'churn', 'application/apply-patch+yaml', body, { manager: pick(MANAGERS), force: random() < 0.5 });
    }],
  ];
  const totalWeight = steps.reduce((s, [w]) => s + w, 0);
  for (let i = 0; i < Number(opsText); i++) {
    if (random() < 0.3) clock += 1000; // several changes within one second, as at a thousand a second
    let r = random() * totalWeight;
    const [, name, action] = steps.find(([w]) => (r -= w) < 0) ?? steps[0];
    try {
      record(`OK ${i} ${name} ${JSON.stringify(action(i))}`);
    } catch (e) {
      record(`ERROR ${i} ${name} ${(e as Error).constructor.name} ${(e as Error).message}`);
    }
  }
  for (const t of types.types) record(`FINAL ${t.kind} ${JSON.stringify(store.list(t.kind).map((e) => e.obj))}`);
  console.log(`DIGEST ${JSON.stringify({ sources: dir, seed: Number(seedText), operations: Number(opsText), resourceVersion: store.currentRv(), sha256: hash.digest('hex') })}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
