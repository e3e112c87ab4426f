import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest as Request } from './http';
import type { Observable } from 'rxjs';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { ApiConfig } from '../config';
import { API_CONFIG } from '../tokens';
import { ApiError } from './api-error';
import { MSG } from './messages';

/**
 * JSON request bodies, read by an interceptor rather than a global body-parser middleware: interceptors
 * run after guards, so a request is authenticated before a single byte of its body is read or parsed,
 * and each route can have its own size limit (@BodyLimit). Bodies are read only on POST, PUT and PATCH.
 */
const BODY_LIMIT = 'reachwatch:body-limit';
export type BodyLimitName = 'default' | 'ingest';
export const BodyLimit = (name: BodyLimitName) => SetMetadata(BODY_LIMIT, name);

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      if (METHODS_WITH_BODY.has(req.method) && hasBody(req)) {
        const name = this.reflector.getAllAndOverride<BodyLimitName | undefined>(BODY_LIMIT, [
          context.getHandler(),
          context.getClass(),
        ]);
        const limit = name === 'ingest' ? this.config.maxBatchBytes : this.config.maxBodyBytes;
        req.body = await readJsonBody(req, limit);
      }
    }
    return next.handle();
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Read and parse one JSON body of at most `limit` decoded bytes. Content-Length above the limit is refused
 * before reading; a chunked or compressed body is counted as it arrives. On refusal the rest of the body is
 * discarded (not left unread, which would stall a keep-alive connection).
 */
export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  const contentType = req.headers['content-type'];
  const [mediaType, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (mediaType !== 'application/json') throw new ApiError('unsupported_media_type', MSG.wrongContentType(contentType));
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError('unsupported_media_type', MSG.unsupportedCharset(charset));
  }
  const decoded = decoder(req);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new ApiError('payload_too_large', MSG.tooLarge(limit), { limit });

  const text = await readLimited(req, decoded, limit);
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new ApiError('bad_request', MSG.invalidJson((err as Error).message));
  }
}

function decoder(req: Request): Readable | zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  switch (encoding) {
    case 'identity':
      return req;
    case 'gzip':
      return req.pipe(zlib.createGunzip());
    case 'deflate':
      return req.pipe(zlib.createInflate());
    case 'br':
      return req.pipe(zlib.createBrotliDecompress());
    default:
      throw new ApiError('unsupported_media_type', MSG.unsupportedEncoding(encoding));
  }
}

function readLimited(req: Request, stream: ReturnType<typeof decoder>, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error: ApiError | undefined) => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      if (error) {
        // Stop decoding, then let the rest of the request drain into nothing.
        if (stream !== req) {
          req.unpipe(stream as NodeJS.WritableStream);
          stream.destroy();
        }
        req.resume();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size).toString('utf8'));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(new ApiError('payload_too_large', MSG.tooLarge(limit), { limit }));
      else chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(undefined));
    stream.once('error', (err) => finish(new ApiError('bad_request', MSG.invalidJson(err.message))));
    req.once('aborted', () => finish(new ApiError('bad_request', MSG.bodyAborted)));
  });
}
