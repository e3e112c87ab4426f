import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response } from './http';
import { DbError } from '@reachwatch/db';
import { ApiError, ErrorCode } from './api-error';
import { fromDbError, isDatabaseUnavailable } from './db-errors';
import { API_LOGGER } from '../tokens';
import type { ApiLogger } from './logger';
import { MSG } from './messages';
import { ERROR_CODE_LOCAL, pathOnly } from './request-log';

/**
 * The one place where a failure becomes an HTTP answer. ApiErrors carry their code; Nest's own
 * HttpExceptions (the 404 for an unknown route, above all) are mapped by status; anything else is a bug:
 * logged with its stack, answered 500 with nothing of its content.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(@Inject(API_LOGGER) private readonly logger: ApiLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const error = this.toApiError(exception, req);
    if (res.headersSent) {
      // Too late to answer; the connection is all we can end.
      res.end();
      return;
    }
    res.locals[ERROR_CODE_LOCAL] = error.code;
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json(error.toBody());
  }

  private toApiError(exception: unknown, req: Request): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) return fromHttpException(exception, req);
    if (exception instanceof DbError) {
      const mapped = fromDbError(exception);
      if (mapped.code !== 'internal') return mapped;
    }
    const err = exception instanceof Error ? exception : new Error(String(exception));
    if (isDatabaseUnavailable(err)) {
      this.logger.error('database-unavailable', { method: req.method, path: pathOnly(req.originalUrl), message: err.message });
      return new ApiError('unavailable', MSG.databaseDown, undefined, { 'Retry-After': String(DATABASE_RETRY_SECONDS) });
    }
    this.logger.error('unhandled', {
      method: req.method,
      path: pathOnly(req.originalUrl),
      name: err.name,
      message: err.message,
      stack: err.stack,
    });
    return new ApiError('internal', MSG.internal);
  }
}

function fromHttpException(exception: HttpException, req: Request): ApiError {
  const status = exception.getStatus();
  const path = pathOnly(req.originalUrl);
  if (status === 404) return new ApiError('not_found', MSG.noRoute(req.method, path));
  if (status === 405) return new ApiError('method_not_allowed', MSG.methodNotAllowed(req.method, path));
  const code = CODE_BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'bad_request');
  return new ApiError(code, code === 'internal' ? MSG.internal : exception.message);
}

/** What a client is told to wait after a database outage; agents back off on their own as well. */
const DATABASE_RETRY_SECONDS = 5;

const CODE_BY_STATUS = new Map<number, ErrorCode>([
  [400, 'bad_request'],
  [401, 'unauthenticated'],
  [403, 'forbidden'],
  [409, 'conflict'],
  [413, 'payload_too_large'],
  [415, 'unsupported_media_type'],
  [429, 'rate_limited'],
  [503, 'unavailable'],
]);
