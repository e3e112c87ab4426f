import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { ApiConfig } from '../config';
import { ApiError } from '../common/api-error';
import type { HttpResponse } from '../common/http';
import { MSG } from '../common/messages';
import { ERROR_CODE_LOCAL } from '../common/request-log';
import { API_CONFIG, HEALTH_REGISTRY } from '../tokens';
import type { HealthRegistry, HealthReport } from './health-registry';

/** The part every API instance registers itself: without its database it can do nothing. */
export const DATABASE_PART = 'database';

/**
 * Liveness for operators and `npm start`: /healthz is 200 when every registered part is up, 503 naming
 * those that are down. /readyz asks only the database (can this instance serve requests?). Both answer
 * `{status, parts}`; a 503 also carries the usual `error` object so every error has one shape.
 */
@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_REGISTRY) private readonly health: HealthRegistry,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Get('healthz')
  async healthz(@Res({ passthrough: true }) res: HttpResponse) {
    return answer(res, await this.health.check(this.config.probeTimeoutMs));
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: HttpResponse) {
    return answer(res, await this.health.check(this.config.probeTimeoutMs, [DATABASE_PART]));
  }
}

function answer(res: HttpResponse, report: HealthReport) {
  if (report.ok) return { status: 'ok', parts: report.parts };
  res.status(503);
  res.locals[ERROR_CODE_LOCAL] = 'unavailable';
  const error = new ApiError('unavailable', MSG.partsDown(report.down), { down: report.down });
  return { status: 'down', parts: report.parts, ...error.toBody() };
}
