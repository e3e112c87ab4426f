import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { ApiTokenInfo, ApiTokenRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import type { HttpRequest } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { mapAccountErrors } from '../auth/account-errors';
import { actorOf } from '../auth/actor';
import type { AuthConfig } from '../auth/auth.config';
import { AUTH_MSG } from '../auth/messages';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { IdParam } from '../auth/schemas';
import { API_TOKEN_REPOSITORY, AUTH_CLOCK, AUTH_CONFIG } from '../auth/tokens';
import { CreateTokenBody } from './tokens.schemas';

const DAY_MS = 24 * 3600 * 1000;

/**
 * `/api/v1/tokens` — the caller's own personal API tokens (any role). A token acts with its user's role
 * and grants as they are at each request. Creating one needs a login session: a leaked token must not be
 * able to mint its own replacements.
 */
@Controller('api/v1/tokens')
export class TokensController {
  constructor(
    @Inject(API_TOKEN_REPOSITORY) private readonly tokens: ApiTokenRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    @Inject(AUTH_CLOCK) private readonly now: () => number,
  ) {}

  /** Newest first, revoked and expired included (with their state). */
  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    const now = this.now();
    return { items: (await this.tokens.list(principal.userId)).map((t) => tokenView(t, now)) };
  }

  /** The token itself is in this answer and nowhere else, ever. */
  @Post()
  @HttpCode(201)
  async create(@Body(new ZodBodyPipe(CreateTokenBody, 'token')) body: CreateTokenBody, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest) {
    if (principal.credential.kind !== 'session') throw new ApiError('forbidden', AUTH_MSG.tokenNeedsSession);
    const days = body.expiresInDays ?? this.config.tokenDefaultDays;
    if (days > this.config.tokenMaxDays) {
      const message = `expiresInDays must be at most ${this.config.tokenMaxDays}.`;
      throw new ApiError('validation_failed', message, { issues: [{ path: 'expiresInDays', code: 'too_big', message }] });
    }
    const expiresAt = new Date(this.now() + days * DAY_MS);
    const { token, info } = await this.tokens.create({ id: principal.userId, email: principal.email }, { name: body.name, expiresAt }, actorOf(principal, req));
    return { token, ...tokenView(info, this.now()) };
  }

  /** Revokes one of the caller's tokens (404 for anyone else's). Idempotent. */
  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', new ZodBodyPipe(IdParam, 'token id')) id: number, @CurrentPrincipal() principal: Principal, @Req() req: HttpRequest): Promise<void> {
    await mapAccountErrors(() => this.tokens.revoke({ id: principal.userId, email: principal.email }, id, actorOf(principal, req)));
  }
}

function tokenView(t: ApiTokenInfo, now: number) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    state: t.revokedAt ? 'revoked' : t.expiresAt.getTime() <= now ? 'expired' : 'active',
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
