import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@reachwatch/db';
import { ApiError } from '../common/api-error';
import { Authenticator } from './authenticator';
import { CSRF_HEADER, presentedCredential } from './credentials';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { AUTH_MSG } from './messages';
import { PRINCIPAL, type RequestWithPrincipal } from './principal';

const CHALLENGE = 'Bearer realm="reachwatch"';
/** Methods that change nothing (RFC 9110 safe methods); everything else is CSRF-checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every route needs a user unless it is @Public(). Accepts the session cookie or
 * `Authorization: Bearer` (session `rws_…` or personal token `rwp_…`), and leaves the Principal on the
 * request. A cookie-authenticated request with an unsafe method must carry X-Requested-With: a cross-site
 * form cannot set a header, and a cross-site script cannot either without a CORS preflight this API never
 * grants (bearer requests need no check: a browser never attaches a bearer token on its own).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();

    const presented = presentedCredential(req);
    if (presented.kind === 'none') throw unauthenticated(AUTH_MSG.missingCredentials, CHALLENGE);
    if (presented.kind === 'malformed') throw unauthenticated(AUTH_MSG.malformedCredentials, `${CHALLENGE}, error="invalid_request"`);

    const result = await this.authenticator.authenticate(presented.token, presented.kind);
    if (!result.ok) {
      throw unauthenticated(result.reason === 'agent-token' ? AUTH_MSG.agentTokenHere : AUTH_MSG.invalidCredentials, `${CHALLENGE}, error="invalid_token"`);
    }
    if (presented.kind === 'cookie' && !SAFE_METHODS.has(req.method) && !req.headers[CSRF_HEADER]) {
      throw new ApiError('forbidden', AUTH_MSG.csrfHeaderMissing);
    }
    req[PRINCIPAL] = result.principal;
    return true;
  }
}

/** Global, after AuthGuard: @Roles(...) on a handler or controller limits it to those roles (403 otherwise). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (!roles) return true;
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL];
    // @Roles on a @Public route is a programming error: refuse rather than let everyone in.
    if (!principal || !roles.includes(principal.role)) throw new ApiError('forbidden', AUTH_MSG.forbiddenRole(roles));
    return true;
  }
}

function unauthenticated(message: string, challenge: string): ApiError {
  return new ApiError('unauthenticated', message, undefined, { 'WWW-Authenticate': challenge });
}
