import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The parts of Express's request and response this app uses. `@types/express` is not installed, and
 * these few members are all the API relies on, so they are declared here rather than typed as `any`.
 */
export interface HttpRequest extends IncomingMessage {
  method: string;
  originalUrl: string;
  path: string;
  params: Record<string, string>;
  body?: unknown;
  /** The client address (honours X-Forwarded-For only with trust proxy). */
  ip?: string;
}

export interface HttpResponse extends ServerResponse {
  locals: Record<string, unknown>;
  status(code: number): this;
  json(body: unknown): this;
}

export type NextFunction = (err?: unknown) => void;
export type Middleware = (req: HttpRequest, res: HttpResponse, next: NextFunction) => void;
