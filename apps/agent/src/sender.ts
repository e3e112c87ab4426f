/**
 * The ordered outbound queue. Invariants:
 * - events leave in the order they were enqueued, in batches of at most `maxBatchEvents` events and
 *   `maxBatchBytes` of JSON;
 * - one batch in flight at a time; a batch that failed in a retryable way is re-sent unchanged (same
 *   events, same order) after a capped, jittered backoff until it succeeds — ingest is idempotent;
 * - a batch is sent when it is full, or when its oldest event has waited `flushMs` and the previous batch
 *   left at least `minSendIntervalMs` ago, or when draining: under steady load events coalesce into a few
 *   batches a second instead of one request per flush, which the API's per-cluster rate limit would refuse;
 * - a fatal answer (4xx other than 408/413/429) stops the sender for good and is reported once.
 */
import type { IngestEvent, IngestResult } from '@reachwatch/contracts';
import { Backoff, sleep } from './backoff';
import { postBatch, type IngestTarget, type SendOutcome } from './ingest-client';
import type { Logger } from './logger';
import { agentMsg } from './messages';

export interface SenderOptions {
  target: IngestTarget;
  cluster: string;
  agentId: string;
  maxBatchEvents: number;
  maxBatchBytes: number;
  flushMs: number;
  minSendIntervalMs: number;
  backoff: { baseMs: number; maxMs: number };
  logger: Logger;
  onFatal: (reason: string) => void;
}

export interface SenderStatus {
  queued: number;
  inFlight: number;
  batchesSent: number;
  eventsSent: number;
  retries: number;
  lastError: string | null;
  lastResult: IngestResult | null;
  lastSentAt: string | null;
}

/** One queued event, serialised once at enqueue: its size bounds batches and its text goes into the body. */
interface Entry {
  json: string;
  bytes: number;
  at: number;
}

export class IngestSender {
  private queue: Entry[] = [];
  /** Index of the first unsent entry; the array is compacted lazily to keep dequeue O(1). */
  private head = 0;
  private inFlight: Entry[] | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** When the last batch was first sent (Date.now()); retries do not count. */
  private lastSendAt = -Infinity;
  private running = false;
  private draining = false;
  private fatal = false;
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly st: Omit<SenderStatus, 'queued' | 'inFlight'> = {
    batchesSent: 0,
    eventsSent: 0,
    retries: 0,
    lastError: null,
    lastResult: null,
    lastSentAt: null,
  };

  constructor(private readonly o: SenderOptions) {
    this.backoff = new Backoff(o.backoff);
  }

  enqueue(events: IngestEvent[]): void {
    if (this.fatal) return;
    const at = Date.now();
    for (const event of events) {
      const json = JSON.stringify(event);
      this.queue.push({ json, bytes: Buffer.byteLength(json), at });
    }
    this.schedule();
  }

  /** Sends everything queued (retrying as usual) until empty or `deadlineMs` passes; returns events left unsent. */
  async drain(deadlineMs: number): Promise<number> {
    this.draining = true;
    this.schedule();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (this.isIdle() ? resolve() : this.idleWaiters.push(resolve))),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs))),
    ]);
    clearTimeout(timer);
    this.abort.abort();
    clearTimeout(this.timer);
    return this.pending() + (this.inFlight?.length ?? 0);
  }

  status(): SenderStatus {
    return { ...this.st, queued: this.pending(), inFlight: this.inFlight?.length ?? 0 };
  }

  private pending(): number {
    return this.queue.length - this.head;
  }

  private isIdle(): boolean {
    return this.fatal || (!this.running && this.pending() === 0);
  }

  private schedule(): void {
    if (this.running || this.fatal || this.abort.signal.aborted || this.pending() === 0) return this.notifyIdle();
    if (this.draining || this.pending() >= this.o.maxBatchEvents) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.run();
      return;
    }
    if (!this.timer) {
      const wait = Math.max(0, this.partialDueAt() - Date.now());
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, wait);
    }
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let limit = this.o.maxBatchEvents;
      while (this.pending() > 0 && !this.fatal && !this.abort.signal.aborted) {
        const full = this.pending() >= limit;
        const due = Date.now() >= this.partialDueAt();
        if (!full && !due && !this.draining) break;
        const batch = this.take(limit);
        const outcome = await this.sendWithRetry(batch);
        if (outcome === 'too-large') {
          // Put the batch back in front and try half: order is unchanged, only the cut moves.
          this.head -= batch.length;
          limit = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        if (outcome !== 'sent') break;
        limit = this.o.maxBatchEvents;
        this.compact();
      }
    } finally {
      this.running = false;
      this.inFlight = null;
    }
    this.schedule();
  }

  /** When a partial batch may leave: its oldest event has waited flushMs, and the send interval has passed. */
  private partialDueAt(): number {
    return Math.max(this.queue[this.head].at + this.o.flushMs, this.lastSendAt + this.o.minSendIntervalMs);
  }

  private take(limit: number): Entry[] {
    const batch: Entry[] = [];
    let bytes = 0;
    while (this.head < this.queue.length && batch.length < limit) {
      const e = this.queue[this.head];
      // Always take at least one event: a single object over the limit is the server's to refuse (413).
      if (batch.length > 0 && bytes + e.bytes > this.o.maxBatchBytes) break;
      batch.push(e);
      bytes += e.bytes;
      this.head++;
    }
    return batch;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Sends one batch until it is accepted; 'sent' | 'too-large' | 'fatal' | 'aborted'. */
  private async sendWithRetry(batch: Entry[]): Promise<'sent' | 'too-large' | 'fatal' | 'aborted'> {
    this.inFlight = batch;
    // The IngestBatch JSON, assembled from the events' own serialisations.
    const body = `{"agentId":${JSON.stringify(this.o.agentId)},"events":[${batch.map((e) => e.json).join(',')}]}`;
    this.lastSendAt = Date.now();
    for (;;) {
      const outcome: SendOutcome = await postBatch(this.o.target, body, this.o.cluster);
      if (outcome.kind === 'ok') {
        this.backoff.reset();
        this.st.batchesSent++;
        this.st.eventsSent += batch.length;
        this.st.lastResult = outcome.result;
        this.st.lastSentAt = new Date().toISOString();
        this.inFlight = null;
        return 'sent';
      }
      this.st.lastError = outcome.reason;
      if (outcome.kind === 'too-large') {
        this.inFlight = null;
        if (batch.length > 1) {
          this.o.logger.warn(agentMsg.batchTooLarge(batch.length, outcome.reason));
          return 'too-large';
        }
        return this.fail(batch, agentMsg.eventTooLarge(outcome.reason));
      }
      if (outcome.kind === 'fatal') return this.fail(batch, outcome.reason);
      if (this.abort.signal.aborted) return 'aborted';
      const cap = this.o.backoff.maxMs;
      const delay = Math.max(this.backoff.next(), Math.min(outcome.retryAfterMs ?? 0, cap));
      this.st.retries++;
      this.o.logger.warn(agentMsg.retrying(batch.length, outcome.reason, delay));
      await sleep(delay, this.abort.signal);
      if (this.abort.signal.aborted) return 'aborted';
    }
  }

  /** Ends the sender for good; the refused batch goes back to the queue so status and unsent counts include it. */
  private fail(batch: Entry[], reason: string): 'fatal' {
    this.fatal = true;
    this.inFlight = null;
    this.head -= batch.length;
    this.o.logger.error(reason);
    this.o.onFatal(reason);
    this.notifyIdle();
    return 'fatal';
  }
}
