import type { RateLimit } from '../common/rate-limiter';

/** argon2id cost parameters (memory in KiB). */
export interface PasswordHashing {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** Accounts and access settings; createApi's `auth` option overrides any of them. */
export interface AuthConfig {
  /** Absolute lifetime of a login session (cookie and bearer alike). */
  sessionTtlMs: number;
  /** Per client address and email: failed logins. */
  loginFailureLimit: RateLimit;
  /** Per client address: every login attempt (each costs an argon2 verification, so this bounds CPU use). */
  loginAddressLimit: RateLimit;
  /** Secure flag of the session cookie: 'auto' = when the request came over https (see trust proxy). */
  cookieSecure: 'auto' | boolean;
  passwordHashing: PasswordHashing;
  /** Personal tokens: lifetime when none is asked for, and the longest allowed (days). */
  tokenDefaultDays: number;
  tokenMaxDays: number;
}

/**
 * Defaults. argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane: ~50 ms here). Login: 5 failures per
 * address and email, then one a minute; 30 attempts per address, then one every 2 s. Sessions last 12 h.
 */
export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  sessionTtlMs: 12 * 3600 * 1000,
  loginFailureLimit: { burst: 5, perSecond: 1 / 60 },
  loginAddressLimit: { burst: 30, perSecond: 0.5 },
  cookieSecure: 'auto',
  passwordHashing: { memoryCost: 19456, timeCost: 2, parallelism: 1 },
  tokenDefaultDays: 90,
  tokenMaxDays: 365,
};
