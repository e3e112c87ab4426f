import { Controller, Get, HttpCode, Inject, Optional, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AlertRepository, AlertRow, ClusterRepository } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { canSeeCluster } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { encodeCursor } from '../clusters/query';
import { REST_MSG } from '../clusters/rest-messages';
import { ALERT_REPOSITORY } from '../clusters/rest-tokens';
import { ApiZodQuery } from '../openapi/zod-openapi';
import { LIVE_PUBLISHER, type LivePublisher } from '../live/live-server';
import { CLUSTER_REPOSITORY } from '../tokens';
import { AlertIdParam, AlertsQuery } from './alerts.schemas';

const idPipe = new ZodBodyPipe(AlertIdParam, 'alert id');

export function alertView(a: AlertRow) {
  return {
    id: a.id, cluster: a.clusterName, rule: a.rule, severity: a.severity, state: a.state, message: a.message,
    subjectKey: a.subjectKey, subject: a.subject, details: a.details,
    firstSeen: a.firstSeen.toISOString(), lastSeen: a.lastSeen.toISOString(), firstSeq: a.firstSeq, lastSeq: a.lastSeq,
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt?.toISOString() ?? null, resolvedBy: a.resolvedBy,
  };
}

/**
 * `/api/v1/alerts`: alerts of the clusters the caller may see. Reading: any role; acknowledging and
 * resolving: admin and analyst (each written to user_audit). An alert of a hidden cluster is 404.
 */
@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    @Inject(ALERT_REPOSITORY) private readonly alerts: AlertRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    // Optional: an API assembled without the live module (some tests) has nobody to tell.
    @Optional() @Inject(LIVE_PUBLISHER) private readonly live?: LivePublisher,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alerts, newest first; filter by cluster, state, severity, rule' })
  @ApiZodQuery(AlertsQuery)
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodBodyPipe(AlertsQuery, 'query')) q: AlertsQuery) {
    let clusterId: number | undefined;
    if (q.cluster !== undefined) {
      const c = await this.clusters.getByName(q.cluster);
      if (!c || !canSeeCluster(p, c.id)) throw new ApiError('not_found', REST_MSG.unknownCluster(q.cluster));
      clusterId = c.id;
    }
    const page = await this.alerts.list({
      visible: p.clusterGrants === 'all' ? 'all' : [...p.clusterGrants], clusterId, states: q.state, severities: q.severity, rule: q.rule,
      limit: q.limit, beforeId: q.cursor,
    });
    return { items: page.items.map(alertView), nextCursor: page.nextBeforeId === null ? null : encodeCursor(page.nextBeforeId) };
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'One alert' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number) {
    return alertView(await this.visible(p, id));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Acknowledge an open alert (admin, analyst)' })
  async acknowledge(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest) {
    return this.transition(p, id, 'acknowledged', req);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Resolve an open or acknowledged alert by hand (admin, analyst); the worker re-opens a new one if the exposure appears again' })
  async resolve(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest) {
    return this.transition(p, id, 'resolved', req);
  }

  private async visible(p: Principal, id: number): Promise<AlertRow> {
    const a = await this.alerts.get(id);
    if (!a || !canSeeCluster(p, a.clusterId)) throw new ApiError('not_found', REST_MSG.alertNotFound(id));
    return a;
  }

  private async transition(p: Principal, id: number, to: 'acknowledged' | 'resolved', req: HttpRequest) {
    await this.visible(p, id);
    const r = await this.alerts.transition(id, to, actorOf(p, req));
    if (r.ok) {
      // Subscribed clients see a person's acknowledge/resolve as alert.updated, like the worker's changes.
      await this.live?.alertChanged(r.alert.clusterId, r.alert.id);
      return alertView(r.alert);
    }
    if (r.reason === 'not-found') throw new ApiError('not_found', REST_MSG.alertNotFound(id));
    throw new ApiError('conflict', REST_MSG.alertWrongState(id, r.alert!.state, to), { state: r.alert!.state });
  }
}
