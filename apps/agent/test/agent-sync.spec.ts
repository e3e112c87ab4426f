/**
 * The agent against a real HTTP Kubernetes API (test/support/fake-apiserver) and a real HTTP ingest
 * endpoint (test/support/ingest-recorder): sync, live changes, dropped watches, 410 relists, CRD discovery.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAgent, type Agent } from '../src';
import { FakeApiServer } from './support/fake-apiserver';
import { IngestRecorder } from './support/ingest-recorder';
import { FAST, kubeConfigFor, memoryLogger, waitFor } from './support/helpers';

let api: FakeApiServer;
let ingest: IngestRecorder;
let agent: Agent | undefined;
const log = memoryLogger();

beforeEach(async () => {
  api = new FakeApiServer();
  ingest = new IngestRecorder();
  await Promise.all([api.start(), ingest.start()]);
  log.lines.length = 0;
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await Promise.all([api.close(), ingest.close()]);
});

function seedCluster(): void {
  api.add('Namespace', 'shop', { labels: { team: 'a' } });
  api.add('Namespace', 'db');
  api.add('Node', 'n1', { status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }], conditions: [{ type: 'Ready' }] } });
  for (let i = 0; i < 7; i++) api.add('Pod', `web-${i}`, { namespace: 'shop', labels: { app: 'web' }, status: { phase: 'Running', podIP: `10.0.0.${i}` } });
  api.add('Service', 'web', { namespace: 'shop', spec: { selector: { app: 'web' } } });
  api.add('NetworkPolicy', 'deny-all', { namespace: 'shop', spec: { podSelector: {}, policyTypes: ['Ingress'] } });
}

const run = (extra: Partial<Parameters<typeof startAgent>[0]> = {}) =>
  (agent = startAgent({ cluster: 'east', kubeConfig: kubeConfigFor(api.url), ingestUrl: ingest.url, token: 'agent-token', agentId: 'test-agent', logger: log, pageSize: 3, ...FAST, ...extra }));

const synced = () => waitFor('initial sync', () => agent?.status().synced === true && agent.status().ingest.queued === 0 && agent.status().ingest.inFlight === 0);
const idle = () => waitFor('queue drained', () => agent?.status().ingest.queued === 0 && agent.status().ingest.inFlight === 0);

/** The recorder's rebuilt state equals the API server's objects, kind by kind. */
function expectStateMatches(): void {
  for (const kind of ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy'] as const) {
    const truth = api.list(kind).map((o) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name as string}@${o.metadata.resourceVersion as string}`);
    const got = [...ingest.state.values()].filter((o) => o.kind === kind).map((o) => `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}@${o.metadata.resourceVersion}`);
    expect(got.sort(), kind).toEqual(truth.sort());
  }
}

describe('agent: initial sync', () => {
  it('lists every kind in pages, sends objects with one syncEpoch per kind then SYNC_END, to the right URL with the token', async () => {
    seedCluster();
    run();
    await synced();
    expectStateMatches();
    expect(new Set(ingest.received.map((r) => r.path))).toEqual(new Set(['/api/v1/ingest/east']));
    expect(new Set(ingest.received.map((r) => r.authorization))).toEqual(new Set(['Bearer agent-token']));
    expect(new Set(ingest.received.map((r) => r.batch.agentId))).toEqual(new Set(['test-agent']));

    const events = ingest.allSent();
    for (const kind of ['Namespace', 'Node', 'Pod', 'Service', 'NetworkPolicy'] as const) {
      const mine = events.filter((e) => (e.type === 'SYNC_END' ? e.kind : e.object.kind) === kind);
      const end = mine[mine.length - 1];
      expect(end.type, `${kind} ends with SYNC_END`).toBe('SYNC_END');
      const objects = mine.slice(0, -1);
      expect(objects.every((e) => e.type === 'ADDED' && e.syncEpoch === (end as { syncEpoch: string }).syncEpoch)).toBe(true);
      expect(objects).toHaveLength(api.list(kind).length);
    }
    // Pods (7) were listed in pages of 3: three list requests, all without a resourceVersion (a fresh read).
    const podLists = api.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch !== 'true');
    expect(podLists.map((r) => r.query.continue ?? '')).toEqual(['', '3', '6']);
    // Normalised on the way: kind/apiVersion filled in from the list, managedFields replaced by the manager.
    const pod = events.find((e) => e.type === 'ADDED' && e.object.kind === 'Pod');
    expect(pod).toMatchObject({ manager: 'test-writer', object: { apiVersion: 'v1', kind: 'Pod' } });
    expect(JSON.stringify(pod)).not.toContain('managedFields');
    const node = events.find((e) => e.type === 'ADDED' && e.object.kind === 'Node');
    expect(node && 'object' in node && node.object.status).toEqual({ addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] });
  });

  it('without the AdminNetworkPolicy CRDs: never lists them, reports them absent with an empty SYNC_END each', async () => {
    seedCluster();
    run();
    await synced();
    expect(api.requests.some((r) => r.path.includes('adminnetworkpolicies'))).toBe(false);
    expect(agent?.status().absentKinds).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
    const anpEnds = ingest.syncEnds.filter((e) => e.kind.endsWith('AdminNetworkPolicy')).map((e) => e.kind).sort();
    expect(anpEnds).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
    expect(agent?.status().kinds.map((k) => k.kind)).toEqual(['Namespace', 'Node', 'NetworkPolicy', 'Service', 'Pod']);
  });

  it('with the CRDs: watches AdminNetworkPolicies and BaselineAdminNetworkPolicies too', async () => {
    api.crds = true;
    api.add('AdminNetworkPolicy', 'deny-db', { spec: { priority: 10, subject: { namespaces: {} } } });
    api.add('BaselineAdminNetworkPolicy', 'default', { spec: { subject: { namespaces: {} } } });
    run();
    await synced();
    expect(ingest.names('AdminNetworkPolicy')).toEqual(['deny-db']);
    expect(ingest.names('BaselineAdminNetworkPolicy')).toEqual(['default']);
    api.modify('AdminNetworkPolicy', 'deny-db', (o) => ((o.spec as { priority: number }).priority = 20));
    await waitFor('ANP change', () => ingest.applied.some((e) => e.type === 'MODIFIED' && e.object.kind === 'AdminNetworkPolicy'));
    expect(agent?.status().absentKinds).toEqual([]);
  });

  it('when the CRDs are removed: reports the kind empty (the server prunes it) and stops watching it', async () => {
    api.crds = true;
    api.add('AdminNetworkPolicy', 'deny-db', { spec: { priority: 10 } });
    run();
    await synced();
    expect(ingest.names('AdminNetworkPolicy')).toEqual(['deny-db']);
    api.crds = false;
    api.dropWatches();
    await waitFor('ANP watcher gone', () => !agent?.status().kinds.some((k) => k.kind === 'AdminNetworkPolicy'));
    await idle();
    expect(ingest.names('AdminNetworkPolicy')).toEqual([]);
    expect(log.text()).toContain('the AdminNetworkPolicy API is gone (404: its CRD was removed)');
    expect(agent?.status().absentKinds).toEqual(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);
  });

  it('picks up CRDs installed after start on the next discovery', async () => {
    run({ discoveryIntervalMs: 20 });
    await synced();
    api.crds = true;
    api.add('AdminNetworkPolicy', 'late', { spec: { priority: 1 } });
    await waitFor('late ANP', () => ingest.names('AdminNetworkPolicy').includes('late'));
  });
});

describe('agent: live changes', () => {
  it('forwards add, modify and delete in the order the API server produced them', async () => {
    seedCluster();
    run();
    await synced();
    const before = ingest.applied.length;
    api.add('Pod', 'api-0', { namespace: 'shop', labels: { app: 'api' } });
    api.modify('Pod', 'api-0', (o) => (o.metadata.labels = { app: 'api', v: '2' }), 'shop');
    api.modify('Namespace', 'db', (o) => (o.metadata.labels = { pci: 'cde' }));
    api.remove('Pod', 'web-3', 'shop');
    api.remove('Pod', 'api-0', 'shop');
    await waitFor('five changes', () => ingest.applied.length === before + 5);
    const pods = ingest.applied.slice(before).filter((e) => e.object.kind === 'Pod').map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(pods).toEqual(['ADDED api-0', 'MODIFIED api-0', 'DELETED web-3', 'DELETED api-0']);
    expect(ingest.applied.slice(before).every((e) => e.syncEpoch === undefined)).toBe(true);
    expectStateMatches();
    expect(ingest.state.get(api.list('Namespace').find((n) => n.metadata.name === 'db')?.metadata.uid as string)?.metadata.labels).toEqual({ pci: 'cde' });
  });

  it('skips (and logs) an object that breaks the ingest contract, without holding up the others', async () => {
    seedCluster();
    run();
    await synced();
    api.add('Pod', 'bad-labels', { namespace: 'shop', labels: { tier: 3 } as unknown as Record<string, string> });
    api.add('Pod', 'x'.repeat(300), { namespace: 'shop' });
    api.add('Pod', 'fine', { namespace: 'shop' });
    await waitFor('the good pod', () => ingest.names('Pod').includes('shop/fine'));
    expect(ingest.names('Pod').filter((n) => n.includes('bad-labels') || n.includes('xxx'))).toEqual([]);
    expect(agent?.status().kinds.find((k) => k.kind === 'Pod')?.invalid).toBe(2);
    const errors = log.lines.filter((l) => l.level === 'error').map((l) => l.message);
    expect(errors[0]).toBe('skipped one Pod that cannot be sent: Pod shop/bad-labels: metadata.labels.tier must be a string, got a number (3)');
    expect(errors[1]).toMatch(/^skipped one Pod that cannot be sent: Pod shop\/x+ does not fit the ingest contract: object\.metadata\.name: /);
  });

  it('batches by size: never more than maxBatchEvents events per request', async () => {
    for (let i = 0; i < 25; i++) api.add('Namespace', `ns-${i}`);
    run({ maxBatchEvents: 4, flushMs: 1_000 });
    await synced();
    expect(ingest.received.every((r) => r.batch.events.length <= 4)).toBe(true);
    expect(ingest.names('Namespace')).toHaveLength(25);
  });
});

describe('agent: watch faults', () => {
  it('resumes a dropped watch from the last resourceVersion, without relisting or repeating events', async () => {
    seedCluster();
    run();
    await synced();
    const lastRv = agent?.status().kinds.find((k) => k.kind === 'Pod')?.resourceVersion;
    api.dropWatches();
    api.add('Pod', 'after-drop', { namespace: 'shop' });
    await waitFor('event after the drop', () => ingest.names('Pod').includes('shop/after-drop'));
    const podWatches = api.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === 'true');
    expect(podWatches.length).toBeGreaterThanOrEqual(2);
    expect(podWatches[1].query.resourceVersion).toBe(lastRv);
    expect(agent?.status().kinds.find((k) => k.kind === 'Pod')?.lists).toBe(1);
    const sent = ingest.allSent().filter((e) => e.type !== 'SYNC_END' && e.object.metadata.name === 'after-drop');
    expect(sent).toHaveLength(1);
    expect(log.text()).toContain('watch of Pods dropped');
  });

  it('adopts a BOOKMARK resourceVersion to resume from', async () => {
    seedCluster();
    run();
    await synced();
    api.add('Namespace', 'unrelated'); // moves the global resourceVersion without a Pod event
    const rv = api.bookmark('Pod');
    await waitFor('bookmark seen', () => agent?.status().kinds.find((k) => k.kind === 'Pod')?.resourceVersion === rv);
    api.dropWatches();
    await waitFor('rewatch', () => api.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === 'true').length >= 2);
    expect(api.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === 'true')[1].query.resourceVersion).toBe(rv);
  });

  it('a restarted agent relists with a fresh syncEpoch, so what vanished while it was away is deleted', async () => {
    seedCluster();
    run();
    await synced();
    const firstEpoch = (ingest.syncEnds.find((e) => e.kind === 'Pod') as { syncEpoch: string }).syncEpoch;
    await agent?.stop();
    api.remove('Pod', 'web-0', 'shop');
    api.add('Pod', 'newcomer', { namespace: 'shop' });
    run();
    await synced();
    expect(ingest.names('Pod')).not.toContain('shop/web-0');
    expect(ingest.names('Pod')).toContain('shop/newcomer');
    const epochs = ingest.syncEnds.filter((e) => e.kind === 'Pod').map((e) => e.syncEpoch);
    expect(epochs).toHaveLength(2);
    expect(epochs[0]).toBe(firstEpoch);
    expect(epochs[1]).not.toBe(firstEpoch);
    expectStateMatches();
  });

  it('relists when a resumed watch answers 410 (history compacted while the watch was down)', async () => {
    seedCluster();
    run();
    await synced();
    // Keep the Pod watch from coming back until the history is gone: fail its next request.
    api.failNext('Pod', 503);
    api.dropWatches();
    api.remove('Pod', 'web-1', 'shop');
    api.compact();
    // Wait for the relist's SYNC_END to have reached ingest (queued === 0 alone misses a batch in flight).
    await waitFor('relist after 410', () =>
      (agent?.status().kinds.find((k) => k.kind === 'Pod')?.lists ?? 0) >= 2 && ingest.syncEnds.filter((e) => e.kind === 'Pod').length >= 2);
    await idle();
    expect(log.text()).toMatch(/watch of Pods: resourceVersion \d+ is too old \(410 Gone\); relisting/);
    const podEnds = ingest.syncEnds.filter((e) => e.kind === 'Pod');
    expect(podEnds).toHaveLength(2);
    // The relist's objects carry the second epoch; web-1 is not among them, so SYNC_END removed it.
    const second = ingest.allSent().filter((e) => e.type === 'ADDED' && e.syncEpoch === podEnds[1].syncEpoch);
    expect(second.map((e) => (e.type === 'ADDED' ? e.object.metadata.name : '')).sort()).toEqual(['web-0', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
    expect(ingest.names('Pod')).not.toContain('shop/web-1');
    expectStateMatches();
  });

  it('retries a failing list with backoff and then syncs', async () => {
    seedCluster();
    api.failNext('Service', 500, 500, 503);
    run();
    await synced();
    expect(ingest.names('Service')).toEqual(['shop/web']);
    expect(log.text()).toContain('listing Services failed: GET /api/v1/services answered 500: injected failure 500; retrying in');
  });
});
