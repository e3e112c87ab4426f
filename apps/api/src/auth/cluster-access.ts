import { Inject, Injectable } from '@nestjs/common';
import type { Cluster, ClusterLookupRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { AUTH_MSG } from './messages';
import type { Principal } from './principal';
import { CLUSTER_LOOKUP_REPOSITORY } from './tokens';

/** Whether the principal may see the cluster with this id (for filtering lists and socket events by id). */
export function canSeeCluster(principal: Principal, clusterId: number): boolean {
  return principal.clusterGrants === 'all' || principal.clusterGrants.has(clusterId);
}

/** The clusters of `all` the principal may see, in the given order. */
export function visibleClusters<C extends { id: number }>(principal: Principal, all: readonly C[]): C[] {
  return all.filter((c) => canSeeCluster(principal, c.id));
}

/**
 * The one rule for `{cluster}` in a URL or a socket room: the cluster, if it exists AND the principal may
 * see it; otherwise 404 with the same message either way, so a user learns nothing about clusters outside
 * their grants. REST controllers and the socket.io gateway inject this rather than re-implementing it.
 *
 * Nothing here is cached, so a deleted cluster or a revoked grant takes effect on the very next request:
 * the grants come with the Principal, which AuthGuard reads from the database on each request, and the
 * cluster row is read here on each call (one SQL statement on the pool). The row is also what keys the
 * explain cache (`nextSeq`, the journal head as of this request).
 */
@Injectable()
export class ClusterAccess {
  constructor(@Inject(CLUSTER_LOOKUP_REPOSITORY) private readonly clusters: ClusterLookupRepository) {}

  async assertClusterAccess(principal: Principal, clusterName: string): Promise<Cluster> {
    const cluster = await this.clusters.byName(clusterName);
    if (!cluster || !canSeeCluster(principal, cluster.id)) throw new ApiError('not_found', AUTH_MSG.clusterNotFound(clusterName));
    return cluster;
  }
}
