/**
 * Server-side apply (application/apply-patch+yaml): the applied configuration is merged into the live
 * object, fields the same manager applied before and has now dropped are removed (unless someone else also
 * owns them), and a field another manager owns with a different value is a 409 conflict unless `force`.
 */
import { copyOf } from './copy';
import { ApiError } from './errors';
import { sameJson } from './json';
import { Path, decodeFields, entriesOf, fieldsOf, getPath, leafPaths, pathKey, pathText, recordOwnership, ManagedEntry } from './managed';
import type { KObj } from './store';

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Maps merge, everything else (scalars, lists) replaces. */
function deepMerge(target: Json, src: Json): Json {
  if (!isMap(src) || !isMap(target)) return src;
  const out: Record<string, Json> = copyOf(target);
  for (const [k, v] of Object.entries(src)) out[k] = deepMerge(out[k], v);
  return out;
}

function removePath(obj: Record<string, Json>, path: Path): void {
  const stack: Record<string, Json>[] = [];
  let cur: Json = obj;
  for (const p of path.slice(0, -1)) {
    if (!isMap(cur)) return;
    stack.push(cur);
    cur = cur[p];
  }
  if (!isMap(cur)) return;
  delete cur[path[path.length - 1]];
  // Prune maps the removal left empty, but keep top-level sections (metadata, spec).
  for (let i = path.length - 2; i >= 1; i--) {
    const parent = stack[i];
    const child = parent[path[i]];
    if (isMap(child) && Object.keys(child).length === 0) delete parent[path[i]];
    else break;
  }
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v));
}

export interface ApplyResult {
  object: KObj;
  managedFields: ManagedEntry[];
}

/**
 * `current` undefined: the applied config creates the object. Identity (name, namespace, uid…) is the
 * caller's business; this merges content and ownership only.
 */
export function serverSideApply(current: KObj | undefined, applied: KObj, manager: string, force: boolean, time: string): ApplyResult {
  const appliedPaths = leafPaths(applied);
  const before = entriesOf(current);
  const conflicts: string[] = [];
  const shared: Path[] = [];
  if (current) {
    const owners = new Map<string, string[]>();
    for (const e of before) {
      if (e.manager === manager) continue;
      for (const p of decodeFields(e.fieldsV1)) owners.set(pathKey(p), [...(owners.get(pathKey(p)) ?? []), e.manager]);
    }
    for (const p of appliedPaths) {
      const who = owners.get(pathKey(p));
      if (!who) continue;
      if (sameJson(getPath(current, p), getPath(applied, p))) shared.push(p);
      else if (!force) for (const m of who) conflicts.push(`conflict with "${m}": ${pathText(p)}`);
    }
  }
  if (conflicts.length) {
    throw new ApiError('Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${conflicts.join('\n')}`, {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: c })),
    });
  }
  const obj = clone(current ?? {}) as Record<string, Json>;
  if (current) {
    const now = new Set(appliedPaths.map(pathKey));
    const others = new Set<string>();
    for (const e of before) if (e.manager !== manager || e.operation !== 'Apply') for (const p of decodeFields(e.fieldsV1)) others.add(pathKey(p));
    for (const e of before) {
      if (e.manager !== manager || e.operation !== 'Apply') continue;
      for (const p of decodeFields(e.fieldsV1)) if (!now.has(pathKey(p)) && !others.has(pathKey(p))) removePath(obj, p);
    }
  }
  const merged = deepMerge(obj, clone(applied)) as KObj;
  const managedFields = recordOwnership(before, merged, manager, 'Apply', fieldsOf(appliedPaths), time, { replaceOwn: true, shared: fieldsOf(shared) });
  return { object: merged, managedFields };
}
