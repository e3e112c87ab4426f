import type { Cluster, ClusterRepository } from '@reachwatch/db';
import { canSeeCluster } from '../auth/cluster-access';
import { AUTH_MSG } from '../auth/messages';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { MSG } from '../common/messages';

/**
 * Cluster names in a request body → the clusters, in the order given, duplicates dropped. A name that does
 * not exist and one outside the caller's grants get the same issue (as ClusterAccess answers for URLs),
 * as a 400 naming the field, so a body with three names says which one is wrong.
 */
export async function resolveClusterNames(
  repo: ClusterRepository,
  p: Principal,
  names: readonly string[],
  /** Where the i-th name is in the body, e.g. `clusters/${i}`. */
  path: (i: number) => string,
  what: string,
): Promise<Cluster[]> {
  if (names.length === 0) return [];
  const byName = new Map((await repo.list()).map((c) => [c.name, c]));
  const out: Cluster[] = [];
  const issues: { path: string; code: string; message: string }[] = [];
  names.forEach((name, i) => {
    const c = byName.get(name);
    if (!c || !canSeeCluster(p, c.id)) issues.push({ path: path(i), code: 'unknown_cluster', message: AUTH_MSG.clusterNotFound(name) });
    else if (!out.includes(c)) out.push(c);
  });
  if (issues.length) throw new ApiError('validation_failed', MSG.invalidBody(what, issues.length), { issues });
  return out;
}

/** Every cluster the caller may see (sorted by name, as the repository lists them): what a fleet-wide request covers. */
export async function visibleFleet(repo: ClusterRepository, p: Principal): Promise<Cluster[]> {
  return (await repo.list()).filter((c) => canSeeCluster(p, c.id));
}
