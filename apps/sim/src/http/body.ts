/** Request bodies: size-limited, JSON (or YAML for apply patches and kubectl's YAML uploads). */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest } from '../errors';

/** The real server's limit for a request body is 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit && !failed) {
        failed = true;
        reject(new ApiError('RequestEntityTooLarge', `the request body is ${size}+ bytes, more than the limit of ${limit}`));
        req.resume();
      }
      if (!failed) chunks.push(c);
    });
    req.on('end', () => !failed && resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function parseBody(text: string, contentType: string): unknown {
  if (!text.trim()) throw badRequest('the request body is empty');
  const yaml = contentType === 'application/apply-patch+yaml' || contentType === 'application/yaml';
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't decode the request body as ${yaml ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
}
