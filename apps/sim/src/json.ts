/**
 * Equality of JSON values as the simulator has always judged it — `JSON.stringify(a) === JSON.stringify(b)`:
 * key order counts, keys whose value JSON drops (undefined, functions) do not exist, non-finite numbers are
 * null — without building either string. Stored objects share every level a write did not touch, so the
 * same reference met on both sides is equal at once, and comparing a new version with the old one visits
 * only the path that changed.
 */

type Json = unknown;

/** What JSON.stringify would write for `v`, reduced to the cases compared below. */
const enum Shape {
  /** Written as nothing: a dropped key, or `null` inside an array. */
  Absent,
  /** null, booleans, strings, finite numbers: equal when `===` (0 and -0 both write "0"). */
  Scalar,
  Array,
  Object,
  /** toJSON, boxed primitives, bigint: left to JSON.stringify itself. */
  Other,
}

function shapeOf(v: Json): Shape {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return Shape.Scalar;
    case 'number':
      return Number.isFinite(v) ? Shape.Scalar : Shape.Other;
    case 'object':
      if (v === null) return Shape.Scalar;
      if (Array.isArray(v)) return Shape.Array;
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || v instanceof Number || v instanceof String || v instanceof Boolean) return Shape.Other;
      return Shape.Object;
    case 'bigint':
      return Shape.Other;
    default:
      return Shape.Absent; // undefined, function, symbol
  }
}

/** JSON.stringify(a) === JSON.stringify(b). */
export function sameJson(a: Json, b: Json): boolean {
  return a === b || same(a, b, shapeOf(a), shapeOf(b));
}

function same(a: Json, b: Json, sa: Shape, sb: Shape): boolean {
  if (sa === Shape.Other || sb === Shape.Other) return JSON.stringify(a) === JSON.stringify(b);
  if (sa !== sb) return false;
  switch (sa) {
    case Shape.Absent:
      return true;
    case Shape.Scalar:
      return a === b;
    case Shape.Array:
      return sameArray(a as Json[], b as Json[]);
    default:
      return sameObject(a as Record<string, Json>, b as Record<string, Json>);
  }
}

/** An element JSON drops is written as null inside an array. */
function sameElement(a: Json, b: Json): boolean {
  if (a === b) return true;
  const sa = shapeOf(a);
  const sb = shapeOf(b);
  if (sa === Shape.Other || sb === Shape.Other) return (JSON.stringify(a) ?? 'null') === (JSON.stringify(b) ?? 'null');
  if (sa === Shape.Absent) return b === null || sb === Shape.Absent;
  if (sb === Shape.Absent) return a === null;
  return same(a, b, sa, sb);
}

function sameArray(a: Json[], b: Json[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameElement(a[i], b[i])) return false;
  return true;
}

/** Whether JSON.stringify writes the member at all. */
function written(v: Json, shape: Shape): boolean {
  return shape === Shape.Other ? JSON.stringify(v) !== undefined : shape !== Shape.Absent;
}

/** A plain object as JSON writes one: its own enumerable members (no toJSON, not an array). */
export function isJsonObject(v: Json): v is Record<string, Json> {
  return shapeOf(v) === Shape.Object;
}

/**
 * sameJson(a, b) for objects whose `member` is an object on both sides, with that member's `ignored` keys
 * left out of the comparison — as if both had been copied with those keys set to undefined.
 */
export function sameJsonIgnoring(a: Record<string, Json>, b: Record<string, Json>, member: string, ignored: ReadonlySet<string>): boolean {
  return sameObject(a, b, undefined, member, ignored);
}

/**
 * The members JSON writes, pairwise in order: the same keys in the same order with equal values. `skip`:
 * keys left out; `member`: the key whose objects are compared with `memberSkip` left out.
 */
function sameObject(a: Record<string, Json>, b: Record<string, Json>, skip?: ReadonlySet<string>, member?: string, memberSkip?: ReadonlySet<string>): boolean {
  // One array: b's members are walked with for-in (plain objects: the same own members, in the same order).
  const ka = Object.keys(a);
  let i = 0;
  for (const key in b) {
    if (skip?.has(key)) continue;
    const vb = b[key];
    const sb = shapeOf(vb);
    if (!written(vb, sb)) continue;
    let va: Json;
    let sa = Shape.Absent;
    for (; i < ka.length; i++) {
      if (skip?.has(ka[i])) continue;
      va = a[ka[i]];
      sa = shapeOf(va);
      if (written(va, sa)) break;
    }
    if (i === ka.length || ka[i] !== key) return false;
    if (key === member && sa === Shape.Object && sb === Shape.Object) {
      if (va !== vb && !sameObject(va as Record<string, Json>, vb as Record<string, Json>, memberSkip)) return false;
    } else if (va !== vb && !same(va, vb, sa, sb)) return false;
    i++;
  }
  // Whatever is left of a must all be members JSON leaves out.
  for (; i < ka.length; i++) {
    if (skip?.has(ka[i])) continue;
    const va = a[ka[i]];
    if (written(va, shapeOf(va))) return false;
  }
  return true;
}
