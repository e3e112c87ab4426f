import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common/http';

/** The cluster an agent token authenticated, as the guard leaves it on the request. */
export interface AgentIdentity {
  clusterId: number;
  clusterName: string;
}

export const AGENT_IDENTITY = Symbol('agentIdentity');

export type RequestWithAgent = HttpRequest & { [AGENT_IDENTITY]?: AgentIdentity };

/** Handler parameter: the AgentIdentity set by AgentAuthGuard (the route must use that guard). */
export const Agent = createParamDecorator((_data: unknown, ctx: ExecutionContext): AgentIdentity => {
  const identity = ctx.switchToHttp().getRequest<RequestWithAgent>()[AGENT_IDENTITY];
  if (!identity) throw new Error('@Agent() used on a route without AgentAuthGuard');
  return identity;
});
