import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PostureReadRepository, PostureRow } from '@reachwatch/db';
import { POSTURE_WEIGHTS } from '@reachwatch/policy-engine';
import { ClusterAccess } from '../auth/cluster-access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { encodeCursor } from '../clusters/query';
import { POSTURE_READ_REPOSITORY } from '../clusters/rest-tokens';
import { ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { NamespacesQuery, WorkloadsQuery } from './posture.schemas';
import { WorkloadsService } from './workloads.service';

const w = POSTURE_WEIGHTS;
/** The score formula, as libs/policy-engine posture.ts computes it (SEMANTICS.md "Posture"). */
export const SCORE_FORMULA =
  `score = ${w.ingressCoverage}·(ingress-isolated pods / pods) + ${w.egressCoverage}·(egress-isolated pods / pods) + ` +
  `${w.defaultDenyIngress}·[default deny ingress] + ${w.defaultDenyEgress}·[default deny egress] + ` +
  `${w.notExposedToInternet}·[not exposed to the internet] + ${w.notReachableFromOtherNamespaces}·[not reachable from other namespaces]; ` +
  'a namespace without pods counts a coverage part in full only with the default deny of that direction. 0–100, higher is better.';

const pct = (n: number, of: number) => (of === 0 ? null : Math.round((1000 * n) / of) / 10);

export function postureView(r: PostureRow) {
  return {
    namespace: r.namespace,
    pods: r.pods,
    ingressIsolatedPods: r.ingressIsolatedPods,
    egressIsolatedPods: r.egressIsolatedPods,
    ingressIsolatedPercent: pct(r.ingressIsolatedPods, r.pods),
    egressIsolatedPercent: pct(r.egressIsolatedPods, r.pods),
    policies: r.policies,
    defaultDenyIngress: r.defaultDenyIngress,
    defaultDenyEgress: r.defaultDenyEgress,
    exposedToInternet: r.exposedToInternet,
    reachableFromOtherNamespaces: r.reachableFromOtherNamespaces,
    score: Math.round(r.score * 10) / 10,
    details: r.details,
    asOfSeq: r.updatedSeq,
  };
}

/** `/clusters/{c}/namespaces` (the worker's posture rows) and `/clusters/{c}/workloads`. Any role. */
@ApiTags('posture')
@Controller('api/v1/clusters/:cluster')
export class PostureController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(POSTURE_READ_REPOSITORY) private readonly posture: PostureReadRepository,
    @Inject(WorkloadsService) private readonly workloads: WorkloadsService,
  ) {}

  @Get('namespaces')
  @ApiOperation({ summary: 'Posture per namespace: isolation, default deny, exposure, score', description: SCORE_FORMULA })
  @ClusterParam()
  @ApiZodQuery(NamespacesQuery)
  async namespaces(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(NamespacesQuery, 'query')) q: NamespacesQuery) {
    const cluster = await this.access.assertClusterAccess(p, name);
    const page = await this.posture.list(cluster.id, {
      sort: q.sort, order: q.order, limit: q.limit, after: q.cursor, search: q.search, exposedToInternet: q.exposedToInternet,
      reachableFromOtherNamespaces: q.reachableFromOtherNamespaces, defaultDenyIngress: q.defaultDenyIngress, defaultDenyEgress: q.defaultDenyEgress,
      minScore: q.minScore, maxScore: q.maxScore,
    });
    return { items: page.items.map(postureView), nextCursor: page.next === null ? null : encodeCursor(page.next), scoreFormula: SCORE_FORMULA };
  }

  @Get('workloads')
  @ApiOperation({ summary: 'Workloads: pods, the policies that apply to them, exposure (internet, other namespaces)' })
  @ClusterParam()
  @ApiZodQuery(WorkloadsQuery)
  async list(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(WorkloadsQuery, 'query')) q: WorkloadsQuery) {
    const cluster = await this.access.assertClusterAccess(p, name);
    const r = await this.workloads.list(cluster, q);
    return { seq: r.seq, items: r.items, nextCursor: r.nextCursor === null ? null : encodeCursor(r.nextCursor) };
  }
}
