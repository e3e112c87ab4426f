import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterAccess } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ClusterParam } from '../openapi/zod-openapi';
import { WhatIfBody } from './whatif.schemas';
import { WhatIfService } from './whatif.service';

/** `POST /clusters/{c}/what-if` (admin, analyst). Changes nothing. */
@ApiTags('what-if')
@Controller('api/v1/clusters/:cluster/what-if')
export class WhatIfController {
  constructor(
    @Inject(ClusterAccess) private readonly access: ClusterAccess,
    @Inject(WhatIfService) private readonly whatIf: WhatIfService,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Manifests (YAML) against the live state: connections added/removed and new exposures; nothing is changed' })
  @ClusterParam()
  @ApiZodBody(WhatIfBody)
  async run(@CurrentPrincipal() p: Principal, @Param('cluster') name: string, @Body(new ZodBodyPipe(WhatIfBody, 'what-if request')) body: WhatIfBody) {
    return this.whatIf.run(await this.access.assertClusterAccess(p, name), body);
  }
}
