import type { IngestObject } from '@reachwatch/contracts';
import { contentHash } from '../canonical';

/**
 * What ingest writes of an object and compares it by: JSON texts and the content hash. Ingest never reads
 * inside an object it stores, so an object loaded from the database stays the text Postgres sent, and an
 * object from an event is serialised only when something needs its text, then once.
 *
 * The content hash is computed only to compare two versions of an object, so a new object is stored
 * without one (k8s_object.content_hash = ''): most objects of an initial sync never change again, and
 * hashing each cost as much as the rest of its ingest. When a later version arrives, the stored object's
 * hash is computed then, from its stored text (the same JSON value, so the same hash).
 */
export interface ObjectContent {
  /** The object as JSON text (k8s_object.object and change_event.before/after, `json` columns that keep it as it is). */
  readonly json: string;
  /** See canonical.ts contentHash; computed on first use when not known. */
  readonly contentHash: string;
  /** What k8s_object.content_hash holds: the hash when something has computed it, else ''. */
  readonly storedHash: string;
  /** metadata.labels as JSON text, `{}` when it has none (k8s_object.labels). */
  readonly labels: string;
}

/** An object from an agent's event. */
export class EventContent implements ObjectContent {
  private text?: string;
  private hash?: string;

  constructor(readonly object: IngestObject) {}

  /** In the object's own key order, as the agent sent it. */
  get json(): string {
    return (this.text ??= JSON.stringify(this.object));
  }

  get contentHash(): string {
    return (this.hash ??= contentHash(this.object));
  }

  get storedHash(): string {
    return this.hash ?? '';
  }

  get labels(): string {
    return JSON.stringify(this.object.metadata.labels ?? {});
  }
}

/** An object as k8s_object holds it: its texts as Postgres returned them. */
export class StoredContent implements ObjectContent {
  constructor(
    readonly json: string,
    /** '' when not computed yet. */
    private hash: string,
    readonly labels: string,
  ) {}

  get contentHash(): string {
    return (this.hash ||= contentHash(JSON.parse(this.json) as { metadata?: object }));
  }

  get storedHash(): string {
    return this.hash;
  }
}
