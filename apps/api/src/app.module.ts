import { DynamicModule, Global, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { ClusterRepository, IngestRepository } from '@reachwatch/db';
import { AuthModule, type AuthDeps } from './auth/auth.module';
import { RestModule, type RestDeps } from './clusters/rest.module';
import { Public } from './auth/decorators';
import { ErrorFilter } from './common/error.filter';
import { JsonBodyInterceptor } from './common/json-body';
import type { ApiLogger } from './common/logger';
import type { ApiConfig } from './config';
import { HealthController } from './health/health.controller';
import { HealthModule } from './health/health.module';
import type { HealthRegistry } from './health/health-registry';
import type { IngestLimiters } from './ingest/agent-auth.guard';
import { IngestController } from './ingest/ingest.controller';
import { IngestModule } from './ingest/ingest.module';
import { LiveModule } from './live/live.module';
import type { LiveDeps } from './live/live-server';
import { TokensModule } from './tokens/tokens.module';
import { UsersModule } from './users/users.module';
import { API_CONFIG, API_LOGGER, CLUSTER_REPOSITORY, HEALTH_REGISTRY, INGEST_LIMITERS, INGEST_REPOSITORY } from './tokens';

/** What createApi builds outside Nest (connections, repositories, registries) and hands in. */
export interface AppDeps {
  config: ApiConfig;
  logger: ApiLogger;
  health: HealthRegistry;
  clusters: ClusterRepository;
  ingest: IngestRepository;
  limiters: IngestLimiters;
  auth: AuthDeps;
  /** Read repositories of the REST resources (clusters, posture, graph, audit, alerts). */
  rest: RestDeps;
  live: LiveDeps;
  /** Extra modules (createApi's `modules` option). */
  modules?: Type[];
}

/** The shared providers every feature module may inject (by token). */
@Global()
@Module({})
class CoreModule {
  static forRoot(deps: AppDeps): DynamicModule {
    const providers = [
      { provide: API_CONFIG, useValue: deps.config },
      { provide: API_LOGGER, useValue: deps.logger },
      { provide: HEALTH_REGISTRY, useValue: deps.health },
      { provide: CLUSTER_REPOSITORY, useValue: deps.clusters },
      { provide: INGEST_REPOSITORY, useValue: deps.ingest },
      { provide: INGEST_LIMITERS, useValue: deps.limiters },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

// Every route needs a logged-in user (AuthModule's global guard) except these: the probes are for
// operators and load balancers, and ingest authenticates agents with its own token guard.
Public()(HealthController);
Public()(IngestController);

/**
 * The root module: one module per area (health, ingest; later auth, clusters, posture, …), one error
 * filter for everything, one body reader that runs after guards.
 */
@Module({})
export class AppModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(deps), AuthModule.forRoot(deps.auth), HealthModule, IngestModule, UsersModule, TokensModule, LiveModule.forRoot(deps.live), RestModule.forRoot(deps.rest), ...(deps.modules ?? [])],
      providers: [
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: JsonBodyInterceptor },
      ],
    };
  }
}
