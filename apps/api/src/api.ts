import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { ApiTokenRepository, ClusterLookupRepository, ClusterRepository, connectDb, IngestRepository, LiveReadRepository, SessionRepository, UserAuditRepository, UserRepository } from '@reachwatch/db';
import { AlertRepository, AuditReadRepository, FleetRepository, GraphReadRepository, PostureReadRepository } from '@reachwatch/db';
import { AlertRuleConfigRepository, ApprovedFlowRepository, ComplianceReportRepository, PostureSampleRepository, ReportScheduleRepository, WebhookRepository } from '@reachwatch/db';
import cookieParser from 'cookie-parser';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { DEFAULT_AUTH_CONFIG, type AuthConfig } from './auth/auth.config';
import { PasswordHasher } from './auth/passwords';
import type { Middleware } from './common/http';
import { jsonLineLogger, type ApiLogger } from './common/logger';
import { MSG } from './common/messages';
import { RateLimiter } from './common/rate-limiter';
import { requestLog } from './common/request-log';
import { securityHeaders } from './common/security-headers';
import { DEFAULT_CONFIG, type ApiConfig } from './config';
import { DATABASE_PART } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { setupOpenApi } from './openapi/openapi';
import { serveWeb } from './web';
import type { EngineCacheOptions } from './reachability/engine-cache';
import type { ReportSchedulerOptions } from './reports/report-scheduler';
import { DEFAULT_LIVE_CONFIG, type LiveConfig } from './live/live.config';

export interface CreateApiOptions {
  /** A migrated Reachwatch database (see libs/db migrate). */
  databaseUrl: string;
  /** Default 8080; 0 picks a free port (see `url`). */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 in a container. */
  host?: string;
  /** Where other parts report their state; default a new, empty registry (plus the database). */
  health?: HealthRegistry;
  /** Default: JSON lines on stdout/stderr. */
  logger?: ApiLogger;
  /** Overrides of DEFAULT_CONFIG (limits, rate limits, probe timeout). */
  config?: Partial<ApiConfig>;
  /** Overrides of DEFAULT_AUTH_CONFIG (sessions, login limits, cookie, password hashing, token lifetimes). */
  auth?: Partial<AuthConfig>;
  /** Overrides of DEFAULT_LIVE_CONFIG (socket.io feed: coalescing, polling, per-client limits, allowed origins). */
  live?: Partial<LiveConfig>;
  /** More Nest modules to mount beside the built-in ones (tests mount probe controllers this way). */
  modules?: Type[];
  /** Sizing of the per-cluster engine cache (explain, matrix, workloads, what-if). */
  engineCache?: Partial<EngineCacheOptions>;
  /** The report scheduler of this instance (interval, batch; `enabled: false` leaves schedules to other instances). */
  reportScheduler?: Partial<ReportSchedulerOptions>;
  /** Clock for the rate limiters and session/token expiry (tests); default Date.now. */
  now?: () => number;
}

export interface RunningApi {
  app: INestApplication;
  /** http://host:port, with the port actually bound. */
  url: string;
  health: HealthRegistry;
  /** Stops accepting requests, then closes the database pool. Idempotent. */
  close(): Promise<void>;
}

/** Builds and starts the API on an existing database. Does not migrate (main.ts does, before this). */
export async function createApi(options: CreateApiOptions): Promise<RunningApi> {
  const config: ApiConfig = { ...DEFAULT_CONFIG, ...options.config };
  const logger = options.logger ?? jsonLineLogger;
  const health = options.health ?? new HealthRegistry();
  const now = options.now ?? Date.now;
  const authConfig: AuthConfig = { ...DEFAULT_AUTH_CONFIG, ...options.auth };
  const db = connectDb(options.databaseUrl);

  // The composition root is the one place that holds the Db: the database part of /healthz asks the
  // pool itself, because "can we reach Postgres" is not any repository's question. The driver's error
  // (hosts, ports, user names) goes to the log, not to the unauthenticated health answer.
  const unregister = health.register(DATABASE_PART, async () => {
    try {
      await db.pool.query('SELECT 1');
      return { status: 'up' };
    } catch (err) {
      logger.error('database-probe-failed', { message: (err as Error).message });
      return { status: 'down', detail: MSG.databaseDown };
    }
  });

  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(
      AppModule.forRoot({
        config,
        logger,
        health,
        clusters: new ClusterRepository(db.prisma),
        ingest: new IngestRepository(db.pool),
        limiters: {
          perCluster: new RateLimiter(config.ingestRateLimit, now),
          authFailures: new RateLimiter(config.authFailureLimit, now),
        },
        auth: {
          config: authConfig,
          users: new UserRepository(db.prisma),
          sessions: new SessionRepository(db.prisma, now, db.pool),
          apiTokens: new ApiTokenRepository(db.prisma, now),
          clusterLookup: new ClusterLookupRepository(db.pool),
          audit: new UserAuditRepository(db.prisma),
          hasher: new PasswordHasher(authConfig.passwordHashing),
          limiters: {
            failures: new RateLimiter(authConfig.loginFailureLimit, now),
            address: new RateLimiter(authConfig.loginAddressLimit, now),
          },
          now,
        },
        live: { databaseUrl: options.databaseUrl, repo: new LiveReadRepository(db.pool), config: { ...DEFAULT_LIVE_CONFIG, ...options.live } },
        rest: {
          fleet: new FleetRepository(db.pool),
          posture: new PostureReadRepository(db.pool),
          graph: new GraphReadRepository(db.pool),
          audit: new AuditReadRepository(db.pool),
          alerts: new AlertRepository(db.pool),
          engineCache: options.engineCache,
          alerting: {
            alertRules: new AlertRuleConfigRepository(db.pool),
            webhooks: new WebhookRepository(db.pool),
            approvedFlows: new ApprovedFlowRepository(db.pool),
            reports: new ComplianceReportRepository(db.pool),
            schedules: new ReportScheduleRepository(db.pool),
            postureSamples: new PostureSampleRepository(db.pool),
            scheduler: options.reportScheduler,
          },
        },
        modules: options.modules ?? [],
      }),
      new ExpressAdapter(),
      // Bodies are read by JsonBodyInterceptor after authentication, never by a global parser.
      { bodyParser: false, logger: ['error', 'warn'], abortOnError: false, forceCloseConnections: true },
    );
    const express = app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void };
    express.set('x-powered-by', false);
    express.set('etag', false); // answers are live state; conditional GETs would only add a hash per response
    express.set('trust proxy', config.trustProxy);
    app.use(requestLog(logger) as Middleware);
    app.use(securityHeaders as Middleware);
    // Unsigned: the session cookie's value is itself a 256-bit secret checked against the database.
    app.use(cookieParser() as unknown as Middleware);
    // The built web UI (apps/web/dist) and its SPA fallback; never /api, /socket.io, /healthz, /readyz.
    app.use(serveWeb() as Middleware);
    setupOpenApi(app);
    await app.listen(options.port ?? 8080, options.host ?? '127.0.0.1');
  } catch (err) {
    unregister();
    await app?.close().catch(() => undefined);
    await db.close();
    throw err;
  }

  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  const started = app;
  let closing: Promise<void> | undefined;
  return {
    app: started,
    url,
    health,
    close: () => {
      closing ??= (async () => {
        unregister();
        try {
          await started.close();
        } finally {
          await db.close();
        }
      })();
      return closing;
    },
  };
}
