import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from './http';
import type { ApiLogger } from './logger';

/** Set by the error filter so the request log can say which error a request ended with. */
export const ERROR_CODE_LOCAL = 'errorCode';

/**
 * Logs each request once it is answered: method, path, status, duration, error code. The path is
 * logged without its query string and no header is ever read here, so tokens (Authorization, or a
 * token someone put in a query parameter) cannot reach the log.
 */
export function requestLog(logger: ApiLogger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields: Record<string, unknown> = {
        method: req.method,
        path: pathOnly(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      const code = res.locals[ERROR_CODE_LOCAL];
      if (code) fields.code = code;
      logger.info('request', fields);
    });
    next();
  };
}

export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
