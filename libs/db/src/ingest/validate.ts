import { CLUSTER_SCOPED_KINDS, type IngestBatch, parseIngestBatch } from '@reachwatch/contracts';
import { DbError } from '../errors';

/**
 * Checks a batch completely before anything is written: the zod contract, plus what the contract cannot
 * say — namespaced kinds carry a namespace, cluster-scoped kinds do not, and no string holds a NUL
 * character (Postgres JSONB refuses \u0000 and would fail the transaction half-way through).
 * Throws DbError INVALID_BATCH naming the first bad event.
 */
export function validateBatch(input: unknown): IngestBatch {
  const parsed = parseIngestBatch(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'batch';
    throw new DbError('INVALID_BATCH', `Invalid ingest batch at ${where}: ${issue.message}`, parsed.error.issues);
  }
  return checkBatch(parsed.data);
}

/**
 * The checks of validateBatch that the zod contract cannot express, for a batch already parsed against
 * it (the API's body pipe parses it once; parsing 5,000 objects again cost as much as the checks).
 */
export function checkBatch(batch: IngestBatch): IngestBatch {
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
    if (holdsNul(event)) {
      throw new DbError('INVALID_BATCH', `Invalid ingest batch at events.${i}: ${kind} ${metadata.name} contains a NUL character, which Postgres cannot store.`);
    }
  });
  return batch;
}

/** Whether any key or string value holds U+0000 (a walk: three times faster than serialising the event). */
function holdsNul(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(holdsNul);
  for (const k in v) if (k.includes('\u0000') || holdsNul((v as Record<string, unknown>)[k])) return true;
  return false;
}
