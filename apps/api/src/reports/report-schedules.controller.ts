import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Cluster, ClusterRepository, ReportSchedule, ReportScheduleRepository } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { canSeeCluster } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { CLUSTER_REPOSITORY, REPORT_SCHEDULE_REPOSITORY } from '../tokens';
import { IdPageQuery, IdParam, pageView } from '../webhooks/id-paging';
import { resolveClusterNames, visibleFleet } from './cluster-names';
import { nextCronRun } from './cron';
import { REPORTS_MSG } from './messages';
import { CreateScheduleBody } from './reports.schemas';

const idPipe = new ZodBodyPipe(IdParam, 'report schedule id');

function scheduleView(s: ReportSchedule, names: ReadonlyMap<number, string>) {
  const clusters = s.clusterIds.flatMap((id) => names.get(id) ?? []);
  return {
    id: s.id, name: s.name, framework: s.framework, scope: s.scope,
    // Empty `clusters` with fleet = true: every cluster at run time.
    fleet: s.clusterIds.length === 0, clusters, deletedClusters: s.clusterIds.length - clusters.length,
    cron: s.cron, timezone: 'UTC', periodDays: s.periodDays, enabled: s.enabled,
    nextRunAt: s.enabled ? s.nextRunAt.toISOString() : null, lastRunAt: s.lastRunAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(), createdBy: s.createdBy,
  };
}

/** A fleet schedule (no clusters named) is for those who see every cluster; a named one for those who see each. */
function canSeeSchedule(p: Principal, s: ReportSchedule): boolean {
  return p.clusterGrants === 'all' || (s.clusterIds.length > 0 && s.clusterIds.every((id) => canSeeCluster(p, id)));
}

/**
 * `/api/v1/report-schedules`: reports generated on a cron schedule (UTC) by the API's scheduler and stored
 * like any other. Reading: any role (schedules over visible clusters); creating and deleting: admin and
 * auditor, audited. A non-admin's schedule without clusters covers the clusters granted to them then.
 */
@ApiTags('reports')
@Controller('api/v1/report-schedules')
export class ReportSchedulesController {
  constructor(
    @Inject(REPORT_SCHEDULE_REPOSITORY) private readonly schedules: ReportScheduleRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Report schedules, newest first' })
  @ApiZodQuery(IdPageQuery)
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodBodyPipe(IdPageQuery, 'query')) q: IdPageQuery) {
    const visible = p.clusterGrants === 'all' ? 'all' : [...p.clusterGrants];
    const names = await this.names();
    return pageView(await this.schedules.list({ visible, limit: q.limit, beforeId: q.cursor }), (s) => scheduleView(s, names));
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Schedule a report (admin, auditor): framework, scope, clusters, cron (UTC, at most hourly), periodDays' })
  @ApiZodBody(CreateScheduleBody)
  async create(@CurrentPrincipal() p: Principal, @Body(new ZodBodyPipe(CreateScheduleBody, 'report schedule')) b: CreateScheduleBody, @Req() req: HttpRequest) {
    let clusters: Cluster[] = [];
    if (b.clusters.length) clusters = await resolveClusterNames(this.clusters, p, b.clusters, (i) => `clusters/${i}`, 'report schedule');
    else if (p.clusterGrants !== 'all') {
      // Fixed now: the schedule must not grow with grants given to its author later (or cover clusters they lost).
      clusters = await visibleFleet(this.clusters, p);
      if (clusters.length === 0) throw new ApiError('bad_request', REPORTS_MSG.noClusters);
    }
    const nextRunAt = nextCronRun(b.cron, new Date());
    // The schema checked that there is a future run; this is the run after the schema's "now".
    if (!nextRunAt) throw new ApiError('validation_failed', REPORTS_MSG.cronNoRun);
    const r = await this.schedules.create(
      { name: b.name, framework: b.framework, scope: b.scope, clusterIds: clusters.map((c) => c.id), cron: b.cron, periodDays: b.periodDays, nextRunAt },
      actorOf(p, req),
    );
    if (!r.ok) throw new ApiError('conflict', REPORTS_MSG.scheduleNameTaken(b.name));
    return scheduleView(r.schedule, await this.names());
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'One report schedule' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number) {
    return scheduleView(await this.visible(p, id), await this.names());
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'auditor')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'Delete a schedule (admin, auditor); the reports it produced stay' })
  async delete(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Req() req: HttpRequest): Promise<void> {
    await this.visible(p, id);
    if (!(await this.schedules.delete(id, actorOf(p, req)))) throw new ApiError('not_found', REPORTS_MSG.scheduleNotFound(id));
  }

  private async visible(p: Principal, id: number): Promise<ReportSchedule> {
    const s = await this.schedules.get(id);
    if (!s || !canSeeSchedule(p, s)) throw new ApiError('not_found', REPORTS_MSG.scheduleNotFound(id));
    return s;
  }

  private async names(): Promise<Map<number, string>> {
    return new Map((await this.clusters.list()).map((c) => [c.id, c.name]));
  }
}
