import { z } from 'zod';

/**
 * The agent → API ingest contract: `POST /api/v1/ingest/{cluster}` with `Authorization: Bearer <agent
 * token>` and a JSON body `IngestBatch`. Events are applied in array order; batches from one agent are
 * sent one at a time, in order.
 *
 * Idempotent: an object event is identified by (uid, resourceVersion, type); re-sending a batch (after a
 * timeout, say) changes nothing. An upsert whose content equals the stored object is not journaled.
 *
 * Relist: after a (re)list of one kind the agent sends that kind's objects as ADDED events carrying the
 * relist's `syncEpoch`, then `{type: 'SYNC_END', kind, syncEpoch}`. The server then deletes (and journals
 * as DELETED) every stored object of that kind the relist did not confirm: what vanished while the agent
 * was away.
 */

export const WATCHED_KINDS = [
  'Namespace',
  'Pod',
  'NetworkPolicy',
  'Service',
  'Node',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

/** Kinds without a namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<WatchedKind> = new Set(['Namespace', 'Node', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

export const MAX_EVENTS_PER_BATCH = 5000;
/** Body limit of the ingest endpoint; a bigger body gets 413. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Longest strings the contract accepts (in UTF-16 code units, as zod counts), shared by the schemas below
 * and their fast path (ingest-parse.ts). Names, uids, versions and epochs must also be non-empty.
 */
export const INGEST_MAX_LENGTH = {
  agentId: 128,
  apiVersion: 100,
  name: 253,
  uid: 128,
  resourceVersion: 64,
  manager: 256,
  syncEpoch: 64,
} as const;

/** ISO 8601 with an offset or Z. */
export const ObservedAt = z.iso.datetime({ offset: true });

const name = z.string().min(1).max(INGEST_MAX_LENGTH.name);
const syncEpoch = z.string().min(1).max(INGEST_MAX_LENGTH.syncEpoch);

/** A Kubernetes object as the agent normalised it (status noise and managedFields dropped). */
export const IngestObject = z
  .object({
    apiVersion: z.string().min(1).max(INGEST_MAX_LENGTH.apiVersion),
    kind: z.enum(WATCHED_KINDS),
    metadata: z
      .object({
        name,
        namespace: name.optional(),
        uid: z.string().min(1).max(INGEST_MAX_LENGTH.uid),
        resourceVersion: z.string().min(1).max(INGEST_MAX_LENGTH.resourceVersion),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type IngestObject = z.infer<typeof IngestObject>;

export const ObjectEvent = z.object({
  type: z.enum(['ADDED', 'MODIFIED', 'DELETED']),
  object: IngestObject,
  /** The field manager of the latest managedFields entry: who made this change. */
  manager: z.string().max(INGEST_MAX_LENGTH.manager).nullable().optional(),
  /** When the agent saw the event (ISO 8601). */
  observedAt: ObservedAt.optional(),
  /** Set on the objects of a relist (see SYNC_END). */
  syncEpoch: syncEpoch.optional(),
});
export type ObjectEvent = z.infer<typeof ObjectEvent>;

export const SyncEnd = z.object({
  type: z.literal('SYNC_END'),
  kind: z.enum(WATCHED_KINDS),
  syncEpoch,
});
export type SyncEnd = z.infer<typeof SyncEnd>;

export const IngestEvent = z.discriminatedUnion('type', [
  ObjectEvent.extend({ type: z.literal('ADDED') }),
  ObjectEvent.extend({ type: z.literal('MODIFIED') }),
  ObjectEvent.extend({ type: z.literal('DELETED') }),
  SyncEnd,
]);
export type IngestEvent = z.infer<typeof IngestEvent>;

/** Validate with parseIngestBatch (ingest-parse.ts): the same answers, much faster for valid batches. */
export const IngestBatch = z.object({
  /** The agent instance (for status and logs). */
  agentId: z.string().min(1).max(INGEST_MAX_LENGTH.agentId),
  events: z.array(IngestEvent).max(MAX_EVENTS_PER_BATCH),
});
export type IngestBatch = z.infer<typeof IngestBatch>;

export interface IngestResult {
  /** Events in the batch. */
  received: number;
  /** Changes written to the journal (new objects, real modifications, deletions). */
  journaled: number;
  /** Events that changed nothing (already seen, or same content). */
  unchanged: number;
  /** Objects deleted by SYNC_END markers. */
  pruned: number;
  /** The journal position after this batch. */
  lastSeq: number;
}
