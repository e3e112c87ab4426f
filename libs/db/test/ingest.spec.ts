import { beforeEach, describe, expect, it } from 'vitest';
import { ClusterRepository, Db, DbError, IngestRepository } from '../src';
import { useTestDatabase } from './test-database';
import { added, batch, deleted, modified, ns, pod, syncEnd } from './helpers';

let db: Db;
let ingest: IngestRepository;
let clusters: ClusterRepository;
let clusterId: number;

useTestDatabase((d) => {
  db = d;
  ingest = new IngestRepository(db.pool);
  clusters = new ClusterRepository(db.prisma);
});
beforeEach(async () => {
  clusterId = (await clusters.register(`c-${Math.random().toString(36).slice(2, 10)}`)).cluster.id;
});

async function journal(id = clusterId) {
  const { rows } = await db.pool.query(
    'SELECT seq::int, kind, uid, name, type, resource_version, before, after, manager FROM change_event WHERE cluster_id = $1 ORDER BY seq',
    [id],
  );
  return rows;
}
async function objects(id = clusterId) {
  const { rows } = await db.pool.query(
    'SELECT kind, uid, namespace, name, resource_version, labels, sync_epoch FROM k8s_object WHERE cluster_id = $1 ORDER BY kind, uid',
    [id],
  );
  return rows;
}

describe('IngestRepository.applyBatch', () => {
  it('journals events in batch order with gap-free seqs and keeps current state', async () => {
    const r = await ingest.applyBatch(clusterId, batch(added(ns('web', 'n1', '1')), added(pod('a', 'p1', '2', { app: 'a' }), undefined), modified(pod('a', 'p1', '3', { app: 'b' })), added(pod('b', 'p2', '4'))));
    expect(r).toEqual({ received: 4, journaled: 4, unchanged: 0, pruned: 0, lastSeq: 4 });
    const j = await journal();
    expect(j.map((e) => [e.seq, e.uid, e.type, e.resource_version])).toEqual([
      [1, 'n1', 'ADDED', '1'],
      [2, 'p1', 'ADDED', '2'],
      [3, 'p1', 'MODIFIED', '3'],
      [4, 'p2', 'ADDED', '4'],
    ]);
    expect(j[2].before.metadata.labels).toEqual({ app: 'a' });
    expect(j[2].after.metadata.labels).toEqual({ app: 'b' });
    expect(j[2].manager).toBe('kubectl');
    expect(await objects()).toEqual([
      { kind: 'Namespace', uid: 'n1', namespace: '', name: 'web', resource_version: '1', labels: {}, sync_epoch: null },
      { kind: 'Pod', uid: 'p1', namespace: 'default', name: 'a', resource_version: '3', labels: { app: 'b' }, sync_epoch: null },
      { kind: 'Pod', uid: 'p2', namespace: 'default', name: 'b', resource_version: '4', labels: {}, sync_epoch: null },
    ]);
    const next = await ingest.applyBatch(clusterId, batch(deleted(pod('b', 'p2', '5'))));
    expect(next.lastSeq).toBe(5);
    expect((await clusters.get(clusterId))?.nextSeq).toBe(6);
  });

  it('changes nothing when a batch is re-sent, even one mixing unchanged and changed versions', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1', { v: '1' }))));
    // rv 2 only changes the resourceVersion (not journaled); rv 3 changes labels; then p1 is deleted.
    const b = batch(modified(pod('a', 'p1', '2', { v: '1' })), modified(pod('a', 'p1', '3', { v: '3' })), added(pod('x', 'p9', '4')), deleted(pod('x', 'p9', '5')));
    const first = await ingest.applyBatch(clusterId, b);
    expect(first).toMatchObject({ journaled: 3, unchanged: 1 });
    const before = { j: await journal(), o: await objects() };
    const again = await ingest.applyBatch(clusterId, b);
    expect(again).toMatchObject({ received: 4, journaled: 0, unchanged: 4, lastSeq: first.lastSeq });
    expect({ j: await journal(), o: await objects() }).toEqual(before);
  });

  it('does not journal an upsert whose content equals the stored object', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1', { app: 'a' }))));
    const withNoise = { ...pod('a', 'p1', '7', { app: 'a' }), metadata: { ...pod('a', 'p1', '7', { app: 'a' }).metadata, managedFields: [{ manager: 'x' }] } };
    const r = await ingest.applyBatch(clusterId, batch(modified(withNoise)));
    expect(r).toMatchObject({ journaled: 0, unchanged: 1, lastSeq: 1 });
    expect((await objects())[0].resource_version).toBe('7'); // current state follows the latest version
  });

  it('journals deletes with the before image and ignores deletes of unknown objects', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1'))));
    const r = await ingest.applyBatch(clusterId, batch(deleted(pod('a', 'p1', '2')), deleted(pod('ghost', 'p404', '3'))));
    expect(r).toMatchObject({ journaled: 1, unchanged: 1 });
    const j = await journal();
    expect(j[1]).toMatchObject({ type: 'DELETED', uid: 'p1', resource_version: '2', after: null });
    expect(j[1].before.metadata.name).toBe('a');
    expect(await objects()).toEqual([]);
    // A late replay of the ADDED cannot resurrect a deleted uid.
    expect(await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1'))))).toMatchObject({ journaled: 0, unchanged: 1 });
    expect(await objects()).toEqual([]);
  });

  it('SYNC_END prunes what the relist did not confirm, once', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1')), added(pod('b', 'p2', '2')), added(pod('c', 'p3', '3')), added(ns('default', 'n1', '4'))));
    // Relist e1 sees p1 (unchanged) and p3 (changed); p2 vanished while the agent was away.
    const relist = batch(added(pod('a', 'p1', '1'), 'e1'), added(pod('c', 'p3', '9', { new: 'y' }), 'e1'), syncEnd('Pod', 'e1'), added(pod('d', 'p4', '10')));
    const r = await ingest.applyBatch(clusterId, relist);
    expect(r).toEqual({ received: 4, journaled: 3, unchanged: 1, pruned: 1, lastSeq: 7 });
    const j = await journal();
    expect(j.slice(4).map((e) => [e.uid, e.type])).toEqual([['p3', 'MODIFIED'], ['p2', 'DELETED'], ['p4', 'ADDED']]);
    expect((await objects()).map((o) => o.uid)).toEqual(['n1', 'p1', 'p3', 'p4']); // other kinds untouched
    expect((await clusters.get(clusterId))?.syncState).toBe('synced');
    // Re-sending the batch must not prune p4, which the watch added after the relist (it has no epoch).
    expect(await ingest.applyBatch(clusterId, relist)).toMatchObject({ journaled: 0, pruned: 0, unchanged: 4 });
    expect((await objects()).map((o) => o.uid)).toEqual(['n1', 'p1', 'p3', 'p4']);
  });

  it('writes objects created, flushed at a SYNC_END and changed again within one batch', async () => {
    // p1 is new (inserted at the SYNC_END's flush), then modified and p2 added after it: the second flush
    // must update p1's row and insert p2's, in journal order.
    const r = await ingest.applyBatch(clusterId, batch(
      added(pod('a', 'p1', '1', { v: '1' }), 'e1'), syncEnd('Pod', 'e1'), modified(pod('a', 'p1', '2', { v: '2' })), added(pod('b', 'p2', '3')),
      modified(pod('b', 'p2', '4', { v: 'tab\there "quoted" \\ back' })),
    ));
    expect(r).toMatchObject({ journaled: 4, pruned: 0, lastSeq: 4 });
    expect((await journal()).map((e) => [e.uid, e.type, e.resource_version])).toEqual([['p1', 'ADDED', '1'], ['p1', 'MODIFIED', '2'], ['p2', 'ADDED', '3'], ['p2', 'MODIFIED', '4']]);
    expect(await objects()).toEqual([
      { kind: 'Pod', uid: 'p1', namespace: 'default', name: 'a', resource_version: '2', labels: { v: '2' }, sync_epoch: 'e1' },
      { kind: 'Pod', uid: 'p2', namespace: 'default', name: 'b', resource_version: '4', labels: { v: 'tab\there "quoted" \\ back' }, sync_epoch: null },
    ]);
    // A re-send is recognised from what the flushes stored.
    expect(await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1', { v: '1' }), 'e1'), modified(pod('a', 'p1', '2', { v: '2' }))))).toMatchObject({ journaled: 0 });
  });

  it('reports syncing while a relist is open across batches', async () => {
    await ingest.applyBatch(clusterId, batch(added(ns('a', 'n1', '1'), 'e1')));
    expect((await clusters.get(clusterId))?.syncState).toBe('syncing');
    await ingest.applyBatch(clusterId, batch(syncEnd('Namespace', 'e1')));
    expect((await clusters.get(clusterId))?.syncState).toBe('synced');
    expect((await clusters.get(clusterId))?.lastSeenAt).toBeInstanceOf(Date);
  });

  it('applies a 5,000-event batch with a few statements', async () => {
    const events = Array.from({ length: 5000 }, (_, i) => added(pod(`p-${i}`, `u-${i}`, String(i + 1), { app: `a${i % 50}` }), 'big'));
    const counter = countQueries(db);
    const r = await ingest.applyBatch(clusterId, batch(...events));
    expect(r).toMatchObject({ received: 5000, journaled: 5000, lastSeq: 5000 });
    expect(counter.stop()).toBeLessThan(20);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi FROM change_event WHERE cluster_id = $1', [clusterId]);
    expect(rows[0]).toEqual({ n: 5000, lo: 1, hi: 5000 });
    const half = events.slice(0, 2500);
    const r2 = await ingest.applyBatch(clusterId, batch(...half, syncEnd('Pod', 'big2')));
    expect(r2).toMatchObject({ pruned: 5000, journaled: 5000 }); // epoch 'big2' confirmed nothing
  });

  it('rejects malformed batches before writing anything', async () => {
    const good = added(pod('a', 'p1', '1'));
    const bad: unknown[] = [
      { agentId: 'a', events: [good, { type: 'ADDED', object: { kind: 'Pod' } }] },
      { agentId: 'a', events: [good, { type: 'EXPLODED', object: pod('b', 'p2', '2') }] },
      batch(good, added({ ...pod('b', 'p2', '2'), metadata: { name: 'b', uid: 'p2', resourceVersion: '2' } })), // Pod without namespace
      batch(good, added({ ...ns('n', 'n1', '1'), metadata: { name: 'n', uid: 'n1', resourceVersion: '1', namespace: 'x' } })),
      batch(good, added(pod('nul\u0000', 'p3', '3'))),
      { agentId: 'a', events: Array.from({ length: 5001 }, () => good) },
      'not a batch',
    ];
    for (const input of bad) {
      await expect(ingest.applyBatch(clusterId, input)).rejects.toSatisfy((e) => e instanceof DbError && e.code === 'INVALID_BATCH' && e.message.length > 20);
    }
    expect(await journal()).toEqual([]);
    expect(await objects()).toEqual([]);
    expect((await clusters.get(clusterId))?.lastSeenAt).toBeNull();
  });

  it('rolls back the whole batch when a statement fails', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1'))));
    // Occupy the seq the next journal entry would take: the insert fails after other rows were written.
    await db.pool.query(
      `INSERT INTO change_event (cluster_id, seq, kind, uid, name, type, resource_version) VALUES ($1, 3, 'Pod', 'blocker', 'x', 'ADDED', '1')`,
      [clusterId],
    );
    const snapshot = { j: await journal(), o: await objects(), c: await clusters.get(clusterId) };
    await expect(ingest.applyBatch(clusterId, batch(added(pod('b', 'p2', '2')), added(pod('c', 'p3', '3')), syncEnd('Pod', 'e')))).rejects.toThrow(/duplicate key/);
    expect({ j: await journal(), o: await objects(), c: await clusters.get(clusterId) }).toEqual(snapshot);
  });

  it('refuses an unknown cluster', async () => {
    await expect(ingest.applyBatch(987654, batch(added(pod('a', 'p1', '1'))))).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
  });

  it('serialises concurrent batches of one cluster', async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, k) => ingest.applyBatch(clusterId, batch(...Array.from({ length: 25 }, (_, i) => added(pod(`p${k}-${i}`, `u${k}-${i}`, '1')))))),
    );
    const seqs = (await journal()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(runs.map((r) => r.lastSeq).sort((a, b) => a - b)).toEqual([25, 50, 75, 100, 125, 150, 175, 200]);
  });
});

/** Counts the statements sent through the pool's clients while active. */
function countQueries(target: Db): { stop(): number } {
  let n = 0;
  const onAcquire = (client: { query: (...args: unknown[]) => unknown }) => {
    const original = client.query;
    if ((original as { counted?: boolean }).counted) return;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      n++;
      return original.apply(this, args);
    };
    (wrapped as { counted?: boolean }).counted = true;
    client.query = wrapped;
  };
  target.pool.on('acquire', onAcquire as never);
  return {
    stop: () => {
      target.pool.removeListener('acquire', onAcquire as never);
      return n;
    },
  };
}
