import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Hash of what an object *says*: its canonical JSON without metadata.resourceVersion and
 * metadata.managedFields, which change on every write (status updates, re-applies) without changing
 * anything Reachwatch computes from. Two versions with equal hashes are one journal entry.
 */
export function contentHash(object: { metadata?: object }): string {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = (object.metadata ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson({ ...object, metadata })).digest('hex');
}
