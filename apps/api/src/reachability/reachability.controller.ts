import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ClusterAccess } from '../auth/cluster-access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { CommaList, Limit, NamespaceName, PortQuery } from '../clusters/query';
import { ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { EndpointQuery } from './endpoints';
import { ReachabilityService } from './reachability.service';

export const ExplainQuery = z.strictObject({
  from: EndpointQuery.describe('namespace/workload, namespace/workload[Kind], or an IP address / CIDR'),
  to: EndpointQuery.describe('namespace/workload, namespace/workload[Kind], or an IP address / CIDR'),
  port: PortQuery.describe('PROTOCOL/PORT, e.g. TCP/80'),
});
export const MatrixQuery = z.strictObject({
  namespaces: CommaList(NamespaceName, 50).describe('comma-separated namespaces (at most 50)'),
  level: z.enum(['namespace', 'workload']).default('namespace'),
  limit: Limit(10_000, 2000).describe('workload level: at most this many cells'),
});

/** `explain` and `matrix` of one cluster. Any role may read; `{cluster}` outside the caller's grants is 404. */
@ApiTags('reachability')
@Controller('api/v1/clusters/:cluster')
export class ReachabilityController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(ReachabilityService) private readonly reach: ReachabilityService,
  ) {}

  @Get('explain')
  @ApiOperation({ summary: 'Can A reach B on a port, and why', description: 'libs/policy-engine explainConnection on the cluster state at its journal head.' })
  @ClusterParam()
  @ApiZodQuery(ExplainQuery)
  async explain(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(ExplainQuery, 'query')) q: z.infer<typeof ExplainQuery>) {
    const cluster = await this.access.assertClusterAccess(p, name);
    return this.reach.explain(cluster, q.from, q.to, q.port);
  }

  @Get('matrix')
  @ApiOperation({ summary: 'Allowed ports between namespaces (or their workloads)', description: 'From the edge table (as of the worker cursor).' })
  @ClusterParam()
  @ApiZodQuery(MatrixQuery)
  async matrix(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(MatrixQuery, 'query')) q: z.infer<typeof MatrixQuery>) {
    const cluster = await this.access.assertClusterAccess(p, name);
    return this.reach.matrix(cluster, { namespaces: q.namespaces, level: q.level, limit: q.limit });
  }
}
