import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db, JournalEvent, WorkerStateRepository } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { diffAnalyses, endpointKey, Connection } from '@reachwatch/policy-engine';
import { ClusterCore } from '../src/cluster-core';
import { startWorker, WorkerHandle } from '../src/worker';
import { Churn } from './churn';
import { caughtUp, connectDb, expectConsistent, parseConnection, registerCluster, TestCluster, waitFor } from './helpers';

let tdb: TestDatabase;
let db: Db;
const children: ChildProcess[] = [];
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
async function stopAll(): Promise<void> {
  for (const w of workers.splice(0)) await w.stop();
}

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await stopAll();
  await db?.close();
  await tdb?.drop();
});

const BIN = path.resolve(__dirname, '../bin/reachwatch-worker.js');

/** A worker in its own process, so that it can really be killed (SIGKILL: no cleanup at all). */
function spawnWorker(id: string): ChildProcess {
  const child = spawn(process.execPath, [BIN], {
    env: { ...process.env, DATABASE_URL: tdb.url, WORKER_ID: id, WORKER_LEASE_SECONDS: '2', WORKER_POLL_MS: '100' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return child;
}

async function leaseHolders(): Promise<Record<string, string>> {
  const r = await db.pool.query<{ cluster_id: string; worker_id: string }>(`SELECT cluster_id, worker_id FROM worker_lease WHERE expires_at > now()`);
  return Object.fromEntries(r.rows.map((x) => [String(x.cluster_id), x.worker_id]));
}

/**
 * Replays the whole journal on a fresh in-memory core and checks the stored per-event rows against it:
 * the same events have reachability changes (equal per address interval), the same events are audited.
 * Events up to `baselineSeq` were covered by the cluster's first computation (a baseline): they must
 * have no per-event rows at all.
 */
async function expectJournalEffectsExact(clusterId: number, baselineSeq: number): Promise<void> {
  const events: JournalEvent[] = [];
  const repo = new WorkerStateRepository(db.pool);
  for (let after = 0; ; ) {
    const batch = await repo.readEvents(String(clusterId), after, 1000);
    if (!batch.length) break;
    events.push(...batch);
    after = batch[batch.length - 1].seq;
  }
  const cni = (await db.pool.query(`SELECT cni FROM cluster WHERE id = $1`, [clusterId])).rows[0].cni;
  const core = new ClusterCore(cni, []);
  const expected = new Map<number, { added: unknown[]; removed: unknown[] }>();
  const audited: number[] = [];
  for (const e of events) {
    const fx = core.apply(e);
    if (e.seq <= baselineSeq) continue;
    if (fx.audit) audited.push(e.seq);
    if (fx.change) expected.set(e.seq, fx.change);
  }
  const stored = await db.pool.query(`SELECT seq, added, removed FROM reachability_change WHERE cluster_id = $1 ORDER BY seq`, [clusterId]);
  expect(stored.rows.map((r) => Number(r.seq))).toEqual([...expected.keys()]);
  // Equal per address interval: a worker that restarted cuts external ranges more coarsely.
  const text = (cs: Connection[]) => cs.map((x) => `${endpointKey(x.src)} -> ${endpointKey(x.dst)} ${x.ports}`).join('\n');
  for (const r of stored.rows) {
    const want = expected.get(Number(r.seq))!;
    for (const side of ['added', 'removed'] as const) {
      const d = diffAnalyses((want[side] as Parameters<typeof parseConnection>[0][]).map(parseConnection), (r[side] as Parameters<typeof parseConnection>[0][]).map(parseConnection));
      expect(text([...d.added, ...d.removed]), `seq ${r.seq} ${side}`).toBe('');
    }
  }
  const audits = await db.pool.query(`SELECT seq FROM policy_audit WHERE cluster_id = $1 ORDER BY seq`, [clusterId]);
  expect(audits.rows.map((r) => Number(r.seq))).toEqual(audited);
}

const cursorOf = async (clusterId: number) =>
  Number((await db.pool.query(`SELECT last_seq FROM worker_cursor WHERE cluster_id = $1`, [clusterId])).rows[0]?.last_seq ?? 0);

describe('faults', () => {
  it('a worker killed mid-stream: the next one takes over after the lease and resumes exactly', async () => {
    const c = await registerCluster(db, 'crash');
    const churn = new Churn(42);
    await c.ingest(...churn.initial());
    const victim = spawnWorker('victim');
    // Its first computation is the baseline of the initial objects; the churn after it is per event.
    const baseline = await caughtUp(db.pool, c.id);
    // Keep the journal growing while the victim works, and kill it once it has committed something.
    let killedAt = -1;
    for (let i = 0; i < 60; i++) {
      await c.ingest(...Array.from({ length: 5 }, () => churn.next()));
      const cursor = await cursorOf(c.id);
      if (killedAt < 0 && cursor > baseline + 10) {
        expect((await leaseHolders())[String(c.id)]).toBe('victim');
        victim.kill('SIGKILL');
        killedAt = cursor;
      }
      if (killedAt < 0 && i === 59) i -= 10; // the victim is still starting: keep going
    }
    expect(killedAt).toBeGreaterThan(0);

    const successor = await startWorker({ databaseUrl: tdb.url, workerId: 'successor', leaseSeconds: 2, pollMs: 100, log: () => undefined });
    workers.push(successor);
    await caughtUp(db.pool, c.id);
    expect((await leaseHolders())[String(c.id)]).toBe('successor');
    await expectConsistent(db.pool, c.id);
    await expectJournalEffectsExact(c.id, baseline);
    await stopAll();
  });

  it('a commit that fails inside its transaction writes nothing; the worker rebuilds and retries', async () => {
    const c = await registerCluster(db, 'flaky');
    const churn = new Churn(7);
    // The first two audit inserts of this cluster fail (a real Postgres error inside the step's
    // transaction, after its cursor move and edge writes). Sequences are not transactional, so the
    // count survives the rollbacks.
    await db.pool.query(`CREATE SEQUENCE audit_attempts`);
    await db.pool.query(`
      CREATE FUNCTION fail_audit_twice() RETURNS trigger AS $$
      BEGIN
        IF nextval('audit_attempts') <= 2 THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.pool.query(`CREATE TRIGGER fail_audit BEFORE INSERT ON policy_audit FOR EACH ROW WHEN (NEW.cluster_id = ${c.id}) EXECUTE FUNCTION fail_audit_twice()`);
    const logs: string[] = [];
    const w = await startWorker({ databaseUrl: tdb.url, workerId: 'flaky-worker', leaseSeconds: 5, pollMs: 100, log: (l) => logs.push(l) });
    workers.push(w);
    // The initial objects make the baseline (no audit rows); the 80 changes after it are audited one by one.
    await c.ingest(...churn.initial());
    const baseline = await caughtUp(db.pool, c.id);
    await c.ingest(...Array.from({ length: 80 }, () => churn.next()));
    await caughtUp(db.pool, c.id);
    expect(logs.filter((l) => l.includes('injected failure'))).toHaveLength(2);
    await expectConsistent(db.pool, c.id);
    await expectJournalEffectsExact(c.id, baseline);
    await stopAll();
  });

  it('two workers share the fleet; a killed one loses its clusters to the other within seconds', async () => {
    const clusters: TestCluster[] = [];
    for (const name of ['share-1', 'share-2', 'share-3', 'share-4']) {
      const c = await registerCluster(db, name);
      const churn = new Churn(clusters.length + 100);
      await c.ingest(...churn.initial(), ...Array.from({ length: 20 }, () => churn.next()));
      clusters.push(c);
    }
    const stayer = await startWorker({ databaseUrl: tdb.url, workerId: 'stayer', leaseSeconds: 2, pollMs: 100, log: () => undefined });
    workers.push(stayer);
    const mortal = spawnWorker('mortal');
    // Fair share: each ends up with some of the fleet (the others' clusters count too).
    const ids = clusters.map((c) => String(c.id));
    await waitFor('both workers to hold clusters', async () => {
      const h = await leaseHolders();
      const mine = ids.map((id) => h[id]);
      return mine.includes('mortal') && mine.includes('stayer') && mine.every(Boolean);
    });
    for (const c of clusters) await caughtUp(db.pool, c.id);
    mortal.kill('SIGKILL');
    for (const [i, c] of clusters.entries()) {
      const churn = new Churn(i + 200, `late${i}`);
      await c.ingest(...Array.from({ length: 10 }, () => churn.next()).filter((e) => e.type === 'ADDED'));
    }
    await waitFor('the stayer to hold every cluster', async () => {
      const h = await leaseHolders();
      return ids.every((id) => h[id] === 'stayer');
    }, 15_000);
    for (const c of clusters) {
      await caughtUp(db.pool, c.id);
      await expectConsistent(db.pool, c.id);
    }
    expect(stayer.status().clusters.filter((s) => ids.includes(s.clusterId)).map((s) => s.state)).toEqual(['running', 'running', 'running', 'running']);
  });
});
