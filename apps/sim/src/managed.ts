/**
 * metadata.managedFields: which manager (kubectl, an operator, the simulator's own controllers) set which
 * field, in the FieldsV1 form the real server writes, so the agent can report who changed what.
 *
 * Simplification (stated so nobody relies on more): lists are owned whole (`f:containers: {}`), not per
 * element by merge key as the real server's structured-merge-diff does; status is never owned.
 */
import type { KObj } from './store';

type Json = unknown;
export type Path = string[];

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, Json>;
  subresource?: string;
}

/** Fields no manager owns: identity, server-set bookkeeping, and status. */
const UNOWNED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'generateName']);

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaf paths of an object (scalars, lists and empty maps are leaves). */
export function leafPaths(obj: KObj): Path[] {
  const out: Path[] = [];
  const walk = (v: Json, path: Path) => {
    if (isMap(v) && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) {
        if (path.length === 0 && UNOWNED_TOP.has(k)) continue;
        if (path.length === 1 && path[0] === 'metadata' && UNOWNED_META.has(k)) continue;
        walk(x, [...path, k]);
      }
    } else if (path.length > 0) out.push(path);
  };
  walk(obj, []);
  return out;
}

export function getPath(obj: Json, path: Path): Json {
  let cur = obj;
  for (const p of path) {
    if (!isMap(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

export const pathKey = (p: Path): string => JSON.stringify(p);
export const pathText = (p: Path): string => `.${p.join('.')}`;

export function encodeFields(paths: Path[]): Record<string, Json> {
  const root: Record<string, Json> = {};
  for (const p of [...paths].sort((a, b) => (pathKey(a) < pathKey(b) ? -1 : 1))) {
    let cur = root;
    for (const part of p) {
      const k = `f:${part}`;
      if (!isMap(cur[k])) cur[k] = {};
      cur = cur[k] as Record<string, Json>;
    }
  }
  return root;
}

export function decodeFields(f: Json): Path[] {
  const out: Path[] = [];
  const walk = (node: Json, path: Path) => {
    const keys = isMap(node) ? Object.keys(node).filter((k) => k.startsWith('f:')) : [];
    if (!keys.length) {
      if (path.length) out.push(path);
      return;
    }
    for (const k of keys) walk((node as Record<string, Json>)[k], [...path, k.slice(2)]);
  };
  walk(f, []);
  return out;
}

export function entriesOf(obj: KObj | undefined): ManagedEntry[] {
  const mf = obj?.metadata?.managedFields;
  return Array.isArray(mf) ? (mf as ManagedEntry[]) : [];
}

/** FieldsV1 of every owned field of `obj`, built in one walk (a new object's creator owns all of them). */
export function allFields(obj: KObj): Record<string, Json> {
  const walk = (v: Json, depth: number, parentKey: string): Record<string, Json> => {
    const out: Record<string, Json> = {};
    if (!isMap(v)) return out;
    for (const k of Object.keys(v).sort()) {
      if (depth === 0 && UNOWNED_TOP.has(k)) continue;
      if (depth === 1 && parentKey === 'metadata' && UNOWNED_META.has(k)) continue;
      const x = v[k];
      out[`f:${k}`] = isMap(x) && Object.keys(x).length > 0 ? walk(x, depth + 1, k) : {};
    }
    return out;
  };
  return walk(obj, 0, '');
}

/** Paths of `after` that are new or changed against `before`. */
export function changedPaths(before: KObj | undefined, after: KObj): Path[] {
  return leafPaths(after).filter((p) => JSON.stringify(getPath(before, p)) !== JSON.stringify(getPath(after, p)));
}

/**
 * Ownership after a change by `manager`: it gains `gained`; every other entry loses those paths; paths no
 * longer present in `after` leave every entry; empty entries disappear. Deterministic order (by manager).
 */
export function recordOwnership(
  before: ManagedEntry[],
  after: KObj,
  manager: string,
  operation: 'Apply' | 'Update',
  gained: Path[],
  time: string,
  opts: { replaceOwn?: boolean; shared?: Set<string> } = {},
): ManagedEntry[] {
  const present = new Set(leafPaths(after).map(pathKey));
  const gainedKeys = new Set(gained.map(pathKey));
  const out: ManagedEntry[] = [];
  let mine: Path[] = [];
  for (const e of before) {
    const paths = decodeFields(e.fieldsV1).filter((p) => present.has(pathKey(p)));
    if (e.manager === manager && e.operation === operation) {
      mine = opts.replaceOwn ? [] : paths;
      continue;
    }
    // Shared ownership survives where the applier set the same value the other manager had.
    const kept = paths.filter((p) => !gainedKeys.has(pathKey(p)) || opts.shared?.has(pathKey(p)));
    if (kept.length) out.push({ ...e, fieldsV1: encodeFields(kept) });
  }
  const all = new Map([...mine, ...gained].filter((p) => present.has(pathKey(p))).map((p) => [pathKey(p), p]));
  if (all.size) {
    out.push({
      manager,
      operation,
      apiVersion: String(after.apiVersion ?? 'v1'),
      time,
      fieldsType: 'FieldsV1',
      fieldsV1: encodeFields([...all.values()]),
    });
  }
  return out.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : a.operation < b.operation ? -1 : 1));
}

/** The manager a request acts as: `fieldManager`, else the User-Agent's program name, as the API server does. */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? '').split('/')[0].trim();
  return ua || 'unknown';
}
