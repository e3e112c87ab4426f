import type { IngestEvent, ObjectEvent } from '@reachwatch/contracts';
import { EventContent, type ObjectContent } from './content';

/** How many resourceVersions per object we remember to recognise replays (see migration 2). */
export const RECENT_VERSIONS = 16;

/** One stored object as the planner sees it (a k8s_object row). */
export interface StoredObject {
  kind: string;
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  content: ObjectContent;
  syncEpoch: string | null;
  recentVersions: string[];
}

export interface JournalRow {
  seq: number;
  kind: string;
  uid: string;
  namespace: string;
  name: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource_version: string;
  before: ObjectContent | null;
  after: ObjectContent | null;
  manager: string | null;
  occurred_at: string;
}

/** Per kind, the relist epoch in flight and the last one completed. */
export type SyncEpochs = Record<string, { open?: string; done?: string }>;

export const objectKey = (kind: string, uid: string) => `${kind}\u0000${uid}`;
export const versionKey = (uid: string, rv: string) => `${uid}\u0000${rv}`;

/**
 * The (uid, resourceVersion) pairs whose journal entries the plan may consult: those of the batch's
 * ADDED/MODIFIED events, except the pairs of an object whose every such event carries a version its stored
 * row remembers (recent_versions). Those events are stale whatever the journal says, and since none of them
 * can change the object, its remembered versions stay as they are for the whole batch. On an unchanged
 * relist that is every pair. (DELETED events consult only the current state.)
 */
export function versionsToProbe(events: readonly IngestEvent[], stored: ReadonlyMap<string, StoredObject>): { uid: string; resourceVersion: string }[] {
  const probe = new Map<string, { uid: string; resourceVersion: string }>();
  // Per stored object: its pairs, and whether its row remembers every one of them so far.
  const storedObjects = new Map<string, { pairs: Map<string, { uid: string; resourceVersion: string }>; remembered: boolean }>();
  for (const event of events) {
    if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
    const { uid, resourceVersion } = event.object.metadata;
    const pair = { uid, resourceVersion };
    const key = objectKey(event.object.kind, uid);
    const row = stored.get(key);
    if (!row) {
      probe.set(versionKey(uid, resourceVersion), pair);
      continue;
    }
    let entry = storedObjects.get(key);
    if (!entry) storedObjects.set(key, (entry = { pairs: new Map(), remembered: true }));
    entry.pairs.set(versionKey(uid, resourceVersion), pair);
    if (entry.remembered) entry.remembered = row.recentVersions.includes(resourceVersion);
  }
  for (const { pairs, remembered } of storedObjects.values()) if (!remembered) for (const [k, pair] of pairs) probe.set(k, pair);
  return [...probe.values()];
}

/**
 * The in-memory state of one cluster during one batch: objects as stored (prefetched) plus what this
 * batch did so far, and the journal rows and writes still to flush. Pure: no I/O. The repository
 * prefetches, feeds events in order, flushes before each SYNC_END (which prunes in SQL) and at the end.
 */
export class IngestPlan {
  readonly journal: JournalRow[] = [];
  /** Objects to upsert (final state) / delete, since the last flush. */
  readonly dirty = new Map<string, StoredObject>();
  readonly deleted = new Map<string, { kind: string; uid: string }>();
  journaled = 0;
  unchanged = 0;
  /** Keys with a k8s_object row as of the last flush: an upsert of any other key is a plain insert. */
  private readonly persisted: Set<string>;

  constructor(
    private readonly objects: Map<string, StoredObject>,
    /** (uid, resourceVersion) pairs journaled as ADDED or MODIFIED. */
    private readonly journaledVersions: Set<string>,
    /** uids journaled as DELETED: Kubernetes never reuses a uid, so these never come back. */
    private readonly deletedUids: Set<string>,
    readonly syncEpochs: SyncEpochs,
    public nextSeq: number,
    private readonly now: string,
  ) {
    this.persisted = new Set(objects.keys());
  }

  /** Applies one ADDED/MODIFIED/DELETED event; returns whether it changed the journal. */
  apply(event: ObjectEvent): boolean {
    const obj = event.object;
    const { uid, resourceVersion: rv, name } = obj.metadata;
    const key = objectKey(obj.kind, uid);
    const current = this.objects.get(key);
    const occurredAt = event.observedAt ?? this.now;
    if (event.syncEpoch && this.syncEpochs[obj.kind]?.done !== event.syncEpoch) {
      this.syncEpochs[obj.kind] = { ...this.syncEpochs[obj.kind], open: event.syncEpoch };
    }

    if (event.type === 'DELETED') {
      if (!current) return this.noChange(); // never seen, or already deleted: a replay
      this.record(current, 'DELETED', rv, current.content, null, event.manager ?? null, occurredAt);
      this.remove(key, current);
      return true;
    }

    const stale = this.deletedUids.has(uid) || this.journaledVersions.has(versionKey(uid, rv)) || (current?.recentVersions.includes(rv) ?? false);
    // Hashed only to compare with a stored object (see content.ts); a new object is stored unhashed.
    const content = stale ? undefined : new EventContent(obj);
    if (!content || (current && current.content.contentHash === content.contentHash)) {
      // Nothing to journal. A relist still confirms the object for its epoch, or SYNC_END would prune it.
      if (current) {
        const next = { ...current, syncEpoch: event.syncEpoch ?? current.syncEpoch };
        if (content) Object.assign(next, { resourceVersion: rv, content, recentVersions: remember(current.recentVersions, rv) });
        if (content || next.syncEpoch !== current.syncEpoch) this.put(key, next);
      }
      return this.noChange();
    }
    const next: StoredObject = {
      kind: obj.kind,
      uid,
      namespace: obj.metadata.namespace ?? '',
      name,
      resourceVersion: rv,
      content,
      syncEpoch: event.syncEpoch ?? current?.syncEpoch ?? null,
      recentVersions: remember(current?.recentVersions ?? [], rv),
    };
    this.record(next, current ? 'MODIFIED' : 'ADDED', rv, current?.content ?? null, content, event.manager ?? null, occurredAt);
    this.journaledVersions.add(versionKey(uid, rv));
    this.put(key, next);
    return true;
  }

  /** A SYNC_END whose epoch already completed is a replay: it must not prune again. */
  isSyncEndReplay(kind: string, epoch: string): boolean {
    return this.syncEpochs[kind]?.done === epoch;
  }

  /** Journals the objects the database pruned for SYNC_END (in the given order) and closes the epoch. */
  pruned(kind: string, epoch: string, rows: StoredObject[]): void {
    for (const row of rows) {
      this.record(row, 'DELETED', row.resourceVersion, row.content, null, null, this.now);
      this.objects.delete(objectKey(row.kind, row.uid));
      this.persisted.delete(objectKey(row.kind, row.uid));
      this.deletedUids.add(row.uid);
    }
    this.syncEpochs[kind] = { done: epoch };
    if (rows.length === 0) this.unchanged++;
  }

  /** 'syncing' while a relist is open for some kind, 'synced' once one completed, else unchanged. */
  syncState(previous: string): string {
    const states = Object.values(this.syncEpochs);
    if (states.some((s) => s.open)) return 'syncing';
    if (states.some((s) => s.done)) return 'synced';
    return previous;
  }

  /**
   * Hands over the pending writes and starts a new segment; the caller writes them all before asking
   * again. Objects without a row yet are `inserts`, the others `updates`.
   */
  takeWrites(): { journal: JournalRow[]; inserts: StoredObject[]; updates: StoredObject[]; deletes: { kind: string; uid: string }[] } {
    const out = { journal: this.journal.splice(0), inserts: [] as StoredObject[], updates: [] as StoredObject[], deletes: [...this.deleted.values()] };
    for (const [key, o] of this.dirty) {
      (this.persisted.has(key) ? out.updates : out.inserts).push(o);
      this.persisted.add(key);
    }
    for (const key of this.deleted.keys()) this.persisted.delete(key);
    this.dirty.clear();
    this.deleted.clear();
    return out;
  }

  private noChange(): false {
    this.unchanged++;
    return false;
  }

  private record(o: StoredObject, type: JournalRow['type'], rv: string, before: ObjectContent | null, after: ObjectContent | null, manager: string | null, occurredAt: string): void {
    this.journal.push({ seq: this.nextSeq++, kind: o.kind, uid: o.uid, namespace: o.namespace, name: o.name, type, resource_version: rv, before, after, manager, occurred_at: occurredAt });
    this.journaled++;
  }

  private put(key: string, next: StoredObject): void {
    this.objects.set(key, next);
    this.dirty.set(key, next);
    this.deleted.delete(key);
  }

  private remove(key: string, current: StoredObject): void {
    this.objects.delete(key);
    this.dirty.delete(key);
    this.deleted.set(key, { kind: current.kind, uid: current.uid });
    this.deletedUids.add(current.uid);
  }
}

function remember(versions: string[], rv: string): string[] {
  return versions.includes(rv) ? versions : [...versions, rv].slice(-RECENT_VERSIONS);
}
