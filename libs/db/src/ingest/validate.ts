import { CLUSTER_SCOPED_KINDS, IngestBatch } from '@reachwatch/contracts';
import { DbError } from '../errors';

/**
 * Checks a batch completely before anything is written: the zod contract, plus what the contract cannot
 * say — namespaced kinds carry a namespace, cluster-scoped kinds do not, and no string holds a NUL
 * character (Postgres JSONB refuses \u0000 and would fail the transaction half-way through).
 * Throws DbError INVALID_BATCH naming the first bad event.
 */
export function validateBatch(input: unknown): IngestBatch {
  const parsed = IngestBatch.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'batch';
    throw new DbError('INVALID_BATCH', `Invalid ingest batch at ${where}: ${issue.message}`, parsed.error.issues);
  }
  const batch = parsed.data;
  batch.events.forEach((event, i) => {
    if (event.type === 'SYNC_END') return;
    const { kind, metadata } = event.object;
    const namespaced = !CLUSTER_SCOPED_KINDS.has(kind);
    if (namespaced && !metadata.namespace) {
      throw new DbError('INVALID_BATCH', `Invalid ingest batch at events.${i}: ${kind} ${metadata.name} has no metadata.namespace.`);
    }
    if (!namespaced && metadata.namespace) {
      throw new DbError('INVALID_BATCH', `Invalid ingest batch at events.${i}: ${kind} ${metadata.name} is cluster-scoped but has metadata.namespace ${metadata.namespace}.`);
    }
    if (JSON.stringify(event).includes('\\u0000')) {
      throw new DbError('INVALID_BATCH', `Invalid ingest batch at events.${i}: ${kind} ${metadata.name} contains a NUL character, which Postgres cannot store.`);
    }
  });
  return batch;
}
