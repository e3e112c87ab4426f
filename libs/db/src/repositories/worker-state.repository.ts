import type { Pool } from 'pg';

export type JournalEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change_event row. `before`/`after` are the stored objects (null where there is none). */
export interface JournalEvent {
  seq: number;
  kind: string;
  uid: string;
  namespace: string;
  name: string;
  type: JournalEventType;
  resourceVersion: string;
  before: unknown | null;
  after: unknown | null;
  manager: string | null;
  occurredAt: Date;
}

export interface StoredObject {
  kind: string;
  uid: string;
  object: unknown;
}

/**
 * A cluster's objects as of journal position `seq`, which is the worker cursor — or, when the journal no
 * longer holds every event after the cursor (`resynced`), the journal head.
 */
export interface WorkerClusterState {
  clusterId: string;
  cni: string;
  /** The worker cursor when the state was read. */
  cursor: number;
  /** The position the objects correspond to (= cursor unless resynced). */
  seq: number;
  /** The last journal position when the state was read. */
  head: number;
  /** True when events after the cursor were missing: the objects are the head's and effects of the gap are lost. */
  resynced: boolean;
  /** Sorted by kind, then uid. */
  objects: StoredObject[];
}

/** The journal side of the worker: state at its cursor, and the events after it. */
export class WorkerStateRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * The objects at the worker cursor. k8s_object holds the state at the journal head; the events after
   * the cursor are undone newest first (each event's `before` is the object as it was before it), all
   * inside one snapshot so state, head and cursor agree. Creates the cursor row (at 0) when missing.
   */
  async loadState(clusterId: string): Promise<WorkerClusterState> {
    const client = await this.pool.connect();
    try {
      await client.query(`INSERT INTO worker_cursor (cluster_id, last_seq) VALUES ($1, 0) ON CONFLICT (cluster_id) DO NOTHING`, [clusterId]);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const c = await client.query<{ cni: string; cursor: string }>(
          `SELECT c.cni, w.last_seq AS cursor FROM cluster c JOIN worker_cursor w ON w.cluster_id = c.id WHERE c.id = $1`,
          [clusterId],
        );
        if (c.rows.length === 0) throw new Error(`cluster ${clusterId} does not exist`);
        const cursor = Number(c.rows[0].cursor);
        const h = await client.query<{ head: string | null }>(`SELECT max(seq) AS head FROM change_event WHERE cluster_id = $1`, [clusterId]);
        const head = Math.max(Number(h.rows[0].head ?? 0), cursor);
        const objs = await client.query<{ kind: string; uid: string; object: unknown }>(
          `SELECT kind, uid, object FROM k8s_object WHERE cluster_id = $1`,
          [clusterId],
        );
        const byId = new Map<string, StoredObject>();
        for (const o of objs.rows) byId.set(`${o.kind}\u0000${o.uid}`, { kind: o.kind, uid: o.uid, object: o.object });
        const undo = await client.query<{ seq: string; kind: string; uid: string; before: unknown | null }>(
          `SELECT seq, kind, uid, before FROM change_event WHERE cluster_id = $1 AND seq > $2 ORDER BY seq DESC`,
          [clusterId, cursor],
        );
        // The journal is gap-free (ingest hands out seq under the cluster row lock): anything else means
        // events were pruned before this worker applied them.
        const complete = undo.rows.length === head - cursor && (undo.rows.length === 0 || Number(undo.rows[undo.rows.length - 1].seq) === cursor + 1);
        if (complete) {
          for (const e of undo.rows) {
            const id = `${e.kind}\u0000${e.uid}`;
            if (e.before === null || e.before === undefined) byId.delete(id);
            else byId.set(id, { kind: e.kind, uid: e.uid, object: e.before });
          }
        }
        const objects = [...byId.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.uid, b.uid));
        return { clusterId: String(clusterId), cni: c.rows[0].cni, cursor, seq: complete ? cursor : head, head, resynced: !complete, objects };
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }

  /**
   * The cluster as a first computation needs it: the objects of k8s_object and the journal head they
   * correspond to, read in ONE repeatable-read snapshot (ingest writes objects and journal in one
   * transaction, so the two agree). Also the stored cursor (the caller only baselines at 0) and the
   * relist progress (`sync_epochs`: per kind the epoch in flight and the last one completed). Creates
   * the cursor row (at 0) when missing. With `objects: false` only the positions and progress are read
   * (cheap: what the worker checks while it waits for an agent's first relist to end).
   */
  async loadHead(clusterId: string, opts: { objects: boolean }): Promise<{
    cni: string;
    cursor: number;
    head: number;
    syncEpochs: Record<string, { open?: string; done?: string }>;
    objects: StoredObject[];
  }> {
    const client = await this.pool.connect();
    try {
      await client.query(`INSERT INTO worker_cursor (cluster_id, last_seq) VALUES ($1, 0) ON CONFLICT (cluster_id) DO NOTHING`, [clusterId]);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const c = await client.query<{ cni: string; cursor: string; sync_epochs: Record<string, { open?: string; done?: string }> | null; head: string | null }>(
          `SELECT c.cni, w.last_seq AS cursor, c.sync_epochs, (SELECT max(seq) FROM change_event WHERE cluster_id = c.id) AS head
             FROM cluster c JOIN worker_cursor w ON w.cluster_id = c.id WHERE c.id = $1`,
          [clusterId],
        );
        if (c.rows.length === 0) throw new Error(`cluster ${clusterId} does not exist`);
        const row = c.rows[0];
        const objects: StoredObject[] = [];
        if (opts.objects) {
          const objs = await client.query<{ kind: string; uid: string; object: unknown }>(
            `SELECT kind, uid, object FROM k8s_object WHERE cluster_id = $1`,
            [clusterId],
          );
          for (const o of objs.rows) objects.push({ kind: o.kind, uid: o.uid, object: o.object });
          // Sorted here, not in SQL: the same code-point order as loadState, whatever the collation.
          objects.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.uid, b.uid));
        }
        return { cni: row.cni, cursor: Number(row.cursor), head: Number(row.head ?? 0), syncEpochs: row.sync_epochs ?? {}, objects };
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }

  /** Up to `limit` events after `afterSeq`, in journal order. */
  async readEvents(clusterId: string, afterSeq: number, limit: number): Promise<JournalEvent[]> {
    const r = await this.pool.query<{
      seq: string; kind: string; uid: string; namespace: string; name: string; type: JournalEventType;
      resource_version: string; before: unknown | null; after: unknown | null; manager: string | null; occurred_at: Date;
    }>(
      `SELECT seq, kind, uid, namespace, name, type, resource_version, before, after, manager, occurred_at
         FROM change_event WHERE cluster_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [clusterId, afterSeq, limit],
    );
    return r.rows.map((e) => ({
      seq: Number(e.seq), kind: e.kind, uid: e.uid, namespace: e.namespace, name: e.name, type: e.type,
      resourceVersion: e.resource_version, before: e.before, after: e.after, manager: e.manager, occurredAt: e.occurred_at,
    }));
  }

  /** The last journal position of a cluster (0 when empty). */
  async head(clusterId: string): Promise<number> {
    const r = await this.pool.query<{ head: string | null }>(`SELECT max(seq) AS head FROM change_event WHERE cluster_id = $1`, [clusterId]);
    return Number(r.rows[0].head ?? 0);
  }

  async cursor(clusterId: string): Promise<number> {
    const r = await this.pool.query<{ last_seq: string }>(`SELECT last_seq FROM worker_cursor WHERE cluster_id = $1`, [clusterId]);
    return r.rows.length ? Number(r.rows[0].last_seq) : 0;
  }

  /** Stored edges as `src_key \0 dst_key` → ports_text (what the worker compares after a rebuild). */
  async storedEdges(clusterId: string): Promise<Map<string, string>> {
    const r = await this.pool.query<{ src_key: string; dst_key: string; ports_text: string }>(
      `SELECT src_key, dst_key, ports_text FROM edge WHERE cluster_id = $1`,
      [clusterId],
    );
    return new Map(r.rows.map((x) => [`${x.src_key}\u0000${x.dst_key}`, x.ports_text]));
  }

  /** Alerts not resolved yet, as `rule \0 subject_key` (what the worker may have to resolve). */
  async openAlertKeys(clusterId: string): Promise<Set<string>> {
    const r = await this.pool.query<{ rule: string; subject_key: string }>(
      `SELECT rule, subject_key FROM alert WHERE cluster_id = $1 AND state <> 'resolved'`,
      [clusterId],
    );
    return new Set(r.rows.map((x) => `${x.rule}\u0000${x.subject_key}`));
  }

  /** Namespaces that have a posture row. */
  async postureNamespaces(clusterId: string): Promise<string[]> {
    const r = await this.pool.query<{ namespace: string }>(`SELECT namespace FROM posture WHERE cluster_id = $1 ORDER BY namespace`, [clusterId]);
    return r.rows.map((x) => x.namespace);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
