/**
 * The worker's edge tables (edge, edge_dst, edge_group) have no foreign key to cluster (migration
 * 20261123090000_edge_write_cost): a trigger deletes them with their cluster, and every worker write holds
 * the cluster row (KEY SHARE) so that a delete and a write in flight cannot leave rows behind.
 */
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { ClusterRepository, WorkerEffectsRepository, type Db, type EdgeRowInput, type WorkerCommit } from '../src';
import { useTestDatabase } from './test-database';

let url: string;
let db: Db;
let effects: WorkerEffectsRepository;

useTestDatabase((d, u) => {
  db = d;
  url = u;
  effects = new WorkerEffectsRepository(db.pool);
});

/** A registered cluster whose cursor is at 0 and whose lease `worker` holds. */
async function clusterWithWorker(name: string, worker = 'w1'): Promise<string> {
  const { cluster } = await new ClusterRepository(db.prisma).register(name);
  await db.pool.query(`INSERT INTO worker_cursor (cluster_id, last_seq) VALUES ($1, 0)`, [cluster.id]);
  await db.pool.query(`INSERT INTO worker_lease (cluster_id, worker_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [cluster.id, worker]);
  return String(cluster.id);
}

const workload = (namespace: string, name: string) => ({ type: 'workload', namespace, name, kind: 'Deployment' });
function edge(src: [string, string], dst: [string, string], seq = 1): EdgeRowInput {
  return {
    srcKey: `${src[0]}/${src[1]}[Deployment]`, dstKey: `${dst[0]}/${dst[1]}[Deployment]`, src: workload(...src), dst: workload(...dst),
    srcNamespace: src[0], dstNamespace: dst[0], allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 80 }], portsText: 'TCP/80', seq,
  };
}

async function rowsOf(clusterId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['edge', 'edge_dst', 'edge_group']) {
    out[t] = Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t} WHERE cluster_id = $1`, [clusterId])).rows[0].n);
  }
  return out;
}

async function baseline(clusterId: string, edges: EdgeRowInput[]): Promise<void> {
  const dstKeys = [...new Set(edges.map((e) => e.dstKey))];
  await effects.commitBaseline({
    clusterId, workerId: 'w1', toSeq: 1, edges,
    dsts: dstKeys.map((k) => ({ dstKey: k, dst: edges.find((e) => e.dstKey === k)!.dst, dstNamespace: k.split('/')[0], inbound: edges.filter((e) => e.dstKey === k).length })),
    groups: edges.map((e) => ({ dstKey: e.dstKey, srcGroup: e.srcNamespace!, src: null, dstNamespace: e.dstNamespace, sources: 1, allPorts: false, portLists: [e.ports] })),
    posture: [],
  });
}

describe('edge tables without a foreign key', () => {
  it('a baseline stores edges whatever order they come in, read back as written; deleting a cluster deletes only its rows', async () => {
    const a = await clusterWithWorker('edges-a');
    const b = await clusterWithWorker('edges-b');
    // Not in key order, with the same endpoint object on several rows (as the engine hands them out).
    const edges = [edge(['web', 'front'], ['db', 'pg']), edge(['api', 'x'], ['web', 'front']), edge(['web', 'front'], ['api', 'x']), edge(['api', 'x'], ['db', 'pg'])];
    edges[3].dst = edges[0].dst;
    await baseline(a, edges);
    await baseline(b, edges.slice(0, 2));
    const stored = await db.pool.query(`SELECT src_key, dst_key, src, dst, ports, ports_text FROM edge WHERE cluster_id = $1 ORDER BY dst_key, src_key`, [a]);
    expect(stored.rows).toEqual(
      [...edges]
        .sort((x, y) => (x.dstKey !== y.dstKey ? (x.dstKey < y.dstKey ? -1 : 1) : x.srcKey < y.srcKey ? -1 : 1))
        .map((e) => ({ src_key: e.srcKey, dst_key: e.dstKey, src: e.src, dst: e.dst, ports: e.ports, ports_text: e.portsText })),
    );
    expect(await rowsOf(a)).toEqual({ edge: 4, edge_dst: 3, edge_group: 4 });

    await db.pool.query(`DELETE FROM cluster WHERE id = $1`, [a]);
    expect(await rowsOf(a)).toEqual({ edge: 0, edge_dst: 0, edge_group: 0 });
    expect(await rowsOf(b)).toEqual({ edge: 2, edge_dst: 2, edge_group: 2 });
  });

  it('a cluster deleted while a worker step is in flight waits for it, then deletes what it wrote', async () => {
    const c = await clusterWithWorker('edges-inflight');
    const step: WorkerCommit = {
      clusterId: c, workerId: 'w1', fromSeq: 0, toSeq: 1,
      edgeUpserts: [edge(['web', 'front'], ['db', 'pg'])], edgeDeletes: [],
      summaries: { dstUpserts: [{ dstKey: 'db/pg[Deployment]', dst: workload('db', 'pg'), dstNamespace: 'db', inbound: 1 }], dstDeletes: [], groupUpserts: [], groupDeletes: [] },
      postureUpserts: [], postureDeletes: [], changes: [], audits: [],
      alerts: [{ type: 'open', seq: 1, at: new Date(), rule: 'exposed-to-internet', severity: 'high', subjectKey: 'db/pg[Deployment]', subject: {}, message: 'm', details: {} }],
    };
    // Another session holds an open alert with the same key, uncommitted: the worker's step writes its
    // edges, then waits at its alert insert, in the middle of its transaction.
    const holder = new Client({ connectionString: url });
    const deleter = new Client({ connectionString: url });
    await holder.connect();
    await deleter.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO alert (cluster_id, rule, severity, subject_key, subject, message, details, first_seq, last_seq)
         VALUES ($1, 'exposed-to-internet', 'high', 'db/pg[Deployment]', '{}', 'held', '{}', 0, 0)`,
        [c],
      );
      const committed = effects.commit(step);
      await waitersOn(1);
      const deleted = deleter.query(`DELETE FROM cluster WHERE id = $1`, [c]);
      await waitersOn(2);
      await holder.query('ROLLBACK');
      // The step commits (the delete waits for it, no deadlock), then the delete removes its rows.
      await expect(committed).resolves.toMatchObject({ seq: 1, edgesChanged: 1, alertsOpened: 1 });
      expect((await deleted).rowCount).toBe(1);
      expect(await rowsOf(c)).toEqual({ edge: 0, edge_dst: 0, edge_group: 0 });
      // A step after the delete writes nothing.
      await expect(effects.commit({ ...step, fromSeq: 1, toSeq: 2, alerts: [] })).rejects.toMatchObject({ code: 'LEASE_LOST' });
      expect(await rowsOf(c)).toEqual({ edge: 0, edge_dst: 0, edge_group: 0 });
    } finally {
      await holder.end();
      await deleter.end();
    }
  });
});

/** Until `n` sessions of this database wait for a lock. */
async function waitersOn(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (r.rows[0].n >= n) return;
    if (Date.now() > deadline) throw new Error(`${r.rows[0].n} sessions wait for a lock, expected ${n}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
