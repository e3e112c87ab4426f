/**
 * History retention: the journal is pruned from its oldest end and never past the worker's cursor, the
 * bulk deltas go first, the audit trail stays for its (≥ 1 year) retention, and posture at a past time is
 * still reconstructible — equal to what a recompute said at that time — for every time after the horizon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditReadRepository, Db, RetentionRepository } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { ClusterModel } from '../src/cluster-model';
import { ReachabilityEngine, clusterPosture } from '@reachwatch/policy-engine';
import { startWorker, WorkerHandle } from '../src/worker';
import { added, caughtUp, connectDb, deleted, object, recompute, registerCluster } from './helpers';

let tdb: TestDatabase;
let db: Db;
let worker: WorkerHandle | undefined;
beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await tdb?.drop();
});

const ns = (name: string) => object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
const pod = (namespace: string, app: string, ip: string) =>
  object({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${app}-0`, namespace, labels: { app } }, spec: { containers: [{ name: 'c' }] }, status: { podIP: ip, phase: 'Running' } });
const deny = (namespace: string, name: string) =>
  object({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { podSelector: {} } });

async function postureFromJournal(clusterId: number, seq: number) {
  const at = await new AuditReadRepository(db.pool).objectsAt(clusterId, seq);
  if (!at) return null;
  const model = new ClusterModel();
  for (const o of at.objects) model.change(o.kind, o.uid, o.object);
  const engine = new ReachabilityEngine({ cni: 'generic' });
  const state = model.toClusterState();
  engine.load(state);
  return clusterPosture(state, engine.connections());
}

describe('retention', () => {
  it('prunes old journal, deltas and resolved alerts but keeps the audit year; past posture stays exact after the horizon', async () => {
    const c = await registerCluster(db, 'ret');
    worker = await startWorker({ databaseUrl: tdb.url, workerId: 'w-ret', pollMs: 100, leaseSeconds: 5, log: () => undefined, retention: false });
    await c.ingest(added(ns('a')), added(ns('b')), added(pod('a', 'x', '10.0.0.1')), added(pod('b', 'y', '10.0.0.2')));
    await caughtUp(db.pool, c.id);
    const d1 = deny('a', 'd1');
    await c.ingest(added(d1));
    const seqOld = await caughtUp(db.pool, c.id);
    const postureOld = (await recompute(db.pool, c.id)).posture;
    await c.ingest(added(deny('b', 'd2')), deleted(d1));
    const seqNew = await caughtUp(db.pool, c.id);
    const postureNew = (await recompute(db.pool, c.id)).posture;

    // Age everything up to seqOld by 500 days: journal, deltas, audit; the later events by 100 days.
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await db.pool.query(`UPDATE change_event SET received_at = CASE WHEN seq <= $2 THEN $3::timestamptz ELSE $4::timestamptz END WHERE cluster_id = $1`, [c.id, seqOld, ago(500), ago(100)]);
    await db.pool.query(`UPDATE reachability_change SET computed_at = CASE WHEN seq <= $2 THEN $3::timestamptz ELSE $4::timestamptz END WHERE cluster_id = $1`, [c.id, seqOld, ago(500), ago(100)]);
    await db.pool.query(`UPDATE policy_audit SET occurred_at = CASE WHEN seq <= $2 THEN $3::timestamptz ELSE $4::timestamptz END WHERE cluster_id = $1`, [c.id, seqOld, ago(500), ago(100)]);
    // An event the worker has not applied yet, old as well: never pruned.
    await worker.stop();
    worker = undefined;
    await c.ingest(added(pod('a', 'z', '10.0.0.3')));
    await db.pool.query(`UPDATE change_event SET received_at = $2 WHERE cluster_id = $1 AND seq > $3`, [c.id, ago(500), seqNew]);

    const repo = new RetentionRepository(db.pool);
    await expect(repo.pruneCluster(c.id, { journalDays: 400, deltaDays: 90, auditDays: 200, deliveryDays: 30 })).rejects.toThrow(/at least 365/);
    const r = await repo.pruneCluster(c.id, { journalDays: 400, deltaDays: 90, auditDays: 400, deliveryDays: 30 });
    expect(r.journal).toBe(seqOld);
    const left = await db.pool.query(`SELECT min(seq)::int AS lo, max(seq)::int AS hi FROM change_event WHERE cluster_id = $1`, [c.id]);
    expect(left.rows[0]).toEqual({ lo: seqOld + 1, hi: seqNew + 1 });
    // Deltas: all older than 90 days went; the audit of the 500-day-old change went, the 100-day-old ones stay.
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM reachability_change WHERE cluster_id = $1`, [c.id])).rows[0].n).toBe(0);
    const audits = await db.pool.query(`SELECT name, action FROM policy_audit WHERE cluster_id = $1 ORDER BY seq`, [c.id]);
    expect(audits.rows).toEqual([{ name: 'd2', action: 'created' }, { name: 'd1', action: 'deleted' }]);

    // Past posture: exact at the horizon and after it; "pruned" (null) before it.
    const strip = (p: { namespace: string; pods: number; ingressIsolatedPods: number; defaultDenyIngress: boolean }[]) =>
      p.map((x) => ({ namespace: x.namespace, pods: x.pods, ingressIsolatedPods: x.ingressIsolatedPods, defaultDenyIngress: x.defaultDenyIngress }));
    expect(strip((await postureFromJournal(c.id, seqOld))!)).toEqual(strip(postureOld));
    expect(strip((await postureFromJournal(c.id, seqNew))!)).toEqual(strip(postureNew));
    expect(await postureFromJournal(c.id, seqOld - 1)).toBeNull();
  });
});
