import type { Pool } from 'pg';

/** The prefix of every worker connection's application_name: how workers see each other (liveWorkers). */
export const WORKER_APPLICATION_PREFIX = 'reachwatch-worker:';

export interface LeaseRow {
  clusterId: string;
  workerId: string;
  expiresAt: Date;
}

/**
 * Which worker owns which cluster (worker_lease). A lease lasts `leaseSeconds` from its last renewal; an
 * expired lease may be taken by any worker, so a dead worker's clusters move within one lease period.
 * Every statement re-checks expiry under the row lock, so two workers never both win one cluster.
 */
export class WorkerLeaseRepository {
  constructor(private readonly pool: Pool) {}

  /**
   * Renews every lease `workerId` holds, then claims up to `maxNew` clusters that have no lease or an
   * expired one (lowest ids first). Returns the clusters it holds afterwards, sorted.
   */
  async acquire(workerId: string, leaseSeconds: number, maxNew: number): Promise<string[]> {
    const client = await this.pool.connect();
    try {
      const renewed = await client.query<{ cluster_id: string }>(
        `UPDATE worker_lease SET expires_at = now() + make_interval(secs => $2)
          WHERE worker_id = $1 RETURNING cluster_id`,
        [workerId, leaseSeconds],
      );
      let claimed: string[] = [];
      if (maxNew > 0) {
        const r = await client.query<{ cluster_id: string }>(
          `INSERT INTO worker_lease (cluster_id, worker_id, expires_at)
           SELECT c.id, $1, now() + make_interval(secs => $2)
             FROM cluster c LEFT JOIN worker_lease l ON l.cluster_id = c.id
            WHERE l.cluster_id IS NULL OR l.expires_at < now()
            ORDER BY c.id LIMIT $3
           ON CONFLICT (cluster_id) DO UPDATE
             SET worker_id = EXCLUDED.worker_id, expires_at = EXCLUDED.expires_at, acquired_at = now()
             WHERE worker_lease.expires_at < now()
           RETURNING cluster_id`,
          [workerId, leaseSeconds, maxNew],
        );
        claimed = r.rows.map((x) => String(x.cluster_id));
      }
      return [...new Set([...renewed.rows.map((x) => String(x.cluster_id)), ...claimed])].sort(byId);
    } finally {
      client.release();
    }
  }

  /** Gives clusters back (all of this worker's when `clusterIds` is absent); others may take them at once. */
  async release(workerId: string, clusterIds?: readonly string[]): Promise<void> {
    if (clusterIds) {
      await this.pool.query(`DELETE FROM worker_lease WHERE worker_id = $1 AND cluster_id = ANY($2::bigint[])`, [workerId, clusterIds]);
    } else {
      await this.pool.query(`DELETE FROM worker_lease WHERE worker_id = $1`, [workerId]);
    }
  }

  async list(): Promise<LeaseRow[]> {
    const r = await this.pool.query<{ cluster_id: string; worker_id: string; expires_at: Date }>(
      `SELECT cluster_id, worker_id, expires_at FROM worker_lease ORDER BY cluster_id`,
    );
    return r.rows.map((x) => ({ clusterId: String(x.cluster_id), workerId: x.worker_id, expiresAt: x.expires_at }));
  }

  async clusterCount(): Promise<number> {
    const r = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM cluster`);
    return Number(r.rows[0].n);
  }

  /**
   * Workers alive now: those with a session open (their pools set application_name to
   * WORKER_APPLICATION_PREFIX + id; a killed process's sessions end with it) or an unexpired lease.
   */
  async liveWorkers(): Promise<string[]> {
    const r = await this.pool.query<{ id: string }>(
      `SELECT substr(application_name, length($1) + 1) AS id FROM pg_stat_activity
        WHERE datname = current_database() AND starts_with(application_name, $1)
       UNION
       SELECT worker_id FROM worker_lease WHERE expires_at > now()`,
      [WORKER_APPLICATION_PREFIX],
    );
    return r.rows.map((x) => x.id).sort();
  }
}

function byId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
