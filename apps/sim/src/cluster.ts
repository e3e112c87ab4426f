/**
 * startSimCluster: one simulated Kubernetes cluster on its own port — storage, controllers, the HTTP API,
 * its scenarios' first state, a generated cluster if asked, and the scenarios' timed scripts.
 */
import { ClusterApi } from './api';
import { DeploymentController } from './controllers';
import { generateObjects, GeneratedOptions } from './generated';
import { SimServer } from './http/server';
import { Ids } from './ids';
import { Ipam } from './ipam';
import { nodeInternalIp, simNodes } from './nodes';
import { Operations, SIM_MANAGER } from './ops';
import { ResourceTable } from './resources';
import { applyOrder, loadScenario, Scenario, ScenarioError, SourcedObject } from './scenario';
import { runScript, ScriptReport, ScriptRun } from './script-runner';
import { KObj, ObjectStore } from './store';

export interface SimClusterOptions {
  name: string;
  /** Scenario names (folders under apps/sim/scenarios) or paths to scenario folders. */
  scenarios?: string[];
  generated?: GeneratedOptions;
  /** 0 (default): a free port. */
  port?: number;
  host?: string;
  /** Default 10.244.0.0/16. Each node gets a /24. */
  podCidr?: string;
  /** Simulated nodes when no generated cluster brings its own (default 3). */
  nodes?: number;
  /** Run the scenarios' timed scripts (default false: the cluster stays at the scenarios' first step). */
  script?: boolean;
  /** Divides every script delay (default 1). */
  scriptSpeed?: number;
  /** Serve AdminNetworkPolicy/BaselineAdminNetworkPolicy (default true); false: the CRDs do not exist. */
  adminPolicies?: boolean;
  /** The same uids on every start (default false: fresh uids per start, as a real cluster's would be). */
  stableUids?: boolean;
  /** Reject policies libs/k8s cannot read with 422 (default true). */
  validate?: boolean;
  /** Watch events kept for resuming watches (default 10,000); older resourceVersions get 410. */
  maxEvents?: number;
  /** BOOKMARK interval for watches that allow them (default 1,000 ms; the real server: about a minute). */
  bookmarkMs?: number;
  /** Longest watch when the client names no timeoutSeconds (default 1,800 s). */
  watchTimeoutSeconds?: number;
  /** Script progress and failures (default: nothing). */
  log?: (line: string) => void;
}

export interface SimCluster {
  readonly name: string;
  readonly url: string;
  readonly podCidr: string;
  close(): Promise<void>;
  /** Create or replace an object (StatefulSets/DaemonSets become pods). Returns what was stored. */
  apply(obj: KObj, manager?: string): KObj[];
  remove(kind: string, namespace: string | undefined, name: string): KObj;
  /** Current objects of a kind, sorted by namespace and name. */
  objects(kind: string): KObj[];
  get(kind: string, namespace: string | undefined, name: string): KObj | undefined;
  scale(namespace: string, name: string, replicas: number): KObj;
  label(kind: string, namespace: string | undefined, name: string, labels: Record<string, string | null>): KObj;
  /** The current cluster-wide resourceVersion. */
  resourceVersion(): string;
  /** Closes every open watch connection (default abruptly; see SimServer.dropWatches). Returns how many were open. */
  dropWatches(mode?: 'abrupt' | 'graceful'): number;
  /** Forgets the event history and paging snapshots: older resourceVersions and continue tokens get 410. */
  compact(): void;
  /** Resolves when every script has run (at once when none runs). */
  scriptDone(): Promise<ScriptReport[]>;
}

export async function startSimCluster(opts: SimClusterOptions): Promise<SimCluster> {
  if (!opts.name || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(opts.name)) throw new ScenarioError(`cluster name "${opts.name}" must be a lowercase DNS label`);
  const podCidr = opts.podCidr ?? '10.244.0.0/16';
  const speed = opts.scriptSpeed ?? 1;
  if (!(speed > 0)) throw new ScenarioError(`scriptSpeed must be > 0, got ${speed}`);
  const scenarios: Scenario[] = (opts.scenarios ?? []).map(loadScenario);
  const ids = new Ids(opts.name, opts.stableUids ?? false);
  const ipam = new Ipam();
  const nodeIps = new Map<string, string>();
  const store = new ObjectStore(opts.maxEvents ?? 10_000);
  const types = new ResourceTable({ adminPolicies: opts.adminPolicies ?? true });
  const api = new ClusterApi(store, types, { validate: opts.validate ?? true, ids, ipam, nodeIps });
  new DeploymentController(api, ids, ipam);
  const ops = new Operations(api, () => ipam.nodeNames(), () => ids.suffix(5));

  const generated = opts.generated ? generateObjects(opts.generated, podCidr) : [];
  const nodes = generated.length ? generated.filter((o) => o.kind === 'Node') : simNodes(opts.name, opts.nodes ?? 3, podCidr);
  for (const n of nodes) {
    ipam.addNode(n.metadata.name, n.spec.podCIDR);
    const ip = nodeInternalIp(n);
    if (ip) nodeIps.set(n.metadata.name, ip);
  }
  const base: SourcedObject[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    where: 'built-in',
  }));
  ops.load(base);
  ops.load(nodes.map((object) => ({ object, where: 'node' })));
  ops.load(applyOrder(generated.filter((o) => o.kind !== 'Node').map((object) => ({ object, where: 'generated' }))));
  if (!types.kind('AdminNetworkPolicy')) {
    for (const s of scenarios) {
      const admin = s.objects.find((o) => o.object.kind.endsWith('AdminNetworkPolicy'));
      if (admin) throw new ScenarioError(`${admin.where}: ${admin.object.kind} needs the AdminNetworkPolicy CRDs, which this cluster does not serve`);
    }
  }
  checkOverlaps(scenarios);
  for (const s of scenarios) ops.load(applyOrder(s.objects));

  const server = new SimServer(api, { bookmarkMs: opts.bookmarkMs ?? 1_000, watchTimeoutSeconds: opts.watchTimeoutSeconds ?? 1_800 });
  const url = await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  const runs: ScriptRun[] = opts.script ? scenarios.filter((s) => s.script.length).map((s) => runScript(s.name, s.script, ops, speed, opts.log ?? (() => undefined))) : [];

  return {
    name: opts.name,
    url,
    podCidr,
    close: async () => {
      for (const r of runs) r.stop();
      await server.close();
    },
    // A deep copy: the caller may go on changing its object; stored ones must never change.
    apply: (obj, manager = SIM_MANAGER) => ops.upsert(JSON.parse(JSON.stringify(obj)), manager),
    remove: (kind, namespace, name) => ops.remove(kind, namespace, name),
    objects: (kind) => store.list(api.type(kind).kind).map((e) => e.obj),
    get: (kind, namespace, name) => store.get(kind, api.type(kind).namespaced ? namespace : undefined, name),
    scale: (namespace, name, replicas) => ops.scale(namespace, name, replicas),
    label: (kind, namespace, name, labels) => ops.label(kind, namespace, name, labels),
    resourceVersion: () => String(store.currentRv()),
    dropWatches: (mode) => server.dropWatches(mode),
    compact: () => {
      store.compact();
      server.lister.expireAll();
    },
    scriptDone: () => Promise.all(runs.map((r) => r.done)),
  };
}

/** Two scenarios in one cluster may share namespaces, nothing else. */
function checkOverlaps(scenarios: Scenario[]): void {
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    for (const o of s.objects) {
      if (o.object.kind === 'Namespace') continue;
      const key = `${o.object.kind} ${o.object.metadata.namespace ?? 'default'}/${o.object.metadata.name}`;
      const prev = seen.get(key);
      if (prev && !prev.startsWith(`${s.name}/`)) throw new ScenarioError(`${o.where}: ${key} is also defined by ${prev}; scenarios in one cluster must not overlap`);
      seen.set(key, o.where);
    }
  }
}
