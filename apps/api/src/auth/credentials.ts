import type { HttpRequest, HttpResponse } from '../common/http';
import { parseBearer } from '../ingest/bearer';

/**
 * Where credentials travel. The session cookie is `__Host-rw_session` over https (the prefix makes the
 * browser refuse it unless Secure, Path=/ and host-only) and `rw_session` over plain http, where a Secure
 * cookie would never be sent back.
 */
export const SESSION_COOKIE = 'rw_session';
export const SECURE_SESSION_COOKIE = '__Host-rw_session';
/** The header a cookie-authenticated unsafe request must carry (CSRF; see README "Accounts and access"). */
export const CSRF_HEADER = 'x-requested-with';

export type PresentedCredential =
  | { kind: 'none' }
  | { kind: 'malformed' }
  | { kind: 'bearer'; token: string }
  | { kind: 'cookie'; token: string };

type CookieRequest = HttpRequest & { cookies?: Record<string, unknown>; secure?: boolean };
type CookieResponse = HttpResponse & {
  cookie(name: string, value: string, options: Record<string, unknown>): unknown;
  clearCookie(name: string, options: Record<string, unknown>): unknown;
};

/** An Authorization header wins over the cookie: a script's explicit token is what it means to use. */
export function presentedCredential(req: HttpRequest): PresentedCredential {
  const bearer = parseBearer(req.headers.authorization);
  if (bearer.kind === 'token') return { kind: 'bearer', token: bearer.token };
  if (bearer.kind === 'malformed') return { kind: 'malformed' };
  const cookies = (req as CookieRequest).cookies ?? {};
  const value = cookies[SECURE_SESSION_COOKIE] ?? cookies[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? { kind: 'cookie', token: value } : { kind: 'none' };
}

function isSecure(req: HttpRequest, setting: 'auto' | boolean): boolean {
  return setting === 'auto' ? (req as CookieRequest).secure === true : setting;
}

/** httpOnly (no script can read it), SameSite=Lax (not sent on cross-site subrequests or POSTs), Secure over https. */
export function setSessionCookie(req: HttpRequest, res: HttpResponse, secret: string, expiresAt: Date, secure: 'auto' | boolean): void {
  const useSecure = isSecure(req, secure);
  (res as CookieResponse).cookie(useSecure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, secret, {
    httpOnly: true,
    secure: useSecure,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

/** Removes both cookie names (a user may have logged in over http and https). */
export function clearSessionCookie(req: HttpRequest, res: HttpResponse, secure: 'auto' | boolean): void {
  const useSecure = isSecure(req, secure);
  const r = res as CookieResponse;
  r.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: useSecure, sameSite: 'lax', path: '/' });
  if (useSecure) r.clearCookie(SECURE_SESSION_COOKIE, { httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
}
