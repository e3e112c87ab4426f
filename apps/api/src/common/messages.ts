/**
 * Every message a client can read, in one place. Authentication messages are deliberately vague: they
 * say what to fix on the caller's side without revealing whether a cluster exists or which cluster a
 * token belongs to.
 */
export const MSG = {
  noRoute: (method: string, path: string) => `No route for ${method} ${path}.`,
  methodNotAllowed: (method: string, path: string) => `${method} is not allowed on ${path}.`,
  internal: 'Internal error. The request may be retried; if it keeps failing, see the server log.',

  missingToken: 'Missing credentials: send the agent token as "Authorization: Bearer <token>".',
  malformedToken: 'Malformed credentials: expected "Authorization: Bearer <token>" with a single token.',
  unknownToken: 'The token is not valid.',
  // The name comes from the URL; cluster names have at most 63 characters, so longer input is cut.
  forbiddenCluster: (cluster: string) => `This token may not ingest for cluster "${cluster.length > 63 ? `${cluster.slice(0, 63)}…` : cluster}".`,

  rateLimited: (seconds: number) => `Too many requests; retry in ${seconds} s.`,
  authRateLimited: (seconds: number) => `Too many failed authentication attempts; retry in ${seconds} s.`,

  tooLarge: (limit: number) => `Request body is larger than the limit of ${limit} bytes.`,
  wrongContentType: (got: string | undefined) =>
    `Content-Type must be application/json${got ? `, got "${got}"` : ''}.`,
  unsupportedEncoding: (encoding: string) => `Content-Encoding "${encoding}" is not supported (use gzip, deflate, br or none).`,
  unsupportedCharset: (charset: string) => `Charset "${charset}" is not supported (use utf-8).`,
  invalidJson: (reason: string) => `Request body is not valid JSON: ${reason}`,
  bodyAborted: 'The request body was not received completely.',
  invalidBody: (what: string, issues: number) => `The ${what} is invalid (${issues} problem${issues === 1 ? '' : 's'}; see details).`,

  databaseDown: 'The database does not answer.',
  partsDown: (parts: readonly string[]) => `Not every part is up: ${parts.join(', ')} ${parts.length === 1 ? 'is' : 'are'} down.`,
  probeTimeout: (ms: number) => `No answer within ${ms} ms.`,
  neverReported: 'Registered but has not reported yet.',
} as const;
