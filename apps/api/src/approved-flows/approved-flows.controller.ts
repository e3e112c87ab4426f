import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ApprovedFlow, ApprovedFlowRepository, ClusterRepository } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { ClusterAccess, canSeeCluster } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { resolveClusterNames } from '../reports/cluster-names';
import { APPROVED_FLOW_REPOSITORY, CLUSTER_REPOSITORY } from '../tokens';
import { IdParam, pageView } from '../webhooks/id-paging';
import { ApprovedFlowsQuery, CreateApprovedFlowBody } from './approved-flows.schemas';
import { APPROVED_FLOWS_MSG } from './messages';

const idPipe = new ZodBodyPipe(IdParam, 'approved flow id');

export function approvedFlowView(f: ApprovedFlow) {
  return {
    id: f.id, cluster: f.cluster, source: f.source, destination: f.destination, ports: f.ports, justification: f.justification,
    owner: f.owner, approver: f.approver, approvedAt: f.approvedAt.toISOString(), expiresAt: f.expiresAt?.toISOString() ?? null,
    createdAt: f.createdAt.toISOString(), createdBy: f.createdBy,
  };
}

/**
 * `/api/v1/approved-flows`: the register of flows into and out of compliance scopes that the organisation
 * approved (PCI DSS 1.2.5), which reports check allowed flows against. Reading: any role (fleet-wide
 * entries and those of granted clusters); writing: admin, audited.
 */
@ApiTags('approved-flows')
@Controller('api/v1/approved-flows')
export class ApprovedFlowsController {
  constructor(
    @Inject(APPROVED_FLOW_REPOSITORY) private readonly flows: ApprovedFlowRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Approved flows, newest first: fleet-wide ones and those of the clusters the caller may see' })
  @ApiZodQuery(ApprovedFlowsQuery)
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodBodyPipe(ApprovedFlowsQuery, 'query')) q: ApprovedFlowsQuery) {
    const clusterId = q.cluster === undefined ? undefined : (await this.access.assertClusterAccess(p, q.cluster)).id;
    const visible = p.clusterGrants === 'all' ? 'all' : [...p.clusterGrants];
    return pageView(await this.flows.list({ visible, clusterId, limit: q.limit, beforeId: q.cursor }), approvedFlowView);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Approve a flow (admin): source {namespace, workload?} | {internet: true} | {cidr}, destination, ports, justification, owner, approver' })
  @ApiZodBody(CreateApprovedFlowBody)
  async create(@CurrentPrincipal() p: Principal, @Body(new ZodBodyPipe(CreateApprovedFlowBody, 'approved flow')) b: CreateApprovedFlowBody, @Req() req: HttpRequest) {
    const [cluster] = await resolveClusterNames(this.clusters, p, b.cluster === undefined ? [] : [b.cluster], () => 'cluster', 'approved flow');
    const flow = await this.flows.create(
      {
        clusterId: cluster?.id ?? null, source: b.source, destination: b.destination, ports: b.ports, justification: b.justification,
        owner: b.owner, approver: b.approver, approvedAt: b.approvedAt, expiresAt: b.expiresAt ?? null,
      },
      actorOf(p, req),
    );
    return approvedFlowView(flow);
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'One approved flow' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number) {
    const f = await this.flows.get(id);
    if (!f || (f.clusterId !== null && !canSeeCluster(p, f.clusterId))) throw new ApiError('not_found', APPROVED_FLOWS_MSG.notFound(id));
    return approvedFlowView(f);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Withdraw an approval (admin); the audit log keeps the entry' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest): Promise<void> {
    if (!(await this.flows.delete(id, actorOf(p, req)))) throw new ApiError('not_found', APPROVED_FLOWS_MSG.notFound(id));
  }
}
