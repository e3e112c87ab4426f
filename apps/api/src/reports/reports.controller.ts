import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ComplianceReport } from '@reachwatch/compliance';
import type { ClusterRepository, ComplianceReportMeta, ComplianceReportRepository } from '@reachwatch/db';
import { actorOf } from '../auth/actor';
import { canSeeCluster } from '../auth/cluster-access';
import { Roles } from '../auth/decorators';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { ApiZodBody, ApiZodQuery } from '../openapi/zod-openapi';
import { CLUSTER_REPOSITORY, COMPLIANCE_REPORT_REPOSITORY } from '../tokens';
import { IdPageQuery, IdParam, pageView } from '../webhooks/id-paging';
import { resolveClusterNames, visibleFleet } from './cluster-names';
import { REPORTS_MSG } from './messages';
import { ReportBuilder } from './report-builder';
import { renderReport } from './report-files';
import { reportView } from './report-view';
import { DownloadQuery, GenerateReportBody, VerifyQuery } from './reports.schemas';

const idPipe = new ZodBodyPipe(IdParam, 'report id');

/**
 * `/api/v1/reports`: compliance reports of live clusters (PCI DSS 4.0.1, HIPAA, CIS 5.3.2, NSA/CISA).
 * Reading, downloading, verifying: any role, for reports whose every cluster the caller may see;
 * generating: admin and auditor, over clusters they may see (all of them when none are named).
 */
@ApiTags('reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    @Inject(COMPLIANCE_REPORT_REPOSITORY) private readonly reports: ComplianceReportRepository,
    @Inject(CLUSTER_REPOSITORY) private readonly clusters: ClusterRepository,
    @Inject(ReportBuilder) private readonly builder: ReportBuilder,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Reports, newest first, without their documents' })
  @ApiZodQuery(IdPageQuery)
  async list(@CurrentPrincipal() p: Principal, @Query(new ZodBodyPipe(IdPageQuery, 'query')) q: IdPageQuery) {
    const visible = p.clusterGrants === 'all' ? 'all' : [...p.clusterGrants];
    return pageView(await this.reports.list({ visible, limit: q.limit, beforeId: q.cursor }), reportView);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'auditor')
  @ApiOperation({
    summary: 'Generate a report now (admin, auditor) from the current state of the clusters; answers its metadata and summary',
    description: 'The period (`periodDays` up to now) is the window of the change log; the checks are computed on the state at the snapshot.',
  })
  @ApiZodBody(GenerateReportBody)
  async generate(@CurrentPrincipal() p: Principal, @Body(new ZodBodyPipe(GenerateReportBody, 'report request')) b: GenerateReportBody, @Req() req: HttpRequest) {
    const clusters = b.clusters.length ? await resolveClusterNames(this.clusters, p, b.clusters, (i) => `clusters/${i}`, 'report request') : await visibleFleet(this.clusters, p);
    const meta = await this.builder.generate({ framework: b.framework, scope: b.scope, clusters, periodDays: b.periodDays, scheduleId: null }, actorOf(p, req));
    return reportView(meta);
  }

  @Get(':id')
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: 'A report: metadata (framework, scope, clusters, period, snapshot time, state hash) and summary' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number) {
    const meta = await this.reports.getMeta(id);
    return reportView(this.visible(p, id, meta));
  }

  @Get(':id/download')
  @ApiParam({ name: 'id', type: Number })
  @ApiProduces('application/pdf', 'text/csv', 'application/json')
  @ApiOperation({ summary: 'The report as a file: pdf (with the data-flow diagram), csv or json (the record, with its state hash)' })
  @ApiZodQuery(DownloadQuery)
  async download(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Query(new ZodBodyPipe(DownloadQuery, 'query')) q: DownloadQuery) {
    const found = await this.reports.get(id);
    const meta = this.visible(p, id, found?.meta);
    const file = await renderReport(meta, found!.document as ComplianceReport, q.format);
    return new StreamableFile(file.body, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: file.body.length });
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiParam({ name: 'id', type: Number })
  @ApiOperation({ summary: "Recompute the report's state hash from the state at its snapshot (default) or from the current state, and say whether it matches" })
  @ApiZodQuery(VerifyQuery)
  async verify(@CurrentPrincipal() p: Principal, @Param('id', idPipe) id: number, @Query(new ZodBodyPipe(VerifyQuery, 'query')) q: VerifyQuery) {
    const found = await this.reports.get(id);
    const meta = this.visible(p, id, found?.meta);
    return this.builder.verify(meta, found!.document as ComplianceReport, q.against);
  }

  /** The same 404 for a report that does not exist and one covering a cluster the caller may not see. */
  private visible(p: Principal, id: number, meta: ComplianceReportMeta | undefined): ComplianceReportMeta {
    if (!meta || !meta.clusterIds.every((c) => canSeeCluster(p, c))) throw new ApiError('not_found', REPORTS_MSG.notFound(id));
    return meta;
  }
}
