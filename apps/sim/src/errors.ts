/**
 * API errors as the real server sends them: a `kind: Status` body whose `code` is the HTTP status and whose
 * `reason` is the machine-readable StatusReason clients switch on (client-node and kubectl both read it).
 */
export type Reason =
  | 'BadRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Expired'
  | 'Gone'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'NotAcceptable';

const CODES: Record<Reason, number> = {
  BadRequest: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Expired: 410,
  Gone: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
};

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: { reason?: string; message: string; field?: string }[];
}

export class ApiError extends Error {
  readonly code: number;
  constructor(readonly reason: Reason, message: string, readonly details?: StatusDetails) {
    super(message);
    this.code = CODES[reason];
  }

  status(): object {
    return statusObject('Failure', this.code, this.reason, this.message, this.details);
  }
}

export function statusObject(status: 'Success' | 'Failure', code: number, reason: string | undefined, message: string, details?: StatusDetails): object {
  const s: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status, message, code };
  if (reason) s.reason = reason;
  if (details) s.details = details;
  return s;
}

/** `pods "web" not found`, the real server's wording. */
export function notFound(resource: string, name: string, group = ''): ApiError {
  const what = group ? `${resource}.${group}` : resource;
  return new ApiError('NotFound', `${what} "${name}" not found`, { name, group, kind: resource });
}

export function alreadyExists(resource: string, name: string, group = ''): ApiError {
  const what = group ? `${resource}.${group}` : resource;
  return new ApiError('AlreadyExists', `${what} "${name}" already exists`, { name, group, kind: resource });
}

export function conflict(resource: string, name: string, why: string, group = ''): ApiError {
  const what = group ? `${resource}.${group}` : resource;
  return new ApiError('Conflict', `Operation cannot be fulfilled on ${what} "${name}": ${why}`, { name, group, kind: resource });
}

export function invalid(kind: string, name: string, causes: { field?: string; message: string }[], group = ''): ApiError {
  const what = group ? `${kind}.${group}` : kind;
  const text = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  return new ApiError('Invalid', `${what} "${name}" is invalid: ${text}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })),
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

/** The 410 the server gives for a resourceVersion older than its event history. */
export function tooOld(rv: string, oldest: string): ApiError {
  return new ApiError('Expired', `too old resource version: ${rv} (${oldest})`);
}
