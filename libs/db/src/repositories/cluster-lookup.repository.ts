import type { Pool } from 'pg';
import type { Cluster, CniProfileName } from './cluster.repository';

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
    const r = await this.pool.query<ClusterRow>(BY_NAME_SQL, [name]);
    const row = r.rows[0];
    return row ? toCluster(row) : undefined;
  }
}

const BY_NAME_SQL = `
  SELECT id, name, cni, sync_state, last_seen_at, token_rotated_at, next_seq, created_at
    FROM cluster
   WHERE name = $1`;

/** pg returns int8 as text. */
interface ClusterRow {
  id: string;
  name: string;
  cni: string;
  sync_state: string;
  last_seen_at: Date | null;
  token_rotated_at: Date | null;
  next_seq: string;
  created_at: Date;
}

function toCluster(row: ClusterRow): Cluster {
  return {
    id: Number(row.id),
    name: row.name,
    cni: row.cni as CniProfileName,
    syncState: row.sync_state as Cluster['syncState'],
    lastSeenAt: row.last_seen_at,
    tokenRotatedAt: row.token_rotated_at,
    nextSeq: Number(row.next_seq),
    createdAt: row.created_at,
  };
}
