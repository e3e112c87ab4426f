import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { added, batch, counts, ns, startTestApi, type TestApi } from './helpers';

/** The API's rate limiters read this clock, so the tests move time instead of waiting for it. */
let clock = 1_000_000;
let t: TestApi;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApi({
    now: () => clock,
    config: { ingestRateLimit: { burst: 2, perSecond: 0.5 }, authFailureLimit: { burst: 3, perSecond: 0.25 } },
  });
  for (const name of ['alpha', 'beta', 'gamma']) {
    const { cluster, token } = await t.clusters.register(name);
    tokens[name] = token;
    ids[name] = cluster.id;
  }
});
afterAll(async () => {
  await t?.close();
});

const ingest = (cluster: string, token: string, uid: string) =>
  request(t.api.url).post(`/api/v1/ingest/${cluster}`).set('Authorization', `Bearer ${token}`).send(batch(added(ns(uid, uid, '1'))));

describe('per-cluster ingest limit', () => {
  it('answers 429 with Retry-After once a cluster has used its burst, and writes nothing', async () => {
    expect((await ingest('alpha', tokens.alpha, 'a1')).status).toBe(200);
    expect((await ingest('alpha', tokens.alpha, 'a2')).status).toBe(200);
    const limited = await ingest('alpha', tokens.alpha, 'a3');
    expect(limited.status).toBe(429);
    // One token refills in 2 s at 0.5/s.
    expect(limited.headers['retry-after']).toBe('2');
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: 'Too many requests; retry in 2 s.', details: { retryAfterSeconds: 2 } } });
    expect(await counts(t.db, ids.alpha)).toEqual({ objects: 2, events: 2 });
  });

  it('limits each cluster on its own', async () => {
    expect((await ingest('beta', tokens.beta, 'b1')).status).toBe(200);
  });

  it('lets the cluster in again once Retry-After has passed', async () => {
    clock += 2000;
    expect((await ingest('alpha', tokens.alpha, 'a3')).status).toBe(200);
    expect(await counts(t.db, ids.alpha)).toEqual({ objects: 3, events: 3 });
  });
});

describe('failed-authentication limit per client address and cluster', () => {
  it('after the burst of failures, refuses even a valid token from that address with 429, before asking the database', async () => {
    for (let i = 0; i < 3; i++) expect((await ingest('gamma', tokens.alpha, `g${i}`)).status).toBe(403);
    const limited = await ingest('gamma', tokens.gamma, 'g-valid');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('4');
    expect(limited.body.error.message).toBe('Too many failed authentication attempts; retry in 4 s.');
    expect(await counts(t.db, ids.gamma)).toEqual({ objects: 0, events: 0 });
  });

  it("does not lock out other clusters' agents on the same address (npm start runs them all on 127.0.0.1)", async () => {
    expect((await ingest('beta', tokens.beta, 'b2')).status).toBe(200);
  });

  it('recovers as the bucket refills', async () => {
    clock += 4000;
    expect((await ingest('gamma', tokens.gamma, 'g-valid')).status).toBe(200);
  });
});
