import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '@reachwatch/contracts';
import { Db } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { initialSyncPending } from '../src/initial-sync';
import { startWorker, WorkerHandle } from '../src/worker';
import { added, caughtUp, connectDb, count, expectConsistent, modified, edit, registerCluster, scenarioObjects, waitFor } from './helpers';

/**
 * A cluster's first computation is a baseline taken from k8s_object at the journal head, after the
 * agent's initial relist has ended; everything after it is per event.
 */
let tdb: TestDatabase;
let db: Db;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  for (const w of workers) await w.stop();
  await db?.close();
  await tdb?.drop();
});

const cursorOf = async (id: number) => Number((await db.pool.query(`SELECT last_seq FROM worker_cursor WHERE cluster_id = $1`, [id])).rows[0]?.last_seq ?? 0);
const relisted = (events: IngestEvent[], epoch: string): IngestEvent[] => events.map((e) => ({ ...e, syncEpoch: epoch }) as IngestEvent);
const syncEnd = (kinds: string[], epoch: string): IngestEvent[] => kinds.map((kind) => ({ type: 'SYNC_END', kind, syncEpoch: epoch }) as IngestEvent);

describe('initialSyncPending', () => {
  it('waits while a relist is open or an always-listed kind has not completed one; not when no relist was seen', () => {
    expect(initialSyncPending({})).toBe(false);
    expect(initialSyncPending({ Pod: { open: 'e1' } })).toBe(true);
    expect(initialSyncPending({ Namespace: { done: 'e1' } })).toBe(true);
    const allDone = Object.fromEntries(['Namespace', 'Node', 'NetworkPolicy', 'Service', 'Pod'].map((k) => [k, { done: 'e1' }]));
    expect(initialSyncPending(allDone)).toBe(false);
    expect(initialSyncPending({ ...allDone, AdminNetworkPolicy: { open: 'e2' } })).toBe(true);
  });
});

describe('the first computation of a cluster', () => {
  it('waits for the initial relist to end, covers it without per-event rows, then applies each later event', async () => {
    const c = await registerCluster(db, 'relist');
    const logs: string[] = [];
    const w = await startWorker({ databaseUrl: tdb.url, workerId: 'w-relist', pollMs: 100, leaseSeconds: 5, log: (l) => logs.push(l) });
    workers.push(w);
    const objs = scenarioObjects('lol');
    const of = (kind: string) => objs.filter((o) => o.kind === kind);
    // The agent's first pages: namespaces complete, pods still being listed.
    await c.ingest(...relisted(of('Namespace').map(added), 'e1'), ...syncEnd(['Namespace'], 'e1'), ...relisted(of('Pod').map(added), 'e1'));
    await waitFor('the worker to wait for the sync', async () => logs.some((l) => l.includes('waiting for the agent')));
    expect(await cursorOf(c.id)).toBe(0);
    // The rest of the relist, every kind closed: the baseline covers all of it.
    const policies = of('NetworkPolicy');
    await c.ingest(...relisted([...of('Service'), ...policies].map(added), 'e1'), ...syncEnd(['Pod', 'Service', 'NetworkPolicy', 'Node'], 'e1'));
    const head = await caughtUp(db.pool, c.id);
    expect(head).toBe(objs.length);
    await expectConsistent(db.pool, c.id);
    expect(await count(db.pool, 'edge', c.id)).toBeGreaterThan(0);
    for (const table of ['reachability_change', 'policy_audit', 'alert']) expect(await count(db.pool, table, c.id), table).toBe(0);
    expect(logs.filter((l) => l.includes('first computation (baseline)'))).toHaveLength(1);

    // After the baseline: per event, with its audit entry and reachability change.
    const allow = policies.find((p) => p.metadata.name === 'allow-lol-yahoo-lol-default')!;
    await c.ingest(modified(edit(allow, (o) => ((o.spec as { ingress: { ports?: unknown }[] }).ingress[0].ports = [{ protocol: 'TCP', port: 80 }]))));
    await caughtUp(db.pool, c.id);
    await expectConsistent(db.pool, c.id);
    const audit = await db.pool.query(`SELECT seq, name, action FROM policy_audit WHERE cluster_id = $1`, [c.id]);
    expect(audit.rows).toEqual([{ seq: String(head + 1), name: 'allow-lol-yahoo-lol-default', action: 'updated' }]);
    expect(await count(db.pool, 'reachability_change', c.id)).toBe(1);
  });

  it('a relist that never ends delays the first computation only up to initialSyncWaitMs', async () => {
    const c = await registerCluster(db, 'stuck');
    const logs: string[] = [];
    const w = await startWorker({ databaseUrl: tdb.url, workerId: 'w-stuck', pollMs: 100, leaseSeconds: 5, initialSyncWaitMs: 300, log: (l) => logs.push(l) });
    workers.push(w);
    await c.ingest(...relisted(scenarioObjects('tiers').map(added), 'e1'));
    await caughtUp(db.pool, c.id);
    expect(logs.some((l) => l.includes('has not ended after'))).toBe(true);
    await expectConsistent(db.pool, c.id);
    expect(await count(db.pool, 'policy_audit', c.id)).toBe(0);
  });
});
