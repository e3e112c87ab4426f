/**
 * Lists with `limit`/`continue`: the first page takes a consistent snapshot (the matching entries at the
 * list's resourceVersion; stored objects are immutable, so this is an array of references) and later pages
 * read from it. A snapshot lives for `ttlMs` and at most `maxSnapshots` are kept, like etcd's compaction
 * window: an expired or compacted token gets 410 Expired, a token for another list 400.
 */
import { ApiError, badRequest } from '../errors';
import type { Predicate } from '../selectors';
import { Entry, entryJson, ObjectStore } from '../store';

interface Snapshot {
  scope: string;
  rv: string;
  items: Entry[];
  expires: number;
}

interface Token {
  id: number;
  off: number;
  rv: string;
}

export interface ListRequest {
  kind: string;
  apiVersion: string;
  namespace?: string;
  predicate?: Predicate;
  /** Selector text, so a continue token cannot be replayed against another list. */
  scope: string;
  limit?: number;
  continueToken?: string;
}

export class Lister {
  private readonly snapshots = new Map<number, Snapshot>();
  private nextId = 1;

  constructor(private readonly store: ObjectStore, private readonly ttlMs = 5 * 60_000, private readonly maxSnapshots = 64) {}

  /** Every continue token issued so far stops working (what an etcd compaction does to them). */
  expireAll(): void {
    this.snapshots.clear();
  }

  /** The JSON text of the list response (built by concatenating cached item JSON: 50k pods stay cheap). */
  list(req: ListRequest): string {
    let items: Entry[];
    let rv: string;
    let off = 0;
    let id: number | undefined;
    if (req.continueToken) {
      const t = decode(req.continueToken);
      const snap = this.snapshots.get(t.id);
      if (!snap || snap.expires < Date.now()) {
        this.snapshots.delete(t.id);
        throw new ApiError('Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      if (snap.scope !== listScope(req) || snap.rv !== t.rv) throw badRequest('the continue token was issued for a different list');
      ({ items, rv } = snap);
      off = t.off;
      id = t.id;
    } else {
      rv = String(this.store.currentRv());
      const all = this.store.list(req.kind, req.namespace);
      items = req.predicate ? all.filter((e) => (req.predicate as Predicate)(e.obj)) : all;
    }
    const end = req.limit && req.limit > 0 ? Math.min(items.length, off + req.limit) : items.length;
    const meta: Record<string, unknown> = { resourceVersion: rv };
    if (end < items.length) {
      if (id === undefined) id = this.keep({ scope: listScope(req), rv, items, expires: Date.now() + this.ttlMs });
      meta.continue = encode({ id, off: end, rv });
      meta.remainingItemCount = items.length - end;
    }
    const parts: string[] = [];
    for (let i = off; i < end; i++) parts.push(entryJson(items[i]));
    return `{"kind":${JSON.stringify(`${req.kind}List`)},"apiVersion":${JSON.stringify(req.apiVersion)},"metadata":${JSON.stringify(meta)},"items":[${parts.join(',')}]}`;
  }

  private keep(s: Snapshot): number {
    const id = this.nextId++;
    this.snapshots.set(id, s);
    // Oldest first out: Map keeps insertion order.
    while (this.snapshots.size > this.maxSnapshots) this.snapshots.delete(this.snapshots.keys().next().value as number);
    return id;
  }
}

function listScope(req: ListRequest): string {
  return `${req.kind}|${req.namespace ?? ''}|${req.scope}`;
}

function encode(t: Token): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decode(s: string): Token {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Token;
    if (Number.isInteger(t.id) && Number.isInteger(t.off) && typeof t.rv === 'string') return t;
  } catch {
    // fall through to the error below
  }
  throw badRequest(`invalid continue token: ${JSON.stringify(s)}`);
}
