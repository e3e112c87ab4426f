import type { Actor } from '@reachwatch/db';
import type { HttpRequest } from '../common/http';
import type { Principal } from './principal';

/** The client address as the API sees it (X-Forwarded-For only with trust proxy). */
export function clientIp(req: HttpRequest): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Who is acting, for the user-audit log. */
export function actorOf(principal: Principal | undefined, req: HttpRequest): Actor {
  return { userId: principal?.userId ?? null, email: principal?.email ?? null, ip: clientIp(req) };
}
