import { Inject, Injectable } from '@nestjs/common';
import type { ApiTokenRepository, SessionRepository } from '@reachwatch/db';
import { principalOf, type Principal } from './principal';
import { API_TOKEN_REPOSITORY, SESSION_REPOSITORY } from './tokens';

export type AuthenticationResult = { ok: true; principal: Principal } | { ok: false; reason: 'invalid' | 'agent-token' };

/**
 * Turns a presented secret into a Principal: `rws_…` is a login session, `rwp_…` a personal API token.
 * Shared by the HTTP guard and (later) the socket.io handshake, so both accept exactly the same secrets.
 */
@Injectable()
export class Authenticator {
  constructor(
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(API_TOKEN_REPOSITORY) private readonly tokens: ApiTokenRepository,
  ) {}

  async authenticate(secret: string, via: 'cookie' | 'bearer'): Promise<AuthenticationResult> {
    if (secret.startsWith('rws_')) {
      const found = await this.sessions.authenticate(secret);
      if (!found) return { ok: false, reason: 'invalid' };
      return { ok: true, principal: principalOf(found.user, { kind: 'session', sessionId: found.session.id, expiresAt: found.session.expiresAt, via }) };
    }
    // A personal token belongs in the Authorization header; one planted in the cookie is not accepted.
    if (secret.startsWith('rwp_') && via === 'bearer') {
      const found = await this.tokens.authenticate(secret);
      if (!found) return { ok: false, reason: 'invalid' };
      return { ok: true, principal: principalOf(found.user, { kind: 'api-token', tokenId: found.token.id, expiresAt: found.token.expiresAt }) };
    }
    return { ok: false, reason: secret.startsWith('rwa_') ? 'agent-token' : 'invalid' };
  }
}
