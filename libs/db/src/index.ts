/**
 * @reachwatch/db — Postgres for Reachwatch: the embedded-server bootstrap, the migrations runner, the
 * Prisma client and the repositories. Only repositories touch the database; services receive a
 * repository, never a Db or PrismaClient.
 *
 * Start-up of a service:
 *   const server = await startDatabase();      // DATABASE_URL, or an embedded Postgres (.reachwatch/pgdata)
 *   await migrate(server.url);                  // apply prisma/migrations (advisory-locked, idempotent)
 *   const db = connectDb(server.url);           // one pg Pool + Prisma client per process
 *   const clusters = new ClusterRepository(db.prisma);
 *   const ingest = new IngestRepository(db.pool);
 *   …  await db.close(); await server.stop();
 *
 * Worker / API live updates: `listen(url, CHANGES_CHANNEL, (clusterId) => …)`; ingest NOTIFYs the
 * cluster id after each batch that journaled something.
 *
 * Tests: `createTestDatabase()` from `@reachwatch/db/testing` (libs/db/src/testing.ts).
 */
export { DbError } from './errors';
export type { DbErrorCode } from './errors';

export { startDatabase, defaultDataDir, DEFAULT_PORT, DEFAULT_DATABASE } from './postgres/server';
export type { StartDatabaseOptions, DatabaseHandle } from './postgres/server';

export { migrate, readMigrations } from './migrate';
export type { Migration, MigrateResult } from './migrate';

export { connectDb, survivesLostConnections } from './client';
export type { Db } from './client';

export { listen } from './listen';
export type { Listener, ListenOptions } from './listen';

export { ClusterRepository, CNI_PROFILES, generateAgentToken } from './repositories/cluster.repository';
export type { Cluster, AuthResult, CniProfileName } from './repositories/cluster.repository';
export { ClusterLookupRepository } from './repositories/cluster-lookup.repository';

export { IngestRepository, CHANGES_CHANNEL } from './repositories/ingest.repository';

export { canonicalJson, contentHash } from './canonical';

/** The generated Prisma client (models: cluster, k8sObject, changeEvent, workerCursor, …), for repositories. */
export { Prisma, PrismaClient } from './generated/prisma/client';
export type * as Models from './generated/prisma/client';

export { WorkerLeaseRepository, WORKER_APPLICATION_PREFIX } from './repositories/worker-lease.repository';
export type { LeaseRow } from './repositories/worker-lease.repository';
export { WorkerStateRepository } from './repositories/worker-state.repository';
export type { JournalEvent, JournalEventType, StoredObject, WorkerClusterState } from './repositories/worker-state.repository';
export { WorkerEffectsRepository, WORKER_UPDATES_CHANNEL } from './repositories/worker-effects.repository';
export type { AlertAction, AuditInput, EdgeDstRowInput, EdgeGroupRowInput, EdgeRowInput, PostureRowInput, ReachabilityChangeInput, SummaryWrites, WorkerCommit, WorkerUpdateNotice } from './repositories/worker-effects.repository';
export { WorkerDbError } from './repositories/worker-errors';
export type { WorkerDbErrorCode } from './repositories/worker-errors';

export { UserRepository, ROLES, normaliseEmail } from './repositories/user.repository';
export type { User, UserPage, Role, ClusterRef, GrantSpec } from './repositories/user.repository';
export { SessionRepository } from './repositories/session.repository';
export type { SessionInfo, AuthenticatedSession } from './repositories/session.repository';
export { ApiTokenRepository } from './repositories/api-token.repository';
export type { ApiTokenInfo } from './repositories/api-token.repository';
export { UserAuditRepository, SYSTEM_ACTOR } from './repositories/user-audit.repository';
export type { Actor, AuditEntry, AuditRecord, AuditPage, AuditTargetType } from './repositories/user-audit.repository';
export { AccountDbError } from './repositories/account-errors';
export type { AccountDbErrorCode } from './repositories/account-errors';

// Read side of the REST API (apps/api): fleet status and admin, posture, edges, policy audit and journal replay, alerts.
export { FleetRepository } from './repositories/fleet.repository';
export type { ClusterStatus, PostureSummary } from './repositories/fleet.repository';
export { PostureReadRepository, POSTURE_SORTS } from './repositories/posture-read.repository';
export type { PostureRow, PostureQuery, PostureRowPage, PostureSort } from './repositories/posture-read.repository';
export { GraphReadRepository } from './repositories/graph-read.repository';
export type { EdgeFilter, FanInSummary, GroupEdge, StoredEdge, StoredPortRange } from './repositories/graph-read.repository';
export { AuditReadRepository } from './repositories/audit-read.repository';
export type { ObjectsAt, PolicyAuditQuery, PolicyAuditRow, ReplayEvent } from './repositories/audit-read.repository';
export { AlertRepository, ALERT_STATES, ALERT_SEVERITIES } from './repositories/alert.repository';
export type { AlertQuery, AlertRow, AlertSeverity, AlertState, TransitionResult } from './repositories/alert.repository';
export { LiveReadRepository, credentialKey } from './repositories/live-read.repository';
export type { LiveAlertRow, LiveAudience, LiveAuditRow, LiveClusterStatus, LiveCredentialRef, LivePostureRowData, LiveReachabilityChange } from './repositories/live-read.repository';

// Alerting: rule configuration (API writes, worker reads) and the webhook outbox (worker enqueues, dispatcher sends).
export { AlertRuleConfigRepository } from './repositories/alert-rule-config.repository';
export type { StoredAlertRulesConfig } from './repositories/alert-rule-config.repository';
export { WebhookDeliveryRepository } from './repositories/webhook-delivery.repository';
export type { AlertWebhookPayload, DeliveryOutcome, DueDelivery } from './repositories/webhook-delivery.repository';

// Alerting and compliance, API side: webhooks and their delivery log, the approved-flows register, stored reports and their schedules, coverage trends.
export { WebhookRepository, WEBHOOK_FORMATS, DELIVERY_STATES } from './repositories/webhook.repository';
export type { CreateWebhookResult, DeliveryState, Webhook, WebhookDeliveryRow, WebhookFormat, WebhookInput } from './repositories/webhook.repository';
export { ApprovedFlowRepository } from './repositories/approved-flow.repository';
export type { ApprovedFlow, ApprovedFlowDestination, ApprovedFlowInput, ApprovedFlowQuery, ApprovedFlowSource } from './repositories/approved-flow.repository';
export { ComplianceReportRepository } from './repositories/compliance-report.repository';
export type { ComplianceReportInput, ComplianceReportMeta, ComplianceReportQuery } from './repositories/compliance-report.repository';
export { ReportScheduleRepository } from './repositories/report-schedule.repository';
export type { CreateScheduleResult, NextRun, ReportSchedule, ReportScheduleInput, ReportScheduleQuery } from './repositories/report-schedule.repository';
export { PostureSampleRepository } from './repositories/posture-sample.repository';
export type { PostureSample, TrendQuery } from './repositories/posture-sample.repository';
export type { IdPage } from './repositories/sql-transaction';
export { RetentionRepository, DEFAULT_RETENTION, MIN_AUDIT_DAYS } from './repositories/retention.repository';
export type { PruneResult, RetentionPolicy } from './repositories/retention.repository';
