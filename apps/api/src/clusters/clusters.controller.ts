import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { actorOf } from '../auth/actor';
import { ClusterAccess } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { ListClustersQuery, RegisterClusterBody } from './clusters.schemas';
import { ClustersService } from './clusters.service';
import { encodeCursor } from './query';

/** The API's own base URL as the client reached it (honours X-Forwarded-* only with trust proxy). */
function apiUrl(req: HttpRequest): string {
  const r = req as HttpRequest & { protocol?: string; get?(h: string): string | undefined };
  return `${r.protocol ?? 'http'}://${r.get?.('host') ?? req.headers.host ?? 'localhost'}`;
}

/** `/api/v1/clusters`: the fleet. Reading needs any role (and a grant); changing it needs admin. */
@ApiTags('clusters')
@Controller('api/v1/clusters')
export class ClustersController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(ClustersService) private readonly clusters: ClustersService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Clusters the caller may see, by name, with agent, sync, event lag and posture summary' })
  @ApiZodQuery(ListClustersQuery)
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodBodyPipe(ListClustersQuery, 'query')) q: z.infer<typeof ListClustersQuery>) {
    const page = await this.clusters.list(p, q.limit, q.cursor);
    return { items: page.items, nextCursor: page.nextAfter === null ? null : encodeCursor(page.nextAfter) };
  }

  /** Declared before `:cluster` so that it wins: "summary" is a valid cluster name, which this route shadows. */
  @Get('summary')
  @ApiOperation({ summary: 'Fleet posture summary over the clusters the caller may see' })
  async summary(@CurrentPrincipal() p: Principal) {
    return this.clusters.summary(p);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Register a cluster (admin): returns its agent token once, and how to start the agent' })
  @ApiZodBody(RegisterClusterBody)
  async register(@Body(new ZodBodyPipe(RegisterClusterBody, 'cluster')) body: RegisterClusterBody, @CurrentPrincipal() p: Principal, @Req() req: HttpRequest) {
    return this.clusters.register(body.name, body.cni, actorOf(p, req), apiUrl(req));
  }

  @Get(':cluster')
  @ClusterParam()
  @ApiOperation({ summary: 'One cluster with its status' })
  async get(@CurrentPrincipal() p: Principal, @Param('cluster') name: string) {
    return this.clusters.get(await this.access.assertClusterAccess(p, name));
  }

  @Post(':cluster/token')
  @Roles('admin')
  @ClusterParam()
  @ApiOperation({ summary: 'Rotate the agent token (admin): the old token stops working at once; the new one is shown once' })
  async rotate(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Req() req: HttpRequest) {
    return this.clusters.rotate(await this.access.assertClusterAccess(p, name), actorOf(p, req), apiUrl(req));
  }

  @Delete(':cluster')
  @HttpCode(204)
  @Roles('admin')
  @ClusterParam()
  @ApiOperation({ summary: 'Delete a cluster and everything stored for it (admin)' })
  async delete(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Req() req: HttpRequest): Promise<void> {
    await this.clusters.delete(await this.access.assertClusterAccess(p, name), actorOf(p, req));
  }
}
