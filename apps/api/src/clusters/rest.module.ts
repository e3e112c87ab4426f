import { DynamicModule, Module } from '@nestjs/common';
import type { AlertRepository, AuditReadRepository, FleetRepository, GraphReadRepository, PostureReadRepository } from '@reachwatch/db';
import type { AlertRuleConfigRepository, ApprovedFlowRepository, ComplianceReportRepository, PostureSampleRepository, ReportScheduleRepository, WebhookRepository } from '@reachwatch/db';
import { AlertRulesController } from '../alert-rules/alert-rules.controller';
import { AlertsController } from '../alerts/alerts.controller';
import { ApprovedFlowsController } from '../approved-flows/approved-flows.controller';
import { AuditController } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { GraphController } from '../graph/graph.controller';
import { GraphService } from '../graph/graph.service';
import { PostureController } from '../posture/posture.controller';
import { WorkloadsService } from '../posture/workloads.service';
import { DEFAULT_ENGINE_CACHE, ENGINE_CACHE_OPTIONS, EngineCache, type EngineCacheOptions } from '../reachability/engine-cache';
import { ReachabilityController } from '../reachability/reachability.controller';
import { ReachabilityService } from '../reachability/reachability.service';
import { ReportBuilder } from '../reports/report-builder';
import { DEFAULT_REPORT_SCHEDULER, ReportScheduler, type ReportSchedulerOptions } from '../reports/report-scheduler';
import { ReportSchedulesController } from '../reports/report-schedules.controller';
import { ReportsController } from '../reports/reports.controller';
import * as T from '../tokens';
import { TrendController } from '../trend/trend.controller';
import { WebhooksController } from '../webhooks/webhooks.controller';
import { WhatIfController } from '../whatif/whatif.controller';
import { WhatIfService } from '../whatif/whatif.service';
import { ClustersController } from './clusters.controller';
import { ClustersService } from './clusters.service';
import { ALERT_REPOSITORY, AUDIT_READ_REPOSITORY, FLEET_REPOSITORY, GRAPH_READ_REPOSITORY, POSTURE_READ_REPOSITORY } from './rest-tokens';

/** What createApi builds for the REST resources: the read repositories (on the shared pool) and cache sizing. */
export interface RestDeps {
  fleet: FleetRepository;
  posture: PostureReadRepository;
  graph: GraphReadRepository;
  audit: AuditReadRepository;
  alerts: AlertRepository;
  engineCache?: Partial<EngineCacheOptions>;
  /** Alerting and compliance: alert rules, webhooks, approved flows, reports and their schedules, coverage trends. */
  alerting: {
    alertRules: AlertRuleConfigRepository;
    webhooks: WebhookRepository;
    approvedFlows: ApprovedFlowRepository;
    reports: ComplianceReportRepository;
    schedules: ReportScheduleRepository;
    postureSamples: PostureSampleRepository;
    scheduler?: Partial<ReportSchedulerOptions>;
  };
}

/**
 * The REST resources beyond accounts: clusters, namespaces, workloads, graph, explain, matrix, audit,
 * what-if, alerts; alert rules, webhooks, approved flows, compliance reports and schedules, trends (one
 * module, because reports share the engine cache with explain and what-if). Needs CoreModule (cluster
 * repository) and AuthModule (guards, ClusterAccess).
 */
@Module({})
export class RestModule {
  static forRoot(deps: RestDeps): DynamicModule {
    return {
      module: RestModule,
      controllers: [
        ClustersController, PostureController, GraphController, ReachabilityController, AuditController, WhatIfController, AlertsController,
        AlertRulesController, WebhooksController, ApprovedFlowsController, ReportsController, ReportSchedulesController, TrendController,
      ],
      providers: [
        { provide: FLEET_REPOSITORY, useValue: deps.fleet },
        { provide: POSTURE_READ_REPOSITORY, useValue: deps.posture },
        { provide: GRAPH_READ_REPOSITORY, useValue: deps.graph },
        { provide: AUDIT_READ_REPOSITORY, useValue: deps.audit },
        { provide: ALERT_REPOSITORY, useValue: deps.alerts },
        { provide: ENGINE_CACHE_OPTIONS, useValue: { ...DEFAULT_ENGINE_CACHE, ...deps.engineCache } },
        EngineCache,
        ClustersService,
        WorkloadsService,
        GraphService,
        ReachabilityService,
        AuditService,
        WhatIfService,
        { provide: T.ALERT_RULE_CONFIG_REPOSITORY, useValue: deps.alerting.alertRules },
        { provide: T.WEBHOOK_REPOSITORY, useValue: deps.alerting.webhooks },
        { provide: T.APPROVED_FLOW_REPOSITORY, useValue: deps.alerting.approvedFlows },
        { provide: T.COMPLIANCE_REPORT_REPOSITORY, useValue: deps.alerting.reports },
        { provide: T.REPORT_SCHEDULE_REPOSITORY, useValue: deps.alerting.schedules },
        { provide: T.POSTURE_SAMPLE_REPOSITORY, useValue: deps.alerting.postureSamples },
        { provide: T.REPORT_SCHEDULER_OPTIONS, useValue: { ...DEFAULT_REPORT_SCHEDULER, ...deps.alerting.scheduler } },
        ReportBuilder,
        ReportScheduler,
      ],
    };
  }
}
