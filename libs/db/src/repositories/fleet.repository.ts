import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DbError } from '../errors';
import { generateAgentToken, type Cluster, type CniProfileName } from './cluster.repository';
import type { Actor } from './user-audit.repository';

/** How far the worker is behind the journal, and the posture of a cluster in a few numbers. */
export interface ClusterStatus {
  clusterId: number;
  /** The last journal position (0: nothing ingested yet). */
  head: number;
  /** The worker cursor (0: the worker has applied nothing yet). */
  cursor: number;
  /** When the worker last moved the cursor; null before its first step. */
  cursorAt: Date | null;
  posture: PostureSummary;
  /** Alerts not resolved, per severity. */
  openAlerts: Record<'low' | 'medium' | 'high' | 'critical', number>;
}

export interface PostureSummary {
  namespaces: number;
  pods: number;
  ingressIsolatedPods: number;
  egressIsolatedPods: number;
  defaultDenyIngressNamespaces: number;
  defaultDenyEgressNamespaces: number;
  internetExposedNamespaces: number;
  crossNamespaceReachableNamespaces: number;
  /** Mean of the namespace scores (each namespace counts once); null without namespaces. */
  averageScore: number | null;
  minScore: number | null;
}

const EMPTY_POSTURE: PostureSummary = {
  namespaces: 0, pods: 0, ingressIsolatedPods: 0, egressIsolatedPods: 0, defaultDenyIngressNamespaces: 0,
  defaultDenyEgressNamespaces: 0, internetExposedNamespaces: 0, crossNamespaceReachableNamespaces: 0, averageScore: null, minScore: null,
};

/** The same hash ClusterRepository.authenticate compares against (SHA-256, hex). */
const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The fleet as the REST API shows and administers it: per-cluster status in one query per page, and the
 * admin changes (register, rotate, delete) each committed together with its user_audit row.
 */
export class FleetRepository {
  constructor(private readonly pool: Pool) {}

  /** Status of each cluster id given (ids without a cluster are absent from the map). */
  async statuses(ids: readonly number[]): Promise<Map<number, ClusterStatus>> {
    const out = new Map<number, ClusterStatus>();
    if (ids.length === 0) return out;
    const r = await this.pool.query<{
      id: string; head: string; cursor: string | null; cursor_at: Date | null; namespaces: number; pods: string | null;
      ingress: string | null; egress: string | null; dd_in: number; dd_eg: number; internet: number; cross: number;
      avg_score: number | null; min_score: number | null; alerts: Record<string, number> | null;
    }>(
      `SELECT c.id, c.next_seq - 1 AS head, w.last_seq AS cursor, w.updated_at AS cursor_at,
              p.namespaces, p.pods, p.ingress, p.egress, p.dd_in, p.dd_eg, p.internet, p.cross, p.avg_score, p.min_score, a.alerts
         FROM cluster c
         LEFT JOIN worker_cursor w ON w.cluster_id = c.id
         LEFT JOIN LATERAL (
           SELECT count(*)::int AS namespaces, sum(pods) AS pods, sum(ingress_isolated_pods) AS ingress, sum(egress_isolated_pods) AS egress,
                  count(*) FILTER (WHERE default_deny_ingress)::int AS dd_in, count(*) FILTER (WHERE default_deny_egress)::int AS dd_eg,
                  count(*) FILTER (WHERE exposed_to_internet)::int AS internet, count(*) FILTER (WHERE reachable_from_other_namespaces)::int AS cross,
                  avg(score)::float8 AS avg_score, min(score)::float8 AS min_score
             FROM posture WHERE cluster_id = c.id) p ON true
         LEFT JOIN LATERAL (
           SELECT jsonb_object_agg(severity, n) AS alerts
             FROM (SELECT severity, count(*)::int AS n FROM alert WHERE cluster_id = c.id AND state <> 'resolved' GROUP BY severity) s) a ON true
        WHERE c.id = ANY($1::bigint[])`,
      [ids.map(String)],
    );
    for (const x of r.rows) {
      const posture: PostureSummary = x.namespaces === 0 ? { ...EMPTY_POSTURE } : {
        namespaces: x.namespaces, pods: Number(x.pods ?? 0), ingressIsolatedPods: Number(x.ingress ?? 0), egressIsolatedPods: Number(x.egress ?? 0),
        defaultDenyIngressNamespaces: x.dd_in, defaultDenyEgressNamespaces: x.dd_eg, internetExposedNamespaces: x.internet,
        crossNamespaceReachableNamespaces: x.cross, averageScore: x.avg_score === null ? null : Math.round(x.avg_score * 10) / 10, minScore: x.min_score,
      };
      out.set(Number(x.id), {
        clusterId: Number(x.id), head: Number(x.head), cursor: Number(x.cursor ?? 0), cursorAt: x.cursor_at, posture,
        openAlerts: { low: 0, medium: 0, high: 0, critical: 0, ...(x.alerts ?? {}) },
      });
    }
    return out;
  }

  /** Creates a cluster and its agent token (returned once); the audit row commits with it. Throws CLUSTER_EXISTS. */
  async register(name: string, cni: CniProfileName, actor: Actor): Promise<{ cluster: Cluster; token: string }> {
    const token = generateAgentToken();
    return this.tx(async (c) => {
      const r = await c.query<ClusterSql>(
        `INSERT INTO cluster (name, cni, agent_token_hash, token_rotated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO NOTHING RETURNING ${CLUSTER_COLUMNS}`,
        [name, cni, tokenHash(token)],
      );
      if (r.rows.length === 0) throw new DbError('CLUSTER_EXISTS', `A cluster named "${name}" already exists.`);
      const cluster = toCluster(r.rows[0]);
      await audit(c, actor, 'cluster.register', cluster, { cni });
      return { cluster, token };
    });
  }

  /** A new agent token; the previous one stops working at once. Throws CLUSTER_NOT_FOUND. */
  async rotateToken(cluster: Cluster, actor: Actor): Promise<{ token: string; rotatedAt: Date }> {
    const token = generateAgentToken();
    return this.tx(async (c) => {
      const r = await c.query<{ token_rotated_at: Date }>(
        `UPDATE cluster SET agent_token_hash = $2, token_rotated_at = now() WHERE id = $1 RETURNING token_rotated_at`,
        [cluster.id, tokenHash(token)],
      );
      if (r.rows.length === 0) throw new DbError('CLUSTER_NOT_FOUND', `No cluster named "${cluster.name}".`);
      await audit(c, actor, 'cluster.rotate_token', cluster, {});
      return { token, rotatedAt: r.rows[0].token_rotated_at };
    });
  }

  /** Deletes a cluster and (ON DELETE CASCADE) everything stored for it. Throws CLUSTER_NOT_FOUND. */
  async delete(cluster: Cluster, actor: Actor): Promise<void> {
    await this.tx(async (c) => {
      const r = await c.query(`DELETE FROM cluster WHERE id = $1`, [cluster.id]);
      if (r.rowCount === 0) throw new DbError('CLUSTER_NOT_FOUND', `No cluster named "${cluster.name}".`);
      await audit(c, actor, 'cluster.delete', cluster, {});
    });
  }

  private async tx<T>(f: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await f(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }
}

const CLUSTER_COLUMNS = 'id, name, cni, sync_state, last_seen_at, token_rotated_at, next_seq, created_at';
interface ClusterSql {
  id: string; name: string; cni: string; sync_state: string; last_seen_at: Date | null; token_rotated_at: Date | null; next_seq: string; created_at: Date;
}

function toCluster(r: ClusterSql): Cluster {
  return {
    id: Number(r.id), name: r.name, cni: r.cni as CniProfileName, syncState: r.sync_state as Cluster['syncState'],
    lastSeenAt: r.last_seen_at, tokenRotatedAt: r.token_rotated_at, nextSeq: Number(r.next_seq), createdAt: r.created_at,
  };
}

async function audit(c: PoolClient, actor: Actor, action: string, cluster: Cluster, details: Record<string, unknown>): Promise<void> {
  await c.query(
    `INSERT INTO user_audit (actor_user_id, actor_email, ip, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, 'cluster', $5, $6)`,
    [actor.userId, actor.email, actor.ip, action, cluster.id, { name: cluster.name, ...details }],
  );
}
