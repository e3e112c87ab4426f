import type { Pool } from 'pg';
import { toCluster, type Cluster, type ClusterFields } from './cluster.repository';

/**
 * The cluster row by name, for the check every `{cluster}` URL of the REST API makes on every request
 * (apps/api ClusterAccess). Plain SQL on the pool, one statement: through Prisma the same read costs a few
 * times more per request (query compilation, the adapter; ~1.5 vs ~0.5 ms measured on the bench machine),
 * a large part of a fast endpoint's budget. Never cached: the row carries the journal head (nextSeq) and
 * its absence is how a deleted cluster disappears, so every call reads it as of now.
 */
export class ClusterLookupRepository {
  constructor(private readonly pool: Pool) {}

  /** The same Cluster as ClusterRepository.getByName, or undefined when no cluster has that name. */
  async byName(name: string): Promise<Cluster | undefined> {
    const r = await this.pool.query<ClusterFields>(BY_NAME_SQL, [name]);
    const row = r.rows[0];
    return row ? toCluster(row) : undefined;
  }
}

// Aliased to the Prisma field names, so that ClusterRepository's toCluster maps both.
const BY_NAME_SQL = `
  SELECT id, name, cni, sync_state AS "syncState", last_seen_at AS "lastSeenAt", token_rotated_at AS "tokenRotatedAt",
         next_seq AS "nextSeq", created_at AS "createdAt"
    FROM cluster
   WHERE name = $1`;
