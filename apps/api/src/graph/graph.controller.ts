import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterAccess } from '../auth/cluster-access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { GraphQuery } from './graph.schemas';
import { GraphService } from './graph.service';

/** `/clusters/{c}/graph`. Any role. */
@ApiTags('graph')
@Controller('api/v1/clusters/:cluster/graph')
export class GraphController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(GraphService) private readonly graph: GraphService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Nodes and edges at namespace or workload level, filterable by namespace, port and peer type' })
  @ClusterParam()
  @ApiZodQuery(GraphQuery)
  async get(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(GraphQuery, 'query')) q: GraphQuery) {
    return this.graph.graph(await this.access.assertClusterAccess(p, name), q);
  }
}
