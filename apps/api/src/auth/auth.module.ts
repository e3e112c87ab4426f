import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ApiTokenRepository, ClusterLookupRepository, SessionRepository, UserAuditRepository, UserRepository } from '@reachwatch/db';
import type { AuthConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthGuard, RolesGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { ClusterAccess } from './cluster-access';
import { LoginService, type LoginLimiters } from './login.service';
import type { PasswordHasher } from './passwords';
import {
  API_TOKEN_REPOSITORY,
  AUTH_CLOCK,
  AUTH_CONFIG,
  CLUSTER_LOOKUP_REPOSITORY,
  LOGIN_LIMITERS,
  PASSWORD_HASHER,
  SESSION_REPOSITORY,
  USER_AUDIT_REPOSITORY,
  USER_REPOSITORY,
} from './tokens';

/** What createApi builds for the accounts area and hands in. */
export interface AuthDeps {
  config: AuthConfig;
  users: UserRepository;
  sessions: SessionRepository;
  apiTokens: ApiTokenRepository;
  /** The cluster row behind every `{cluster}` URL (ClusterAccess), read per request on the pool. */
  clusterLookup: ClusterLookupRepository;
  audit: UserAuditRepository;
  hasher: PasswordHasher;
  limiters: LoginLimiters;
  /** The clock of session and token expiry (tests move it). */
  now: () => number;
}

/**
 * Accounts and access: the global AuthGuard + RolesGuard (every route authenticated unless @Public), login,
 * and the shared pieces other modules inject (Authenticator for the socket handshake, ClusterAccess,
 * the account repositories).
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(deps: AuthDeps): DynamicModule {
    const values = [
      { provide: AUTH_CONFIG, useValue: deps.config },
      { provide: USER_REPOSITORY, useValue: deps.users },
      { provide: SESSION_REPOSITORY, useValue: deps.sessions },
      { provide: API_TOKEN_REPOSITORY, useValue: deps.apiTokens },
      { provide: CLUSTER_LOOKUP_REPOSITORY, useValue: deps.clusterLookup },
      { provide: USER_AUDIT_REPOSITORY, useValue: deps.audit },
      { provide: PASSWORD_HASHER, useValue: deps.hasher },
      { provide: LOGIN_LIMITERS, useValue: deps.limiters },
      { provide: AUTH_CLOCK, useValue: deps.now },
    ];
    return {
      module: AuthModule,
      controllers: [AuthController],
      providers: [
        ...values,
        Authenticator,
        ClusterAccess,
        LoginService,
        // Order matters: APP_GUARDs run in registration order, and RolesGuard needs the Principal.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [...values.map((v) => v.provide), Authenticator, ClusterAccess],
    };
  }
}
