import { MAX_BATCH_BYTES } from '@reachwatch/contracts';
import { CHANGES_CHANNEL, listen } from '@reachwatch/db';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { added, batch, counts, modified, ns, pod, startTestApi, type TestApi } from './helpers';

let t: TestApi;
const east = { id: 0, token: '' };
const west = { id: 0, token: '' };

beforeAll(async () => {
  // Failed-authentication limiting has its own test (rate-limit.spec.ts); here it must not interfere.
  t = await startTestApi({ config: { authFailureLimit: { burst: 1000, perSecond: 1000 } } });
  for (const [name, c] of [['east', east], ['west', west]] as const) {
    const { cluster, token } = await t.clusters.register(name);
    c.id = cluster.id;
    c.token = token;
  }
});
afterAll(async () => {
  await t?.close();
});

/** A raw body exactly as given (supertest would JSON-encode a Buffer). */
const postRaw = (cluster: string, token: string, body: Buffer, headers: Record<string, string>) =>
  fetch(`${t.api.url}/api/v1/ingest/${cluster}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, ...headers }, body });

const post = (cluster: string, token?: string) => {
  const req = request(t.api.url).post(`/api/v1/ingest/${cluster}`);
  return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
};

async function journal(clusterId: number) {
  const { rows } = await t.db.pool.query(
    'SELECT seq::int, kind, uid, name, type, resource_version FROM change_event WHERE cluster_id = $1 ORDER BY seq',
    [clusterId],
  );
  return rows;
}

describe('POST /api/v1/ingest/:cluster — writes', () => {
  const first = batch(added(ns('shop', 'u-ns', '10')), added(pod('web-1', 'u-web', '11', { app: 'web' }, 'shop')), added(pod('db-1', 'u-db', '12', { app: 'db' }, 'shop')));

  it('stores objects and journals them, returning the IngestResult, and NOTIFYs the worker', async () => {
    const notified: string[] = [];
    let gotNotice!: () => void;
    const notice = new Promise<void>((resolve) => (gotNotice = resolve));
    const listener = await listen(t.databaseUrl, CHANGES_CHANNEL, (payload) => {
      notified.push(payload);
      gotNotice();
    });
    const res = await post('east', east.token).send(first);
    await notice;
    await listener.close();
    expect(notified).toEqual([String(east.id)]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, journaled: 3, unchanged: 0, pruned: 0, lastSeq: 3 });

    const { rows: objects } = await t.db.pool.query(
      'SELECT kind, uid, namespace, name, resource_version, labels FROM k8s_object WHERE cluster_id = $1 ORDER BY uid',
      [east.id],
    );
    expect(objects).toEqual([
      { kind: 'Pod', uid: 'u-db', namespace: 'shop', name: 'db-1', resource_version: '12', labels: { app: 'db' } },
      { kind: 'Namespace', uid: 'u-ns', namespace: '', name: 'shop', resource_version: '10', labels: {} },
      { kind: 'Pod', uid: 'u-web', namespace: 'shop', name: 'web-1', resource_version: '11', labels: { app: 'web' } },
    ]);
    expect(await journal(east.id)).toEqual([
      { seq: 1, kind: 'Namespace', uid: 'u-ns', name: 'shop', type: 'ADDED', resource_version: '10' },
      { seq: 2, kind: 'Pod', uid: 'u-web', name: 'web-1', type: 'ADDED', resource_version: '11' },
      { seq: 3, kind: 'Pod', uid: 'u-db', name: 'db-1', type: 'ADDED', resource_version: '12' },
    ]);
    const seen = await t.clusters.get(east.id);
    expect(seen?.lastSeenAt).toBeInstanceOf(Date);
  });

  it('absorbs a re-sent batch: 200, nothing new journaled', async () => {
    const res = await post('east', east.token).send(first);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 3, journaled: 0, unchanged: 3, pruned: 0, lastSeq: 3 });
    expect(await counts(t.db, east.id)).toEqual({ objects: 3, events: 3 });
  });

  it('journals a modification after them, and accepts a gzip-compressed body', async () => {
    const body = gzipSync(JSON.stringify(batch(modified(pod('web-1', 'u-web', '13', { app: 'web', tier: 'front' }, 'shop')))));
    const res = await postRaw('east', east.token, body, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, journaled: 1, unchanged: 0, pruned: 0, lastSeq: 4 });
    expect((await journal(east.id)).at(-1)).toMatchObject({ seq: 4, uid: 'u-web', type: 'MODIFIED', resource_version: '13' });
  });

  it('keeps clusters apart: west has its own journal', async () => {
    const res = await post('west', west.token).send(batch(added(ns('shop', 'w-ns', '1'))));
    expect(res.body).toEqual({ received: 1, journaled: 1, unchanged: 0, pruned: 0, lastSeq: 1 });
    expect(await counts(t.db, west.id)).toEqual({ objects: 1, events: 1 });
  });
});

describe('POST /api/v1/ingest/:cluster — refusals write nothing', () => {
  const attempt = batch(added(ns('evil', 'u-evil', '1')));
  let before: { east: unknown; west: unknown; eastSeen: Date | null | undefined };

  beforeAll(async () => {
    before = { east: await counts(t.db, east.id), west: await counts(t.db, west.id), eastSeen: (await t.clusters.get(east.id))?.lastSeenAt };
  });

  const unauthenticated = [
    ['no Authorization header', undefined, 'Missing credentials'],
    ['a Basic header', 'Basic dXNlcjpwYXNz', 'Malformed credentials'],
    ['two tokens', 'Bearer a b', 'Malformed credentials'],
    ['a token that is no agent token', 'Bearer hunter2', 'The token is not valid.'],
  ] as const;
  for (const [what, header, message] of unauthenticated) {
    it(`401 for ${what}`, async () => {
      const req = request(t.api.url).post('/api/v1/ingest/east');
      const res = await (header ? req.set('Authorization', header) : req).send(attempt);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
      expect(res.body.error.message).toContain(message);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="reachwatch-ingest"/);
    });
  }

  it("403 for another cluster's token, with a message that names only the requested cluster", async () => {
    const res = await post('east', west.token).send(attempt);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: 'This token may not ingest for cluster "east".' } });
  });

  it('403 for a well-formed token that belongs to no cluster', async () => {
    const res = await post('east', `rwa_${'A'.repeat(43)}`).send(attempt);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it('answers an unknown cluster exactly like a wrong token (its existence is not revealed)', async () => {
    const unknown = await post('nowhere', east.token).send(attempt);
    const wrong = await post('west', east.token).send(attempt);
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.message.replace('nowhere', 'X')).toBe(wrong.body.error.message.replace('west', 'X'));
  });

  it('authenticates before it reads the body: a bad token with a bad body is 401, not 415 or 400', async () => {
    const res = await post('east', 'hunter2').set('Content-Type', 'text/plain').send('not json');
    expect(res.status).toBe(401);
  });

  it('400 for a body that is not JSON', async () => {
    const res = await post('east', east.token).set('Content-Type', 'application/json').send('{"agentId": "a", "events": [');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(/^Request body is not valid JSON/);
  });

  it('400 with the zod issues for a batch that breaks the contract', async () => {
    const broken = { agentId: 'agent-1', events: [added(ns('ok', 'u-ok', '1')), { type: 'ADDED', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'shop', resourceVersion: '1' } } }, { type: 'EXPLODED' }] };
    const res = await post('east', east.token).send(broken);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toBe('The ingest batch is invalid (2 problems; see details).');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['events/1/object/metadata/uid', 'events/2/type']);
  });

  it('400 for what the contract cannot express (a Pod without namespace), from the repository', async () => {
    const p = pod('x', 'u-x', '1');
    delete p.metadata.namespace;
    const res = await post('east', east.token).send(batch(added(ns('fine', 'u-fine', '1')), added(p)));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain('has no metadata.namespace');
  });

  it('400 for a missing body', async () => {
    const res = await post('east', east.token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('413 for a body over MAX_BATCH_BYTES', async () => {
    const res = await postRaw('east', east.token, Buffer.alloc(MAX_BATCH_BYTES + 1, 0x20), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: unknown }).error).toEqual({ code: 'payload_too_large', message: `Request body is larger than the limit of ${MAX_BATCH_BYTES} bytes.`, details: { limit: MAX_BATCH_BYTES } });
  });

  it('413 for a small compressed body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BATCH_BYTES + 1024, 0x20));
    expect(bomb.length).toBeLessThan(MAX_BATCH_BYTES / 100);
    const res = await postRaw('east', east.token, bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('415 for a body that is not application/json', async () => {
    const res = await post('east', east.token).set('Content-Type', 'text/plain').send(JSON.stringify(attempt));
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({ code: 'unsupported_media_type', message: 'Content-Type must be application/json, got "text/plain".' });
  });

  it('415 for an unknown content encoding or charset', async () => {
    const encoded = await post('east', east.token).set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}');
    expect(encoded.status).toBe(415);
    const charset = await post('east', east.token).set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect(charset.status).toBe(415);
  });

  it('keeps the connection usable after refusing a body (the rest was drained)', async () => {
    const agent = request.agent(t.api.url);
    const refused = await agent.post('/api/v1/ingest/east').set('Authorization', `Bearer ${east.token}`).set('Content-Type', 'text/plain').send('x'.repeat(100_000));
    expect(refused.status).toBe(415);
    const next = await agent.get('/healthz');
    expect(next.status).toBe(200);
  });

  // Runs last in this block (vitest keeps declaration order).
  it('left both clusters exactly as they were after every refusal above, last-seen time included', async () => {
    expect(await counts(t.db, east.id)).toEqual(before.east);
    expect(await counts(t.db, west.id)).toEqual(before.west);
    expect((await t.clusters.get(east.id))?.lastSeenAt).toEqual(before.eastSeen);
  });
});

describe('answers and logs', () => {
  it('answers unknown routes with the JSON error shape and security headers', async () => {
    const res = await request(t.api.url).get('/api/v1/nothing-here?x=1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/v1/nothing-here.' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('logs every request without any token', async () => {
    await post('east', east.token).query({ token: east.token }).send(batch());
    const logged = t.logger.lines.join('\n');
    expect(logged).toContain('"event":"request"');
    expect(logged).toContain('"path":"/api/v1/ingest/east"');
    for (const token of [east.token, west.token, 'hunter2']) expect(logged).not.toContain(token);
  });
});
