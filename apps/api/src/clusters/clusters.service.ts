import { Inject, Injectable } from '@nestjs/common';
import type { Actor, Cluster, ClusterRepository, FleetRepository } from '@reachwatch/db';
import { visibleClusters } from '../auth/cluster-access';
import type { Principal } from '../auth/principal';
import { EngineCache } from '../reachability/engine-cache';
import { CLUSTER_REPOSITORY } from '../tokens';
import { agentSetup, clusterView, type ClusterView } from './cluster-view';
import { FLEET_REPOSITORY } from './rest-tokens';

/** The fleet: clusters with their status, the fleet summary, and the admin operations. */
@Injectable()
export class ClustersService {
  constructor(
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(FLEET_REPOSITORY) private readonly fleet: FleetRepository,
    @Inject(EngineCache) private readonly cache: EngineCache,
  ) {}

  /** Visible clusters sorted by name (unique: a stable keyset), one page, with their status. */
  async list(p: Principal, limit: number, afterName?: string): Promise<{ items: ClusterView[]; nextAfter: string | null }> {
    const all = visibleClusters(p, await this.clusters.list()).filter((c) => afterName === undefined || c.name > afterName);
    const page = all.slice(0, limit);
    const views = await this.views(page);
    return { items: views, nextAfter: all.length > limit ? page[page.length - 1].name : null };
  }

  async get(cluster: Cluster): Promise<ClusterView> {
    return (await this.views([cluster]))[0];
  }

  /** Totals over every cluster the caller may see. */
  async summary(p: Principal) {
    const views = await this.views(visibleClusters(p, await this.clusters.list()));
    const sum = (f: (v: ClusterView) => number) => views.reduce((a, v) => a + f(v), 0);
    const pods = sum((v) => v.posture.pods);
    const namespaces = sum((v) => v.posture.namespaces);
    const scored = views.filter((v) => v.posture.averageScore !== null);
    const pct = (n: number) => (pods === 0 ? null : Math.round((1000 * n) / pods) / 10);
    return {
      clusters: views.length,
      syncing: views.filter((v) => v.sync.state !== 'synced').length,
      lagging: views.filter((v) => v.journal.lag > 0).length,
      namespaces,
      pods,
      ingressIsolatedPercent: pct(sum((v) => v.posture.ingressIsolatedPods)),
      egressIsolatedPercent: pct(sum((v) => v.posture.egressIsolatedPods)),
      internetExposedNamespaces: sum((v) => v.posture.internetExposedNamespaces),
      crossNamespaceReachableNamespaces: sum((v) => v.posture.crossNamespaceReachableNamespaces),
      // Weighted by namespaces, so the fleet score is the mean over every namespace of the fleet.
      averageScore: namespaces === 0 ? null : Math.round((10 * scored.reduce((a, v) => a + v.posture.averageScore! * v.posture.namespaces, 0)) / namespaces) / 10,
      openAlerts: {
        low: sum((v) => v.openAlerts.low), medium: sum((v) => v.openAlerts.medium),
        high: sum((v) => v.openAlerts.high), critical: sum((v) => v.openAlerts.critical),
      },
      worst: [...scored].sort((a, b) => a.posture.averageScore! - b.posture.averageScore! || (a.name < b.name ? -1 : 1)).slice(0, 5)
        .map((v) => ({ name: v.name, averageScore: v.posture.averageScore })),
    };
  }

  async register(name: string, cni: 'generic' | 'calico', actor: Actor, apiUrl: string) {
    const { cluster, token } = await this.fleet.register(name, cni, actor);
    return { cluster: await this.get(cluster), token, agent: agentSetup(cluster.name, token, apiUrl) };
  }

  async rotate(cluster: Cluster, actor: Actor, apiUrl: string) {
    const { token, rotatedAt } = await this.fleet.rotateToken(cluster, actor);
    return { token, tokenRotatedAt: rotatedAt.toISOString(), agent: agentSetup(cluster.name, token, apiUrl) };
  }

  async delete(cluster: Cluster, actor: Actor): Promise<void> {
    await this.fleet.delete(cluster, actor);
    this.cache.forget(cluster.id);
  }

  private async views(list: readonly Cluster[]): Promise<ClusterView[]> {
    const status = await this.fleet.statuses(list.map((c) => c.id));
    const now = Date.now();
    return list.map((c) => clusterView(c, status.get(c.id), now));
  }
}
