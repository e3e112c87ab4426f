import type { DeliveryOutcome, DueDelivery, WebhookDeliveryRepository } from '@reachwatch/db';
import { renderBody, signature } from './payload';

export interface DispatcherOptions {
  /** Deliveries sent at once (default 4). */
  concurrency?: number;
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /** First retry after about this long, doubling per attempt up to maxDelayMs (defaults 2 s, 15 min). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is dead (default 10). */
  maxAttempts?: number;
  /** How often to look for due deliveries when not woken (default 1 s). */
  pollMs?: number;
  log: (line: string) => void;
}

export interface Dispatcher {
  /** Look for due deliveries now (after a commit that raised or resolved alerts). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Sends the webhook outbox. Runs beside the worker's loop and never inside it: the worker only inserts
 * delivery rows in its own transaction, so a slow or failing receiver costs it nothing. Each attempt is
 * recorded; failures retry with exponential backoff and jitter until maxAttempts, then the delivery is dead.
 * Several workers may run dispatchers: rows are taken with SKIP LOCKED and hidden while in flight.
 */
export function startDispatcher(repo: WebhookDeliveryRepository, o: DispatcherOptions): Dispatcher {
  const concurrency = o.concurrency ?? 4;
  const timeoutMs = o.timeoutMs ?? 5000;
  const baseDelayMs = o.baseDelayMs ?? 2000;
  const maxDelayMs = o.maxDelayMs ?? 15 * 60_000;
  const maxAttempts = o.maxAttempts ?? 10;
  const pollMs = o.pollMs ?? 1000;
  let stopping = false;
  let wakeUp: (() => void) | undefined;

  const retryAt = (attemptsBefore: number): Date | undefined => {
    if (attemptsBefore + 1 >= maxAttempts) return undefined;
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** attemptsBefore);
    // Full jitter on half the delay: receivers recovering from an outage are not hit in lockstep.
    return new Date(Date.now() + exp / 2 + Math.random() * (exp / 2));
  };

  const send = async (d: DueDelivery): Promise<void> => {
    const body = renderBody(d.format, d.payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Reachwatch-Webhook/1',
      'x-reachwatch-event': d.event,
      'x-reachwatch-delivery': String(d.id),
    };
    if (d.secret) headers['x-reachwatch-signature'] = signature(d.secret, body);
    let outcome: DeliveryOutcome;
    try {
      const res = await fetch(d.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      // Drain the body so the connection is reused; receivers' answers are not used.
      await res.arrayBuffer().catch(() => undefined);
      outcome = res.ok ? { ok: true, status: res.status, error: null } : { ok: false, status: res.status, error: `receiver answered ${res.status} ${res.statusText}` };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}`;
      outcome = { ok: false, status: null, error: why };
    }
    const next = outcome.ok ? undefined : retryAt(d.attempts);
    await repo.record(d.id, outcome, next);
    if (!outcome.ok) {
      o.log(`webhook delivery ${d.id} to ${new URL(d.url).host} failed (attempt ${d.attempts + 1}): ${outcome.error}; ${next ? `retrying at ${next.toISOString()}` : 'giving up'}`);
    }
  };

  const loop = async () => {
    while (!stopping) {
      let taken: DueDelivery[] = [];
      try {
        taken = await repo.takeDue(concurrency);
        await Promise.all(taken.map((d) => send(d).catch((e: Error) => o.log(`webhook delivery ${d.id}: ${e.message}`))));
      } catch (e) {
        o.log(`webhook dispatcher: ${(e as Error).message}`);
      }
      if (taken.length === concurrency || stopping) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  };
  const running = loop();
  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      stopping = true;
      wakeUp?.();
      await running;
    },
  };
}
