import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role, User } from '@reachwatch/db';
import type { HttpRequest } from '../common/http';

/** How the caller authenticated. */
export type Credential =
  | { kind: 'session'; sessionId: number; expiresAt: Date; via: 'cookie' | 'bearer' }
  | { kind: 'api-token'; tokenId: number; expiresAt: Date };

/**
 * The authenticated user of a request, as every controller and the socket gateway see it. Role and grants
 * are read from the database on each request, so a change applies at once to live sessions and tokens.
 */
export interface Principal {
  userId: number;
  email: string;
  role: Role;
  /** 'all' for admins and users granted every cluster; otherwise the ids of the granted clusters. */
  clusterGrants: 'all' | ReadonlySet<number>;
  credential: Credential;
}

export function principalOf(user: User, credential: Credential): Principal {
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    clusterGrants: user.role === 'admin' || user.allClusters ? 'all' : new Set(user.clusters.map((c) => c.id)),
    credential,
  };
}

export const PRINCIPAL = Symbol('principal');
export type RequestWithPrincipal = HttpRequest & { [PRINCIPAL]?: Principal };

/** Handler parameter: the caller (set by the global AuthGuard; absent only on @Public routes). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<RequestWithPrincipal>()[PRINCIPAL];
  if (!principal) throw new Error('@CurrentPrincipal() used on a @Public() route');
  return principal;
});
