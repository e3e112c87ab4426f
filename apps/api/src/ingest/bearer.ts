/**
 * `Authorization: Bearer <token>` (RFC 6750). The scheme is case-insensitive; the token is one b64token
 * of at most 512 characters. Anything else is malformed, and we say so without echoing it.
 */
export type BearerResult = { kind: 'token'; token: string } | { kind: 'missing' } | { kind: 'malformed' };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 512;

export function parseBearer(header: string | string[] | undefined): BearerResult {
  if (header === undefined || header === '') return { kind: 'missing' };
  if (Array.isArray(header)) return { kind: 'malformed' };
  const match = BEARER.exec(header);
  if (!match || match[1].length > MAX_TOKEN_LENGTH) return { kind: 'malformed' };
  return { kind: 'token', token: match[1] };
}
