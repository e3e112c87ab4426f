import type { Pool } from 'pg';

/** One policy_audit row: a policy create/update/delete or namespace relabel, with its reachability impact. */
export interface PolicyAuditRow {
  id: number;
  seq: number;
  kind: string;
  namespace: string;
  name: string;
  action: 'created' | 'updated' | 'deleted' | 'relabelled';
  before: unknown | null;
  after: unknown | null;
  diff: string;
  /** The managedFields manager that made the change (who), when the agent saw one. */
  manager: string | null;
  /** Who-and-why annotations of the object (kubernetes.io/change-cause, example.com/changed-by, …). */
  annotations: Record<string, string>;
  occurredAt: Date;
  addedCount: number;
  removedCount: number;
  exposures: unknown[];
}

export interface PolicyAuditQuery {
  limit: number;
  /** Continue with entries older than this seq. */
  beforeSeq?: number;
  namespace?: string;
  kind?: string;
  since?: Date;
  until?: Date;
}

/** A cluster's objects as of a journal position. */
export interface ObjectsAt {
  /** The position the objects correspond to. */
  seq: number;
  /** The journal head when they were read. */
  head: number;
  /** Sorted by kind, then uid. */
  objects: { kind: string; uid: string; object: unknown }[];
}

/** A journal event, as much of it as replaying needs. */
export interface ReplayEvent {
  seq: number;
  kind: string;
  uid: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  after: unknown | null;
}

/** The policy audit trail and the journal read backwards: what changed, and what the cluster was at any seq. */
export class AuditReadRepository {
  constructor(private readonly pool: Pool) {}

  /** Newest first (by seq, unique per cluster, so pages never skip or repeat). */
  async list(clusterId: number, q: PolicyAuditQuery): Promise<{ items: PolicyAuditRow[]; nextBeforeSeq: number | null }> {
    const args: unknown[] = [clusterId];
    const arg = (v: unknown) => `$${args.push(v)}`;
    const where = ['cluster_id = $1'];
    if (q.beforeSeq !== undefined) where.push(`seq < ${arg(q.beforeSeq)}`);
    if (q.namespace !== undefined) where.push(`namespace = ${arg(q.namespace)}`);
    if (q.kind !== undefined) where.push(`kind = ${arg(q.kind)}`);
    if (q.since) where.push(`occurred_at >= ${arg(q.since)}`);
    if (q.until) where.push(`occurred_at <= ${arg(q.until)}`);
    const r = await this.pool.query<{
      id: string; seq: string; kind: string; namespace: string; name: string; action: PolicyAuditRow['action']; before: unknown; after: unknown;
      diff: string; manager: string | null; annotations: Record<string, string>; occurred_at: Date; added_count: number; removed_count: number; exposures: unknown[];
    }>(`SELECT * FROM policy_audit WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${arg(q.limit + 1)}`, args);
    const items = r.rows.slice(0, q.limit).map((x) => ({
      id: Number(x.id), seq: Number(x.seq), kind: x.kind, namespace: x.namespace, name: x.name, action: x.action, before: x.before, after: x.after,
      diff: x.diff, manager: x.manager, annotations: x.annotations ?? {}, occurredAt: x.occurred_at, addedCount: x.added_count, removedCount: x.removed_count, exposures: x.exposures,
    }));
    return { items, nextBeforeSeq: r.rows.length > q.limit ? items[items.length - 1].seq : null };
  }

  /** The last journal position received at or before `at` (0: none). */
  async seqAt(clusterId: number, at: Date): Promise<number> {
    const r = await this.pool.query<{ seq: string }>(
      `SELECT seq FROM change_event WHERE cluster_id = $1 AND received_at <= $2 ORDER BY received_at DESC, seq DESC LIMIT 1`,
      [clusterId, at],
    );
    return r.rows.length ? Number(r.rows[0].seq) : 0;
  }

  /**
   * The objects as of journal position `seq` (default: the head). k8s_object holds the head's state; the
   * events after `seq` are undone newest first (each event's `before` is the object before it), all in
   * one snapshot. Returns null when the journal no longer holds every event after `seq` (pruned).
   * Cost: one read of every object of the cluster plus every event after `seq`.
   */
  async objectsAt(clusterId: number, seq?: number): Promise<ObjectsAt | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const c = await client.query<{ head: string }>(`SELECT next_seq - 1 AS head FROM cluster WHERE id = $1`, [clusterId]);
        if (c.rows.length === 0) return null;
        const head = Number(c.rows[0].head);
        const target = Math.min(seq ?? head, head);
        const objs = await client.query<{ kind: string; uid: string; object: unknown }>(
          `SELECT kind, uid, object FROM k8s_object WHERE cluster_id = $1`,
          [clusterId],
        );
        const byId = new Map<string, { kind: string; uid: string; object: unknown }>();
        for (const o of objs.rows) byId.set(`${o.kind}\u0000${o.uid}`, o);
        if (target < head) {
          const undo = await client.query<{ seq: string; kind: string; uid: string; before: unknown | null }>(
            `SELECT seq, kind, uid, before FROM change_event WHERE cluster_id = $1 AND seq > $2 ORDER BY seq DESC`,
            [clusterId, target],
          );
          // Gap-free journal (seq handed out under the cluster row lock): anything less means pruned events.
          if (undo.rows.length !== head - target) return null;
          for (const e of undo.rows) {
            const id = `${e.kind}\u0000${e.uid}`;
            if (e.before === null || e.before === undefined) byId.delete(id);
            else byId.set(id, { kind: e.kind, uid: e.uid, object: e.before });
          }
        }
        const objects = [...byId.values()].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.uid, b.uid));
        return { seq: target, head, objects };
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  }

  /** Up to `limit` events after `afterSeq`, in journal order. */
  async eventsAfter(clusterId: number, afterSeq: number, limit: number): Promise<ReplayEvent[]> {
    const r = await this.pool.query<{ seq: string; kind: string; uid: string; type: ReplayEvent['type']; after: unknown | null }>(
      `SELECT seq, kind, uid, type, after FROM change_event WHERE cluster_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [clusterId, afterSeq, limit],
    );
    return r.rows.map((e) => ({ seq: Number(e.seq), kind: e.kind, uid: e.uid, type: e.type, after: e.after }));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
