/** Dependency-injection tokens. Every constructor parameter uses @Inject(token): tsx and vitest emit no
 * decorator metadata, so Nest could not infer them from types. */
export const API_CONFIG = Symbol('ApiConfig');
export const API_LOGGER = Symbol('ApiLogger');
export const HEALTH_REGISTRY = Symbol('HealthRegistry');
/** libs/db's ClusterRepository. */
export const CLUSTER_REPOSITORY = Symbol('ClusterRepository');
/** libs/db's IngestRepository. */
export const INGEST_REPOSITORY = Symbol('IngestRepository');
/** The ingest rate limiters (per cluster; per client address for failed authentications). */
export const INGEST_LIMITERS = Symbol('IngestLimiters');

// Alerting and compliance (libs/db repositories api.ts builds on the shared pool; RestModule provides them).
export const ALERT_RULE_CONFIG_REPOSITORY = Symbol('AlertRuleConfigRepository');
export const WEBHOOK_REPOSITORY = Symbol('WebhookRepository');
export const APPROVED_FLOW_REPOSITORY = Symbol('ApprovedFlowRepository');
export const COMPLIANCE_REPORT_REPOSITORY = Symbol('ComplianceReportRepository');
export const REPORT_SCHEDULE_REPOSITORY = Symbol('ReportScheduleRepository');
export const POSTURE_SAMPLE_REPOSITORY = Symbol('PostureSampleRepository');
/** The report scheduler's tuning (ReportSchedulerOptions). */
export const REPORT_SCHEDULER_OPTIONS = Symbol('ReportSchedulerOptions');
