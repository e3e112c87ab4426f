import { Inject, Injectable } from '@nestjs/common';
import type { SessionInfo, SessionRepository, User, UserAuditRepository, UserRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import type { ApiLogger } from '../common/logger';
import type { RateLimiter } from '../common/rate-limiter';
import { API_LOGGER } from '../tokens';
import type { AuthConfig } from './auth.config';
import { AUTH_MSG } from './messages';
import type { PasswordHasher } from './passwords';
import { AUTH_CONFIG, LOGIN_LIMITERS, PASSWORD_HASHER, SESSION_REPOSITORY, USER_AUDIT_REPOSITORY, USER_REPOSITORY } from './tokens';

export interface LoginLimiters {
  /** Keyed by address and email: failed logins. */
  failures: RateLimiter;
  /** Keyed by address: every attempt. */
  address: RateLimiter;
}

/**
 * Email + password → a new session. Every failure (unknown email, wrong password, disabled user) gets the
 * same 401 and the same work: one argon2 verification (against a dummy hash for an unknown email) and
 * one audit row.
 */
@Injectable()
export class LoginService {
  constructor(
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(USER_AUDIT_REPOSITORY) private readonly audit: UserAuditRepository,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(LOGIN_LIMITERS) private readonly limiters: LoginLimiters,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @Inject(API_LOGGER) private readonly logger: ApiLogger,
  ) {}

  async login(email: string, password: string, ip: string): Promise<{ secret: string; session: SessionInfo; user: User }> {
    const failureKey = `${ip}\n${email.trim().toLowerCase()}`;
    const perAddress = this.limiters.address.take(ip);
    if (!perAddress.allowed) throw rateLimited(perAddress.retryAfterSeconds);
    const failures = this.limiters.failures.wouldAllow(failureKey);
    if (!failures.allowed) throw rateLimited(failures.retryAfterSeconds);

    const found = await this.users.findForLogin(email);
    const check = found ? await this.hasher.verify(found.passwordHash, password) : { ok: await this.hasher.verifyNothing(password), rehash: false };
    if (!found || !check.ok || found.user.disabledAt !== null) {
      this.limiters.failures.take(failureKey);
      const reason = !found ? 'unknown-email' : !check.ok ? 'wrong-password' : 'disabled';
      // The attempted email is recorded only when it names a user: a mistyped one may be a password.
      await this.audit.record(
        { userId: null, email: null, ip },
        { action: 'auth.login_failed', targetType: 'user', targetId: found?.user.id ?? null, targetEmail: found?.user.email ?? null, details: { reason } },
      );
      this.logger.info('login-failed', { userId: found?.user.id ?? null, reason });
      throw new ApiError('unauthenticated', AUTH_MSG.loginFailed);
    }

    if (check.rehash) await this.users.upgradePasswordHash(found.user.id, await this.hasher.hash(password));
    const { secret, session } = await this.sessions.create(found.user, this.config.sessionTtlMs, { userId: found.user.id, email: found.user.email, ip });
    this.logger.info('login', { userId: found.user.id, sessionId: session.id });
    return { secret, session, user: found.user };
  }
}

function rateLimited(seconds: number): ApiError {
  return new ApiError('rate_limited', AUTH_MSG.loginRateLimited(seconds), { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
}
