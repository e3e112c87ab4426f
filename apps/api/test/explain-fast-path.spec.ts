import type { IngestObject } from '@reachwatch/contracts';
import { ClusterLookupRepository, IngestRepository } from '@reachwatch/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/common/api-error';
import { ClusterSnapshot } from '../src/reachability/cluster-snapshot';
import { EndpointQuery, resolveWorkload } from '../src/reachability/endpoints';
import { bearer, login, seedUser, startAccountsApi, type AccountsApi } from './accounts';
import { added, ns, pod } from './helpers';

/**
 * What explain's per-request path must keep while it got faster: the cluster row read on the pool gives
 * exactly what the Prisma read gave, access changes apply on the next request, the answer is at the
 * journal head, and workloads are found by name as they were found by scanning.
 */

const SEED_ACTOR = { userId: null, email: null, ip: null };

let t: AccountsApi;
let ingest: IngestRepository;
const tokens: Record<string, string> = {};
const ids: Record<string, number> = {};
let analystId: number;

beforeAll(async () => {
  t = await startAccountsApi();
  ingest = new IngestRepository(t.db.pool);
  for (const name of ['east', 'west']) ids[name] = (await t.clusters.register(name)).cluster.id;
  await ingest.applyBatch(ids.east, { agentId: 'test-agent', events: [added(ns('default', 'ns-1', '1')), added(pod('a', 'pod-a', '2', { app: 'a' })), added(pod('b', 'pod-b', '3', { app: 'b' }))] });
  await seedUser(t, 'admin@example.com', 'admin');
  analystId = (await seedUser(t, 'analyst@example.com', 'analyst', ['east'])).id;
  for (const who of ['admin', 'analyst']) tokens[who] = (await login(t, `${who}@example.com`)).token;
});
afterAll(async () => {
  await t?.close();
});

const explain = (who: string, cluster: string, query = 'from=default/a&to=default/b&port=TCP/8080') =>
  request(t.api.url).get(`/api/v1/clusters/${cluster}/explain?${query}`).set(bearer(tokens[who]));

describe('ClusterLookupRepository', () => {
  it('reads the same Cluster as ClusterRepository.getByName, as of now', async () => {
    const lookup = new ClusterLookupRepository(t.db.pool);
    for (const name of ['east', 'west']) expect(await lookup.byName(name)).toEqual(await t.clusters.getByName(name));
    await ingest.applyBatch(ids.west, { agentId: 'test-agent', events: [added(ns('web', 'ns-w', '1'))] });
    const west = await lookup.byName('west');
    expect(west).toEqual(await t.clusters.getByName('west'));
    expect(west!.nextSeq).toBeGreaterThan(1);
    expect(await lookup.byName('mars')).toBeUndefined();
    expect(await lookup.byName("east' OR '1'='1")).toBeUndefined();
  });
});

describe('explain keeps access exact and the journal head', () => {
  it('answers at the journal head: a new event is in the next answer', async () => {
    const first = await explain('analyst', 'east');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.seq).toBe((await t.clusters.getByName('east'))!.nextSeq - 1);
    await ingest.applyBatch(ids.east, { agentId: 'test-agent', events: [added(pod('c', 'pod-c', '4', { app: 'c' }))] });
    const next = await explain('analyst', 'east');
    expect(next.body.seq).toBe(first.body.seq + 1);
  });

  it('a revoked grant is 404 on the very next request, like a cluster that does not exist', async () => {
    expect((await explain('analyst', 'east')).status).toBe(200);
    await t.users.setGrants(analystId, [], SEED_ACTOR);
    const hidden = await explain('analyst', 'east');
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: { code: 'not_found', message: 'No cluster named "east".' } });
    expect((await explain('analyst', 'mars')).body).toEqual({ error: { code: 'not_found', message: 'No cluster named "mars".' } });
    await t.users.setGrants(analystId, ['east'], SEED_ACTOR);
    expect((await explain('analyst', 'east')).status).toBe(200);
    expect((await explain('analyst', 'west')).status).toBe(404);
  });

  it('a deleted cluster is 404 on the very next request, although its engine is still cached', async () => {
    const cluster = 'gone';
    const id = (await t.clusters.register(cluster)).cluster.id;
    await ingest.applyBatch(id, { agentId: 'test-agent', events: [added(ns('default', 'g-ns', '1')), added(pod('a', 'g-a', '2')), added(pod('b', 'g-b', '3'))] });
    expect((await explain('admin', cluster)).status).toBe(200);
    await t.clusters.delete(id);
    const after = await explain('admin', cluster);
    expect(after.status).toBe(404);
    expect(after.body).toEqual({ error: { code: 'not_found', message: 'No cluster named "gone".' } });
  });
});

describe('resolveWorkload', () => {
  const owned = (name: string, uid: string, kind: string, owner: string): IngestObject => {
    const p = pod(name, uid, '1', { app: owner });
    return { ...p, metadata: { ...p.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner, uid: `${uid}-owner`, controller: true }] } };
  };
  const objects = [ns('default', 'ns-1', '1'), owned('web-0', 'p1', 'StatefulSet', 'web'), owned('web-x', 'p2', 'DaemonSet', 'web'), owned('api-1', 'p3', 'StatefulSet', 'api')];
  const snap = new ClusterSnapshot('generic', { seq: 4, head: 4, objects: objects.map((o) => ({ kind: o.kind, uid: o.metadata.uid, object: o })) });
  const resolve = (text: string) => {
    const spec = EndpointQuery.parse(text);
    if (spec.type !== 'workload') throw new Error(`${text} is not a workload`);
    return resolveWorkload('from', spec, snap);
  };
  const refusal = (text: string) => {
    try {
      resolve(text);
    } catch (err) {
      return (err as ApiError).message;
    }
    throw new Error(`${text} resolved`);
  };

  it('finds a workload by namespace and name, the kind (any case) choosing between workloads of one name', () => {
    expect(resolve('default/api').key).toBe('default/api[StatefulSet]');
    expect(resolve('default/web[statefulset]').key).toBe('default/web[StatefulSet]');
    expect(resolve('default/web[DaemonSet]').pods.map((p) => p.name)).toEqual(['web-x']);
    expect(snap.workloadsNamed('default', 'web').map((w) => w.key)).toEqual(snap.workloads().filter((w) => w.name === 'web').map((w) => w.key));
  });

  it('several of one name, none, or the wrong kind: the same 400 messages as before', () => {
    expect(refusal('default/web')).toBe('default/web names several workloads (default/web[DaemonSet], default/web[StatefulSet]); add the kind, e.g. default/web[DaemonSet].');
    expect(refusal('default/ap')).toBe('No workload default/ap in this cluster; did you mean default/api?');
    expect(refusal('default/api[Deployment]')).toBe('No workload default/api[Deployment] in this cluster; did you mean default/api?');
  });
});
