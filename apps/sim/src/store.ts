/**
 * The cluster's storage: current objects per kind, one cluster-wide resourceVersion counter (like etcd's
 * revision), and a bounded history of change events for watches to resume from.
 *
 * Invariants: a stored object is never mutated (every change stores a new object), so lists, paging
 * snapshots and watch events can share them; `history` holds every event with rv > `compactedRv`.
 */
import { tooOld } from './errors';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KObj = Record<string, any>;

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  rv: number;
  type: EventType;
  kind: string;
  obj: KObj;
  /** The object before a MODIFIED, so a filtered watch can turn a label change into ADDED or DELETED. */
  prev?: KObj;
}

export interface Entry {
  obj: KObj;
  /** The object serialised once, lazily: lists of 50k pods are concatenations of these. */
  json?: string;
}

export function entryJson(e: Entry): string {
  if (e.json === undefined) e.json = JSON.stringify(e.obj);
  return e.json;
}

export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

class KindStore {
  readonly entries = new Map<string, Entry>();
  private sortedKeys: string[] | null = null;
  /** Keys per namespace ('' for cluster-scoped), sorted lazily: namespace lists must not walk every object. */
  private readonly byNs = new Map<string, { keys: Set<string>; sorted: string[] | null }>();

  keys(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.entries.keys()].sort(cmp);
    return this.sortedKeys;
  }

  /** Keys of one namespace, sorted. */
  keysIn(namespace: string): string[] {
    const n = this.byNs.get(namespace);
    if (!n) return [];
    if (!n.sorted) n.sorted = [...n.keys].sort(cmp);
    return n.sorted;
  }

  set(key: string, e: Entry): void {
    if (!this.entries.has(key)) {
      this.sortedKeys = null;
      const ns = namespaceOfKey(key);
      let n = this.byNs.get(ns);
      if (!n) this.byNs.set(ns, (n = { keys: new Set(), sorted: null }));
      n.keys.add(key);
      n.sorted = null;
    }
    this.entries.set(key, e);
  }

  delete(key: string): void {
    if (!this.entries.delete(key)) return;
    this.sortedKeys = null;
    const ns = namespaceOfKey(key);
    const n = this.byNs.get(ns);
    if (!n) return;
    n.keys.delete(key);
    n.sorted = null;
    if (n.keys.size === 0) this.byNs.delete(ns);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const namespaceOfKey = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');

export class ObjectStore {
  private rv = 1;
  private readonly kinds = new Map<string, KindStore>();
  private history: StoreEvent[] = [];
  private head = 0;
  private compactedRv = 1;
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private readonly maxEvents = 10_000) {}

  currentRv(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch may still start from. */
  oldestRv(): number {
    return this.compactedRv;
  }

  private kind(kind: string): KindStore {
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = new KindStore()));
    return k;
  }

  get(kind: string, namespace: string | undefined, name: string): KObj | undefined {
    return this.kinds.get(kind)?.entries.get(keyOf(namespace, name))?.obj;
  }

  /** Entries in key order (namespace, then name), optionally of one namespace. */
  list(kind: string, namespace?: string): Entry[] {
    const k = this.kinds.get(kind);
    if (!k) return [];
    return (namespace ? k.keysIn(namespace) : k.keys()).map((key) => k.entries.get(key) as Entry);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.entries.size ?? 0;
  }

  /**
   * Stores a new version of an object (created when absent) under the next resourceVersion, which it
   * writes into metadata.resourceVersion, and emits ADDED or MODIFIED. `build` receives the rv to stamp.
   */
  put(kind: string, build: (rv: string) => KObj): KObj {
    const rv = this.rv + 1;
    const obj = build(String(rv));
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const k = this.kind(kind);
    const prev = k.entries.get(key)?.obj;
    this.rv = rv;
    k.set(key, { obj });
    this.emit({ rv, type: prev ? 'MODIFIED' : 'ADDED', kind, obj, prev });
    return obj;
  }

  /** Removes an object; the DELETED event carries it with the deletion's resourceVersion, as etcd does. */
  remove(kind: string, namespace: string | undefined, name: string): KObj | undefined {
    const k = this.kinds.get(kind);
    const key = keyOf(namespace, name);
    const cur = k?.entries.get(key);
    if (!k || !cur) return undefined;
    const rv = ++this.rv;
    const obj = { ...cur.obj, metadata: { ...cur.obj.metadata, resourceVersion: String(rv) } };
    k.delete(key);
    this.emit({ rv, type: 'DELETED', kind, obj });
    return obj;
  }

  private emit(e: StoreEvent): void {
    if (this.history.length - this.head >= this.maxEvents) {
      this.compactedRv = this.history[this.head].rv;
      this.head++;
      // Drop the consumed prefix now and then instead of shifting on every event.
      if (this.head > 4096) {
        this.history = this.history.slice(this.head);
        this.head = 0;
      }
    }
    this.history.push(e);
    for (const l of this.listeners) l(e);
  }

  /** Events after `rv` (exclusive), or a 410 when some of them are no longer kept. */
  eventsSince(rv: number, rvText: string): StoreEvent[] {
    if (rv < this.compactedRv) throw tooOld(rvText, String(this.compactedRv));
    let lo = this.head;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Forgets all history, as an etcd compaction does: every older resourceVersion now gets 410. */
  compact(): void {
    this.history = [];
    this.head = 0;
    this.compactedRv = this.rv;
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
