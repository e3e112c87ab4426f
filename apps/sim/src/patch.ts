/**
 * The patch formats kubectl and client libraries send: JSON merge patch (RFC 7386), strategic merge patch
 * (merge patch plus merge-by-key for the lists that have a patch merge key in the Kubernetes API, and the
 * `$patch` / `$deleteFromPrimitiveList` / `$setElementOrder` directives), and JSON patch (RFC 6902).
 * Pure functions over JSON values; they never modify their inputs.
 */
import { copyOf } from './copy';
import { badRequest, invalid } from './errors';
import type { KObj } from './store';

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const out: Record<string, Json> = isMap(target) ? copyOf(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Lists merged by key under strategic merge patch, by field name (the patchMergeKey tags of the API types
 * the simulator serves). Any other list is replaced whole.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  tolerations: 'key',
};
const PORT_KEYS: Record<string, string> = { ports: 'containerPort' };

function mergeKeyFor(field: string, parent: string): string | undefined {
  if (field === 'ports') return parent === 'containers' || parent === 'initContainers' ? PORT_KEYS.ports : parent === 'spec' ? 'port' : undefined;
  return MERGE_KEYS[field];
}

export function strategicMergePatch(target: Json, patch: Json, parent = ''): Json {
  if (!isMap(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isMap(target) ? copyOf(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as Json[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const key = Array.isArray(v) ? mergeKeyFor(k, parent) : undefined;
    const merged = key && Array.isArray(out[k]) ? mergeList(out[k] as Json[], v as Json[], key, k) : strategicMergePatch(out[k], v, k);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function mergeList(cur: Json[], patch: Json[], key: string, field: string): Json[] {
  const out = [...cur];
  for (const item of patch) {
    if (!isMap(item) || item[key] === undefined) {
      out.push(item);
      continue;
    }
    const i = out.findIndex((x) => isMap(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMergePatch(out[i], item, field);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isMap(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

interface Op {
  op: string;
  path: string;
  value?: Json;
  from?: string;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`json patch: path "${path}" must start with "/"`);
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function getAt(doc: Json, parts: string[], path: string): Json {
  let cur = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isMap(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw badRequest(`json patch: path "${path}" does not exist`);
  }
  return cur;
}

/** RFC 6902 on a deep copy; a failed `test` or a missing path is a 422 / 400 like the real server's. */
export function jsonPatch(target: Json, ops: Json, name: string, kind: string): Json {
  if (!Array.isArray(ops)) throw badRequest('json patch: the body must be a JSON array of operations');
  let doc = clone(target);
  for (const raw of ops as Op[]) {
    if (!isMap(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw badRequest('json patch: each operation needs "op" and "path"');
    const parts = pointer(raw.path);
    const parentParts = parts.slice(0, -1);
    const last = parts[parts.length - 1];
    const setAt = (value: Json, insert: boolean) => {
      if (!parts.length) return void (doc = value);
      const parent = getAt(doc, parentParts, raw.path);
      if (Array.isArray(parent)) {
        const i = last === '-' ? parent.length : Number(last);
        if (!Number.isInteger(i) || i < 0 || i > parent.length) throw badRequest(`json patch: bad array index in "${raw.path}"`);
        if (insert) parent.splice(i, 0, value);
        else parent[i] = value;
      } else if (isMap(parent)) parent[last] = value;
      else throw badRequest(`json patch: path "${raw.path}" does not exist`);
    };
    const removeAt = () => {
      const parent = getAt(doc, parentParts, raw.path);
      getAt(doc, parts, raw.path);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string, Json>)[last];
    };
    switch (raw.op) {
      case 'add':
        setAt(clone(raw.value), true);
        break;
      case 'replace':
        getAt(doc, parts, raw.path);
        setAt(clone(raw.value), false);
        break;
      case 'remove':
        removeAt();
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw badRequest(`json patch: "${raw.op}" needs "from"`);
        const v = clone(getAt(doc, pointer(raw.from), raw.from));
        if (raw.op === 'move') {
          const fp = pointer(raw.from);
          const parent = getAt(doc, fp.slice(0, -1), raw.from);
          if (Array.isArray(parent)) parent.splice(Number(fp[fp.length - 1]), 1);
          else delete (parent as Record<string, Json>)[fp[fp.length - 1]];
        }
        setAt(v, true);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(doc, parts, raw.path)) !== JSON.stringify(raw.value)) {
          throw invalid(kind, name, [{ message: `json patch test operation failed at "${raw.path}"` }]);
        }
        break;
      default:
        throw badRequest(`json patch: unknown operation "${raw.op}"`);
    }
  }
  return doc;
}

export const PATCH_TYPES = [
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'application/apply-patch+cbor',
] as const;

/** Applies a merge, strategic or JSON patch (apply patches go through serverSideApply instead). */
export function applyPatch(type: string, current: KObj, patch: Json, kind: string): KObj {
  const name = String(current.metadata?.name ?? '');
  let out: Json;
  if (type === 'application/merge-patch+json') out = mergePatch(current, patch);
  else if (type === 'application/strategic-merge-patch+json') out = strategicMergePatch(current, patch);
  else out = jsonPatch(current, patch, name, kind);
  if (!isMap(out)) throw badRequest('the patch did not produce an object');
  return out;
}
