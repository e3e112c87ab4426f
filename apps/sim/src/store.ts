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

/** One namespace's objects of a kind ('' for cluster-scoped ones). */
interface Bucket {
  /** By key (keyOf). */
  entries: Map<string, Entry>;
  /** The same entries by name, for keys keyOf makes of a namespace and a name without slashes. */
  byName: Map<string, Entry>;
  /** The keys sorted, once a list asked; then kept sorted as objects come and go. */
  sorted: string[] | null;
}

/**
 * One kind's objects, kept per namespace: a lookup by namespace and name builds no key string, a
 * namespace list walks only its namespace, and a write updates small maps rather than one holding every
 * pod of the cluster (a V8 map that keys come and go in keeps the removed ones in its hash chains until it
 * rebuilds itself, which the bigger the map the costlier).
 */
class KindStore {
  private size = 0;
  private sortedKeys: string[] | null = null;
  private readonly byNs = new Map<string, Bucket>();

  count(): number {
    return this.size;
  }

  /** Every key, sorted (the store's own array: callers copy what they keep). */
  keys(): string[] {
    if (!this.sortedKeys) {
      const all: string[] = [];
      for (const b of this.byNs.values()) for (const key of b.entries.keys()) all.push(key);
      this.sortedKeys = all.sort(cmp);
    }
    return this.sortedKeys;
  }

  /** Keys of one namespace, sorted (the store's own array: callers copy what they keep). */
  keysIn(namespace: string): string[] {
    const b = this.byNs.get(namespace);
    if (!b) return [];
    if (!b.sorted) b.sorted = [...b.entries.keys()].sort(cmp);
    return b.sorted;
  }

  /** Entries of one namespace, in key order. */
  entriesIn(namespace: string): Entry[] {
    const b = this.byNs.get(namespace);
    if (!b) return [];
    return this.keysIn(namespace).map((key) => b.entries.get(key) as Entry);
  }

  entry(key: string): Entry | undefined {
    return this.byNs.get(namespaceOfKey(key))?.entries.get(key);
  }

  /** The entry under keyOf(namespace, name). */
  find(namespace: string | undefined, name: string): Entry | undefined {
    // A slash in either part would make the key split elsewhere: look the whole key up instead.
    if (name.includes('/') || namespace?.includes('/')) return this.entry(keyOf(namespace, name));
    return this.byNs.get(namespace || '')?.byName.get(name);
  }

  /** Stores `e` under `key`; returns the entry it replaces. */
  set(key: string, e: Entry): Entry | undefined {
    const ns = namespaceOfKey(key);
    let b = this.byNs.get(ns);
    if (!b) this.byNs.set(ns, (b = { entries: new Map(), byName: new Map(), sorted: null }));
    const prev = b.entries.get(key);
    b.entries.set(key, e);
    const name = nameOfKey(key, ns);
    if (name !== undefined) b.byName.set(name, e);
    if (!prev) {
      this.size++;
      this.sortedKeys = null;
      if (b.sorted) b.sorted.splice(sortedIndex(b.sorted, key), 0, key);
    }
    return prev;
  }

  /** Removes the entry under `key`; returns it. */
  delete(key: string): Entry | undefined {
    const ns = namespaceOfKey(key);
    const b = this.byNs.get(ns);
    const e = b?.entries.get(key);
    if (!b || !e) return undefined;
    b.entries.delete(key);
    const name = nameOfKey(key, ns);
    if (name !== undefined) b.byName.delete(name);
    if (b.sorted) b.sorted.splice(sortedIndex(b.sorted, key), 1);
    if (b.entries.size === 0) this.byNs.delete(ns);
    this.size--;
    this.sortedKeys = null;
    return e;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Where `key` is, or would go, in `sorted`. */
function sortedIndex(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const namespaceOfKey = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
/**
 * The name part of a key, when the key is keyOf(namespace, name) of a namespace and a name without slashes
 * (what `find` looks up by name); undefined for any other key, which only the whole-key lookup finds.
 */
function nameOfKey(key: string, namespace: string): string | undefined {
  const name = namespace === '' ? key : key.slice(namespace.length + 1);
  return name.includes('/') ? undefined : name;
}

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

  // The last lookup, forgotten at every change: a write looks its object up again (patch, then update).
  private lastKind: string | undefined;
  private lastNamespace: string | undefined;
  private lastName = '';
  private lastObj: KObj | undefined;

  get(kind: string, namespace: string | undefined, name: string): KObj | undefined {
    if (this.lastKind === kind && this.lastName === name && this.lastNamespace === namespace) return this.lastObj;
    const obj = this.kinds.get(kind)?.find(namespace, name)?.obj;
    this.lastKind = kind;
    this.lastNamespace = namespace;
    this.lastName = name;
    this.lastObj = obj;
    return obj;
  }

  /** Entries in key order (namespace, then name), optionally of one namespace. */
  list(kind: string, namespace?: string): Entry[] {
    const k = this.kinds.get(kind);
    if (!k) return [];
    return namespace ? k.entriesIn(namespace) : k.keys().map((key) => k.entry(key) as Entry);
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.count() ?? 0;
  }

  /** The resourceVersion the next put stamps. */
  nextRv(): string {
    return String(this.rv + 1);
  }

  /**
   * Stores a new version of an object (created when absent) under the next resourceVersion, which the
   * caller has written into metadata.resourceVersion (`nextRv()`), and emits ADDED or MODIFIED.
   */
  put(kind: string, obj: KObj): KObj {
    const rv = this.rv + 1;
    if (obj.metadata.resourceVersion !== String(rv)) {
      throw new Error(`store.put: ${kind} ${obj.metadata.name} carries resourceVersion ${obj.metadata.resourceVersion}, not the next one (${rv})`);
    }
    this.lastKind = undefined;
    const prev = this.kind(kind).set(keyOf(obj.metadata.namespace, obj.metadata.name), { obj })?.obj;
    this.rv = rv;
    this.emit({ rv, type: prev ? 'MODIFIED' : 'ADDED', kind, obj, prev });
    return obj;
  }

  /** Removes an object; the DELETED event carries it with the deletion's resourceVersion, as etcd does. */
  remove(kind: string, namespace: string | undefined, name: string): KObj | undefined {
    this.lastKind = undefined;
    const cur = this.kinds.get(kind)?.delete(keyOf(namespace, name));
    if (!cur) return undefined;
    const rv = ++this.rv;
    const obj = { ...cur.obj, metadata: { ...cur.obj.metadata, resourceVersion: String(rv) } };
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
