/**
 * metadata.managedFields: which manager (kubectl, an operator, the simulator's own controllers) set which
 * field, in the FieldsV1 form the real server writes, so the agent can report who changed what.
 *
 * Simplification (stated so nobody relies on more): lists are owned whole (`f:containers: {}`), not per
 * element by merge key as the real server's structured-merge-diff does; status is never owned.
 */
import { copyOf } from './copy';
import { sameJson } from './json';
import { byCodeUnits, sortSmall } from './sort';
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
  return fieldsOfMap(obj, UNOWNED_TOP, true);
}

/**
 * FieldsV1 of a map's members but the `unowned` ones, each level's members in plain sort order (as the
 * simulator has always written a creator's entry); `atRoot`: the `metadata` member leaves out its own
 * unowned members.
 */
function fieldsOfMap(v: Json, unowned: Set<string> | undefined, atRoot: boolean): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!isMap(v)) return out;
  for (const k of sortSmall(Object.keys(v), byCodeUnits)) {
    if (unowned?.has(k)) continue;
    const x = v[k];
    out[`f:${k}`] = isMap(x) && hasOwnMember(x) ? fieldsOfMap(x, atRoot && k === 'metadata' ? UNOWNED_META : undefined, false) : {};
  }
  return out;
}

function hasOwnMember(v: Record<string, Json>): boolean {
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
  return false;
}

/**
 * A set of field paths in FieldsV1's own shape — `{ "f:spec": { "f:replicas": {} } }` — where a node without
 * `f:` members ends a path. The paths of one set are leaves of one object, so none is a prefix of another.
 */
export type Fields = Record<string, Json>;

/** The set of `paths` (not in FieldsV1's order: recordOwnership orders what it writes). */
export function fieldsOf(paths: Path[]): Fields {
  const root: Fields = {};
  for (const p of paths) {
    let cur = root;
    for (const part of p) {
      const k = `f:${part}`;
      if (!isMap(cur[k])) cur[k] = {};
      cur = cur[k] as Fields;
    }
  }
  return root;
}

/**
 * Leaves of `after` (as leafPaths walks them) whose JSON differs from the same path in `before`. A member
 * both versions share by reference holds no change, so only the levels a write rebuilt are visited.
 */
export function changedFields(before: KObj | undefined, after: KObj): Fields {
  return changedBelow(before, after, UNOWNED_TOP) ?? {};
}

function changedBelow(before: Json, after: Record<string, Json>, unowned: Set<string> | undefined): Fields | undefined {
  let out: Fields | undefined;
  // for-in, not Object.keys: no array per level; stored objects are plain, so it lists the same own members.
  for (const k in after) {
    if (unowned?.has(k)) continue;
    const a = after[k];
    const b = isMap(before) ? before[k] : undefined;
    if (a === b) continue;
    const changed = isMap(a) && hasMember(a) ? changedBelow(b, a, unowned === UNOWNED_TOP && k === 'metadata' ? UNOWNED_META : undefined) : sameJson(b, a) ? undefined : {};
    if (changed) (out ??= {})[`f:${k}`] = changed;
  }
  return out;
}

function hasMember(v: Record<string, Json>): boolean {
  for (const _ in v) return true;
  return false;
}

function hasFieldMember(node: Json): boolean {
  if (!isMap(node)) return false;
  for (const k in node) if (k.startsWith('f:')) return true;
  return false;
}

/** `node` is in the set and ends a path there. */
const endsAt = (node: Json): boolean => node !== undefined && !hasFieldMember(node);

const QUOTE = 0x22;
/** Characters JSON writes as an escape (and surrogates, which it may): they sort differently as JSON text. */
const escapedInJson = (c: number): boolean => c < 0x20 || c === QUOTE || c === 0x5c || (c >= 0xd800 && c <= 0xdfff);

/**
 * The order FieldsV1 members are written in: by the JSON text of their paths (the simulator has always
 * sorted the paths so before building FieldsV1), which comes down to the JSON text of the member's own
 * name — its closing quote sorts before most characters, so a name sorts before its longer relatives
 * unless the next character is a space or `!`.
 */
export function fieldOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const ca = i < a.length ? a.charCodeAt(i) : -1;
  const cb = i < b.length ? b.charCodeAt(i) : -1;
  if (ca === cb) return 0;
  if ((ca >= 0 && escapedInJson(ca)) || (cb >= 0 && escapedInJson(cb)) || (i > 0 && escapedInJson(a.charCodeAt(i - 1)))) {
    return JSON.stringify(a) < JSON.stringify(b) ? -1 : 1;
  }
  return (ca < 0 ? QUOTE : ca) - (cb < 0 ? QUOTE : cb);
}

const byFieldOrder = (x: [string, Json], y: [string, Json]): number => fieldOrder(x[0], y[0]);
const isEnumerable = Object.prototype.propertyIsEnumerable;

/**
 * The field name of a FieldsV1 member (`f:name` → `name`), cached: looking a sliced string up as a
 * property costs more than the rest of a walk, and the names are few (field names, label keys).
 * `inherited`: an object without the member would still answer it (`constructor`, `toString`…).
 */
const fieldNames = new Map<string, { name: string; inherited: boolean }>();
function fieldName(fk: string): { name: string; inherited: boolean } {
  let n = fieldNames.get(fk);
  if (n === undefined) {
    if (fieldNames.size >= 50_000) fieldNames.clear();
    const name = fk.slice(2);
    fieldNames.set(fk, (n = { name: Object.keys({ [name]: 0 })[0], inherited: name in Object.prototype }));
  }
  return n;
}

/** `value[name]` when it is an own member of `value` (as Object.entries lists them), else `absent`. */
const absent = Symbol('absent');
function member(value: Record<string, Json>, fk: string): Json {
  const { name, inherited } = fieldName(fk);
  const v = value[name];
  if (inherited || v === undefined) return isEnumerable.call(value, name) ? v : absent;
  return v;
}

function inFieldOrder(members: [string, Json][]): Fields {
  const out: Fields = {};
  for (const [fk, below] of sortSmall(members, byFieldOrder)) out[fk] = below;
  return out;
}

/** The first `n` members of `node`, as pairs. */
function leadingMembers(node: Fields, n: number): [string, Json][] {
  const out: [string, Json][] = [];
  for (const fk in node) {
    if (out.length === n) break;
    out.push([fk, node[fk]]);
  }
  return out;
}

/**
 * Entry lists recordOwnership wrote, and the object they were written for: every entry in them is exactly
 * its paths that are leaves of that object, in FieldsV1's order. A later change compares its new version
 * with that object and walks only what is not shared with it (stored objects never change).
 */
const writtenFor = new WeakMap<ManagedEntry[], KObj>();
/** No object is known for which the entry is already exact. */
const NO_REF = Symbol('no reference');

/**
 * The paths of `node` that are leaves of `value` (the object at this level) and not dropped — dropped
 * means in `drop` but not in `keep` — written in FieldsV1's order; `node` itself when that is all of it
 * already in order, so an entry a write does not touch is shared, not rebuilt. Undefined when none is left.
 * `ref`: the same level of an object for which `node` is known to be exact (or NO_REF): where `value` is
 * that very object and nothing is dropped below, `node` is the answer without a walk. `ordered`: `node`
 * is known to be in FieldsV1's order already (it was exact for some object).
 */
function ownedPaths(node: Json, value: Json, unowned: Set<string> | undefined, drop: Json, keep: Json, atRoot: boolean, ref: Json = NO_REF, ordered = ref !== NO_REF): Fields | undefined {
  if (value === ref && drop === undefined) return node as Fields;
  if (!hasFieldMember(node)) {
    // The end of a path: it must not lead into a map that has members, which would not be a leaf.
    if (atRoot || (isMap(value) && hasMember(value))) return undefined;
    if (endsAt(drop) && !endsAt(keep)) return undefined;
    return isMap(node) && !hasMember(node) ? node : {};
  }
  if (!isMap(value)) return undefined;
  const members = node as Fields;
  const refs = ref !== NO_REF && isMap(ref) ? ref : undefined;
  // Allocated at the first member not kept as it is (or out of order); the ones before it are copied in.
  let kept: [string, Json][] | undefined;
  let asIs = 0;
  let last = '';
  for (const fk in members) {
    let below: Fields | undefined;
    if (fk.startsWith('f:') && !unowned?.has(fieldName(fk).name)) {
      const v = member(value, fk);
      if (v !== absent) {
        const childUnowned = atRoot && fk === 'f:metadata' ? UNOWNED_META : undefined;
        const childRef = refs === undefined ? NO_REF : member(refs, fk);
        below = ownedPaths(members[fk], v, childUnowned, isMap(drop) ? drop[fk] : undefined, isMap(keep) ? keep[fk] : undefined, false, childRef === absent ? NO_REF : childRef, ordered);
      }
    }
    if (kept === undefined) {
      if (below !== undefined && below === members[fk] && (ordered || asIs === 0 || fieldOrder(last, fk) < 0)) {
        asIs++;
        last = fk;
        continue;
      }
      kept = leadingMembers(members, asIs);
    }
    if (below !== undefined) kept.push([fk, below]);
  }
  if (kept === undefined) return members;
  return kept.length ? inFieldOrder(kept) : undefined;
}

/** Two sets of leaves of one object together, in FieldsV1's order; `a` itself when `b` adds nothing to it. */
function unionFields(a: Fields, b: Fields): Fields {
  let out: Fields | undefined;
  let grew = false;
  for (const fk in b) {
    const mine = Object.prototype.hasOwnProperty.call(a, fk) ? (a[fk] as Fields) : undefined;
    const both = mine === undefined ? b[fk] : unionFields(mine, b[fk] as Fields);
    if (both === mine) continue;
    (out ??= copyOf(a))[fk] = both;
    grew ||= mine === undefined;
  }
  if (out === undefined) return a;
  return grew ? inFieldOrder(Object.entries(out)) : out;
}

/**
 * Ownership after a change by `manager`: it gains `gained`; every other entry loses those fields (but the
 * `shared` ones); fields no longer leaves of `after` leave every entry; empty entries disappear.
 * Deterministic order (by manager). Entries the change does not touch are kept as they were.
 */
export function recordOwnership(
  before: ManagedEntry[],
  after: KObj,
  manager: string,
  operation: 'Apply' | 'Update',
  gained: Fields,
  time: string,
  opts: { replaceOwn?: boolean; shared?: Fields } = {},
): ManagedEntry[] {
  const out: ManagedEntry[] = [];
  const ref = writtenFor.get(before) ?? NO_REF;
  let mine: Fields | undefined;
  let own: ManagedEntry | undefined;
  for (const e of before) {
    if (e.manager === manager && e.operation === operation) {
      mine = opts.replaceOwn ? undefined : ownedPaths(e.fieldsV1, after, UNOWNED_TOP, undefined, undefined, true, ref);
      own = e;
      continue;
    }
    const kept = ownedPaths(e.fieldsV1, after, UNOWNED_TOP, gained, opts.shared, true, ref);
    if (kept === e.fieldsV1) out.push(e);
    else if (kept) out.push({ ...e, fieldsV1: kept });
  }
  // Both sides are leaves of `after` before the union, so neither can hide a path of the other below it.
  const ours = ownedPaths(gained, after, UNOWNED_TOP, undefined, undefined, true);
  const all = mine && ours ? unionFields(mine, ours) : (mine ?? ours);
  if (all) {
    const apiVersion = String(after.apiVersion ?? 'v1');
    // The same entry again (a change within the same second that gains nothing new) is the entry itself.
    out.push(own && isEntry(own, apiVersion, time, all) ? own : { manager, operation, apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: all });
  }
  // Not sortSmall: this comparator answers 1 both ways for equal keys, where only sort's own order is the old one.
  if (out.length > 1) out.sort(byManager);
  const result = sameEntries(out, before) ? before : out;
  writtenFor.set(result, after);
  return result;
}

const ENTRY_KEYS = ['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1'];

/** `e` is exactly the entry recordOwnership would write with these values (the same members, in order). */
function isEntry(e: ManagedEntry, apiVersion: string, time: string, fieldsV1: Fields): boolean {
  if (e.apiVersion !== apiVersion || e.time !== time || e.fieldsType !== 'FieldsV1' || e.fieldsV1 !== fieldsV1) return false;
  let i = 0;
  for (const k in e) if (!Object.prototype.hasOwnProperty.call(e, k) || k !== ENTRY_KEYS[i++]) return false;
  return i === ENTRY_KEYS.length;
}

function sameEntries(a: ManagedEntry[], b: ManagedEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const byManager = (a: ManagedEntry, b: ManagedEntry): number => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : a.operation < b.operation ? -1 : 1);

/** The manager a request acts as: `fieldManager`, else the User-Agent's program name, as the API server does. */
export function managerOf(fieldManager: string | null, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? '').split('/')[0].trim();
  return ua || 'unknown';
}
