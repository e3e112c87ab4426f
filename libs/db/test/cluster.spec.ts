import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterRepository, connectDb, Db, IngestRepository } from '../src';
import { createTestDatabase, TestDatabase } from '../src/testing';
import { added, batch, pod } from './helpers';

let tdb: TestDatabase;
let db: Db;
let repo: ClusterRepository;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
  repo = new ClusterRepository(db.prisma);
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

describe('ClusterRepository', () => {
  it('registers a cluster with a one-time token and stores only its SHA-256', async () => {
    const { cluster, token } = await repo.register('east', 'calico');
    expect(token).toMatch(/^rwa_[A-Za-z0-9_-]{43}$/);
    expect(cluster).toMatchObject({ name: 'east', cni: 'calico', syncState: 'pending', nextSeq: 1, lastSeenAt: null });
    expect(cluster).not.toHaveProperty('agentTokenHash');
    const { rows } = await db.pool.query('SELECT agent_token_hash FROM cluster WHERE id = $1', [cluster.id]);
    expect(rows[0].agent_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('refuses duplicate names, bad names and unknown CNI profiles', async () => {
    await repo.register('dup');
    await expect(repo.register('dup')).rejects.toMatchObject({ code: 'CLUSTER_EXISTS' });
    await expect(repo.register('Bad_Name')).rejects.toMatchObject({ code: 'INVALID_CLUSTER' });
    await expect(repo.register('-x')).rejects.toMatchObject({ code: 'INVALID_CLUSTER' });
    await expect(repo.register('ok', 'weave')).rejects.toMatchObject({ code: 'INVALID_CLUSTER', message: expect.stringContaining('generic, calico') });
  });

  it('authenticates, telling an unknown cluster from a wrong token', async () => {
    const { cluster, token } = await repo.register('auth');
    const other = await repo.register('auth-other');
    expect(await repo.authenticate('auth', token)).toEqual({ ok: true, cluster });
    expect(await repo.authenticate('nope', token)).toEqual({ ok: false, reason: 'unknown-cluster' });
    expect(await repo.authenticate('auth', other.token)).toEqual({ ok: false, reason: 'wrong-token' });
    expect(await repo.authenticate('auth', '')).toEqual({ ok: false, reason: 'wrong-token' });
  });

  it('rotates the token: the old one stops working', async () => {
    const { cluster, token } = await repo.register('rot');
    const fresh = await repo.rotateToken(cluster.id);
    expect(fresh).not.toBe(token);
    expect(await repo.authenticate('rot', token)).toEqual({ ok: false, reason: 'wrong-token' });
    expect(await repo.authenticate('rot', fresh)).toMatchObject({ ok: true });
    await expect(repo.rotateToken(999999)).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
  });

  it('marks a cluster seen, lists by name, gets and deletes with everything it owns', async () => {
    const { cluster } = await repo.register('zz-last');
    await repo.markSeen(cluster.id);
    expect((await repo.get(cluster.id))?.lastSeenAt).toBeInstanceOf(Date);
    expect(await repo.getByName('zz-last')).toMatchObject({ id: cluster.id });
    const names = (await repo.list()).map((c) => c.name);
    expect(names).toEqual([...names].sort());
    await new IngestRepository(db.pool).applyBatch(cluster.id, batch(added(pod('a', 'p1', '1'))));
    await repo.delete(cluster.id);
    expect(await repo.get(cluster.id)).toBeUndefined();
    const { rows } = await db.pool.query('SELECT (SELECT count(*) FROM k8s_object WHERE cluster_id = $1)::int + (SELECT count(*) FROM change_event WHERE cluster_id = $1)::int AS n', [cluster.id]);
    expect(rows[0].n).toBe(0);
    await expect(repo.delete(cluster.id)).rejects.toMatchObject({ code: 'CLUSTER_NOT_FOUND' });
  });
});
