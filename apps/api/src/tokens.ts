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
