/**
 * Watch streams: newline-delimited JSON events (ADDED/MODIFIED/DELETED/BOOKMARK/ERROR) on a chunked 200
 * response, as the API server sends them.
 * - no resourceVersion, or "0": the current objects as ADDED first, then changes;
 * - resourceVersion N: every change after N from the event history; older than the history → one ERROR
 *   event carrying a 410 Expired Status, then the stream ends (what client-go and client-node relist on);
 * - a label/field selector turns a change into ADDED/DELETED when an object starts/stops matching;
 * - BOOKMARKs every `bookmarkMs` when asked (allowWatchBookmarks), and the initial-events-end bookmark for
 *   sendInitialEvents;
 * - the stream ends after timeoutSeconds (or the server's own limit).
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import type { Predicate } from '../selectors';
import { entryJson, KObj, ObjectStore, StoreEvent } from '../store';

export interface WatchRequest {
  kind: string;
  apiVersion: string;
  namespace?: string;
  predicate?: Predicate;
  resourceVersion?: string;
  bookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number;
}

export interface WatchOptions {
  bookmarkMs: number;
}

function line(type: string, objJson: string): string {
  return `{"type":"${type}","object":${objJson}}\n`;
}

export function serveWatch(store: ObjectStore, req: WatchRequest, res: ServerResponse, opts: WatchOptions, open: Set<ServerResponse>): void {
  const inScope = (o: KObj) => !req.namespace || o.metadata?.namespace === req.namespace;
  const matches = (o: KObj | undefined) => o !== undefined && inScope(o) && (!req.predicate || req.predicate(o));
  const rvText = req.resourceVersion ?? '';
  let backlog: StoreEvent[] = [];
  const initial = rvText === '' || rvText === '0' || req.sendInitialEvents;
  let failure: ApiError | undefined;
  if (!initial) {
    const rv = Number(rvText);
    if (!/^\d+$/.test(rvText)) failure = new ApiError('BadRequest', `invalid resource version: ${JSON.stringify(rvText)}`);
    else {
      try {
        backlog = store.eventsSince(rv, rvText);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        failure = e;
      }
    }
  }
  if (failure?.code === 400) throw failure;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  if (failure) {
    res.end(line('ERROR', JSON.stringify(failure.status())));
    return;
  }
  const toLine = (e: StoreEvent): string | undefined => {
    if (e.kind !== req.kind) return undefined;
    const now = matches(e.obj);
    const before = e.type === 'MODIFIED' ? matches(e.prev) : now;
    if (e.type === 'MODIFIED' && now !== before) return line(now ? 'ADDED' : 'DELETED', JSON.stringify(e.obj));
    return now ? line(e.type, JSON.stringify(e.obj)) : undefined;
  };
  const bookmark = (annotations?: Record<string, string>) => {
    const meta: Record<string, unknown> = { resourceVersion: String(store.currentRv()) };
    if (annotations) meta.annotations = annotations;
    return line('BOOKMARK', JSON.stringify({ kind: req.kind, apiVersion: req.apiVersion, metadata: meta }));
  };
  // Snapshot and subscription happen in one synchronous turn: no change can fall between them.
  const first: string[] = [];
  if (initial) {
    for (const e of store.list(req.kind, req.namespace)) if (!req.predicate || req.predicate(e.obj)) first.push(line('ADDED', entryJson(e)));
    if (req.sendInitialEvents && req.bookmarks) first.push(bookmark({ 'k8s.io/initial-events-end': 'true' }));
  } else for (const e of backlog) {
    const l = toLine(e);
    if (l) first.push(l);
  }
  const unsubscribe = store.subscribe((e) => {
    const l = toLine(e);
    if (l) res.write(l);
  });
  if (first.length) res.write(first.join(''));
  // Clients (client-node's fetch) wait for the headers before reading events: send them now.
  else res.flushHeaders();
  open.add(res);
  const timers: NodeJS.Timeout[] = [setTimeout(() => res.end(), req.timeoutSeconds * 1000)];
  if (req.bookmarks) timers.push(setInterval(() => res.write(bookmark()), opts.bookmarkMs));
  const done = () => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    open.delete(res);
  };
  res.on('close', done);
  res.on('finish', done);
}
