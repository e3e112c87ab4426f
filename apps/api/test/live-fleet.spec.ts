import type { AlertsEvent, EdgesChanged } from '@reachwatch/contracts';
import { startWorker, type WorkerHandle } from '@reachwatch/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi, type RunningApi } from '../src/api';
import { LIVE_PUBLISHER, type LivePublisher } from '../src/live/live-server';
import { login, seedUser, startAccountsApi, TEST_HASHING, type AccountsApi } from './accounts';
import { MemoryLogger } from './helpers';
import { connectLive, type RecordingClient } from './live-client';
import { Pipeline } from './live-pipeline';

/**
 * Two API instances on one database, clients on both. Every instance LISTENs to the worker itself and
 * sends to its own sockets; changes made through one instance travel to the other through the Postgres
 * adapter. Each client must get each event exactly once.
 */
const live = { coalesceMs: 20, statusIntervalMs: 60_000, sweepIntervalMs: 60_000 };
let t: AccountsApi;
let b: RunningApi;
let worker: WorkerHandle | undefined;
let prod: Pipeline;
const clients: Record<'a1' | 'a2' | 'b1', RecordingClient> = {} as never;

const publisher = (api: RunningApi) => api.app.get<symbol, LivePublisher>(LIVE_PUBLISHER, { strict: false });

beforeAll(async () => {
  t = await startAccountsApi({ live });
  b = await createApi({ databaseUrl: t.databaseUrl, port: 0, host: '127.0.0.1', logger: new MemoryLogger(), auth: { passwordHashing: TEST_HASHING }, live });
  const { cluster } = await t.clusters.register('prod');
  prod = new Pipeline(t.db, cluster.id);
  await seedUser(t, 'analyst@example.com', 'analyst', ['prod']);
  worker = await startWorker({ databaseUrl: t.databaseUrl, workerId: 'w-fleet', pollMs: 200, leaseSeconds: 5, log: () => undefined });
  await prod.apply(prod.namespace('shop'), prod.namespace('db'), prod.pod('shop', 'web', 'web'));
  await prod.caughtUp();
  const session = await login(t, 'analyst@example.com');
  clients.a1 = await connectLive(t.api.url, { token: session.token });
  clients.a2 = await connectLive(t.api.url, { token: session.token });
  clients.b1 = await connectLive(b.url, { token: session.token }); // a session made on A works on B: it lives in Postgres
  for (const c of Object.values(clients)) expect((await c.subscribe({ cluster: 'prod' })).ok).toBe(true);
});
afterAll(async () => {
  for (const c of Object.values(clients)) c?.close();
  await worker?.stop();
  await b?.close();
  await t?.close();
});

describe('two API instances', () => {
  it('a worker step reaches the clients of both instances, each exactly once; API-made changes cross through the adapter', async () => {
    await prod.apply(prod.pod('db', 'pg', 'pg'));
    const first = await prod.caughtUp();
    await prod.apply(prod.denyIngress('db'));
    const second = await prod.caughtUp();
    for (const c of Object.values(clients)) await c.waitFor<EdgesChanged>('edges.changed', (e) => e.toSeq === second);

    // A person acknowledges an alert through instance B, then another through A. socket.io messages of one
    // adapter channel arrive in order, so once both are in, anything either instance had broadcast earlier
    // through the adapter (a duplicate) would be in too.
    const { rows } = await t.db.pool.query<{ id: string }>(`SELECT id FROM alert WHERE cluster_id = $1 ORDER BY id`, [prod.clusterId]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const [x, y] = rows.map((r) => Number(r.id));
    await t.db.pool.query(`UPDATE alert SET state = 'acknowledged' WHERE id = ANY($1::bigint[]) AND state = 'open'`, [[x, y]]);
    void publisher(b).alertChanged(prod.clusterId, x);
    void publisher(t.api).alertChanged(prod.clusterId, y);
    for (const c of Object.values(clients)) {
      await c.waitFor<AlertsEvent>('alert.updated', (e) => e.toSeq === null && e.alerts[0].id === x);
      await c.waitFor<AlertsEvent>('alert.updated', (e) => e.toSeq === null && e.alerts[0].id === y);
    }

    for (const [name, c] of Object.entries(clients)) {
      const edges = c.all<EdgesChanged>('edges.changed');
      const covering = (seq: number) => edges.filter((e) => e.fromSeq < seq && seq <= e.toSeq);
      expect(covering(first), `${name}: events covering seq ${first}`).toHaveLength(1);
      expect(covering(second), `${name}: events covering seq ${second}`).toHaveLength(1);
      const manual = c.all<AlertsEvent>('alert.updated').filter((e) => e.toSeq === null);
      expect(manual.map((e) => e.alerts.map((a) => a.id)).sort(), `${name}: person-made alert changes`).toEqual([[x], [y]].sort());
      expect(manual.every((e) => e.alerts[0].state === 'acknowledged' || e.alerts[0].state === 'resolved')).toBe(true);
    }
  });
});
