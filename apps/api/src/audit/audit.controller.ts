import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterAccess } from '../auth/cluster-access';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { encodeCursor } from '../clusters/query';
import { ApiZodQuery, ClusterParam } from '../openapi/zod-openapi';
import { AuditQuery } from './audit.schemas';
import { AuditService } from './audit.service';

/** `/clusters/{c}/audit`. Any role. */
@ApiTags('audit')
@Controller('api/v1/clusters/:cluster/audit')
export class AuditController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Policy changes, newest first: before/after, diff, who (managedFields manager), when, reachability impact',
    description: '`at`: also the posture of every namespace as it was then, rebuilt from the journal (costs a full engine load).',
  })
  @ClusterParam()
  @ApiZodQuery(AuditQuery)
  async list(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Query(new ZodBodyPipe(AuditQuery, 'query')) q: AuditQuery) {
    const r = await this.audit.list(await this.access.assertClusterAccess(p, name), q);
    return { ...r, nextCursor: r.nextCursor === null ? null : encodeCursor(r.nextCursor) };
  }
}
