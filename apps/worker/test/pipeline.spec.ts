import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestObject } from '@reachwatch/contracts';
import { Db } from '@reachwatch/db';
import { createTestDatabase, TestDatabase } from '@reachwatch/db/src/testing';
import { startWorker, WorkerHandle } from '../src/worker';
import { added, caughtUp, connectDb, count, deleted, edit, expectConsistent, modified, registerCluster, scenarioObjects, storedPosture } from './helpers';

/**
 * The real path: IngestRepository.applyBatch writes k8s_object + change_event and NOTIFYs; the worker
 * applies the journal. After each step the stored edges and posture equal a full recompute.
 */
let tdb: TestDatabase;
let db: Db;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = connectDb(tdb.url);
});
afterAll(async () => {
  await worker?.stop();
  await db?.close();
  await tdb?.drop();
});

const byKind = (objs: IngestObject[], kind: string, name?: string) => objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe('worker on the demo scenarios', () => {
  it('lol: step by step, edges and posture follow; each policy edit is audited with its impact', async () => {
    const c = await registerCluster(db, 'lol');
    const objs = scenarioObjects('lol');
    worker = await startWorker({ databaseUrl: tdb.url, workerId: 'w-lol', pollMs: 200, leaseSeconds: 5, log: () => undefined });

    // Step 1: no policies. The cluster's first computation: a baseline, without per-event rows.
    await c.ingest(...[...byKind(objs, 'Namespace'), ...byKind(objs, 'Pod'), ...byKind(objs, 'Service')].map(added));
    const baseline = await caughtUp(db.pool, c.id);
    await expectConsistent(db.pool, c.id);
    for (const table of ['reachability_change', 'policy_audit', 'alert']) expect(await count(db.pool, table, c.id), table).toBe(0);
    expect((await storedPosture(db.pool, c.id)).default).toMatchObject({ policies: 0, default_deny_ingress: false, exposed_to_internet: true });

    // Step 2: default deny ingress in `default`.
    const [denyAll] = byKind(objs, 'NetworkPolicy', 'default-deny-ingress');
    await c.ingest(added(denyAll));
    await caughtUp(db.pool, c.id);
    await expectConsistent(db.pool, c.id);
    expect((await storedPosture(db.pool, c.id)).default).toMatchObject({
      pods: 1, ingress_isolated_pods: 1, policies: 1, default_deny_ingress: true, exposed_to_internet: false, reachable_from_other_namespaces: false,
    });

    // Step 3: allow lol-yahoo → lol-default.
    const [allow] = byKind(objs, 'NetworkPolicy', 'allow-lol-yahoo-lol-default');
    await c.ingest(added(allow));
    await caughtUp(db.pool, c.id);
    await expectConsistent(db.pool, c.id);
    const edges = await db.pool.query(`SELECT src_key, dst_key, ports_text FROM edge WHERE cluster_id = $1 AND dst_key = 'default/lol-default[Deployment]' ORDER BY src_key`, [c.id]);
    expect(edges.rows).toEqual([{ src_key: 'yahoo/lol-yahoo[Deployment]', dst_key: 'default/lol-default[Deployment]', ports_text: 'All Connections' }]);

    // Step 4: narrow the allow to TCP 80, then delete the default deny.
    const narrowed = edit(allow, (o) => ((o.spec as { ingress: { ports?: unknown }[] }).ingress[0].ports = [{ protocol: 'TCP', port: 80 }]));
    await c.ingest(modified(narrowed));
    await c.ingest(deleted(edit(denyAll, () => undefined)));
    await caughtUp(db.pool, c.id);
    await expectConsistent(db.pool, c.id);

    const audit = await db.pool.query(`SELECT kind, name, action, manager, added_count, removed_count, diff, exposures FROM policy_audit WHERE cluster_id = $1 ORDER BY seq`, [c.id]);
    expect(audit.rows.map((r) => [r.name, r.action, r.manager])).toEqual([
      ['default-deny-ingress', 'created', 'kubectl-client-side-apply'],
      ['allow-lol-yahoo-lol-default', 'created', 'kubectl-client-side-apply'],
      ['allow-lol-yahoo-lol-default', 'updated', 'kubectl-edit'],
      ['default-deny-ingress', 'deleted', 'kubectl'],
    ]);
    // Impact: the default deny cut lol-default off from yahoo's two workloads and the internet.
    const [deny, allowRow, update, removal] = audit.rows;
    expect(deny.added_count).toBe(0);
    expect(deny.removed_count).toBeGreaterThanOrEqual(3);
    expect(allowRow).toMatchObject({ added_count: 1, removed_count: 0 });
    expect(allowRow.exposures).toEqual([expect.objectContaining({ reason: 'other-namespace', portsText: 'All Connections' })]);
    // Narrowing to TCP 80 removes every other port from the one allowed pair.
    expect(update).toMatchObject({ added_count: 0, removed_count: 1 });
    expect(update.diff).toMatch(/^\+ +ports:$/m);
    expect(update.diff).toMatch(/^\+ +- port: 80$/m);
    expect(update.diff).toContain('--- NetworkPolicy default/allow-lol-yahoo-lol-default (before)');
    // Deleting the default deny: allow-lol-yahoo still isolates lol-default, so nothing changes.
    expect(removal).toMatchObject({ added_count: 0, removed_count: 0 });
    expect(removal.diff).toContain('- kind: NetworkPolicy');

    // Every event with an effect has exactly one reachability_change row; none before the baseline's head.
    const changes = await db.pool.query(`SELECT seq, added_count, removed_count FROM reachability_change WHERE cluster_id = $1 ORDER BY seq`, [c.id]);
    expect(changes.rows.length).toBeGreaterThan(0);
    expect(changes.rows.every((r) => r.added_count + r.removed_count > 0 && Number(r.seq) > baseline)).toBe(true);

    // Alerts: the exposures present at the baseline open none (it has no per-event effects); the allow
    // of step 3 newly exposes lol-default to another namespace.
    const alerts = await db.pool.query(`SELECT rule, subject_key, state FROM alert WHERE cluster_id = $1 ORDER BY id`, [c.id]);
    const lol = alerts.rows.filter((a) => a.subject_key === 'default/lol-default[Deployment]');
    expect(lol.map((a) => [a.rule, a.state])).toEqual([['exposed-to-other-namespace', 'open']]);
    await worker.stop();
    worker = undefined;
  });

  it('tiers, no-ingress and isolated: posture answers of the scenarios', async () => {
    const tiers = await registerCluster(db, 'tiers');
    const iso = await registerCluster(db, 'isolated-calico', 'calico');
    const isoGeneric = await registerCluster(db, 'isolated-generic');
    const noIngress = await registerCluster(db, 'no-ingress');
    await tiers.ingest(...scenarioObjects('tiers').map(added));
    const isolated = scenarioObjects('isolated');
    await iso.ingest(...isolated.map(added));
    await isoGeneric.ingest(...isolated.map(added));
    await noIngress.ingest(...scenarioObjects('no-ingress').map(added));
    worker = await startWorker({ databaseUrl: tdb.url, workerId: 'w-scenarios', pollMs: 200, leaseSeconds: 5, log: () => undefined });
    for (const c of [tiers, iso, isoGeneric, noIngress]) {
      await caughtUp(db.pool, c.id);
      await expectConsistent(db.pool, c.id);
    }
    const t = await storedPosture(db.pool, tiers.id);
    // Zero trust in both tiers (egress keeps DNS only: still a default deny); only front/web faces the internet.
    expect(t.front).toMatchObject({ pods: 1, ingress_isolated_pods: 1, egress_isolated_pods: 1, policies: 2, default_deny_ingress: true, default_deny_egress: true, exposed_to_internet: true, reachable_from_other_namespaces: false });
    expect(t.back).toMatchObject({ pods: 2, ingress_isolated_pods: 2, egress_isolated_pods: 2, policies: 3, default_deny_ingress: true, default_deny_egress: true, exposed_to_internet: false, reachable_from_other_namespaces: true });
    expect(t.front.details.internetExposedWorkloads).toEqual(['front/web[Deployment]']);
    expect(t.back.score).toBeGreaterThan(t.front.score);

    const n = (await storedPosture(db.pool, noIngress.id))['no-ingress-allowed'];
    expect(n).toMatchObject({ pods: 2, ingress_isolated_pods: 2, egress_isolated_pods: 0, default_deny_ingress: true, default_deny_egress: false, exposed_to_internet: false });

    // isolated: open to 0.0.0.0/0 on ingress. Under calico that admits other/client's pod IP; under
    // generic pod traffic only matches selectors.
    const calico = (await storedPosture(db.pool, iso.id)).isolated;
    const generic = (await storedPosture(db.pool, isoGeneric.id)).isolated;
    expect(calico).toMatchObject({ exposed_to_internet: true, reachable_from_other_namespaces: true });
    expect(generic).toMatchObject({ exposed_to_internet: true, reachable_from_other_namespaces: false });
    // The worker started after these syncs: each cluster's first computation is a baseline, not audited.
    expect(await count(db.pool, 'policy_audit', tiers.id)).toBe(0);
    await worker.stop();
    worker = undefined;
  });
});
