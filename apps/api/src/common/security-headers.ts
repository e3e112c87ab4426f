import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http';

/**
 * The response headers helmet 8 sets by default, plus `Cache-Control: no-store` on API and health
 * answers (they carry live state and must not be cached by a proxy). helmet itself is not among the
 * installed dependencies; this is the same policy, kept in one place so swapping in `helmet()` later is
 * a one-line change in api.ts. The CSP allows the web UI (served from this origin later) and nothing else.
 */
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  [
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "base-uri 'self'",
      "font-src 'self' https: data:",
      "form-action 'self'",
      "frame-ancestors 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "script-src 'self'",
      "script-src-attr 'none'",
      "style-src 'self' https: 'unsafe-inline'",
    ].join(';'),
  ],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const NO_STORE = /^\/(api\/|healthz|readyz)/;

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.removeHeader('X-Powered-By');
  // Over plain http on a non-loopback host (docker-compose, a LAN address), upgrading the UI's own
  // same-origin requests to https leaves a blank page: the directive is sent only over https.
  const secure = (req as { secure?: boolean }).secure === true;
  for (const [name, value] of HEADERS) res.setHeader(name, name === 'Content-Security-Policy' && secure ? `${value};upgrade-insecure-requests` : value);
  if (NO_STORE.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
