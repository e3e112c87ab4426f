import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PostureSample, PostureSampleRepository } from '@reachwatch/db';
import { ClusterAccess } from '../auth/cluster-access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { MSG } from '../common/messages';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { POSTURE_SAMPLE_REPOSITORY } from '../tokens';
import { TREND_MSG } from './messages';
import { TrendQuery } from './trend.schemas';

const DEFAULT_DAYS = 30;
const pct = (n: number, of: number) => (of === 0 ? null : Math.round((1000 * n) / of) / 10);

export function trendPoint(s: PostureSample) {
  return {
    at: s.at.toISOString(),
    ingressCoverage: pct(s.ingressIsolated, s.pods),
    egressCoverage: pct(s.egressIsolated, s.pods),
    score: Math.round(s.score * 10) / 10,
    pods: s.pods,
    seq: s.seq,
  };
}

/** `/clusters/{c}/trend`: coverage sparkline data. Any role with access to the cluster. */
@ApiTags('posture')
@Controller('api/v1/clusters/:cluster/trend')
export class TrendController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(POSTURE_SAMPLE_REPOSITORY) private readonly samples: PostureSampleRepository,
  ) {}

  @Get()
  @ClusterParam()
  @ApiOperation({ summary: 'Ingress/egress coverage, score and pods over time, downsampled to `points`', description: TREND_MSG.description })
  @ApiZodQuery(TrendQuery)
  async trend(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(TrendQuery, 'query')) q: TrendQuery) {
    const cluster = await this.access.assertClusterAccess(p, name);
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
    // The schema compares a given pair; a `from` given alone can still be after the default `to` (now).
    if (from.getTime() >= to.getTime()) throw new ApiError('validation_failed', MSG.invalidBody('query', 1), { issues: [{ path: 'from', code: 'custom', message: TREND_MSG.fromAfterTo }] });
    const points = await this.samples.trend(cluster.id, { from, to, points: q.points });
    return { cluster: cluster.name, from: from.toISOString(), to: to.toISOString(), points: points.map(trendPoint) };
  }
}
