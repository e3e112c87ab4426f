import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_CHANNEL, ClusterRepository, connectDb, Db, IngestRepository, listen } from '../src';
import { createTestDatabase, TestDatabase } from '../src/testing';
import { added, batch, pod } from './helpers';

let tdb: TestDatabase;
let db: Db;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await db.close();
  await tdb.drop();
});

function waitFor<T>(get: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const tick = () => {
      const v = get();
      if (v !== undefined) resolve(v);
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('listen', () => {
  it('receives the cluster id NOTIFYd by ingest after commit, and nothing for an unchanged batch', async () => {
    const { cluster } = await new ClusterRepository(db.prisma).register('notify');
    const payloads: string[] = [];
    const listener = await listen(tdb.url, CHANGES_CHANNEL, (p) => payloads.push(p));
    const ingest = new IngestRepository(db.pool);
    await ingest.applyBatch(cluster.id, batch(added(pod('a', 'p1', '1'))));
    await ingest.applyBatch(cluster.id, batch(added(pod('a', 'p1', '1')))); // re-sent: no notify
    await db.pool.query("SELECT pg_notify($1, 'end')", [CHANGES_CHANNEL]);
    await waitFor(() => (payloads.includes('end') ? true : undefined));
    expect(payloads).toEqual([String(cluster.id), 'end']);
    await listener.close();
  });

  it('reconnects after its connection is killed and keeps delivering', async () => {
    const payloads: string[] = [];
    let reconnects = 0;
    const listener = await listen(tdb.url, 'rw_test_channel', (p) => payloads.push(p), { onReconnect: () => reconnects++ });
    await db.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %rw_test_channel%' AND pid <> pg_backend_pid()`);
    await waitFor(() => (reconnects > 0 ? true : undefined));
    await db.pool.query("SELECT pg_notify('rw_test_channel', 'after')");
    await waitFor(() => (payloads.includes('after') ? true : undefined));
    expect(reconnects).toBe(1);
    await listener.close();
  });
});
