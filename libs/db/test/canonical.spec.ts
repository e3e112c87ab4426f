import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../src/canonical';

/**
 * Content hashes are stored and compared with those of later versions, so the fast code must give the
 * hash the definition gives, for every object. The definition, as it was first written:
 */
function definitionSortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(definitionSortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = definitionSortKeys(v);
    }
    return out;
  }
  return value;
}
const definitionCanonicalJson = (value: unknown) => JSON.stringify(definitionSortKeys(value));
function definitionContentHash(object: { metadata?: object }): string {
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = (object.metadata ?? {}) as Record<string, unknown>;
  return createHash('sha256').update(definitionCanonicalJson({ ...object, metadata })).digest('hex');
}

// Keys where an order can slip: array indices (first, numerically, in an ordinary object), numbers that
// are not indices, __proto__, the keys the hash leaves out, and characters that sort unexpectedly.
const KEYS = ['0', '1', '2', '10', '9', '01', '-1', '1.5', '4294967294', '4294967295', '__proto__', 'resourceVersion', 'managedFields',
  'metadata', 'name', 'Name', '', ' ', 'é', 'z', '\u0000x', '"q"', '🚀', 'a\\b'];
const key = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });

/** JSON text (so that `__proto__` becomes an own key, as JSON.parse makes it). */
const { jsonText } = fc.letrec<{ jsonText: string }>((tie) => ({
  jsonText: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null)).map((v) => JSON.stringify(v)),
    fc.array(tie('jsonText'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(key, tie('jsonText')), { maxLength: 5 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
}));
const metadataText = fc.array(fc.tuple(key, jsonText), { maxLength: 6 }).map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);
/** An object as an agent sends it: a top level with metadata, anything else around and below. */
const objectText = fc
  .tuple(metadataText, fc.array(fc.tuple(key.filter((k) => k !== 'metadata'), jsonText), { maxLength: 4 }), fc.nat())
  .map(([meta, entries, at]) => {
    const members = entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`);
    members.splice(at % (members.length + 1), 0, `"metadata":${meta}`);
    return `{${members.join(',')}}`;
  });

describe('canonical JSON and content hashes', () => {
  it('gives the hash of the definition', () => {
    fc.assert(
      fc.property(objectText, (text) => {
        const object = JSON.parse(text) as { metadata: object };
        expect(contentHash(object)).toBe(definitionContentHash(object));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the canonical JSON of the definition for any JSON value', () => {
    fc.assert(
      fc.property(jsonText, (text) => {
        const value: unknown = JSON.parse(text);
        expect(canonicalJson(value)).toBe(definitionCanonicalJson(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('orders objects of many keys as well as of few', () => {
    fc.assert(
      fc.property(fc.uniqueArray(key, { minLength: 15, maxLength: 40 }), fc.integer(), (keys, seed) => {
        const object = JSON.parse(`{"metadata":{${keys.map((k, i) => `${JSON.stringify(k)}:${(seed + i) % 7}`).join(',')}},${keys.map((k, i) => `${JSON.stringify(`k${k}`)}:${i}`).join(',')}}`);
        expect(canonicalJson(object)).toBe(definitionCanonicalJson(object));
        expect(contentHash(object)).toBe(definitionContentHash(object));
      }),
      { numRuns: 300 },
    );
  });

  it('also for values JSON cannot hold: undefined, functions, dates, class instances, null prototypes', () => {
    class Box {
      constructor(readonly b = 2, readonly a = 1) {}
    }
    const odd = Object.assign(Object.create(null) as object, { z: 1, a: undefined, m: [undefined, () => 1, new Date(0)] });
    const values = [
      { b: undefined, a: [undefined, 1], f: () => 1, d: new Date(0), box: new Box(), odd },
      [new Box(), odd, { 10: 'x', 9: 'y', b: 1, a: 2 }],
      { a: 1, b: undefined, c: { e: 1, d: 2 } },
      odd,
      'text',
      7,
      null,
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(definitionCanonicalJson(value));
    const objects = [
      { kind: 'Pod', metadata: { resourceVersion: '3', name: 'x', when: new Date(0), gone: undefined }, spec: { box: new Box() } },
      { kind: 'Pod', metadata: new Box() as object },
      { kind: 'Pod', metadata: odd },
      { kind: 'Pod' },
    ];
    for (const object of objects) expect(contentHash(object)).toBe(definitionContentHash(object));
  });

  it('ignores resourceVersion and managedFields, and nothing else, and never the order of keys', () => {
    const a = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', uid: 'u', resourceVersion: '1', labels: { b: '1', a: '2' } }, spec: { x: [1, { q: 1, p: 2 }] } };
    const b = { spec: { x: [1, { p: 2, q: 1 }] }, metadata: { labels: { a: '2', b: '1' }, managedFields: [{ manager: 'kubectl' }], resourceVersion: '9', uid: 'u', name: 'web' }, kind: 'Pod', apiVersion: 'v1' };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash({ ...a, spec: { x: [{ q: 1, p: 2 }, 1] } } as typeof a));
    expect(contentHash(a)).not.toBe(contentHash({ ...a, metadata: { ...a.metadata, labels: { a: '2' } } }));
  });
});
