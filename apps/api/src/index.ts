/**
 * @reachwatch/api — the NestJS service: ingest and health now; REST, auth and socket.io later.
 * `createApi` starts it on a migrated database; `npm start` passes its own HealthRegistry (or uses
 * `api.health`) so the worker, simulator and agents report into /healthz.
 */
export { createApi } from './api';
export type { CreateApiOptions, RunningApi } from './api';
export { DEFAULT_CONFIG, portFromEnv } from './config';
export type { ApiConfig } from './config';
export { HealthRegistry } from './health/health-registry';
export type { HealthReport, PartState, PartStatus, Probe } from './health/health-registry';
export { DATABASE_PART } from './health/health.controller';
export { jsonLineLogger, silentLogger } from './common/logger';
export type { ApiLogger } from './common/logger';
export type { ErrorBody, ErrorCode } from './common/api-error';
export { ensureFirstAdmin, describeFirstAdmin, FirstAdminConfigError, DEFAULT_ADMIN_EMAIL } from './auth/first-admin';
export type { FirstAdminResult } from './auth/first-admin';
export { DEFAULT_AUTH_CONFIG } from './auth/auth.config';
export type { AuthConfig, PasswordHashing } from './auth/auth.config';
export type { Principal, Credential } from './auth/principal';
