import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INGEST_MAX_LENGTH, IngestBatch, MAX_EVENTS_PER_BATCH, parseIngestBatch, WATCHED_KINDS } from '../src';

/**
 * parseIngestBatch against zod, its reference: the same answer for every input, and the fast path (the
 * input returned as it is) for what agents send.
 */

/** A string of exactly n characters (the boundaries of the contract's lengths are where a check can slip). */
const stringOf = (n: number) => fc.string({ minLength: n, maxLength: n, unit: 'grapheme-ascii' });
const around = (max: number) => fc.oneof(stringOf(0), stringOf(1), stringOf(max - 1), stringOf(max), stringOf(max + 1));
const json = fc.jsonValue({ maxDepth: 2 });

const validObject = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'networking.k8s.io/v1'),
    kind: fc.constantFrom(...WATCHED_KINDS),
    metadata: fc.record(
      {
        name: fc.string({ minLength: 1, maxLength: 20 }),
        namespace: fc.string({ minLength: 1, maxLength: 20 }),
        uid: fc.uuid(),
        resourceVersion: fc.stringMatching(/^[0-9]{1,8}$/),
        labels: fc.dictionary(fc.string(), fc.string()),
        annotations: fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
        ownerReferences: fc.array(json, { maxLength: 2 }),
      },
      { requiredKeys: ['name', 'uid', 'resourceVersion'] },
    ),
    spec: json,
    status: json,
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata'] },
);
const observedAt = fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const validObjectEvent = fc.record(
  {
    type: fc.constantFrom('ADDED', 'MODIFIED', 'DELETED'),
    object: validObject,
    manager: fc.option(fc.string({ maxLength: 30 })),
    observedAt,
    syncEpoch: fc.uuid(),
  },
  { requiredKeys: ['type', 'object'] },
);
const validSyncEnd = fc.record({ type: fc.constant('SYNC_END'), kind: fc.constantFrom(...WATCHED_KINDS), syncEpoch: fc.uuid() });
const validBatch = fc.record({
  agentId: fc.string({ minLength: 1, maxLength: 30 }),
  events: fc.array(fc.oneof({ weight: 4, arbitrary: validObjectEvent }, { weight: 1, arbitrary: validSyncEnd }), { maxLength: 6 }),
});

/** Where a mutation lands: a path of keys from the batch down, among those the contract looks at. */
const fieldPaths: Array<[string[], fc.Arbitrary<unknown>]> = [
  [['agentId'], around(INGEST_MAX_LENGTH.agentId)],
  [['type'], fc.constantFrom('ADDED', 'SYNC_END', 'BOOKMARK', 'added', '')],
  [['kind'], fc.constantFrom('Pod', 'Secret', '', 'pod')],
  [['syncEpoch'], around(INGEST_MAX_LENGTH.syncEpoch)],
  [['manager'], fc.oneof(around(INGEST_MAX_LENGTH.manager), fc.constant(null))],
  [['observedAt'], fc.oneof(observedAt, fc.constantFrom('2026-11-23T10:00:00+01:00', '2026-11-23T10:00:00', '2026-02-30T10:00:00Z', 'yesterday'))],
  [['object', 'apiVersion'], around(INGEST_MAX_LENGTH.apiVersion)],
  [['object', 'kind'], fc.constantFrom('Namespace', 'Secret')],
  [['object', 'metadata', 'name'], around(INGEST_MAX_LENGTH.name)],
  [['object', 'metadata', 'namespace'], around(INGEST_MAX_LENGTH.name)],
  [['object', 'metadata', 'uid'], around(INGEST_MAX_LENGTH.uid)],
  [['object', 'metadata', 'resourceVersion'], around(INGEST_MAX_LENGTH.resourceVersion)],
  [['object', 'metadata', 'labels'], fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), json)), fc.array(fc.string()))],
  [['object', 'metadata', 'annotations'], fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()))],
];
/** Any value at all, for any of the paths above or their parents. */
const anyValue = fc.oneof(json, fc.constant(undefined), fc.constant([]), fc.constant({}));

type Mutation = { event: number; path: readonly string[]; value: unknown; remove: boolean };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ event: fc.nat(), path: fc.constant([] as string[]), value: fc.constant(null), remove: fc.constant(false) }),
  ...fieldPaths.map(([path, value]) => fc.record({ event: fc.nat(), path: fc.constant(path), value, remove: fc.boolean() })),
  fc.record({
    event: fc.nat(),
    path: fc.constantFrom(['events'], ['object'], ['object', 'metadata'], ['object', 'metadata', 'labels'], ['extra'], ['object', 'extra']),
    value: anyValue,
    remove: fc.boolean(),
  }),
);

/** Applies a mutation to a copy: to the batch itself for agentId/events, else to the event it picks. */
function mutate(batch: unknown, m: Mutation): unknown {
  const copy = structuredClone(batch) as Record<string, unknown>;
  const events = Array.isArray(copy.events) ? (copy.events as Record<string, unknown>[]) : [];
  if (m.path.length === 0) {
    if (events.length) events[m.event % events.length] = m.value as Record<string, unknown>;
    return copy;
  }
  let target: Record<string, unknown> | undefined = m.path[0] === 'agentId' || m.path[0] === 'events' ? copy : events[m.event % Math.max(1, events.length)];
  for (const key of m.path.slice(0, -1)) target = target?.[key] as Record<string, unknown> | undefined;
  if (target === undefined || target === null || typeof target !== 'object') return copy;
  const last = m.path[m.path.length - 1];
  if (m.remove) delete target[last];
  else target[last] = m.value;
  return copy;
}

function expectSameAsZod(input: unknown) {
  const fast = parseIngestBatch(input);
  const reference = IngestBatch.safeParse(input);
  expect(fast.success).toBe(reference.success);
  if (fast.success && reference.success) expect(fast.data).toEqual(reference.data);
  else expect(fast.error?.issues).toEqual(reference.error?.issues);
}

describe('parseIngestBatch', () => {
  it('takes valid batches as they are, equal to what zod returns', () => {
    fc.assert(
      fc.property(validBatch, (batch) => {
        const wire = JSON.parse(JSON.stringify(batch));
        const parsed = parseIngestBatch(wire);
        expect(parsed.success && parsed.data).toBe(wire);
        expectSameAsZod(wire);
      }),
      { numRuns: 300 },
    );
  });

  it('answers exactly as zod for batches broken anywhere the contract looks', () => {
    fc.assert(
      fc.property(validBatch, fc.array(mutation, { minLength: 1, maxLength: 3 }), (batch, mutations) => {
        let input: unknown = batch;
        for (const m of mutations) input = mutate(input, m);
        expectSameAsZod(input);
        expectSameAsZod(JSON.parse(JSON.stringify(input) ?? 'null'));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves to zod what zod would strip or drop: unknown event keys, __proto__ keys', () => {
    const event = { type: 'ADDED', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', uid: 'u', resourceVersion: '1' } } };
    const inputs = [
      { agentId: 'a', events: [{ ...event, extra: 1 }] },
      { agentId: 'a', events: [event], extra: true },
      JSON.parse('{"agentId":"a","events":[{"type":"ADDED","object":{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","uid":"u","resourceVersion":"1","labels":{"__proto__":"x"}}}}]}'),
      JSON.parse('{"agentId":"a","events":[{"type":"ADDED","object":{"__proto__":{"x":1},"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a","uid":"u","resourceVersion":"1"}}}]}'),
      { agentId: 'a', events: [{ ...event, object: { ...event.object, metadata: { ...event.object.metadata, labels: { [Symbol('s')]: 'x' } } } }] },
    ];
    for (const input of inputs) {
      const parsed = parseIngestBatch(input);
      expect(parsed.success && parsed.data).not.toBe(input);
      expectSameAsZod(input);
    }
  });

  it('refuses more than MAX_EVENTS_PER_BATCH events, with zod issues', () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ({ type: 'SYNC_END', kind: 'Pod', syncEpoch: 'e' }));
    const parsed = parseIngestBatch({ agentId: 'a', events });
    expect(parsed.success).toBe(false);
    expectSameAsZod({ agentId: 'a', events });
  });
});
