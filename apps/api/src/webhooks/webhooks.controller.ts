import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ClusterRepository, Webhook, WebhookDeliveryRow, WebhookRepository } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { resolveClusterNames } from '../reports/cluster-names';
import { CLUSTER_REPOSITORY, WEBHOOK_REPOSITORY } from '../tokens';
import { IdPageQuery, IdParam, pageView } from './id-paging';
import { WEBHOOKS_MSG } from './messages';
import { CreateWebhookBody, PatchWebhookBody } from './webhooks.schemas';

const idPipe = new ZodBodyPipe(IdParam, 'webhook id');

/** Never the secret: only whether there is one. */
export function webhookView(w: Webhook) {
  return {
    id: w.id, name: w.name, url: w.url, format: w.format, hasSecret: w.hasSecret, minSeverity: w.minSeverity,
    clusters: w.clusterNames,
    // Clusters of the filter that were deleted since: a filter left with none of its clusters matches nothing.
    deletedClusters: w.clusterIds.length - w.clusterNames.length,
    rules: w.rules, enabled: w.enabled, createdAt: w.createdAt.toISOString(), createdBy: w.createdBy,
  };
}

export function deliveryView(d: WebhookDeliveryRow) {
  return {
    id: d.id, webhookId: d.webhookId, alertId: d.alertId, event: d.event, state: d.state, attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt.toISOString() : null, lastStatus: d.lastStatus, lastError: d.lastError,
    createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null, payload: d.payload,
  };
}

/**
 * `/api/v1/webhooks`: where alerts are posted (json or Slack format, optional HMAC signature), filtered by
 * cluster, rule and minimum severity; the delivery log; a test send. Admin only; every change audited.
 */
@ApiTags('webhooks')
@Roles('admin')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    @Inject(WEBHOOK_REPOSITORY) private readonly webhooks: WebhookRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Webhooks, newest first (admin)' })
  @ApiZodQuery(IdPageQuery)
  async list(@Query(new ZodBodyPipe(IdPageQuery, 'query')) q: IdPageQuery) {
    return pageView(await this.webhooks.list({ limit: q.limit, beforeId: q.cursor }), webhookView);
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a webhook (admin); the secret is stored to sign bodies and never returned (`hasSecret`)' })
  @ApiZodBody(CreateWebhookBody)
  async create(@CurrentPrincipal() p: Principal, @Body(new ZodBodyPipe(CreateWebhookBody, 'webhook')) body: CreateWebhookBody, @Req() req: HttpRequest) {
    const clusters = await resolveClusterNames(this.clusters, p, body.clusters, (i) => `clusters/${i}`, 'webhook');
    const r = await this.webhooks.create(
      {
        name: body.name, url: body.url, format: body.format, secret: body.secret ?? null, minSeverity: body.minSeverity,
        clusterIds: clusters.map((c) => c.id), rules: body.rules, enabled: body.enabled,
      },
      actorOf(p, req),
    );
    if (!r.ok) throw new ApiError('conflict', WEBHOOKS_MSG.nameTaken(body.name));
    return webhookView(r.webhook);
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'One webhook (admin)' })
  async get(@Param('id', idPipe) id: number) {
    return webhookView(await this.found(id));
  }

  @Patch(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Enable or disable a webhook (admin); a disabled webhook gets no new deliveries' })
  @ApiZodBody(PatchWebhookBody)
  async patch(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Body(new ZodBodyPipe(PatchWebhookBody, 'webhook change')) body: PatchWebhookBody, @Req() req: HttpRequest) {
    const w = await this.webhooks.setEnabled(id, body.enabled, actorOf(p, req));
    if (!w) throw new ApiError('not_found', WEBHOOKS_MSG.notFound(id));
    return webhookView(w);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Delete a webhook and its delivery log (admin)' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest): Promise<void> {
    if (!(await this.webhooks.delete(id, actorOf(p, req)))) throw new ApiError('not_found', WEBHOOKS_MSG.notFound(id));
  }

  @Get(':id/deliveries')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Deliveries of a webhook, newest first: state (pending, delivered, dead), attempts, last status and error (admin)' })
  @ApiZodQuery(IdPageQuery)
  async deliveries(@Param('id', idPipe) id: number, @Query(new ZodBodyPipe(IdPageQuery, 'query')) q: IdPageQuery) {
    await this.found(id);
    return pageView(await this.webhooks.deliveries(id, { limit: q.limit, beforeId: q.cursor }), deliveryView);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Queue a test delivery (admin); the dispatcher sends it like an alert, also for a disabled webhook' })
  async test(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest) {
    const d = await this.webhooks.enqueueTest(id, actorOf(p, req));
    if (!d) throw new ApiError('not_found', WEBHOOKS_MSG.notFound(id));
    return { delivery: deliveryView(d), message: WEBHOOKS_MSG.testQueued };
  }

  private async found(id: number): Promise<Webhook> {
    const w = await this.webhooks.get(id);
    if (!w) throw new ApiError('not_found', WEBHOOKS_MSG.notFound(id));
    return w;
  }
}
