import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { SessionRepository, UserRepository } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import type { HttpRequest, HttpResponse } from '../common/http';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { actorOf, clientIp } from './actor';
import type { AuthConfig } from './auth.config';
import { clearSessionCookie, setSessionCookie } from './credentials';
import { Public } from './decorators';
import { LoginService } from './login.service';
import { AUTH_MSG } from './messages';
import { CurrentPrincipal, type Principal } from './principal';
import { LoginBody } from './schemas';
import { AUTH_CONFIG, SESSION_REPOSITORY, USER_REPOSITORY } from './tokens';
import { userView } from './views';

/**
 * `/api/v1/auth`: log in (session cookie + the same session as a bearer token in the body), log out,
 * and who am I. The body of a login is JSON only, which a cross-site HTML form cannot send.
 */
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(LoginService) private readonly logins: LoginService,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(USER_REPOSITORY) private readonly users: UserRepository,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body(new ZodBodyPipe(LoginBody, 'login')) body: LoginBody, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpResponse) {
    const { secret, session, user } = await this.logins.login(body.email, body.password, clientIp(req));
    setSessionCookie(req, res, secret, session.expiresAt, this.config.cookieSecure);
    return { token: secret, tokenType: 'Bearer', expiresAt: session.expiresAt.toISOString(), user: userView(user) };
  }

  /** Ends the session that authenticated this request (cookie or bearer) and clears the cookie. */
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentPrincipal() principal: Principal, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpResponse): Promise<void> {
    if (principal.credential.kind !== 'session') throw new ApiError('bad_request', AUTH_MSG.logoutNeedsSession);
    await this.sessions.revoke(principal.credential.sessionId, principal, actorOf(principal, req));
    clearSessionCookie(req, res, this.config.cookieSecure);
  }

  @Get('me')
  async me(@CurrentPrincipal() principal: Principal) {
    const user = await this.users.get(principal.userId);
    // Deleted between authentication and now: the credential no longer stands for anyone.
    if (!user) throw new ApiError('unauthenticated', AUTH_MSG.invalidCredentials);
    const c = principal.credential;
    return {
      user: userView(user),
      credential: { kind: c.kind, id: c.kind === 'session' ? c.sessionId : c.tokenId, expiresAt: c.expiresAt.toISOString() },
    };
  }
}
