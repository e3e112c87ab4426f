/**
 * List+watch of one kind (an informer without a cache: the server keeps the state). Invariants:
 * - events are handed to `sink` in the order the API server produced them; nothing is emitted twice except
 *   what a relist re-confirms;
 * - every (re)list is sent as ADDED events carrying a fresh `syncEpoch`, then `SYNC_END` for the kind, so the
 *   server deletes what vanished while the agent was not watching (at start, after 410 Gone);
 * - a dropped or timed-out watch resumes from the last resourceVersion seen (events and bookmarks), which is
 *   an opaque token: stored and sent back, never compared.
 */
import { randomUUID } from 'node:crypto';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { IngestEvent, type WatchedKind } from '@reachwatch/contracts';
import { normalizeLiveObject } from '@reachwatch/k8s';
import { Backoff, sleep } from './backoff';
import { KubeApiError, kubeGetJson } from './kube-http';
import type { Logger } from './logger';
import { agentMsg } from './messages';
import type { WatchedResource } from './resources';

export interface KindWatcherOptions {
  kc: KubeConfig;
  resource: WatchedResource;
  sink: (events: IngestEvent[]) => void;
  logger: Logger;
  /** Objects per list page (`limit`). */
  pageSize: number;
  backoff: { baseMs: number; maxMs: number };
  /** Called when an optional kind's API disappeared (404): the watcher has ended. */
  onGone?: () => void;
}

export interface KindStatus {
  kind: WatchedKind;
  /** True once the first full list has been handed over. */
  synced: boolean;
  resourceVersion: string | null;
  lists: number;
  watches: number;
  events: number;
  /** Objects that could not be normalised (logged and skipped). */
  invalid: number;
  lastError: string | null;
}

type WatchEnd = { kind: 'closed'; progressed: boolean } | { kind: 'expired' } | { kind: 'failed'; error: Error; progressed: boolean };

const WATCH_TIMEOUT_MIN_S = 300;
const WATCH_TIMEOUT_SPREAD_S = 300;
/** Extra time after the server-side watch timeout before the agent declares the stream dead. */
const WATCH_GRACE_MS = 60_000;
/** A watch open at least this long counts as healthy: its end resets the backoff. */
const HEALTHY_WATCH_MS = 10_000;

export class KindWatcher {
  private rv: string | undefined;
  private readonly stopCtl = new AbortController();
  private currentWatch: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly backoff: Backoff;
  private readonly st: KindStatus;

  constructor(private readonly o: KindWatcherOptions) {
    this.backoff = new Backoff(o.backoff);
    this.st = { kind: o.resource.kind, synced: false, resourceVersion: null, lists: 0, watches: 0, events: 0, invalid: 0, lastError: null };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the list or watch in progress; nothing is emitted after this resolves. */
  async stop(): Promise<void> {
    this.stopCtl.abort();
    this.currentWatch?.abort();
    await this.loop;
  }

  status(): KindStatus {
    return { ...this.st, resourceVersion: this.rv ?? null };
  }

  private get stopped(): boolean {
    return this.stopCtl.signal.aborted;
  }

  private async run(): Promise<void> {
    const { kind } = this.o.resource;
    while (!this.stopped) {
      try {
        if (this.rv === undefined) await this.relist();
        if (this.stopped) break;
        const end = await this.watchOnce(this.rv as string);
        if (this.stopped) break;
        if (end.kind === 'expired') {
          this.o.logger.info(agentMsg.watchExpired(kind, this.rv as string));
          this.rv = undefined;
          continue;
        }
        if (end.progressed) this.backoff.reset();
        if (end.kind === 'failed') {
          this.st.lastError = end.error.message;
          const delay = this.backoff.next();
          this.o.logger.warn(agentMsg.watchDropped(kind, end.error.message, this.rv as string, delay));
          await sleep(delay, this.stopCtl.signal);
        } else if (!end.progressed) {
          // A server closing idle watches at once would otherwise make this a hot loop.
          await sleep(this.backoff.next(), this.stopCtl.signal);
        }
      } catch (e) {
        if (this.stopped) break;
        const err = e as Error;
        if (err instanceof KubeApiError && err.statusCode === 410) {
          // The list's continue token expired between pages: start the list over.
          this.o.logger.info(agentMsg.listExpired(kind));
          this.rv = undefined;
          continue;
        }
        if (err instanceof KubeApiError && err.statusCode === 404 && this.o.resource.optional) {
          this.o.logger.warn(agentMsg.apiGone(kind));
          this.emitEmptySync();
          this.o.onGone?.();
          return;
        }
        this.st.lastError = err.message;
        const delay = this.backoff.next();
        this.o.logger.warn(agentMsg.listFailed(kind, err.message, delay));
        await sleep(delay, this.stopCtl.signal);
      }
    }
  }

  /** Lists every page, emitting each page as it arrives, then SYNC_END; leaves rv at the list's version. */
  private async relist(): Promise<void> {
    const { resource } = this.o;
    const syncEpoch = randomUUID();
    this.st.lists++;
    let cont: string | undefined;
    let listRv: string | undefined;
    let count = 0;
    do {
      const page = await kubeGetJson(this.o.kc, resource.path, { limit: String(this.o.pageSize), continue: cont }, this.stopCtl.signal);
      if (this.stopped) return;
      const meta = (page.metadata ?? {}) as { resourceVersion?: unknown; continue?: unknown };
      const apiVersion = typeof page.apiVersion === 'string' ? page.apiVersion : resource.groupVersion;
      const items = Array.isArray(page.items) ? (page.items as unknown[]) : [];
      const events: IngestEvent[] = [];
      for (const item of items) {
        // List items carry no kind/apiVersion of their own; the list says what they are.
        const ev = this.toEvent('ADDED', { apiVersion, kind: resource.kind, ...(item as object) }, syncEpoch);
        if (ev) events.push(ev);
      }
      count += events.length;
      if (events.length) this.o.sink(events);
      if (typeof meta.resourceVersion === 'string' && meta.resourceVersion) listRv = meta.resourceVersion;
      cont = typeof meta.continue === 'string' && meta.continue ? meta.continue : undefined;
    } while (cont);
    if (listRv === undefined) throw new Error(agentMsg.listWithoutVersion(resource.kind));
    this.o.sink([{ type: 'SYNC_END', kind: resource.kind, syncEpoch }]);
    this.rv = listRv;
    this.st.synced = true;
    this.backoff.reset();
    this.o.logger.info(agentMsg.listed(resource.kind, count, listRv));
  }

  /** An optional kind whose API vanished has no objects left: say so, so the server prunes them. */
  emitEmptySync(): void {
    this.o.sink([{ type: 'SYNC_END', kind: this.o.resource.kind, syncEpoch: randomUUID() }]);
    this.st.synced = true;
  }

  /**
   * Normalises and checks the event against the ingest contract here, so that one odd object is skipped
   * with a clear log line instead of making the server refuse (4xx) a whole batch and stop the agent.
   */
  private toEvent(type: 'ADDED' | 'MODIFIED' | 'DELETED', raw: unknown, syncEpoch?: string): IngestEvent | undefined {
    try {
      const { object, manager } = normalizeLiveObject(raw);
      if (object.kind !== this.o.resource.kind) throw new Error(agentMsg.wrongKind(this.o.resource.kind, object.kind));
      const ev = { type, object, manager, observedAt: new Date().toISOString(), ...(syncEpoch ? { syncEpoch } : {}) };
      const checked = IngestEvent.safeParse(ev);
      if (!checked.success) throw new Error(agentMsg.contractViolation(object, checked.error.issues));
      this.st.events++;
      return ev as IngestEvent;
    } catch (e) {
      this.st.invalid++;
      this.st.lastError = (e as Error).message;
      this.o.logger.error(agentMsg.invalidObject(this.o.resource.kind, (e as Error).message));
      return undefined;
    }
  }

  private async watchOnce(fromRv: string): Promise<WatchEnd> {
    this.st.watches++;
    const startedAt = Date.now();
    const timeoutSeconds = WATCH_TIMEOUT_MIN_S + Math.floor(Math.random() * WATCH_TIMEOUT_SPREAD_S);
    let progressed = false;
    let expired = false;
    let streamError: Error | undefined;
    let ctl: AbortController | undefined;
    // Once this watch is over (ended, errored, superseded) nothing it still delivers may reach the sink:
    // the next list or watch has taken over and a late event would be out of order.
    let live = true;
    let onStop = () => {};
    const ended = new Promise<Error | null>((resolve) => {
      // stop() must not wait for a server that has not even answered the watch request yet.
      onStop = () => resolve(null);
      this.stopCtl.signal.addEventListener('abort', onStop, { once: true });
      const onEvent = (type: string, obj: unknown) => {
        if (!live || this.stopped) return;
        const o = (obj ?? {}) as { metadata?: { resourceVersion?: unknown }; code?: unknown; message?: unknown };
        if (type === 'ERROR') {
          // A Status in the stream: 410 = our resourceVersion is older than the server's history.
          if (o.code === 410) expired = true;
          else streamError = new Error(agentMsg.watchErrorEvent(o.code, o.message));
          live = false;
          ctl?.abort();
          return;
        }
        const rv = o.metadata?.resourceVersion;
        if (type === 'BOOKMARK') {
          if (typeof rv === 'string' && rv) this.rv = rv;
          progressed = true;
          return;
        }
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
        const ev = this.toEvent(type, obj);
        if (ev) this.o.sink([ev]);
        if (typeof rv === 'string' && rv) this.rv = rv;
        progressed = true;
      };
      new Watch(this.o.kc)
        .watch(this.o.resource.path, { resourceVersion: fromRv, allowWatchBookmarks: true, timeoutSeconds }, onEvent, (err) =>
          resolve((err as Error | null) ?? null),
        )
        .then((c) => {
          ctl = c;
          if (!live || this.stopped) c.abort();
          else this.currentWatch = c;
        }, (e: unknown) => resolve(e as Error));
    });
    // The server ends the watch after timeoutSeconds; a silent half-open connection would never end on its own.
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(new Error(agentMsg.watchStalled(timeoutSeconds))), timeoutSeconds * 1000 + WATCH_GRACE_MS);
    });
    const err = await Promise.race([ended, watchdog]);
    live = false;
    clearTimeout(timer);
    // A watch that stayed open a while was healthy even without events (a quiet kind, no bookmarks).
    if (Date.now() - startedAt >= HEALTHY_WATCH_MS) progressed = true;
    this.stopCtl.signal.removeEventListener('abort', onStop);
    ctl?.abort();
    this.currentWatch = undefined;
    const status = (err as { statusCode?: unknown } | null)?.statusCode;
    if (expired || status === 410) return { kind: 'expired' };
    if (status === 404 && this.o.resource.optional) throw new KubeApiError(404, err?.message ?? '');
    if (streamError) return { kind: 'failed', error: streamError, progressed };
    if (err) return { kind: 'failed', error: status ? new Error(agentMsg.watchHttp(status as number, err.message)) : err, progressed };
    return { kind: 'closed', progressed };
  }
}
