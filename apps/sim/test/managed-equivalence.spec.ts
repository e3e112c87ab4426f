/**
 * The tree-walking managedFields computation and JSON equality against the path-list implementation
 * they replaced (kept below as the reference): on many random objects, edits and ownership histories,
 * the same FieldsV1 — content and member order — and the same equality verdicts as JSON.stringify.
 */
import { describe, expect, it } from 'vitest';
import { sameJson, sameJsonIgnoring } from '../src/json';
import { allFields, changedFields, fieldsOf, ManagedEntry, recordOwnership } from '../src/managed';
import type { KObj } from '../src/store';

// ---- The reference: managedFields as computed with path lists and JSON text keys. ----
type Json = unknown;
type Path = string[];
const UNOWNED_TOP = new Set(['apiVersion', 'kind', 'status']);
const UNOWNED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'generateName']);
const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function refLeafPaths(obj: KObj): Path[] {
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
function refGetPath(obj: Json, path: Path): Json {
  let cur = obj;
  for (const p of path) {
    if (!isMap(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}
const pathKey = (p: Path): string => JSON.stringify(p);
function refEncodeFields(paths: Path[]): Record<string, Json> {
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
function refDecodeFields(f: Json): Path[] {
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
function refChangedPaths(before: KObj | undefined, after: KObj): Path[] {
  return refLeafPaths(after).filter((p) => JSON.stringify(refGetPath(before, p)) !== JSON.stringify(refGetPath(after, p)));
}
function refRecordOwnership(
  before: ManagedEntry[],
  after: KObj,
  manager: string,
  operation: 'Apply' | 'Update',
  gained: Path[],
  time: string,
  opts: { replaceOwn?: boolean; shared?: Set<string> } = {},
): ManagedEntry[] {
  const present = new Set(refLeafPaths(after).map(pathKey));
  const gainedKeys = new Set(gained.map(pathKey));
  const out: ManagedEntry[] = [];
  let mine: Path[] = [];
  for (const e of before) {
    const paths = refDecodeFields(e.fieldsV1).filter((p) => present.has(pathKey(p)));
    if (e.manager === manager && e.operation === operation) {
      mine = opts.replaceOwn ? [] : paths;
      continue;
    }
    const kept = paths.filter((p) => !gainedKeys.has(pathKey(p)) || opts.shared?.has(pathKey(p)));
    if (kept.length) out.push({ ...e, fieldsV1: refEncodeFields(kept) });
  }
  const all = new Map([...mine, ...gained].filter((p) => present.has(pathKey(p))).map((p) => [pathKey(p), p]));
  if (all.size) {
    out.push({ manager, operation, apiVersion: String(after.apiVersion ?? 'v1'), time, fieldsType: 'FieldsV1', fieldsV1: refEncodeFields([...all.values()]) });
  }
  return out.sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : a.operation < b.operation ? -1 : 1));
}

// ---- Random objects, edits that share untouched levels as the simulator's writes do, and histories. ----
class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), this.s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Names that sort differently as JSON text than as plain strings, numeric keys, and the unowned ones. */
const KEYS = ['a', 'ab', 'a b', 'a!', 'a-b', 'a"', 'a\\', 'a\u0001', 'b', '1', '10', '2', 'constructor', 'labels', 'spec', 'metadata', 'status', 'name', 'uid', 'kind', 'x/y', 'é', '\ud800'] as const;
const SCALARS: Json[] = [0, -0, 1, 2.5, NaN, Infinity, '', 'v', 'w', '0', 'null', true, false, null, undefined];

function randomValue(r: Rng, depth: number): Json {
  const roll = r.next();
  if (depth <= 0 || roll < 0.45) return r.pick(SCALARS);
  if (roll < 0.6) return Array.from({ length: r.int(3) }, () => randomValue(r, depth - 1));
  if (roll < 0.65) return {};
  return randomMap(r, depth - 1);
}

function randomMap(r: Rng, depth: number): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (let i = r.int(5); i >= 0; i--) out[r.pick(KEYS)] = randomValue(r, depth);
  return out;
}

function randomObject(r: Rng): KObj {
  const o: KObj = { apiVersion: r.pick(['v1', 'apps/v1']), kind: 'Thing', metadata: { name: 'n', uid: 'u', resourceVersion: '3', ...randomMap(r, 2) }, ...randomMap(r, 3) };
  if (r.chance(0.5)) o.spec = randomMap(r, 3);
  if (r.chance(0.3)) o.status = randomMap(r, 1);
  return o;
}

/** A new version: a few paths set, deleted or reordered, every other level shared with `o`. */
function edit(r: Rng, o: Json, depth = 0): Json {
  if (!isMap(o) || (depth > 0 && r.chance(0.25))) return r.chance(0.5) ? randomValue(r, 2) : JSON.parse(JSON.stringify(o) ?? 'null');
  const out: Record<string, Json> = { ...o };
  const keys = Object.keys(out);
  for (let n = 1 + r.int(2); n > 0; n--) {
    const roll = r.next();
    if (roll < 0.5 && keys.length) {
      const k = r.pick(keys);
      out[k] = edit(r, out[k], depth + 1);
    } else if (roll < 0.7) out[r.pick(KEYS)] = randomValue(r, 2);
    else if (roll < 0.85 && keys.length) delete out[r.pick(keys)];
    else if (keys.length > 1) {
      // The same content in another member order: a different JSON text.
      const k = r.pick(keys);
      const v = out[k];
      delete out[k];
      out[k] = v;
    }
  }
  return out;
}

const MANAGERS = ['alice', 'bob', 'kubectl', 'kube-controller-manager'];
const OPERATIONS = ['Update', 'Apply'] as const;
const text = (v: unknown) => JSON.stringify(v);

describe('sameJson', () => {
  it('agrees with comparing JSON.stringify texts on random values, edits and shared levels', () => {
    const r = new Rng(1);
    for (let i = 0; i < 6_000; i++) {
      const a = r.chance(0.2) ? randomValue(r, 4) : randomObject(r);
      const b = r.chance(0.3) ? JSON.parse(JSON.stringify(a ?? null)) : r.chance(0.5) ? edit(r, a) : r.chance(0.5) ? randomValue(r, 3) : a;
      expect([i, sameJson(a, b)]).toEqual([i, JSON.stringify(a) === JSON.stringify(b)]);
      expect(sameJson(b, a)).toBe(sameJson(a, b));
    }
  });

  it('sameJsonIgnoring agrees with comparing copies whose ignored metadata members are undefined', () => {
    const r = new Rng(5);
    const ignored = new Set(['resourceVersion', 'managedFields', 'a']);
    const strip = (o: KObj) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined, a: undefined } });
    for (let i = 0; i < 2_000; i++) {
      const a = randomObject(r);
      if (!isMap(a.metadata)) continue;
      if (r.chance(0.5)) a.metadata = { ...a.metadata, managedFields: [{ manager: r.pick(MANAGERS) }] };
      const b = (r.chance(0.3) ? JSON.parse(JSON.stringify(a)) : edit(r, a)) as KObj;
      if (!isMap(b.metadata)) continue;
      if (r.chance(0.3)) b.metadata = { ...b.metadata, resourceVersion: String(i), a: r.pick(SCALARS) };
      expect([i, sameJsonIgnoring(a, b, 'metadata', ignored)]).toEqual([i, JSON.stringify(strip(a)) === JSON.stringify(strip(b))]);
    }
  });

  it('follows JSON for dropped members, array holes, non-finite numbers, -0 and toJSON', () => {
    const d = new Date(0);
    const cases: [Json, Json][] = [
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1, b: () => 1 }, { a: 1 }],
      [[undefined], [null]],
      [[() => 1], [null]],
      [{ a: NaN }, { a: null }],
      [[Infinity], [null]],
      [0, -0],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: 1, b: 1 }, { b: 1, a: 1 }],
      [{ a: 1 }, { b: 1 }],
      [{ a: 1, b: undefined }, { a: 1, c: undefined }],
      [{ t: d }, { t: d.toISOString() }],
      [undefined, () => 1],
      [undefined, null],
      [[1, 2], [1, 2, undefined]],
      [{ a: {} }, { a: [] }],
      ['1', 1],
    ];
    for (const [a, b] of cases) expect([a, b, sameJson(a, b)]).toEqual([a, b, JSON.stringify(a) === JSON.stringify(b)]);
  });
});

describe('managedFields', () => {
  it('changedFields holds exactly the changed leaf paths', () => {
    const r = new Rng(2);
    for (let i = 0; i < 2_000; i++) {
      const before = r.chance(0.05) ? undefined : randomObject(r);
      const after = (before && r.chance(0.9) ? edit(r, before) : randomObject(r)) as KObj;
      const want = refEncodeFields(refChangedPaths(before, after));
      const got = refEncodeFields(refDecodeFields(changedFields(before, after)));
      expect([i, text(got)]).toEqual([i, text(want)]);
    }
  });

  it('recordOwnership writes the same entries, in the same order, through random histories of updates and status writes', () => {
    const r = new Rng(3);
    for (let run = 0; run < 200; run++) {
      let obj = randomObject(r);
      const first: ManagedEntry[] = [{ manager: r.pick(MANAGERS), operation: 'Update', apiVersion: 'v1', time: 't0', fieldsType: 'FieldsV1', fieldsV1: allFields(obj) }];
      let ref = first;
      let got = first;
      for (let step = 1; step <= 12; step++) {
        const next = edit(r, obj) as KObj;
        const manager = r.pick(MANAGERS);
        const operation = r.pick(OPERATIONS);
        // Several changes within one second too: an unchanged entry is then the same entry.
        const time = `t${Math.floor(step / 4)}`;
        ref = refRecordOwnership(ref, next, manager, operation, refChangedPaths(obj, next), time);
        got = recordOwnership(got, next, manager, operation, changedFields(obj, next), time);
        expect([run, step, text(got)]).toEqual([run, step, text(ref)]);
        obj = next;
        // A status write between changes: a new version with the same entries and every owned level shared.
        if (r.chance(0.3)) obj = { ...obj, metadata: isMap(obj.metadata) ? { ...obj.metadata } : obj.metadata, status: randomValue(r, 2) };
      }
    }
  });

  it('recordOwnership writes the same entries for applies: gained fields that are not leaves, replaced own fields, shared fields', () => {
    const r = new Rng(4);
    for (let i = 0; i < 1_500; i++) {
      const before = randomObject(r);
      const after = edit(r, before) as KObj;
      const history: ManagedEntry[] = [];
      for (const m of MANAGERS) {
        if (r.chance(0.4)) continue;
        const source = r.chance(0.7) ? after : before;
        const fields = r.chance(0.5) ? allFields(source) : refEncodeFields(refLeafPaths(source).filter(() => r.chance(0.6)));
        history.push({ manager: m, operation: r.pick(OPERATIONS), apiVersion: 'v1', time: 't', fieldsType: 'FieldsV1', fieldsV1: fields });
      }
      // Applied configurations: leaves of another version, some of them maps in `after`.
      const gained = refLeafPaths(r.chance(0.5) ? before : (edit(r, after) as KObj)).filter(() => r.chance(0.7));
      const shared = gained.filter(() => r.chance(0.3));
      const opts = { replaceOwn: r.chance(0.5) };
      const manager = r.pick(MANAGERS);
      const operation = r.pick(OPERATIONS);
      const want = refRecordOwnership(history, after, manager, operation, gained, 't2', { ...opts, shared: new Set(shared.map(pathKey)) });
      const got = recordOwnership(history, after, manager, operation, fieldsOf(gained), 't2', { ...opts, shared: fieldsOf(shared) });
      expect([i, text(got)]).toEqual([i, text(want)]);
    }
  });

  it('rewrites entries that are out of FieldsV1 order or carry members other than fields', () => {
    const obj: KObj = { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'n', labels: { a: '1', 'a b': '2', ab: '3' } }, spec: { x: 1 } };
    const entry = (fieldsV1: Record<string, Json>): ManagedEntry => ({ manager: 'm', operation: 'Update', apiVersion: 'v1', time: 't', fieldsType: 'FieldsV1', fieldsV1 });
    const entries = [
      entry(allFields(obj)), // plain sort: "a" before "a b"; FieldsV1 order: "a b" first
      { ...entry({ 'f:spec': { 'f:x': {}, '.': {} }, 'f:metadata': { 'f:labels': { 'f:ab': {}, 'f:a': {} } } }), manager: 'n' },
    ];
    const want = refRecordOwnership(entries, obj, 'o', 'Update', [], 't');
    const got = recordOwnership(entries, obj, 'o', 'Update', {}, 't');
    expect(text(got)).toBe(text(want));
    expect(Object.keys((got[0].fieldsV1['f:metadata'] as Record<string, Json>)['f:labels'] as object)).toEqual(['f:a b', 'f:a', 'f:ab']);
  });
});
