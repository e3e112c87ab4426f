/**
 * End to end against apps/sim, the Kubernetes API simulator (real list/watch protocol, paging, bookmarks,
 * 410s, a Deployment controller), through a kubeconfig file exactly as `npm start` writes it, into a real
 * HTTP ingest endpoint. What the ingest side rebuilds must equal what the simulator holds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimCluster, writeKubeconfig, type SimCluster } from '@reachwatch/sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from '../src';
import { IngestRecorder } from './support/ingest-recorder';
import { FAST, memoryLogger, waitFor } from './support/helpers';

const KINDS = ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'] as const;

let sim: SimCluster;
let ingest: IngestRecorder;
let agent: Agent | undefined;
let dir: string;
const log = memoryLogger();

async function setUp(adminPolicies: boolean): Promise<void> {
  sim = await startSimCluster({ name: 'demo-east', scenarios: ['tiers'], adminPolicies, bookmarkMs: 50 });
  ingest = new IngestRecorder();
  await ingest.start();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-sim-'));
  writeKubeconfig(path.join(dir, 'kubeconfig'), [{ name: 'demo-east', url: sim.url }]);
  agent = startAgent({
    cluster: 'demo-east',
    kubeConfig: { path: path.join(dir, 'kubeconfig'), context: 'demo-east' },
    ingestUrl: ingest.url,
    token: 'demo-token',
    logger: log,
    pageSize: 5,
    maxBatchEvents: 50,
    ...FAST,
  });
}

beforeEach(() => {
  log.lines.length = 0;
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await Promise.all([sim.close(), ingest.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const idle = () =>
  waitFor('agent synced and idle', () => agent?.status().synced === true && agent.status().ingest.queued === 0 && agent.status().ingest.inFlight === 0);

/** ns/name@resourceVersion of every object of a kind, on each side. */
function expectSameState(kinds: readonly string[] = KINDS): void {
  for (const kind of kinds) {
    const id = (ns: string | undefined, name: string, rv: string | undefined) => `${ns ? `${ns}/` : ''}${name}@${rv}`;
    const truth = sim.objects(kind).map((o) => id(o.metadata.namespace, o.metadata.name, o.metadata.resourceVersion)).sort();
    const got = [...ingest.state.values()].filter((o) => o.kind === kind).map((o) => id(o.metadata.namespace, o.metadata.name, o.metadata.resourceVersion)).sort();
    expect(got, kind).toEqual(truth);
  }
}

const policy = (name: string, ns: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});

describe('agent ↔ apps/sim', () => {
  it('initial sync: every kind, including the AdminNetworkPolicy CRDs the simulator serves', async () => {
    await setUp(true);
    await idle();
    expectSameState();
    expect(sim.objects('Pod').length).toBeGreaterThan(0);
    expect(agent?.status().absentKinds).toEqual([]);
    for (const k of agent?.status().kinds ?? []) expect(k.invalid, k.kind).toBe(0);
    expect(log.text()).toContain('is plain HTTP (no TLS)');
  });

  it('add, modify, delete arrive in order and the rebuilt state matches', async () => {
    await setUp(true);
    await idle();
    const ns = sim.objects('Namespace').find((n) => !['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(n.metadata.name))?.metadata.name as string;
    const before = ingest.applied.length;
    sim.apply(policy('agent-e2e', ns));
    sim.apply({ ...policy('agent-e2e', ns), spec: { podSelector: { matchLabels: { x: 'y' } }, policyTypes: ['Ingress'] } });
    sim.label('Namespace', undefined, ns, { 'agent-e2e': 'yes' });
    sim.remove('NetworkPolicy', ns, 'agent-e2e');
    await waitFor('the four changes', () => ingest.applied.slice(before).filter((e) => e.object.metadata.name === 'agent-e2e' || e.object.metadata.name === ns).length >= 4);
    await idle();
    const np = ingest.applied.slice(before).filter((e) => e.object.kind === 'NetworkPolicy' && e.object.metadata.name === 'agent-e2e');
    expect(np.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(np[1].manager).toBeTruthy();
    expectSameState();
  });

  it('a dropped watch is resumed from its resourceVersion (no relist), a 410 is relisted with SYNC_END', async () => {
    await setUp(true);
    await idle();
    const pods = () => agent?.status().kinds.find((k) => k.kind === 'Pod');
    expect(sim.dropWatches()).toBeGreaterThan(0);
    const victim = sim.objects('Pod')[0];
    sim.remove('Pod', victim.metadata.namespace, victim.metadata.name);
    await waitFor('deletion after the drop', () => ingest.applied.some((e) => e.type === 'DELETED' && e.object.metadata.uid === victim.metadata.uid));
    expect(pods()?.lists).toBe(1);
    expect(log.text()).toContain('watch of Pods dropped');

    // Now the history goes while the watches are down: the resume gets 410, the relist's SYNC_END prunes.
    const epochsBefore = ingest.syncEnds.filter((e) => e.kind === 'NetworkPolicy').length;
    const ns = victim.metadata.namespace as string;
    sim.apply(policy('doomed', ns));
    await waitFor('the policy to be seen', () => ingest.names('NetworkPolicy').includes(`${ns}/doomed`));
    const np = sim.get('NetworkPolicy', ns, 'doomed') as (typeof victim);
    sim.dropWatches();
    sim.remove('NetworkPolicy', np.metadata.namespace, np.metadata.name);
    sim.compact();
    await waitFor('NetworkPolicy relist', () => ingest.syncEnds.filter((e) => e.kind === 'NetworkPolicy').length > epochsBefore);
    await idle();
    expect(log.text()).toMatch(/watch of NetworkPolicies: resourceVersion \S+ is too old \(410 Gone\); relisting/);
    expect(ingest.names('NetworkPolicy')).not.toContain(`${np.metadata.namespace}/${np.metadata.name}`);
    expectSameState();
  });

  it('without the CRDs: only the core kinds are watched and the AdminNetworkPolicy kinds are reported empty', async () => {
    await setUp(false);
    await idle();
    expect(agent?.status().absentKinds).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
    expect(agent?.status().kinds.map((k) => k.kind)).toEqual(['Namespace', 'Node', 'NetworkPolicy', 'Service', 'Pod']);
    expect(ingest.syncEnds.filter((e) => e.kind.endsWith('AdminNetworkPolicy')).map((e) => e.kind).sort()).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
    expectSameState(['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy']);
  });

  it('delivers everything in order while ingest fails (500, reset, 503) during live changes', async () => {
    await setUp(true);
    await idle();
    ingest.failNext(500, 'reset', 503);
    const ns = sim.objects('Namespace')[0].metadata.name;
    for (let i = 0; i < 20; i++) sim.apply(policy(`burst-${i}`, ns));
    for (let i = 0; i < 20; i += 2) sim.remove('NetworkPolicy', ns, `burst-${i}`);
    await waitFor('burst delivered', () => ingest.applied.filter((e) => e.object.metadata.name.startsWith('burst-')).length === 30);
    await idle();
    const burst = ingest.applied.filter((e) => e.object.metadata.name.startsWith('burst-')).map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(burst).toEqual([
      ...Array.from({ length: 20 }, (_, i) => `ADDED burst-${i}`),
      ...Array.from({ length: 10 }, (_, i) => `DELETED burst-${i * 2}`),
    ]);
    expectSameState();
  });
});
