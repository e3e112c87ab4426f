/** Dependency-injection tokens of the accounts area (see ../tokens.ts for why every parameter uses @Inject). */
export const AUTH_CONFIG = Symbol('AuthConfig');
export const USER_REPOSITORY = Symbol('UserRepository');
export const SESSION_REPOSITORY = Symbol('SessionRepository');
export const API_TOKEN_REPOSITORY = Symbol('ApiTokenRepository');
export const USER_AUDIT_REPOSITORY = Symbol('UserAuditRepository');
export const PASSWORD_HASHER = Symbol('PasswordHasher');
export const LOGIN_LIMITERS = Symbol('LoginLimiters');
export const AUTH_CLOCK = Symbol('AuthClock');
/** libs/db's ClusterLookupRepository (the per-request cluster row of ClusterAccess). */
export const CLUSTER_LOOKUP_REPOSITORY = Symbol('ClusterLookupRepository');
