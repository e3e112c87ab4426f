/**
 * One POST of one batch to the ingest endpoint, classified for the sender: done, retry (the batch may or may
 * not have been applied: re-sending is safe because ingest is idempotent), shrink (413: too big), or fatal
 * (the server will refuse this batch whatever we do; re-sending would only hide the problem).
 */
import type { IngestResult } from '@reachwatch/contracts';
import { agentMsg } from './messages';

export type SendOutcome =
  | { kind: 'ok'; result: IngestResult | null }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'too-large'; reason: string }
  | { kind: 'fatal'; status: number; reason: string };

export interface IngestTarget {
  url: string;
  token: string;
  timeoutMs: number;
}

/** `body` is an IngestBatch already serialised (see IngestSender). */
export async function postBatch(target: IngestTarget, body: string, cluster: string): Promise<SendOutcome> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    // fetch reports "fetch failed"; the cause says what really happened (ECONNREFUSED, other side closed…).
    const cause = err.cause ? [err.cause.code, err.cause.message].filter(Boolean).join(': ') : '';
    const why = err.name === 'TimeoutError' ? agentMsg.ingestTimeout(target.timeoutMs) : cause || err.message;
    return { kind: 'retry', reason: agentMsg.ingestUnreachable(target.url, why) };
  }
  const message = serverMessage(text);
  if (res.status >= 200 && res.status < 300) return { kind: 'ok', result: parseResult(text) };
  if (res.status === 429) return { kind: 'retry', reason: agentMsg.ingestStatus(res.status, message), retryAfterMs: retryAfter(res.headers.get('retry-after')) };
  if (res.status >= 500) return { kind: 'retry', reason: agentMsg.ingestStatus(res.status, message) };
  if (res.status === 413) return { kind: 'too-large', reason: agentMsg.ingestStatus(res.status, message) };
  if (res.status === 401 || res.status === 403) return { kind: 'fatal', status: res.status, reason: agentMsg.tokenRefused(res.status, message, cluster) };
  return { kind: 'fatal', status: res.status, reason: agentMsg.ingestRefused(res.status, message) };
}

/** The error text a server put in its body: `message` of a JSON error (string or list), else the raw text. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (Array.isArray(body.message)) return body.message.map(String).join('; ');
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 500) || '(empty body)';
}

function parseResult(text: string): IngestResult | null {
  try {
    const r = JSON.parse(text) as IngestResult;
    return typeof r === 'object' && r !== null && typeof r.received === 'number' ? r : null;
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  if (/^\d+$/.test(h.trim())) return Number(h.trim()) * 1000;
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}
