import { Inject, Injectable } from '@nestjs/common';
import type { Cluster, ClusterRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { CLUSTER_REPOSITORY } from '../tokens';
import { AUTH_MSG } from './messages';
import type { Principal } from './principal';

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
 */
@Injectable()
export class ClusterAccess {
  constructor(@Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository) {}

  async assertClusterAccess(principal: Principal, clusterName: string): Promise<Cluster> {
    const cluster = await this.clusters.getByName(clusterName);
    if (!cluster || !canSeeCluster(principal, cluster.id)) throw new ApiError('not_found', AUTH_MSG.clusterNotFound(clusterName));
    return cluster;
  }
}
