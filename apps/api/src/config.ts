import { MAX_BATCH_BYTES } from '@reachwatch/contracts';
import type { RateLimit } from './common/rate-limiter';

/** Everything the Nest modules read from configuration; resolved once by createApi. */
export interface ApiConfig {
  /** Largest accepted ingest body, bytes (413 above). */
  maxBatchBytes: number;
  /** Largest accepted body on every other route, bytes. */
  maxBodyBytes: number;
  /** Per cluster: ingest requests with a valid token. */
  ingestRateLimit: RateLimit;
  /** Per client address and cluster name: failed ingest authentications (sheds broken or hostile clients). */
  authFailureLimit: RateLimit;
  /** How long /healthz waits for one part's probe before calling it down. */
  probeTimeoutMs: number;
  /** Express "trust proxy": only behind a reverse proxy that sets X-Forwarded-For. */
  trustProxy: boolean;
}

/**
 * Defaults. An agent sends one batch at a time (up to MAX_EVENTS_PER_BATCH events), so 20 requests a
 * second per cluster with a burst of 60 leaves a relist of a 50k-pod cluster unthrottled while stopping
 * a runaway agent. Failed authentications: 10 at once, then one every 6 s per address and cluster.
 */
export const DEFAULT_CONFIG: ApiConfig = {
  maxBatchBytes: MAX_BATCH_BYTES,
  maxBodyBytes: 1024 * 1024,
  ingestRateLimit: { burst: 60, perSecond: 20 },
  authFailureLimit: { burst: 10, perSecond: 1 / 6 },
  probeTimeoutMs: 2000,
  trustProxy: false,
};

/** Read PORT / HOST the way main.ts documents them; a bad value is an error, not a silent default. */
export function portFromEnv(env: NodeJS.ProcessEnv, fallback = 8080): number {
  const raw = env.PORT;
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}
