/**
 * Plain GETs against the Kubernetes API with the KubeConfig's credentials (tokens, client certificates,
 * exec plugins, CA, proxies — all applied by @kubernetes/client-node). Lists go through here rather than
 * the generated typed clients because those deserialise into model classes: timestamps become Date objects
 * and unknown fields vanish, so a listed object would not equal the same object from a watch (raw JSON),
 * and ingest would journal a "change" that is not one.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { agentMsg } from './messages';

/** An HTTP answer other than 200 from the API server; `statusCode` 410 means the resourceVersion expired. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

const REQUEST_TIMEOUT_MS = 60_000;

export async function kubeGetJson(
  kc: KubeConfig,
  path: string,
  query: Record<string, string | undefined>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(agentMsg.noCluster());
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  const opts: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(opts);
  const headers = { ...(opts.headers as Record<string, string>), Accept: 'application/json' };
  const mod = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, method: 'GET', headers, signal, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          reject(new KubeApiError(status, agentMsg.kubeHttp(url.pathname, status, statusMessage(text))));
          return;
        }
        try {
          const body: unknown = JSON.parse(text);
          if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
          resolve(body as Record<string, unknown>);
        } catch (e) {
          reject(new Error(agentMsg.kubeBadJson(url.pathname, (e as Error).message)));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(agentMsg.kubeTimeout(url.pathname, REQUEST_TIMEOUT_MS))));
    req.on('error', reject);
    req.end();
  });
}

/** The `message` of a Kubernetes Status body, else the start of the text. */
function statusMessage(text: string): string {
  try {
    const s = JSON.parse(text) as { message?: unknown };
    if (typeof s.message === 'string') return s.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
