import { hash } from 'node:crypto';

/**
 * Canonical JSON and the content hash of ingested objects. The hash is stored (k8s_object.content_hash)
 * and compared with the hash of every later version, so its definition is frozen: SHA-256 of the
 * canonical JSON of the object without metadata.resourceVersion and metadata.managedFields, where
 * canonical JSON is `JSON.stringify` of a copy with the keys of every object sorted. That copy is an
 * ordinary object, so its array-index keys ("0", "7") come first in numeric order, and an own
 * `__proto__` key is lost on the way. test/canonical.spec.ts checks the code below against that
 * definition, written out naively.
 */

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalForm(value));
}

/**
 * Hash of what an object *says*: its canonical JSON without metadata.resourceVersion and
 * metadata.managedFields, which change on every write (status updates, re-applies) without changing
 * anything Reachwatch computes from. Two versions with equal hashes are one journal entry.
 */
export function contentHash(object: { metadata?: object }): string {
  const top: unknown = object;
  const metadata: unknown = object.metadata;
  if (!isPlainObject(top) || !isPlainObject(metadata)) return contentHashNaively(object);
  // The definition's copy of `{ ...object, metadata: metadata without those two keys }`, built directly.
  const view: Record<string, unknown> = {};
  for (const key of canonicalKeys(top)) {
    const value = top[key];
    if (value === undefined) continue;
    view[key] = key === 'metadata' ? canonicalMetadata(metadata) : canonicalForm(value);
  }
  return sha256(JSON.stringify(view));
}

const NOT_HASHED: ReadonlySet<string> = new Set(['resourceVersion', 'managedFields']);

/** metadata's canonical copy without the keys the hash leaves out. */
function canonicalMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of canonicalKeys(metadata)) {
    const value = metadata[key];
    if (value !== undefined && !NOT_HASHED.has(key)) copy[key] = canonicalForm(value);
  }
  return copy;
}

/** The definition, step by step: for objects whose top level or metadata is not a plain object. */
function contentHashNaively(object: { metadata?: object }): string {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = (object.metadata ?? {}) as Record<string, unknown>;
  return sha256(canonicalJson({ ...object, metadata }));
}

/**
 * A value whose JSON.stringify is the canonical JSON of `value`. Copies only the objects whose keys are
 * out of order (or hold a `__proto__` key); everything already canonical is shared, not copied.
 */
function canonicalForm(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const canonical = canonicalForm(item);
      if (canonical !== item && !copy) copy = value.slice(0, i);
      if (copy) copy.push(canonical);
    }
    return copy ?? value;
  }
  // A Date, a Map, a class instance: canonical JSON has always serialised their own keys (a Date as {}).
  if (!isPlainObject(value)) return sortedCopy(value);
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    if ((i > 0 && keys[i - 1] >= keys[i]) || keys[i] === '__proto__') return sortedCopy(value, keys);
  }
  // Keys in order: share this object unless a value below it must be copied.
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = value[keys[i]];
    if (item === undefined) continue;
    const canonical = canonicalForm(item);
    if (canonical !== item && !copy) {
      copy = {};
      for (let j = 0; j < i; j++) if (value[keys[j]] !== undefined) copy[keys[j]] = value[keys[j]];
    }
    if (copy) copy[keys[i]] = canonical;
  }
  return copy ?? value;
}

/**
 * The definition's copy: keys sorted into a new ordinary object (which puts array indices first). `keys`,
 * the value's own keys when the caller has them already, is sorted in place.
 */
function sortedCopy(value: object, keys = Object.keys(value)): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of sortKeyList(keys)) {
    const item = (value as Record<string, unknown>)[key];
    // Assigning `__proto__` would set the copy's prototype, not add a key: canonical JSON never had it.
    if (item !== undefined && key !== '__proto__') copy[key] = canonicalForm(item);
  }
  return copy;
}

/** The keys of a plain object in the order the canonical copy has them (`__proto__` left out). */
function canonicalKeys(value: Record<string, unknown>): string[] {
  const keys = sortKeyList(Object.keys(value));
  let arrayIndices = false;
  for (let i = 0; i < keys.length; i++) {
    const first = keys[i].charCodeAt(0);
    if (first >= 0x30 && first <= 0x39) arrayIndices = true; // a digit: maybe an array index
    if (keys[i] === '__proto__') keys.splice(i--, 1);
  }
  if (!arrayIndices) return keys;
  // Let an ordinary object put its array indices first, as it did in the canonical copy.
  const order: Record<string, true> = {};
  for (const key of keys) order[key] = true;
  return Object.keys(order);
}

/**
 * `keys.sort()` (UTF-16 code unit order), in place. Array.prototype.sort allocates its work arrays on every
 * call, which made it the largest allocation of an initial sync (5 KB per object); an object has a handful
 * of keys, which insertion sort orders without allocating.
 */
function sortKeyList(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** One-shot SHA-256 (crypto.hash): several times cheaper than createHash for a short text. */
function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}
