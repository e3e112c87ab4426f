import { Inject, Injectable } from '@nestjs/common';
import type { AuditReadRepository, Cluster, PolicyAuditRow } from '@reachwatch/db';
import { clusterPosture } from '@reachwatch/policy-engine';
import { ApiError } from '../common/api-error';
import { REST_MSG } from '../clusters/rest-messages';
import { AUDIT_READ_REPOSITORY } from '../clusters/rest-tokens';
import { EngineCache } from '../reachability/engine-cache';
import type { AuditQuery } from './audit.schemas';

function entryView(r: PolicyAuditRow) {
  return {
    seq: r.seq,
    occurredAt: r.occurredAt.toISOString(),
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    action: r.action,
    manager: r.manager,
    annotations: r.annotations,
    before: r.before,
    after: r.after,
    diff: r.diff,
    impact: { connectionsAdded: r.addedCount, connectionsRemoved: r.removedCount, newExposures: r.exposures },
  };
}

/** The policy audit trail (the worker's policy_audit rows) and posture as it was at a past time. */
@Injectable()
export class AuditService {
  constructor(
    @Inject(AUDIT_READ_REPOSITORY) private readonly audit: AuditReadRepository,
    @Inject(EngineCache) private readonly cache: EngineCache,
  ) {}

  async list(cluster: Cluster, q: AuditQuery) {
    const until = q.at && (!q.until || q.at < q.until) ? q.at : q.until;
    const page = await this.audit.list(cluster.id, { limit: q.limit, beforeSeq: q.cursor, namespace: q.namespace, kind: q.kind, since: q.since, until });
    return {
      items: page.items.map(entryView),
      nextCursor: page.nextBeforeSeq,
      ...(q.at ? { postureAt: await this.postureAt(cluster, q.at) } : {}),
    };
  }

  /**
   * Posture of every namespace after the last event received at or before `at`: the objects as of that
   * seq (k8s_object with the later events undone), a fresh engine, libs/policy-engine clusterPosture.
   * Cost: one read of the cluster's objects and of every event since `at`, plus a full engine load — about
   * what a worker rebuild costs (seconds at 50k pods); nothing is cached.
   */
  private async postureAt(cluster: Cluster, at: Date) {
    const seq = await this.audit.seqAt(cluster.id, at);
    const snap = await this.cache.asOf(cluster, seq);
    if (!snap) throw new ApiError('not_found', REST_MSG.journalPruned(at.toISOString()));
    const namespaces = clusterPosture(snap.state(), snap.connections()).map((p) => ({
      namespace: p.namespace, pods: p.pods, ingressIsolatedPods: p.ingressIsolatedPods, egressIsolatedPods: p.egressIsolatedPods,
      policies: p.policies, defaultDenyIngress: p.defaultDenyIngress, defaultDenyEgress: p.defaultDenyEgress,
      exposedToInternet: p.exposedToInternet, reachableFromOtherNamespaces: p.reachableFromOtherNamespaces, score: p.score, details: p.details,
    }));
    return { at: at.toISOString(), seq, namespaces };
  }
}
