import type { IncomingMessage } from 'node:http';
import type { LiveError } from '@reachwatch/contracts';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, type PresentedCredential } from '../auth/credentials';
import { parseBearer } from '../ingest/bearer';

/** What a socket.io handshake carries that matters for authentication. */
export interface HandshakeInput {
  auth: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/**
 * The credential of a handshake, in the order a client means it: `auth.token` (what socket.io clients set),
 * then an `Authorization: Bearer` header (non-browser clients), then the session cookie (browsers).
 */
export function handshakeCredential(h: HandshakeInput): PresentedCredential {
  const token = h.auth?.token;
  if (token !== undefined) {
    if (typeof token !== 'string') return { kind: 'malformed' };
    const parsed = parseBearer(`Bearer ${token}`);
    return parsed.kind === 'token' ? { kind: 'bearer', token: parsed.token } : { kind: 'malformed' };
  }
  const bearer = parseBearer(h.headers.authorization);
  if (bearer.kind === 'token') return { kind: 'bearer', token: bearer.token };
  if (bearer.kind === 'malformed') return { kind: 'malformed' };
  const cookies = parseCookies(h.headers.cookie);
  const value = cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE);
  return value ? { kind: 'cookie', token: value } : { kind: 'none' };
}

/** RFC 6265 cookie header → name/value (first occurrence wins, like cookie-parser). Bad escapes stay as sent. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    if (!name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      out.set(name, value);
    }
  }
  return out;
}

/**
 * Same-origin rule for browsers: a page may open the feed only from the API's own origin (or one listed).
 * WebSockets are not covered by CORS, and a browser attaches the session cookie to a cross-site socket
 * handshake in some cases, so the Origin header is checked here (Cross-Site WebSocket Hijacking). Requests
 * without Origin do not come from a browser page; they need a bearer token like any script.
 */
export function originAllowed(headers: IncomingMessage['headers'], allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (Array.isArray(origin) || origin === 'null') return false;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

/** The Error socket.io sends as `connect_error`: message = code, data = {code, message}. */
export function handshakeError(code: LiveError['code'], message: string): Error & { data: LiveError } {
  return Object.assign(new Error(code), { data: { code, message } });
}
