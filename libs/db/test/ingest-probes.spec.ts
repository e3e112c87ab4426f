import { createHash } from 'node:crypto';
import type { IngestObject } from '@reachwatch/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { ClusterRepository, Db, IngestRepository } from '../src';
import { StoredContent } from '../src/ingest/content';
import { objectKey, RECENT_VERSIONS, type StoredObject, versionsToProbe } from '../src/ingest/plan';
import { useTestDatabase } from './test-database';
import { added, batch, deleted, modified, ns, pod, syncEnd } from './helpers';

/**
 * What ingest reads before it plans a batch (the stored objects, then the journal only for versions the
 * stored objects do not remember), and that objects are stored as they came.
 */

const stored = (o: IngestObject, recentVersions: string[]): StoredObject => ({
  kind: o.kind, uid: o.metadata.uid, namespace: o.metadata.namespace ?? '', name: o.metadata.name, resourceVersion: o.metadata.resourceVersion,
  content: new StoredContent(JSON.stringify(o), 'hash', '{}'), syncEpoch: null, recentVersions,
});

describe('versionsToProbe', () => {
  const p1 = (rv: string) => pod('a', 'p1', rv);

  it('asks about every version of an object that is not stored, once each, and never about DELETED events', () => {
    const events = [added(p1('1')), modified(p1('2')), modified(p1('2')), deleted(p1('3')), added(pod('b', 'p2', '9'))];
    expect(versionsToProbe(events, new Map())).toEqual([
      { uid: 'p1', resourceVersion: '1' },
      { uid: 'p1', resourceVersion: '2' },
      { uid: 'p2', resourceVersion: '9' },
    ]);
  });

  it('skips an object whose every version is remembered by its stored row, and only that object', () => {
    const rows = new Map([[objectKey('Pod', 'p1'), stored(p1('2'), ['1', '2'])], [objectKey('Pod', 'p2'), stored(pod('b', 'p2', '5'), ['5'])]]);
    const events = [added(p1('1'), 'e2'), modified(p1('2')), added(pod('b', 'p2', '5'), 'e2'), modified(pod('b', 'p2', '6')), syncEnd('Pod', 'e2')];
    expect(versionsToProbe(events, rows)).toEqual([{ uid: 'p2', resourceVersion: '5' }, { uid: 'p2', resourceVersion: '6' }]);
  });

  it('keys objects by kind and uid, as the stored rows are', () => {
    const rows = new Map([[objectKey('Pod', 'x'), stored(pod('a', 'x', '1'), ['1'])]]);
    expect(versionsToProbe([added(pod('a', 'x', '1')), added(ns('a', 'x', '1'))], rows)).toEqual([{ uid: 'x', resourceVersion: '1' }]);
  });
});

let db: Db;
let ingest: IngestRepository;
let clusters: ClusterRepository;
let clusterId: number;

useTestDatabase((d) => {
  db = d;
  ingest = new IngestRepository(db.pool);
  clusters = new ClusterRepository(db.prisma);
});
beforeEach(async () => {
  clusterId = (await clusters.register(`c-${Math.random().toString(36).slice(2, 10)}`)).cluster.id;
});

const journalCount = async () => Number((await db.pool.query('SELECT count(*) FROM change_event WHERE cluster_id = $1', [clusterId])).rows[0].count);
async function row(uid: string) {
  const { rows } = await db.pool.query('SELECT resource_version, labels, object, content_hash, recent_versions FROM k8s_object WHERE cluster_id = $1 AND uid = $2', [clusterId, uid]);
  return rows[0];
}

/** The statements sent while `run` runs (every client of the pool: each is wrapped once, on first use). */
let recording: string[] | undefined;
async function statements(run: () => Promise<unknown>): Promise<string[]> {
  const onAcquire = (client: { query: (...args: unknown[]) => unknown; recorded?: boolean }) => {
    if (client.recorded) return;
    const original = client.query;
    client.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0] as string | { text?: string };
      recording?.push(typeof q === 'string' ? q : (q?.text ?? 'COPY'));
      return original.apply(this, args);
    };
    client.recorded = true;
  };
  const seen: string[] = [];
  recording = seen;
  db.pool.on('acquire', onAcquire as never);
  try {
    await run();
  } finally {
    recording = undefined;
    db.pool.removeListener('acquire', onAcquire as never);
  }
  return seen;
}

describe('IngestRepository: what the journal is asked, and what is stored', () => {
  it('recognises a replay of a version older than recent_versions through the journal', async () => {
    const versions = Array.from({ length: RECENT_VERSIONS + 4 }, (_, i) => modified(pod('a', 'p1', String(i + 1), { v: String(i + 1) })));
    await ingest.applyBatch(clusterId, batch(...versions));
    expect((await row('p1')).recent_versions).not.toContain('2');
    const journaled = await journalCount();
    expect(await ingest.applyBatch(clusterId, batch(modified(pod('a', 'p1', '2', { v: '2' }))))).toMatchObject({ journaled: 0, unchanged: 1 });
    expect(await journalCount()).toBe(journaled);
    expect((await row('p1')).resource_version).toBe(String(RECENT_VERSIONS + 4));
  });

  it('recognises a replay within a batch whose new versions pushed it out of recent_versions', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1', { v: '1' }))));
    // The stored row remembers rv 1 when the batch starts; 16 new versions push it out before the replay.
    const newer = Array.from({ length: RECENT_VERSIONS }, (_, i) => modified(pod('a', 'p1', String(i + 2), { v: String(i + 2) })));
    const r = await ingest.applyBatch(clusterId, batch(...newer, modified(pod('a', 'p1', '1', { v: '1' }))));
    expect(r).toMatchObject({ journaled: RECENT_VERSIONS, unchanged: 1 });
    expect((await row('p1')).resource_version).toBe(String(RECENT_VERSIONS + 1));
  });

  it('reads no journal for an unchanged relist, and changes nothing', async () => {
    const objects = [ns('shop', 'n1', '1'), pod('a', 'p1', '2', { app: 'a' }), pod('b', 'p2', '3')];
    await ingest.applyBatch(clusterId, batch(...objects.map((o) => added(o, 'e1')), syncEnd('Namespace', 'e1'), syncEnd('Pod', 'e1')));
    const before = { journal: await journalCount(), p1: await row('p1') };
    const relist = batch(...objects.map((o) => added(o, 'e2')), syncEnd('Namespace', 'e2'), syncEnd('Pod', 'e2'));
    let result: unknown;
    const sent = await statements(async () => (result = await ingest.applyBatch(clusterId, relist)));
    expect(result).toMatchObject({ journaled: 0, pruned: 0, unchanged: 5 });
    expect(sent.filter((q) => /FROM k8s_object/.test(q)).length).toBeGreaterThan(0);
    expect(sent.filter((q) => /FROM change_event/.test(q))).toEqual([]);
    expect({ journal: await journalCount(), p1: await row('p1') }).toEqual(before);
  });

  it('still asks the journal about a deleted uid coming back', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1')), deleted(pod('a', 'p1', '2'))));
    const sent = await statements(() => ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '3')))));
    expect(sent.filter((q) => /FROM change_event/.test(q))).toHaveLength(1);
    expect(await row('p1')).toBeUndefined();
  });

  it('stores objects and journal images exactly as they came, with the content hash of the definition', async () => {
    const tricky = 'tab\t newline\n quote" backslash\\ unicode ünï 🚀 \\u0041';
    const first: IngestObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { uid: 'p1', name: 'web', namespace: 'shop', resourceVersion: '7', labels: { b: tricky, a: '1' }, managedFields: [{ manager: 'kubectl', operation: 'Apply' }], ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'u' }] },
      spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }], nodeName: tricky, zero: 0, nothing: null, flag: false, list: [3, 1, 2] },
    };
    const second: IngestObject = { ...first, metadata: { ...first.metadata, resourceVersion: '8', labels: { a: '2' } } };
    const wire = (o: IngestObject) => JSON.parse(JSON.stringify(o)) as IngestObject;
    await ingest.applyBatch(clusterId, JSON.parse(JSON.stringify(batch(added(first)))));
    await ingest.applyBatch(clusterId, batch(modified(wire(second))));
    const r = await row('p1');
    expect(r.object).toEqual(second);
    // As they came, key order included (json columns keep the text).
    const texts = await db.pool.query(
      `SELECT (SELECT object::text FROM k8s_object WHERE cluster_id = $1 AND uid = 'p1') AS object,
              (SELECT after::text FROM change_event WHERE cluster_id = $1 AND type = 'MODIFIED') AS after`,
      [clusterId],
    );
    expect(texts.rows[0]).toEqual({ object: JSON.stringify(second), after: JSON.stringify(second) });
    const objectText = async () => (await db.pool.query(`SELECT object::text AS t FROM k8s_object WHERE cluster_id = $1 AND uid = 'p1'`, [clusterId])).rows[0].t;
    // Rewritten rows keep their text too: confirmed by a relist (the stored text goes back as it is) …
    expect(await ingest.applyBatch(clusterId, batch(added(wire(second), 'e9')))).toMatchObject({ journaled: 0 });
    expect(await objectText()).toBe(JSON.stringify(second));
    // … or replaced by a version of the same content (not journaled).
    const same: IngestObject = { ...second, metadata: { ...second.metadata, resourceVersion: '8b', managedFields: [{ manager: 'other' }] } };
    expect(await ingest.applyBatch(clusterId, batch(modified(wire(same))))).toMatchObject({ journaled: 0 });
    expect(await objectText()).toBe(JSON.stringify(same));
    expect(r.labels).toEqual({ a: '2' });
    expect(r.content_hash).toBe(definitionContentHash(second));
    const { rows } = await db.pool.query('SELECT type, before, after FROM change_event WHERE cluster_id = $1 ORDER BY seq', [clusterId]);
    expect(rows).toEqual([
      { type: 'ADDED', before: null, after: first },
      { type: 'MODIFIED', before: first, after: second },
    ]);
    // The before image of a later change is the stored text, passed back untouched.
    await ingest.applyBatch(clusterId, batch(deleted(wire({ ...second, metadata: { ...second.metadata, resourceVersion: '9' } }))));
    const { rows: last } = await db.pool.query('SELECT before::text, after FROM change_event WHERE cluster_id = $1 ORDER BY seq DESC LIMIT 1', [clusterId]);
    expect(last[0]).toEqual({ before: JSON.stringify(same), after: null });
  });
});

describe('IngestRepository: content hashes, computed when a later version needs one', () => {
  const hashOf = async (uid: string) => (await row(uid)).content_hash as string;

  it('stores a new object unhashed, and hashes it from its stored text when a later version comes', async () => {
    const first = pod('a', 'p1', '1', { app: 'a' });
    await ingest.applyBatch(clusterId, batch(added(first)));
    expect(await hashOf('p1')).toBe('');
    // Same content, new version (and managedFields): recognised from the stored text, not journaled.
    const same = { ...first, metadata: { ...first.metadata, resourceVersion: '2', managedFields: [{ manager: 'x' }] } };
    expect(await ingest.applyBatch(clusterId, batch(modified(same)))).toMatchObject({ journaled: 0, unchanged: 1 });
    expect(await hashOf('p1')).toBe(definitionContentHash(first));
    const changed = pod('a', 'p1', '3', { app: 'b' });
    expect(await ingest.applyBatch(clusterId, batch(modified(changed)))).toMatchObject({ journaled: 1 });
    expect(await hashOf('p1')).toBe(definitionContentHash(changed));
  });

  it('compares with the stored hash when there is one (rows written hashed, as before)', async () => {
    const object = pod('a', 'p1', '1', { app: 'a' });
    await ingest.applyBatch(clusterId, batch(added(object)));
    // A stored hash wins over the text: one that does not match makes an equal version a change.
    await db.pool.query(`UPDATE k8s_object SET content_hash = $2 WHERE cluster_id = $1`, [clusterId, definitionContentHash(pod('a', 'p1', '1', { app: 'other' }))]);
    expect(await ingest.applyBatch(clusterId, batch(modified(pod('a', 'p1', '2', { app: 'a' }))))).toMatchObject({ journaled: 1 });
    await db.pool.query(`UPDATE k8s_object SET content_hash = $2 WHERE cluster_id = $1`, [clusterId, definitionContentHash(pod('a', 'p1', '2', { app: 'a' }))]);
    expect(await ingest.applyBatch(clusterId, batch(modified(pod('a', 'p1', '3', { app: 'a' }))))).toMatchObject({ journaled: 0 });
  });

  it('keeps a row unhashed through a relist that only confirms it', async () => {
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1'), 'e1'), syncEnd('Pod', 'e1')));
    await ingest.applyBatch(clusterId, batch(added(pod('a', 'p1', '1'), 'e2'), syncEnd('Pod', 'e2')));
    expect(await row('p1')).toMatchObject({ content_hash: '', resource_version: '1' });
  });
});

/** canonical.ts's definition of the content hash, written out: rows stored before must still compare equal. */
function definitionContentHash(object: IngestObject): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
      return out;
    }
    return value;
  };
  const { resourceVersion: _rv, managedFields: _mf, ...metadata } = object.metadata as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(sortKeys({ ...object, metadata }))).digest('hex');
}
