import { DynamicModule, Module } from '@nestjs/common';
import type { AlertRepository, AuditReadRepository, FleetRepository, GraphReadRepository, PostureReadRepository } from '@reachwatch/db';
import { AlertsController } from '../alerts/alerts.controller';
import { AuditController } from '../audit/audit.controller';
import { AuditService } from '../audit/audit.service';
import { GraphController } from '../graph/graph.controller';
import { GraphService } from '../graph/graph.service';
import { PostureController } from '../posture/posture.controller';
import { WorkloadsService } from '../posture/workloads.service';
import { DEFAULT_ENGINE_CACHE, ENGINE_CACHE_OPTIONS, EngineCache, type EngineCacheOptions } from '../reachability/engine-cache';
import { ReachabilityController } from '../reachability/reachability.controller';
import { ReachabilityService } from '../reachability/reachability.service';
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
}

/**
 * The REST resources of issue 4 beyond accounts: clusters, namespaces, workloads, graph, explain, matrix,
 * audit, what-if, alerts. Needs CoreModule (cluster repository) and AuthModule (guards, ClusterAccess).
 */
@Module({})
export class RestModule {
  static forRoot(deps: RestDeps): DynamicModule {
    return {
      module: RestModule,
      controllers: [ClustersController, PostureController, GraphController, ReachabilityController, AuditController, WhatIfController, AlertsController],
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
      ],
    };
  }
}
