/**
 * A real HTTP ingest endpoint for the agent's tests. It records every request, answers from a script of
 * failures (status codes, a hang past the agent's timeout, a reset connection) and otherwise accepts the
 * batch: it validates it against the contract, applies it idempotently on (uid, resourceVersion, type) like
 * the real server, and rebuilds the cluster's state keyed on uid, pruning at SYNC_END what the relist did
 * not confirm.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestBatch, type IngestEvent } from '@reachwatch/contracts';

export type Failure = number | 'hang' | 'reset' | 'accept-then-hang';

export interface Received {
  path: string;
  authorization: string | undefined;
  batch: IngestBatch;
  /** What the recorder answered. */
  answered: number | 'hang' | 'reset';
  /** When the request arrived (Date.now()). */
  at: number;
}

type ObjectEvent = Exclude<IngestEvent, { type: 'SYNC_END' }>;

export class IngestRecorder {
  private server!: http.Server;
  private readonly script: Failure[] = [];
  readonly received: Received[] = [];
  /** Object events in the order they were first applied (re-sends skipped). */
  readonly applied: ObjectEvent[] = [];
  readonly syncEnds: Extract<IngestEvent, { type: 'SYNC_END' }>[] = [];
  readonly state = new Map<string, ObjectEvent['object']>();
  private readonly seen = new Set<string>();
  private readonly epochs = new Map<string, Set<string>>();
  url = '';
  hangMs = 60_000;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next requests get these answers, in order; after that, batches are accepted. */
  failNext(...answers: Failure[]): void {
    this.script.push(...answers);
  }

  /** Current objects of one kind, as `ns/name` (or `name`), sorted. */
  names(kind: string): string[] {
    return [...this.state.values()]
      .filter((o) => o.kind === kind)
      .map((o) => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name))
      .sort();
  }

  /** All events of all received batches, re-sends included. */
  allSent(): IngestEvent[] {
    return this.received.flatMap((r) => r.batch.events);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const batch = IngestBatch.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      const step = this.script.shift();
      const record = (answered: Received['answered']) =>
        this.received.push({ path: req.url ?? '', authorization: req.headers.authorization, batch, answered, at });
      if (step === 'hang' || step === 'accept-then-hang') {
        // accept-then-hang: applied, but the answer never comes — the agent must re-send, idempotently.
        if (step === 'accept-then-hang') this.apply(batch);
        record('hang');
        const t = setTimeout(() => res.destroy(), this.hangMs);
        res.on('close', () => clearTimeout(t));
        return;
      }
      if (step === 'reset') {
        record('reset');
        req.socket.destroy();
        return;
      }
      if (typeof step === 'number') {
        record(step);
        res.writeHead(step, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: step, message: `scripted answer ${step}` }));
        return;
      }
      record(200);
      const journaled = this.apply(batch);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: batch.events.length, journaled, unchanged: batch.events.length - journaled, pruned: 0, lastSeq: this.applied.length }));
    });
  }

  private apply(batch: IngestBatch): number {
    let journaled = 0;
    for (const ev of batch.events) {
      if (ev.type === 'SYNC_END') {
        const confirmed = this.epochs.get(ev.syncEpoch) ?? new Set<string>();
        for (const [uid, o] of this.state) if (o.kind === ev.kind && !confirmed.has(uid)) this.state.delete(uid);
        this.syncEnds.push(ev);
        continue;
      }
      const { uid, resourceVersion } = ev.object.metadata;
      if (ev.syncEpoch) this.epochs.set(ev.syncEpoch, (this.epochs.get(ev.syncEpoch) ?? new Set()).add(uid));
      const key = `${uid}|${resourceVersion}|${ev.type}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.applied.push(ev);
      journaled++;
      if (ev.type === 'DELETED') this.state.delete(uid);
      else this.state.set(uid, ev.object);
    }
    return journaled;
  }
}
